/* Describing ACL users: the text of ACL LIST and the aclfile, ACL GETUSER's map, ACL CAT. Any
 * worker thread; takes acl_lock. */
#include <pthread.h>
#include <string.h>

#include "cmd/acl.h"
#include "cmd/acl_internal.h"
#include "cmd/cmd.h"
#include "cmd/command_info.h"
#include "tessera/mem.h"
#include "tessera/reply.h"

void acl_sb_add(struct acl_sbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2 + 64;
        b->p = mem_realloc(b->p, b->cap);
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void acl_sb_cstr(struct acl_sbuf *b, const char *s)
{
    acl_sb_add(b, s, strlen(s));
}

static void sb_sep(struct acl_sbuf *b)
{
    if (b->len) acl_sb_add(b, " ", 1);
}

static int is_leaf(const struct command *c)
{
    return !c->subcommands;
}

static void describe_cmds(const struct acl_selector *s, struct acl_sbuf *b)
{
    sb_sep(b);
    acl_sb_cstr(b, (s->flags & ACL_SEL_ALLCMDS) ? "+@all" : "-@all");
    if (s->rules && s->rules[0]) {
        acl_sb_cstr(b, " ");
        acl_sb_cstr(b, s->rules);
    }
}

static void describe_keys(const struct acl_selector *s, struct acl_sbuf *b)
{
    if (s->flags & ACL_SEL_ALLKEYS) {
        sb_sep(b);
        acl_sb_cstr(b, "~*");
        return;
    }
    for (int i = 0; i < s->nkeys; i++) {
        sb_sep(b);
        const struct acl_pattern *p = &s->keys[i];
        acl_sb_cstr(b, p->rw == ACL_KEY_R ? "%R~" : p->rw == ACL_KEY_W ? "%W~" : "~");
        acl_sb_add(b, p->p, p->len);
    }
}

static void describe_chans(const struct acl_selector *s, struct acl_sbuf *b)
{
    if (s->flags & ACL_SEL_ALLCHANS) {
        sb_sep(b);
        acl_sb_cstr(b, "&*");
        return;
    }
    for (int i = 0; i < s->nchans; i++) {
        sb_sep(b);
        acl_sb_cstr(b, "&");
        acl_sb_add(b, s->chans[i].p, s->chans[i].len);
    }
}

/* ACL LIST's form of a selector: keys, channels (after resetchannels), commands. */
static void describe_selector(const struct acl_selector *s, struct acl_sbuf *b)
{
    describe_keys(s, b);
    if (!(s->flags & ACL_SEL_ALLCHANS)) {
        sb_sep(b);
        acl_sb_cstr(b, "resetchannels");
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

static void describe_flags(const struct acl_user *u, struct acl_sbuf *b)
{
    sb_sep(b);
    acl_sb_cstr(b, (u->flags & ACL_ON) ? "on" : "off");
    if (u->flags & ACL_NOPASS) acl_sb_cstr(b, " nopass");
    if (u->flags & ACL_SANITIZE) acl_sb_cstr(b, " sanitize-payload");
    if (u->flags & ACL_SKIP_SANITIZE) acl_sb_cstr(b, " skip-sanitize-payload");
}

char *acl_describe_user(const struct acl_user *u)
{
    struct acl_sbuf b = {0};
    acl_sb_cstr(&b, u->name);
    describe_flags(u, &b);
    for (int i = 0; i < u->npass; i++) {
        char h[2 * SHA256_LEN + 2];
        h[0] = '#';
        hex(u->pass[i], h + 1);
        sb_sep(&b);
        acl_sb_cstr(&b, h);
    }
    describe_selector(&u->sel[0], &b);
    for (int i = 1; i < u->nsel; i++) {
        struct acl_sbuf sb = {0};
        describe_selector(&u->sel[i], &sb);
        acl_sb_cstr(&b, " (");
        acl_sb_add(&b, sb.p, sb.len);
        acl_sb_cstr(&b, ")");
        mem_free(sb.p);
    }
    return b.p;
}

char *acl_describe(const char *name, size_t nlen)
{
    pthread_mutex_lock(&acl_lock);
    struct acl_slot *slot = acl_find_slot(name, nlen);
    char *d = slot ? acl_describe_user(acl_user_of(slot)) : NULL;
    pthread_mutex_unlock(&acl_lock);
    return d;
}

static void reply_sbuf(struct reply *r, struct acl_sbuf *b)
{
    reply_bulk(r, b->p ? b->p : "", b->len);
    mem_free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

static void reply_selector_map(struct reply *r, const struct acl_selector *s)
{
    struct acl_sbuf b = {0};
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
    acl_sync_requirepass();
    pthread_mutex_lock(&acl_lock);
    struct acl_slot *slot = acl_find_slot(name, nlen);
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
    acl_sync_requirepass();
    pthread_mutex_lock(&acl_lock);
    size_t n = 0;
    for (struct acl_slot *s = acl_slots; s; s = s->next)
        n++;
    /* Redis lists users sorted by name (its rax). */
    const struct acl_user **sorted = mem_alloc((n ? n : 1) * sizeof *sorted);
    n = 0;
    for (struct acl_slot *s = acl_slots; s; s = s->next)
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
        char *d = acl_describe_user(sorted[i]);
        struct acl_sbuf b = {0};
        acl_sb_cstr(&b, "user ");
        acl_sb_cstr(&b, d);
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
    int c = acl_cat_index(cat, len);
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
