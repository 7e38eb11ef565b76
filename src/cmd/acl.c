/* ACL users, their rules and the permission check (Redis 7.0's semantics). Users are immutable
 * snapshots published in slots (acl.h); ACL SETUSER copies the current version, applies the
 * rules and publishes the copy. Old versions are kept until exit, since a worker may still be
 * reading one. The check runs on the client's worker; everything else takes acl_lock. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd/acl.h"
#include "cmd/cmd.h"
#include "cmd/command_info.h"
#include "cmd/session.h"
#include "tessera/config.h"
#include "tessera/mem.h"
#include "tessera/reply.h"
#include "tessera/util.h"

static pthread_mutex_t acl_lock = PTHREAD_MUTEX_INITIALIZER;
static struct acl_slot *users;        /* every live user, default first */
static struct acl_slot *default_slot; /* never deleted */
static struct acl_slot *deleted;      /* deleted users' slots: sessions may hold them */
static struct acl_user **retired;     /* versions a worker may still read */
static size_t nretired, capretired;
/* The requirepass string the default user reflects (compared, never read through). */
static const char *_Atomic applied_requirepass;

static const struct command *cmd_publish, *cmd_spublish, *cmd_subscribe, *cmd_ssubscribe,
    *cmd_psubscribe;

/* ---- users and selectors ---- */

/* A command by its original name (rename-command does not change what ACL rules say, as in
 * Redis): full names of subcommands ("config|get") too. Case-insensitive; NULL when unknown. */
static const struct command *orig_command(const char *name, size_t len)
{
    int n = cmd_id_count();
    for (int i = 0; i < n; i++) {
        const struct command *c = cmd_by_id(i);
        if (arg_is(name, len, c->name)) return c;
    }
    return NULL;
}

static int nwords(void)
{
    return (cmd_id_count() + 64) / 64;
}

static void sel_init(struct acl_selector *s)
{
    memset(s, 0, sizeof *s);
    s->cmds = mem_calloc((size_t)nwords(), sizeof(uint64_t));
}

static struct acl_pattern *pats_dup(const struct acl_pattern *p, int n)
{
    if (!n) return NULL;
    struct acl_pattern *d = mem_alloc((size_t)n * sizeof *d);
    for (int i = 0; i < n; i++) {
        d[i] = p[i];
        d[i].p = mem_strndup(p[i].p, p[i].len);
    }
    return d;
}

static void pats_free(struct acl_pattern *p, int n)
{
    for (int i = 0; i < n; i++)
        mem_free(p[i].p);
    mem_free(p);
}

static void sel_copy(struct acl_selector *d, const struct acl_selector *s)
{
    *d = *s;
    d->cmds = mem_alloc((size_t)nwords() * sizeof(uint64_t));
    memcpy(d->cmds, s->cmds, (size_t)nwords() * sizeof(uint64_t));
    d->rules = s->rules ? mem_strndup(s->rules, strlen(s->rules)) : NULL;
    d->keys = pats_dup(s->keys, s->nkeys);
    d->chans = pats_dup(s->chans, s->nchans);
}

static void sel_free(struct acl_selector *s)
{
    mem_free(s->cmds);
    mem_free(s->rules);
    pats_free(s->keys, s->nkeys);
    pats_free(s->chans, s->nchans);
}

static struct acl_user *user_new(const char *name, size_t nlen)
{
    struct acl_user *u = mem_calloc(1, sizeof *u);
    u->name = mem_strndup(name, nlen);
    u->nsel = 1;
    u->sel = mem_alloc(sizeof *u->sel);
    sel_init(&u->sel[0]);
    if (CONFIG_GET(acl_pubsub_default) == 0) u->sel[0].flags |= ACL_SEL_ALLCHANS;
    return u;
}

static struct acl_user *user_dup(const struct acl_user *s)
{
    struct acl_user *u = mem_calloc(1, sizeof *u);
    *u = *s;
    u->name = mem_strndup(s->name, strlen(s->name));
    u->pass = s->npass ? mem_alloc((size_t)s->npass * SHA256_LEN) : NULL;
    if (s->npass) memcpy(u->pass, s->pass, (size_t)s->npass * SHA256_LEN);
    u->sel = mem_alloc((size_t)s->nsel * sizeof *u->sel);
    for (int i = 0; i < s->nsel; i++)
        sel_copy(&u->sel[i], &s->sel[i]);
    return u;
}

static void user_free(struct acl_user *u)
{
    if (!u) return;
    mem_free(u->name);
    mem_free(u->pass);
    for (int i = 0; i < u->nsel; i++)
        sel_free(&u->sel[i]);
    mem_free(u->sel);
    mem_free(u);
}

static int all_bits(const struct acl_selector *s)
{
    int n = cmd_id_count();
    for (int i = 0; i < n; i++)
        if (!(s->cmds[i / 64] >> (i % 64) & 1)) return 0;
    return 1;
}

static void user_seal(struct acl_user *u)
{
    const struct acl_selector *r = &u->sel[0];
    u->flags &= ~ACL_ALLPERM;
    if (u->flags & ACL_DELETED) return;
    if ((r->flags & ACL_SEL_ALLKEYS) && (r->flags & ACL_SEL_ALLCHANS) && all_bits(r))
        u->flags |= ACL_ALLPERM;
}

/* acl_lock held. */
static void retire(struct acl_user *u)
{
    if (!u) return;
    if (nretired == capretired) {
        capretired = capretired ? capretired * 2 : 16;
        retired = mem_realloc(retired, capretired * sizeof *retired);
    }
    retired[nretired++] = u;
}

static void publish(struct acl_slot *slot, struct acl_user *u)
{
    user_seal(u);
    struct acl_user *old = atomic_load_explicit(&slot->cur, memory_order_relaxed);
    atomic_store_explicit(&slot->cur, u, memory_order_release);
    retire(old);
}

static struct acl_slot *find_slot(const char *name, size_t nlen)
{
    for (struct acl_slot *s = users; s; s = s->next) {
        const struct acl_user *u = atomic_load_explicit(&s->cur, memory_order_relaxed);
        if (strlen(u->name) == nlen && memcmp(u->name, name, nlen) == 0) return s;
    }
    return NULL;
}

static struct acl_slot *add_slot(struct acl_user *u)
{
    struct acl_slot *slot = mem_calloc(1, sizeof *slot);
    user_seal(u);
    atomic_store_explicit(&slot->cur, u, memory_order_release);
    struct acl_slot **pp = &users;
    while (*pp)
        pp = &(*pp)->next;
    *pp = slot;
    return slot;
}

/* ---- rules ---- */

static void bit_set(uint64_t *b, int id, int on)
{
    if (on)
        b[id / 64] |= 1ull << (id % 64);
    else
        b[id / 64] &= ~(1ull << (id % 64));
}

static int bit_get(const uint64_t *b, int id)
{
    return (int)(b[id / 64] >> (id % 64) & 1);
}

static int cat_index(const char *name, size_t len)
{
    for (int i = 0; i < cmd_acl_category_count(); i++)
        if (arg_is(name, len, cmd_acl_category_name(i))) return i;
    return -1;
}

enum rule_err {
    RE_OK = 0,
    RE_UNKNOWN,
    RE_SYNTAX,
    RE_KEYS_AFTER_ALL,
    RE_CHANS_AFTER_ALL,
    RE_NOPASS,
    RE_BADHASH,
    RE_FIRSTARG,
    RE_SELECTOR_FLAG,
};

static const char *rule_err_text(enum rule_err e)
{
    switch (e) {
    case RE_UNKNOWN:
        return "Unknown command or category name in ACL";
    case RE_KEYS_AFTER_ALL:
        return "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does "
               "not have any effect. Try 'resetkeys' to start with an empty list of patterns";
    case RE_CHANS_AFTER_ALL:
        return "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and "
               "does not have any effect. Try 'resetchannels' to start with an empty list of "
               "channels";
    case RE_NOPASS:
        return "The password you are trying to remove from the user does not exist";
    case RE_BADHASH:
        return "The password hash must be exactly 64 characters and contain only lowercase "
               "hexadecimal characters";
    case RE_FIRSTARG:
        return "Allowing first-arg of a subcommand is not supported";
    case RE_SELECTOR_FLAG:
        return "The specified flag is not valid inside a selector";
    default:
        return "Syntax error";
    }
}

static void pat_add(struct acl_pattern **arr, int *n, const char *p, size_t len, unsigned rw)
{
    for (int i = 0; i < *n; i++) {
        if ((*arr)[i].len == len && memcmp((*arr)[i].p, p, len) == 0) {
            (*arr)[i].rw |= rw;
            return;
        }
    }
    *arr = mem_realloc(*arr, (size_t)(*n + 1) * sizeof **arr);
    (*arr)[*n] = (struct acl_pattern){.p = mem_strndup(p, len), .len = len, .rw = rw};
    (*n)++;
}

/* What a command rule names: a category (cat >= 0) or a command or subcommand. */
struct rule_target {
    int cat;
    const struct command *cmd;
};

static enum rule_err rule_parse(const char *op, size_t len, struct rule_target *t)
{
    t->cat = -1;
    t->cmd = NULL;
    if (op[1] == '@') {
        t->cat = cat_index(op + 2, len - 2);
        return t->cat < 0 ? RE_UNKNOWN : RE_OK;
    }
    const char *bar = memchr(op + 1, '|', len - 1);
    size_t nlen = bar ? (size_t)(bar - op - 1) : len - 1;
    const struct command *c = orig_command(op + 1, nlen);
    if (!c) return RE_UNKNOWN;
    if (bar) {
        if (!c->subcommands) return RE_FIRSTARG;
        c = cmd_lookup_sub(c, bar + 1, len - 1 - nlen - 1);
        if (!c) return RE_UNKNOWN;
    }
    t->cmd = c;
    return RE_OK;
}

static void apply_target(uint64_t *bits, const struct rule_target *t, int on)
{
    if (t->cat >= 0) {
        int n = cmd_id_count();
        for (int i = 0; i < n; i++) {
            const struct command *c = cmd_by_id(i);
            if (!c->subcommands && (cmd_acl_categories(c) & (1u << t->cat))) bit_set(bits, i, on);
        }
        return;
    }
    bit_set(bits, t->cmd->id, on);
    for (const struct command *sub = t->cmd->subcommands; sub && sub->name; sub++)
        bit_set(bits, sub->id, on);
}

/* Whether a rule already kept is about what the new one names (so the new one replaces it):
 * the same category; a command of the new category; the same command, or a subcommand of it. */
static int rule_covered(const struct rule_target *kept, const struct rule_target *t)
{
    if (t->cat >= 0) {
        if (kept->cat >= 0) return kept->cat == t->cat;
        return !kept->cmd->subcommands && (cmd_acl_categories(kept->cmd) & (1u << t->cat));
    }
    if (kept->cat >= 0) return 0;
    if (kept->cmd == t->cmd) return 1;
    for (const struct command *sub = t->cmd->subcommands; sub && sub->name; sub++)
        if (kept->cmd == sub) return 1;
    return 0;
}

/* The bitmap the base (+@all or -@all) and the kept rules give. */
static void replay(struct acl_selector *s)
{
    memset(s->cmds, (s->flags & ACL_SEL_ALLCMDS) ? 0xff : 0, (size_t)nwords() * sizeof(uint64_t));
    const char *p = s->rules;
    while (p && *p) {
        const char *e = strchr(p, ' ');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        struct rule_target t;
        if (rule_parse(p, len, &t) == RE_OK) apply_target(s->cmds, &t, p[0] == '+');
        p += len + (e ? 1 : 0);
    }
}

static void rules_append(struct acl_selector *s, const char *sign, const char *name)
{
    size_t old = s->rules ? strlen(s->rules) : 0;
    s->rules = mem_realloc(s->rules, old + strlen(sign) + strlen(name) + 2);
    sprintf(s->rules + old, "%s%s%s", old ? " " : "", sign, name);
}

/* Redis 7.0 keeps the command rules as written, minus those a later rule replaced and those
 * that change nothing; describing a selector prints them after +@all or -@all. The bitmap is
 * always what replaying them gives. */
static enum rule_err command_rule(struct acl_selector *s, const char *op, size_t len)
{
    struct rule_target t;
    enum rule_err e = rule_parse(op, len, &t);
    if (e) return e;
    int on = op[0] == '+';
    /* drop the kept rules this one replaces */
    char *kept = NULL;
    size_t klen = 0;
    const char *p = s->rules;
    while (p && *p) {
        const char *end = strchr(p, ' ');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        struct rule_target k;
        if (rule_parse(p, n, &k) != RE_OK || !rule_covered(&k, &t)) {
            kept = mem_realloc(kept, klen + n + 2);
            if (klen) kept[klen++] = ' ';
            memcpy(kept + klen, p, n);
            klen += n;
            kept[klen] = '\0';
        }
        p += n + (end ? 1 : 0);
    }
    mem_free(s->rules);
    s->rules = kept;
    replay(s);
    /* append it if it changes anything */
    int n = cmd_id_count(), changes = 0;
    uint64_t *after = mem_alloc((size_t)nwords() * sizeof(uint64_t));
    memcpy(after, s->cmds, (size_t)nwords() * sizeof(uint64_t));
    apply_target(after, &t, on);
    for (int i = 0; i < n && !changes; i++)
        changes = bit_get(after, i) != bit_get(s->cmds, i);
    if (changes) {
        if (t.cat >= 0 && !on && !(s->flags & ACL_SEL_ALLCMDS)) {
            /* from -@all, a category taken away names the commands it took */
            for (int i = 0; i < n; i++) {
                const struct command *c = cmd_by_id(i);
                if (bit_get(s->cmds, i) && !bit_get(after, i)) rules_append(s, "-", c->name);
            }
        } else {
            char name[64];
            snprintf(name, sizeof name, "%s%s", t.cat >= 0 ? "@" : "",
                     t.cat >= 0 ? cmd_acl_category_name(t.cat) : t.cmd->name);
            rules_append(s, on ? "+" : "-", name);
        }
    }
    memcpy(s->cmds, after, (size_t)nwords() * sizeof(uint64_t));
    mem_free(after);
    return RE_OK;
}

static enum rule_err sel_rule(struct acl_selector *s, const char *op, size_t len)
{
    if (arg_is(op, len, "allkeys") || (len == 2 && memcmp(op, "~*", 2) == 0)) {
        pats_free(s->keys, s->nkeys);
        s->keys = NULL;
        s->nkeys = 0;
        s->flags |= ACL_SEL_ALLKEYS;
        return RE_OK;
    }
    if (arg_is(op, len, "resetkeys")) {
        pats_free(s->keys, s->nkeys);
        s->keys = NULL;
        s->nkeys = 0;
        s->flags &= ~ACL_SEL_ALLKEYS;
        return RE_OK;
    }
    if (arg_is(op, len, "allchannels") || (len == 2 && memcmp(op, "&*", 2) == 0)) {
        pats_free(s->chans, s->nchans);
        s->chans = NULL;
        s->nchans = 0;
        s->flags |= ACL_SEL_ALLCHANS;
        return RE_OK;
    }
    if (arg_is(op, len, "resetchannels")) {
        pats_free(s->chans, s->nchans);
        s->chans = NULL;
        s->nchans = 0;
        s->flags &= ~ACL_SEL_ALLCHANS;
        return RE_OK;
    }
    if (arg_is(op, len, "allcommands") || arg_is(op, len, "+@all")) {
        memset(s->cmds, 0xff, (size_t)nwords() * sizeof(uint64_t));
        s->flags |= ACL_SEL_ALLCMDS;
        mem_free(s->rules);
        s->rules = NULL;
        return RE_OK;
    }
    if (arg_is(op, len, "nocommands") || arg_is(op, len, "-@all")) {
        memset(s->cmds, 0, (size_t)nwords() * sizeof(uint64_t));
        s->flags &= ~ACL_SEL_ALLCMDS;
        mem_free(s->rules);
        s->rules = NULL;
        return RE_OK;
    }
    if (len >= 1 && (op[0] == '~' || op[0] == '%')) {
        unsigned rw = ACL_KEY_R | ACL_KEY_W;
        size_t i = 1;
        if (op[0] == '%') {
            rw = 0;
            for (; i < len && op[i] != '~'; i++) {
                if (op[i] == 'R' || op[i] == 'r')
                    rw |= ACL_KEY_R;
                else if (op[i] == 'W' || op[i] == 'w')
                    rw |= ACL_KEY_W;
                else
                    return RE_SYNTAX;
            }
            if (i == len || rw == 0) return RE_SYNTAX;
            i++;
        }
        if (s->flags & ACL_SEL_ALLKEYS) return RE_KEYS_AFTER_ALL;
        if (rw == (ACL_KEY_R | ACL_KEY_W) && len - i == 1 && op[i] == '*') {
            s->flags |= ACL_SEL_ALLKEYS;
            pats_free(s->keys, s->nkeys);
            s->keys = NULL;
            s->nkeys = 0;
            return RE_OK;
        }
        pat_add(&s->keys, &s->nkeys, op + i, len - i, rw);
        return RE_OK;
    }
    if (len >= 1 && op[0] == '&') {
        if (s->flags & ACL_SEL_ALLCHANS) return RE_CHANS_AFTER_ALL;
        pat_add(&s->chans, &s->nchans, op + 1, len - 1, 0);
        return RE_OK;
    }
    if (len >= 2 && (op[0] == '+' || op[0] == '-')) return command_rule(s, op, len);
    return RE_SYNTAX;
}

static int hex_digest(const char *p, size_t len, unsigned char out[SHA256_LEN])
{
    if (len != 2 * SHA256_LEN) return 0;
    for (size_t i = 0; i < len; i++) {
        char ch = p[i];
        int v = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
        if (v < 0) return 0;
        if (i % 2 == 0)
            out[i / 2] = (unsigned char)(v << 4);
        else
            out[i / 2] |= (unsigned char)v;
    }
    return 1;
}

static void pass_add(struct acl_user *u, const unsigned char d[SHA256_LEN])
{
    for (int i = 0; i < u->npass; i++)
        if (memcmp(u->pass[i], d, SHA256_LEN) == 0) return;
    u->pass = mem_realloc(u->pass, (size_t)(u->npass + 1) * SHA256_LEN);
    memcpy(u->pass[u->npass++], d, SHA256_LEN);
}

static int pass_del(struct acl_user *u, const unsigned char d[SHA256_LEN])
{
    for (int i = 0; i < u->npass; i++) {
        if (memcmp(u->pass[i], d, SHA256_LEN) == 0) {
            memmove(u->pass[i], u->pass[i + 1], (size_t)(u->npass - i - 1) * SHA256_LEN);
            u->npass--;
            return 1;
        }
    }
    return 0;
}

static void clear_selectors(struct acl_user *u)
{
    for (int i = 1; i < u->nsel; i++)
        sel_free(&u->sel[i]);
    u->nsel = 1;
}

static enum rule_err user_rule(struct acl_user *u, const char *op, size_t len);

/* A selector "(rule rule ...)" of an already merged argument. */
static enum rule_err add_selector(struct acl_user *u, const char *op, size_t len)
{
    struct acl_selector s;
    sel_init(&s);
    if (CONFIG_GET(acl_pubsub_default) == 0) s.flags |= ACL_SEL_ALLCHANS;
    size_t i = 1, end = len - 1;
    while (i < end) {
        while (i < end && op[i] == ' ')
            i++;
        size_t j = i;
        while (j < end && op[j] != ' ')
            j++;
        if (j > i) {
            enum rule_err e = sel_rule(&s, op + i, j - i);
            if (e) {
                sel_free(&s);
                return e == RE_SYNTAX ? RE_SYNTAX : e;
            }
        }
        i = j;
    }
    u->sel = mem_realloc(u->sel, (size_t)(u->nsel + 1) * sizeof *u->sel);
    u->sel[u->nsel++] = s;
    return RE_OK;
}

static enum rule_err user_rule(struct acl_user *u, const char *op, size_t len)
{
    unsigned char d[SHA256_LEN];
    if (arg_is(op, len, "on")) {
        u->flags |= ACL_ON;
    } else if (arg_is(op, len, "off")) {
        u->flags &= ~ACL_ON;
    } else if (arg_is(op, len, "skip-sanitize-payload")) {
        u->flags = (u->flags & ~ACL_SANITIZE) | ACL_SKIP_SANITIZE;
    } else if (arg_is(op, len, "sanitize-payload")) {
        u->flags = (u->flags & ~ACL_SKIP_SANITIZE) | ACL_SANITIZE;
    } else if (arg_is(op, len, "nopass")) {
        u->flags |= ACL_NOPASS;
        u->npass = 0;
    } else if (arg_is(op, len, "resetpass")) {
        u->flags &= ~ACL_NOPASS;
        u->npass = 0;
    } else if (len >= 1 && op[0] == '>') {
        sha256(op + 1, len - 1, d);
        pass_add(u, d);
        u->flags &= ~ACL_NOPASS;
    } else if (len >= 1 && op[0] == '#') {
        if (!hex_digest(op + 1, len - 1, d)) return RE_BADHASH;
        pass_add(u, d);
        u->flags &= ~ACL_NOPASS;
    } else if (len >= 1 && op[0] == '<') {
        sha256(op + 1, len - 1, d);
        if (!pass_del(u, d)) return RE_NOPASS;
        u->flags &= ~ACL_NOPASS;
    } else if (len >= 1 && op[0] == '!') {
        if (!hex_digest(op + 1, len - 1, d)) return RE_BADHASH;
        if (!pass_del(u, d)) return RE_NOPASS;
        u->flags &= ~ACL_NOPASS;
    } else if (arg_is(op, len, "clearselectors")) {
        clear_selectors(u);
    } else if (arg_is(op, len, "reset")) {
        u->flags = ACL_SANITIZE;
        u->npass = 0;
        clear_selectors(u);
        struct acl_selector *r = &u->sel[0];
        sel_rule(r, "resetkeys", 9);
        sel_rule(r, "resetchannels", 13);
        if (CONFIG_GET(acl_pubsub_default) == 0) r->flags |= ACL_SEL_ALLCHANS;
        sel_rule(r, "-@all", 5);
    } else if (len >= 2 && op[0] == '(' && op[len - 1] == ')') {
        return add_selector(u, op, len);
    } else {
        return sel_rule(&u->sel[0], op, len);
    }
    return RE_OK;
}

/* Redis merges the arguments of a selector written over several ("(~a" "+get)") into one. */
static int apply_rules(struct acl_user *u, int argc, const struct resp_arg *argv, char *err,
                       size_t errcap)
{
    for (int i = 0; i < argc; i++) {
        const char *op = argv[i].ptr;
        size_t len = argv[i].len;
        char *merged = NULL;
        if (len && op[0] == '(' && op[len - 1] != ')') {
            size_t total = len;
            int j = i + 1;
            for (; j < argc; j++) {
                total += 1 + argv[j].len;
                if (argv[j].len && argv[j].ptr[argv[j].len - 1] == ')') break;
            }
            if (j == argc) {
                snprintf(err, errcap,
                         "ERR Unmatched parenthesis in acl selector starting at '%.*s'.",
                         (int)(len > 128 ? 128 : len), op);
                return -1;
            }
            merged = mem_alloc(total + 1);
            size_t n = 0;
            for (int k = i; k <= j; k++) {
                if (k > i) merged[n++] = ' ';
                memcpy(merged + n, argv[k].ptr, argv[k].len);
                n += argv[k].len;
            }
            op = merged;
            len = n;
            i = j;
        }
        enum rule_err e = user_rule(u, op, len);
        if (e) {
            snprintf(err, errcap, "ERR Error in ACL SETUSER modifier '%.*s': %s",
                     (int)(len > 128 ? 128 : len), op, rule_err_text(e));
            mem_free(merged);
            return -1;
        }
        mem_free(merged);
    }
    return 0;
}

/* ---- requirepass and start-up ---- */

/* The default user follows requirepass as Redis's does: CONFIG SET requirepass resets its
 * passwords. Compared by pointer: config.c replaces the string on every set. acl_lock held. */
static void sync_requirepass_locked(void)
{
    const char *rp = g_config.requirepass;
    if (rp == applied_requirepass) return;
    applied_requirepass = rp;
    struct acl_user *u = user_dup(atomic_load_explicit(&default_slot->cur, memory_order_relaxed));
    u->npass = 0;
    if (rp && rp[0]) {
        unsigned char d[SHA256_LEN];
        sha256(rp, strlen(rp), d);
        pass_add(u, d);
        u->flags &= ~ACL_NOPASS;
    } else {
        u->flags |= ACL_NOPASS;
    }
    publish(default_slot, u);
}

static void sync_requirepass(void)
{
    if (__builtin_expect(CONFIG_GET_STR(requirepass) == applied_requirepass, 1)) return;
    pthread_mutex_lock(&acl_lock);
    sync_requirepass_locked();
    pthread_mutex_unlock(&acl_lock);
}

static struct acl_user *default_user_new(void)
{
    struct acl_user *u = user_new("default", 7);
    u->flags = ACL_ON | ACL_NOPASS;
    sel_rule(&u->sel[0], "+@all", 5);
    sel_rule(&u->sel[0], "~*", 2);
    sel_rule(&u->sel[0], "&*", 2);
    return u;
}

static int load_lines(const char *text, int from_file, char *err, size_t errcap);
static uint8_t *use_by_id; /* enum key_use by command id, from key_uses (acl_init) */
static void key_uses_init(void);

int acl_init(char *err, size_t errcap)
{
    cmd_publish = orig_command("publish", 7);
    cmd_spublish = orig_command("spublish", 8);
    cmd_subscribe = orig_command("subscribe", 9);
    cmd_ssubscribe = orig_command("ssubscribe", 10);
    cmd_psubscribe = orig_command("psubscribe", 10);
    if (!use_by_id) key_uses_init();
    pthread_mutex_lock(&acl_lock);
    if (!default_slot) default_slot = add_slot(default_user_new());
    applied_requirepass = NULL;
    sync_requirepass_locked();
    pthread_mutex_unlock(&acl_lock);
    const char *file = g_config.aclfile;
    const char *lines = g_config.acl_users;
    if (file && file[0] && lines && lines[0]) {
        snprintf(err, errcap,
                 "Configuring Redis with users defined in redis.conf and at the same setting an "
                 "ACL file path is invalid. This setup is very likely to lead to configuration "
                 "errors and security holes, please define either an ACL file or declare users "
                 "directly in your redis.conf, but not both.");
        return -1;
    }
    if (lines && lines[0]) return load_lines(lines, 0, err, errcap);
    if (file && file[0]) return acl_load_file(err, errcap);
    return 0;
}

struct acl_slot *acl_default_slot(void)
{
    return default_slot;
}

int acl_default_nopass(void)
{
    sync_requirepass();
    const struct acl_user *u = acl_user_of(default_slot);
    return (u->flags & (ACL_ON | ACL_NOPASS)) == (ACL_ON | ACL_NOPASS);
}

/* ---- authentication ---- */

static int digest_equal(const unsigned char *a, const unsigned char *b)
{
    unsigned char diff = 0;
    for (int i = 0; i < SHA256_LEN; i++)
        diff |= a[i] ^ b[i];
    return diff == 0;
}

struct acl_slot *acl_find(const char *name, size_t nlen)
{
    pthread_mutex_lock(&acl_lock);
    struct acl_slot *slot = find_slot(name, nlen);
    pthread_mutex_unlock(&acl_lock);
    return slot;
}

struct acl_slot *acl_authenticate(const char *name, size_t nlen, const char *pass, size_t plen)
{
    sync_requirepass();
    unsigned char d[SHA256_LEN];
    sha256(pass, plen, d);
    pthread_mutex_lock(&acl_lock);
    struct acl_slot *slot = find_slot(name, nlen);
    struct acl_slot *ok = NULL;
    if (slot) {
        const struct acl_user *u = acl_user_of(slot);
        if (u->flags & ACL_ON) {
            if (u->flags & ACL_NOPASS) ok = slot;
            for (int i = 0; i < u->npass && !ok; i++)
                if (digest_equal(u->pass[i], d)) ok = slot;
        }
    }
    pthread_mutex_unlock(&acl_lock);
    return ok;
}

/* ---- the check ---- */

static int pattern_match(const struct acl_pattern *p, const char *s, size_t len)
{
    return glob_match(p->p, p->len, s, len, 0);
}

static int channel_ok(const struct acl_selector *s, const char *ch, size_t len, int literal)
{
    for (int i = 0; i < s->nchans; i++) {
        const struct acl_pattern *p = &s->chans[i];
        if (literal ? (p->len == len && memcmp(p->p, ch, len) == 0) : pattern_match(p, ch, len))
            return 1;
    }
    return 0;
}

int acl_channel_allowed(const struct acl_user *u, const char *name, size_t len, int pattern)
{
    for (int i = 0; i < u->nsel; i++)
        if ((u->sel[i].flags & ACL_SEL_ALLCHANS) || channel_ok(&u->sel[i], name, len, pattern))
            return 1;
    return 0;
}

/* What a command does with its keys, where its read/write flag does not say it all (Redis
 * decides from each key spec's ACCESS, INSERT, DELETE and UPDATE flags). */
enum key_use {
    KU_PLAIN,         /* readonly: read; write: write only (SET, LPUSH, DEL, HSET...) */
    KU_ACCESS_ALL,    /* reads and writes every key (INCR, LPOP, GETDEL...) */
    KU_ACCESS_FIRST,  /* reads and writes the first, writes the others (RENAME, LMOVE...) */
    KU_DEST_FIRST,    /* writes the first, reads the others (SINTERSTORE, BITOP...) */
    KU_DEST_FIRST_RW, /* reads and writes the first, reads the others (PFMERGE) */
    KU_SRC_FIRST,     /* reads the first, writes the others (COPY, SORT ... STORE) */
    KU_NO_ACCESS,     /* readonly, without reading the value (EXISTS, TYPE, STRLEN...): any
                         pattern that matches will do */
};

static const struct {
    const char *name;
    enum key_use use;
} key_uses[] = {
    {"getset", KU_ACCESS_ALL},
    {"incr", KU_ACCESS_ALL},
    {"decr", KU_ACCESS_ALL},
    {"incrby", KU_ACCESS_ALL},
    {"decrby", KU_ACCESS_ALL},
    {"incrbyfloat", KU_ACCESS_ALL},
    {"lpop", KU_ACCESS_ALL},
    {"rpop", KU_ACCESS_ALL},
    {"spop", KU_ACCESS_ALL},
    {"zpopmin", KU_ACCESS_ALL},
    {"zpopmax", KU_ACCESS_ALL},
    {"lmpop", KU_ACCESS_ALL},
    {"zmpop", KU_ACCESS_ALL},
    {"blpop", KU_ACCESS_ALL},
    {"brpop", KU_ACCESS_ALL},
    {"bzpopmin", KU_ACCESS_ALL},
    {"bzpopmax", KU_ACCESS_ALL},
    {"blmpop", KU_ACCESS_ALL},
    {"bzmpop", KU_ACCESS_ALL},
    {"hincrby", KU_ACCESS_ALL},
    {"hincrbyfloat", KU_ACCESS_ALL},
    {"zincrby", KU_ACCESS_ALL},
    {"setbit", KU_ACCESS_ALL},
    {"getdel", KU_ACCESS_ALL},
    {"getex", KU_ACCESS_ALL},
    {"bitfield", KU_ACCESS_ALL},
    {"rename", KU_ACCESS_FIRST},
    {"renamenx", KU_ACCESS_FIRST},
    {"smove", KU_ACCESS_FIRST},
    {"lmove", KU_ACCESS_FIRST},
    {"rpoplpush", KU_ACCESS_FIRST},
    {"blmove", KU_ACCESS_FIRST},
    {"brpoplpush", KU_ACCESS_FIRST},
    {"sinterstore", KU_DEST_FIRST},
    {"sunionstore", KU_DEST_FIRST},
    {"sdiffstore", KU_DEST_FIRST},
    {"zunionstore", KU_DEST_FIRST},
    {"zinterstore", KU_DEST_FIRST},
    {"zdiffstore", KU_DEST_FIRST},
    {"zrangestore", KU_DEST_FIRST},
    {"geosearchstore", KU_DEST_FIRST},
    {"bitop", KU_DEST_FIRST},
    {"pfmerge", KU_DEST_FIRST_RW},
    {"copy", KU_SRC_FIRST},
    {"sort", KU_SRC_FIRST},
    {"georadius", KU_SRC_FIRST},
    {"georadiusbymember", KU_SRC_FIRST},
    {"exists", KU_NO_ACCESS},
    {"type", KU_NO_ACCESS},
    {"touch", KU_NO_ACCESS},
    {"object|encoding", KU_NO_ACCESS},
    {"object|freq", KU_NO_ACCESS},
    {"object|idletime", KU_NO_ACCESS},
    {"object|refcount", KU_NO_ACCESS},
    {"sismember", KU_NO_ACCESS},
    {"strlen", KU_NO_ACCESS},
    {"hexists", KU_NO_ACCESS},
    {"hlen", KU_NO_ACCESS},
    {"llen", KU_NO_ACCESS},
    {"scard", KU_NO_ACCESS},
    {"zcard", KU_NO_ACCESS},
    {"hstrlen", KU_NO_ACCESS},
    {"memory|usage", KU_NO_ACCESS},
    {"xlen", KU_NO_ACCESS},
};

static const struct command *cmd_set;

static void key_uses_init(void)
{
    use_by_id = mem_calloc((size_t)cmd_id_count(), 1);
    for (size_t i = 0; i < sizeof key_uses / sizeof key_uses[0]; i++) {
        const struct command *c = orig_command(key_uses[i].name, strlen(key_uses[i].name));
        if (c) use_by_id[c->id] = (uint8_t)key_uses[i].use;
    }
    cmd_set = orig_command("set", 3);
}

static enum key_use key_use_of(const struct command *cmd, int argc, const struct resp_arg *argv)
{
    if (cmd == cmd_set) {
        /* SET ... GET reads the old value */
        for (int i = 3; i < argc; i++)
            if (arg_is(argv[i].ptr, argv[i].len, "get")) return KU_ACCESS_ALL;
        return KU_PLAIN;
    }
    return (enum key_use)use_by_id[cmd->id];
}

/* The permissions the k-th key of the command line needs. */
static unsigned key_needs(const struct command *cmd, enum key_use use, int k)
{
    const unsigned R = ACL_KEY_R, W = ACL_KEY_W;
    switch (use) {
    case KU_ACCESS_ALL:
        return R | W;
    case KU_ACCESS_FIRST:
        return k == 0 ? R | W : W;
    case KU_DEST_FIRST:
        return k == 0 ? W : R;
    case KU_DEST_FIRST_RW:
        return k == 0 ? R | W : R;
    case KU_SRC_FIRST:
        return k == 0 ? R : W;
    case KU_NO_ACCESS:
        return 0;
    default:
        break;
    }
    return (cmd->flags & CMD_WRITE) ? W : (cmd->flags & CMD_READONLY) ? R : 0;
}

static enum acl_result sel_check(const struct acl_selector *s, const struct command *cmd, int argc,
                                 const struct resp_arg *argv, int *pos)
{
    if (!(cmd->flags & CMD_NO_AUTH) && !bit_get(s->cmds, cmd->id)) return ACL_DENIED_CMD;
    if (!(s->flags & ACL_SEL_ALLKEYS)) {
        int stackkeys[64];
        int *keys = argc <= 64 ? stackkeys : mem_alloc((size_t)argc * sizeof(int));
        int n = cmd_key_positions(cmd, argc, argv, keys, argc);
        enum key_use use = key_use_of(cmd, argc, argv);
        for (int k = 0; k < n; k++) {
            const struct resp_arg *key = &argv[keys[k]];
            unsigned need = key_needs(cmd, use, k);
            int ok = 0;
            for (int i = 0; i < s->nkeys && !ok; i++)
                ok = (s->keys[i].rw & need) == need &&
                     pattern_match(&s->keys[i], key->ptr, key->len);
            if (!ok) {
                *pos = keys[k];
                if (keys != stackkeys) mem_free(keys);
                return ACL_DENIED_KEY;
            }
        }
        if (keys != stackkeys) mem_free(keys);
    }
    if (!(s->flags & ACL_SEL_ALLCHANS)) {
        int first = 0, last = -1, literal = 0;
        if (cmd == cmd_publish || cmd == cmd_spublish) {
            first = last = 1;
        } else if (cmd == cmd_subscribe || cmd == cmd_ssubscribe) {
            first = 1;
            last = argc - 1;
        } else if (cmd == cmd_psubscribe) {
            first = 1;
            last = argc - 1;
            literal = 1;
        }
        for (int i = first; i <= last && i < argc; i++) {
            if (!channel_ok(s, argv[i].ptr, argv[i].len, literal)) {
                *pos = i;
                return ACL_DENIED_CHANNEL;
            }
        }
    }
    return ACL_OK;
}

enum acl_result acl_check(const struct acl_user *u, const struct command *cmd, int argc,
                          const struct resp_arg *argv, int *pos)
{
    if (u->flags & ACL_ALLPERM) return ACL_OK;
    enum acl_result worst = ACL_DENIED_CMD;
    int worst_pos = 0;
    for (int i = 0; i < u->nsel; i++) {
        int p = 0;
        enum acl_result r = sel_check(&u->sel[i], cmd, argc, argv, &p);
        if (r == ACL_OK) return ACL_OK;
        if (r > worst || (r == worst && p > worst_pos)) {
            worst = r;
            worst_pos = p;
        }
    }
    *pos = worst_pos;
    return worst;
}

int acl_refuse(struct session *s, const struct command *cmd, int argc, const struct resp_arg *argv,
               char *msg, size_t cap)
{
    const struct acl_user *u = acl_user_of(s->user);
    if (u->flags & ACL_DELETED) {
        msg[0] = '\0';
        session_close_after_reply(s);
        return 1;
    }
    int pos = 0;
    enum acl_result r = acl_check(u, cmd, argc, argv, &pos);
    if (r == ACL_OK) return 0;
    if (r == ACL_DENIED_CMD) {
        acl_log_add(s, r, s->multi != NULL, cmd->name, strlen(cmd->name), u->name);
        snprintf(msg, cap, "NOPERM this user has no permissions to run the '%s' command",
                 cmd->name);
    } else {
        acl_log_add(s, r, s->multi != NULL, argv[pos].ptr, argv[pos].len, u->name);
        snprintf(msg, cap,
                 "NOPERM this user has no permissions to access one of the %s used as "
                 "arguments",
                 r == ACL_DENIED_KEY ? "keys" : "channels");
    }
    return 1;
}

int acl_dryrun(const char *name, size_t nlen, struct reply *r, const struct command *cmd, int argc,
               const struct resp_arg *argv)
{
    pthread_mutex_lock(&acl_lock);
    struct acl_slot *slot = find_slot(name, nlen);
    int pos = 0;
    enum acl_result res = slot ? acl_check(acl_user_of(slot), cmd, argc, argv, &pos) : ACL_OK;
    pthread_mutex_unlock(&acl_lock);
    if (!slot) return -1;
    if (res == ACL_OK) return 0;
    char msg[400];
    if (res == ACL_DENIED_CMD)
        snprintf(msg, sizeof msg, "This user has no permissions to run the '%s' command",
                 cmd->name);
    else
        snprintf(msg, sizeof msg, "This user has no permissions to access the '%.*s' %s",
                 (int)(argv[pos].len > 200 ? 200 : argv[pos].len), argv[pos].ptr,
                 res == ACL_DENIED_KEY ? "key" : "channel");
    reply_bulk_cstr(r, msg);
    return 1;
}

int acl_exec_refuse(struct session *s, const struct command *cmd, int argc,
                    const struct resp_arg *argv, char *msg, size_t cap)
{
    const struct acl_user *u = acl_user_of(s->user);
    int pos = 0;
    enum acl_result r = acl_check(u, cmd, argc, argv, &pos);
    if (r == ACL_OK) return 0;
    const char *reason = r == ACL_DENIED_CMD ? "no permission to execute the command or subcommand"
                         : r == ACL_DENIED_KEY ? "no permission to touch the specified keys"
                                               : "no permission to access one of the channels used "
                                                 "as arguments";
    if (r == ACL_DENIED_CMD)
        acl_log_add(s, r, 1, cmd->name, strlen(cmd->name), u->name);
    else
        acl_log_add(s, r, 1, argv[pos].ptr, argv[pos].len, u->name);
    snprintf(msg, cap,
             "NOPERM ACLs rules changed between the moment the transaction was accumulated and "
             "the EXEC call. This command is no longer allowed for the following reason: %s",
             reason);
    return 1;
}

/* ---- ACL SETUSER / DELUSER ---- */

static int setuser_locked(const char *name, size_t nlen, int argc, const struct resp_arg *argv,
                          char *err, size_t errcap)
{
    struct acl_slot *slot = find_slot(name, nlen);
    struct acl_user *u = slot ? user_dup(acl_user_of(slot)) : user_new(name, nlen);
    if (apply_rules(u, argc, argv, err, errcap) < 0) {
        user_free(u);
        return -1;
    }
    if (slot)
        publish(slot, u);
    else
        add_slot(u);
    return 0;
}

int acl_setuser(const char *name, size_t nlen, int argc, const struct resp_arg *argv, char *err,
                size_t errcap)
{
    sync_requirepass();
    pthread_mutex_lock(&acl_lock);
    int rc = setuser_locked(name, nlen, argc, argv, err, errcap);
    pthread_mutex_unlock(&acl_lock);
    return rc;
}

/* The slot stays: sessions of the user find ACL_DELETED in it and are closed. acl_lock held. */
static void delete_slot(struct acl_slot *slot)
{
    struct acl_slot **pp = &users;
    while (*pp != slot)
        pp = &(*pp)->next;
    *pp = slot->next;
    slot->next = deleted;
    deleted = slot;
    struct acl_user *u = user_dup(acl_user_of(slot));
    u->flags = ACL_DELETED;
    publish(slot, u);
}

int acl_deluser(const char *name, size_t nlen)
{
    pthread_mutex_lock(&acl_lock);
    struct acl_slot *slot = find_slot(name, nlen);
    if (slot) delete_slot(slot);
    pthread_mutex_unlock(&acl_lock);
    return slot != NULL;
}

/* ---- describing users ---- */

struct sbuf {
    char *p;
    size_t len, cap;
};

static void sb_add(struct sbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2 + 64;
        b->p = mem_realloc(b->p, b->cap);
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_cstr(struct sbuf *b, const char *s)
{
    sb_add(b, s, strlen(s));
}

static void sb_sep(struct sbuf *b)
{
    if (b->len) sb_add(b, " ", 1);
}

static int is_leaf(const struct command *c)
{
    return !c->subcommands;
}

static void describe_cmds(const struct acl_selector *s, struct sbuf *b)
{
    sb_sep(b);
    sb_cstr(b, (s->flags & ACL_SEL_ALLCMDS) ? "+@all" : "-@all");
    if (s->rules && s->rules[0]) {
        sb_cstr(b, " ");
        sb_cstr(b, s->rules);
    }
}

static void describe_keys(const struct acl_selector *s, struct sbuf *b)
{
    if (s->flags & ACL_SEL_ALLKEYS) {
        sb_sep(b);
        sb_cstr(b, "~*");
        return;
    }
    for (int i = 0; i < s->nkeys; i++) {
        sb_sep(b);
        const struct acl_pattern *p = &s->keys[i];
        sb_cstr(b, p->rw == ACL_KEY_R ? "%R~" : p->rw == ACL_KEY_W ? "%W~" : "~");
        sb_add(b, p->p, p->len);
    }
}

static void describe_chans(const struct acl_selector *s, struct sbuf *b)
{
    if (s->flags & ACL_SEL_ALLCHANS) {
        sb_sep(b);
        sb_cstr(b, "&*");
        return;
    }
    for (int i = 0; i < s->nchans; i++) {
        sb_sep(b);
        sb_cstr(b, "&");
        sb_add(b, s->chans[i].p, s->chans[i].len);
    }
}

/* ACL LIST's form of a selector: keys, channels (after resetchannels), commands. */
static void describe_selector(const struct acl_selector *s, struct sbuf *b)
{
    describe_keys(s, b);
    if (!(s->flags & ACL_SEL_ALLCHANS)) {
        sb_sep(b);
        sb_cstr(b, "resetchannels");
    }
    describe_chans(s, b);
    describe_cmds(s, b);
}

static void hex(const unsigned char *d, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < SHA256_LEN; i++) {
        out[2 * i] = digits[d[i] >> 4];
        out[2 * i + 1] = digits[d[i] & 15];
    }
    out[2 * SHA256_LEN] = '\0';
}

static void describe_flags(const struct acl_user *u, struct sbuf *b)
{
    sb_sep(b);
    sb_cstr(b, (u->flags & ACL_ON) ? "on" : "off");
    if (u->flags & ACL_NOPASS) sb_cstr(b, " nopass");
    if (u->flags & ACL_SANITIZE) sb_cstr(b, " sanitize-payload");
    if (u->flags & ACL_SKIP_SANITIZE) sb_cstr(b, " skip-sanitize-payload");
}

static char *describe_user(const struct acl_user *u)
{
    struct sbuf b = {0};
    sb_cstr(&b, u->name);
    describe_flags(u, &b);
    for (int i = 0; i < u->npass; i++) {
        char h[2 * SHA256_LEN + 2];
        h[0] = '#';
        hex(u->pass[i], h + 1);
        sb_sep(&b);
        sb_cstr(&b, h);
    }
    describe_selector(&u->sel[0], &b);
    for (int i = 1; i < u->nsel; i++) {
        struct sbuf sb = {0};
        describe_selector(&u->sel[i], &sb);
        sb_cstr(&b, " (");
        sb_add(&b, sb.p, sb.len);
        sb_cstr(&b, ")");
        mem_free(sb.p);
    }
    return b.p;
}

char *acl_describe(const char *name, size_t nlen)
{
    pthread_mutex_lock(&acl_lock);
    struct acl_slot *slot = find_slot(name, nlen);
    char *d = slot ? describe_user(acl_user_of(slot)) : NULL;
    pthread_mutex_unlock(&acl_lock);
    return d;
}

static void reply_sbuf(struct reply *r, struct sbuf *b)
{
    reply_bulk(r, b->p ? b->p : "", b->len);
    mem_free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

static void reply_selector_map(struct reply *r, const struct acl_selector *s)
{
    struct sbuf b = {0};
    reply_bulk_cstr(r, "commands");
    describe_cmds(s, &b);
    reply_sbuf(r, &b);
    reply_bulk_cstr(r, "keys");
    describe_keys(s, &b);
    reply_sbuf(r, &b);
    reply_bulk_cstr(r, "channels");
    describe_chans(s, &b);
    reply_sbuf(r, &b);
}

int acl_reply_getuser(struct reply *r, const char *name, size_t nlen)
{
    sync_requirepass();
    pthread_mutex_lock(&acl_lock);
    struct acl_slot *slot = find_slot(name, nlen);
    if (!slot) {
        pthread_mutex_unlock(&acl_lock);
        return 0;
    }
    const struct acl_user *u = acl_user_of(slot);
    reply_map(r, 6);
    reply_bulk_cstr(r, "flags");
    const char *flags[4];
    size_t nf = 0;
    flags[nf++] = (u->flags & ACL_ON) ? "on" : "off";
    if (u->flags & ACL_NOPASS) flags[nf++] = "nopass";
    if (u->flags & ACL_SANITIZE) flags[nf++] = "sanitize-payload";
    if (u->flags & ACL_SKIP_SANITIZE) flags[nf++] = "skip-sanitize-payload";
    reply_set(r, nf);
    for (size_t i = 0; i < nf; i++)
        reply_bulk_cstr(r, flags[i]);
    reply_bulk_cstr(r, "passwords");
    reply_array(r, (size_t)u->npass);
    for (int i = 0; i < u->npass; i++) {
        char h[2 * SHA256_LEN + 1];
        hex(u->pass[i], h);
        reply_bulk_cstr(r, h);
    }
    reply_selector_map(r, &u->sel[0]);
    reply_bulk_cstr(r, "selectors");
    reply_array(r, (size_t)(u->nsel - 1));
    for (int i = 1; i < u->nsel; i++) {
        reply_map(r, 3);
        reply_selector_map(r, &u->sel[i]);
    }
    pthread_mutex_unlock(&acl_lock);
    return 1;
}

void acl_reply_list(struct reply *r, int names_only)
{
    sync_requirepass();
    pthread_mutex_lock(&acl_lock);
    size_t n = 0;
    for (struct acl_slot *s = users; s; s = s->next)
        n++;
    /* Redis lists users sorted by name (its rax). */
    const struct acl_user **sorted = mem_alloc((n ? n : 1) * sizeof *sorted);
    n = 0;
    for (struct acl_slot *s = users; s; s = s->next)
        sorted[n++] = acl_user_of(s);
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && strcmp(sorted[j - 1]->name, sorted[j]->name) > 0; j--) {
            const struct acl_user *t = sorted[j];
            sorted[j] = sorted[j - 1];
            sorted[j - 1] = t;
        }
    reply_array(r, n);
    for (size_t i = 0; i < n; i++) {
        if (names_only) {
            reply_bulk_cstr(r, sorted[i]->name);
            continue;
        }
        char *d = describe_user(sorted[i]);
        struct sbuf b = {0};
        sb_cstr(&b, "user ");
        sb_cstr(&b, d);
        mem_free(d);
        reply_sbuf(r, &b);
    }
    mem_free(sorted);
    pthread_mutex_unlock(&acl_lock);
}

int acl_reply_cat(struct reply *r, const char *cat, size_t len)
{
    if (!cat) {
        int n = cmd_acl_category_count();
        reply_array(r, (size_t)n);
        for (int i = 0; i < n; i++)
            reply_bulk_cstr(r, cmd_acl_category_name(i));
        return 0;
    }
    int c = cat_index(cat, len);
    if (c < 0) return -1;
    int n = cmd_id_count();
    size_t count = 0;
    for (int i = 0; i < n; i++) {
        const struct command *cmd = cmd_by_id(i);
        if (is_leaf(cmd) && (cmd_acl_categories(cmd) & (1u << c))) count++;
    }
    reply_array(r, count);
    for (int i = 0; i < n; i++) {
        const struct command *cmd = cmd_by_id(i);
        if (is_leaf(cmd) && (cmd_acl_categories(cmd) & (1u << c))) reply_bulk_cstr(r, cmd->name);
    }
    return 0;
}

/* ---- ACL LOG ---- */

struct log_entry {
    long long count;
    enum acl_result reason;
    int multi;
    char *object, *username, *client_info;
    long long ctime_ms;
};

static struct log_entry *acllog; /* newest first */
static size_t nlog;

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void entry_free(struct log_entry *e)
{
    mem_free(e->object);
    mem_free(e->username);
    mem_free(e->client_info);
}

void acl_log_add(struct session *s, enum acl_result reason, int multi, const char *object,
                 size_t olen, const char *username)
{
    struct reply info;
    reply_init(&info, 2);
    session_describe(s, &info);
    size_t ilen = info.len;
    while (ilen && (info.data[ilen - 1] == '\n' || info.data[ilen - 1] == '\r'))
        ilen--;
    long long now = now_ms();
    long long maxlen = CONFIG_GET(acllog_max_len);
    pthread_mutex_lock(&acl_lock);
    /* Redis groups a repeat of a recent entry (same reason, context, object and user). */
    size_t found = nlog;
    for (size_t i = 0; i < nlog; i++) {
        struct log_entry *e = &acllog[i];
        if (e->reason == reason && e->multi == multi && strlen(e->object) == olen &&
            memcmp(e->object, object, olen) == 0 && strcmp(e->username, username) == 0 &&
            now - e->ctime_ms < 60000) {
            found = i;
            break;
        }
    }
    struct log_entry e;
    if (found < nlog) {
        e = acllog[found];
        e.count++;
        e.ctime_ms = now;
        mem_free(e.client_info);
        e.client_info = mem_strndup(info.data, ilen);
        memmove(&acllog[1], &acllog[0], found * sizeof e);
    } else {
        e = (struct log_entry){.count = 1,
                               .reason = reason,
                               .multi = multi,
                               .object = mem_strndup(object, olen),
                               .username = mem_strndup(username, strlen(username)),
                               .client_info = mem_strndup(info.data, ilen),
                               .ctime_ms = now};
        acllog = mem_realloc(acllog, (nlog + 1) * sizeof *acllog);
        memmove(&acllog[1], &acllog[0], nlog * sizeof e);
        nlog++;
    }
    acllog[0] = e;
    while (nlog > 0 && (long long)nlog > maxlen)
        entry_free(&acllog[--nlog]);
    pthread_mutex_unlock(&acl_lock);
    reply_free(&info);
}

static const char *reason_name(enum acl_result r)
{
    switch (r) {
    case ACL_DENIED_CMD:
        return "command";
    case ACL_DENIED_KEY:
        return "key";
    case ACL_DENIED_CHANNEL:
        return "channel";
    case ACL_DENIED_AUTH:
        return "auth";
    default:
        return "unknown";
    }
}

void acl_log_reply(struct reply *r, long count)
{
    pthread_mutex_lock(&acl_lock);
    size_t n = count < 0 || (size_t)count > nlog ? nlog : (size_t)count;
    long long now = now_ms();
    reply_array(r, n);
    for (size_t i = 0; i < n; i++) {
        const struct log_entry *e = &acllog[i];
        reply_map(r, 7);
        reply_bulk_cstr(r, "count");
        reply_int(r, e->count);
        reply_bulk_cstr(r, "reason");
        reply_bulk_cstr(r, reason_name(e->reason));
        reply_bulk_cstr(r, "context");
        reply_bulk_cstr(r, e->multi ? "multi" : "toplevel");
        reply_bulk_cstr(r, "object");
        reply_bulk_cstr(r, e->object);
        reply_bulk_cstr(r, "username");
        reply_bulk_cstr(r, e->username);
        reply_bulk_cstr(r, "age-seconds");
        reply_double(r, (double)(now - e->ctime_ms) / 1000.0);
        reply_bulk_cstr(r, "client-info");
        reply_bulk_cstr(r, e->client_info);
    }
    pthread_mutex_unlock(&acl_lock);
}

void acl_log_reset(void)
{
    pthread_mutex_lock(&acl_lock);
    for (size_t i = 0; i < nlog; i++)
        entry_free(&acllog[i]);
    nlog = 0;
    pthread_mutex_unlock(&acl_lock);
}

/* ---- aclfile ---- */

/* "user <name> rules..." lines: all of them apply, or none (the users stay as they were).
 * from_file: the aclfile replaces every user, the default user included. */
static void load_error(char *err, size_t errcap, const char *label, int lineno, const char *fmt,
                       const char *arg)
{
    size_t n = strlen(err);
    if (n + 1 >= errcap) return;
    n += (size_t)snprintf(err + n, errcap - n, "%s:%d: ", label, lineno);
    if (n + 1 >= errcap) return;
    n += (size_t)snprintf(err + n, errcap - n, fmt, arg);
    if (n + 1 >= errcap) return;
    snprintf(err + n, errcap - n, ". ");
}

static int load_lines(const char *text, int from_file, char *err, size_t errcap)
{
    const char *label = from_file ? g_config.aclfile : "config";
    err[0] = '\0';
    pthread_mutex_lock(&acl_lock);
    /* Build every user aside first. */
    struct acl_user **built = NULL;
    size_t nbuilt = 0;
    int lineno = 0, rc = 0;
    const char *p = text;
    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        lineno++;
        char *line = mem_strndup(p, len);
        p += len + (eol ? 1 : 0);
        size_t ll = strlen(line);
        while (ll && (line[ll - 1] == '\r' || line[ll - 1] == ' '))
            line[--ll] = '\0';
        if (ll == 0 || line[0] == '#') {
            mem_free(line);
            continue;
        }
        struct resp_arg args[512];
        int argc = 0;
        char *save = NULL;
        for (char *tok = strtok_r(line, " ", &save); tok && argc < 512;
             tok = strtok_r(NULL, " ", &save))
            args[argc++] = (struct resp_arg){.ptr = tok, .len = strlen(tok)};
        if (argc < 2 || !arg_is(args[0].ptr, args[0].len, "user")) {
            load_error(err, errcap, label, lineno, "%s", "should start with user keyword");
            rc = -1;
        } else {
            int dup = 0;
            for (size_t i = 0; i < nbuilt && !dup; i++)
                if (strlen(built[i]->name) == args[1].len &&
                    memcmp(built[i]->name, args[1].ptr, args[1].len) == 0) {
                    load_error(err, errcap, label, lineno, "Duplicate user '%s' found",
                               built[i]->name);
                    rc = dup = -1;
                }
            if (!dup) {
                int isdef = arg_is(args[1].ptr, args[1].len, "default");
                struct acl_user *u =
                    isdef ? default_user_new() : user_new(args[1].ptr, args[1].len);
                if (isdef) {
                    /* a default line describes the user completely */
                    char e2[8];
                    struct resp_arg reset = {.ptr = "reset", .len = 5};
                    apply_rules(u, 1, &reset, e2, sizeof e2);
                }
                char e[512];
                if (apply_rules(u, argc - 2, args + 2, e, sizeof e) < 0) {
                    /* the reason alone, as Redis's file errors give it */
                    const char *why = strstr(e, "': ");
                    why = why ? why + 3 : (strncmp(e, "ERR ", 4) == 0 ? e + 4 : e);
                    size_t wl = strlen(why);
                    char reason[512];
                    snprintf(reason, sizeof reason, "%.*s",
                             (int)(wl && why[wl - 1] == '.' ? wl - 1 : wl), why);
                    load_error(err, errcap, label, lineno, "%s", reason);
                    user_free(u);
                    rc = -1;
                } else {
                    built = mem_realloc(built, (nbuilt + 1) * sizeof *built);
                    built[nbuilt++] = u;
                }
            }
        }
        mem_free(line);
    }
    if (rc == 0) {
        if (from_file) {
            /* ACL LOAD: users not in the file are gone; the default user keeps its defaults. */
            struct acl_slot *s = users;
            while (s) {
                struct acl_slot *next = s->next;
                if (s != default_slot) delete_slot(s);
                s = next;
            }
            publish(default_slot, default_user_new());
        }
        for (size_t i = 0; i < nbuilt; i++) {
            struct acl_slot *slot = find_slot(built[i]->name, strlen(built[i]->name));
            if (slot)
                publish(slot, built[i]);
            else
                add_slot(built[i]);
        }
    } else {
        for (size_t i = 0; i < nbuilt; i++)
            user_free(built[i]);
    }
    mem_free(built);
    pthread_mutex_unlock(&acl_lock);
    return rc;
}

int acl_load_file(char *err, size_t errcap)
{
    const char *path = g_config.aclfile;
    if (!path || !path[0]) {
        snprintf(err, errcap,
                 "ERR This Redis instance is not configured to use an ACL file. You "
                 "may want to specify users via the ACL SETUSER command and then "
                 "issue a CONFIG REWRITE (assuming you have a Redis configuration "
                 "file set) in order to store users in the Redis configuration.");
        return -1;
    }
    FILE *f = fopen(path, "r");
    if (!f) {
        snprintf(err, errcap, "ERR Error loading ACLs, opening file '%s': %m", path);
        return -1;
    }
    struct sbuf b = {0};
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        sb_add(&b, chunk, n);
    fclose(f);
    char e[2048];
    int rc = load_lines(b.p ? b.p : "", 1, e, sizeof e);
    mem_free(b.p);
    if (rc < 0)
        snprintf(err, errcap,
                 "ERR %sWARNING: ACL errors detected, no change to the previously active ACL "
                 "rules was performed",
                 e);
    return rc;
}

char *acl_user_lines(void)
{
    sync_requirepass();
    pthread_mutex_lock(&acl_lock);
    struct sbuf b = {0};
    for (struct acl_slot *s = users; s; s = s->next) {
        if (s == default_slot) continue;
        char *d = describe_user(acl_user_of(s));
        sb_cstr(&b, "user ");
        sb_cstr(&b, d);
        sb_cstr(&b, "\n");
        mem_free(d);
    }
    pthread_mutex_unlock(&acl_lock);
    return b.p;
}

int acl_save_file(char *err, size_t errcap)
{
    const char *path = g_config.aclfile;
    if (!path || !path[0]) {
        snprintf(err, errcap,
                 "ERR This Redis instance is not configured to use an ACL file. You "
                 "may want to specify users via the ACL SETUSER command and then "
                 "issue a CONFIG REWRITE (assuming you have a Redis configuration "
                 "file set) in order to store users in the Redis configuration.");
        return -1;
    }
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp-%d", path, (int)getpid());
    sync_requirepass();
    pthread_mutex_lock(&acl_lock);
    struct sbuf b = {0};
    for (struct acl_slot *s = users; s; s = s->next) {
        char *d = describe_user(acl_user_of(s));
        sb_cstr(&b, "user ");
        sb_cstr(&b, d);
        sb_cstr(&b, "\n");
        mem_free(d);
    }
    pthread_mutex_unlock(&acl_lock);
    FILE *f = fopen(tmp, "w");
    int ok = f && fwrite(b.p, 1, b.len, f) == b.len;
    if (f && fclose(f) != 0) ok = 0;
    mem_free(b.p);
    if (!ok || rename(tmp, path) != 0) {
        remove(tmp);
        snprintf(err, errcap,
                 "ERR There was an error trying to save the ACLs. Please check the "
                 "server logs for more information");
        return -1;
    }
    return 0;
}
