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

#include "server/log.h"
#include "shard/keyspace.h"
#include "tessera/config.h"
#include "tessera/mem.h"
#include "tessera/splitargs.h"
#include "tessera/util.h"

struct config g_config;

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

/* ---- The option table ---- */

enum opt_type {
    OPT_INT,    /* int field, [min, max] */
    OPT_MEMORY, /* long long field, bytes with an optional unit (k kb m mb g gb), [min, max] */
    OPT_BOOL,   /* int field, yes/no */
    OPT_ENUM,   /* int field, the index of a name in names */
    OPT_STRING, /* char * field */
    OPT_BIND,   /* char * field: zero or more addresses, space-separated */
    OPT_DIR,    /* char * field: set by chdir; read back as the working directory */
    OPT_OBUF,   /* struct obuf_limit[CLIENT_CLASS_COUNT]: `class hard soft seconds`, repeated */
    OPT_NOTIFY, /* int field: keyspace event classes, as letters (notify-keyspace-events) */
    OPT_SAVE,   /* char * field: `<seconds> <changes>` pairs, space-separated (save) */
};

#define OPT_IMMUTABLE 1u /* CONFIG SET refuses it */
/* A file path: CONFIG SET refuses it unless enable-protected-configs allows the client. */
#define OPT_PROTECTED 2u

struct option {
    const char *name;
    enum opt_type type;
    unsigned flags;
    size_t offset;            /* of the field in struct config */
    long long min, max;       /* accepted range (int, memory) */
    long long def;            /* default (int, memory, bool, enum) */
    int clamp_lo, clamp_hi;   /* int values are then pulled into this range (when clamp_hi) */
    const char *def_str;      /* default (string kinds) */
    const char *const *names; /* enum names, NULL-terminated */
    const char *(*check)(const char *value); /* string: NULL when valid, else the reason */
};

#define FIELD(f) offsetof(struct config, f)
#define INT_OPT(n, fl, f, lo, hi, d)                                                               \
    {                                                                                              \
        .name = n, .type = OPT_INT, .flags = fl, .offset = FIELD(f), .min = lo, .max = hi,         \
        .def = d                                                                                   \
    }
/* An int whose accepted range is wider than what it keeps: values are pulled into [clo, chi]. */
#define CLAMPED_INT_OPT(n, fl, f, lo, hi, d, clo, chi)                                             \
    {                                                                                              \
        .name = n, .type = OPT_INT, .flags = fl, .offset = FIELD(f), .min = lo, .max = hi,         \
        .def = d, .clamp_lo = clo, .clamp_hi = chi                                                 \
    }
#define MEMORY_OPT(n, fl, f, lo, hi, d)                                                            \
    {                                                                                              \
        .name = n, .type = OPT_MEMORY, .flags = fl, .offset = FIELD(f), .min = lo, .max = hi,      \
        .def = d                                                                                   \
    }
#define BOOL_OPT(n, fl, f, d)                                                                      \
    {                                                                                              \
        .name = n, .type = OPT_BOOL, .flags = fl, .offset = FIELD(f), .def = d                     \
    }
#define ENUM_OPT(n, fl, f, nm, d)                                                                  \
    {                                                                                              \
        .name = n, .type = OPT_ENUM, .flags = fl, .offset = FIELD(f), .names = nm, .def = d        \
    }
#define STRING_OPT(n, t, fl, f, d, chk)                                                            \
    {                                                                                              \
        .name = n, .type = t, .flags = fl, .offset = FIELD(f), .def_str = d, .check = chk          \
    }

static const char *check_dbfilename(const char *value);
static const char *check_appendonly(const char *value);

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
/* acl-pubsub-default: 0 resetchannels, 1 allchannels. */
static const char *const acl_pubsub_names[] = {"resetchannels", "allchannels", NULL};
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
    INT_OPT("rdb-key-save-delay", 0, rdb_key_save_delay, INT_MIN, INT_MAX, 0),
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
    ENUM_OPT("io-backend", OPT_IMMUTABLE, io_backend, io_backend_names, IO_BACKEND_IO_URING),
    INT_OPT("tcp-keepalive", 0, tcp_keepalive, 0, INT_MAX, 300),
    STRING_OPT("requirepass", OPT_STRING, 0, requirepass, "", NULL),
    STRING_OPT("aclfile", OPT_STRING, OPT_IMMUTABLE, aclfile, "", NULL),
    INT_OPT("acllog-max-len", 0, acllog_max_len, 0, INT_MAX, 128),
    ENUM_OPT("acl-pubsub-default", 0, acl_pubsub_default, acl_pubsub_names, 0),
    STRING_OPT("pidfile", OPT_STRING, OPT_IMMUTABLE, pidfile, "", NULL),
    BOOL_OPT("daemonize", OPT_IMMUTABLE, daemonize, 0),
    ENUM_OPT("enable-protected-configs", OPT_IMMUTABLE, enable_protected_configs, protected_names,
             PROTECTED_NO),
    INT_OPT("hash-max-listpack-entries", 0, hash_max_listpack_entries, 0, INT_MAX, 512),
    INT_OPT("hash-max-listpack-value", 0, hash_max_listpack_value, 0, INT_MAX, 64),
    INT_OPT("set-max-intset-entries", 0, set_max_intset_entries, 0, INT_MAX, 512),
    INT_OPT("zset-max-listpack-entries", 0, zset_max_listpack_entries, 0, INT_MAX, 128),
    INT_OPT("zset-max-listpack-value", 0, zset_max_listpack_value, 0, INT_MAX, 64),
    INT_OPT("list-max-listpack-size", 0, list_max_listpack_size, INT_MIN, INT_MAX, -2),
    MEMORY_OPT("hll-sparse-max-bytes", 0, hll_sparse_max_bytes, 0, LLONG_MAX, 3000),
    STRING_OPT("client-output-buffer-limit", OPT_OBUF, 0, obuf_limits,
               "normal 0 0 0 slave 256mb 64mb 60 pubsub 32mb 8mb 60", NULL),
    MEMORY_OPT("maxmemory-clients", 0, maxmemory_clients, 0, LLONG_MAX, 0),
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
    INT_OPT("lfu-decay-time", 0, lfu_decay_time, 0, INT_MAX, 1),
    STRING_OPT("notify-keyspace-events", OPT_NOTIFY, 0, notify_keyspace_events, "", NULL),
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
};

#define NALIASES (sizeof aliases / sizeof aliases[0])

static const struct option *option_find(const char *name)
{
    for (size_t i = 0; i < NALIASES; i++)
        if (strcasecmp(aliases[i].alias, name) == 0) name = aliases[i].name;
    for (size_t i = 0; i < NOPTIONS; i++)
        if (strcasecmp(options[i].name, name) == 0) return &options[i];
    return NULL;
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
    for (size_t i = 0; i < NOPTIONS; i++) {
        const struct option *o = &options[i];
        if (o->type == OPT_STRING || o->type == OPT_BIND || o->type == OPT_DIR ||
            o->type == OPT_SAVE) {
            mem_free(atomic_load_explicit(str_field(c, o), memory_order_relaxed));
            atomic_store_explicit(str_field(c, o), NULL, memory_order_relaxed);
        }
    }
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
    for (size_t i = 0; i < NOPTIONS; i++) {
        const struct option *o = &options[i];
        switch (o->type) {
        case OPT_INT:
        case OPT_BOOL:
        case OPT_ENUM:
            atomic_store_explicit(int_field(c, o), (int)o->def, memory_order_relaxed);
            break;
        case OPT_MEMORY:
            atomic_store_explicit(ll_field(c, o), o->def, memory_order_relaxed);
            break;
        case OPT_STRING:
        case OPT_BIND:
        case OPT_DIR:
        case OPT_SAVE:
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

/* ---- Values ---- */

static const char *check_appendonly(const char *value)
{
    return strcasecmp(value, "yes") ? NULL
                                    : "the append-only file is not supported yet (appendonly no)";
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

/* Current value of o in c as CONFIG GET shows it: in buf, or c's own string. */
static const char *option_value(const struct config *c, const struct option *o, char *buf,
                                size_t len)
{
    struct config *m = (struct config *)c; /* the field helpers are shared with the writers */
    switch (o->type) {
    case OPT_INT:
        snprintf(buf, len, "%d", atomic_load_explicit(int_field(m, o), memory_order_relaxed));
        return buf;
    case OPT_BOOL:
        return atomic_load_explicit(int_field(m, o), memory_order_relaxed) ? "yes" : "no";
    case OPT_ENUM: {
        int v = atomic_load_explicit(int_field(m, o), memory_order_relaxed);
        for (int i = 0; o->names[i]; i++)
            if (i == v) return o->names[i];
        return "unknown";
    }
    case OPT_MEMORY:
        snprintf(buf, len, "%llu",
                 (unsigned long long)atomic_load_explicit(ll_field(m, o), memory_order_relaxed));
        return buf;
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

/* Sets o from its arguments (argv[0..argc), already split). from_set: a CONFIG SET, which words a
 * bad bind address as Redis does when binding fails. Returns 1 when the value changed, 0 when it
 * was already so, -1 with the reason. */
static int option_set(struct config *c, const struct option *o, int argc, char **argv, int from_set,
                      char *reason, size_t rlen)
{
    switch (o->type) {
    case OPT_INT: {
        long long v;
        if (!str_to_ll(argv[0], strlen(argv[0]), &v)) {
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
    case OPT_MEMORY: {
        unsigned long long v;
        if (!parse_memory(argv[0], &v)) {
            snprintf(reason, rlen, "%s", REASON_NOT_MEMORY);
            return -1;
        }
        if (v < (unsigned long long)o->min || v > (unsigned long long)o->max) {
            snprintf(reason, rlen, REASON_RANGE, o->min, o->max);
            return -1;
        }
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
        for (int i = 0; o->names[i]; i++)
            if (!strcasecmp(o->names[i], argv[0])) v = i;
        if (v < 0) {
            struct buf b = {0};
            buf_adds(&b, REASON_ENUM);
            for (int i = 0; o->names[i]; i++) {
                if (i) buf_adds(&b, ", ");
                buf_adds(&b, o->names[i]);
            }
            snprintf(reason, rlen, "%s", b.p);
            mem_free(b.p);
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
    if (o->type == OPT_BIND || o->type == OPT_SAVE) {
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
        if (o->type != OPT_BIND && o->type != OPT_OBUF && o->type != OPT_SAVE && a.argc != 2) {
            snprintf(reason, rlen, "%s", REASON_ARGC);
            rc = -1;
        } else if (option_set(c, o, a.argc - 1, a.argv + 1, 0, reason, rlen) < 0) {
            rc = -1;
        }
    } else if (!strcmp(a.argv[0], "rename-command") && a.argc == 3) {
        size_t old = c->rename_commands ? strlen(c->rename_commands) : 0;
        size_t add = strlen(a.argv[1]) + strlen(a.argv[2]) + 2;
        c->rename_commands = mem_realloc(c->rename_commands, old + add + 1);
        sprintf(c->rename_commands + old, "%s\t%s\n", a.argv[1], a.argv[2]);
    } else if (!strcmp(a.argv[0], "user") && a.argc >= 2) {
        /* ACL users: kept as aclfile lines for acl_init, which checks the rules */
        size_t old = c->acl_users ? strlen(c->acl_users) : 0, add = 5;
        for (int i = 1; i < a.argc; i++)
            add += strlen(a.argv[i]) + 1;
        c->acl_users = mem_realloc(c->acl_users, old + add + 1);
        char *w = c->acl_users + old;
        w += sprintf(w, "user");
        for (int i = 1; i < a.argc; i++)
            w += sprintf(w, " %s", a.argv[i]);
        strcpy(w, "\n");
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
    /* As Redis: a log file that cannot open stops the start now, not once the server runs. */
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
    return rc;
}

int config_load_file(struct config *c, const char *path, char *err, size_t errlen)
{
    struct buf text = {0};
    if (read_into(path, &text) < 0) {
        snprintf(err, errlen, ERR_CANT_OPEN, path, strerror(errno));
        return -1;
    }
    /* Redis appends "\n" and the options to the file's text: they start on the line after the
     * file's last one, counting a final empty line when the file ends with a newline. */
    file_lines = 1;
    for (const char *p = text.p; *p; p++)
        if (*p == '\n') file_lines++;
    int rc = config_load_string(c, text.p, path, err, errlen);
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
    if (!opts.p) return 0;
    pthread_mutex_lock(&write_lock);
    int rc = load_text(c, opts.p, file_lines ? file_lines : 1, 0, "command line", err, errlen);
    pthread_mutex_unlock(&write_lock);
    mem_free(opts.p);
    return rc;
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
    if (rc < 0) snprintf(err, errlen, ERR_SET_FAILED, o->name, reason);
    pthread_mutex_unlock(&write_lock);
    return rc < 0 ? -1 : 0;
}

void config_get(const struct config *c, const char *pattern,
                void (*fn)(const char *name, const char *value, void *arg), void *arg)
{
    char buf[PATH_MAX];
    size_t plen = strlen(pattern);
    for (size_t i = 0; i < NOPTIONS; i++) {
        const struct option *o = &options[i];
        if (glob_match(pattern, plen, o->name, strlen(o->name), 1))
            fn(o->name, option_value(c, o, buf, sizeof buf), arg);
    }
    for (size_t i = 0; i < NALIASES; i++)
        if (glob_match(pattern, plen, aliases[i].alias, strlen(aliases[i].alias), 1))
            fn(aliases[i].alias, option_value(c, option_find(aliases[i].name), buf, sizeof buf),
               arg);
}

/* ---- Default thread count ---- */

int config_cgroup_cpus(const char *cpu_max)
{
    long long quota, period;
    char *end;
    while (isspace((unsigned char)*cpu_max))
        cpu_max++;
    errno = 0;
    quota = strtoll(cpu_max, &end, 10);
    if (end == cpu_max || errno || quota <= 0) return 0;
    const char *p = end;
    period = strtoll(p, &end, 10);
    if (end == p || errno || period <= 0) return 0;
    long long n = (quota + period - 1) / period;
    return n > INT_MAX ? INT_MAX : (int)n;
}

static int read_small(const char *path, char *buf, size_t len)
{
    FILE *f = fopen(path, "r");
    if (!f) return -1;
    size_t n = fread(buf, 1, len - 1, f);
    fclose(f);
    buf[n] = '\0';
    return 0;
}

/* The tightest CPU cap on the cgroup at rel (a path in the cgroup tree) and its ancestors:
 * v2's cpu.max under root, or v1's cfs quota and period. 0 when none. */
static int cgroup_cap(const char *root, const char *rel, int v1)
{
    char dir[PATH_MAX], path[PATH_MAX + 32], text[128];
    int cap = 0;
    snprintf(dir, sizeof dir, "%s%s", root, rel);
    for (;;) {
        int n = 0;
        if (!v1) {
            snprintf(path, sizeof path, "%s/cpu.max", dir);
            if (read_small(path, text, sizeof text) == 0) n = config_cgroup_cpus(text);
        } else {
            char period[64];
            snprintf(path, sizeof path, "%s/cpu.cfs_quota_us", dir);
            if (read_small(path, text, 64) == 0) {
                snprintf(path, sizeof path, "%s/cpu.cfs_period_us", dir);
                if (read_small(path, period, sizeof period) == 0) {
                    text[strcspn(text, "\n")] = ' ';
                    strncat(text, period, sizeof text - strlen(text) - 1);
                    n = config_cgroup_cpus(text);
                }
            }
        }
        if (n > 0 && (cap == 0 || n < cap)) cap = n;
        size_t rootlen = strlen(root);
        char *slash = strrchr(dir, '/');
        if (strlen(dir) <= rootlen || !slash || slash < dir + rootlen) break;
        *slash = '\0';
    }
    return cap;
}

static int cgroup_cpu_cap(void)
{
    FILE *f = fopen("/proc/self/cgroup", "r");
    if (!f) return 0;
    char line[PATH_MAX + 64];
    int cap = 0;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        /* "hierarchy-id:controllers:path"; v2 is "0::path". */
        char *c1 = strchr(line, ':');
        char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
        if (!c2) continue;
        *c2 = '\0';
        const char *controllers = c1 + 1, *rel = c2 + 1;
        if (!strcmp(rel, "/")) rel = "";
        int n = 0;
        if (!strcmp(line, "0") && controllers[0] == '\0') {
            n = cgroup_cap("/sys/fs/cgroup", rel, 0);
        } else {
            char list[256];
            snprintf(list, sizeof list, ",%s,", controllers);
            if (strstr(list, ",cpu,")) n = cgroup_cap("/sys/fs/cgroup/cpu", rel, 1);
        }
        if (n > 0 && (cap == 0 || n < cap)) cap = n;
    }
    fclose(f);
    return cap;
}

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
    int cap = cgroup_cpu_cap();
    if (cap > 0 && cap < n) n = cap;
    return n < 1 ? 1 : n;
}
