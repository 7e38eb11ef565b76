/* INFO (see info.h): Redis 7.0's sections and field names, filled only with what is true of this
 * server. Per-worker numbers (connections, commands, bytes, the shard's keyspace and counters)
 * belong to each worker's thread, so INFO collects them by fan-out: each worker's part copies its
 * own into a slot of the request's state, and the last one in formats the text. The rate samples
 * behind instantaneous_* are each worker's too, taken from its timer by info_cron.
 * info_init: main thread before the workers start; the rest: worker threads. */
#include <limits.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "cmd/pubsub.h"
#include "cmd/tracking.h"
#include "dispatch/dispatch.h"
#include "persist/persist.h"
#include "resp/errors.h"
#include "script/cache.h"
#include "script/function.h"
#include "script/run.h"
#include "server/info.h"
#include "server/latency.h"
#include "server/worker.h"
#include "shard/keyspace.h"
#include "tessera/config.h"
#include "tessera/mem.h"
#include "tessera/util.h"

#define INFO_MAX_WORKERS 256 /* server.c's cap on worker threads */
#define RATE_SAMPLES     16  /* Redis's STATS_METRIC_SAMPLES */
#define RATE_PERIOD_MS   100 /* Redis samples every 100 ms */

/* ---- start-up facts ---- */

static char run_id[41];
static char replid[41];   /* master_replid: a run's replication id, as Redis makes one at start */
static char build_id[17]; /* redis_build_id: from the version, as Redis's comes from its build */
static char executable_path[PATH_MAX];
static char config_path[PATH_MAX];
static char os_name[3 * sizeof(((struct utsname *)0)->release) + 3];
static struct timespec start_time;
static time_t start_unix;
static _Atomic int64_t memory_peak;
/* What the server uses once started, before any data (MEMORY STATS): taken at worker 0's first
 * timer turn, when every worker has made its rings and tables. */
static _Atomic int64_t memory_startup;

/* 40 random hex characters into out. */
static void random_hex40(char *out)
{
    unsigned char bytes[20];
    if (getrandom(bytes, sizeof bytes, 0) != (ssize_t)sizeof bytes) {
        /* No entropy source: time and pid still make runs tell apart. */
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        unsigned long long x = (unsigned long long)ts.tv_nsec ^
                               ((unsigned long long)ts.tv_sec << 20) ^
                               ((unsigned long long)getpid() << 40);
        for (size_t i = 0; i < sizeof bytes; i++) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            bytes[i] = (unsigned char)(x >> 56);
        }
    }
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < sizeof bytes; i++) {
        out[2 * i] = hex[bytes[i] >> 4];
        out[2 * i + 1] = hex[bytes[i] & 15];
    }
    out[40] = '\0';
}

static void make_build_id(void)
{
    /* FNV-1a of the version and build date: stable for one binary, as Redis's build id is. */
    const char *text = "tessera " TESSERA_VERSION " " __DATE__;
    uint64_t h = 1469598103934665603ULL;
    for (const char *p = text; *p; p++)
        h = (h ^ (unsigned char)*p) * 1099511628211ULL;
    snprintf(build_id, sizeof build_id, "%016llx", (unsigned long long)h);
}

/* Redis shows absolute paths. A bare program name was found through PATH, so only the kernel
 * knows where it is. */
static void absolute_path(char *out, size_t cap, const char *path, int is_program)
{
    out[0] = '\0';
    if (!path || !path[0]) return;
    char buf[PATH_MAX];
    if (is_program && !strchr(path, '/')) {
        ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
        if (n > 0) {
            buf[n] = '\0';
            snprintf(out, cap, "%s", buf);
            return;
        }
    }
    snprintf(out, cap, "%s", realpath(path, buf) ? buf : path);
}

void info_init(const char *executable, const char *config_file)
{
    clock_gettime(CLOCK_MONOTONIC, &start_time);
    start_unix = time(NULL);
    random_hex40(run_id);
    random_hex40(replid);
    make_build_id();
    absolute_path(executable_path, sizeof executable_path, executable, 1);
    absolute_path(config_path, sizeof config_path, config_file, 0);
    struct utsname u;
    if (uname(&u) == 0)
        snprintf(os_name, sizeof os_name, "%s %s %s", u.sysname, u.release, u.machine);
    atomic_store(&memory_peak, mem_used());
}

const char *info_run_id(void)
{
    return run_id;
}

static int64_t memory_used_now(void)
{
    int64_t used = mem_used();
    if (used < 0) used = 0; /* per-thread counters are summed without a common instant */
    int64_t peak = atomic_load(&memory_peak);
    while (used > peak && !atomic_compare_exchange_weak(&memory_peak, &peak, used)) {
    }
    return used;
}

static uint64_t rss_bytes(void);

void info_memory(int64_t *used, int64_t *peak, int64_t *startup, uint64_t *rss)
{
    *used = memory_used_now();
    *peak = atomic_load(&memory_peak);
    *startup = atomic_load(&memory_startup);
    *rss = rss_bytes();
}

/* ---- rates: each worker samples its own counters ---- */

/* Redis's trackInstantaneousMetric: per-second rates over the last RATE_SAMPLES periods. */
struct rate {
    int64_t last_ms;
    uint64_t last_value;
    uint64_t samples[RATE_SAMPLES];
    int idx, count;
};

enum { RATE_OPS, RATE_NET_IN, RATE_NET_OUT, RATE_COUNT };

/* Written and read only by the worker whose id indexes it; a cache line apart from the others.
 * `sampled`: its timer calls info_cron, so the rates are real (even when 0 after a reset). */
struct worker_rates {
    _Alignas(64) struct rate r[RATE_COUNT];
    int sampled;
};

static struct worker_rates rates[INFO_MAX_WORKERS];

static void rate_track(struct rate *r, uint64_t value, int64_t now_ms)
{
    if (r->last_ms) {
        int64_t t = now_ms - r->last_ms;
        /* A counter below its last reading was reset by CONFIG RESETSTAT and counts from 0. */
        uint64_t d = value >= r->last_value ? value - r->last_value : value;
        r->samples[r->idx] = t > 0 ? d * 1000 / (uint64_t)t : 0;
        r->idx = (r->idx + 1) % RATE_SAMPLES;
        if (r->count < RATE_SAMPLES) r->count++;
    }
    r->last_ms = now_ms;
    r->last_value = value;
}

static uint64_t rate_get(const struct rate *r)
{
    if (!r->count) return 0;
    uint64_t sum = 0;
    for (int i = 0; i < r->count; i++)
        sum += r->samples[i];
    return sum / (uint64_t)r->count;
}

void info_cron(struct worker *w, int64_t now_ms)
{
    if (w->id < 0 || w->id >= INFO_MAX_WORKERS) return;
    if (w->id == 0 &&
        __builtin_expect(!atomic_load_explicit(&memory_startup, memory_order_relaxed), 0))
        atomic_store(&memory_startup, memory_used_now());
    struct worker_rates *wr = &rates[w->id];
    wr->sampled = 1;
    if (now_ms - wr->r[RATE_OPS].last_ms >= RATE_PERIOD_MS) {
        rate_track(&wr->r[RATE_OPS], w->stats.commands_processed, now_ms);
        rate_track(&wr->r[RATE_NET_IN], w->stats.net_input_bytes, now_ms);
        rate_track(&wr->r[RATE_NET_OUT], w->stats.net_output_bytes, now_ms);
    }
    /* One sampler is enough for a process-wide number. */
    if (w->id == 0) memory_used_now();
}

/* ---- sections ---- */

enum {
    SEC_SERVER = 1u << 0,
    SEC_CLIENTS = 1u << 1,
    SEC_MEMORY = 1u << 2,
    SEC_PERSISTENCE = 1u << 3,
    SEC_STATS = 1u << 4,
    SEC_REPLICATION = 1u << 5,
    SEC_CPU = 1u << 6,
    SEC_MODULES = 1u << 7,
    SEC_COMMANDSTATS = 1u << 8,
    SEC_CLUSTER = 1u << 9,
    SEC_KEYSPACE = 1u << 10,
    SEC_ERRORSTATS = 1u << 11,
    /* Tessera's own, only when asked by name (not in all/everything): a line per shard. */
    SEC_SHARDS = 1u << 20,
    SEC_LATENCYSTATS = 1u << 12,
};

#define SEC_ALL 0x1fffu
/* Redis 7.0's default set. */
#define SEC_DEFAULT (SEC_ALL & ~SEC_COMMANDSTATS & ~SEC_LATENCYSTATS)
/* The sections that need numbers only each worker's thread may read. */
#define SEC_PER_WORKER                                                                             \
    (SEC_CLIENTS | SEC_STATS | SEC_PERSISTENCE | SEC_COMMANDSTATS | SEC_KEYSPACE |                 \
     SEC_ERRORSTATS | SEC_LATENCYSTATS | SEC_SHARDS)

static const struct {
    const char *name;
    unsigned bits;
} section_names[] = {
    {"server", SEC_SERVER},
    {"clients", SEC_CLIENTS},
    {"memory", SEC_MEMORY},
    {"persistence", SEC_PERSISTENCE},
    {"stats", SEC_STATS},
    {"replication", SEC_REPLICATION},
    {"cpu", SEC_CPU},
    {"modules", SEC_MODULES},
    {"module_list", SEC_MODULES},
    {"commandstats", SEC_COMMANDSTATS},
    {"errorstats", SEC_ERRORSTATS},
    {"latencystats", SEC_LATENCYSTATS},
    {"cluster", SEC_CLUSTER},
    {"keyspace", SEC_KEYSPACE},
    {"shards", SEC_SHARDS},
    {"default", SEC_DEFAULT},
    {"all", SEC_ALL},
    {"everything", SEC_ALL},
};

/* ---- one INFO request ---- */

/* What one worker reported. */
struct info_slot {
    uint64_t connections_received;
    uint64_t rejected_connections;
    uint64_t commands_processed;
    uint64_t net_input_bytes;
    uint64_t net_output_bytes;
    uint64_t dirty;
    uint64_t evicted_clients;
    uint64_t expired_keys;
    uint64_t evicted_keys;
    uint64_t keyspace_hits;
    uint64_t keyspace_misses;
    uint64_t nclients;
    uint64_t nblocked;
    uint64_t mailbox_sent, mailbox_received;
    uint64_t reads_processed, writes_processed;
    int rated; /* the worker's timer has taken rate samples */
    uint64_t ops_per_sec, input_bytes_per_sec, output_bytes_per_sec;
    uint64_t *keys, *expires;                   /* [ndb] */
    uint64_t *calls, *usec, *failed, *rejected; /* [nids], with commandstats only */
    uint64_t errors[ERROR_CODE_COUNT];
    void *pubsub; /* the worker's channel names (pubsub_stats_part), with stats only */
    struct latency_copy *latency; /* its histograms, with latencystats only */
};

struct info_state {
    unsigned sections;
    int nslots, ndb, nids;
    struct info_slot *slots;
    uint64_t *numbers; /* the slots' arrays, in one block */
};

static struct info_state *info_state_new(unsigned sections, int nslots, int ndb)
{
    struct info_state *st = mem_calloc(1, sizeof *st);
    st->sections = sections;
    st->nslots = nslots;
    st->ndb = ndb;
    st->nids = (sections & SEC_COMMANDSTATS) ? cmd_id_count() : 0;
    st->slots = mem_calloc((size_t)nslots, sizeof *st->slots);
    size_t per = 2 * (size_t)ndb + 4 * (size_t)st->nids;
    st->numbers = mem_calloc((size_t)nslots * per + 1, sizeof *st->numbers);
    for (int i = 0; i < nslots; i++) {
        uint64_t *p = st->numbers + (size_t)i * per;
        struct info_slot *s = &st->slots[i];
        s->keys = p;
        s->expires = p + ndb;
        s->calls = p + 2 * ndb;
        s->usec = s->calls + st->nids;
        s->failed = s->usec + st->nids;
        s->rejected = s->failed + st->nids;
    }
    return st;
}

static void info_state_free(void *state)
{
    struct info_state *st = state;
    for (int i = 0; i < st->nslots; i++) {
        pubsub_stats_free(st->slots[i].pubsub);
        latency_copy_free(st->slots[i].latency);
    }
    mem_free(st->numbers);
    mem_free(st->slots);
    mem_free(st);
}

/* On each worker's thread: copies its numbers into its slot. */
static void info_part(struct worker *w, void *state, int idx)
{
    struct info_state *st = state;
    struct info_slot *s = &st->slots[idx];
    const struct worker_stats *ws = &w->stats;
    s->connections_received = ws->connections_received;
    s->rejected_connections = ws->rejected_connections;
    s->commands_processed = ws->commands_processed;
    s->net_input_bytes = ws->net_input_bytes;
    s->net_output_bytes = ws->net_output_bytes;
    int loading = persist_loading(); /* the loader owns the shards until it is done */
    s->dirty = loading ? 0 : persist_changes(&w->shard);
    s->evicted_clients = ws->evicted_clients;
    s->nclients = worker_nclients(w);
    memcpy(s->errors, ws->error_counts, sizeof s->errors);
    if (st->sections & SEC_STATS) s->pubsub = pubsub_stats_part(w);
    if (st->sections & SEC_LATENCYSTATS) s->latency = latency_copy_take(w);
    s->nblocked = w->nblocked;
    s->mailbox_sent = ws->mailbox_sent;
    s->reads_processed = ws->reads_processed;
    s->writes_processed = ws->writes_processed;
    s->mailbox_received = ws->mailbox_received;
    s->expired_keys = w->shard.expired_keys;
    s->evicted_keys = w->shard.evicted_keys;
    s->keyspace_hits = w->shard.keyspace_hits;
    s->keyspace_misses = w->shard.keyspace_misses;
    if (w->id >= 0 && w->id < INFO_MAX_WORKERS && rates[w->id].sampled) {
        const struct worker_rates *wr = &rates[w->id];
        s->rated = 1;
        s->ops_per_sec = rate_get(&wr->r[RATE_OPS]);
        s->input_bytes_per_sec = rate_get(&wr->r[RATE_NET_IN]);
        s->output_bytes_per_sec = rate_get(&wr->r[RATE_NET_OUT]);
    }
    if ((st->sections & (SEC_KEYSPACE | SEC_SHARDS)) && !loading) {
        int ndb = st->ndb < w->shard.ndb ? st->ndb : w->shard.ndb;
        for (int db = 0; db < ndb; db++) {
            s->keys[db] = ks_size(&w->shard, db);
            s->expires[db] = ks_expires(&w->shard, db);
        }
    }
    if (st->nids) {
        size_t bytes = (size_t)st->nids * sizeof(uint64_t);
        memcpy(s->calls, ws->cmd_calls, bytes);
        memcpy(s->usec, ws->cmd_usec, bytes);
        memcpy(s->failed, ws->cmd_failed, bytes);
        memcpy(s->rejected, ws->cmd_rejected, bytes);
    }
}

/* ---- formatting ---- */

static void textf(struct reply *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void textf(struct reply *t, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof buf) {
        reply_raw(t, buf, (size_t)n);
        return;
    }
    reply_reserve(t, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(t->data + t->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    t->len += (size_t)n;
}

/* A blank line between sections, as Redis separates them. */
static void section(struct reply *t, int *count, const char *title)
{
    if ((*count)++) reply_raw(t, "\r\n", 2);
    textf(t, "# %s\r\n", title);
}

/* Redis's bytesToHuman. */
static void bytes_human(char *s, size_t cap, uint64_t n)
{
    static const char units[] = "KMGTP";
    if (n < 1024) {
        snprintf(s, cap, "%lluB", (unsigned long long)n);
        return;
    }
    double d = (double)n / 1024;
    int u = 0;
    while (d >= 1024 && u < 4) {
        d /= 1024;
        u++;
    }
    snprintf(s, cap, "%.2f%c", d, units[u]);
}

static uint64_t rss_bytes(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f) return 0;
    unsigned long long size = 0, resident = 0;
    int ok = fscanf(f, "%llu %llu", &size, &resident) == 2;
    fclose(f);
    return ok ? resident * (uint64_t)sysconf(_SC_PAGESIZE) : 0;
}

static double timeval_sec(struct timeval tv)
{
    return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

static uint64_t sum_field(const struct info_state *st, size_t offset)
{
    uint64_t sum = 0;
    for (int i = 0; i < st->nslots; i++)
        sum += *(const uint64_t *)((const char *)&st->slots[i] + offset);
    return sum;
}

#define SUM(st, field) sum_field((st), offsetof(struct info_slot, field))

static void format_server(struct reply *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    long long uptime = (long long)(now.tv_sec - start_time.tv_sec);
    struct timeval tv;
    gettimeofday(&tv, NULL);
    textf(t, "redis_version:%s\r\n", TESSERA_REDIS_VERSION);
    textf(t, "tessera_version:%s\r\n", TESSERA_VERSION);
    textf(t, "redis_git_sha1:00000000\r\n");
    textf(t, "redis_git_dirty:0\r\n");
    textf(t, "redis_build_id:%s\r\n", build_id);
    textf(t, "redis_mode:standalone\r\n");
    textf(t, "os:%s\r\n", os_name);
    textf(t, "arch_bits:%d\r\n", (int)(sizeof(long) * 8));
    textf(t, "monotonic_clock:POSIX clock_gettime\r\n");
    textf(t, "multiplexing_api:%s\r\n", worker_io_backend());
    textf(t, "io_backend:%s\r\n", worker_io_backend());
    textf(t, "atomicvar_api:c11-builtin\r\n");
#ifdef __GNUC__
    textf(t, "gcc_version:%d.%d.%d\r\n", __GNUC__, __GNUC_MINOR__, __GNUC_PATCHLEVEL__);
#endif
    textf(t, "process_id:%ld\r\n", (long)getpid());
    textf(t, "process_supervised:no\r\n");
    textf(t, "run_id:%s\r\n", run_id);
    textf(t, "tcp_port:%d\r\n", g_config.port);
    textf(t, "server_time_usec:%lld\r\n", (long long)tv.tv_sec * 1000000 + tv.tv_usec);
    textf(t, "uptime_in_seconds:%lld\r\n", uptime);
    textf(t, "uptime_in_days:%lld\r\n", uptime / 86400);
    textf(t, "hz:%d\r\n", g_config.hz);
    textf(t, "configured_hz:%d\r\n", g_config.hz);
    /* Redis's LRU clock: seconds, 24 bits (the keys' own clock is finer: docs/eviction.md). */
    textf(t, "lru_clock:%lld\r\n", (long long)((tv.tv_sec) & ((1 << 24) - 1)));
    textf(t, "executable:%s\r\n", executable_path);
    textf(t, "config_file:%s\r\n", config_path);
    textf(t, "io_threads_active:0\r\n");
    textf(t, "threads:%d\r\n", g_nworkers);
}

static void format_clients(struct reply *t, const struct info_state *st)
{
    textf(t, "connected_clients:%llu\r\n", (unsigned long long)SUM(st, nclients));
    textf(t, "cluster_connections:0\r\n");
    textf(t, "maxclients:%d\r\n", g_config.maxclients);
    textf(t, "blocked_clients:%llu\r\n", (unsigned long long)SUM(st, nblocked));
    textf(t, "tracking_clients:%ld\r\n", atomic_load(&ks_tracking_clients));
}

/* No maxmemory limit or eviction exists yet: maxmemory 0 and noeviction are what is in force. */
static void format_memory(struct reply *t)
{
    char h1[32], h2[32], h3[32], h4[32];
    uint64_t used = (uint64_t)memory_used_now();
    uint64_t peak = (uint64_t)atomic_load(&memory_peak);
    uint64_t rss = rss_bytes();
    uint64_t total = (uint64_t)sysconf(_SC_PHYS_PAGES) * (uint64_t)sysconf(_SC_PAGESIZE);
    bytes_human(h1, sizeof h1, used);
    bytes_human(h2, sizeof h2, rss);
    bytes_human(h3, sizeof h3, peak);
    bytes_human(h4, sizeof h4, total);
    char allocator[32];
    mem_allocator_name(allocator, sizeof allocator);
    textf(t, "used_memory:%llu\r\n", (unsigned long long)used);
    textf(t, "used_memory_human:%s\r\n", h1);
    textf(t, "used_memory_rss:%llu\r\n", (unsigned long long)rss);
    textf(t, "used_memory_rss_human:%s\r\n", h2);
    textf(t, "used_memory_peak:%llu\r\n", (unsigned long long)peak);
    textf(t, "used_memory_peak_human:%s\r\n", h3);
    textf(t, "used_memory_peak_perc:%.2f%%\r\n", peak ? (double)used * 100 / (double)peak : 0.0);
    textf(t, "used_memory_startup:%lld\r\n", (long long)atomic_load(&memory_startup));
    textf(t, "total_system_memory:%llu\r\n", (unsigned long long)total);
    textf(t, "total_system_memory_human:%s\r\n", h4);
    /* scripting: the workers' Lua VMs, the script cache, the function libraries */
    uint64_t vm_eval = script_vm_bytes(), scripts = script_cache_bytes();
    uint64_t vm_fn = function_vm_bytes(), fn_bytes = function_bytes();
    size_t nlibs, nfuncs;
    function_counts(&nlibs, &nfuncs);
    char h6[32], h7[32], h8[32];
    bytes_human(h6, sizeof h6, vm_eval);
    bytes_human(h7, sizeof h7, vm_eval + vm_fn);
    bytes_human(h8, sizeof h8, scripts + fn_bytes);
    textf(t, "used_memory_lua:%llu\r\n", (unsigned long long)vm_eval);
    textf(t, "used_memory_vm_eval:%llu\r\n", (unsigned long long)vm_eval);
    textf(t, "used_memory_lua_human:%s\r\n", h6);
    textf(t, "used_memory_scripts_eval:%llu\r\n", (unsigned long long)scripts);
    textf(t, "number_of_cached_scripts:%zu\r\n", script_cache_count());
    textf(t, "number_of_functions:%zu\r\n", nfuncs);
    textf(t, "number_of_libraries:%zu\r\n", nlibs);
    textf(t, "used_memory_vm_functions:%llu\r\n", (unsigned long long)vm_fn);
    textf(t, "used_memory_vm_total:%llu\r\n", (unsigned long long)(vm_eval + vm_fn));
    textf(t, "used_memory_vm_total_human:%s\r\n", h7);
    textf(t, "used_memory_functions:%llu\r\n", (unsigned long long)fn_bytes);
    textf(t, "used_memory_scripts:%llu\r\n", (unsigned long long)(scripts + fn_bytes));
    textf(t, "used_memory_scripts_human:%s\r\n", h8);
    static const char *const policies[] = {"volatile-lru",   "volatile-lfu", "volatile-random",
                                           "volatile-ttl",   "allkeys-lru",  "allkeys-lfu",
                                           "allkeys-random", "noeviction"};
    uint64_t max = (uint64_t)CONFIG_GET(maxmemory);
    int policy = CONFIG_GET(maxmemory_policy);
    char h5[32];
    bytes_human(h5, sizeof h5, max);
    textf(t, "maxmemory:%llu\r\n", (unsigned long long)max);
    textf(t, "maxmemory_human:%s\r\n", h5);
    textf(t, "maxmemory_policy:%s\r\n",
          policy >= 0 && policy <= POLICY_NOEVICTION ? policies[policy] : "noeviction");
    textf(t, "mem_fragmentation_ratio:%.2f\r\n", used ? (double)rss / (double)used : 0.0);
    textf(t, "mem_fragmentation_bytes:%lld\r\n", (long long)rss - (long long)used);
    /* query buffers being read: in used_memory, not held against maxmemory (docs/eviction.md) */
    textf(t, "mem_not_counted_for_evict:%lld\r\n", (long long)mem_uncounted());
    /* no replication, cluster bus or append-only file: nothing is held for them */
    textf(t, "mem_replication_backlog:0\r\n");
    textf(t, "mem_total_replication_buffers:0\r\n");
    textf(t, "mem_clients_slaves:0\r\n");
    textf(t, "mem_cluster_links:0\r\n");
    textf(t, "mem_aof_buffer:0\r\n");
    textf(t, "mem_allocator:%s\r\n", allocator);
    /* no defragmenter, and values are freed in place */
    textf(t, "active_defrag_running:0\r\n");
    textf(t, "lazyfree_pending_objects:0\r\n");
    textf(t, "lazyfreed_objects:0\r\n");
}

/* Redis 7.0's persistence fields; the append-only file does not exist yet, so its fields show
 * it off, and there is no fork, so copy-on-write sizes are 0. */
static void format_persistence(struct reply *t, const struct info_state *st)
{
    uint64_t dirty = 0;
    for (int i = 0; i < st->nslots; i++)
        dirty += st->slots[i].dirty;
    int loading = persist_loading();
    int64_t now_ms = ks_now_ms();
    textf(t, "loading:%d\r\n", loading);
    textf(t, "async_loading:0\r\n");
    if (loading) {
        int64_t start = atomic_load(&g_persist.loading_start_unix);
        uint64_t total = atomic_load(&g_persist.loading_total_bytes);
        uint64_t done = atomic_load(&g_persist.loading_loaded_bytes);
        double perc = total ? (double)done * 100 / (double)total : 0;
        int64_t elapsed = now_ms / 1000 - start;
        long eta =
            done && elapsed > 0 ? (long)((double)(total - done) * elapsed / (double)done) : 1;
        textf(t, "loading_start_time:%lld\r\n", (long long)start);
        textf(t, "loading_total_bytes:%llu\r\n", (unsigned long long)total);
        textf(t, "loading_rdb_used_mem:0\r\n");
        textf(t, "loading_loaded_bytes:%llu\r\n", (unsigned long long)done);
        textf(t, "loading_loaded_perc:%.2f\r\n", perc);
        textf(t, "loading_eta_seconds:%ld\r\n", eta);
    }
    int in_progress = atomic_load(&g_persist.bgsave_in_progress);
    int64_t started = atomic_load(&g_persist.bgsave_start_ms);
    textf(t, "current_cow_peak:0\r\n");
    textf(t, "current_cow_size:0\r\n");
    textf(t, "current_cow_size_age:0\r\n");
    textf(t, "current_fork_perc:0.00\r\n");
    textf(t, "current_save_keys_processed:%llu\r\n",
          in_progress ? (unsigned long long)atomic_load(&g_persist.keys_processed) : 0ULL);
    textf(t, "current_save_keys_total:%llu\r\n",
          in_progress ? (unsigned long long)atomic_load(&g_persist.keys_total) : 0ULL);
    textf(t, "rdb_changes_since_last_save:%llu\r\n", (unsigned long long)dirty);
    textf(t, "rdb_bgsave_in_progress:%d\r\n", in_progress);
    textf(t, "rdb_last_save_time:%lld\r\n", (long long)atomic_load(&g_persist.last_save_unix));
    textf(t, "rdb_last_bgsave_status:%s\r\n",
          atomic_load(&g_persist.last_bgsave_failed) ? "err" : "ok");
    textf(t, "rdb_last_bgsave_time_sec:%lld\r\n",
          (long long)atomic_load(&g_persist.last_bgsave_secs));
    textf(t, "rdb_current_bgsave_time_sec:%lld\r\n",
          in_progress ? (long long)((now_ms - started) / 1000) : -1LL);
    textf(t, "rdb_saves:%llu\r\n", (unsigned long long)atomic_load(&g_persist.saves));
    textf(t, "rdb_last_cow_size:0\r\n");
    textf(t, "rdb_last_load_keys_expired:%llu\r\n",
          (unsigned long long)atomic_load(&g_persist.load_keys_expired));
    textf(t, "rdb_last_load_keys_loaded:%llu\r\n",
          (unsigned long long)atomic_load(&g_persist.load_keys_loaded));
    textf(t, "aof_enabled:0\r\n");
    textf(t, "aof_rewrite_in_progress:0\r\n");
    textf(t, "aof_rewrite_scheduled:0\r\n");
    textf(t, "aof_last_rewrite_time_sec:-1\r\n");
    textf(t, "aof_current_rewrite_time_sec:-1\r\n");
    textf(t, "aof_last_bgrewrite_status:ok\r\n");
    textf(t, "aof_rewrites:0\r\n");
    textf(t, "aof_rewrites_consecutive_failures:0\r\n");
    textf(t, "aof_last_write_status:ok\r\n");
    textf(t, "aof_last_cow_size:0\r\n");
    textf(t, "module_fork_in_progress:0\r\n");
    textf(t, "module_fork_last_cow_size:0\r\n");
}

static void format_stats(struct reply *t, const struct info_state *st)
{
    int rated = 0;
    uint64_t ops = 0, in = 0, out = 0;
    for (int i = 0; i < st->nslots; i++) {
        if (!st->slots[i].rated) continue;
        rated = 1;
        ops += st->slots[i].ops_per_sec;
        in += st->slots[i].input_bytes_per_sec;
        out += st->slots[i].output_bytes_per_sec;
    }
    textf(t, "total_connections_received:%llu\r\n",
          (unsigned long long)SUM(st, connections_received));
    textf(t, "total_commands_processed:%llu\r\n", (unsigned long long)SUM(st, commands_processed));
    if (rated) textf(t, "instantaneous_ops_per_sec:%llu\r\n", (unsigned long long)ops);
    textf(t, "total_net_input_bytes:%llu\r\n", (unsigned long long)SUM(st, net_input_bytes));
    textf(t, "total_net_output_bytes:%llu\r\n", (unsigned long long)SUM(st, net_output_bytes));
    textf(t, "total_net_repl_input_bytes:0\r\n"); /* no replication */
    textf(t, "total_net_repl_output_bytes:0\r\n");
    if (rated) {
        textf(t, "instantaneous_input_kbps:%.2f\r\n", (double)in / 1024);
        textf(t, "instantaneous_output_kbps:%.2f\r\n", (double)out / 1024);
        textf(t, "instantaneous_input_repl_kbps:0.00\r\n");
        textf(t, "instantaneous_output_repl_kbps:0.00\r\n");
    }
    textf(t, "rejected_connections:%llu\r\n", (unsigned long long)SUM(st, rejected_connections));
    textf(t, "sync_full:0\r\nsync_partial_ok:0\r\nsync_partial_err:0\r\n");
    textf(t, "expired_keys:%llu\r\n", (unsigned long long)SUM(st, expired_keys));
    textf(t, "evicted_keys:%llu\r\n", (unsigned long long)SUM(st, evicted_keys));
    textf(t, "evicted_clients:%llu\r\n", (unsigned long long)SUM(st, evicted_clients));
    textf(t, "keyspace_hits:%llu\r\n", (unsigned long long)SUM(st, keyspace_hits));
    textf(t, "keyspace_misses:%llu\r\n", (unsigned long long)SUM(st, keyspace_misses));
    uint64_t channels = 0, patterns = 0, shard_channels = 0;
    void *parts[INFO_MAX_WORKERS];
    int nparts = 0;
    for (int i = 0; i < st->nslots && nparts < INFO_MAX_WORKERS; i++)
        if (st->slots[i].pubsub) parts[nparts++] = st->slots[i].pubsub;
    pubsub_stats_done(parts, nparts, &channels, &patterns, &shard_channels);
    textf(t, "pubsub_channels:%llu\r\n", (unsigned long long)channels);
    textf(t, "pubsub_patterns:%llu\r\n", (unsigned long long)patterns);
    textf(t, "pubsubshard_channels:%llu\r\n", (unsigned long long)shard_channels);
    /* Snapshots are written without fork; there is no defragmenter and no MIGRATE. */
    textf(t, "latest_fork_usec:0\r\ntotal_forks:0\r\nmigrate_cached_sockets:0\r\n");
    textf(t, "slave_expires_tracked_keys:0\r\n");
    textf(t, "active_defrag_hits:0\r\nactive_defrag_misses:0\r\n");
    textf(t, "active_defrag_key_hits:0\r\nactive_defrag_key_misses:0\r\n");
    textf(t, "total_active_defrag_time:0\r\ncurrent_active_defrag_time:0\r\n");
    textf(t, "tracking_total_keys:%ld\r\n", atomic_load(&g_tracking_keys));
    textf(t, "tracking_total_items:%ld\r\n", atomic_load(&g_tracking_items));
    textf(t, "tracking_total_prefixes:%ld\r\n", atomic_load(&g_tracking_prefixes));
    /* Every error reply is counted once in errorstats: their sum is Redis's total. */
    uint64_t errors = 0;
    for (int i = 0; i < st->nslots; i++)
        for (int e = 0; e < ERROR_CODE_COUNT; e++)
            errors += st->slots[i].errors[e];
    textf(t, "unexpected_error_replies:0\r\n");
    textf(t, "total_error_replies:%llu\r\n", (unsigned long long)errors);
    textf(t, "dump_payload_sanitizations:0\r\n"); /* RESTORE checks every payload whole */
    textf(t, "total_reads_processed:%llu\r\n", (unsigned long long)SUM(st, reads_processed));
    textf(t, "total_writes_processed:%llu\r\n", (unsigned long long)SUM(st, writes_processed));
    textf(t, "io_threaded_reads_processed:0\r\nio_threaded_writes_processed:0\r\n");
}

static void format_cpu(struct reply *t)
{
    struct rusage self, children;
    getrusage(RUSAGE_SELF, &self);
    getrusage(RUSAGE_CHILDREN, &children);
    textf(t, "used_cpu_sys:%.6f\r\n", timeval_sec(self.ru_stime));
    textf(t, "used_cpu_user:%.6f\r\n", timeval_sec(self.ru_utime));
    textf(t, "used_cpu_sys_children:%.6f\r\n", timeval_sec(children.ru_stime));
    textf(t, "used_cpu_user_children:%.6f\r\n", timeval_sec(children.ru_utime));
    /* The main thread's share (it waits for signals; the workers do the work). */
    double utime = 0, stime = 0;
    char path[64], text[1024];
    snprintf(path, sizeof path, "/proc/self/task/%ld/stat", (long)getpid());
    FILE *f = fopen(path, "r");
    if (f) {
        size_t n = fread(text, 1, sizeof text - 1, f);
        fclose(f);
        text[n] = '\0';
        const char *p = strrchr(text, ')'); /* the fields after the command name */
        unsigned long long ut = 0, st = 0;
        if (p &&
            sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) == 2) {
            long hz = sysconf(_SC_CLK_TCK);
            utime = (double)ut / (double)(hz > 0 ? hz : 100);
            stime = (double)st / (double)(hz > 0 ? hz : 100);
        }
    }
    textf(t, "used_cpu_sys_main_thread:%.6f\r\n", stime);
    textf(t, "used_cpu_user_main_thread:%.6f\r\n", utime);
}

/* One command's line, summed over workers; Redis lists only the commands that were called or
 * refused (rejected: arity or authentication, before running). */
static void format_cmdstat(struct reply *t, const struct info_state *st, const struct command *c,
                           const char *parent)
{
    if (c->id < 0 || c->id >= st->nids) return;
    uint64_t calls = 0, usec = 0, failed = 0, rejected = 0;
    for (int i = 0; i < st->nslots; i++) {
        calls += st->slots[i].calls[c->id];
        usec += st->slots[i].usec[c->id];
        failed += st->slots[i].failed[c->id];
        rejected += st->slots[i].rejected[c->id];
    }
    if (!calls && !failed && !rejected) return;
    if (parent && !strchr(c->name, '|'))
        textf(t, "cmdstat_%s|%s:", parent, c->name);
    else
        textf(t, "cmdstat_%s:", c->name);
    textf(t, "calls=%llu,usec=%llu,usec_per_call=%.2f,rejected_calls=%llu,failed_calls=%llu\r\n",
          (unsigned long long)calls, (unsigned long long)usec,
          calls ? (double)usec / (double)calls : 0.0, (unsigned long long)rejected,
          (unsigned long long)failed);
}

static void format_commandstats(struct reply *t, const struct info_state *st)
{
    size_t count;
    const struct command *table = cmd_table(&count);
    for (size_t i = 0; i < count; i++) {
        format_cmdstat(t, st, &table[i], NULL);
        for (const struct command *sub = table[i].subcommands; sub && sub->name; sub++)
            format_cmdstat(t, st, sub, table[i].name);
    }
}

/* avg_ttl is 0, as Redis reports it before its expiry cycle has estimated one. */
static void format_keyspace(struct reply *t, const struct info_state *st)
{
    for (int db = 0; db < st->ndb; db++) {
        uint64_t keys = 0, expires = 0;
        for (int i = 0; i < st->nslots; i++) {
            keys += st->slots[i].keys[db];
            expires += st->slots[i].expires[db];
        }
        if (keys)
            textf(t, "db%d:keys=%llu,expires=%llu,avg_ttl=0\r\n", db, (unsigned long long)keys,
                  (unsigned long long)expires);
    }
}

/* One line per shard: its keys (every db), clients, commands, and messages through the mailboxes
 * (what the metrics endpoint turns into tessera_shard_* series). */
static void format_shards(struct reply *t, const struct info_state *st)
{
    for (int i = 0; i < st->nslots; i++) {
        const struct info_slot *s = &st->slots[i];
        uint64_t keys = 0, expires = 0;
        for (int db = 0; db < st->ndb; db++) {
            keys += s->keys[db];
            expires += s->expires[db];
        }
        textf(t,
              "shard%d:keys=%llu,expires=%llu,clients=%llu,blocked_clients=%llu,"
              "commands_processed=%llu,mailbox_sent=%llu,mailbox_received=%llu\r\n",
              i, (unsigned long long)keys, (unsigned long long)expires,
              (unsigned long long)s->nclients, (unsigned long long)s->nblocked,
              (unsigned long long)s->commands_processed, (unsigned long long)s->mailbox_sent,
              (unsigned long long)s->mailbox_received);
    }
}

/* The sections in Redis's order, whatever order they were asked in. */
static void info_format(const struct info_state *st, struct reply *t)
{
    unsigned s = st->sections;
    int n = 0;
    if (s & SEC_SERVER) {
        section(t, &n, "Server");
        format_server(t);
    }
    if (s & SEC_CLIENTS) {
        section(t, &n, "Clients");
        format_clients(t, st);
    }
    if (s & SEC_MEMORY) {
        section(t, &n, "Memory");
        format_memory(t);
    }
    if (s & SEC_PERSISTENCE) {
        section(t, &n, "Persistence");
        format_persistence(t, st);
    }
    if (s & SEC_STATS) {
        section(t, &n, "Stats");
        format_stats(t, st);
    }
    if (s & SEC_REPLICATION) {
        section(t, &n, "Replication");
        textf(t, "role:master\r\n");
        textf(t, "connected_slaves:0\r\n");
        /* No replication yet: a master without replicas or backlog, as Redis shows one. */
        textf(t, "master_failover_state:no-failover\r\n");
        textf(t, "master_replid:%s\r\n", replid);
        textf(t, "master_replid2:0000000000000000000000000000000000000000\r\n");
        textf(t, "master_repl_offset:0\r\nsecond_repl_offset:-1\r\n");
        textf(t, "repl_backlog_active:0\r\n");
        textf(t, "repl_backlog_size:%lld\r\n", (long long)g_config.inert.repl_backlog_size);
        textf(t, "repl_backlog_first_byte_offset:0\r\nrepl_backlog_histlen:0\r\n");
    }
    if (s & SEC_CPU) {
        section(t, &n, "CPU");
        format_cpu(t);
    }
    if (s & SEC_MODULES) section(t, &n, "Modules"); /* no module is ever loaded */
    if (s & SEC_COMMANDSTATS) {
        section(t, &n, "Commandstats");
        format_commandstats(t, st);
    }
    if (s & SEC_ERRORSTATS) {
        section(t, &n, "Errorstats");
        for (int e = 0; e < ERROR_CODE_COUNT; e++) {
            uint64_t count = 0;
            for (int i = 0; i < st->nslots; i++)
                count += st->slots[i].errors[e];
            if (count)
                textf(t, "errorstat_%s:count=%llu\r\n", error_code_name((enum error_code)e),
                      (unsigned long long)count);
        }
    }
    if (s & SEC_LATENCYSTATS) {
        section(t, &n, "Latencystats");
        struct latency_copy **copies = mem_alloc((size_t)st->nslots * sizeof *copies);
        for (int i = 0; i < st->nslots; i++)
            copies[i] = st->slots[i].latency;
        latency_info(t, copies, st->nslots);
        mem_free(copies);
    }
    if (s & SEC_CLUSTER) {
        section(t, &n, "Cluster");
        textf(t, "cluster_enabled:0\r\n");
    }
    if (s & SEC_KEYSPACE) {
        section(t, &n, "Keyspace");
        format_keyspace(t, st);
    }
    if (s & SEC_SHARDS) {
        section(t, &n, "Shards");
        format_shards(t, st);
    }
}

static void info_reply(const struct info_state *st, struct reply *out)
{
    struct reply text;
    reply_init(&text, 2);
    info_format(st, &text);
    reply_verbatim(out, text.data ? text.data : "", text.len);
    reply_free(&text);
}

static void info_done(struct worker *w, void *state, struct reply *out)
{
    info_reply(state, out);
}

void info_command(struct cmd_ctx *ctx)
{
    unsigned sections = ctx->argc == 1 ? SEC_DEFAULT : 0;
    /* Unknown section names add nothing, as in Redis. */
    for (int i = 1; i < ctx->argc; i++)
        for (size_t k = 0; k < sizeof section_names / sizeof section_names[0]; k++)
            if (arg_is(ctx->argv[i].ptr, ctx->argv[i].len, section_names[k].name))
                sections |= section_names[k].bits;
    struct info_state *st = info_state_new(sections, g_nworkers, ctx->w->shard.ndb);
    if (!(sections & SEC_PER_WORKER)) {
        info_reply(st, ctx->out);
        info_state_free(st);
        return;
    }
    fanout_start(ctx->w, ctx->session, info_part, info_done, st, info_state_free);
}

/* ---- CONFIG RESETSTAT ---- */

/* On each worker's thread: the counters Redis's resetServerStats clears. */
static void reset_part(struct worker *w, void *state, int idx)
{
    struct worker_stats *ws = &w->stats;
    ws->connections_received = 0;
    ws->rejected_connections = 0;
    ws->evicted_clients = 0;
    ws->commands_processed = 0;
    ws->net_input_bytes = 0;
    ws->net_output_bytes = 0;
    size_t bytes = (size_t)cmd_id_count() * sizeof(uint64_t);
    memset(ws->cmd_calls, 0, bytes);
    memset(ws->cmd_usec, 0, bytes);
    memset(ws->cmd_failed, 0, bytes);
    memset(ws->cmd_rejected, 0, bytes);
    memset(ws->error_counts, 0, ERROR_CODE_COUNT * sizeof(uint64_t));
    latency_reset_histograms(w);
    w->shard.expired_keys = 0;
    w->shard.evicted_keys = 0;
    w->shard.keyspace_hits = 0;
    w->shard.keyspace_misses = 0;
    if (w->id >= 0 && w->id < INFO_MAX_WORKERS) {
        /* The rates start over from the zeroed counters, as Redis's do. */
        for (int i = 0; i < RATE_COUNT; i++) {
            struct rate *r = &rates[w->id].r[i];
            memset(r->samples, 0, sizeof r->samples);
            r->idx = r->count = 0;
            r->last_value = 0;
        }
    }
}

/* used_memory_peak stays: Redis 7.0's CONFIG RESETSTAT keeps it too. */
static void reset_done(struct worker *w, void *state, struct reply *out)
{
    reply_ok(out);
}

void info_reset_stats(struct cmd_ctx *ctx)
{
    fanout_start(ctx->w, ctx->session, reset_part, reset_done, NULL, NULL);
}
