/* ACL users, authentication and the permission check (Redis 7.0's semantics). Users are immutable
 * snapshots published in slots (acl.h); ACL SETUSER copies the current version, applies the
 * rules (acl_rules.c) and publishes the copy. Old versions are kept until exit, since a worker may
 * still be reading one. The check runs on the client's worker; everything else takes acl_lock.
 * Describing users, ACL LOG and the aclfile live in acl_describe.c, acl_log.c and acl_file.c. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/acl.h"
#include "cmd/acl_internal.h"
#include "cmd/cmd.h"
#include "cmd/gates.h"
#include "cmd/session.h"
#include "tessera/config.h"
#include "tessera/mem.h"
#include "tessera/reply.h"
#include "tessera/util.h"

pthread_mutex_t acl_lock = PTHREAD_MUTEX_INITIALIZER;
struct acl_slot *acl_slots;
struct acl_slot *acl_default;
static struct acl_slot *deleted;  /* deleted users' slots: sessions may hold them */
static struct acl_user **retired; /* versions a worker may still read */
static size_t nretired, capretired;
/* The requirepass string the default user reflects (compared, never read through). */
static const char *_Atomic applied_requirepass;

static const struct command *cmd_publish, *cmd_spublish, *cmd_subscribe, *cmd_ssubscribe,
    *cmd_psubscribe;

/* ---- users and selectors ---- */

/* A command by its original name (rename-command does not change what ACL rules say, as in
 * Redis): full names of subcommands ("config|get") too. Case-insensitive; NULL when unknown. */
const struct command *acl_orig_command(const char *name, size_t len)
{
    int n = cmd_id_count();
    for (int i = 0; i < n; i++) {
        const struct command *c = cmd_by_id(i);
        if (arg_is(name, len, c->name)) return c;
    }
    return NULL;
}

int acl_nwords(void)
{
    return (cmd_id_count() + 64) / 64;
}

void acl_sel_init(struct acl_selector *s)
{
    memset(s, 0, sizeof *s);
    s->cmds = mem_calloc((size_t)acl_nwords(), sizeof(uint64_t));
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

void acl_pats_free(struct acl_pattern *p, int n)
{
    for (int i = 0; i < n; i++)
        mem_free(p[i].p);
    mem_free(p);
}

static void sel_copy(struct acl_selector *d, const struct acl_selector *s)
{
    *d = *s;
    d->cmds = mem_alloc((size_t)acl_nwords() * sizeof(uint64_t));
    memcpy(d->cmds, s->cmds, (size_t)acl_nwords() * sizeof(uint64_t));
    d->rules = s->rules ? mem_strndup(s->rules, strlen(s->rules)) : NULL;
    d->keys = pats_dup(s->keys, s->nkeys);
    d->chans = pats_dup(s->chans, s->nchans);
}

void acl_sel_free(struct acl_selector *s)
{
    mem_free(s->cmds);
    mem_free(s->rules);
    acl_pats_free(s->keys, s->nkeys);
    acl_pats_free(s->chans, s->nchans);
}

struct acl_user *acl_user_new(const char *name, size_t nlen)
{
    struct acl_user *u = mem_calloc(1, sizeof *u);
    u->name = mem_strndup(name, nlen);
    u->nsel = 1;
    u->sel = mem_alloc(sizeof *u->sel);
    acl_sel_init(&u->sel[0]);
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

void acl_user_free(struct acl_user *u)
{
    if (!u) return;
    mem_free(u->name);
    mem_free(u->pass);
    for (int i = 0; i < u->nsel; i++)
        acl_sel_free(&u->sel[i]);
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

/* Whether the execution path must look at users (gates.h): some user lacks a permission, or a
 * deleted one may still have sessions (they are closed on their next command). acl_lock held. */
static _Atomic int restricted;

static void note_restricted(void)
{
    int r = deleted != NULL;
    for (const struct acl_slot *s = acl_slots; s && !r; s = s->next)
        r = !(atomic_load_explicit(&s->cur, memory_order_relaxed)->flags & ACL_ALLPERM);
    atomic_store(&restricted, r);
    gates_refresh();
}

int acl_restricted(void)
{
    return atomic_load(&restricted);
}

void acl_publish(struct acl_slot *slot, struct acl_user *u)
{
    user_seal(u);
    struct acl_user *old = atomic_load_explicit(&slot->cur, memory_order_relaxed);
    atomic_store_explicit(&slot->cur, u, memory_order_release);
    retire(old);
    note_restricted();
}

struct acl_slot *acl_find_slot(const char *name, size_t nlen)
{
    for (struct acl_slot *s = acl_slots; s; s = s->next) {
        const struct acl_user *u = atomic_load_explicit(&s->cur, memory_order_relaxed);
        if (strlen(u->name) == nlen && memcmp(u->name, name, nlen) == 0) return s;
    }
    return NULL;
}

struct acl_slot *acl_add_slot(struct acl_user *u)
{
    struct acl_slot *slot = mem_calloc(1, sizeof *slot);
    user_seal(u);
    atomic_store_explicit(&slot->cur, u, memory_order_release);
    struct acl_slot **pp = &acl_slots;
    while (*pp)
        pp = &(*pp)->next;
    *pp = slot;
    note_restricted();
    return slot;
}

/* ---- requirepass and start-up ---- */

/* The default user follows requirepass as Redis's does: CONFIG SET requirepass resets its
 * passwords. Compared by pointer: config.c replaces the string on every set. acl_lock held. */
static void sync_requirepass_locked(void)
{
    const char *rp = g_config.requirepass;
    if (rp == applied_requirepass) return;
    applied_requirepass = rp;
    struct acl_user *u = user_dup(atomic_load_explicit(&acl_default->cur, memory_order_relaxed));
    u->npass = 0;
    if (rp && rp[0]) {
        unsigned char d[SHA256_LEN];
        sha256(rp, strlen(rp), d);
        acl_pass_add(u, d);
        u->flags &= ~ACL_NOPASS;
    } else {
        u->flags |= ACL_NOPASS;
    }
    acl_publish(acl_default, u);
}

void acl_sync_requirepass(void)
{
    if (__builtin_expect(CONFIG_GET_STR(requirepass) == applied_requirepass, 1)) return;
    pthread_mutex_lock(&acl_lock);
    sync_requirepass_locked();
    pthread_mutex_unlock(&acl_lock);
}

struct acl_user *acl_default_user_new(void)
{
    struct acl_user *u = acl_user_new("default", 7);
    u->flags = ACL_ON | ACL_NOPASS;
    acl_sel_rule(&u->sel[0], "+@all", 5);
    acl_sel_rule(&u->sel[0], "~*", 2);
    acl_sel_rule(&u->sel[0], "&*", 2);
    return u;
}

static uint8_t *use_by_id; /* enum key_use by command id, from key_uses (acl_init) */
static void key_uses_init(void);

int acl_init(char *err, size_t errcap)
{
    cmd_publish = acl_orig_command("publish", 7);
    cmd_spublish = acl_orig_command("spublish", 8);
    cmd_subscribe = acl_orig_command("subscribe", 9);
    cmd_ssubscribe = acl_orig_command("ssubscribe", 10);
    cmd_psubscribe = acl_orig_command("psubscribe", 10);
    if (!use_by_id) key_uses_init();
    pthread_mutex_lock(&acl_lock);
    if (!acl_default) acl_default = acl_add_slot(acl_default_user_new());
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
    if (lines && lines[0]) return acl_load_lines(lines, 0, err, errcap);
    if (file && file[0]) return acl_load_file(err, errcap);
    return 0;
}

struct acl_slot *acl_default_slot(void)
{
    return acl_default;
}

int acl_default_nopass(void)
{
    acl_sync_requirepass();
    const struct acl_user *u = acl_user_of(acl_default);
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
    struct acl_slot *slot = acl_find_slot(name, nlen);
    pthread_mutex_unlock(&acl_lock);
    return slot;
}

struct acl_slot *acl_authenticate(const char *name, size_t nlen, const char *pass, size_t plen)
{
    acl_sync_requirepass();
    unsigned char d[SHA256_LEN];
    sha256(pass, plen, d);
    pthread_mutex_lock(&acl_lock);
    struct acl_slot *slot = acl_find_slot(name, nlen);
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
        const struct command *c = acl_orig_command(key_uses[i].name, strlen(key_uses[i].name));
        if (c) use_by_id[c->id] = (uint8_t)key_uses[i].use;
    }
    cmd_set = acl_orig_command("set", 3);
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
    if (!(cmd->flags & CMD_NO_AUTH) && !acl_bit_get(s->cmds, cmd->id)) return ACL_DENIED_CMD;
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
    struct acl_slot *slot = acl_find_slot(name, nlen);
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
    struct acl_slot *slot = acl_find_slot(name, nlen);
    struct acl_user *u = slot ? user_dup(acl_user_of(slot)) : acl_user_new(name, nlen);
    if (acl_apply_rules(u, argc, argv, err, errcap) < 0) {
        acl_user_free(u);
        return -1;
    }
    if (slot)
        acl_publish(slot, u);
    else
        acl_add_slot(u);
    return 0;
}

int acl_setuser(const char *name, size_t nlen, int argc, const struct resp_arg *argv, char *err,
                size_t errcap)
{
    acl_sync_requirepass();
    pthread_mutex_lock(&acl_lock);
    int rc = setuser_locked(name, nlen, argc, argv, err, errcap);
    pthread_mutex_unlock(&acl_lock);
    return rc;
}

/* The slot stays: sessions of the user find ACL_DELETED in it and are closed. acl_lock held. */
void acl_delete_slot(struct acl_slot *slot)
{
    struct acl_slot **pp = &acl_slots;
    while (*pp != slot)
        pp = &(*pp)->next;
    *pp = slot->next;
    slot->next = deleted;
    deleted = slot;
    struct acl_user *u = user_dup(acl_user_of(slot));
    u->flags = ACL_DELETED;
    acl_publish(slot, u);
}

int acl_deluser(const char *name, size_t nlen)
{
    pthread_mutex_lock(&acl_lock);
    struct acl_slot *slot = acl_find_slot(name, nlen);
    if (slot) acl_delete_slot(slot);
    pthread_mutex_unlock(&acl_lock);
    return slot != NULL;
}
