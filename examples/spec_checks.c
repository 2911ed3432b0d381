/* Spec checks on one lot: a coating wet-film series, a dry-room dew-point series (with its
 * ppmv equivalent), a stacking alignment record, a dry-room transfer record and a vision
 * qualification. Prints every violation and the verdicts. */
#include <liion/liion.h>

#include <stdio.h>
#include <string.h>

static int fail(liion_ctx *ctx, const char *what, liion_status st)
{
    fprintf(stderr, "%s: %s (%s)\n", what, liion_status_str(st), liion_ctx_errmsg(ctx));
    return 1;
}

static void print_violations(liion_spec_result *res)
{
    for (size_t i = 0; i < liion_spec_result_count(res); i++) {
        liion_spec_violation v;
        memset(&v, 0, sizeof v);
        v.struct_size = sizeof v;
        if (liion_spec_result_violation(&v, res, i) != LIION_OK)
            return;
        if (v.side == LIION_SPEC_SIDE_MISSING)
            printf("  FAIL %-32s missing                 at %s #%llu\n", v.param, v.where,
                   (unsigned long long)v.index);
        else if (v.index == LIION_SPEC_INDEX_STACK)
            printf("  %s %-32s %9.3f %-3s %s %8.3f  at %s (whole stack)\n",
                   v.severity == LIION_SPEC_FAIL ? "FAIL" : "WARN", v.param, v.value, v.unit,
                   v.side == LIION_SPEC_SIDE_HIGH ? ">" : "<", v.limit, v.where);
        else
            printf("  %s %-32s %9.3f %-3s %s %8.3f  at %s #%llu\n",
                   v.severity == LIION_SPEC_FAIL ? "FAIL" : "WARN", v.param, v.value, v.unit,
                   v.side == LIION_SPEC_SIDE_HIGH ? ">" : "<", v.limit, v.where,
                   (unsigned long long)v.index);
    }
}

int main(void)
{
    /* wet film along the web, um (nominal 150 um) */
    static const double wet[12] = { 150.2, 149.8, 150.9, 151.4, 151.7, 150.1,
                                    149.2, 148.6, 148.3, 149.9, 150.4, 150.0 };
    /* dry-room dew point, C, one reading a minute */
    static const double dew[10] = { -45.2, -44.8, -43.1, -41.0, -39.4,
                                    -38.7, -42.5, -47.9, -55.0, -61.3 };
    /* stacking head offsets per layer, mm */
    static const double dx[6] = { 0.02, -0.05, 0.11, 0.34, 0.08, -0.01 };
    static const double dy[6] = { -0.03, 0.00, 0.12, -0.18, 0.21, 0.05 };
    const double dp_pa = 25.0, dwell_s = 42.0; /* gripper vacuum was not logged */
    liion_ctx *ctx = NULL;
    liion_spec_limits *lim = NULL;
    liion_spec_result *res = NULL;
    liion_vision_report rep;
    double worst = -100, ppmv, limit_ppmv, tol_pct;
    liion_status st;
    int rc = 1;

    memset(&rep, 0, sizeof rep);
    rep.struct_size = sizeof rep;
    if ((st = liion_ctx_new(&ctx, NULL)) != LIION_OK) {
        fprintf(stderr, "liion_ctx_new: %s\n", liion_status_str(st));
        return 1;
    }
    /* One versioned limit set for the recipe, from the documented seed defaults. */
    if ((st = liion_spec_limits_new(&lim, ctx, "RECIPE-NMC811-PRISMATIC", 4)) != LIION_OK ||
        (st = liion_spec_limits_set_default(lim, LIION_SPEC_WET_FILM_THICKNESS, 150.0)) != LIION_OK ||
        (st = liion_spec_limits_set_default(lim, LIION_SPEC_DRY_ROOM_DEW_POINT, 0)) != LIION_OK ||
        (st = liion_spec_limits_set_default(lim, LIION_SPEC_STACK_ALIGN_X, 0)) != LIION_OK ||
        (st = liion_spec_limits_set_default(lim, LIION_SPEC_STACK_ALIGN_Y, 0)) != LIION_OK ||
        (st = liion_spec_result_new(&res, ctx)) != LIION_OK) {
        rc = fail(ctx, "set-up", st);
        goto out;
    }
    if ((st = liion_electrode_loading_tolerance(&tol_pct, ctx, 150.0,
                                                LIION_SPEC_DEFAULT_WET_FILM_TOL_UM)) != LIION_OK) {
        rc = fail(ctx, "loading tolerance", st);
        goto out;
    }
    printf("limit set %s v%u: wet film 150 +- %.1f um (= +-%.2f %% loading)\n",
           liion_spec_limits_owner(lim), (unsigned)liion_spec_limits_version(lim),
           LIION_SPEC_DEFAULT_WET_FILM_TOL_UM, tol_pct);

    /* the checks; "where" is the lot / stack / transfer the values belong to */
    if ((st = liion_spec_check_values(res, lim, "wet_film_thickness", "4H", wet, 12,
                                      "LOT-A17/coater-2", 0)) != LIION_OK ||
        (st = liion_spec_check_values(res, lim, "dry_room_dew_point", "CEL", dew, 10,
                                      "DRYROOM-1", 0)) != LIION_OK ||
        (st = liion_spec_check_stack(res, lim, dx, dy, NULL, NULL, 6, "STACK-0042")) != LIION_OK ||
        (st = liion_spec_check_transfer(res, NULL, &dp_pa, &dwell_s, NULL, "LOT-A17/transfer",
                                        3)) != LIION_OK) {
        rc = fail(ctx, "check", st);
        goto out;
    }
    printf("checked %llu values: %llu failed, %llu warnings\n",
           (unsigned long long)liion_spec_result_checked(res),
           (unsigned long long)liion_spec_result_failed(res),
           (unsigned long long)liion_spec_result_warned(res));
    print_violations(res);

    /* the dew-point series in ppmv (frost point, 1 atm) */
    for (int i = 0; i < 10; i++)
        if (dew[i] > worst)
            worst = dew[i];
    if ((st = liion_dewpoint_to_ppmv(&ppmv, ctx, worst, LIION_STANDARD_PRESSURE_PA,
                                     LIION_DEWPOINT_FROST, 0)) != LIION_OK ||
        (st = liion_dewpoint_to_ppmv(&limit_ppmv, ctx, LIION_SPEC_DEFAULT_DEW_POINT_MAX_C,
                                     LIION_STANDARD_PRESSURE_PA, LIION_DEWPOINT_FROST, 0)) != LIION_OK) {
        rc = fail(ctx, "dew point", st);
        goto out;
    }
    printf("dry room: worst frost point %.1f C = %.1f ppmv (limit -40.0 C = %.1f ppmv)\n", worst,
           ppmv, limit_ppmv);

    /* tab-weld porosity classifier on its validation set: 0 misses in 59 defects */
    if ((st = liion_vision_qualify(&rep, ctx, 59, 0, 4, 896, LIION_VISION_WELD_MIN_RECALL, 1.0,
                                   0.95, LIION_BOUND_CLOPPER_PEARSON)) != LIION_OK) {
        rc = fail(ctx, "vision", st);
        goto out;
    }
    printf("tab-weld vision: recall %.3f, 95 %% lower bound %.4f -> %s\n", rep.recall,
           rep.recall_lo,
           rep.verdict == LIION_VISION_QUALIFIED        ? "qualified"
           : rep.verdict == LIION_VISION_NOT_QUALIFIED ? "not qualified"
                                                       : "not enough evidence");
    /* coating streak camera: 3 false rejects in 500 good frames */
    if ((st = liion_vision_qualify(&rep, ctx, 0, 0, 3, 497, 0, LIION_VISION_STREAK_MAX_FRR, 0.95,
                                   LIION_BOUND_CLOPPER_PEARSON)) != LIION_OK) {
        rc = fail(ctx, "vision", st);
        goto out;
    }
    printf("streak vision: false rejects %.2f %%, 95 %% upper bound %.2f %% -> %s\n",
           100 * rep.frr, 100 * rep.frr_hi,
           rep.verdict == LIION_VISION_QUALIFIED        ? "qualified"
           : rep.verdict == LIION_VISION_NOT_QUALIFIED ? "not qualified"
                                                       : "not enough evidence");
    printf("lot verdict: %s\n", liion_spec_result_failed(res) ? "FAIL" : "PASS");
    rc = 0;
out:
    liion_spec_result_free(res);
    liion_spec_limits_free(lim);
    liion_ctx_free(ctx);
    return rc;
}
