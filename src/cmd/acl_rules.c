/* ACL rules: parsing the words of ACL SETUSER, the config file's user lines and the aclfile into
 * a user (flags, passwords, command rules, key and channel patterns, selectors). Called with
 * acl_lock held, on a copy no other thread sees yet. */
#include <stdio.h>
#include <string.h>

#include "cmd/acl.h"
#include "cmd/acl_internal.h"
#include "cmd/cmd.h"
#include "cmd/command_info.h"
#include "tessera/config.h"
#include "tessera/mem.h"
#include "tessera/util.h"

static void bit_set(uint64_t *b, int id, int on)
{
    if (on)
        b[id / 64] |= 1ull << (id % 64);
    else
        b[id / 64] &= ~(1ull << (id % 64));
}

int acl_bit_get(const uint64_t *b, int id)
{
    return (int)(b[id / 64] >> (id % 64) & 1);
}

int acl_cat_index(const char *name, size_t len)
{
    for (int i = 0; i < cmd_acl_category_count(); i++)
        if (arg_is(name, len, cmd_acl_category_name(i))) return i;
    return -1;
}

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
        t->cat = acl_cat_index(op + 2, len - 2);
        return t->cat < 0 ? RE_UNKNOWN : RE_OK;
    }
    const char *bar = memchr(op + 1, '|', len - 1);
    size_t nlen = bar ? (size_t)(bar - op - 1) : len - 1;
    const struct command *c = acl_orig_command(op + 1, nlen);
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
    memset(s->cmds, (s->flags & ACL_SEL_ALLCMDS) ? 0xff : 0,
           (size_t)acl_nwords() * sizeof(uint64_t));
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
    uint64_t *after = mem_alloc((size_t)acl_nwords() * sizeof(uint64_t));
    memcpy(after, s->cmds, (size_t)acl_nwords() * sizeof(uint64_t));
    apply_target(after, &t, on);
    for (int i = 0; i < n && !changes; i++)
        changes = acl_bit_get(after, i) != acl_bit_get(s->cmds, i);
    if (changes) {
        if (t.cat >= 0 && !on && !(s->flags & ACL_SEL_ALLCMDS)) {
            /* from -@all, a category taken away names the commands it took */
            for (int i = 0; i < n; i++) {
                const struct command *c = cmd_by_id(i);
                if (acl_bit_get(s->cmds, i) && !acl_bit_get(after, i))
                    rules_append(s, "-", c->name);
            }
        } else {
            char name[64];
            snprintf(name, sizeof name, "%s%s", t.cat >= 0 ? "@" : "",
                     t.cat >= 0 ? cmd_acl_category_name(t.cat) : t.cmd->name);
            rules_append(s, on ? "+" : "-", name);
        }
    }
    memcpy(s->cmds, after, (size_t)acl_nwords() * sizeof(uint64_t));
    mem_free(after);
    return RE_OK;
}

/* Empties a pattern list (keys or channels) and sets or clears the flag that stands for all of
 * them: allkeys, resetkeys, allchannels, resetchannels. */
static void pats_reset(struct acl_selector *s, struct acl_pattern **pats, int *n, unsigned flag,
                       int all)
{
    acl_pats_free(*pats, *n);
    *pats = NULL;
    *n = 0;
    if (all)
        s->flags |= flag;
    else
        s->flags &= ~flag;
}

enum rule_err acl_sel_rule(struct acl_selector *s, const char *op, size_t len)
{
    if (arg_is(op, len, "allkeys") || (len == 2 && memcmp(op, "~*", 2) == 0)) {
        pats_reset(s, &s->keys, &s->nkeys, ACL_SEL_ALLKEYS, 1);
        return RE_OK;
    }
    if (arg_is(op, len, "resetkeys")) {
        pats_reset(s, &s->keys, &s->nkeys, ACL_SEL_ALLKEYS, 0);
        return RE_OK;
    }
    if (arg_is(op, len, "allchannels") || (len == 2 && memcmp(op, "&*", 2) == 0)) {
        pats_reset(s, &s->chans, &s->nchans, ACL_SEL_ALLCHANS, 1);
        return RE_OK;
    }
    if (arg_is(op, len, "resetchannels")) {
        pats_reset(s, &s->chans, &s->nchans, ACL_SEL_ALLCHANS, 0);
        return RE_OK;
    }
    if (arg_is(op, len, "allcommands") || arg_is(op, len, "+@all")) {
        memset(s->cmds, 0xff, (size_t)acl_nwords() * sizeof(uint64_t));
        s->flags |= ACL_SEL_ALLCMDS;
        mem_free(s->rules);
        s->rules = NULL;
        return RE_OK;
    }
    if (arg_is(op, len, "nocommands") || arg_is(op, len, "-@all")) {
        memset(s->cmds, 0, (size_t)acl_nwords() * sizeof(uint64_t));
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
            acl_pats_free(s->keys, s->nkeys);
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

void acl_pass_add(struct acl_user *u, const unsigned char d[SHA256_LEN])
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
        acl_sel_free(&u->sel[i]);
    u->nsel = 1;
}

static enum rule_err user_rule(struct acl_user *u, const char *op, size_t len);

/* A selector "(rule rule ...)" of an already merged argument. */
static enum rule_err add_selector(struct acl_user *u, const char *op, size_t len)
{
    struct acl_selector s;
    acl_sel_init(&s);
    if (CONFIG_GET(acl_pubsub_default) == 0) s.flags |= ACL_SEL_ALLCHANS;
    size_t i = 1, end = len - 1;
    while (i < end) {
        while (i < end && op[i] == ' ')
            i++;
        size_t j = i;
        while (j < end && op[j] != ' ')
            j++;
        if (j > i) {
            enum rule_err e = acl_sel_rule(&s, op + i, j - i);
            if (e) {
                acl_sel_free(&s);
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
        acl_pass_add(u, d);
        u->flags &= ~ACL_NOPASS;
    } else if (len >= 1 && op[0] == '#') {
        if (!hex_digest(op + 1, len - 1, d)) return RE_BADHASH;
        acl_pass_add(u, d);
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
        acl_sel_rule(r, "resetkeys", 9);
        acl_sel_rule(r, "resetchannels", 13);
        if (CONFIG_GET(acl_pubsub_default) == 0) r->flags |= ACL_SEL_ALLCHANS;
        acl_sel_rule(r, "-@all", 5);
    } else if (len >= 2 && op[0] == '(' && op[len - 1] == ')') {
        return add_selector(u, op, len);
    } else {
        return acl_sel_rule(&u->sel[0], op, len);
    }
    return RE_OK;
}

/* Redis merges the arguments of a selector written over several ("(~a" "+get)") into one. */
int acl_apply_rules(struct acl_user *u, int argc, const struct resp_arg *argv, char *err,
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
