/* libFuzzer target: OPC UA Binary NodeId and ExpandedNodeId (the first input byte picks
 * which; the rest is decoded) -> views -> encode -> decode -> encode (see fuzz_ua_common.h).
 * Seeds: fuzz/corpus/ua_nodeid/. */
#include "fuzz_ua_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    ua_fuzz_one((data[0] & 1) ? LIION_UA_TYPE_EXPANDEDNODEID : LIION_UA_TYPE_NODEID, data + 1,
                size - 1);
    return 0;
}
