#include "testutil.h"

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

size_t liion_test_unhex(uint8_t *out, size_t cap, const char *hex)
{
    size_t n = 0;
    while (*hex) {
        int hi, lo;
        if (*hex == ' ' || *hex == ':' || *hex == '|' || *hex == '\n') {
            hex++;
            continue;
        }
        hi = hexval(hex[0]);
        lo = hi < 0 ? -1 : hexval(hex[1]);
        ck_assert_msg(hi >= 0 && lo >= 0, "bad hex vector at \"%.8s\"", hex);
        ck_assert_msg(n < cap, "hex vector longer than %zu bytes", cap);
        out[n++] = (uint8_t)(hi << 4 | lo);
        hex += 2;
    }
    return n;
}
