/*
 * Battery-passport attributes that come from manufacturing (DIN DKE SPEC 99100 / Battery Pass
 * data model v1.2 names), with initialInternalResistance aggregated from the cells found in
 * the battery's backward genealogy.
 */
#include "export/xdoc.h"

#include <math.h>
#include <string.h>

#define LIION__MAGIC_PASS 0x70617373u /* "pass" */
#define NF 14
#define FIRST_NUM LIION_PASS_MASS_KG

struct liion_passport {
    uint32_t magic;
    liion_ctx *ctx;
    liion_plant *plant;
    uint32_t battery;
    char *text[NF];
    size_t tlen[NF];
    double num[NF];
    bool set[NF];
    uint32_t cell_class;
    char *prop;
    size_t prop_len;
};

static const char *NAME[NF] = {
    NULL, "batteryPassportIdentifier", "manufacturerIdentification", "manufacturingPlace",
    "manufacturingDate", "batteryCategory", "shortName", "clearName", "batteryMass",
    "ratedCapacity", "minimumVoltage", "maximumVoltage", "nominalVoltage", "ohmicResistance",
};

static liion_status enter(liion_passport *p)
{
    if (!p)
        return LIION_E_INVALID_ARG;
    if (p->magic != LIION__MAGIC_PASS)
        return LIION_E_MISUSE;
    return liion__ctx_enter(p->ctx);
}

LIION_API liion_status liion_passport_new(liion_passport **out, liion_ctx *ctx,
                                          liion_plant *plant, uint32_t battery)
{
    liion_passport *p;
    liion_status st = liion__ctx_enter(ctx);
    if (out)
        *out = NULL;
    if (st)
        return st;
    if (!out || !plant)
        return liion__error(ctx, LIION_E_INVALID_ARG, "NULL out or plant");
    if (battery >= liion_plant_count(plant, LIION_OBJ_LOT))
        return liion__error(ctx, LIION_E_NOT_FOUND, "passport: no lot with index %u", battery);
    p = liion__calloc(ctx, 1, sizeof *p);
    if (!p)
        return LIION_E_NOMEM;
    p->magic = LIION__MAGIC_PASS;
    p->ctx = ctx;
    p->plant = plant;
    p->battery = battery;
    p->cell_class = LIION_PLANT_NONE;
    *out = p;
    return LIION_OK;
}

LIION_API void liion_passport_free(liion_passport *p)
{
    if (!p || p->magic != LIION__MAGIC_PASS)
        return;
    for (int i = 0; i < NF; i++)
        liion__free(p->ctx, p->text[i], p->tlen[i] + 1);
    liion__free(p->ctx, p->prop, p->prop_len + 1);
    p->magic = LIION__MAGIC_DEAD;
    liion__free(p->ctx, p, sizeof *p);
}

LIION_API liion_status liion_passport_set_text(liion_passport *p, liion_passport_field field,
                                               const char *text)
{
    size_t n;
    char *c;
    liion_status st = enter(p);
    if (st)
        return st;
    if ((int)field < 1 || (int)field >= (int)FIRST_NUM)
        return liion__error(p->ctx, LIION_E_INVALID_ARG,
                            "passport field %d is not a text field", (int)field);
    if (!liion__xtext_ok(text, &n))
        return liion__error(p->ctx, LIION_E_INVALID_ARG,
                            "%s: text must be 1 to 1024 bytes of UTF-8 without control "
                            "characters", NAME[field]);
    c = liion__strndup(p->ctx, text, n);
    if (!c)
        return LIION_E_NOMEM;
    liion__free(p->ctx, p->text[field], p->tlen[field] + 1);
    p->text[field] = c;
    p->tlen[field] = n;
    p->set[field] = true;
    return LIION_OK;
}

LIION_API liion_status liion_passport_set_number(liion_passport *p, liion_passport_field field,
                                                 double value)
{
    liion_status st = enter(p);
    if (st)
        return st;
    if ((int)field < (int)FIRST_NUM || (int)field >= NF)
        return liion__error(p->ctx, LIION_E_INVALID_ARG,
                            "passport field %d is not a number field", (int)field);
    if (!isfinite(value) || value <= 0)
        return liion__error(p->ctx, LIION_E_RANGE, "%s: %g is not a finite value > 0",
                            NAME[field], value);
    p->num[field] = value;
    p->set[field] = true;
    return LIION_OK;
}

LIION_API liion_status liion_passport_set_cells(liion_passport *p, uint32_t cell_class,
                                                const char *property)
{
    size_t n;
    char *c;
    liion_status st = enter(p);
    if (st)
        return st;
    if (cell_class >= liion_plant_count(p->plant, LIION_OBJ_MATERIAL_CLASS))
        return liion__error(p->ctx, LIION_E_NOT_FOUND, "passport: no material class %u",
                            cell_class);
    if (!liion__xtext_ok(property, &n))
        return liion__error(p->ctx, LIION_E_INVALID_ARG, "passport: bad property name");
    c = liion__strndup(p->ctx, property, n);
    if (!c)
        return LIION_E_NOMEM;
    liion__free(p->ctx, p->prop, p->prop_len + 1);
    p->prop = c;
    p->prop_len = n;
    p->cell_class = cell_class;
    return LIION_OK;
}

static bool month_ok(const char *s, size_t n)
{
    int m;
    if (n != 7 || s[4] != '-')
        return false;
    for (int i = 0; i < 7; i++)
        if (i != 4 && (s[i] < '0' || s[i] > '9'))
            return false;
    m = (s[5] - '0') * 10 + (s[6] - '0');
    return m >= 1 && m <= 12 && s[0] >= '1';
}

/* Cell resistance aggregate over the battery's genealogy. */
static liion_status cells(liion_passport *p, uint64_t *count, double *mean, double *lo,
                          double *hi)
{
    liion_trace *tr = NULL;
    uint32_t idx;
    double sum = 0;
    liion_status st = liion_trace_new(&tr, p->ctx);
    *count = 0;
    *lo = INFINITY;
    *hi = -INFINITY;
    if (st)
        return st;
    st = liion_plant_trace_backward(p->plant, tr, p->battery, 0, LIION_FILTER_MATERIAL_CLASS,
                                    p->cell_class);
    while (!st && liion_trace_next(tr, &idx, NULL)) {
        liion_prop_type t;
        double v = 0;
        const char *unit = "";
        if (liion_plant_prop_get(&t, &v, &unit, p->plant, LIION_OBJ_LOT, idx, p->prop) !=
                LIION_OK ||
            t != LIION_PROP_NUMBER) {
            st = liion__error(p->ctx, LIION_E_INVALID_ARG,
                              "initialInternalResistance: cell '%s' has no number property "
                              "'%s'", liion_plant_id(p->plant, LIION_OBJ_LOT, idx), p->prop);
            break;
        }
        if (strcmp(unit, "E45") == 0 || strcmp(unit, "mOhm") == 0) {
            v /= 1000.0;
        } else if (strcmp(unit, "OHM") != 0) {
            st = liion__error(p->ctx, LIION_E_INVALID_ARG,
                              "initialInternalResistance: cell '%s' property '%s' has unit "
                              "'%s', not OHM or E45 (milliohm)",
                              liion_plant_id(p->plant, LIION_OBJ_LOT, idx), p->prop, unit);
            break;
        }
        if (!isfinite(v) || v <= 0) {
            st = liion__error(p->ctx, LIION_E_RANGE,
                              "initialInternalResistance: cell '%s' has resistance %g",
                              liion_plant_id(p->plant, LIION_OBJ_LOT, idx), v);
            break;
        }
        (*count)++;
        sum += v;
        *lo = v < *lo ? v : *lo;
        *hi = v > *hi ? v : *hi;
    }
    liion_trace_free(tr);
    if (!st && *count == 0)
        st = liion__error(p->ctx, LIION_E_NOT_FOUND,
                          "initialInternalResistance: no cell of material class '%s' in the "
                          "genealogy of '%s'",
                          liion_plant_id(p->plant, LIION_OBJ_MATERIAL_CLASS, p->cell_class),
                          liion_plant_id(p->plant, LIION_OBJ_LOT, p->battery));
    if (!st)
        *mean = sum / (double)*count;
    return st;
}

LIION_API liion_status liion_passport_build(liion_export_doc **out, liion_passport *p)
{
    static const liion_passport_field REQ[] = {
        LIION_PASS_PLACE, LIION_PASS_DATE, LIION_PASS_CATEGORY, LIION_PASS_CHEMISTRY_SHORT,
        LIION_PASS_MASS_KG, LIION_PASS_RATED_CAPACITY_AH, LIION_PASS_MIN_V, LIION_PASS_MAX_V,
        LIION_PASS_NOMINAL_V,
    };
    static const char *CAT[4] = { "lmt", "ev", "industrial", "stationary" };
    liion_export_doc *d;
    liion__xn *r, *g, *m, *perf, *arr, *x;
    uint64_t n = 0;
    double mean = 0, lo = 0, hi = 0;
    bool cat_ok = false;
    liion_status st = enter(p);
    if (out)
        *out = NULL;
    if (st)
        return st;
    if (!out)
        return liion__error(p->ctx, LIION_E_INVALID_ARG, "NULL out");
    for (size_t i = 0; i < sizeof REQ / sizeof REQ[0]; i++)
        if (!p->set[REQ[i]])
            return liion__error(p->ctx, LIION_E_INVALID_ARG, "%s is missing", NAME[REQ[i]]);
    if (!month_ok(p->text[LIION_PASS_DATE], p->tlen[LIION_PASS_DATE]))
        return liion__error(p->ctx, LIION_E_INVALID_ARG, "manufacturingDate '%s' is not YYYY-MM",
                            p->text[LIION_PASS_DATE]);
    for (int i = 0; i < 4; i++)
        cat_ok = cat_ok || strcmp(p->text[LIION_PASS_CATEGORY], CAT[i]) == 0;
    if (!cat_ok)
        return liion__error(p->ctx, LIION_E_INVALID_ARG,
                            "batteryCategory '%s' is not lmt, ev, industrial or stationary",
                            p->text[LIION_PASS_CATEGORY]);
    if (!(p->num[LIION_PASS_MIN_V] <= p->num[LIION_PASS_NOMINAL_V] &&
          p->num[LIION_PASS_NOMINAL_V] <= p->num[LIION_PASS_MAX_V]))
        return liion__error(p->ctx, LIION_E_STATE,
                            "voltages: minimumVoltage <= nominalVoltage <= maximumVoltage does "
                            "not hold (%g, %g, %g)", p->num[LIION_PASS_MIN_V],
                            p->num[LIION_PASS_NOMINAL_V], p->num[LIION_PASS_MAX_V]);
    if (!p->prop)
        return liion__error(p->ctx, LIION_E_INVALID_ARG,
                            "initialInternalResistance: the cells are not defined "
                            "(liion_passport_set_cells)");
    if ((st = cells(p, &n, &mean, &lo, &hi)))
        return st;
    if ((st = liion__xdoc_new(&d, p->ctx)))
        return st;
    r = d->root = liion__xn_map(d, NULL, NULL);
    liion__xn_text(d, r, "document", "battery-passport-attributes");
    liion__xn_uint(d, r, "schema_version", 1);
    liion__xn_text(d, r, "dataModel", "Battery Pass data model v1.2 / DIN DKE SPEC 99100:2025-02");
    g = liion__xn_map(d, r, "generalProductInformation");
    liion__xn_text(d, g, "productIdentifier", liion_plant_id(p->plant, LIION_OBJ_LOT, p->battery));
    for (int f = LIION_PASS_PASSPORT_ID; f <= LIION_PASS_CATEGORY; f++) {
        if (!p->set[f])
            continue;
        if (f == LIION_PASS_MANUFACTURER_ID)
            liion__xn_textn(d, liion__xn_map(d, g, "manufacturerInformation"), "identifier",
                            p->text[f], p->tlen[f]);
        else
            liion__xn_textn(d, g, NAME[f], p->text[f], p->tlen[f]);
    }
    liion__xn_num(d, g, "batteryMass", p->num[LIION_PASS_MASS_KG]);
    liion__xn_text(d, g, "batteryStatus", "Original");
    m = liion__xn_map(d, liion__xn_map(d, r, "materialComposition"), "batteryChemistry");
    liion__xn_textn(d, m, "shortName", p->text[LIION_PASS_CHEMISTRY_SHORT],
                    p->tlen[LIION_PASS_CHEMISTRY_SHORT]);
    if (p->set[LIION_PASS_CHEMISTRY_CLEAR])
        liion__xn_textn(d, m, "clearName", p->text[LIION_PASS_CHEMISTRY_CLEAR],
                        p->tlen[LIION_PASS_CHEMISTRY_CLEAR]);
    /* "batteryTechicalProperties" is spelled as in the Battery Pass v1.2 schema (sic) */
    perf = liion__xn_map(d, liion__xn_map(d, r, "performanceAndDurability"),
                         "batteryTechicalProperties");
    for (int f = LIION_PASS_RATED_CAPACITY_AH; f <= LIION_PASS_NOMINAL_V; f++)
        liion__xn_num(d, perf, NAME[f], p->num[f]);
    arr = liion__xn_array(d, perf, "initialInternalResistance");
    x = liion__xn_map(d, arr, NULL);
    liion__xn_text(d, x, "batteryComponent", "cell");
    liion__xn_num(d, x, "ohmicResistance", mean);
    liion__xn_num(d, x, "ohmicResistanceMin", lo);
    liion__xn_num(d, x, "ohmicResistanceMax", hi);
    liion__xn_uint(d, x, "cellCount", n);
    if (p->set[LIION_PASS_PACK_RESISTANCE_OHM]) {
        x = liion__xn_map(d, arr, NULL);
        liion__xn_text(d, x, "batteryComponent", "pack");
        liion__xn_num(d, x, "ohmicResistance", p->num[LIION_PASS_PACK_RESISTANCE_OHM]);
    }
    if ((st = liion__xdoc_seal(d))) {
        liion_export_doc_free(d);
        return st;
    }
    *out = d;
    return LIION_OK;
}
