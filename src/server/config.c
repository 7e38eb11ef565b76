/* Server configuration (see tessera/config.h): one table of options drives the config file, the
 * command line, CONFIG SET and CONFIG GET, with Redis 7.0's directive names, parsing and error
 * texts. Loading runs on the main thread before the workers start; config_set and config_get run
 * on the worker serving CONFIG; every thread reads g_config. */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <glob.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "server/config_table.h"
#include "server/container.h"
#include "server/log.h"
#include "shard/keyspace.h"
#include "tessera/config.h"
#include "tessera/mem.h"
#include "tessera/splitargs.h"
#include "tessera/util.h"

struct config g_config;
const char *(*config_rename_command)(const char *from, const char *to);
char *(*config_acl_user_lines)(void);

#define CONFIG_MIN_HZ       1
#define CONFIG_MAX_HZ       500
#define CONFIG_BINDADDR_MAX 16 /* Redis's limit on bind addresses */
#define INCLUDE_DEPTH_MAX   16 /* Redis recurses without limit; a loop would overflow the stack */
#define REASON_MAX          1024
#define CONFIG_MAX_WORKERS  256 /* the most threads the option allows */

/* ---- Texts, worded as Redis 7.0.15 words them ---- */

#define FATAL_HEAD       "\n*** FATAL CONFIG FILE ERROR (Tessera " TESSERA_VERSION ") ***\n"
#define FATAL_AT_LINE    "Reading the configuration file, at line %d\n>>> '%s'\n"
#define ERR_CANT_OPEN    "Fatal error, can't open config file '%s': %s\n"
#define ERR_SET_UNKNOWN  "ERR Unknown option or number of arguments for CONFIG SET - '%s'"
#define ERR_SET_FAILED   "ERR CONFIG SET failed (possibly related to argument '%s') - %s"
#define ERR_SET_FAILED_0 "ERR CONFIG SET failed (possibly related to argument '%s')"

#define REASON_BAD_DIRECTIVE "Bad directive or wrong number of arguments"
#define REASON_ARGC          "wrong number of arguments"
#define REASON_QUOTES        "Unbalanced quotes in configuration line"
#define REASON_YESNO         "argument must be 'yes' or 'no'"
#define REASON_NOT_INT       "argument couldn't be parsed into an integer"
#define REASON_NOT_MEMORY    "argument must be a memory value"
#define REASON_RANGE         "argument must be between %lld and %lld inclusive"
#define REASON_ENUM          "argument(s) must be one of the following: "
#define REASON_IMMUTABLE     "can't set immutable config"
#define REASON_PROTECTED     "can't set protected config"
#define REASON_DBFILENAME    "dbfilename can't be a path, just a filename"
#define REASON_BIND_MANY     "Too many bind addresses specified."
#define REASON_LOGFILE       "Can't open the log file: %s"
#define REASON_OBUF_ARGC     "Wrong number of arguments in buffer limit configuration."
#define REASON_OBUF_CLASS    "Invalid client class specified in buffer limit configuration."
#define REASON_OBUF_VALUE                                                                          \
    "Error in hard, soft or soft_seconds setting in buffer limit configuration."
/* Tessera's own: Redis finds a bad address only when start-up binds it; checking at load names
 * the line instead. */
#define REASON_BIND_BAD "Invalid bind address '%s'"
#define REASON_NESTING  "Too many nested includes (in %s)"

/* ---- The option table (its shape: config_table.h) ---- */

static const char *check_dbfilename(const char *value);
static const char *check_appendonly(const char *value);
static const char *check_percentiles(const char *value);

/* Indexed by enum log_level. Redis 7.0 has no "nothing" (7.2 added it). */
static const char *const loglevel_names[] = {"debug",   "verbose", "notice",
                                             "warning", "nothing", NULL};
/* Indexed by enum maxmemory_policy, in Redis's order (its error text lists them so). */
static const char *const maxmemory_policy_names[] = {
    "volatile-lru",   "volatile-lfu", "volatile-random",
    "volatile-ttl",   "allkeys-lru",  "allkeys-lfu",
    "allkeys-random", "noeviction",   NULL};
/* Indexed by enum protected_action. */
static const char *const protected_names[] = {"no", "yes", "local", NULL};
/* syslog-facility's names, in the order log_syslog_open takes them. */
static const char *const syslog_facility_names[] = {
    "user", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7", NULL};
/* acl-pubsub-default, in Redis's order. */
static const char *const acl_pubsub_names[] = {"allchannels", "resetchannels", NULL};
/* Indexed by enum io_backend. */
static const char *const io_backend_names[] = {"io_uring", "epoll", NULL};

static const struct option options[] = {
    INT_OPT("port", OPT_IMMUTABLE, port, 0, 65535, 6379), /* listeners are opened once */
    /* Redis 7's default: every IPv4 address, and every IPv6 one where the host has IPv6. */
    STRING_OPT("bind", OPT_BIND, OPT_IMMUTABLE, bind, "* -::*", NULL),
    INT_OPT("threads", OPT_IMMUTABLE, threads, 0, 256, 0),
    /* Redis 7.0 protects these two: a client able to run CONFIG SET could otherwise write the
     * snapshot anywhere (over a cron file, say). */
    STRING_OPT("dir", OPT_DIR, OPT_PROTECTED, dir, "./", NULL),
    STRING_OPT("dbfilename", OPT_STRING, OPT_PROTECTED, dbfilename, "dump.rdb", check_dbfilename),
    STRING_OPT("save", OPT_SAVE, 0, save, "3600 1 300 100 60 10000", NULL),
    BOOL_OPT("rdbcompression", 0, rdbcompression, 1),
    BOOL_OPT("rdbchecksum", OPT_IMMUTABLE, rdbchecksum, 1),
    BOOL_OPT("stop-writes-on-bgsave-error", 0, stop_writes_on_bgsave_error, 1),
    INT_OPT("rdb-key-save-delay", OPT_HIDDEN, rdb_key_save_delay, INT_MIN, INT_MAX, 0),
    BOOL_OPT("rdb-del-sync-files", 0, rdb_del_sync_files, 0),
    /* There is no append-only file yet: `appendonly no` is all there is. */
    {.name = "appendonly",
     .type = OPT_BOOL,
     .offset = FIELD(appendonly),
     .def = 0,
     .check = check_appendonly},
    ENUM_OPT("enable-debug-command", OPT_IMMUTABLE, enable_debug_command, protected_names,
             PROTECTED_NO),
    INT_OPT("databases", OPT_IMMUTABLE, databases, 1, INT_MAX, 16),
    /* Redis's field is unsigned: take its range, and hold what an int cannot as INT_MAX (Redis
     * too lowers maxclients to what the descriptor limit allows). */
    CLAMPED_INT_OPT("maxclients", 0, maxclients, 1, UINT_MAX, 10000, 1, INT_MAX),
    ENUM_OPT("loglevel", 0, loglevel, loglevel_names, LOG_NOTICE),
    STRING_OPT("logfile", OPT_STRING, OPT_IMMUTABLE, logfile, "", NULL),
    MEMORY_OPT("proto-max-bulk-len", 0, proto_max_bulk_len, 1024 * 1024, LLONG_MAX,
               512LL * 1024 * 1024),
    MEMORY_OPT("client-query-buffer-limit", 0, client_query_buffer_limit, 1024 * 1024, LLONG_MAX,
               1024LL * 1024 * 1024),
    INT_OPT("timeout", 0, timeout, 0, INT_MAX, 0),
    /* Redis takes any non-negative hz as a hint and pulls it into 1..500. */
    CLAMPED_INT_OPT("hz", 0, hz, 0, INT_MAX, 10, CONFIG_MIN_HZ, CONFIG_MAX_HZ),
    INT_OPT("tcp-backlog", OPT_IMMUTABLE, tcp_backlog, 0, INT_MAX, 511),
    /* io_uring unless it cannot be set up; epoll where seccomp refuses io_uring. */
    BOOL_OPT("syslog-enabled", OPT_IMMUTABLE, syslog_enabled, 0),
    STRING_OPT("syslog-ident", OPT_STRING, OPT_IMMUTABLE, syslog_ident, "redis", NULL),
    ENUM_OPT("syslog-facility", OPT_IMMUTABLE, syslog_facility, syslog_facility_names, 1),
    ENUM_OPT("io-backend", OPT_IMMUTABLE, io_backend, io_backend_names, IO_BACKEND_IO_URING),
    /* Plain HTTP GET /metrics (Prometheus) and /healthz; 0: off. */
    INT_OPT("metrics-port", OPT_IMMUTABLE, metrics_port, 0, 65535, 0),
    INT_OPT("tcp-keepalive", 0, tcp_keepalive, 0, INT_MAX, 300),
    STRING_OPT("requirepass", OPT_STRING, OPT_EMPTY_NUL, requirepass, "", NULL),
    STRING_OPT("aclfile", OPT_STRING, OPT_IMMUTABLE, aclfile, "", NULL),
    LL_OPT("acllog-max-len", 0, acllog_max_len, 0, LONG_MAX, 128),
    ENUM_OPT("acl-pubsub-default", 0, acl_pubsub_default, acl_pubsub_names, 1),
    STRING_OPT("pidfile", OPT_STRING, OPT_IMMUTABLE | OPT_EMPTY_NUL, pidfile, "", NULL),
    BOOL_OPT("daemonize", OPT_IMMUTABLE, daemonize, 0),
    ENUM_OPT("enable-protected-configs", OPT_IMMUTABLE, enable_protected_configs, protected_names,
             PROTECTED_NO),
    /* Redis takes sizes up to LONG_MAX (the values with units); an int keeps up to INT_MAX,
     * far past where a packed encoding makes sense. */
    CLAMPED_INT_OPT("hash-max-listpack-entries", 0, hash_max_listpack_entries, 0, LONG_MAX, 512, 0,
                    INT_MAX),
    CLAMPED_INT_OPT("hash-max-listpack-value", OPT_UNITS, hash_max_listpack_value, 0, LONG_MAX, 64,
                    0, INT_MAX),
    CLAMPED_INT_OPT("set-max-intset-entries", 0, set_max_intset_entries, 0, LONG_MAX, 512, 0,
                    INT_MAX),
    CLAMPED_INT_OPT("zset-max-listpack-entries", 0, zset_max_listpack_entries, 0, LONG_MAX, 128, 0,
                    INT_MAX),
    CLAMPED_INT_OPT("zset-max-listpack-value", OPT_UNITS, zset_max_listpack_value, 0, LONG_MAX, 64,
                    0, INT_MAX),
    INT_OPT("list-max-listpack-size", 0, list_max_listpack_size, INT_MIN, INT_MAX, -2),
    MEMORY_OPT("hll-sparse-max-bytes", 0, hll_sparse_max_bytes, 0, LLONG_MAX, 3000),
    INT_OPT("list-compress-depth", 0, list_compress_depth, 0, INT_MAX, 0),
    MEMORY_OPT("stream-node-max-bytes", 0, stream_node_max_bytes, 0, LONG_MAX, 4096),
    LL_OPT("stream-node-max-entries", 0, stream_node_max_entries, 0, LLONG_MAX, 100),
    STRING_OPT("client-output-buffer-limit", OPT_OBUF, 0, obuf_limits,
               "normal 0 0 0 slave 256mb 64mb 60 pubsub 32mb 8mb 60", NULL),
    /* bytes, or `N%` of maxmemory, kept as -N (config_maxmemory_clients) */
    MEMORY_OPT("maxmemory-clients", OPT_PERCENT, maxmemory_clients, -100, LLONG_MAX, 0),
    MEMORY_OPT("maxmemory", 0, maxmemory, 0, LLONG_MAX, 0),
    {
        .name = "maxmemory-policy",
        .type = OPT_ENUM,
        .offset = FIELD(maxmemory_policy),
        .names = maxmemory_policy_names,
        .def = POLICY_NOEVICTION,
    },
    INT_OPT("maxmemory-samples", 0, maxmemory_samples, 1, INT_MAX, 5),
    INT_OPT("maxmemory-eviction-tenacity", 0, maxmemory_eviction_tenacity, 0, 100, 10),
    INT_OPT("lfu-log-factor", 0, lfu_log_factor, 0, INT_MAX, 10),
    INT_OPT("tracking-table-max-keys", 0, tracking_table_max_keys, 0, INT_MAX, 1000000),
    INT_OPT("lfu-decay-time", 0, lfu_decay_time, 0, INT_MAX, 1),
    STRING_OPT("notify-keyspace-events", OPT_NOTIFY, 0, notify_keyspace_events, "", NULL),
    BOOL_OPT("protected-mode", 0, protected_mode, 1),
    LL_OPT("slowlog-log-slower-than", 0, slowlog_log_slower_than, -1, LLONG_MAX, 10000),
    LL_OPT("slowlog-max-len", 0, slowlog_max_len, 0, LLONG_MAX, 128),
    LL_OPT("latency-monitor-threshold", 0, latency_monitor_threshold, 0, LLONG_MAX, 0),
    BOOL_OPT("latency-tracking", 0, latency_tracking, 1),
    STRING_OPT("latency-tracking-info-percentiles", OPT_STRING, OPT_REWRITE_ALWAYS,
               latency_tracking_info_percentiles, "50 99 99.9", check_percentiles),
};

#define NOPTIONS (sizeof options / sizeof options[0])

/* Redis 7.0 still answers to the names of the ziplist era, in files, CONFIG SET and CONFIG GET. */
static const struct {
    const char *alias, *name;
} aliases[] = {
    {"hash-max-ziplist-entries", "hash-max-listpack-entries"},
    {"hash-max-ziplist-value", "hash-max-listpack-value"},
    {"zset-max-ziplist-entries", "zset-max-listpack-entries"},
    {"zset-max-ziplist-value", "zset-max-listpack-value"},
    {"list-max-ziplist-size", "list-max-listpack-size"},
    /* and to the names of the master/slave era */
    {"slaveof", "replicaof"},
    {"slave-announce-ip", "replica-announce-ip"},
    {"slave-serve-stale-data", "replica-serve-stale-data"},
    {"slave-read-only", "replica-read-only"},
    {"slave-lazy-flush", "replica-lazy-flush"},
    {"slave-ignore-maxmemory", "replica-ignore-maxmemory"},
    {"slave-priority", "replica-priority"},
    {"slave-announce-port", "replica-announce-port"},
    {"repl-ping-slave-period", "repl-ping-replica-period"},
    {"min-slaves-to-write", "min-replicas-to-write"},
    {"min-slaves-max-lag", "min-replicas-max-lag"},
    {"cluster-slave-no-failover", "cluster-replica-no-failover"},
    {"cluster-slave-validity-factor", "cluster-replica-validity-factor"},
    {"lua-time-limit", "busy-reply-threshold"},
};

#define NALIASES (sizeof aliases / sizeof aliases[0])

size_t config_option_count(void)
{
    return NOPTIONS + config_inert_count;
}

const struct option *config_option_at(size_t i)
{
    return i < NOPTIONS ? &options[i] : &config_inert_options[i - NOPTIONS];
}

static size_t option_index(const struct option *o)
{
    if (o >= options && o < options + NOPTIONS) return (size_t)(o - options);
    return NOPTIONS + (size_t)(o - config_inert_options);
}

const struct option *config_option_find(const char *name)
{
    for (size_t i = 0; i < NALIASES; i++)
        if (strcasecmp(aliases[i].alias, name) == 0) name = aliases[i].name;
    for (size_t i = 0; i < config_option_count(); i++)
        if (strcasecmp(config_option_at(i)->name, name) == 0) return config_option_at(i);
    return NULL;
}

#define option_find config_option_find

/* Options a file or the command line named (for the start-up note on inert ones). */
#define MAX_OPTIONS 512
static unsigned char was_set[MAX_OPTIONS];

int config_option_was_set(const struct option *o)
{
    size_t i = option_index(o);
    return i < MAX_OPTIONS && was_set[i];
}

static int is_string_kind(enum opt_type t)
{
    return t == OPT_STRING || t == OPT_BIND || t == OPT_DIR || t == OPT_SAVE || t == OPT_WORDS;
}

/* Takes several words in a file, split on single spaces from CONFIG SET (Redis's
 * MULTI_ARG_CONFIG). */
static int is_multi_arg(enum opt_type t)
{
    return t == OPT_BIND || t == OPT_OBUF || t == OPT_SAVE || t == OPT_WORDS || t == OPT_FLAGS;
}

static _Atomic int *int_field(struct config *c, const struct option *o)
{
    return (_Atomic int *)((char *)c + o->offset);
}

static _Atomic long long *ll_field(struct config *c, const struct option *o)
{
    return (_Atomic long long *)((char *)c + o->offset);
}

static char *_Atomic *str_field(struct config *c, const struct option *o)
{
    return (char *_Atomic *)((char *)c + o->offset);
}

/* ---- Replaced strings ----
 * A worker may hold the old string of an option CONFIG SET replaced (comparing requirepass, say)
 * until the end of its loop turn. Each retirement takes the next epoch; each worker publishes,
 * once a turn, the epoch it has seen (config_quiescent). A string retired at epoch E is freed
 * once every worker has published E or later: each has then finished a turn begun after the
 * swap, and reads the new pointer from then on (the acquire of the epoch pairs with the release
 * of its increment, which follows the swap). Freeing runs under write_lock: on the thread that
 * retires, and on a worker whose quiescent point may have released something. */

struct retired {
    struct retired *next;
    char *s;
    uint64_t epoch;
};

/* One worker's quiescent state, on its own cache line. seen: written by its worker only. */
struct reader {
    _Alignas(64) _Atomic uint64_t seen;
    int rescan; /* its worker's own: a reclamation it owed could not take the lock */
};

/* Taken by writers, and tried by a worker with strings to reclaim; reading never takes it. */
static pthread_mutex_t write_lock = PTHREAD_MUTEX_INITIALIZER;
static struct retired *retired_list; /* under write_lock */
static _Atomic size_t retired_count;
static _Atomic uint64_t retire_epoch;
static struct reader readers[CONFIG_MAX_WORKERS];
static int nreaders; /* set before the workers start */

/* Frees the retired strings every worker is done with. Holds write_lock. */
static void do_reclaim(void)
{
    if (!retired_list) return;
    uint64_t safe = UINT64_MAX;
    for (int i = 0; i < nreaders; i++) {
        uint64_t seen = atomic_load_explicit(&readers[i].seen, memory_order_acquire);
        if (seen < safe) safe = seen;
    }
    for (struct retired **p = &retired_list; *p;) {
        struct retired *r = *p;
        if (r->epoch <= safe) {
            *p = r->next;
            mem_free(r->s);
            mem_free(r);
            atomic_fetch_sub_explicit(&retired_count, 1, memory_order_relaxed);
        } else {
            p = &r->next;
        }
    }
}

void config_quiescent_init(int nworkers)
{
    pthread_mutex_lock(&write_lock);
    if (nworkers < 0) nworkers = 0;
    if (nworkers > CONFIG_MAX_WORKERS) nworkers = CONFIG_MAX_WORKERS;
    uint64_t epoch = atomic_load_explicit(&retire_epoch, memory_order_relaxed);
    for (int i = 0; i < nworkers; i++) {
        atomic_store_explicit(&readers[i].seen, epoch, memory_order_relaxed);
        readers[i].rescan = 0;
    }
    nreaders = nworkers;
    do_reclaim();
    pthread_mutex_unlock(&write_lock);
}

/* Holds write_lock. */
static void do_retire(char *s)
{
    if (!s) return;
    struct retired *r = mem_alloc(sizeof *r);
    r->s = s;
    /* Counted before the epoch moves: a worker that sees the new epoch sees work to do. */
    atomic_fetch_add_explicit(&retired_count, 1, memory_order_relaxed);
    r->epoch = atomic_fetch_add_explicit(&retire_epoch, 1, memory_order_acq_rel) + 1;
    r->next = retired_list;
    retired_list = r;
    do_reclaim(); /* older strings the workers have let go of since */
}

void config_retire(char *s)
{
    pthread_mutex_lock(&write_lock);
    do_retire(s);
    pthread_mutex_unlock(&write_lock);
}

void config_quiescent(int worker_id)
{
    if (worker_id < 0 || worker_id >= nreaders) return;
    struct reader *me = &readers[worker_id];
    uint64_t epoch = atomic_load_explicit(&retire_epoch, memory_order_acquire);
    if (atomic_load_explicit(&me->seen, memory_order_relaxed) == epoch && !me->rescan) return;
    /* Release: what this worker read of the old strings comes before its news. */
    atomic_store_explicit(&me->seen, epoch, memory_order_release);
    me->rescan = 0;
    if (atomic_load_explicit(&retired_count, memory_order_relaxed) == 0) return;
    if (pthread_mutex_trylock(&write_lock) != 0) {
        me->rescan = 1; /* whoever holds it may have looked before this news: look next turn */
        return;
    }
    do_reclaim();
    pthread_mutex_unlock(&write_lock);
}

size_t config_retired_pending(void)
{
    return atomic_load_explicit(&retired_count, memory_order_relaxed);
}

/* Publishes s in slot (release, for readers' acquire) and retires the string it replaces. Holds
 * write_lock. */
static void store_string(char *_Atomic *slot, char *s)
{
    do_retire(atomic_exchange_explicit(slot, s, memory_order_acq_rel));
}

void config_free(struct config *c)
{
    pthread_mutex_lock(&write_lock);
    for (size_t i = 0; i < config_option_count(); i++) {
        const struct option *o = config_option_at(i);
        if (is_string_kind(o->type)) {
            mem_free(atomic_load_explicit(str_field(c, o), memory_order_relaxed));
            atomic_store_explicit(str_field(c, o), NULL, memory_order_relaxed);
        }
    }
    mem_free(c->acl_users);
    c->acl_users = NULL;
    while (retired_list) {
        struct retired *r = retired_list;
        retired_list = r->next;
        mem_free(r->s);
        mem_free(r);
    }
    atomic_store_explicit(&retired_count, 0, memory_order_relaxed);
    nreaders = 0;
    pthread_mutex_unlock(&write_lock);
}

/* ---- client-output-buffer-limit ---- */

static const char *const obuf_class_names[CLIENT_CLASS_COUNT] = {"normal", "slave", "pubsub"};

static struct obuf_limit *obuf_field(struct config *c, const struct option *o)
{
    return (struct obuf_limit *)((char *)c + o->offset);
}

static int parse_memory(const char *p, unsigned long long *out);

/* Redis's updateClientOutputBufferLimit: every group of four words is checked before any limit
 * changes. Returns 1, or -1 with the reason. */
static int obuf_set(struct config *c, const struct option *o, int argc, char **argv, char *reason,
                    size_t rlen)
{
    if (argc == 0 || argc % 4) {
        snprintf(reason, rlen, "%s", REASON_OBUF_ARGC);
        return -1;
    }
    for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < argc; i += 4) {
            int cls = -1;
            if (!strcasecmp(argv[i], "normal"))
                cls = CLIENT_CLASS_NORMAL;
            else if (!strcasecmp(argv[i], "slave") || !strcasecmp(argv[i], "replica"))
                cls = CLIENT_CLASS_REPLICA;
            else if (!strcasecmp(argv[i], "pubsub"))
                cls = CLIENT_CLASS_PUBSUB;
            if (cls < 0) {
                snprintf(reason, rlen, "%s", REASON_OBUF_CLASS);
                return -1;
            }
            unsigned long long hard, soft;
            long long secs;
            if (!parse_memory(argv[i + 1], &hard) || !parse_memory(argv[i + 2], &soft) ||
                !str_to_ll(argv[i + 3], strlen(argv[i + 3]), &secs) || secs < 0 ||
                hard > LLONG_MAX || soft > LLONG_MAX) {
                snprintf(reason, rlen, "%s", REASON_OBUF_VALUE);
                return -1;
            }
            if (!pass) continue;
            struct obuf_limit *l = &obuf_field(c, o)[cls];
            atomic_store_explicit(&l->hard, (long long)hard, memory_order_relaxed);
            atomic_store_explicit(&l->soft, (long long)soft, memory_order_relaxed);
            atomic_store_explicit(&l->soft_seconds, secs, memory_order_relaxed);
        }
    }
    return 1;
}

/* CONFIG SET's form: words split on spaces. */
static int obuf_set_string(struct config *c, const struct option *o, const char *value,
                           char *reason, size_t rlen)
{
    char *words[64];
    char copy[1024];
    int n = 0;
    snprintf(copy, sizeof copy, "%s", value);
    for (char *save = NULL, *t = strtok_r(copy, " ", &save); t && n < 64;
         t = strtok_r(NULL, " ", &save))
        words[n++] = t;
    return obuf_set(c, o, n, words, reason, rlen);
}

static void obuf_value(struct config *c, const struct option *o, char *buf, size_t len)
{
    size_t n = 0;
    buf[0] = '\0';
    for (int i = 0; i < CLIENT_CLASS_COUNT && n < len; i++) {
        struct obuf_limit *l = &obuf_field(c, o)[i];
        n += (size_t)snprintf(buf + n, len - n, "%s%s %lld %lld %lld", i ? " " : "",
                              obuf_class_names[i], atomic_load(&l->hard), atomic_load(&l->soft),
                              atomic_load(&l->soft_seconds));
    }
}

void config_defaults(struct config *c)
{
    memset(c, 0, sizeof *c);
    for (size_t i = 0; i < config_option_count(); i++) {
        const struct option *o = config_option_at(i);
        switch (o->type) {
        case OPT_INT:
        case OPT_OCTAL:
        case OPT_BOOL:
        case OPT_ENUM:
        case OPT_FLAGS:
            atomic_store_explicit(int_field(c, o), (int)o->def, memory_order_relaxed);
            break;
        case OPT_LL:
        case OPT_MEMORY:
            atomic_store_explicit(ll_field(c, o), o->def, memory_order_relaxed);
            break;
        case OPT_STRING:
        case OPT_BIND:
        case OPT_DIR:
        case OPT_SAVE:
        case OPT_WORDS:
            atomic_store_explicit(str_field(c, o), mem_strndup(o->def_str, strlen(o->def_str)),
                                  memory_order_release);
            break;
        case OPT_OBUF: {
            char reason[REASON_MAX];
            obuf_set_string(c, o, o->def_str, reason, sizeof reason);
            break;
        }
        case OPT_NOTIFY:
            atomic_store_explicit(int_field(c, o), 0, memory_order_relaxed);
            break;
        }
    }
}

/* ---- notify-keyspace-events: Redis's letters ---- */

static const struct {
    char letter;
    int flag;
} notify_letters[] = {
    {'g', NOTIFY_GENERIC},  {'$', NOTIFY_STRING},   {'l', NOTIFY_LIST},    {'s', NOTIFY_SET},
    {'h', NOTIFY_HASH},     {'z', NOTIFY_ZSET},     {'x', NOTIFY_EXPIRED}, {'e', NOTIFY_EVICTED},
    {'t', NOTIFY_STREAM},   {'d', NOTIFY_MODULE},   {'n', NOTIFY_NEW},     {'K', NOTIFY_KEYSPACE},
    {'E', NOTIFY_KEYEVENT}, {'m', NOTIFY_KEY_MISS},
};
#define NOTIFY_LETTERS (sizeof notify_letters / sizeof notify_letters[0])

/* -1 on a letter that names no class. */
static int notify_parse(const char *s)
{
    int flags = 0;
    for (; *s; s++) {
        if (*s == 'A') {
            flags |= NOTIFY_ALL;
            continue;
        }
        size_t i = 0;
        while (i < NOTIFY_LETTERS && notify_letters[i].letter != *s)
            i++;
        if (i == NOTIFY_LETTERS) return -1;
        flags |= notify_letters[i].flag;
    }
    return flags;
}

/* Redis's keyspaceEventsFlagsToString: A for every class it covers, then K E m. */
static void notify_format(int flags, char *buf, size_t len)
{
    size_t n = 0;
    int all = (flags & NOTIFY_ALL) == NOTIFY_ALL;
    if (all && n + 1 < len) buf[n++] = 'A';
    for (size_t i = 0; i < NOTIFY_LETTERS && n + 1 < len; i++) {
        int f = notify_letters[i].flag;
        if (!(flags & f)) continue;
        if (all && (f & NOTIFY_ALL)) continue;
        buf[n++] = notify_letters[i].letter;
    }
    buf[n] = '\0';
}

/* ---- Growable strings and argument vectors ---- */

struct buf {
    char *p;
    size_t len, cap;
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + n + 1)
            cap *= 2;
        b->p = mem_realloc(b->p, cap);
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void buf_addc(struct buf *b, char ch)
{
    buf_add(b, &ch, 1);
}

static void buf_adds(struct buf *b, const char *s)
{
    buf_add(b, s, strlen(s));
}

/* The buffer's string (never NULL); the caller owns it. */
static char *buf_take(struct buf *b)
{
    if (!b->p) buf_add(b, "", 0);
    char *s = b->p;
    b->p = NULL;
    b->len = b->cap = 0;
    return s;
}

struct args {
    int argc;
    char **argv;
};

static void args_push(struct args *a, char *s)
{
    a->argv = mem_realloc(a->argv, (size_t)(a->argc + 1) * sizeof *a->argv);
    a->argv[a->argc++] = s;
}

static void args_free(struct args *a)
{
    for (int i = 0; i < a->argc; i++)
        mem_free(a->argv[i]);
    mem_free(a->argv);
    a->argc = 0;
    a->argv = NULL;
}

static int push_word(const char *arg, size_t len, void *ctx)
{
    args_push(ctx, mem_strndup(arg, len));
    return 1;
}

/* A config line's words, split as Redis's sdssplitargs splits them. Returns 0, or -1 on
 * unbalanced quotes. (A \x00 ends the word's C string.) */
static int split_args(const char *p, struct args *out)
{
    out->argc = 0;
    out->argv = NULL;
    size_t n = strlen(p);
    char *scratch = mem_alloc(n + 1);
    int rc = splitargs(p, n, scratch, push_word, out);
    mem_free(scratch);
    if (rc == 1) return 0;
    args_free(out);
    return -1;
}

/* Redis's sdscatrepr: s as a double-quoted word that split_args reads back unchanged. */
static void buf_add_quoted(struct buf *b, const char *s)
{
    buf_addc(b, '"');
    for (; *s; s++) {
        char esc[8];
        switch (*s) {
        case '\\':
            buf_adds(b, "\\\\");
            break;
        case '"':
            buf_adds(b, "\\\"");
            break;
        case '\n':
            buf_adds(b, "\\n");
            break;
        case '\r':
            buf_adds(b, "\\r");
            break;
        case '\t':
            buf_adds(b, "\\t");
            break;
        case '\a':
            buf_adds(b, "\\a");
            break;
        case '\b':
            buf_adds(b, "\\b");
            break;
        default:
            if (isprint((unsigned char)*s)) {
                buf_addc(b, *s);
            } else {
                snprintf(esc, sizeof esc, "\\x%02x", (unsigned char)*s);
                buf_adds(b, esc);
            }
        }
    }
    buf_addc(b, '"');
}

char *config_quote_append(char *out, const char *s)
{
    struct buf b = {0};
    if (out) buf_adds(&b, out);
    mem_free(out);
    buf_add_quoted(&b, s);
    return buf_take(&b);
}

/* ---- Values ---- */

static const char *check_appendonly(const char *value)
{
    return strcasecmp(value, "yes") ? NULL
                                    : "the append-only file is not supported yet (appendonly no)";
}

/* Numbers between 0 and 100, one space apart (Redis splits on each space: two in a row make an
 * empty one, which is invalid); "" is none. */
static const char *check_percentiles(const char *value)
{
    const char *p = value;
    while (*p) {
        const char *end = strchr(p, ' ');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char num[64];
        char *stop;
        if (len == 0 || len >= sizeof num || isspace((unsigned char)p[0]))
            return "Invalid latency-tracking-info-percentiles parameters";
        memcpy(num, p, len);
        num[len] = '\0';
        errno = 0;
        double v = strtod(num, &stop);
        if (*stop || errno || v != v) return "Invalid latency-tracking-info-percentiles parameters";
        if (v < 0.0 || v > 100.0)
            return "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]";
        if (!end) break;
        p = end + 1;
        if (!*p) return "Invalid latency-tracking-info-percentiles parameters";
    }
    return NULL;
}

static const char *check_dbfilename(const char *value)
{
    return strchr(value, '/') || strchr(value, '\\') ? REASON_DBFILENAME : NULL;
}

/* Redis's memtoull: digits and an optional unit (b, k = 1000, kb = 1024, m, mb, g, gb; any case).
 * No sign, no spaces; "" and a bare unit are 0. */
static int parse_memory(const char *p, unsigned long long *out)
{
    if (*p == '-') return 0;
    const char *u = p;
    while (isdigit((unsigned char)*u))
        u++;
    unsigned long long mul;
    if (*u == '\0' || !strcasecmp(u, "b"))
        mul = 1;
    else if (!strcasecmp(u, "k"))
        mul = 1000;
    else if (!strcasecmp(u, "kb"))
        mul = 1024;
    else if (!strcasecmp(u, "m"))
        mul = 1000 * 1000;
    else if (!strcasecmp(u, "mb"))
        mul = 1024 * 1024;
    else if (!strcasecmp(u, "g"))
        mul = 1000ULL * 1000 * 1000;
    else if (!strcasecmp(u, "gb"))
        mul = 1024ULL * 1024 * 1024;
    else
        return 0;
    size_t digits = (size_t)(u - p);
    char num[128];
    if (digits >= sizeof num) return 0;
    memcpy(num, p, digits);
    num[digits] = '\0';
    /* strtoull saturates on overflow, as in Redis; so does the unit, so the bounds check below
     * rejects an out-of-range size instead of seeing a wrapped one. */
    unsigned long long v = digits ? strtoull(num, NULL, 10) : 0;
    *out = v > ULLONG_MAX / mul ? ULLONG_MAX : v * mul;
    return 1;
}

static int bind_address_ok(const char *a)
{
    unsigned char addr[16];
    if (*a == '-') a++;
    if (!strcmp(a, "*") || !strcmp(a, "::*")) return 1;
    return inet_pton(AF_INET, a, addr) == 1 || inet_pton(AF_INET6, a, addr) == 1;
}

static int enum_val(const struct option *o, int i)
{
    return o->vals ? o->vals[i] : i;
}

/* Redis's flags enums: the names of the bits set, in the table's order; the zero value's name
 * when none. */
static void flags_format(const struct option *o, int v, char *buf, size_t len)
{
    size_t n = 0;
    buf[0] = '\0';
    for (int i = 0; o->names[i] && n < len; i++) {
        int f = enum_val(o, i);
        if ((v == 0 && f == 0) || (f != 0 && (v & f) == f))
            n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? " " : "", o->names[i]);
    }
}

long long config_option_number(const struct config *c, const struct option *o)
{
    struct config *m = (struct config *)c;
    if (o->type == OPT_LL || o->type == OPT_MEMORY)
        return atomic_load_explicit(ll_field(m, o), memory_order_relaxed);
    return atomic_load_explicit(int_field(m, o), memory_order_relaxed);
}

/* Current value of o in c as CONFIG GET shows it: in buf, or c's own string. */
const char *config_option_value(const struct config *c, const struct option *o, char *buf,
                                size_t len)
{
    struct config *m = (struct config *)c; /* the field helpers are shared with the writers */
    switch (o->type) {
    case OPT_INT: {
        int v = atomic_load_explicit(int_field(m, o), memory_order_relaxed);
        if (o->offset == FIELD(threads) && v == 0) /* the default: show what it came to */
            v = atomic_load_explicit(&m->threads_in_use, memory_order_relaxed);
        snprintf(buf, len, "%d", v);
        return buf;
    }
    case OPT_LL:
        snprintf(buf, len, "%lld", atomic_load_explicit(ll_field(m, o), memory_order_relaxed));
        return buf;
    case OPT_OCTAL:
        snprintf(buf, len, "%o",
                 (unsigned)atomic_load_explicit(int_field(m, o), memory_order_relaxed));
        return buf;
    case OPT_BOOL:
        return atomic_load_explicit(int_field(m, o), memory_order_relaxed) ? "yes" : "no";
    case OPT_ENUM: {
        int v = atomic_load_explicit(int_field(m, o), memory_order_relaxed);
        for (int i = 0; o->names[i]; i++)
            if (enum_val(o, i) == v) return o->names[i];
        return "unknown";
    }
    case OPT_FLAGS:
        flags_format(o, atomic_load_explicit(int_field(m, o), memory_order_relaxed), buf, len);
        return buf;
    case OPT_MEMORY: {
        long long v = atomic_load_explicit(ll_field(m, o), memory_order_relaxed);
        if ((o->flags & OPT_PERCENT) && v < 0)
            snprintf(buf, len, "%lld%%", -v);
        else
            snprintf(buf, len, "%llu", (unsigned long long)v);
        return buf;
    }
    case OPT_OBUF:
        obuf_value(m, o, buf, len);
        return buf;
    case OPT_NOTIFY:
        notify_format(atomic_load_explicit(int_field(m, o), memory_order_relaxed), buf, len);
        return buf;
    case OPT_DIR:
        /* As Redis: the directory in use, absolute, whatever was written. */
        if (getcwd(buf, len)) return buf;
        return "";
    case OPT_STRING:
    case OPT_BIND:
    case OPT_SAVE:
    case OPT_WORDS:
        break;
    }
    const char *s = atomic_load_explicit(str_field(m, o), memory_order_acquire);
    return s ? s : "";
}

/* save: `<seconds> <changes>` pairs, seconds at least 1; "" alone clears them. CONFIG SET
 * replaces the rules; in files, as in Redis, the first `save` line replaces the defaults and
 * later ones add to it. */
static int save_loaded; /* a file or the command line set save already */

static int save_set_words(struct config *c, const struct option *o, int argc, char **argv,
                          int from_set);

static int save_set(struct config *c, const struct option *o, int argc, char **argv, int from_set,
                    char *reason, size_t rlen)
{
    if (argc == 1 && argv[0][0] == '\0') argc = 0;
    /* one argument holding the pairs (`save "60 5 10 1"` in a file): split on single spaces,
     * as Redis does for its multi-argument options */
    struct args split = {0};
    if (argc == 1 && strchr(argv[0], ' ')) {
        for (const char *p = argv[0];;) {
            const char *sp = strchr(p, ' ');
            size_t n = sp ? (size_t)(sp - p) : strlen(p);
            args_push(&split, mem_strndup(p, n));
            if (!sp) break;
            p = sp + 1;
        }
        argc = split.argc;
        argv = split.argv;
    }
    int rc = save_set_words(c, o, argc, argv, from_set);
    args_free(&split);
    if (rc >= 0) return rc;
    snprintf(reason, rlen, "Invalid save parameters");
    return -1;
}

static int save_set_words(struct config *c, const struct option *o, int argc, char **argv,
                          int from_set)
{
    if (argc & 1) return -1;
    for (int j = 0; j < argc; j++) {
        long long v;
        if (!str_to_ll(argv[j], strlen(argv[j]), &v) || v < ((j & 1) ? 0 : 1)) return -1;
    }
    struct buf b = {0};
    char *_Atomic *f = str_field(c, o);
    const char *cur = atomic_load_explicit(f, memory_order_relaxed);
    if (!from_set && save_loaded && cur && cur[0] && argc) buf_adds(&b, cur);
    if (!from_set) save_loaded = 1;
    for (int j = 0; j < argc; j++) {
        if (b.len) buf_addc(&b, ' ');
        long long v;
        str_to_ll(argv[j], strlen(argv[j]), &v);
        char num[32];
        snprintf(num, sizeof num, "%lld", v);
        buf_adds(&b, num);
    }
    char *s = b.p ? buf_take(&b) : mem_strndup("", 0);
    if (cur && !strcmp(cur, s)) {
        mem_free(s);
        return 0;
    }
    store_string(f, s);
    return 1;
}

static void enum_reason(const struct option *o, char *reason, size_t rlen)
{
    struct buf b = {0};
    buf_adds(&b, REASON_ENUM);
    for (int i = 0; o->names[i]; i++) {
        if (i) buf_adds(&b, ", ");
        buf_adds(&b, o->names[i]);
    }
    snprintf(reason, rlen, "%s", b.p);
    mem_free(b.p);
}

/* Sets o from its arguments (argv[0..argc), already split). from_set: a CONFIG SET, which words a
 * bad bind address as Redis does when binding fails. Returns 1 when the value changed, 0 when it
 * was already so, -1 with the reason. */
static int option_set(struct config *c, const struct option *o, int argc, char **argv, int from_set,
                      char *reason, size_t rlen)
{
    switch (o->type) {
    case OPT_INT: {
        long long v;
        if (o->flags & OPT_UNITS) {
            unsigned long long u;
            if (!parse_memory(argv[0], &u)) {
                snprintf(reason, rlen, "%s", REASON_NOT_MEMORY);
                return -1;
            }
            if (u > (unsigned long long)o->max) {
                snprintf(reason, rlen, REASON_RANGE, o->min, o->max);
                return -1;
            }
            v = (long long)u;
        } else if (!str_to_ll(argv[0], strlen(argv[0]), &v)) {
            snprintf(reason, rlen, "%s", REASON_NOT_INT);
            return -1;
        }
        if (v < o->min || v > o->max) {
            snprintf(reason, rlen, REASON_RANGE, o->min, o->max);
            return -1;
        }
        if (o->clamp_hi) {
            if (v < o->clamp_lo) v = o->clamp_lo;
            if (v > o->clamp_hi) v = o->clamp_hi;
        }
        _Atomic int *f = int_field(c, o);
        if (atomic_load_explicit(f, memory_order_relaxed) == (int)v) return 0;
        atomic_store_explicit(f, (int)v, memory_order_relaxed);
        return 1;
    }
    case OPT_LL: {
        long long v;
        if (!str_to_ll(argv[0], strlen(argv[0]), &v)) {
            snprintf(reason, rlen, "%s", REASON_NOT_INT);
            return -1;
        }
        if (v < o->min || v > o->max) {
            snprintf(reason, rlen, REASON_RANGE, o->min, o->max);
            return -1;
        }
        _Atomic long long *f = ll_field(c, o);
        if (atomic_load_explicit(f, memory_order_relaxed) == v) return 0;
        atomic_store_explicit(f, v, memory_order_relaxed);
        return 1;
    }
    case OPT_OCTAL: {
        char *end;
        errno = 0;
        long long v = strtoll(argv[0], &end, 8);
        if (errno || *end != '\0' || end == argv[0]) {
            snprintf(reason, rlen, "argument couldn't be parsed as an octal number");
            return -1;
        }
        if ((unsigned long long)v < (unsigned long long)o->min ||
            (unsigned long long)v > (unsigned long long)o->max) {
            snprintf(reason, rlen, "argument must be between %llo and %llo inclusive",
                     (unsigned long long)o->min, (unsigned long long)o->max);
            return -1;
        }
        _Atomic int *f = int_field(c, o);
        if (atomic_load_explicit(f, memory_order_relaxed) == (int)v) return 0;
        atomic_store_explicit(f, (int)v, memory_order_relaxed);
        return 1;
    }
    case OPT_FLAGS: {
        int v = 0, bad = argc == 0;
        for (int a = 0; a < argc && !bad; a++) {
            int found = -1;
            for (int i = 0; o->names[i]; i++)
                if (!strcasecmp(o->names[i], argv[a])) found = i;
            if (found < 0)
                bad = 1;
            else
                v |= enum_val(o, found);
        }
        if (bad) {
            enum_reason(o, reason, rlen);
            return -1;
        }
        const char *why = o->check_flags ? o->check_flags(v) : NULL;
        if (why) {
            snprintf(reason, rlen, "%s", why);
            return -1;
        }
        _Atomic int *f = int_field(c, o);
        if (atomic_load_explicit(f, memory_order_relaxed) == v) return 0;
        atomic_store_explicit(f, v, memory_order_relaxed);
        return 1;
    }
    case OPT_WORDS: {
        char canon[1024];
        const char *why = o->check_words(argc, argv, canon, sizeof canon);
        if (why) {
            snprintf(reason, rlen, "%s", why);
            return -1;
        }
        char *_Atomic *f = str_field(c, o);
        const char *cur = atomic_load_explicit(f, memory_order_relaxed);
        if (cur && !strcmp(cur, canon)) return 0;
        store_string(f, mem_strndup(canon, strlen(canon)));
        return 1;
    }
    case OPT_MEMORY: {
        unsigned long long v;
        if (!parse_memory(argv[0], &v)) {
            long long pct;
            size_t n = strlen(argv[0]);
            if (!(o->flags & OPT_PERCENT) || n < 2 || argv[0][n - 1] != '%' ||
                !str_to_ll(argv[0], n - 1, &pct) || pct < 0) {
                snprintf(reason, rlen, "%s",
                         o->flags & OPT_PERCENT ? "argument must be a memory or percent value"
                                                : REASON_NOT_MEMORY);
                return -1;
            }
            if (-pct < o->min) {
                snprintf(reason, rlen, "percentage argument must be less or equal to %lld",
                         -o->min);
                return -1;
            }
            _Atomic long long *f = ll_field(c, o);
            if (atomic_load_explicit(f, memory_order_relaxed) == -pct) return 0;
            atomic_store_explicit(f, -pct, memory_order_relaxed);
            return 1;
        }
        if (v > (unsigned long long)o->max || (o->min > 0 && v < (unsigned long long)o->min)) {
            snprintf(reason, rlen, REASON_RANGE, o->min, o->max);
            return -1;
        }
        if (o->clamp_hi && v < (unsigned long long)o->clamp_lo) v = (unsigned long long)o->clamp_lo;
        _Atomic long long *f = ll_field(c, o);
        if (atomic_load_explicit(f, memory_order_relaxed) == (long long)v) return 0;
        atomic_store_explicit(f, (long long)v, memory_order_relaxed);
        return 1;
    }
    case OPT_BOOL: {
        int v;
        if (!strcasecmp(argv[0], "yes")) {
            v = 1;
        } else if (!strcasecmp(argv[0], "no")) {
            v = 0;
        } else {
            snprintf(reason, rlen, "%s", REASON_YESNO);
            return -1;
        }
        const char *why = o->check ? o->check(argv[0]) : NULL;
        if (why) {
            snprintf(reason, rlen, "%s", why);
            return -1;
        }
        _Atomic int *f = int_field(c, o);
        if (atomic_load_explicit(f, memory_order_relaxed) == v) return 0;
        atomic_store_explicit(f, v, memory_order_relaxed);
        return 1;
    }
    case OPT_ENUM: {
        int v = -1;
        for (int i = 0; o->names[i] && v < 0; i++)
            if (!strcasecmp(o->names[i], argv[0])) v = enum_val(o, i);
        if (v < 0) {
            enum_reason(o, reason, rlen);
            return -1;
        }
        const char *why = o->check ? o->check(argv[0]) : NULL;
        if (why) {
            snprintf(reason, rlen, "%s", why);
            return -1;
        }
        _Atomic int *f = int_field(c, o);
        if (atomic_load_explicit(f, memory_order_relaxed) == v) return 0;
        atomic_store_explicit(f, v, memory_order_relaxed);
        return 1;
    }
    case OPT_STRING: {
        const char *why = o->check ? o->check(argv[0]) : NULL;
        if (why) {
            snprintf(reason, rlen, "%s", why);
            return -1;
        }
        char *_Atomic *f = str_field(c, o);
        const char *cur = atomic_load_explicit(f, memory_order_relaxed);
        if (cur && !strcmp(cur, argv[0])) return 0;
        store_string(f, mem_strndup(argv[0], strlen(argv[0])));
        return 1;
    }
    case OPT_BIND: {
        if (argc > CONFIG_BINDADDR_MAX) {
            snprintf(reason, rlen, "%s", REASON_BIND_MANY);
            return -1;
        }
        if (argc == 1 && argv[0][0] == '\0') argc = 0; /* `bind ""`: no address */
        struct buf b = {0};
        for (int i = 0; i < argc; i++) {
            if (!bind_address_ok(argv[i])) {
                snprintf(reason, rlen, REASON_BIND_BAD, argv[i]);
                mem_free(b.p);
                return -1;
            }
            if (i) buf_addc(&b, ' ');
            buf_adds(&b, argv[i]);
        }
        char *s = buf_take(&b);
        char *_Atomic *f = str_field(c, o);
        const char *cur = atomic_load_explicit(f, memory_order_relaxed);
        if (cur && !strcmp(cur, s)) {
            mem_free(s);
            return 0;
        }
        store_string(f, s);
        return 1;
    }
    case OPT_DIR: {
        if (argc != 1) {
            snprintf(reason, rlen, "%s", REASON_ARGC);
            return -1;
        }
        if (chdir(argv[0]) == -1) {
            snprintf(reason, rlen, "%s", strerror(errno));
            return -1;
        }
        /* Kept absolute, so `<dir>/<file>` stays right whatever directory is current. */
        char cwd[PATH_MAX];
        const char *now = getcwd(cwd, sizeof cwd) ? cwd : argv[0];
        char *_Atomic *f = str_field(c, o);
        const char *cur = atomic_load_explicit(f, memory_order_relaxed);
        if (cur && !strcmp(cur, now)) return 0;
        store_string(f, mem_strndup(now, strlen(now)));
        return 1;
    }
    case OPT_OBUF:
        return obuf_set(c, o, argc, argv, reason, rlen);
    case OPT_SAVE:
        return save_set(c, o, argc, argv, from_set, reason, rlen);
    case OPT_NOTIFY: {
        int v = argc == 1 ? notify_parse(argv[0]) : -1;
        if (v < 0) {
            snprintf(reason, rlen, "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
            return -1;
        }
        _Atomic int *f = int_field(c, o);
        if (atomic_load_explicit(f, memory_order_relaxed) == v) return 0;
        atomic_store_explicit(f, v, memory_order_relaxed);
        return 1;
    }
    }
    return -1;
}

/* CONFIG SET's form of a value: multi-word options (bind) split on single spaces, as Redis's
 * sdssplitlen does ("" is no word, "a  b" has an empty one); others are one word. */
static int option_set_string(struct config *c, const struct option *o, const char *value,
                             char *reason, size_t rlen)
{
    if (o->type == OPT_OBUF) return obuf_set_string(c, o, value, reason, rlen);
    struct args a = {0};
    if (o->type == OPT_BIND || o->type == OPT_SAVE || o->type == OPT_WORDS ||
        o->type == OPT_FLAGS) {
        for (const char *p = value; *value;) {
            const char *sp = strchr(p, ' ');
            size_t n = sp ? (size_t)(sp - p) : strlen(p);
            args_push(&a, mem_strndup(p, n));
            if (!sp) break;
            p = sp + 1;
        }
    } else {
        args_push(&a, mem_strndup(value, strlen(value)));
    }
    int rc = option_set(c, o, a.argc, a.argv, 1, reason, rlen);
    args_free(&a);
    return rc;
}

/* ---- Loading ---- */

static int load_text(struct config *c, const char *text, int line_base, int depth,
                     const char *origin, char *err, size_t errlen);

/* Lines of the last file config_load_file read: config_load_args numbers its lines after them. */
static int file_lines;

/* Appends the whole file to b. Returns 0, or -1 with errno set. */
static int read_into(const char *path, struct buf *b)
{
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        buf_add(b, chunk, n);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        errno = EIO;
        return -1;
    }
    if (!b->p) buf_add(b, "", 0);
    return 0;
}

/* Redis's include: a path with wildcards loads every match (none is fine), concatenated; a plain
 * path must open. Errors inside name the line in the included text. */
static int load_include(struct config *c, const char *path, int depth, char *err, size_t errlen)
{
    struct buf text = {0};
    if (strpbrk(path, "*?[")) {
        glob_t g;
        if (glob(path, 0, NULL, &g) == 0) {
            for (size_t i = 0; i < g.gl_pathc; i++) {
                if (read_into(g.gl_pathv[i], &text) < 0) {
                    snprintf(err, errlen, ERR_CANT_OPEN, g.gl_pathv[i], strerror(errno));
                    globfree(&g);
                    mem_free(text.p);
                    return -1;
                }
            }
            globfree(&g);
        }
        if (!text.p) return 0;
    } else if (read_into(path, &text) < 0) {
        snprintf(err, errlen, ERR_CANT_OPEN, path, strerror(errno));
        return -1;
    }
    int rc = load_text(c, text.p, 0, depth, path, err, errlen);
    mem_free(text.p);
    return rc;
}

/* Directives Redis 7.0 still reads and ignores, with the word counts it takes. */
static const struct {
    const char *name;
    int argc;
} deprecated[] = {
    {"list-max-ziplist-entries", 2},
    {"list-max-ziplist-value", 2},
    {"lua-replicate-commands", 2},
};

static int deprecated_seen;

static int is_deprecated(const char *name, int argc)
{
    for (size_t i = 0; i < sizeof deprecated / sizeof deprecated[0]; i++)
        if (!strcasecmp(deprecated[i].name, name) && argc == deprecated[i].argc) return 1;
    return 0;
}

/* A `user` line: kept, as aclfile lines, for acl_init (cmd/acl.c), which applies the rules once
 * the command table exists and stops the start on a bad one. */
static int user_line_seen;

int config_user_line_seen(void)
{
    return user_line_seen;
}

static const char *user_line(struct config *c, int argc, char **argv)
{
    user_line_seen = 1;
    size_t old = c->acl_users ? strlen(c->acl_users) : 0, add = 5;
    for (int i = 1; i < argc; i++)
        add += strlen(argv[i]) + 1;
    c->acl_users = mem_realloc(c->acl_users, old + add + 1);
    char *w = c->acl_users + old;
    w += sprintf(w, "user");
    for (int i = 1; i < argc; i++)
        w += sprintf(w, " %s", argv[i]);
    strcpy(w, "\n");
    return NULL;
}

/* One line, already trimmed and not a comment. Returns 0; -1 with the reason for the caller to
 * frame; -2 when err is already written (an included file's own error). */
static int load_line(struct config *c, const char *line, int depth, const char *origin,
                     char *reason, size_t rlen, char *err, size_t errlen)
{
    struct args a;
    if (split_args(line, &a) < 0) {
        snprintf(reason, rlen, "%s", REASON_QUOTES);
        return -1;
    }
    int rc = 0;
    if (a.argc == 0) goto out;
    for (char *p = a.argv[0]; *p; p++)
        *p = (char)tolower((unsigned char)*p);

    const struct option *o = option_find(a.argv[0]);
    if (o) {
        if (!is_multi_arg(o->type) && a.argc != 2) {
            snprintf(reason, rlen, "%s", REASON_ARGC);
            rc = -1;
        } else if (option_set(c, o, a.argc - 1, a.argv + 1, 0, reason, rlen) < 0) {
            rc = -1;
        } else {
            size_t i = option_index(o);
            if (i < MAX_OPTIONS) was_set[i] = 1;
        }
    } else if (is_deprecated(a.argv[0], a.argc)) {
        deprecated_seen = 1; /* Redis skips them without a word */
    } else if (!strcmp(a.argv[0], "rename-command") && a.argc == 3) {
        const char *why = config_rename_command ? config_rename_command(a.argv[1], a.argv[2])
                                                : "rename-command is not available here";
        if (why) {
            snprintf(reason, rlen, "%s", why);
            rc = -1;
        }
    } else if (!strcmp(a.argv[0], "user") && a.argc >= 2) {
        const char *why = user_line(c, a.argc, a.argv);
        if (why) {
            snprintf(reason, rlen, "%s", why);
            rc = -1;
        }
    } else if (!strcmp(a.argv[0], "loadmodule") && a.argc >= 2) {
        snprintf(reason, rlen, "Modules are not supported by Tessera");
        rc = -1;
    } else if (strchr(a.argv[0], '.')) {
        snprintf(reason, rlen, "%s",
                 a.argc != 2 ? "Module config specified without value"
                             : "Modules are not supported by Tessera");
        rc = -1;
    } else if (!strcmp(a.argv[0], "sentinel")) {
        snprintf(reason, rlen, "sentinel directive while not in sentinel mode");
        rc = -1;
    } else if (!strcmp(a.argv[0], "include") && a.argc == 2) {
        if (depth + 1 > INCLUDE_DEPTH_MAX) {
            snprintf(reason, rlen, REASON_NESTING, origin ? origin : "configuration");
            rc = -1;
        } else if (load_include(c, a.argv[1], depth + 1, err, errlen) < 0) {
            rc = -2;
        }
    } else {
        snprintf(reason, rlen, "%s", REASON_BAD_DIRECTIVE);
        rc = -1;
    }
out:
    args_free(&a);
    return rc;
}

/* Redis's loadServerConfigFromString: lines split on \n and trimmed of blanks; '#' starts a
 * comment line. line_base: lines before this text in what the user sees as one text. */
static int load_text(struct config *c, const char *text, int line_base, int depth,
                     const char *origin, char *err, size_t errlen)
{
    static const char blanks[] = " \t\r\n";
    int lineno = line_base;
    const char *p = text;
    for (;;) {
        const char *nl = strchr(p, '\n');
        const char *s = p, *e = nl ? nl : p + strlen(p);
        lineno++;
        while (s < e && strchr(blanks, *s))
            s++;
        while (e > s && strchr(blanks, e[-1]))
            e--;
        if (s < e && *s != '#') {
            char *line = mem_strndup(s, (size_t)(e - s));
            char reason[REASON_MAX];
            int rc = load_line(c, line, depth, origin, reason, sizeof reason, err, errlen);
            if (rc == -1)
                snprintf(err, errlen, FATAL_HEAD FATAL_AT_LINE "%s\n", lineno, line, reason);
            mem_free(line);
            if (rc < 0) return -1;
        }
        if (!nl) break;
        p = nl + 1;
    }
    return 0;
}

/* As Redis, once the file and the command line are read: a log file that cannot open stops the
 * start now, not once the server runs. */
static int check_logfile(struct config *c, char *err, size_t errlen)
{
    const char *logfile = atomic_load_explicit(&c->logfile, memory_order_relaxed);
    if (logfile && logfile[0]) {
        FILE *f = fopen(logfile, "a");
        if (!f) {
            char reason[REASON_MAX];
            snprintf(reason, sizeof reason, REASON_LOGFILE, strerror(errno));
            snprintf(err, errlen, FATAL_HEAD "%s\n", reason);
            return -1;
        }
        fclose(f);
    }
    return 0;
}

int config_load_string(struct config *c, const char *text, const char *origin, char *err,
                       size_t errlen)
{
    pthread_mutex_lock(&write_lock);
    int rc = load_text(c, text, 0, 0, origin, err, errlen);
    pthread_mutex_unlock(&write_lock);
    return rc < 0 ? rc : check_logfile(c, err, errlen);
}

/* The file the server started with, absolute (`dir` changes the working directory while the
 * file loads): CONFIG REWRITE writes it. */
static char *config_path;

static void remember_path(const char *path)
{
    char abs[PATH_MAX];
    mem_free(config_path);
    config_path = NULL;
    if (realpath(path, abs)) config_path = mem_strndup(abs, strlen(abs));
}

const char *config_file_path(void)
{
    return config_path;
}

int config_load_file(struct config *c, const char *path, char *err, size_t errlen)
{
    struct buf text = {0};
    if (read_into(path, &text) < 0) {
        snprintf(err, errlen, ERR_CANT_OPEN, path, strerror(errno));
        return -1;
    }
    remember_path(path); /* before a `dir` line moves the working directory */
    /* Redis appends "\n" and the options to the file's text: they start on the line after the
     * file's last one, counting a final empty line when the file ends with a newline. */
    file_lines = 1;
    for (const char *p = text.p; *p; p++)
        if (*p == '\n') file_lines++;
    pthread_mutex_lock(&write_lock);
    int rc = load_text(c, text.p, 0, 0, path, err, errlen);
    pthread_mutex_unlock(&write_lock);
    mem_free(text.p);
    return rc;
}

/* Redis's main(): `--name` starts a line (the name as written, so "--port 6380" in one argument
 * works too); the following arguments are its values, quoted so they split back unchanged. An
 * argument starting with "--" right after a bare name is that name's value. A bare `--save`
 * followed by an option or at the end gets an empty value, as Redis 7.0.1+ does. */
int config_load_args(struct config *c, int argc, char **argv, char *err, size_t errlen)
{
    struct buf opts = {0};
    int handled_last = 1;
    for (int j = 0; j < argc; j++) {
        const char *arg = argv[j];
        if (handled_last && arg[0] == '-' && arg[1] == '-') {
            if (opts.len) buf_addc(&opts, '\n');
            buf_adds(&opts, arg + 2);
            buf_addc(&opts, ' ');
            struct args words;
            int nwords = split_args(arg, &words) < 0 ? 0 : words.argc;
            args_free(&words);
            if (nwords == 1) {
                handled_last = 0;
                int next_is_opt = j + 1 < argc && argv[j + 1][0] == '-' && argv[j + 1][1] == '-';
                if (!strcasecmp(arg, "--save") && (next_is_opt || j + 1 == argc)) {
                    buf_adds(&opts, "\"\"");
                    handled_last = 1;
                }
            } else {
                handled_last = 1;
            }
        } else {
            buf_add_quoted(&opts, arg);
            buf_addc(&opts, ' ');
            handled_last = 1;
        }
    }
    if (!opts.p) return check_logfile(c, err, errlen);
    pthread_mutex_lock(&write_lock);
    int rc = load_text(c, opts.p, file_lines ? file_lines : 1, 0, "command line", err, errlen);
    pthread_mutex_unlock(&write_lock);
    mem_free(opts.p);
    return rc < 0 ? rc : check_logfile(c, err, errlen);
}

/* ---- CONFIG SET / CONFIG GET ---- */

const char *config_set_refusal(const char *name, int local)
{
    const struct option *o = option_find(name);
    if (!o) return NULL;
    if (o->flags & OPT_IMMUTABLE) return REASON_IMMUTABLE;
    if (o->flags & OPT_PROTECTED) {
        int allow = atomic_load_explicit(&g_config.enable_protected_configs, memory_order_relaxed);
        if (allow != PROTECTED_YES && !(allow == PROTECTED_LOCAL && local)) return REASON_PROTECTED;
    }
    return NULL;
}

int config_set(struct config *c, const char *name, const char *value, char *err, size_t errlen)
{
    const struct option *o = option_find(name);
    if (!o) {
        snprintf(err, errlen, ERR_SET_UNKNOWN, name);
        return -1;
    }
    if (o->flags & OPT_IMMUTABLE) {
        snprintf(err, errlen, ERR_SET_FAILED, name, REASON_IMMUTABLE);
        return -1;
    }
    char reason[REASON_MAX];
    pthread_mutex_lock(&write_lock);
    int rc = option_set_string(c, o, value, reason, sizeof reason);
    if (rc > 0 && (o->flags & OPT_INERT))
        log_msg(LOG_NOTICE,
                "CONFIG SET %s: accepted for compatibility with Redis, without effect "
                "in Tessera",
                o->name);
    if (rc < 0) {
        /* Redis names the option as its table does: an alias by the alias */
        const char *shown = o->name;
        for (size_t i = 0; i < NALIASES; i++)
            if (strcasecmp(aliases[i].alias, name) == 0) shown = aliases[i].alias;
        snprintf(err, errlen, ERR_SET_FAILED, shown, reason);
    }
    pthread_mutex_unlock(&write_lock);
    return rc < 0 ? -1 : 0;
}

void config_copy_string(char *_Atomic const *field, char *buf, size_t len)
{
    pthread_mutex_lock(&write_lock);
    const char *v = atomic_load(field);
    snprintf(buf, len, "%s", v ? v : "");
    pthread_mutex_unlock(&write_lock);
}

void config_get(const struct config *c, const char *pattern,
                void (*fn)(const char *name, const char *value, void *arg), void *arg)
{
    char buf[PATH_MAX];
    size_t plen = strlen(pattern);
    /* Redis looks a name without glob characters up directly; only that finds hidden ones. */
    int exact = strpbrk(pattern, "[*?") == NULL;
    for (size_t i = 0; i < config_option_count(); i++) {
        const struct option *o = config_option_at(i);
        if (exact ? strcasecmp(pattern, o->name) == 0
                  : !(o->flags & OPT_HIDDEN) &&
                        glob_match(pattern, plen, o->name, strlen(o->name), 1))
            fn(o->name, config_option_value(c, o, buf, sizeof buf), arg);
    }
    for (size_t i = 0; i < NALIASES; i++)
        if (exact ? strcasecmp(pattern, aliases[i].alias) == 0
                  : glob_match(pattern, plen, aliases[i].alias, strlen(aliases[i].alias), 1))
            fn(aliases[i].alias,
               config_option_value(c, option_find(aliases[i].name), buf, sizeof buf), arg);
}

long long config_maxmemory_clients(void)
{
    long long v = CONFIG_GET(maxmemory_clients);
    if (v < 0) {
        long long mm = CONFIG_GET(maxmemory);
        v = mm > 0 ? (long long)((double)mm * (double)-v / 100) : 0;
    }
    /* As Redis: never so little that no client could talk to the server any more. */
    return v > 0 && v < 128 * 1024 ? 128 * 1024 : v;
}

/* ---- Default thread count ---- */

int config_default_threads(void)
{
    int n = 0;
    for (int ncpu = 1024; ncpu <= 1 << 20 && n == 0; ncpu *= 2) {
        cpu_set_t *set = CPU_ALLOC((size_t)ncpu);
        if (!set) break;
        size_t size = CPU_ALLOC_SIZE((size_t)ncpu);
        if (sched_getaffinity(0, size, set) == 0)
            n = CPU_COUNT_S(size, set);
        else if (errno != EINVAL)
            ncpu = 1 << 20; /* only a too small mask is worth retrying */
        CPU_FREE(set);
    }
    if (n <= 0) {
        long online = sysconf(_SC_NPROCESSORS_ONLN);
        n = online > 0 ? (int)online : 1;
    }
    int cap = container_cpu_limit();
    if (cap > 0 && cap < n) n = cap;
    return n < 1 ? 1 : n;
}
