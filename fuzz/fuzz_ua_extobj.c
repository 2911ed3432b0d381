/* libFuzzer target: OPC UA Binary EXTENSIONOBJECT decode -> views -> encode -> decode -> encode
 * (see fuzz_ua_common.h). Seeds: fuzz/corpus/ua_extobj/. */
#include "fuzz_ua_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ua_fuzz_one(LIION_UA_TYPE_EXTENSIONOBJECT, data, size);
    return 0;
}
