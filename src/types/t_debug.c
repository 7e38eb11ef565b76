/* DEBUG: the subcommands of Redis 7.0's that tools and test suites use (SLEEP, POPULATE,
 * SET-ACTIVE-EXPIRE, PROTOCOL, LOG...; OBJECT, LISTPACK, QUICKLIST and HTSTATS are in
 * debug_inspect.c) beside RELOAD, DIGEST and DIGEST-VALUE, behind enable-debug-command. DEBUG holds
 * every shard (docs/debug.md), so a subcommand reaches any key through ctx_shard; handlers run on
 * the holding worker. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cmd/cmd.h"
#include "cmd/session.h"
#include "persist/digest.h"
#include "persist/persist.h"
#include "resp/errors.h"
#include "server/log.h"
#include "shard/keyspace.h"
#include "shard/shard.h"
#include "tessera/config.h"
#include "tessera/mem.h"
#include "tessera/util.h"
#include "types/debug_inspect.h"
#include "types/t_conn.h"
#include "types/t_debug.h"

#define MAX_SHARDS 256

/* ---- the gate ---- */

static int debug_allowed(const struct session *s)
{
    int allow = CONFIG_GET(enable_debug_command);
    return allow == PROTECTED_YES || (allow == PROTECTED_LOCAL && session_is_local(s));
}

static char debug_pass; /* the aux of an allowed DEBUG: nothing to carry */

void *debug_prepare(struct session *s, int argc, const struct resp_arg *argv)
{
    (void)argc, (void)argv;
    if (debug_allowed(s)) return &debug_pass;
    reply_error(session_reply_target(s), error_text(ERR_DEBUG_DISABLED));
    return NULL;
}

void debug_aux_free(void *aux)
{
    (void)aux;
}

/* Redis 7.0.15's DEBUG HELP, word for word. */
static const char *const debug_help[] = {
    "AOF-FLUSH-SLEEP <microsec>",
    "    Server will sleep before flushing the AOF, this is used for testing.",
    "ASSERT",
    "    Crash by assertion failed.",
    "CHANGE-REPL-ID",
    "    Change the replication IDs of the instance.",
    "    Dangerous: should be used only for testing the replication subsystem.",
    "CONFIG-REWRITE-FORCE-ALL",
    "    Like CONFIG REWRITE but writes all configuration options, including",
    "    keywords not listed in original configuration file or default values.",
    "CRASH-AND-RECOVER [<milliseconds>]",
    "    Hard crash and restart after a <milliseconds> delay (default 0).",
    "DIGEST",
    "    Output a hex signature representing the current DB content.",
    "DIGEST-VALUE <key> [<key> ...]",
    "    Output a hex signature of the values of all the specified keys.",
    "ERROR <string>",
    "    Return a Redis protocol error with <string> as message. Useful for clients",
    "    unit tests to simulate Redis errors.",
    "LEAK <string>",
    "    Create a memory leak of the input string.",
    "LOG <message>",
    "    Write <message> to the server log.",
    "HTSTATS <dbid>",
    "    Return hash table statistics of the specified Redis database.",
    "HTSTATS-KEY <key>",
    "    Like HTSTATS but for the hash table stored at <key>'s value.",
    "LOADAOF",
    "    Flush the AOF buffers on disk and reload the AOF in memory.",
    "REPLICATE <string>",
    "    Replicates the provided string to replicas, allowing data divergence.",
    "MALLCTL <key> [<val>]",
    "    Get or set a malloc tuning integer.",
    "MALLCTL-STR <key> [<val>]",
    "    Get or set a malloc tuning string.",
    "OBJECT <key>",
    "    Show low level info about `key` and associated value.",
    "DROP-CLUSTER-PACKET-FILTER <packet-type>",
    "    Drop all packets that match the filtered type. Set to -1 allow all packets.",
    "OOM",
    "    Crash the server simulating an out-of-memory error.",
    "PANIC",
    "    Crash the server simulating a panic.",
    "POPULATE <count> [<prefix>] [<size>]",
    "    Create <count> string keys named key:<num>. If <prefix> is specified then",
    "    it is used instead of the 'key' prefix. These are not propagated to",
    "    replicas. Cluster slots are not respected so keys not belonging to the",
    "    current node can be created in cluster mode.",
    "PROTOCOL <type>",
    "    Reply with a test value of the specified type. <type> can be: string,",
    "    integer, double, bignum, null, array, set, map, attrib, push, verbatim,",
    "    true, false.",
    "RELOAD [option ...]",
    "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
    "    * MERGE: conflicting keys will be loaded from RDB.",
    "    * NOFLUSH: the existing database will not be removed before load, but",
    "      conflicting keys will generate an exception and kill the server.",
    "    * NOSAVE: the database will be loaded from an existing RDB file.",
    "    Examples:",
    "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
    "      the database.",
    "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
    "      existing RDB file.",
    "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
    "      file to the database.",
    "RESTART [<milliseconds>]",
    "    Graceful restart: save config, db, restart after a <milliseconds> delay (default 0).",
    "SDSLEN <key>",
    "    Show low level SDS string info representing `key` and value.",
    "SEGFAULT",
    "    Crash the server with sigsegv.",
    "SET-ACTIVE-EXPIRE <0|1>",
    "    Setting it to 0 disables expiring keys in background when they are not",
    "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
    "    default.",
    "QUICKLIST-PACKED-THRESHOLD <size>",
    "    Sets the threshold for elements to be inserted as plain vs packed nodes",
    "    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.",
    "SET-SKIP-CHECKSUM-VALIDATION <0|1>",
    "    Enables or disables checksum checks for RDB files and RESTORE's payload.",
    "SLEEP <seconds>",
    "    Stop the server for <seconds>. Decimals allowed.",
    "STRINGMATCH-TEST",
    "    Run a fuzz tester against the stringmatchlen() function.",
    "STRUCTSIZE",
    "    Return the size of different Redis core C structures.",
    "LISTPACK <key>",
    "    Show low level info about the listpack encoding of <key>.",
    "QUICKLIST <key> [<0|1>]",
    "    Show low level info about the quicklist encoding of <key>.",
    "    The optional argument (0 by default) sets the level of detail",
    "CLIENT-EVICTION",
    "    Show low level client eviction pools info (maxmemory-clients).",
    "PAUSE-CRON <0|1>",
    "    Stop periodic cron job processing.",
    "REPLYBUFFER PEAK-RESET-TIME <NEVER||RESET|time>",
    "    Sets the time (in milliseconds) to wait between client reply buffer peak resets.",
    "    In case NEVER is provided the last observed peak will never be reset",
    "    In case RESET is provided the peak reset time will be restored to the default value",
    "REPLYBUFFER RESIZING <0|1>",
    "    Enable or disable the reply buffer resize cron job",
    "CLUSTERLINK KILL <to|from|all> <node-id>",
    "    Kills the link based on the direction to/from (both) with the provided node.",
    NULL,
};

static int held_shards(struct cmd_ctx *ctx, struct shard **out)
{
    int n = ctx_nshards(ctx);
    for (int i = 0; i < n; i++)
        out[i] = ctx_shard_at(ctx, i);
    return n;
}

/* ---- DIGEST, DIGEST-VALUE, RELOAD ---- */

struct digest_walk {
    unsigned char acc[DIGEST_LEN];
    int db;
};

static void digest_visit(struct entry *e, void *arg)
{
    struct digest_walk *w = arg;
    if (e->type != OBJ_INTERNAL) digest_add_key(w->acc, e);
}

/* Redis's computeDatasetDigest: each database with keys mixes in its number, then its keys;
 * expired keys not yet deleted count, as there. */
static void debug_digest(struct cmd_ctx *ctx)
{
    struct digest_walk w = {{0}, 0};
    int n = ctx_nshards(ctx), ndb = ctx_shard_at(ctx, 0)->ndb;
    for (w.db = 0; w.db < ndb; w.db++) {
        uint64_t keys = 0;
        for (int i = 0; i < n; i++)
            keys += dict_size(&ctx_shard_at(ctx, i)->dbs[w.db].keys);
        if (!keys) continue;
        digest_begin_db(w.acc, w.db);
        for (int i = 0; i < n; i++) {
            uint64_t cur = 0;
            do
                cur = dict_scan(&ctx_shard_at(ctx, i)->dbs[w.db].keys, cur, digest_visit, &w);
            while (cur);
        }
    }
    char hex[2 * DIGEST_LEN + 1];
    digest_hex(w.acc, hex);
    reply_simple(ctx->out, hex);
}

static void debug_digest_value(struct cmd_ctx *ctx)
{
    reply_array(ctx->out, ctx->argc - 2);
    for (int i = 2; i < ctx->argc; i++) {
        const char *key = ctx->argv[i].ptr;
        size_t klen = ctx->argv[i].len;
        /* as Redis: a key past its expiry but not deleted yet still counts */
        struct entry *e = dict_find(&ctx_shard(ctx, key, klen)->dbs[ctx->db].keys, key, klen);
        unsigned char d[DIGEST_LEN] = {0};
        if (e) digest_value(e, d);
        char hex[2 * DIGEST_LEN + 1];
        digest_hex(d, hex);
        reply_simple(ctx->out, hex);
    }
}

/* DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: save, empty, load the set back; every shard held. */
static void debug_reload(struct cmd_ctx *ctx)
{
    int merge = 0, noflush = 0, nosave = 0;
    for (int i = 2; i < ctx->argc; i++) {
        if (CTX_ARG_IS(ctx, i, "merge"))
            merge = 1;
        else if (CTX_ARG_IS(ctx, i, "noflush"))
            noflush = 1;
        else if (CTX_ARG_IS(ctx, i, "nosave"))
            nosave = 1;
        else {
            ctx_error_text(ctx, error_text(ERR_RELOAD_OPTION));
            return;
        }
    }
    int n = ctx_nshards(ctx);
    struct shard *shards[MAX_SHARDS];
    held_shards(ctx, shards);
    char err[1024];
    /* a background save under way is dropped: the dataset it began from is being replaced */
    if (!nosave && persist_save_now(shards, n, 1, err, sizeof err) < 0) {
        ctx_error_text(ctx, error_text(ERR_RELOAD_SAVE));
        return;
    }
    if (!noflush)
        for (int i = 0; i < n; i++)
            ks_flush(shards[i], -1);
    if (persist_reload(shards, n, merge, err, sizeof err) < 0) {
        ctx_errorf(ctx, error_text(ERR_RELOAD_LOAD), err);
        return;
    }
    reply_ok(ctx->out);
}

/* ---- POPULATE ---- */

/* A non-negative count or size (Redis's getPositiveLongFromObjectOrReply: one error for both
 * a negative number and no number). */
static int positive_arg(struct cmd_ctx *ctx, int i, long long *v)
{
    if (str_to_ll(ctx->argv[i].ptr, ctx->argv[i].len, v) && *v >= 0) return 1;
    ctx_error_text(ctx, error_text(ERR_NOT_POSITIVE));
    return 0;
}

/* POPULATE count [prefix] [size]: keys prefix:N holding value:N (cut or zero-padded to size),
 * each on the shard that owns it; a key that exists is left as it is. No events beyond the
 * `new` of a key added, as Redis's dbAdd. */
static void debug_populate(struct cmd_ctx *ctx)
{
    long long count, size = 0;
    if (!positive_arg(ctx, 2, &count)) return;
    if (ctx->argc == 5 && !positive_arg(ctx, 4, &size)) return;
    char prefix[128] = "key";
    if (ctx->argc >= 4) {
        size_t n = ctx->argv[3].len < sizeof prefix - 1 ? ctx->argv[3].len : sizeof prefix - 1;
        memcpy(prefix, ctx->argv[3].ptr, n);
        prefix[n] = '\0';
    }
    char *val = size ? mem_alloc((size_t)size) : NULL;
    for (long long j = 0; j < count; j++) {
        char key[128], buf[128];
        int klen = snprintf(key, sizeof key, "%s:%llu", prefix, (unsigned long long)j);
        if (klen >= (int)sizeof key) klen = (int)sizeof key - 1;
        struct shard *s = ctx_shard(ctx, key, (size_t)klen);
        if (ks_lookup(s, ctx->db, key, (size_t)klen)) continue;
        int blen = snprintf(buf, sizeof buf, "value:%llu", (unsigned long long)j);
        if (size) {
            memset(val, 0, (size_t)size);
            memcpy(val, buf, (size_t)(size <= blen ? size : blen));
            ks_set_string(s, ctx->db, key, (size_t)klen, val, (size_t)size, EXPIRE_NONE);
        } else {
            ks_set_string(s, ctx->db, key, (size_t)klen, buf, (size_t)blen, EXPIRE_NONE);
        }
    }
    mem_free(val);
    reply_ok(ctx->out);
}

/* ---- PROTOCOL ---- */

/* Redis's test values of every RESP type, in both protocols. */
static void debug_protocol(struct cmd_ctx *ctx)
{
    struct reply *r = ctx->out;
    if (CTX_ARG_IS(ctx, 2, "string")) {
        reply_bulk_cstr(r, "Hello World");
    } else if (CTX_ARG_IS(ctx, 2, "integer")) {
        reply_int(r, 12345);
    } else if (CTX_ARG_IS(ctx, 2, "double")) {
        if (r->resp >= 3)
            reply_raw(r, ",3.141\r\n", 8);
        else
            reply_bulk_cstr(r, "3.141");
    } else if (CTX_ARG_IS(ctx, 2, "bignum")) {
        static const char big[] = "1234567999999999999999999999999999999";
        if (r->resp >= 3)
            reply_raw(r, "(1234567999999999999999999999999999999\r\n", sizeof big + 2);
        else
            reply_bulk(r, big, sizeof big - 1);
    } else if (CTX_ARG_IS(ctx, 2, "null")) {
        reply_null(r);
    } else if (CTX_ARG_IS(ctx, 2, "array") || CTX_ARG_IS(ctx, 2, "set")) {
        if (CTX_ARG_IS(ctx, 2, "array"))
            reply_array(r, 3);
        else
            reply_set(r, 3);
        for (int j = 0; j < 3; j++)
            reply_int(r, j);
    } else if (CTX_ARG_IS(ctx, 2, "map")) {
        reply_map(r, 3);
        for (int j = 0; j < 3; j++) {
            reply_int(r, j);
            reply_bool(r, j == 1);
        }
    } else if (CTX_ARG_IS(ctx, 2, "attrib")) {
        /* an attribute is no reply of its own: a real one follows it */
        if (r->resp >= 3) {
            reply_raw(r, "|1\r\n", 4);
            reply_bulk_cstr(r, "key-popularity");
            reply_array(r, 2);
            reply_bulk_cstr(r, "key:123");
            reply_int(r, 90);
        }
        reply_bulk_cstr(r, "Some real reply following the attribute");
    } else if (CTX_ARG_IS(ctx, 2, "push")) {
        if (r->resp < 3) {
            ctx_error_text(ctx, error_text(ERR_DEBUG_RESP2));
            return;
        }
        reply_push(r, 2);
        reply_bulk_cstr(r, "server-cpu-usage");
        reply_int(r, 42);
        reply_bulk_cstr(r, "Some real reply following the push reply");
    } else if (CTX_ARG_IS(ctx, 2, "true")) {
        reply_bool(r, 1);
    } else if (CTX_ARG_IS(ctx, 2, "false")) {
        reply_bool(r, 0);
    } else if (CTX_ARG_IS(ctx, 2, "verbatim")) {
        reply_verbatim(r, "This is a verbatim\nstring", 25);
    } else {
        ctx_error_text(ctx, error_text(ERR_DEBUG_PROTOCOL_TYPE));
    }
}

/* ---- SLEEP, SET-ACTIVE-EXPIRE, QUICKLIST-PACKED-THRESHOLD, STRINGMATCH-TEST, LOG ---- */

/* SLEEP seconds: the worker stops with every shard held, as Redis's whole server does; a
 * number that does not parse sleeps 0 (strtod). */
static void debug_sleep(struct cmd_ctx *ctx)
{
    char buf[64];
    size_t n = ctx->argv[2].len < sizeof buf - 1 ? ctx->argv[2].len : sizeof buf - 1;
    memcpy(buf, ctx->argv[2].ptr, n);
    buf[n] = '\0';
    long long usec = (long long)(strtod(buf, NULL) * 1000000);
    if (usec > 0) {
        struct timespec ts = {.tv_sec = usec / 1000000, .tv_nsec = (usec % 1000000) * 1000};
        nanosleep(&ts, NULL);
    }
    reply_ok(ctx->out);
}

static void debug_set_active_expire(struct cmd_ctx *ctx)
{
    char buf[32];
    size_t n = ctx->argv[2].len < sizeof buf - 1 ? ctx->argv[2].len : sizeof buf - 1;
    memcpy(buf, ctx->argv[2].ptr, n);
    buf[n] = '\0';
    ks_set_active_expire(atoi(buf) != 0);
    reply_ok(ctx->out);
}

/* Redis's memtoull: a number with an optional b, k, kb, m, mb, g or gb. */
static int mem_arg(const struct resp_arg *a, unsigned long long *out)
{
    static const struct {
        const char *unit;
        unsigned long long mul;
    } units[] = {{"", 1},
                 {"b", 1},
                 {"k", 1000},
                 {"kb", 1024},
                 {"m", 1000000},
                 {"mb", 1024 * 1024},
                 {"g", 1000000000ull},
                 {"gb", 1ull << 30}};
    size_t digits = 0;
    while (digits < a->len && a->ptr[digits] >= '0' && a->ptr[digits] <= '9')
        digits++;
    long long v;
    if (!digits || !str_to_ll(a->ptr, digits, &v)) return 0;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++) {
        if (arg_is(a->ptr + digits, a->len - digits, units[i].unit)) {
            *out = (unsigned long long)v * units[i].mul;
            return 1;
        }
    }
    return 0;
}

/* Lists here keep no plain nodes, so the threshold is checked as Redis checks it and kept. */
static _Atomic unsigned long long packed_threshold = 1ull << 30;

static void debug_packed_threshold(struct cmd_ctx *ctx)
{
    unsigned long long sz;
    if (!mem_arg(&ctx->argv[2], &sz) || sz > (1ull << 32) - (1ull << 20)) {
        ctx_error_text(ctx, error_text(ERR_DEBUG_PACKED_THRESHOLD));
        return;
    }
    atomic_store(&packed_threshold, sz ? sz : 1ull << 30);
    reply_ok(ctx->out);
}

/* Redis's stringmatchlen_fuzz_test: random patterns against random strings; passing is not
 * crashing. */
static void debug_stringmatch_test(struct cmd_ctx *ctx)
{
    char str[32], pat[32];
    for (int i = 0; i < 100000; i++) {
        size_t slen = util_random() % sizeof str, plen = util_random() % sizeof pat;
        for (size_t j = 0; j < slen; j++)
            str[j] = (char)(util_random() % 128);
        for (size_t j = 0; j < plen; j++)
            pat[j] = (char)(util_random() % 128);
        glob_match(pat, plen, str, slen, 0);
    }
    reply_simple(ctx->out, "Apparently Redis did not crash: test passed");
}

static void debug_log(struct cmd_ctx *ctx)
{
    log_msg(LOG_WARNING, "DEBUG LOG: %.*s", (int)ctx->argv[2].len, ctx->argv[2].ptr);
    reply_ok(ctx->out);
}

/* ---- the dispatch ---- */

static const char *sub_as_typed(const struct cmd_ctx *ctx)
{
    static _Thread_local char sub[129];
    size_t n = ctx->argv[1].len < sizeof sub - 1 ? ctx->argv[1].len : sizeof sub - 1;
    memcpy(sub, ctx->argv[1].ptr, n);
    sub[n] = '\0';
    return sub;
}

/* A subcommand: its name, the argument counts it takes (Redis's checks) and its handler. */
static const struct {
    const char *name;
    int min_argc, max_argc;
    void (*fn)(struct cmd_ctx *ctx);
} debug_subcommands[] = {
    {"digest", 2, 2, debug_digest},
    {"digest-value", 2, -1, debug_digest_value},
    {"reload", 2, -1, debug_reload},
    {"object", 3, 3, debug_object},
    {"listpack", 3, 3, debug_listpack},
    {"quicklist", 3, 4, debug_quicklist},
    {"htstats", 3, 3, debug_htstats},
    {"htstats-key", 3, 3, debug_htstats_key},
    {"populate", 3, 5, debug_populate},
    {"protocol", 3, 3, debug_protocol},
    {"sleep", 3, 3, debug_sleep},
    {"set-active-expire", 3, 3, debug_set_active_expire},
    {"quicklist-packed-threshold", 3, 3, debug_packed_threshold},
    {"stringmatch-test", 2, 2, debug_stringmatch_test},
    {"log", 3, 3, debug_log},
};

void cmd_debug(struct cmd_ctx *ctx)
{
    if (!ctx->aux && !debug_allowed(NULL)) { /* inside EXEC: no prepare ran */
        ctx_error_text(ctx, error_text(ERR_DEBUG_DISABLED));
        return;
    }
    if (CTX_ARG_IS(ctx, 1, "help")) {
        cmd_reply_help(ctx, debug_help);
        return;
    }
    for (size_t i = 0; i < sizeof debug_subcommands / sizeof debug_subcommands[0]; i++) {
        if (!CTX_ARG_IS(ctx, 1, debug_subcommands[i].name)) continue;
        if (ctx->argc < debug_subcommands[i].min_argc ||
            (debug_subcommands[i].max_argc >= 0 && ctx->argc > debug_subcommands[i].max_argc))
            break;
        debug_subcommands[i].fn(ctx);
        return;
    }
    /* Redis's addReplySubcommandSyntaxError, the subcommand as typed */
    ctx_errorf(ctx, error_text(ERR_DEBUG_SUBCOMMAND), sub_as_typed(ctx));
}
