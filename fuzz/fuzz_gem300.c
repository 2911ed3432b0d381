/*
 * libFuzzer target for the GEM300 state models: each input byte is one event for one of an
 * E40 process job, an E94 control job, an E87 load port, an E87 carrier and an E90 substrate
 * (byte % 5 picks the model, byte / 5 the event, out-of-range events included). Invariants checked after every call, abort() on a
 * breach: a refused event leaves the state unchanged and reports no transition; an accepted
 * one reports a transition number in the standard's range and lands in a valid state; a
 * removed job refuses everything. Objects that reach REMOVED are recreated.
 */
#include <liion/liion.h>

#include <stdint.h>
#include <stdlib.h>

#define CHECK(c)                                                                              \
    do {                                                                                      \
        if (!(c))                                                                             \
            abort();                                                                          \
    } while (0)

static int e40_valid(int s)
{
    return (s >= 0 && s <= 11 && s != 5) || s == 255;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    liion_ctx_options o = LIION_CTX_OPTIONS_INIT;
    liion_ctx *ctx = NULL;
    liion_e40_job *pj = NULL;
    liion_e94_job *cj = NULL;
    liion_e87_port *lp = NULL;
    liion_e87_carrier *ca = NULL;
    liion_e90_substrate *su = NULL;
    static const uint8_t map[3] = {3, 1, 3};
    o.max_memory = 64u << 20;
    o.max_depth = 16;
    if (liion_ctx_new(&ctx, &o) != LIION_OK)
        return 0;
    CHECK(liion_e40_job_new(&pj, ctx, size > 0 && (data[0] & 1) ? LIION_E40_AUTO_START : 0) ==
          LIION_OK);
    CHECK(liion_e94_job_new(&cj, ctx, size > 0 && (data[0] & 2) ? LIION_E94_AUTO_START : 0) ==
          LIION_OK);
    CHECK(liion_e87_port_new(&lp, ctx, (liion_e87_lts_state)(size > 0 ? (data[0] >> 2) & 3 : 0)) ==
          LIION_OK);
    CHECK(liion_e87_carrier_new(&ca, NULL, NULL, ctx, LIION_E87_ID_NOT_READ) == LIION_OK);
    CHECK(liion_e90_substrate_new(&su, NULL, NULL, ctx) == LIION_OK);
    for (size_t i = 1; i < size; i++) {
        int model = data[i] % 5, ev = data[i] / 5;
        if (model == 3) {
            int b0 = (int)liion_e87_carrier_get_id_status(ca);
            int b1 = (int)liion_e87_carrier_get_slot_map_status(ca);
            int b2 = (int)liion_e87_carrier_get_access_status(ca);
            uint32_t tn = 77;
            liion_status s;
            if (ev == 0) { /* byte 3: store a slot map (may be refused) */
                s = liion_e87_carrier_set_slot_map(ca, map, 3);
                CHECK(s == LIION_OK || s == LIION_E_STATE);
                continue;
            }
            s = liion_e87_carrier_apply(&tn, ca, (liion_e87_carrier_event)ev);
            if (s != LIION_OK) {
                CHECK(s == LIION_E_STATE || s == LIION_E_INVALID_ARG);
                CHECK(tn == 0 && b0 == (int)liion_e87_carrier_get_id_status(ca) &&
                      b1 == (int)liion_e87_carrier_get_slot_map_status(ca) &&
                      b2 == (int)liion_e87_carrier_get_access_status(ca));
            } else {
                CHECK(tn >= 6 && tn <= 21 && tn != 12 && tn != 17);
            }
            if (liion_e87_carrier_removed(ca)) {
                liion_e87_carrier_free(ca);
                ca = NULL;
                CHECK(liion_e87_carrier_new(&ca, NULL, NULL, ctx,
                                            (liion_e87_cids)(data[i] & 3)) == LIION_OK);
            }
            continue;
        }
        if (model == 4) {
            int b0 = (int)liion_e90_substrate_get_transport(su);
            int b1 = (int)liion_e90_substrate_get_processing(su);
            int b2 = (int)liion_e90_substrate_get_id_status(su);
            uint32_t tn = 77;
            liion_status s = liion_e90_substrate_apply(&tn, su, (liion_e90_event)ev);
            if (s != LIION_OK) {
                CHECK(s == LIION_E_STATE || s == LIION_E_INVALID_ARG);
                CHECK(tn == 0 && b0 == (int)liion_e90_substrate_get_transport(su) &&
                      b1 == (int)liion_e90_substrate_get_processing(su) &&
                      b2 == (int)liion_e90_substrate_get_id_status(su));
            } else {
                CHECK(tn >= 2 && tn <= 21 && tn != 10 && tn != 16 && b0 != 255);
                CHECK((int)liion_e90_substrate_get_processing(su) <= 7);
            }
            if (liion_e90_substrate_get_transport(su) == LIION_E90_STS_REMOVED) {
                liion_e90_substrate_free(su);
                su = NULL;
                CHECK(liion_e90_substrate_new(&su, NULL, NULL, ctx) == LIION_OK);
            }
            continue;
        }
        if (model == 0) {
            int before = (int)liion_e40_job_get_state(pj);
            uint32_t tn = 77;
            liion_status s = liion_e40_job_apply(&tn, pj, (liion_e40_event)ev);
            int after = (int)liion_e40_job_get_state(pj);
            if (s != LIION_OK) {
                CHECK(s == LIION_E_STATE || s == LIION_E_INVALID_ARG);
                CHECK(tn == 0 && after == before);
            } else {
                CHECK(tn >= 2 && tn <= 18 && e40_valid(after) && before != 255);
            }
            if (after == 255) {
                liion_e40_job_free(pj);
                pj = NULL;
                CHECK(liion_e40_job_new(&pj, ctx, 0) == LIION_OK);
            }
        } else if (model == 1) {
            int before = (int)liion_e94_job_get_state(cj);
            uint32_t tn = 77;
            liion_status s = liion_e94_job_apply(&tn, cj, (liion_e94_event)ev);
            int after = (int)liion_e94_job_get_state(cj);
            if (s != LIION_OK) {
                CHECK(s == LIION_E_STATE || s == LIION_E_INVALID_ARG);
                CHECK(tn == 0 && after == before);
            } else {
                CHECK(tn <= 13 && (tn != 0 || after == 0) && (after <= 5 || after == 255));
            }
            if (after == 255) {
                liion_e94_job_free(cj);
                cj = NULL;
                CHECK(liion_e94_job_new(&cj, ctx, 0) == LIION_OK);
            }
        } else {
            int before = (int)liion_e87_port_get_state(lp);
            uint32_t tn[LIION_E87_MAX_TRANSITIONS];
            size_t n = 77;
            liion_status s = liion_e87_port_apply(tn, &n, lp, (liion_e87_lts_event)ev);
            int after = (int)liion_e87_port_get_state(lp);
            if (s != LIION_OK) {
                CHECK(s == LIION_E_STATE || s == LIION_E_INVALID_ARG);
                CHECK(n == 0 && after == before);
            } else {
                CHECK(n >= 1 && n <= LIION_E87_MAX_TRANSITIONS && after >= 0 && after <= 3);
                for (size_t k = 0; k < n; k++)
                    CHECK(tn[k] >= 2 && tn[k] <= 10);
            }
        }
    }
    liion_e90_substrate_free(su);
    liion_e87_carrier_free(ca);
    liion_e87_port_free(lp);
    liion_e94_job_free(cj);
    liion_e40_job_free(pj);
    liion_ctx_free(ctx);
    return 0;
}
