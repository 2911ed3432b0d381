/* libFuzzer target: OPC UA Binary DATAVALUE decode -> views -> encode -> decode -> encode
 * (see fuzz_ua_common.h). Seeds: fuzz/corpus/ua_datavalue/. */
#include "fuzz_ua_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ua_fuzz_one(LIION_UA_TYPE_DATAVALUE, data, size);
    return 0;
}
