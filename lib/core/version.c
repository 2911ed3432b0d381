/* Run-time version query: the version of the library actually loaded. */
#include "core/core.h"

LIION_API unsigned liion_version_number(void)
{
    return LIION_VERSION_NUMBER;
}

LIION_API const char *liion_version_string(void)
{
    return LIION_VERSION_STRING;
}
