/*
 * Export the audit dossier of one cell from a small plant: slurry -> coated jumbo roll ->
 * calendered roll -> slit daughter roll (a sublot) -> cell, with a roll map, spec results on
 * the way (one failure), and the cell's formation record. Prints the Markdown an auditor
 * reads, checks the content hash, and shows that a changed byte is detected. Also builds the
 * cell model's UN 38.3 test summary. Runs without arguments and exits 0.
 */
#include <liion/liion.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TRY(call)                                                                              \
    do {                                                                                       \
        liion_status st_ = (call);                                                             \
        if (st_ != LIION_OK) {                                                                 \
            fprintf(stderr, "%s:%d: %s: %s\n", __FILE__, __LINE__, #call,                      \
                    liion_ctx_errmsg(ctx));                                                    \
            exit(1);                                                                           \
        }                                                                                      \
    } while (0)

static liion_ctx *ctx;

static uint8_t *encode(liion_export_doc *d, liion_export_format f, uint32_t flags, size_t *n)
{
    size_t need = 0;
    uint8_t *buf;
    if (liion_export_doc_encode(NULL, 0, &need, d, f, flags) != LIION_E_BUFFER_TOO_SMALL)
        exit(1);
    buf = malloc(need + 1);
    if (!buf)
        exit(1);
    TRY(liion_export_doc_encode(buf, need, n, d, f, flags));
    buf[*n] = 0;
    return buf;
}

static liion_export_doc *formation_record(const char *cell)
{
    enum { N = 3600 };
    static int64_t t[N];
    static double v[N], a[N], tc[N];
    liion_formation *f = NULL;
    liion_export_doc *d = NULL;
    for (int k = 0; k < N; k++) { /* one hour at 1 Hz: CC charge to 3.9 V */
        t[k] = 1767225600000ll + k * 1000ll;
        v[k] = 3.0 + 0.9 * (1.0 - exp(-k / 900.0));
        a[k] = 0.5;
        tc[k] = 25.0 + 3.0 * k / N;
    }
    TRY(liion_formation_new(&f, ctx));
    TRY(liion_formation_set_text(f, LIION_FORM_CELL_ID, cell));
    TRY(liion_formation_set_text(f, LIION_FORM_RACK, "FR-07"));
    TRY(liion_formation_set_text(f, LIION_FORM_TRAY, "T-0412"));
    TRY(liion_formation_set_text(f, LIION_FORM_CHANNEL, "CH-113"));
    TRY(liion_formation_set_text(f, LIION_FORM_RECIPE_ID, "FORM-NMC811-A"));
    TRY(liion_formation_set_number(f, LIION_FORM_RECIPE_VERSION, 3));
    TRY(liion_formation_add_step(f, LIION_FORM_CC_CHARGE, t[0], t[N - 1], 0.5, 3.9, v[N - 1],
                                 0.5, 0.5, 1.75, 25.0, 28.0, 24.8));
    TRY(liion_formation_set_series(f, t, v, a, tc, N, 1, 0));
    TRY(liion_formation_set_ocv(f, 1, 1767312000, 4.1523));
    TRY(liion_formation_set_ocv(f, 2, 1767916800, 4.1481));
    TRY(liion_formation_set_number(f, LIION_FORM_ACIR_MOHM, 11.8));
    TRY(liion_formation_set_number(f, LIION_FORM_DCIR_MOHM, 19.4));
    TRY(liion_formation_set_number(f, LIION_FORM_CAPACITY_AH, 5.02));
    TRY(liion_formation_set_text(f, LIION_FORM_GRADE, "A1"));
    TRY(liion_formation_build(&d, f));
    liion_formation_free(f);
    return d;
}

static void un38_summary(void)
{
    liion_un38 *s = NULL;
    liion_export_doc *d = NULL;
    size_t n;
    uint8_t *json;
    TRY(liion_un38_new(&s, ctx));
    TRY(liion_un38_set_text(s, LIION_UN38_MANUFACTURER, "Nordvolt Cells AB"));
    TRY(liion_un38_set_text(s, LIION_UN38_MANUFACTURER_ADDRESS, "Batterigatan 1, Skelleftea"));
    TRY(liion_un38_set_text(s, LIION_UN38_MANUFACTURER_PHONE, "+46 910 000 000"));
    TRY(liion_un38_set_text(s, LIION_UN38_MANUFACTURER_EMAIL, "compliance@nordvolt.example"));
    TRY(liion_un38_set_text(s, LIION_UN38_MANUFACTURER_WEB, "https://nordvolt.example"));
    TRY(liion_un38_set_text(s, LIION_UN38_LAB_NAME, "Test Lab GmbH"));
    TRY(liion_un38_set_text(s, LIION_UN38_LAB_ADDRESS, "Pruefstrasse 5, Muenchen"));
    TRY(liion_un38_set_text(s, LIION_UN38_LAB_PHONE, "+49 89 000 000"));
    TRY(liion_un38_set_text(s, LIION_UN38_LAB_EMAIL, "un383@testlab.example"));
    TRY(liion_un38_set_text(s, LIION_UN38_LAB_WEB, "https://testlab.example"));
    TRY(liion_un38_set_text(s, LIION_UN38_REPORT_ID, "TL-2026-0815"));
    TRY(liion_un38_set_text(s, LIION_UN38_REPORT_DATE, "2026-03-14"));
    TRY(liion_un38_set_int(s, LIION_UN38_CHEMISTRY, LIION_UN38_LI_ION));
    TRY(liion_un38_set_number(s, LIION_UN38_MASS_G, 70.0));
    TRY(liion_un38_set_number(s, LIION_UN38_WATT_HOURS, 18.0));
    TRY(liion_un38_set_text(s, LIION_UN38_DESCRIPTION, "Cylindrical 21700 cell, NMC811/graphite"));
    TRY(liion_un38_set_text(s, LIION_UN38_MODEL, "NV-21700-50E"));
    TRY(liion_un38_set_int(s, LIION_UN38_ITEM, LIION_UN38_CELL));
    TRY(liion_un38_set_int(s, LIION_UN38_FORMAT, LIION_UN38_CYLINDRICAL));
    TRY(liion_un38_set_number(s, LIION_UN38_DIAMETER_MM, 21.0));
    TRY(liion_un38_set_int(s, LIION_UN38_REVISION, 8));
    TRY(liion_un38_set_int(s, LIION_UN38_AMENDMENT, 0));
    TRY(liion_un38_set_text(s, LIION_UN38_SIGNATORY_NAME, "Ada Lindqvist"));
    TRY(liion_un38_set_text(s, LIION_UN38_SIGNATORY_TITLE, "Head of Product Compliance"));
    for (int t = 1; t <= 8; t++)
        if (t != 7) /* T.7 is for batteries, not cells */
            TRY(liion_un38_set_test(s, (liion_un38_test)t, LIION_UN38_PASS));
    /* the superseded 75 C thermal setpoint is refused under Rev.8 */
    TRY(liion_un38_set_test_param(s, LIION_UN38_T2, LIION_UN38_P_SETPOINT_C, 75.0));
    if (liion_un38_build(&d, s) == LIION_OK)
        exit(1);
    printf("UN 38.3 summary refused as expected: %s\n", liion_ctx_errmsg(ctx));
    TRY(liion_un38_set_test_param(s, LIION_UN38_T2, LIION_UN38_P_SETPOINT_C, 72.0));
    TRY(liion_un38_build(&d, s));
    json = encode(d, LIION_EXPORT_JSON, 0, &n);
    printf("UN 38.3 summary: %zu bytes of JSON, starts %.60s...\n\n", n, (char *)json);
    free(json);
    liion_export_doc_free(d);
    liion_un38_free(s);
}

int main(void)
{
    liion_plant *p = NULL;
    liion_spec_registry *reg = NULL;
    liion_spec_limits *lim = NULL;
    liion_spec_result *res = NULL;
    liion_dossier *ds = NULL;
    liion_export_doc *form, *dossier = NULL, *back = NULL;
    uint32_t slurry, jumbo, cal, daughter, cell, coat, cald, stack, rc, rk, rs, coater, stacker;
    double wet[8] = { 101, 99, 100, 131, 100, 98, 102, 100 };
    size_t n, nz;
    uint8_t *md, *cbor, *z;

    TRY(liion_ctx_new(&ctx, NULL));
    TRY(liion_plant_new(&p, ctx));
    TRY(liion_plant_equipment_add(&coater, p, NULL, "COATER-1", LIION_EQ_PRODUCTION_UNIT,
                                  LIION_PLANT_NONE, LIION_PLANT_NONE));
    TRY(liion_plant_equipment_add(&stacker, p, NULL, "STACKER-3", LIION_EQ_WORK_CELL,
                                  LIION_PLANT_NONE, LIION_PLANT_NONE));
    TRY(liion_plant_lot_add(&slurry, p, NULL, "SLURRY-88", LIION_PLANT_NONE, LIION_PLANT_NONE));
    TRY(liion_plant_lot_add(&jumbo, p, NULL, "JUMBO-5", LIION_PLANT_NONE, LIION_PLANT_NONE));
    TRY(liion_plant_lot_add(&cal, p, NULL, "CAL-5", LIION_PLANT_NONE, LIION_PLANT_NONE));
    TRY(liion_plant_lot_add(&daughter, p, NULL, "CAL-5/L2", LIION_PLANT_NONE, cal));
    TRY(liion_plant_lot_add(&cell, p, NULL, "CELL-000123", LIION_PLANT_NONE, LIION_PLANT_NONE));
    TRY(liion_plant_segment_add(&coat, p, NULL, "COAT", LIION_STEP_COATING));
    TRY(liion_plant_segment_add(&cald, p, NULL, "CALENDER", LIION_STEP_CALENDERING));
    TRY(liion_plant_segment_add(&stack, p, NULL, "STACK", LIION_STEP_STACKING));
    TRY(liion_plant_response_add(&rc, p, NULL, "R-COAT-1", coat, 1000, 2000));
    TRY(liion_plant_response_add_equipment(p, rc, coater));
    TRY(liion_plant_response_add_material(p, rc, slurry, LIION_USE_CONSUMED));
    TRY(liion_plant_response_add_material(p, rc, jumbo, LIION_USE_PRODUCED));
    TRY(liion_plant_response_add(&rk, p, NULL, "R-CAL-1", cald, 2100, 2600));
    TRY(liion_plant_response_add_material(p, rk, jumbo, LIION_USE_CONSUMED));
    TRY(liion_plant_response_add_material(p, rk, cal, LIION_USE_PRODUCED));
    TRY(liion_plant_response_add(&rs, p, NULL, "R-STACK-9", stack, 5000, 5100));
    TRY(liion_plant_response_add_equipment(p, rs, stacker));
    TRY(liion_plant_response_add_material(p, rs, daughter, LIION_USE_CONSUMED));
    TRY(liion_plant_response_add_material(p, rs, cell, LIION_USE_PRODUCED));
    TRY(liion_plant_roll_link(p, jumbo, cal, 0, 1000, -INFINITY, INFINITY, 0, 1.25, 0));
    TRY(liion_plant_roll_link(p, cal, daughter, 0, 1250, 100, 200, 0, 1, LIION_ROLL_LANE));
    TRY(liion_plant_roll_use(p, daughter, 10.0, 10.25, cell, 0));

    TRY(liion_spec_registry_new(&reg, ctx, p));
    TRY(liion_spec_limits_new(&lim, ctx, "CATHODE-SPEC", 4));
    TRY(liion_spec_limits_set_default(lim, LIION_SPEC_WET_FILM_THICKNESS, 100.0));
    TRY(liion_spec_result_new(&res, ctx));
    TRY(liion_spec_check_values(res, lim, "wet_film_thickness", "4H", wet, 8, "JUMBO-5", 0));
    TRY(liion_spec_registry_attach(NULL, reg, LIION_OBJ_LOT, jumbo, res, lim,
                                   "wet_film_thickness", 1900));

    form = formation_record("CELL-000123");
    TRY(liion_dossier_new(&ds, ctx, p, cell));
    TRY(liion_dossier_set_registry(ds, reg));
    TRY(liion_dossier_add_record(ds, form));
    TRY(liion_dossier_build(&dossier, ds));
    TRY(liion_export_doc_verify(dossier));

    md = encode(dossier, LIION_EXPORT_MARKDOWN, 0, &n);
    fwrite(md, 1, n, stdout);
    free(md);
    cbor = encode(dossier, LIION_EXPORT_CBOR, 0, &n);
    z = encode(dossier, LIION_EXPORT_CBOR, LIION_EXPORT_ZLIB, &nz);
    printf("\nDossier: %zu bytes of deterministic CBOR, %zu bytes with zlib.\n", n, nz);
    /* tamper: change the last digit of the cell serial inside the content */
    for (size_t k = 0; k + 11 <= n; k++)
        if (memcmp(cbor + k, "CELL-000123", 11) == 0) {
            cbor[k + 10] = '4';
            break;
        }
    TRY(liion_export_doc_decode(&back, ctx, cbor, n, 0));
    if (liion_export_doc_verify(back) != LIION_E_CORRUPT)
        return 1;
    printf("A changed byte is detected: %s\n\n", liion_ctx_errmsg(ctx));

    un38_summary();

    free(z);
    free(cbor);
    liion_export_doc_free(back);
    liion_export_doc_free(dossier);
    liion_export_doc_free(form);
    liion_dossier_free(ds);
    liion_spec_result_free(res);
    liion_spec_limits_free(lim);
    liion_spec_registry_free(reg);
    liion_plant_free(p);
    liion_ctx_free(ctx);
    return 0;
}
