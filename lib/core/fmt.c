/* Decimal text of doubles shared by every text writer (export JSON and Markdown, the limit
 * text form). */
#include "core/core.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

size_t liion__fmt_double(char *out, size_t cap, double d)
{
    int len = 0;
    if (d == floor(d) && fabs(d) < 9007199254740992.0 && !(d == 0 && signbit(d))) {
        len = snprintf(out, cap, "%.0f", d); /* integral: plain digits, no exponent */
        return (size_t)len;
    }
    for (int prec = 1; prec <= 17; prec++) {
        len = snprintf(out, cap, "%.*g", prec, d);
        if (strtod(out, NULL) == d) /* printf and strtod share the locale: a fair check */
            break;
    }
    for (int i = 0; i < len; i++)
        if (out[i] == ',')
            out[i] = '.';
    return (size_t)len;
}
