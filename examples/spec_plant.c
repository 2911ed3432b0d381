/* Spec results on plant objects: a coating lot's wet-film series and a dry-room dew-point
 * series are checked, the results are attached to the coating lot and to a cell made from it,
 * and then, for that one cell, every spec result on it and on its backward trace is listed
 * (the spec part of a single-cell audit dossier). A result on an unrelated lot stays out. */
#include <liion/liion.h>

#include <stdio.h>
#include <string.h>

static int fail(liion_ctx *ctx, const char *what, liion_status st)
{
    fprintf(stderr, "%s: %s (%s)\n", what, liion_status_str(st), liion_ctx_errmsg(ctx));
    return 1;
}

#define TRY(what, call)                                                                         \
    do {                                                                                        \
        liion_status st_ = (call);                                                              \
        if (st_ != LIION_OK) {                                                                  \
            rc = fail(ctx, (what), st_);                                                        \
            goto out;                                                                           \
        }                                                                                       \
    } while (0)

static const char *kind_name(liion_object_kind kind)
{
    return kind == LIION_OBJ_LOT ? "lot" : kind == LIION_OBJ_RESPONSE ? "response" : "object";
}

int main(void)
{
    /* wet film along the web of the coated jumbo roll, um (nominal 150 um) */
    static const double wet_film[12] = { 150.2, 149.8, 150.9, 151.4, 151.7, 150.1,
                                         149.2, 148.6, 148.3, 149.9, 150.4, 150.0 };
    /* dry-room dew point while the cell was stacked, C, one reading a minute */
    static const double dew[10] = { -45.2, -44.8, -43.1, -41.0, -39.4,
                                    -38.7, -42.5, -47.9, -55.0, -61.3 };
    static const double other_wet[3] = { 153.0, 150.0, 150.0 };
    const int64_t t0 = 1790000000000000000; /* Unix ns */
    liion_ctx *ctx = NULL;
    liion_plant *plant = NULL;
    liion_spec_limits *recipe = NULL, *room = NULL;
    liion_spec_result *res = NULL;
    liion_spec_registry *reg = NULL;
    liion_spec_selection *sel = NULL;
    uint32_t slurry, jumbo, daughter, cell, other, seg_coat, seg_stack, r_coat, r_stack;
    size_t record;
    uint32_t depth;
    int rc = 0;

    if (liion_ctx_new(&ctx, NULL) != LIION_OK)
        return 1;

    /* The plant: slurry -> coating -> jumbo roll; a daughter roll (sublot) of it is stacked
     * into a cell. Another jumbo roll has nothing to do with that cell. */
    TRY("plant", liion_plant_new(&plant, ctx));
    TRY("segment", liion_plant_segment_add(&seg_coat, plant, NULL, "COAT", LIION_STEP_COATING));
    TRY("segment", liion_plant_segment_add(&seg_stack, plant, NULL, "STACK", LIION_STEP_STACKING));
    TRY("lot", liion_plant_lot_add(&slurry, plant, NULL, "SLURRY-0815", LIION_PLANT_NONE,
                                   LIION_PLANT_NONE));
    TRY("lot", liion_plant_lot_add(&jumbo, plant, NULL, "CATH-JR-0042", LIION_PLANT_NONE,
                                   LIION_PLANT_NONE));
    TRY("sublot", liion_plant_lot_add(&daughter, plant, NULL, "CATH-JR-0042-L3", LIION_PLANT_NONE,
                                      jumbo));
    TRY("lot", liion_plant_lot_add(&cell, plant, "GS1", "(21)CELL000731", LIION_PLANT_NONE,
                                   LIION_PLANT_NONE));
    TRY("lot", liion_plant_lot_add(&other, plant, NULL, "CATH-JR-0043", LIION_PLANT_NONE,
                                   LIION_PLANT_NONE));
    TRY("response", liion_plant_response_add(&r_coat, plant, NULL, "COAT-RUN-17", seg_coat, t0,
                                             t0 + 3600000000000));
    TRY("material", liion_plant_response_add_material(plant, r_coat, slurry, LIION_USE_CONSUMED));
    TRY("material", liion_plant_response_add_material(plant, r_coat, jumbo, LIION_USE_PRODUCED));
    TRY("response", liion_plant_response_add(&r_stack, plant, NULL, "STACK-RUN-3", seg_stack,
                                             t0 + 86400000000000, t0 + 86460000000000));
    TRY("material",
        liion_plant_response_add_material(plant, r_stack, daughter, LIION_USE_CONSUMED));
    TRY("material", liion_plant_response_add_material(plant, r_stack, cell, LIION_USE_PRODUCED));

    /* Limit sets: the cathode recipe's wet film, the dry room's dew point. */
    TRY("limits", liion_spec_limits_new(&recipe, ctx, "NMC811-CATHODE-R4", 4));
    TRY("limits", liion_spec_limits_set_default(recipe, LIION_SPEC_WET_FILM_THICKNESS, 150.0));
    TRY("limits", liion_spec_limits_new(&room, ctx, "DRY-ROOM-B2", 2));
    TRY("limits", liion_spec_limits_set_default(room, LIION_SPEC_DRY_ROOM_DEW_POINT, 0));

    /* Check, attach, clear, for each series. */
    TRY("registry", liion_spec_registry_new(&reg, ctx, plant));
    TRY("result", liion_spec_result_new(&res, ctx));
    TRY("check wet film", liion_spec_check_values(res, recipe, "wet_film_thickness", "4H",
                                                  wet_film, 12, "CATH-JR-0042", 0));
    TRY("attach", liion_spec_registry_attach(NULL, reg, LIION_OBJ_LOT, jumbo, res, recipe,
                                             "wet_film_thickness", t0 + 3600000000000));
    liion_spec_result_clear(res);
    TRY("check dew point", liion_spec_check_values(res, room, "dry_room_dew_point", "CEL", dew,
                                                   10, "(21)CELL000731", 0));
    TRY("attach", liion_spec_registry_attach(NULL, reg, LIION_OBJ_LOT, cell, res, room,
                                             "dry_room_dew_point", t0 + 86460000000000));
    liion_spec_result_clear(res);
    TRY("check other", liion_spec_check_values(res, recipe, "wet_film_thickness", "4H",
                                               other_wet, 3, "CATH-JR-0043", 0));
    TRY("attach", liion_spec_registry_attach(NULL, reg, LIION_OBJ_LOT, other, res, recipe,
                                             "wet_film_thickness", t0 + 7200000000000));

    /* The dossier query: every spec result on the cell and its backward closure. */
    TRY("selection", liion_spec_selection_new(&sel, ctx));
    TRY("closure", liion_spec_registry_select_closure(reg, sel, cell, 0));
    printf("spec results for cell %s (%zu records on the cell and its backward trace):\n",
           liion_plant_id(plant, LIION_OBJ_LOT, cell), liion_spec_selection_count(sel));
    while (liion_spec_selection_next(sel, &record, &depth)) {
        liion_spec_record_info info;
        memset(&info, 0, sizeof info);
        info.struct_size = sizeof info;
        TRY("record", liion_spec_registry_record(&info, reg, record));
        printf(" [depth %u] %s %s: %s (%s), limits %s v%u: %llu checked, %llu failed, "
               "%llu warned\n",
               (unsigned)depth, kind_name(info.kind), liion_plant_id(plant, info.kind, info.index),
               info.param, info.unit, info.limits_owner, (unsigned)info.limits_version,
               (unsigned long long)info.checked, (unsigned long long)info.failed,
               (unsigned long long)info.warned);
        for (size_t i = 0; i < (size_t)info.violations; i++) {
            liion_spec_violation v;
            memset(&v, 0, sizeof v);
            v.struct_size = sizeof v;
            TRY("violation", liion_spec_registry_violation(&v, reg, record, i));
            printf("    %s %9.3f %-3s %s %8.3f  at %s #%llu\n",
                   v.severity == LIION_SPEC_FAIL ? "FAIL" : "WARN", v.value, v.unit,
                   v.side == LIION_SPEC_SIDE_HIGH ? ">" : "<", v.limit, v.where,
                   (unsigned long long)v.index);
        }
    }
    if (liion_spec_selection_count(sel) != 2) { /* the other roll's result must stay out */
        fprintf(stderr, "expected 2 records, got %zu\n", liion_spec_selection_count(sel));
        rc = 1;
    }

out:
    liion_spec_selection_free(sel);
    liion_spec_registry_free(reg);
    liion_spec_result_free(res);
    liion_spec_limits_free(room);
    liion_spec_limits_free(recipe);
    liion_plant_free(plant);
    liion_ctx_free(ctx);
    return rc;
}
