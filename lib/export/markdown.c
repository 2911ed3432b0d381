/*
 * Markdown renderings for people. Each document type has its own auditor's layout (the audit
 * dossier: title, content hash and how to verify it, verdict, violations first, genealogy,
 * roll positions, spec results condensed per parameter, formation and test records; then the
 * UN 38.3 summary, the formation record, the IEC 62660 record and the passport attributes):
 * readable field names in a fixed order, times as ISO 8601 UTC, units with their common symbol
 * next to the UN/ECE Rec 20 code. Any other document (or one whose type is unknown) is dumped
 * generically. The writers read the sealed tree only and are deterministic:
 * liion_export_doc_encode() runs them twice (size, then bytes). The only allocation is the
 * dossier's scratch index for condensing spec results (from the document's context). They accept any tree an import
 * can produce: a member of the wrong type is shown as missing, never trusted.
 */
#include "export/xdoc.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- generic writer (any document; the fallback for unknown document types) ------------- */

static void md_s(liion__wr *w, const char *s) { liion__wr_bytes(w, s, strlen(s)); }

/* Text with Markdown table/inline specials escaped and line breaks as spaces. */
static void md_text(liion__wr *w, const uint8_t *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint8_t c = s[i];
        if (c == '|' || c == '*' || c == '_' || c == '`' || c == '\\' || c == '<' || c == '[' ||
            c == ']' || c == '#')
            liion__wr_u8(w, '\\');
        liion__wr_u8(w, c < 0x20 ? (uint8_t)' ' : c);
    }
}

/* Integer text; neg means the value is -1 - u (CBOR major type 1). */
static void md_u64(liion__wr *w, bool neg, uint64_t u)
{
    char b[24];
    int n;
    if (neg)
        n = u == UINT64_MAX ? snprintf(b, sizeof b, "-18446744073709551616")
                            : snprintf(b, sizeof b, "-%llu", (unsigned long long)u + 1);
    else
        n = snprintf(b, sizeof b, "%llu", (unsigned long long)u);
    liion__wr_bytes(w, b, (size_t)n);
}

static bool md_scalar(const liion__xn *n) { return n->type != XN_ARRAY && n->type != XN_MAP; }

static void md_value(liion__wr *w, const liion__xn *n)
{
    char b[48];
    switch ((liion__xt)n->type) {
    case XN_NULL: md_s(w, "(none)"); break;
    case XN_FALSE: md_s(w, "no"); break;
    case XN_TRUE: md_s(w, "yes"); break;
    case XN_UINT:
    case XN_NINT: md_u64(w, n->type == XN_NINT, n->v.u); break;
    case XN_FLOAT:
        /* for reading: ten significant digits (421.6, not 421.59999999999997); the CBOR and
         * JSON keep the exact value */
        if (isfinite(n->v.d)) {
            int k = snprintf(b, sizeof b, "%.10g", n->v.d);
            liion__wr_bytes(w, b, k > 0 ? (size_t)k : 0);
        } else {
            liion__wr_bytes(w, b, liion__fmt_double(b, sizeof b, n->v.d));
        }
        break;
    case XN_TEXT: md_text(w, n->v.s, n->len); break;
    case XN_BYTES:
        snprintf(b, sizeof b, "(%zu bytes of binary data)", n->len);
        md_s(w, b);
        break;
    case XN_ARRAY:
    case XN_MAP:
        snprintf(b, sizeof b, "(%zu entries)", n->len);
        md_s(w, b);
        break;
    }
}

/* Heading "### key N: label" ("### genealogy 2: CAL-5/L2"); label may be NULL. */
static void md_heading_label(liion__wr *w, unsigned level, const char *key, size_t keylen,
                             size_t idx, const liion__xn *label)
{
    char b[24];
    liion__wr_u8(w, '\n');
    for (unsigned i = 0; i < (level > 6 ? 6u : level); i++)
        liion__wr_u8(w, '#');
    liion__wr_u8(w, ' ');
    for (size_t i = 0; i < keylen; i++)
        liion__wr_u8(w, key[i] == '_' ? (uint8_t)' ' : (uint8_t)key[i]);
    if (idx != SIZE_MAX) {
        int n = snprintf(b, sizeof b, " %zu", idx + 1);
        liion__wr_bytes(w, b, (size_t)n);
    }
    if (label) {
        md_s(w, ": ");
        md_text(w, label->v.s, label->len);
    }
    liion__wr_bytes(w, "\n\n", 2);
}

static void md_heading(liion__wr *w, unsigned level, const char *key, size_t keylen, size_t idx)
{
    md_heading_label(w, level, key, keylen, idx, NULL);
}

static bool md_flat_map(const liion__xn *n)
{
    if (n->type != XN_MAP)
        return false;
    for (size_t i = 0; i < n->len; i++)
        if (!md_scalar(n->v.kids[i]))
            return false;
    return true;
}

static void md_node(liion__wr *w, const liion__xn *n, unsigned level);

#define MD_MAX_COLS 32

static void md_table(liion__wr *w, const liion__xn *arr, const liion__xn **cols, size_t nc)
{
    liion__wr_u8(w, '|');
    for (size_t c = 0; c < nc; c++) {
        liion__wr_u8(w, ' ');
        md_text(w, (const uint8_t *)cols[c]->key, cols[c]->keylen);
        md_s(w, " |");
    }
    md_s(w, "\n|");
    for (size_t c = 0; c < nc; c++)
        md_s(w, " --- |");
    liion__wr_u8(w, '\n');
    for (size_t r = 0; r < arr->len; r++) {
        const liion__xn *row = arr->v.kids[r];
        liion__wr_u8(w, '|');
        for (size_t c = 0; c < nc; c++) {
            const liion__xn *v = liion__xn_get(row, cols[c]->key);
            liion__wr_u8(w, ' ');
            if (v)
                md_value(w, v);
            md_s(w, " |");
        }
        liion__wr_u8(w, '\n');
    }
}

/* Columns of a table: the union of the rows' keys in deterministic key order; false when the
 * rows are not all flat maps or there are too many columns. */
static bool md_columns(const liion__xn *a, const liion__xn **cols, size_t *nc)
{
    *nc = 0;
    for (size_t i = 0; i < a->len; i++) {
        const liion__xn *row = a->v.kids[i];
        if (!md_flat_map(row))
            return false;
        for (size_t k = 0; k < row->len; k++) {
            const liion__xn *key = row->v.kids[k];
            size_t pos = 0;
            int c = 1;
            while (pos < *nc &&
                   (c = liion__xkey_cmp(cols[pos]->key, cols[pos]->keylen, key->key,
                                        key->keylen)) < 0)
                pos++;
            if (pos < *nc && c == 0)
                continue;
            if (*nc == MD_MAX_COLS)
                return false;
            memmove(cols + pos + 1, cols + pos, (*nc - pos) * sizeof *cols);
            cols[pos] = key;
            (*nc)++;
        }
    }
    return *nc > 0;
}

static void md_array(liion__wr *w, const liion__xn *a, const liion__xn *owner, unsigned level)
{
    const liion__xn *cols[MD_MAX_COLS];
    size_t nc = 0;
    bool scalars = true;
    for (size_t i = 0; i < a->len; i++)
        if (!md_scalar(a->v.kids[i]))
            scalars = false;
    if (a->len == 0) {
        md_s(w, "(none)\n");
    } else if (scalars) {
        for (size_t i = 0; i < a->len; i++) {
            md_s(w, "- ");
            md_value(w, a->v.kids[i]);
            liion__wr_u8(w, '\n');
        }
    } else if (md_columns(a, cols, &nc)) {
        md_table(w, a, cols, nc);
    } else {
        static const char *LABEL[] = { "lot", "test", "roll", "cell_id", "name", "id", "param" };
        for (size_t i = 0; i < a->len; i++) {
            const liion__xn *el = a->v.kids[i], *lab = NULL;
            for (size_t k = 0; k < sizeof LABEL / sizeof LABEL[0] && !lab; k++) {
                lab = liion__xn_get(el, LABEL[k]);
                if (lab && lab->type != XN_TEXT)
                    lab = NULL;
            }
            md_heading_label(w, level + 1, owner->key, owner->keylen, i, lab);
            md_node(w, el, level + 1);
        }
    }
}

static void md_node(liion__wr *w, const liion__xn *n, unsigned level)
{
    if (n->type == XN_ARRAY) {
        md_array(w, n, n, level);
        return;
    }
    if (n->type != XN_MAP) {
        md_value(w, n);
        liion__wr_u8(w, '\n');
        return;
    }
    for (size_t i = 0; i < n->len; i++) { /* scalars first, as a list */
        const liion__xn *k = n->v.kids[i];
        if (!md_scalar(k))
            continue;
        md_s(w, "- **");
        md_text(w, (const uint8_t *)k->key, k->keylen);
        md_s(w, "**: ");
        md_value(w, k);
        liion__wr_u8(w, '\n');
    }
    for (size_t i = 0; i < n->len; i++) {
        const liion__xn *k = n->v.kids[i];
        if (md_scalar(k))
            continue;
        md_heading(w, level + 1, k->key, k->keylen, SIZE_MAX);
        if (k->type == XN_ARRAY)
            md_array(w, k, k, level + 1);
        else
            md_node(w, k, level + 1);
    }
}

void liion__xw_markdown_generic(liion__wr *w, const liion__xn *root)
{
    const liion__xn *t = liion__xn_get(root, "document");
    const liion__xn *h = liion__xn_get(root, "content_sha256");
    const liion__xn *c = liion__xn_get(root, "content");
    md_s(w, "# ");
    if (t && t->type == XN_TEXT)
        md_text(w, t->v.s, t->len);
    else
        md_s(w, "document");
    md_s(w, "\n\n");
    if (h && h->type == XN_TEXT && c) {
        md_s(w, "Content SHA-256 (of the deterministic CBOR encoding of `content`): `");
        liion__wr_bytes(w, h->v.s, h->len);
        md_s(w, "`\n");
        md_node(w, c, 1);
    } else {
        md_node(w, root, 1);
    }
}

/* ---- helpers of the dedicated layouts ------------------------------------------------------ */

/* Member of a map (NULL when m is not a map or has no such member). */
static const liion__xn *g(const liion__xn *m, const char *key)
{
    return m && m->type == XN_MAP ? liion__xn_get(m, key) : NULL;
}

/* Member reached by a dotted path ("generalProductInformation.batteryMass"). */
static const liion__xn *gpath(const liion__xn *m, const char *path)
{
    char k[64];
    while (m && *path) {
        const char *dot = strchr(path, '.');
        size_t n = dot ? (size_t)(dot - path) : strlen(path);
        if (n >= sizeof k)
            return NULL;
        memcpy(k, path, n);
        k[n] = '\0';
        m = g(m, k);
        path += n + (dot ? 1 : 0);
    }
    return m;
}

static const liion__xn *gtext(const liion__xn *m, const char *key)
{
    const liion__xn *n = g(m, key);
    return n && n->type == XN_TEXT ? n : NULL;
}

static const liion__xn *garr(const liion__xn *m, const char *key)
{
    const liion__xn *n = g(m, key);
    return n && n->type == XN_ARRAY ? n : NULL;
}

/* Element i of an array when it is a map, else NULL. */
static const liion__xn *elmap(const liion__xn *a, size_t i)
{
    const liion__xn *e = a->v.kids[i];
    return e && e->type == XN_MAP ? e : NULL;
}

static bool as_i64(const liion__xn *n, int64_t *v)
{
    if (!n)
        return false;
    if (n->type == XN_UINT && n->v.u <= (uint64_t)INT64_MAX) {
        *v = (int64_t)n->v.u;
        return true;
    }
    if (n->type == XN_NINT && n->v.u <= (uint64_t)INT64_MAX) {
        *v = -1 - (int64_t)n->v.u;
        return true;
    }
    return false;
}

static uint64_t gu64(const liion__xn *m, const char *key)
{
    const liion__xn *n = g(m, key);
    return n && n->type == XN_UINT ? n->v.u : 0;
}

static bool text_eq(const liion__xn *t, const char *s)
{
    size_t n = strlen(s);
    return t && t->type == XN_TEXT && t->len == n && memcmp(t->v.s, s, n) == 0;
}

/* Bytewise order of two text nodes (shorter prefix first). */
static int text_cmp(const liion__xn *a, const liion__xn *b)
{
    size_t n = a->len < b->len ? a->len : b->len;
    int c = n ? memcmp(a->v.s, b->v.s, n) : 0;
    if (c)
        return c;
    return a->len < b->len ? -1 : a->len > b->len ? 1 : 0;
}

static void md_fmt(liion__wr *w, const char *fmt, ...) LIION__PRINTF(2, 3);

static void md_fmt(liion__wr *w, const char *fmt, ...)
{
    char b[160];
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(b, sizeof b, fmt, ap);
    va_end(ap);
    if (n > 0)
        liion__wr_bytes(w, b, (size_t)n < sizeof b ? (size_t)n : sizeof b - 1);
}

#define MD_NONE "-" /* an absent value in a table cell */

/* A scalar for a table cell ("-" when absent; arrays and maps by their size). */
static void md_cell(liion__wr *w, const liion__xn *n)
{
    if (!n)
        md_s(w, MD_NONE);
    else if (n->type == XN_NULL)
        md_s(w, MD_NONE);
    else
        md_value(w, n);
}

/* A number with a fixed count of decimals (derived values such as the K value). */
static void md_fixed(liion__wr *w, const liion__xn *n, int decimals)
{
    if (n && n->type == XN_FLOAT)
        md_fmt(w, "%.*f", decimals, n->v.d);
    else
        md_cell(w, n);
}

/* ISO 8601 UTC of v units of 10^-digits seconds since the Unix epoch, fraction only when
 * nonzero and without trailing zeros ("2026-11-27T14:03:05Z", "...:05.25Z"). */
static void md_iso(liion__wr *w, int64_t v, unsigned digits)
{
    int64_t per = 1, sec, frac, days, sod, z, era, doe, yoe, y, doy, mp, d, m;
    for (unsigned i = 0; i < digits; i++)
        per *= 10;
    sec = v / per;
    frac = v % per;
    if (frac < 0) {
        frac += per;
        sec--;
    }
    days = sec / 86400;
    sod = sec % 86400;
    if (sod < 0) {
        sod += 86400;
        days--;
    }
    /* civil from days (proleptic Gregorian; H. Hinnant's algorithm) */
    z = days + 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = yoe + era * 400;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2)
        y++;
    md_fmt(w, "%04" PRId64 "-%02" PRId64 "-%02" PRId64 "T%02" PRId64 ":%02" PRId64 ":%02" PRId64,
           y, m, d, sod / 3600, sod / 60 % 60, sod % 60);
    if (frac) {
        char b[24];
        unsigned n = digits;
        snprintf(b, sizeof b, "%0*" PRId64, (int)digits, frac);
        while (n > 0 && b[n - 1] == '0')
            n--;
        liion__wr_u8(w, '.');
        liion__wr_bytes(w, b, n);
    }
    liion__wr_u8(w, 'Z');
}

/* A time member: an integer as ISO 8601 UTC (digits: 0 seconds, 3 ms, 9 ns), else as is. */
static void md_time(liion__wr *w, const liion__xn *n, unsigned digits)
{
    int64_t v;
    if (as_i64(n, &v))
        md_iso(w, v, digits);
    else
        md_cell(w, n);
}

static void md_span(liion__wr *w, const liion__xn *a, const liion__xn *b, unsigned digits)
{
    if (!a && !b) {
        md_s(w, MD_NONE);
        return;
    }
    md_time(w, a, digits);
    md_s(w, " to ");
    md_time(w, b, digits);
}

/* Common symbols of the UN/ECE Recommendation 20 codes (and UCUM spellings) met in plants. */
static const char *const UNIT_SYM[][2] = {
    { "23", "g/cm³" }, { "2Z", "mV" },    { "4H", "µm" },    { "59", "ppm" },   { "DD", "°" },
    { "GM2", "g/m²" },    { "4K", "mA" },     { "A", "A" },    { "AMH", "Ah" },
    { "AMP", "A" },    { "BAR", "bar" },  { "C26", "ms" },    { "C62", "count" },
    { "CEL", "°C" },   { "Cel", "°C" },   { "CMT", "cm" },    { "DAY", "d" },  { "E45", "mΩ" },
    { "GM", "g/m²" },  { "GRM", "g" },    { "H87", "piece" }, { "HTZ", "Hz" }, { "HUR", "h" },
    { "KEL", "K" },    { "KGM", "kg" },   { "KPA", "kPa" },   { "KWH", "kWh" }, { "LTR", "l" },
    { "MBR", "mbar" }, { "MGM", "mg" },   { "MIN", "min" },   { "MLT", "ml" }, { "MMT", "mm" },
    { "MTK", "m²" },   { "MTQ", "m³" },   { "MTR", "m" },     { "OHM", "Ω" },  { "P1", "%" },
    { "PAL", "Pa" },   { "SEC", "s" },    { "VLT", "V" },     { "WHR", "Wh" },
};

static const char *unit_symbol(const liion__xn *u)
{
    for (size_t i = 0; i < sizeof UNIT_SYM / sizeof UNIT_SYM[0]; i++)
        if (text_eq(u, UNIT_SYM[i][0]))
            return UNIT_SYM[i][1];
    return NULL;
}

/* A unit: "°C (CEL)" for a known code, the code as is otherwise. */
static void md_unit(liion__wr *w, const liion__xn *u)
{
    const char *sym = unit_symbol(u);
    if (!u || u->type != XN_TEXT || u->len == 0) {
        md_s(w, MD_NONE);
    } else if (sym && !text_eq(u, sym)) {
        md_s(w, sym);
        md_s(w, " (");
        md_text(w, u->v.s, u->len);
        md_s(w, ")");
    } else {
        md_text(w, u->v.s, u->len);
    }
}

/* A value followed by its unit's symbol ("1000 m"). */
static void md_qty(liion__wr *w, const liion__xn *v, const liion__xn *u)
{
    const char *sym = unit_symbol(u);
    md_cell(w, v);
    if (!v || v->type == XN_NULL)
        return;
    if (sym) {
        liion__wr_u8(w, ' ');
        md_s(w, sym);
    } else if (u && u->type == XN_TEXT && u->len) {
        liion__wr_u8(w, ' ');
        md_text(w, u->v.s, u->len);
    }
}

static void md_hdr(liion__wr *w, unsigned level, const char *title)
{
    liion__wr_u8(w, '\n');
    for (unsigned i = 0; i < (level > 6 ? 6u : level); i++)
        liion__wr_u8(w, '#');
    liion__wr_u8(w, ' ');
    md_s(w, title);
    md_s(w, "\n\n");
}

/* Table head from a NULL-terminated list of column titles. */
static void md_thead(liion__wr *w, const char *const *cols)
{
    size_t n = 0;
    liion__wr_u8(w, '|');
    for (; cols[n]; n++) {
        liion__wr_u8(w, ' ');
        md_s(w, cols[n]);
        md_s(w, " |");
    }
    md_s(w, "\n|");
    for (size_t i = 0; i < n; i++)
        md_s(w, " --- |");
    liion__wr_u8(w, '\n');
}

static void md_td(liion__wr *w) { md_s(w, " | "); }      /* between cells */
static void md_tr(liion__wr *w) { md_s(w, "| "); }       /* row start */
static void md_tre(liion__wr *w) { md_s(w, " |\n"); }    /* row end */

/* One "| label | value |" row of a field table. */
static void md_kv_label(liion__wr *w, const char *label)
{
    md_tr(w);
    md_s(w, label);
    md_td(w);
}

/* A field table: each entry names a member by dotted path, its readable label and, when the
 * value is a number, the unit symbol written after it. Absent members are left out. */
typedef struct md_field {
    const char *path;
    const char *label;
    const char *unit; /* NULL: none */
    unsigned kind;    /* 0 value, 1 date/time in s, 2 in ms, 3 in ns */
} md_field;

/* Returns whether any row was written ("(none)" otherwise). */
static bool md_fields(liion__wr *w, const liion__xn *root, const md_field *f, size_t n)
{
    static const char *const COLS[] = { "Field", "Value", NULL };
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        const liion__xn *v = gpath(root, f[i].path);
        if (!v || v->type == XN_ARRAY || v->type == XN_MAP)
            continue;
        if (!any)
            md_thead(w, COLS);
        any = true;
        md_kv_label(w, f[i].label);
        if (f[i].kind)
            md_time(w, v, f[i].kind == 1 ? 0u : f[i].kind == 2 ? 3u : 9u);
        else
            md_cell(w, v);
        if (f[i].unit && (v->type == XN_UINT || v->type == XN_NINT || v->type == XN_FLOAT)) {
            liion__wr_u8(w, ' ');
            md_s(w, f[i].unit);
        }
        md_tre(w);
    }
    if (!any)
        md_s(w, "(none)\n");
    return any;
}

#define NF(a) (sizeof(a) / sizeof((a)[0]))

/* ---- formation record ----------------------------------------------------------------------- */

static const md_field FORM_FIELDS[] = {
    { "cell_id", "Cell", NULL, 0 },
    { "equipment.rack", "Formation rack", NULL, 0 },
    { "equipment.tray", "Tray", NULL, 0 },
    { "equipment.channel", "Channel", NULL, 0 },
    { "recipe.id", "Recipe", NULL, 0 },
    { "recipe.version", "Recipe version", NULL, 0 },
    { "capacity_ah", "Capacity", "Ah", 0 },
    { "grade", "Grade", NULL, 0 },
    { "acir_mohm", "AC internal resistance", "mΩ", 0 },
    { "dcir_mohm", "DC internal resistance", "mΩ", 0 },
    { "final_mass_g", "Final mass", "g", 0 },
    { "ocv.ocv1.time_s", "OCV1 time", NULL, 1 },
    { "ocv.ocv1.volts", "OCV1", "V", 0 },
    { "ocv.ocv2.time_s", "OCV2 time", NULL, 1 },
    { "ocv.ocv2.volts", "OCV2", "V", 0 },
    { "series.samples", "Samples per channel (own series of this cell)", NULL, 0 },
    { "series.source_cells", "Cells the series was measured on", NULL, 0 },
    { "series.codec", "Series codec", NULL, 0 },
};

static void md_formation_body(liion__wr *w, const liion__xn *r, unsigned level)
{
    static const char *const STEP_COLS[] = {
        "Step", "Mode", "Start (UTC)", "End (UTC)", "Set current (A)", "Set voltage (V)",
        "End voltage (V)", "End current (A)", "Charge (Ah)", "Energy (Wh)", "T min (°C)",
        "T max (°C)", "Ambient (°C)", NULL
    };
    static const char *const STEP_KEYS[] = { "set_current_a", "set_voltage_v", "end_voltage_v",
                                             "end_current_a", "ah", "wh", "t_min_c", "t_max_c",
                                             "ambient_c" };
    static const char *const CH[] = { "time", "voltage", "current", "temperature" };
    static const char *const CH_COLS[] = { "Channel", "Unit", "Quantum", "Compressed bytes",
                                           NULL };
    const liion__xn *steps = garr(r, "steps"), *k = gpath(r, "ocv.k_mv_per_day");
    const liion__xn *series = g(r, "series");
    bool any = false;
    if (!md_fields(w, r, FORM_FIELDS, NF(FORM_FIELDS)) && k)
        md_s(w, "\n| Field | Value |\n| --- | --- |\n");
    if (k) {
        md_kv_label(w, "Self-discharge K (OCV1 to OCV2)");
        md_fixed(w, k, 4);
        md_s(w, " mV/day");
        md_tre(w);
    }
    md_hdr(w, level + 1, "Formation steps");
    if (!steps || steps->len == 0) {
        md_s(w, "(none)\n");
    } else {
        md_thead(w, STEP_COLS);
        for (size_t i = 0; i < steps->len; i++) {
            const liion__xn *s = elmap(steps, i);
            md_tr(w);
            md_cell(w, g(s, "step"));
            md_td(w);
            md_cell(w, g(s, "mode"));
            md_td(w);
            md_time(w, g(s, "t_start_ms"), 3);
            md_td(w);
            md_time(w, g(s, "t_end_ms"), 3);
            for (size_t c = 0; c < NF(STEP_KEYS); c++) {
                md_td(w);
                md_cell(w, g(s, STEP_KEYS[c]));
            }
            md_tre(w);
        }
    }
    md_hdr(w, level + 1, "Measured series (stored compressed)");
    for (size_t c = 0; c < NF(CH); c++) {
        const liion__xn *x = g(series, CH[c]), *data = g(x, "data");
        if (!x)
            continue;
        if (!any)
            md_thead(w, CH_COLS);
        any = true;
        md_tr(w);
        md_s(w, CH[c]);
        md_td(w);
        md_unit(w, gtext(x, "unit"));
        md_td(w);
        md_cell(w, g(x, "quantum"));
        md_td(w);
        if (data && data->type == XN_BYTES)
            md_fmt(w, "%zu", data->len);
        else
            md_s(w, MD_NONE);
        md_tre(w);
    }
    if (!any)
        md_s(w, "(none)\n");
}

/* ---- IEC 62660 test record ------------------------------------------------------------------- */

static const md_field IEC_FIELDS[] = {
    { "identity.cell_id", "Cell", NULL, 0 },
    { "identity.cell_model", "Cell model", NULL, 0 },
    { "identity.chemistry", "Chemistry", NULL, 0 },
    { "identity.format", "Format", NULL, 0 },
    { "identity.application", "Application", NULL, 0 },
    { "standard.standard", "Standard", NULL, 0 },
    { "standard.edition", "Edition", NULL, 0 },
    { "standard.clause", "Clause", NULL, 0 },
    { "standard.test_item", "Test item", NULL, 0 },
    { "outcome", "Outcome class", NULL, 0 },
    { "verdict", "Verdict", NULL, 0 },
    { "criterion", "Acceptance criterion", NULL, 0 },
    { "laboratory.lab_name", "Laboratory", NULL, 0 },
    { "laboratory.accreditation", "Accreditation", NULL, 0 },
    { "laboratory.report_id", "Report", NULL, 0 },
    { "laboratory.sample_no", "Sample", NULL, 0 },
    { "laboratory.operator", "Operator", NULL, 0 },
    { "laboratory.equipment_id", "Test equipment", NULL, 0 },
    { "laboratory.test_date_start", "Test start", NULL, 0 },
    { "laboratory.test_date_end", "Test end", NULL, 0 },
    { "rated.rated_capacity_ah", "Rated capacity", "Ah", 0 },
    { "rated.nominal_voltage_v", "Nominal voltage", "V", 0 },
    { "rated.max_voltage_v", "Maximum voltage", "V", 0 },
    { "rated.min_voltage_v", "Minimum voltage", "V", 0 },
    { "rated.max_charge_current_a", "Maximum charge current", "A", 0 },
    { "rated.max_discharge_current_a", "Maximum discharge current", "A", 0 },
    { "rated.operating_temp_min_c", "Operating temperature min", "°C", 0 },
    { "rated.operating_temp_max_c", "Operating temperature max", "°C", 0 },
};

static void md_values(liion__wr *w, const liion__xn *a)
{
    static const char *const COLS[] = { "Name", "Value", "Unit", NULL };
    if (!a || a->len == 0) {
        md_s(w, "(none)\n");
        return;
    }
    md_thead(w, COLS);
    for (size_t i = 0; i < a->len; i++) {
        const liion__xn *x = elmap(a, i);
        md_tr(w);
        md_cell(w, g(x, "name"));
        md_td(w);
        md_cell(w, g(x, "value"));
        md_td(w);
        md_unit(w, gtext(x, "unit"));
        md_tre(w);
    }
}

static void md_iec_body(liion__wr *w, const liion__xn *r, unsigned level)
{
    md_fields(w, r, IEC_FIELDS, NF(IEC_FIELDS));
    md_hdr(w, level + 1, "Test conditions");
    md_values(w, garr(r, "conditions"));
    md_hdr(w, level + 1, "Results");
    md_values(w, garr(r, "results"));
}

/* "IEC 62660-3 test record: overcharge" */
static void md_iec_title(liion__wr *w, const liion__xn *r)
{
    const liion__xn *std = gpath(r, "standard.standard"), *item = gpath(r, "standard.test_item");
    if (std && std->type == XN_TEXT)
        md_text(w, std->v.s, std->len);
    else
        md_s(w, "IEC 62660");
    md_s(w, " test record");
    if (item && item->type == XN_TEXT) {
        md_s(w, ": ");
        md_text(w, item->v.s, item->len);
    }
}

/* ---- audit dossier ----------------------------------------------------------------------------- */

static void md_doc_line(liion__wr *w, const liion__xn *root)
{
    md_s(w, "Document type `");
    {
        const liion__xn *t = gtext(root, "document");
        if (t)
            md_text(w, t->v.s, t->len);
    }
    md_s(w, "`, schema version ");
    md_cell(w, g(root, "schema_version"));
    md_s(w, ". This Markdown is a rendering for reading; the CBOR (or JSON) document is the "
            "record.\n");
}

static bool is_hex(const liion__xn *t)
{
    if (!t || t->type != XN_TEXT || t->len == 0)
        return false;
    for (size_t i = 0; i < t->len; i++) {
        uint8_t c = t->v.s[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')))
            return false;
    }
    return true;
}

/* Outcome class of a spec result: 0 fail, 1 warn, 2 pass, 3 unknown. */
static int outcome_of(const liion__xn *r)
{
    const liion__xn *o = g(r, "outcome");
    return text_eq(o, "fail") ? 0 : text_eq(o, "warn") ? 1 : text_eq(o, "pass") ? 2 : 3;
}

/* "1 failed, 0 warned, 803 passed spec results (804 in all)" and the verdict word. */
static void md_dossier_verdict(liion__wr *w, const liion__xn *sr)
{
    uint64_t cnt[4] = { 0, 0, 0, 0 }, viol = 0;
    for (size_t i = 0; sr && i < sr->len; i++) {
        const liion__xn *r = elmap(sr, i), *v = garr(r, "violations");
        cnt[outcome_of(r)]++;
        if (v)
            viol += v->len;
    }
    md_s(w, "**Verdict: ");
    md_s(w, !sr || sr->len == 0 ? "NO SPEC RESULTS"
            : cnt[0]           ? "FAIL"
            : cnt[1]           ? "WARN"
            : cnt[3]           ? "UNKNOWN (a result without a known outcome)"
                               : "PASS");
    md_fmt(w, "**: %" PRIu64 " failed, %" PRIu64 " warned, %" PRIu64
              " passed spec results (%zu in all), %" PRIu64 " stored violation%s.\n",
           cnt[0], cnt[1], cnt[2], sr ? sr->len : (size_t)0, viol, viol == 1 ? "" : "s");
}

static void md_violations(liion__wr *w, const liion__xn *sr)
{
    static const char *const COLS[] = { "Parameter", "Object", "Where / position", "Value",
                                        "Limit", "Unit", "Severity", "Time (UTC)", NULL };
    bool any = false;
    for (int sev = 0; sev < 2; sev++) {
        for (size_t i = 0; sr && i < sr->len; i++) {
            const liion__xn *r = elmap(sr, i), *va = garr(r, "violations");
            for (size_t k = 0; va && k < va->len; k++) {
                const liion__xn *v = elmap(va, k), *side = g(v, "side"), *idx = g(v, "index");
                const liion__xn *param = g(v, "param");
                if (!text_eq(g(v, "severity"), sev == 0 ? "fail" : "warn"))
                    continue;
                if (!any)
                    md_thead(w, COLS);
                any = true;
                md_tr(w);
                md_cell(w, param && param->type == XN_TEXT && param->len ? param
                                                                         : g(r, "param"));
                md_td(w);
                md_cell(w, g(r, "object"));
                if (gtext(r, "object_kind")) {
                    md_s(w, " (");
                    md_cell(w, g(r, "object_kind"));
                    md_s(w, ")");
                }
                md_td(w);
                md_cell(w, g(v, "where"));
                if (idx && (idx->type == XN_UINT || idx->type == XN_NINT)) {
                    md_s(w, " at position ");
                    md_cell(w, idx);
                }
                md_td(w);
                md_cell(w, g(v, "value"));
                md_td(w);
                if (text_eq(side, "missing")) {
                    md_s(w, "value missing");
                } else {
                    md_cell(w, g(v, "limit"));
                    if (text_eq(side, "high"))
                        md_s(w, " (upper)");
                    else if (text_eq(side, "low"))
                        md_s(w, " (lower)");
                }
                md_td(w);
                md_unit(w, gtext(v, "unit") && gtext(v, "unit")->len ? gtext(v, "unit")
                                                                      : gtext(r, "unit"));
                md_td(w);
                md_s(w, sev == 0 ? "**fail**" : "warn");
                md_td(w);
                md_time(w, g(r, "time"), 9);
                md_tre(w);
            }
        }
    }
    if (!any)
        md_s(w, "No violations.\n");
    for (size_t i = 0; sr && i < sr->len; i++) { /* violations beyond the registry's cap */
        const liion__xn *r = elmap(sr, i);
        uint64_t dropped = gu64(r, "dropped");
        if (!dropped)
            continue;
        md_fmt(w, "\nNot stored: %" PRIu64 " further violation%s of ", dropped,
               dropped == 1 ? "" : "s");
        md_cell(w, g(r, "param"));
        md_s(w, " on ");
        md_cell(w, g(r, "object"));
        md_s(w, " (the registry keeps a bounded number per result; the counts above include "
                "them).\n");
    }
}

static void md_indent(liion__wr *w, const liion__xn *depth)
{
    uint64_t d = depth && depth->type == XN_UINT ? depth->v.u : 0;
    for (uint64_t i = 0; i < d && i < 32; i++)
        md_s(w, "· ");
}

static void md_list(liion__wr *w, const liion__xn *a)
{
    for (size_t i = 0; a && i < a->len; i++) {
        if (i)
            md_s(w, ", ");
        md_cell(w, a->v.kids[i]);
    }
}

static void md_genealogy(liion__wr *w, const liion__xn *gen, unsigned level)
{
    static const char *const COLS[] = { "Depth", "Lot", "Definition (class)", "Made by",
                                        "Start to end (UTC)", "Quantity", "Disposition", NULL };
    static const char *const USE_COLS[] = { "Lot", "Equipment", "From (UTC)", "To (UTC)",
                                            NULL };
    bool any = false;
    if (!gen || gen->len == 0) {
        md_s(w, "(none)\n");
        return;
    }
    md_s(w, "Backward genealogy of the cell: every lot it was made from, indented by depth (the "
            "cell is depth 0); sublots name their parent lot.\n\n");
    md_thead(w, COLS);
    for (size_t i = 0; i < gen->len; i++) {
        const liion__xn *l = elmap(gen, i), *p = g(l, "producer"), *q = g(l, "quantity");
        const liion__xn *eq = garr(p, "equipment"), *ps = garr(p, "persons");
        md_tr(w);
        md_cell(w, g(l, "depth"));
        md_td(w);
        md_indent(w, g(l, "depth"));
        md_cell(w, g(l, "lot"));
        md_td(w);
        md_cell(w, g(l, "definition"));
        if (gtext(l, "material_class")) {
            md_s(w, " (");
            md_cell(w, g(l, "material_class"));
            md_s(w, ")");
        }
        md_td(w);
        if (p) {
            md_cell(w, g(p, "segment"));
            md_s(w, " (");
            md_cell(w, g(p, "step"));
            md_s(w, ")");
            if (eq && eq->len) {
                md_s(w, " on ");
                md_list(w, eq);
            }
            if (ps && ps->len) {
                md_s(w, "; by ");
                md_list(w, ps);
            }
            md_s(w, "; response ");
            md_cell(w, g(p, "response"));
        } else if (g(l, "parent_lot")) {
            md_s(w, "sublot of ");
            md_cell(w, g(l, "parent_lot"));
        } else {
            md_s(w, MD_NONE);
        }
        md_td(w);
        if (p)
            md_span(w, g(p, "start"), g(p, "end"), 9);
        else
            md_s(w, MD_NONE);
        md_td(w);
        if (q)
            md_qty(w, g(q, "value"), gtext(q, "unit"));
        else
            md_s(w, MD_NONE);
        md_td(w);
        md_cell(w, g(l, "disposition"));
        if (gtext(l, "status")) {
            md_s(w, ", ");
            md_cell(w, g(l, "status"));
        }
        md_tre(w);
    }
    md_hdr(w, level + 1, "Equipment use");
    for (size_t i = 0; i < gen->len; i++) {
        const liion__xn *l = elmap(gen, i), *u = garr(l, "equipment_use");
        for (size_t k = 0; u && k < u->len; k++) {
            const liion__xn *x = elmap(u, k);
            if (!any)
                md_thead(w, USE_COLS);
            any = true;
            md_tr(w);
            md_cell(w, g(l, "lot"));
            md_td(w);
            md_cell(w, g(x, "equipment"));
            md_td(w);
            md_time(w, g(x, "t0"), 9);
            md_td(w);
            md_time(w, g(x, "t1"), 9);
            md_tre(w);
        }
    }
    if (!any)
        md_s(w, "(none)\n");
}

static void md_roll_row(liion__wr *w, const liion__xn *x, bool origin)
{
    const liion__xn *lo = g(x, "lane_cd_min_mm"), *hi = g(x, "lane_cd_max_mm");
    md_tr(w);
    if (origin)
        md_cell(w, g(x, "depth"));
    else
        md_s(w, "0");
    md_td(w);
    if (origin)
        md_indent(w, g(x, "depth"));
    md_cell(w, g(x, "roll"));
    md_td(w);
    if (origin)
        md_s(w, MD_NONE);
    else
        md_cell(w, g(x, "into"));
    md_td(w);
    if (origin)
        md_s(w, MD_NONE);
    else
        md_cell(w, g(x, "sheet"));
    md_td(w);
    md_cell(w, g(x, "md_start_m"));
    md_td(w);
    md_cell(w, g(x, "md_end_m"));
    md_td(w);
    if (origin)
        md_cell(w, g(x, "reversed"));
    else
        md_s(w, MD_NONE);
    md_td(w);
    if (lo || hi) {
        md_cell(w, lo);
        md_s(w, " to ");
        md_cell(w, hi);
    } else {
        md_s(w, MD_NONE);
    }
    md_tre(w);
}

static void md_rolls(liion__wr *w, const liion__xn *rp)
{
    static const char *const COLS[] = { "Depth", "Roll", "Into", "Sheet",
                                        "From (m, machine direction)", "To (m)", "Reversed", "Lane, cross direction (mm)",
                                        NULL };
    if (!rp || rp->len == 0) {
        md_s(w, "(none)\n");
        return;
    }
    md_s(w, "Every interval of a roll that went into the cell or into a lot it is made from "
            "(depth 0), traced back to the position on each upstream roll.\n\n");
    md_thead(w, COLS);
    for (size_t i = 0; i < rp->len; i++) {
        const liion__xn *x = elmap(rp, i), *o = garr(x, "origin");
        md_roll_row(w, x, false);
        for (size_t k = 0; o && k < o->len; k++)
            md_roll_row(w, elmap(o, k), true);
    }
}

/* One spec result with a text parameter, for the per-parameter summary. */
typedef struct md_res {
    const liion__xn *param, *obj, *r;
    size_t idx; /* position in the document (ties, first unit) */
} md_res;

/* Total order of scalar nodes (missing first, then by type, then by value). */
static int node_cmp(const liion__xn *a, const liion__xn *b)
{
    if (!a || !b)
        return a ? 1 : b ? -1 : 0;
    if (a->type != b->type)
        return a->type < b->type ? -1 : 1;
    if (a->type == XN_TEXT || a->type == XN_BYTES)
        return text_cmp(a, b);
    if (a->type == XN_UINT || a->type == XN_NINT)
        return a->v.u < b->v.u ? -1 : a->v.u > b->v.u ? 1 : 0;
    return 0;
}

static int md_res_cmp(const void *pa, const void *pb)
{
    const md_res *a = pa, *b = pb;
    int c = text_cmp(a->param, b->param);
    if (!c)
        c = node_cmp(a->obj, b->obj);
    if (!c)
        c = a->idx < b->idx ? -1 : a->idx > b->idx ? 1 : 0;
    return c;
}

/* Spec results condensed to one row per parameter (alphabetical), with whether all of them
 * passed. Sorting a scratch index by (parameter, object) keeps this O(n log n) for any input;
 * the scratch is allocated from ctx (LIION_E_NOMEM when it cannot be). */
static liion_status md_spec_summary(liion__wr *w, const liion__xn *sr, liion_ctx *ctx)
{
    static const char *const COLS[] = { "Parameter", "Unit", "Objects", "Results", "Checks",
                                        "First to last result (UTC)", "All pass", NULL };
    md_res *v = NULL;
    size_t n = 0, bytes = 0;
    for (size_t i = 0; sr && i < sr->len; i++)
        n += gtext(elmap(sr, i), "param") != NULL;
    if (n == 0) {
        md_s(w, "(none)\n");
        return LIION_OK;
    }
    if (!liion__size_mul(n, sizeof *v, &bytes) || !(v = liion__alloc(ctx, bytes)))
        return liion__error(ctx, LIION_E_NOMEM, "out of memory condensing %zu spec results", n);
    n = 0;
    for (size_t i = 0; i < sr->len; i++) {
        const liion__xn *r = elmap(sr, i), *p = gtext(r, "param");
        if (!p)
            continue;
        v[n].param = p;
        v[n].obj = g(r, "object");
        v[n].r = r;
        v[n].idx = i;
        n++;
    }
    qsort(v, n, sizeof *v, md_res_cmp);
    md_thead(w, COLS);
    for (size_t a = 0, b; a < n; a = b) {
        const liion__xn *unit = NULL, *t0 = NULL, *t1 = NULL;
        uint64_t checks = 0, objects = 0, cnt[4] = { 0, 0, 0, 0 };
        int64_t tmin = 0, tmax = 0;
        size_t first = SIZE_MAX;
        for (b = a; b < n && text_cmp(v[b].param, v[a].param) == 0; b++) {
            const liion__xn *r = v[b].r, *c = g(r, "checked"), *u = gtext(r, "unit");
            int64_t t;
            if (b == a || node_cmp(v[b].obj, v[b - 1].obj) != 0)
                objects++;
            if (c && c->type == XN_UINT)
                checks = checks + c->v.u < checks ? UINT64_MAX : checks + c->v.u;
            cnt[outcome_of(r)]++;
            if (u && v[b].idx < first) {
                first = v[b].idx;
                unit = u;
            }
            if (as_i64(g(r, "time"), &t)) {
                if (!t0 || t < tmin) {
                    tmin = t;
                    t0 = g(r, "time");
                }
                if (!t1 || t > tmax) {
                    tmax = t;
                    t1 = g(r, "time");
                }
            }
        }
        md_tr(w);
        md_text(w, v[a].param->v.s, v[a].param->len);
        md_td(w);
        md_unit(w, unit);
        md_fmt(w, " | %" PRIu64 " | %zu | %" PRIu64 " | ", objects, b - a, checks);
        if (t0 && t1 && tmin == tmax)
            md_time(w, t0, 9);
        else
            md_span(w, t0, t1, 9);
        md_td(w);
        if (cnt[0] || cnt[1] || cnt[3]) {
            md_fmt(w, "**no**: %" PRIu64 " failed, %" PRIu64 " warned", cnt[0], cnt[1]);
            if (cnt[3])
                md_fmt(w, ", %" PRIu64 " without a known outcome", cnt[3]);
        } else {
            md_s(w, "yes");
        }
        md_tre(w);
    }
    liion__free(ctx, v, bytes);
    return LIION_OK;
}

static void md_records(liion__wr *w, const liion__xn *a, bool formation, unsigned level)
{
    if (!a || a->len == 0) {
        md_s(w, "(none)\n");
        return;
    }
    for (size_t i = 0; i < a->len; i++) {
        const liion__xn *r = elmap(a, i);
        md_fmt(w, "%s%.*s %s record %zu: ", i ? "\n" : "", (int)(level + 1 > 6 ? 6 : level + 1),
               "######", formation ? "Formation" : "Test", i + 1);
        if (formation) {
            md_cell(w, g(r, "cell_id"));
        } else {
            md_cell(w, gpath(r, "standard.standard"));
            md_s(w, ", ");
            md_cell(w, gpath(r, "standard.test_item"));
        }
        md_s(w, "\n\n");
        if (formation)
            md_formation_body(w, r, level + 1);
        else
            md_iec_body(w, r, level + 1);
    }
}

static liion_status md_dossier(liion__wr *w, const liion__xn *root, liion_ctx *ctx)
{
    liion_status st;
    const liion__xn *c = g(root, "content"), *h = g(root, "content_sha256");
    const liion__xn *cell = gpath(c, "cell.id"), *sr = garr(c, "spec_results");
    md_s(w, "# Cell audit dossier: ");
    md_cell(w, cell);
    md_s(w, "\n\n");
    md_doc_line(w, root);
    md_s(w, "\n| Field | Value |\n| --- | --- |\n");
    md_kv_label(w, "Cell");
    md_cell(w, cell);
    if (gpath(c, "cell.scheme")) {
        md_s(w, " (scheme ");
        md_cell(w, gpath(c, "cell.scheme"));
        md_s(w, ")");
    }
    md_tre(w);
    md_kv_label(w, "Content SHA-256");
    if (is_hex(h)) {
        liion__wr_u8(w, '`');
        liion__wr_bytes(w, h->v.s, h->len);
        liion__wr_u8(w, '`');
    } else {
        md_cell(w, h);
    }
    md_tre(w);
    md_s(w, "\n**How to verify**: compute the SHA-256 (FIPS 180-4) of the deterministic CBOR "
            "encoding (RFC 8949 section 4.2.1) of the `content` member of this dossier's CBOR "
            "document and compare it with the value above; liion\\_export\\_doc\\_verify() does "
            "exactly this. Any change to the content gives another hash. The hash makes "
            "tampering evident to whoever holds it; it is not a signature.\n\n");
    md_dossier_verdict(w, sr);
    md_hdr(w, 2, "Violations");
    md_violations(w, sr);
    md_hdr(w, 2, "Genealogy");
    md_genealogy(w, garr(c, "genealogy"), 2);
    md_hdr(w, 2, "Roll positions");
    md_rolls(w, garr(c, "roll_positions"));
    md_hdr(w, 2, "Spec results by parameter");
    if ((st = md_spec_summary(w, sr, ctx)))
        return st;
    md_hdr(w, 2, "Formation records");
    md_records(w, garr(c, "formation_records"), true, 2);
    md_hdr(w, 2, "Test records");
    md_records(w, garr(c, "test_records"), false, 2);
    return LIION_OK;
}

/* ---- UN 38.3 test summary ------------------------------------------------------------------- */

static const md_field UN38_FIELDS[] = {
    { "report_id", "Test report", NULL, 0 },
    { "report_date", "Date of the test report", NULL, 0 },
    { "manual.edition", "UN Manual of Tests and Criteria", NULL, 0 },
    { "manufacturer.name", "Manufacturer", NULL, 0 },
    { "manufacturer.address", "Manufacturer address", NULL, 0 },
    { "manufacturer.phone", "Manufacturer phone", NULL, 0 },
    { "manufacturer.email", "Manufacturer e-mail", NULL, 0 },
    { "manufacturer.website", "Manufacturer website", NULL, 0 },
    { "test_laboratory.name", "Test laboratory", NULL, 0 },
    { "test_laboratory.address", "Laboratory address", NULL, 0 },
    { "test_laboratory.phone", "Laboratory phone", NULL, 0 },
    { "test_laboratory.email", "Laboratory e-mail", NULL, 0 },
    { "test_laboratory.website", "Laboratory website", NULL, 0 },
    { "description.item", "Item", NULL, 0 },
    { "description.model_numbers", "Model numbers", NULL, 0 },
    { "description.chemistry", "Chemistry", NULL, 0 },
    { "description.format", "Format", NULL, 0 },
    { "description.diameter_mm", "Diameter", "mm", 0 },
    { "description.mass_g", "Mass", "g", 0 },
    { "description.size_class", "Size class", NULL, 0 },
    { "description.rechargeable", "Rechargeable", NULL, 0 },
    { "description.watt_hour_rating", "Watt-hour rating", "Wh", 0 },
    { "description.lithium_content_g", "Lithium content", "g", 0 },
    { "description.rated_voltage_v", "Rated voltage", "V", 0 },
    { "description.rated_capacity_ah", "Rated capacity", "Ah", 0 },
    { "description.physical_description", "Physical description", NULL, 0 },
    { "assembled_battery.reference", "Assembled battery tested under", NULL, 0 },
    { "assembled_battery.overcharge_protection_verified", "Overcharge protection verified", NULL,
      0 },
    { "responsible_person.name", "Responsible person", NULL, 0 },
    { "responsible_person.title", "Title of the responsible person", NULL, 0 },
    { "signatory.name", "Signatory", NULL, 0 },
    { "signatory.title", "Title of the signatory", NULL, 0 },
    { "signatory.signature", "Signature", NULL, 0 },
};

static void md_un38(liion__wr *w, const liion__xn *root)
{
    static const char *const COLS[] = {
        "Test", "Result", "Method", "Setpoint (°C)", "Tolerance (± °C)", "Mass loss (%)",
        "Mass-loss limit (%)", "OCV retention (%)", "Max external temperature (°C)", NULL
    };
    static const char *const KEYS[] = { "method", "setpoint_c", "tolerance_c", "mass_loss_pct",
                                        "mass_loss_limit_pct", "ocv_retention_pct",
                                        "max_external_temp_c" };
    const liion__xn *t = garr(root, "tests");
    uint64_t pass = 0, fail = 0;
    md_s(w, "# UN 38.3 test summary: ");
    md_cell(w, gpath(root, "description.model_numbers"));
    md_s(w, "\n\n");
    md_doc_line(w, root);
    for (size_t i = 0; t && i < t->len; i++) {
        const liion__xn *r = g(elmap(t, i), "result");
        pass += text_eq(r, "pass");
        fail += !text_eq(r, "pass");
    }
    md_fmt(w, "\n**Verdict: %s**: %" PRIu64 " of %zu tests passed, %" PRIu64 " failed.\n",
           !t || t->len == 0 ? "NO TESTS" : fail ? "FAIL" : "PASS", pass, t ? t->len : (size_t)0,
           fail);
    md_hdr(w, 2, "Summary (38.3.5)");
    md_fields(w, root, UN38_FIELDS, NF(UN38_FIELDS));
    md_hdr(w, 2, "Tests");
    if (!t || t->len == 0) {
        md_s(w, "(none)\n");
        return;
    }
    md_thead(w, COLS);
    for (size_t i = 0; i < t->len; i++) {
        const liion__xn *x = elmap(t, i);
        md_tr(w);
        md_cell(w, g(x, "test"));
        md_td(w);
        md_s(w, text_eq(g(x, "result"), "pass") ? "pass" : "**");
        if (!text_eq(g(x, "result"), "pass")) {
            md_cell(w, g(x, "result"));
            md_s(w, "**");
        }
        for (size_t k = 0; k < NF(KEYS); k++) {
            md_td(w);
            md_cell(w, g(x, KEYS[k]));
        }
        md_tre(w);
    }
}

/* ---- standalone formation and IEC 62660 records ------------------------------------------------ */

static void md_no_hash(liion__wr *w)
{
    md_s(w, "\nThis record carries no content hash of its own: the cell's audit dossier embeds "
            "it and covers it with its content SHA-256.\n");
}

static void md_formation(liion__wr *w, const liion__xn *root)
{
    md_s(w, "# Formation record: ");
    md_cell(w, g(root, "cell_id"));
    md_s(w, "\n\n");
    md_doc_line(w, root);
    md_no_hash(w);
    md_s(w, "\n**Result**: grade ");
    md_cell(w, g(root, "grade"));
    md_s(w, ", capacity ");
    md_qty(w, g(root, "capacity_ah"), NULL);
    if (g(root, "capacity_ah"))
        md_s(w, " Ah");
    md_s(w, ".\n");
    md_hdr(w, 2, "Record");
    md_formation_body(w, root, 2);
}

static void md_iec(liion__wr *w, const liion__xn *root)
{
    const liion__xn *v = gtext(root, "verdict"), *o = gtext(root, "outcome");
    md_s(w, "# ");
    md_iec_title(w, root);
    md_s(w, " (");
    md_cell(w, gpath(root, "identity.cell_id"));
    md_s(w, ", ");
    md_cell(w, gpath(root, "identity.cell_model"));
    md_s(w, ")\n\n");
    md_doc_line(w, root);
    md_no_hash(w);
    if (v) {
        md_s(w, "\n**Verdict: ");
        md_s(w, text_eq(v, "pass") ? "PASS" : "FAIL");
        md_s(w, "** against the criterion: ");
        md_cell(w, g(root, "criterion"));
        md_s(w, ".\n");
    } else if (o) {
        md_s(w, "\n**Outcome class**: ");
        md_cell(w, o);
        md_s(w, " (IEC 62660-2 classifies outcomes; it has no pass/fail).\n");
    } else {
        md_s(w, "\n**Performance test**: results below (IEC 62660-1 has no pass/fail).\n");
    }
    md_hdr(w, 2, "Record");
    md_iec_body(w, root, 2);
}

/* ---- battery passport attributes ------------------------------------------------------------ */

#define GPI "generalProductInformation."
#define TECH "performanceAndDurability.batteryTechicalProperties."
static const md_field PASS_FIELDS[] = {
    { GPI "productIdentifier", "Product identifier (productIdentifier)", NULL, 0 },
    { GPI "batteryPassportIdentifier", "Passport identifier (batteryPassportIdentifier)", NULL,
      0 },
    { GPI "manufacturerInformation.identifier",
      "Manufacturer identifier (manufacturerInformation.identifier)", NULL, 0 },
    { GPI "manufacturingPlace", "Manufacturing place (manufacturingPlace)", NULL, 0 },
    { GPI "manufacturingDate", "Manufacturing date (manufacturingDate)", NULL, 0 },
    { GPI "batteryCategory", "Battery category (batteryCategory)", NULL, 0 },
    { GPI "batteryMass", "Battery mass (batteryMass)", "kg", 0 },
    { GPI "batteryStatus", "Battery status (batteryStatus)", NULL, 0 },
    { "materialComposition.batteryChemistry.shortName", "Chemistry (batteryChemistry.shortName)",
      NULL, 0 },
    { "materialComposition.batteryChemistry.clearName", "Chemistry, clear name (clearName)",
      NULL, 0 },
    { TECH "ratedCapacity", "Rated capacity (ratedCapacity)", "Ah", 0 },
    { TECH "nominalVoltage", "Nominal voltage (nominalVoltage)", "V", 0 },
    { TECH "minimumVoltage", "Minimum voltage (minimumVoltage)", "V", 0 },
    { TECH "maximumVoltage", "Maximum voltage (maximumVoltage)", "V", 0 },
    { "dataModel", "Data model", NULL, 0 },
};

static void md_passport(liion__wr *w, const liion__xn *root)
{
    static const char *const COLS[] = { "Component", "Ohmic resistance (Ω)", "Minimum (Ω)",
                                        "Maximum (Ω)", "Cells aggregated", NULL };
    const liion__xn *ir = garr(gpath(root, "performanceAndDurability.batteryTechicalProperties"),
                               "initialInternalResistance");
    md_s(w, "# Battery passport attributes: ");
    md_cell(w, gpath(root, GPI "productIdentifier"));
    md_s(w, "\n\n");
    md_doc_line(w, root);
    md_s(w, "\nAttributes from manufacturing, named as in the Battery Pass data model v1.2 / DIN "
            "DKE SPEC 99100 (the attribute name in parentheses).\n");
    md_hdr(w, 2, "Attributes");
    md_fields(w, root, PASS_FIELDS, NF(PASS_FIELDS));
    md_hdr(w, 2, "Initial internal resistance (initialInternalResistance)");
    if (!ir || ir->len == 0) {
        md_s(w, "(none)\n");
        return;
    }
    md_thead(w, COLS);
    for (size_t i = 0; i < ir->len; i++) {
        const liion__xn *x = elmap(ir, i);
        md_tr(w);
        md_cell(w, g(x, "batteryComponent"));
        md_td(w);
        md_cell(w, g(x, "ohmicResistance"));
        md_td(w);
        md_cell(w, g(x, "ohmicResistanceMin"));
        md_td(w);
        md_cell(w, g(x, "ohmicResistanceMax"));
        md_td(w);
        md_cell(w, g(x, "cellCount"));
        md_tre(w);
    }
}
#undef GPI
#undef TECH

/* ---- dispatch --------------------------------------------------------------------------------- */

liion_status liion__xw_markdown(liion__wr *w, const liion__xn *root, liion_ctx *ctx)
{
    const liion__xn *t = gtext(root, "document");
    if (text_eq(t, "cell-audit-dossier") && g(root, "content"))
        return md_dossier(w, root, ctx);
    if (text_eq(t, "un38.3-test-summary"))
        md_un38(w, root);
    else if (text_eq(t, "formation-record"))
        md_formation(w, root);
    else if (text_eq(t, "iec62660-test-record"))
        md_iec(w, root);
    else if (text_eq(t, "battery-passport-attributes"))
        md_passport(w, root);
    else
        liion__xw_markdown_generic(w, root);
    return LIION_OK;
}
