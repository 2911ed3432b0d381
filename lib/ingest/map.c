/* The ingest mapping file: a line-oriented text format (docs/guides/ingest.md), parsed as
 * untrusted input. Every error names line and column; the byte offset goes on the context. */
#include "ingest/ingest_int.h"

#include <stdio.h>
#include <string.h>

#define MAX_TOKENS 12u

typedef struct tok {
    const char *s;
    size_t len;
    size_t off; /* byte offset in the text */
} tok;

typedef struct parser {
    liion_ingest_map *map;
    liion_ctx *ctx;
    const char *text;
    size_t line_off; /* offset of the current line's first byte */
    uint32_t line;
    tok t[MAX_TOKENS];
    size_t n;
    size_t cur_rule; /* the last `on s6f11` rule, or SIZE_MAX */
} parser;

static liion_status perr(parser *p, liion_status st, size_t off, const char *what)
{
    return liion__error_at(p->ctx, st, off, "line %u, column %zu: %s", (unsigned)p->line,
                           off - p->line_off + 1u, what);
}

static liion_status perr_tok(parser *p, liion_status st, size_t i, const char *what)
{
    size_t off = i < p->n ? p->t[i].off : (p->n ? p->t[p->n - 1].off + p->t[p->n - 1].len : p->line_off);
    char msg[200];
    if (i < p->n) {
        int w = (int)(p->t[i].len > 40 ? 40 : p->t[i].len);
        snprintf(msg, sizeof msg, "%s (at '%.*s')", what, w, p->t[i].s);
    } else {
        snprintf(msg, sizeof msg, "%s (the line ends)", what);
    }
    return perr(p, st, off, msg);
}

static bool tok_is(const tok *t, const char *word)
{
    size_t n = strlen(word);
    return t->len == n && memcmp(t->s, word, n) == 0;
}

static bool parse_u32(const tok *t, uint32_t max, uint32_t *out)
{
    uint64_t v = 0;
    if (t->len == 0 || t->len > 10)
        return false;
    for (size_t i = 0; i < t->len; i++) {
        if (t->s[i] < '0' || t->s[i] > '9')
            return false;
        v = v * 10u + (uint64_t)(t->s[i] - '0');
    }
    if (v > max)
        return false;
    *out = (uint32_t)v;
    return true;
}

static liion_status str_put(parser *p, const char *s, size_t len, uint32_t *id)
{
    return liion__intern_put(&p->map->strs, s, len, id, NULL);
}

/* An ID, name or parameter: 1 to LIION_PLANT_MAX_ID_BYTES bytes. */
static liion_status name_tok(parser *p, size_t i, const char *what, uint32_t *id)
{
    char msg[80];
    if (i >= p->n) {
        snprintf(msg, sizeof msg, "missing %s", what);
        return perr_tok(p, LIION_E_DECODE, i, msg);
    }
    if (p->t[i].len > LIION_PLANT_MAX_ID_BYTES) {
        snprintf(msg, sizeof msg, "%s longer than %u bytes", what, LIION_PLANT_MAX_ID_BYTES);
        return perr_tok(p, LIION_E_LIMIT, i, msg);
    }
    return str_put(p, p->t[i].s, p->t[i].len, id);
}

/* A UN/CEFACT Rec 20 unit code (1 to 3 of A-Z 0-9), or "-" for none. */
static liion_status unit_tok(parser *p, size_t i, uint32_t *id)
{
    if (i >= p->n)
        return perr_tok(p, LIION_E_DECODE, i, "missing unit (a Rec 20 code or '-')");
    if (tok_is(&p->t[i], "-")) {
        *id = LIION__NO_STR;
        return LIION_OK;
    }
    if (p->t[i].len < 1 || p->t[i].len > 3)
        return perr_tok(p, LIION_E_DECODE, i, "bad unit: 1 to 3 characters A-Z 0-9, or '-'");
    for (size_t k = 0; k < p->t[i].len; k++) {
        char c = p->t[i].s[k];
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
            return perr_tok(p, LIION_E_DECODE, i, "bad unit: 1 to 3 characters A-Z 0-9, or '-'");
    }
    return str_put(p, p->t[i].s, p->t[i].len, id);
}

static liion_status expect_end(parser *p, size_t i)
{
    if (i < p->n)
        return perr_tok(p, LIION_E_DECODE, i, "unexpected extra field");
    return LIION_OK;
}

static liion_status equipment_tok(parser *p, size_t i, uint32_t *id)
{
    liion_ingest_map *m = p->map;
    liion_status st = name_tok(p, i, "equipment ID", id);
    if (st != LIION_OK)
        return st;
    if (*id >= m->cap_eq_slot) {
        size_t ncap = liion__grow_cap(p->ctx, m->cap_eq_slot * sizeof(uint32_t),
                                      ((size_t)*id + 1u) * sizeof(uint32_t), 16 * sizeof(uint32_t)) /
                      sizeof(uint32_t);
        uint32_t *n;
        if (ncap <= *id)
            return LIION_E_NOMEM;
        n = liion__realloc(p->ctx, m->eq_slot, m->cap_eq_slot * sizeof(uint32_t),
                           ncap * sizeof(uint32_t));
        if (!n)
            return LIION_E_NOMEM;
        for (size_t k = m->cap_eq_slot; k < ncap; k++)
            n[k] = UINT32_MAX;
        m->eq_slot = n;
        m->cap_eq_slot = ncap;
    }
    if (m->eq_slot[*id] == UINT32_MAX) {
        uint32_t *ns = liion__realloc(p->ctx, m->slot_eq, (size_t)m->n_equipment * sizeof(uint32_t),
                                      ((size_t)m->n_equipment + 1u) * sizeof(uint32_t));
        if (!ns)
            return LIION_E_NOMEM;
        m->slot_eq = ns;
        ns[m->n_equipment] = *id;
        m->eq_slot[*id] = m->n_equipment++;
    }
    return LIION_OK;
}

/* The value part of a `vid` line or of an `on uadp` / `on node` rule, from token i on. */
static liion_status value_spec(parser *p, size_t i, liion__ingest_value_rule *v, bool s6f11)
{
    liion_status st;
    v->name = v->unit = v->def = LIION__NO_STR;
    if (i >= p->n)
        return perr_tok(p, LIION_E_DECODE, i,
                        "missing value kind (lot, prop, text, qty, check, position or roll_use)");
    if (tok_is(&p->t[i], "lot")) {
        if (!s6f11)
            return perr_tok(p, LIION_E_DECODE, i, "'lot' values come only from s6f11 reports");
        if (i + 1 < p->n && tok_is(&p->t[i + 1], "produced")) {
            v->kind = LIION__VAL_LOT_PRODUCED;
            if (i + 2 < p->n) {
                if ((st = name_tok(p, i + 2, "material definition", &v->def)) != LIION_OK)
                    return st;
                return expect_end(p, i + 3);
            }
            return LIION_OK;
        }
        if (i + 1 < p->n && tok_is(&p->t[i + 1], "consumed")) {
            v->kind = LIION__VAL_LOT_CONSUMED;
            return expect_end(p, i + 2);
        }
        return perr_tok(p, LIION_E_DECODE, i + 1, "expected 'produced' or 'consumed'");
    }
    if (tok_is(&p->t[i], "prop") || tok_is(&p->t[i], "check")) {
        v->kind = tok_is(&p->t[i], "prop") ? LIION__VAL_PROP : LIION__VAL_CHECK;
        if ((st = name_tok(p, i + 1, v->kind == LIION__VAL_PROP ? "property name" : "spec parameter",
                           &v->name)) != LIION_OK ||
            (st = unit_tok(p, i + 2, &v->unit)) != LIION_OK)
            return st;
        if (v->kind == LIION__VAL_CHECK && v->unit == LIION__NO_STR)
            return perr_tok(p, LIION_E_DECODE, i + 2, "a check needs a unit");
        return expect_end(p, i + 3);
    }
    if (tok_is(&p->t[i], "text")) {
        v->kind = LIION__VAL_TEXT;
        if ((st = name_tok(p, i + 1, "property name", &v->name)) != LIION_OK)
            return st;
        return expect_end(p, i + 2);
    }
    if (tok_is(&p->t[i], "qty")) {
        v->kind = LIION__VAL_QTY;
        if ((st = unit_tok(p, i + 1, &v->unit)) != LIION_OK)
            return st;
        if (v->unit == LIION__NO_STR)
            return perr_tok(p, LIION_E_DECODE, i + 1, "a quantity needs a unit");
        return expect_end(p, i + 2);
    }
    if (tok_is(&p->t[i], "position")) {
        v->kind = LIION__VAL_POSITION;
        return expect_end(p, i + 1);
    }
    if (tok_is(&p->t[i], "roll_use")) {
        if (!s6f11)
            return perr_tok(p, LIION_E_DECODE, i,
                            "'roll_use' values (a list) come only from s6f11 reports");
        v->kind = LIION__VAL_ROLL_USE;
        return expect_end(p, i + 1);
    }
    return perr_tok(p, LIION_E_DECODE, i,
                    "unknown value kind (expected lot, prop, text, qty, check, position or roll_use)");
}

static liion_status push_value(parser *p, const liion__ingest_value_rule *v)
{
    liion_ingest_map *m = p->map;
    if (m->n_values == m->cap_values) {
        size_t nb = liion__grow_cap(p->ctx, m->cap_values * sizeof *v, (m->n_values + 1u) * sizeof *v,
                                    16 * sizeof *v);
        liion__ingest_value_rule *n;
        if (nb / sizeof *v <= m->n_values)
            return LIION_E_NOMEM;
        n = liion__realloc(p->ctx, m->values, m->cap_values * sizeof *v, (nb / sizeof *v) * sizeof *v);
        if (!n)
            return LIION_E_NOMEM;
        m->values = n;
        m->cap_values = nb / sizeof *v;
    }
    m->values[m->n_values++] = *v;
    return LIION_OK;
}

/* Add a rule; unique keys refuse a second rule, chained keys link it behind the first. */
static liion_status push_rule(parser *p, liion__ingest_rule *r, uint64_t key, bool chained)
{
    liion_ingest_map *m = p->map;
    uint64_t first;
    if (m->n_rules >= LIION_INGEST_MAX_RULES)
        return perr(p, LIION_E_LIMIT, p->t[0].off, "more than the maximum number of rules");
    if (liion__map64_get(&m->keys, key, &first)) {
        if (!chained) {
            char msg[120];
            snprintf(msg, sizeof msg, "a rule for this message already exists (line %u)",
                     (unsigned)m->rules[first].line);
            return perr(p, LIION_E_EXISTS, p->t[0].off, msg);
        }
    }
    if (m->n_rules == m->cap_rules) {
        size_t nb = liion__grow_cap(p->ctx, m->cap_rules * sizeof *r, (m->n_rules + 1u) * sizeof *r,
                                    16 * sizeof *r);
        liion__ingest_rule *n;
        if (nb / sizeof *r <= m->n_rules)
            return LIION_E_NOMEM;
        n = liion__realloc(p->ctx, m->rules, m->cap_rules * sizeof *r, (nb / sizeof *r) * sizeof *r);
        if (!n)
            return LIION_E_NOMEM;
        m->rules = n;
        m->cap_rules = nb / sizeof *r;
    }
    r->next = UINT32_MAX;
    r->line = p->line;
    if (liion__map64_get(&m->keys, key, &first)) {
        size_t k = (size_t)first;
        while (m->rules[k].next != UINT32_MAX)
            k = m->rules[k].next;
        m->rules[k].next = (uint32_t)m->n_rules;
    } else if (liion__map64_put(&m->keys, key, (uint64_t)m->n_rules) != LIION_OK) {
        return LIION_E_NOMEM;
    }
    m->rules[m->n_rules++] = *r;
    return LIION_OK;
}

typedef struct state_name {
    const char *name;
    uint32_t value;
} state_name;

static const state_name e40_states[] = {
    { "QUEUED", 0 },    { "SETTING_UP", 1 }, { "WAITING_FOR_START", 2 }, { "PROCESSING", 3 },
    { "PROCESS_COMPLETE", 4 }, { "PAUSING", 6 }, { "PAUSED", 7 },        { "STOPPING", 8 },
    { "ABORTING", 9 },  { "STOPPED", 10 },   { "ABORTED", 11 },
};
static const state_name e87_states[] = {
    { "OUT_OF_SERVICE", 0 }, { "TRANSFER_BLOCKED", 1 }, { "READY_TO_LOAD", 2 },
    { "READY_TO_UNLOAD", 3 },
};

static bool state_tok(const tok *t, const state_name *tab, size_t n, uint32_t *out)
{
    for (size_t i = 0; i < n; i++)
        if (tok_is(t, tab[i].name)) {
            *out = tab[i].value;
            return true;
        }
    return false;
}

/* start <seg> | end <seg> | ignore (| consume | produce [def] for E87), from token i. */
static liion_status action_spec(parser *p, size_t i, liion__ingest_rule *r, bool e87, bool e40)
{
    liion_status st;
    r->action = LIION__ACT_NONE;
    r->segment = r->def = LIION__NO_STR;
    if (i >= p->n) {
        if (e87 || e40)
            return perr_tok(p, LIION_E_DECODE, i, "missing action (start, end or ignore)");
        return LIION_OK;
    }
    if (tok_is(&p->t[i], "start") || tok_is(&p->t[i], "end")) {
        r->action = tok_is(&p->t[i], "start") ? LIION__ACT_START : LIION__ACT_END;
        if ((st = name_tok(p, i + 1, "process segment ID", &r->segment)) != LIION_OK)
            return st;
        return expect_end(p, i + 2);
    }
    if (tok_is(&p->t[i], "ignore")) {
        r->action = LIION__ACT_IGNORE;
        return expect_end(p, i + 1);
    }
    if (e87 && tok_is(&p->t[i], "consume")) {
        r->action = LIION__ACT_CONSUME;
        return expect_end(p, i + 1);
    }
    if (e87 && tok_is(&p->t[i], "produce")) {
        r->action = LIION__ACT_PRODUCE;
        if (i + 1 < p->n) {
            if ((st = name_tok(p, i + 1, "material definition", &r->def)) != LIION_OK)
                return st;
            return expect_end(p, i + 2);
        }
        return LIION_OK;
    }
    return perr_tok(p, LIION_E_DECODE, i,
                    e87 ? "unknown action (expected start, end, ignore, consume or produce)"
                        : "unknown action (expected start, end or ignore)");
}

static liion_status directive_on(parser *p)
{
    liion__ingest_rule r;
    liion__ingest_value_rule v;
    liion_status st;
    memset(&r, 0, sizeof r);
    p->cur_rule = SIZE_MAX;
    if (p->n < 2)
        return perr_tok(p, LIION_E_DECODE, 1, "missing message kind (s6f11, e40, e87, uadp, node)");
    if (tok_is(&p->t[1], "s6f11")) {
        r.src = LIION__SRC_S6F11;
        if ((st = equipment_tok(p, 2, &r.equipment)) != LIION_OK)
            return st;
        if (p->n < 4 || !parse_u32(&p->t[3], UINT32_MAX, &r.key))
            return perr_tok(p, LIION_E_DECODE, 3, "expected a CEID (decimal, 0 to 4294967295)");
        if ((st = action_spec(p, 4, &r, false, false)) != LIION_OK)
            return st;
        r.first_value = (uint32_t)p->map->n_values;
        if ((st = push_rule(p, &r, liion__ingest_key(r.src, r.equipment, r.key), false)) != LIION_OK)
            return st;
        p->cur_rule = p->map->n_rules - 1u;
        return LIION_OK;
    }
    if (tok_is(&p->t[1], "e40") || tok_is(&p->t[1], "e87")) {
        bool e87 = tok_is(&p->t[1], "e87");
        r.src = e87 ? LIION__SRC_E87 : LIION__SRC_E40;
        if ((st = equipment_tok(p, 2, &r.equipment)) != LIION_OK)
            return st;
        if (p->n < 4 ||
            !(e87 ? state_tok(&p->t[3], e87_states, sizeof e87_states / sizeof e87_states[0], &r.key)
                  : state_tok(&p->t[3], e40_states, sizeof e40_states / sizeof e40_states[0], &r.key)))
            return perr_tok(p, LIION_E_DECODE, 3,
                            e87 ? "expected an E87 transfer state (OUT_OF_SERVICE, "
                                  "TRANSFER_BLOCKED, READY_TO_LOAD, READY_TO_UNLOAD)"
                                : "expected an E40 job state (QUEUED, SETTING_UP, "
                                  "WAITING_FOR_START, PROCESSING, PROCESS_COMPLETE, ...)");
        if ((st = action_spec(p, 4, &r, e87, !e87)) != LIION_OK)
            return st;
        return push_rule(p, &r, liion__ingest_key(r.src, r.equipment, r.key), false);
    }
    if (tok_is(&p->t[1], "uadp")) {
        uint32_t writer, field, elem = 0;
        const tok *f;
        const char *dot;
        r.src = LIION__SRC_UADP;
        if (p->n < 3 || !parse_u32(&p->t[2], 65535u, &writer))
            return perr_tok(p, LIION_E_DECODE, 2, "expected a DataSetWriterId (0 to 65535)");
        if (p->n < 4)
            return perr_tok(p, LIION_E_DECODE, 3, "expected a field index");
        f = &p->t[3];
        dot = memchr(f->s, '.', f->len);
        {
            tok a = *f, b = *f;
            if (dot) {
                a.len = (size_t)(dot - f->s);
                b.s = dot + 1;
                b.len = f->len - a.len - 1u;
            }
            if (!parse_u32(&a, 65535u, &field) || (dot && !parse_u32(&b, 65535u, &elem)))
                return perr_tok(p, LIION_E_DECODE, 3,
                                "expected a field index, optionally .element (0 to 65535)");
        }
        if ((st = equipment_tok(p, 4, &r.equipment)) != LIION_OK)
            return st;
        memset(&v, 0, sizeof v);
        v.vid = field;
        v.element = elem;
        v.line = p->line;
        if ((st = value_spec(p, 5, &v, false)) != LIION_OK)
            return st;
        r.key = writer;
        r.action = LIION__ACT_VALUE;
        r.segment = r.def = LIION__NO_STR;
        r.first_value = (uint32_t)p->map->n_values;
        r.n_values = 1;
        if ((st = push_value(p, &v)) != LIION_OK)
            return st;
        if ((st = push_rule(p, &r, liion__ingest_key(r.src, 0, writer), true)) != LIION_OK) {
            p->map->n_values--;
            return st;
        }
        return LIION_OK;
    }
    if (tok_is(&p->t[1], "node")) {
        const tok *t;
        uint32_t ns;
        size_t semi;
        r.src = LIION__SRC_NODE;
        if (p->n < 3)
            return perr_tok(p, LIION_E_DECODE, 2, "expected a NodeId (ns=N;i=ID or ns=N;s=NAME)");
        t = &p->t[2];
        for (semi = 0; semi < t->len && t->s[semi] != ';'; semi++)
            ;
        {
            tok nst = { t->s + 3, semi >= 3 ? semi - 3 : 0, t->off };
            uint32_t num;
            tok idt = { t->s + semi + 3, 0, t->off };
            if (t->len < 4 || memcmp(t->s, "ns=", 3) != 0 || semi >= t->len || semi < 4 ||
                !parse_u32(&nst, 65535u, &ns) || t->len < semi + 4 ||
                (t->s[semi + 1] != 'i' && t->s[semi + 1] != 's') || t->s[semi + 2] != '=')
                return perr_tok(p, LIION_E_DECODE, 2, "expected a NodeId (ns=N;i=ID or ns=N;s=NAME)");
            idt.len = t->len - semi - 3;
            if (t->s[semi + 1] == 'i' && !parse_u32(&idt, UINT32_MAX, &num))
                return perr_tok(p, LIION_E_DECODE, 2, "a numeric NodeId needs i=0 to 4294967295");
            if (t->len > LIION_PLANT_MAX_ID_BYTES)
                return perr_tok(p, LIION_E_LIMIT, 2, "NodeId longer than 255 bytes");
            (void)ns;
            if ((st = str_put(p, t->s, t->len, &r.key)) != LIION_OK)
                return st;
        }
        if ((st = equipment_tok(p, 3, &r.equipment)) != LIION_OK)
            return st;
        memset(&v, 0, sizeof v);
        v.line = p->line;
        if ((st = value_spec(p, 4, &v, false)) != LIION_OK)
            return st;
        if (v.kind == LIION__VAL_POSITION)
            return perr_tok(p, LIION_E_DECODE, 4, "'position' applies to s6f11 and uadp values");
        r.action = LIION__ACT_VALUE;
        r.segment = r.def = LIION__NO_STR;
        r.first_value = (uint32_t)p->map->n_values;
        r.n_values = 1;
        if ((st = push_value(p, &v)) != LIION_OK)
            return st;
        if ((st = push_rule(p, &r, liion__ingest_key(r.src, 0, r.key), true)) != LIION_OK) {
            p->map->n_values--;
            return st;
        }
        return LIION_OK;
    }
    return perr_tok(p, LIION_E_DECODE, 1,
                    "unknown message kind (expected s6f11, e40, e87, uadp or node)");
}

static liion_status directive_vid(parser *p)
{
    liion__ingest_value_rule v;
    liion__ingest_rule *r;
    liion_status st;
    if (p->cur_rule == SIZE_MAX)
        return perr_tok(p, LIION_E_DECODE, 0, "'vid' must follow an 'on s6f11' rule");
    r = &p->map->rules[p->cur_rule];
    if (r->n_values >= LIION_INGEST_MAX_VALUES)
        return perr_tok(p, LIION_E_LIMIT, 0, "more than 256 values in one rule");
    memset(&v, 0, sizeof v);
    v.line = p->line;
    if (p->n < 2 || !parse_u32(&p->t[1], UINT32_MAX, &v.vid))
        return perr_tok(p, LIION_E_DECODE, 1, "expected a VID (decimal, 0 to 4294967295)");
    for (uint32_t k = 0; k < r->n_values; k++)
        if (p->map->values[r->first_value + k].vid == v.vid &&
            p->map->values[r->first_value + k].kind != LIION__VAL_CHECK &&
            p->map->values[r->first_value + k].kind != LIION__VAL_PROP)
            return perr_tok(p, LIION_E_EXISTS, 1, "this VID is already mapped in the rule");
    if ((st = value_spec(p, 2, &v, true)) != LIION_OK)
        return st;
    if ((st = push_value(p, &v)) != LIION_OK)
        return st;
    p->map->rules[p->cur_rule].n_values++;
    return LIION_OK;
}

static void map_release(liion_ingest_map *m)
{
    liion_ctx *ctx = m->ctx;
    liion__intern_free(&m->strs);
    liion__map64_free(&m->keys);
    liion__free(ctx, m->rules, m->cap_rules * sizeof *m->rules);
    liion__free(ctx, m->values, m->cap_values * sizeof *m->values);
    liion__free(ctx, m->eq_slot, m->cap_eq_slot * sizeof *m->eq_slot);
    liion__free(ctx, m->slot_eq, (size_t)m->n_equipment * sizeof *m->slot_eq);
    m->magic = 0;
    liion__free(ctx, m, sizeof *m);
}

static liion_status parse_all(parser *p, const char *text, size_t len)
{
    size_t pos = 0;
    bool header = false;
    while (pos < len) {
        size_t end = pos, i;
        liion_status st;
        p->line++;
        p->line_off = pos;
        while (end < len && text[end] != '\n')
            end++;
        if (end - pos > LIION_INGEST_MAX_LINE_BYTES)
            return perr(p, LIION_E_LIMIT, pos + LIION_INGEST_MAX_LINE_BYTES,
                        "line longer than 1024 bytes");
        /* tokenize, stopping at '#' */
        p->n = 0;
        i = pos;
        while (i < end) {
            unsigned char c = (unsigned char)text[i];
            if (c == '#')
                break;
            if (c == ' ' || c == '\t' || (c == '\r' && i + 1 == end)) {
                i++;
                continue;
            }
            if (c < 0x20 || c == 0x7f)
                return perr(p, LIION_E_DECODE, i, "control character");
            if (p->n == MAX_TOKENS)
                return perr(p, LIION_E_DECODE, i, "too many fields on one line");
            p->t[p->n].s = text + i;
            p->t[p->n].off = i;
            while (i < end) {
                c = (unsigned char)text[i];
                if (c == ' ' || c == '\t' || c == '#' || (c == '\r' && i + 1 == end))
                    break;
                if (c < 0x20 || c == 0x7f)
                    return perr(p, LIION_E_DECODE, i, "control character");
                i++;
            }
            p->t[p->n].len = (size_t)(text + i - p->t[p->n].s);
            p->n++;
        }
        pos = end < len ? end + 1u : end;
        if (p->n == 0)
            continue;
        if (!header) {
            uint32_t ver;
            if (!tok_is(&p->t[0], "liion-ingest"))
                return perr_tok(p, LIION_E_DECODE, 0, "expected 'liion-ingest 1' first");
            if (p->n < 2 || !parse_u32(&p->t[1], UINT32_MAX, &ver))
                return perr_tok(p, LIION_E_DECODE, 1, "expected the format version");
            if (ver != 1)
                return perr_tok(p, LIION_E_UNSUPPORTED, 1, "unsupported format version (this library reads 1)");
            if ((st = expect_end(p, 2)) != LIION_OK)
                return st;
            header = true;
            continue;
        }
        if (tok_is(&p->t[0], "on"))
            st = directive_on(p);
        else if (tok_is(&p->t[0], "vid"))
            st = directive_vid(p);
        else
            st = perr_tok(p, LIION_E_DECODE, 0, "unknown directive (expected 'on' or 'vid')");
        if (st == LIION_E_NOMEM)
            return liion__error_at(p->ctx, LIION_E_NOMEM, p->t[0].off,
                                   "line %u: out of memory", (unsigned)p->line);
        if (st == LIION_E_LIMIT && liion_ctx_errcode(p->ctx) != LIION_E_LIMIT)
            return perr(p, LIION_E_LIMIT, p->t[0].off, "too many names in the mapping");
        if (st != LIION_OK)
            return st;
    }
    if (!header)
        return liion__error_at(p->ctx, LIION_E_DECODE, len,
                               "line %u: empty mapping (expected 'liion-ingest 1')",
                               (unsigned)(p->line ? p->line : 1u));
    return LIION_OK;
}

LIION_API liion_status liion_ingest_map_parse(liion_ingest_map **out, liion_ctx *ctx,
                                              const char *text, size_t len)
{
    liion_status st = liion__ctx_enter(ctx);
    liion_ingest_map *m;
    parser p;
    if (out)
        *out = NULL;
    if (st != LIION_OK)
        return st;
    if (!out || (!text && len))
        return liion__error(ctx, LIION_E_INVALID_ARG, "liion_ingest_map_parse: NULL argument");
    if (len > LIION_INGEST_MAX_MAP_BYTES || len > ctx->max_message_bytes)
        return liion__error_at(ctx, LIION_E_LIMIT, 0,
                               "mapping of %zu bytes is larger than the limit", len);
    m = liion__calloc(ctx, 1, sizeof *m);
    if (!m)
        return LIION_E_NOMEM;
    m->magic = LIION__INGEST_MAP_MAGIC;
    m->ctx = ctx;
    liion__intern_init(&m->strs, ctx);
    liion__map64_init(&m->keys, ctx);
    memset(&p, 0, sizeof p);
    p.map = m;
    p.ctx = ctx;
    p.text = text;
    p.cur_rule = SIZE_MAX;
    st = parse_all(&p, text ? text : "", len);
    if (st != LIION_OK) {
        map_release(m);
        return st;
    }
    *out = m;
    return LIION_OK;
}

LIION_API void liion_ingest_map_free(liion_ingest_map *map)
{
    if (!map || map->magic != LIION__INGEST_MAP_MAGIC)
        return;
    map_release(map);
}

LIION_API size_t liion_ingest_map_rule_count(const liion_ingest_map *map)
{
    return map && map->magic == LIION__INGEST_MAP_MAGIC ? map->n_rules : 0;
}
