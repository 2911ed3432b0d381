/*
 * secs_event_report: build the reference S6F11 event report, encode it, decode it back and
 * print its SML.
 *
 *   S6F11 W
 *   <L [3]
 *     <U4 42>                       DATAID
 *     <U4 1337>                     CEID
 *     <L [2]                        reports
 *       <L [2] <U4 RPTID> <L [5] <U4> <F4> <A "LOT-..."> <U4> <F4>>>  x 2
 *
 * Ownership in short: constructors give you items you own; liion_secs_list_append() and
 * liion_secs_msg_set_body() take ownership of what you pass (the list or message frees it);
 * decoded items are borrowed from the message that decoded them.
 *
 * Build: cc secs_event_report.c $(pkg-config --cflags --libs --static liion)
 */
#include <liion/liion.h>

#include <stdio.h>
#include <string.h>

/* Append an item just made (made = its constructor's status) to list; on failure free the
 * item, which we still own then. */
static liion_status add(liion_secs_item *list, liion_status made, liion_secs_item *item)
{
    liion_status st = made;
    if (st == LIION_OK)
        st = liion_secs_list_append(list, item);
    if (st != LIION_OK)
        liion_secs_item_free(item);
    return st;
}

static liion_status add_u4(liion_ctx *ctx, liion_secs_item *list, uint32_t v)
{
    liion_secs_item *it = NULL;
    liion_status st = liion_secs_item_new_u4(&it, ctx, &v, 1);
    return add(list, st, it);
}

static liion_status add_f4(liion_ctx *ctx, liion_secs_item *list, float v)
{
    liion_secs_item *it = NULL;
    liion_status st = liion_secs_item_new_f4(&it, ctx, &v, 1);
    return add(list, st, it);
}

static liion_status build_reports(liion_secs_item **out, liion_ctx *ctx)
{
    liion_secs_item *reports = NULL;
    liion_status st = liion_secs_item_new_list(&reports, ctx, 2);
    for (uint32_t r = 0; st == LIION_OK && r < 2; r++) {
        liion_secs_item *rep = NULL, *vals = NULL, *lot = NULL;
        char lotid[13];
        snprintf(lotid, sizeof lotid, "LOT-2026-%03u", (unsigned)(7 + r));
        st = liion_secs_item_new_list(&vals, ctx, 5);
        if (st == LIION_OK)
            st = add_u4(ctx, vals, 3 + r);                     /* stack count */
        if (st == LIION_OK)
            st = add_f4(ctx, vals, 3.75f);                     /* electrolyte, g */
        if (st == LIION_OK) {
            st = liion_secs_item_new_ascii(&lot, ctx, lotid, 12);
            st = add(vals, st, lot);
        }
        if (st == LIION_OK)
            st = add_u4(ctx, vals, 250000);                    /* cell serial */
        if (st == LIION_OK)
            st = add_f4(ctx, vals, -12.5f);                    /* dew point, degC */
        if (st == LIION_OK)
            st = liion_secs_item_new_list(&rep, ctx, 2);
        if (st == LIION_OK)
            st = add_u4(ctx, rep, 1000 + r);                   /* RPTID */
        if (st == LIION_OK) {
            st = liion_secs_list_append(rep, vals);
            if (st == LIION_OK)
                vals = NULL; /* rep owns it */
        }
        if (st == LIION_OK) {
            st = liion_secs_list_append(reports, rep);
            if (st == LIION_OK)
                rep = NULL;
        }
        liion_secs_item_free(vals); /* NULL (moved) or ours on failure */
        liion_secs_item_free(rep);
    }
    if (st != LIION_OK) {
        liion_secs_item_free(reports);
        return st;
    }
    *out = reports;
    return LIION_OK;
}

int main(void)
{
    liion_ctx *ctx = NULL;
    liion_secs_msg *tx = NULL, *rx = NULL;
    liion_secs_item *body = NULL, *reports = NULL;
    uint8_t wire[256];
    char sml[1024];
    size_t len = 0, n = 0;
    liion_status st;

    st = liion_ctx_new(&ctx, NULL);
    if (st != LIION_OK) {
        fprintf(stderr, "liion_ctx_new: %s\n", liion_status_str(st));
        return 1;
    }
    /* 1. build bottom-up: a list is frozen once appended, so fill the reports list first */
    st = liion_secs_item_new_list(&body, ctx, 3);
    if (st == LIION_OK)
        st = add_u4(ctx, body, 42);   /* DATAID */
    if (st == LIION_OK)
        st = add_u4(ctx, body, 1337); /* CEID */
    if (st == LIION_OK)
        st = build_reports(&reports, ctx);
    if (st == LIION_OK) {
        st = liion_secs_list_append(body, reports); /* body owns reports now */
        if (st != LIION_OK)
            liion_secs_item_free(reports);
    }
    /* 2. a message S6F11 W owns the body from here on */
    if (st == LIION_OK)
        st = liion_secs_msg_new(&tx, ctx);
    if (st == LIION_OK)
        st = liion_secs_msg_set_sf(tx, 6, 11, 1);
    if (st == LIION_OK)
        st = liion_secs_msg_set_ids(tx, 1, 0x00010203);
    if (st == LIION_OK) {
        st = liion_secs_msg_set_body(tx, body);
        if (st == LIION_OK)
            body = NULL;
    }
    /* 3. encode the body into our buffer (the HSMS layer adds length and header) */
    if (st == LIION_OK)
        st = liion_secs_msg_encode(wire, sizeof wire, &len, tx);
    /* 4. decode it into a reusable message: one block, no per-item allocation */
    if (st == LIION_OK)
        st = liion_secs_msg_new(&rx, ctx);
    if (st == LIION_OK)
        st = liion_secs_msg_set_sf(rx, 6, 11, 1);
    if (st == LIION_OK)
        st = liion_secs_msg_decode(rx, wire, len);
    if (st != LIION_OK) {
        fprintf(stderr, "secs_event_report: %s (%s)\n", liion_ctx_errmsg(ctx),
                liion_status_str(st));
        liion_secs_item_free(body);
        liion_secs_msg_free(tx);
        liion_secs_msg_free(rx);
        liion_ctx_free(ctx);
        return 1;
    }
    printf("encoded body: %zu bytes\n", len);
    for (size_t i = 0; i < len; i++)
        printf("%02x%s", wire[i], (i + 1) % 16 == 0 || i + 1 == len ? "\n" : " ");

    /* 5. read values back through the decoded view */
    {
        const liion_secs_item *b = liion_secs_msg_body(rx);
        const liion_secs_item *rep0 = liion_secs_item_child(liion_secs_item_child(b, 2), 0);
        const liion_secs_item *vals = liion_secs_item_child(rep0, 1);
        uint64_t ceid = 0;
        double dew = 0;
        size_t lotlen = 0;
        const uint8_t *lot = liion_secs_item_text(liion_secs_item_child(vals, 2), &lotlen);
        liion_secs_item_get_uint(&ceid, liion_secs_item_child(b, 1), 0);
        liion_secs_item_get_float(&dew, liion_secs_item_child(vals, 4), 0);
        printf("CEID %llu, first lot %.*s, dew point %.1f\n", (unsigned long long)ceid,
               (int)lotlen, (const char *)lot, dew);
        if (ceid != 1337 || !liion_secs_item_equal(b, liion_secs_msg_body(tx)))
            st = LIION_E_CORRUPT;
    }
    /* 6. SML */
    if (st == LIION_OK)
        st = liion_secs_msg_to_sml(sml, sizeof sml, &n, rx, 0);
    if (st == LIION_OK)
        printf("%s\n", sml);

    liion_secs_msg_free(tx);
    liion_secs_msg_free(rx);
    liion_ctx_free(ctx);
    return st == LIION_OK && len == 112 ? 0 : 1;
}
