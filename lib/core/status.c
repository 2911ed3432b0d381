/* Fixed texts for liion_status values. */
#include "core/core.h"

LIION_API const char *liion_status_str(liion_status status)
{
    switch (status) {
    case LIION_OK: return "no error";
    case LIION_E_INVALID_ARG: return "invalid argument";
    case LIION_E_NOMEM: return "out of memory";
    case LIION_E_BUFFER_TOO_SMALL: return "output buffer too small";
    case LIION_E_UNSUPPORTED: return "not supported";
    case LIION_E_MISUSE: return "library misuse: wrong or freed handle";
    case LIION_E_LIMIT: return "limit exceeded";
    case LIION_E_DECODE: return "malformed input";
    case LIION_E_TRUNCATED: return "input truncated";
    case LIION_E_NOT_FOUND: return "not found";
    case LIION_E_EXISTS: return "already exists";
    case LIION_E_STATE: return "invalid in the current state";
    case LIION_E_IO: return "I/O error";
    case LIION_E_CORRUPT: return "data corrupt";
    case LIION_E_RANGE: return "value out of range";
    case LIION_STATUS__FORCE_INT32: break;
    }
    return "unknown status";
}
