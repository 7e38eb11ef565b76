/* MEMORY STATS / DOCTOR / MALLOC-STATS / PURGE. Redis's getMemoryOverheadData over Tessera's
 * numbers: total.allocated is used_memory (the shards' and connections' accounted blocks),
 * startup.allocated what was used before the workers started, a database's main overhead the
 * bucket tables of its shards' dictionaries (expiries have no table of their own), the
 * allocator figures mimalloc's committed pages and resident size. STATS and DOCTOR read every
 * shard's tables through a fan-out; PURGE collects every worker's heap on its own thread. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "dispatch/dispatch.h"
#include "server/info.h"
#include "server/memstats.h"
#include "server/worker.h"
#include "shard/keyspace.h"
#include "tessera/dict.h"
#include "tessera/mem.h"

struct db_part {
    uint64_t keys, table_bytes;
};

struct mem_state {
    int doctor;
    int ndb, nparts;
    uint64_t nclients;
    struct db_part *dbs; /* [nparts][ndb] */
    uint64_t *clients;   /* [nparts] */
};

static void mem_part(struct worker *w, void *state, int idx)
{
    struct mem_state *st = state;
    struct db_part *mine = st->dbs + (size_t)idx * (size_t)st->ndb;
    int ndb = st->ndb < w->shard.ndb ? st->ndb : w->shard.ndb;
    for (int db = 0; db < ndb; db++) {
        mine[db].keys = ks_size(&w->shard, db);
        mine[db].table_bytes = dict_table_bytes(&w->shard.dbs[db].keys);
    }
    st->clients[idx] = worker_nclients(w);
}

/* Redis's struct redisMemOverhead, the fields we have. */
struct overhead {
    int64_t used, peak, startup;
    uint64_t rss, clients_normal, total, keys, dataset, bytes_per_key;
    float dataset_perc, peak_perc;
    uint64_t alloc_allocated, alloc_active, alloc_resident;
    float alloc_frag, alloc_rss, rss_extra, total_frag;
    int64_t alloc_frag_bytes, alloc_rss_bytes, rss_extra_bytes, total_frag_bytes;
};

static void overhead_of(const struct mem_state *st, struct overhead *o)
{
    memset(o, 0, sizeof *o);
    info_memory(&o->used, &o->peak, &o->startup, &o->rss);
    size_t active, resident;
    mem_allocator_sizes(&active, &resident);
    o->alloc_allocated = (uint64_t)o->used;
    o->alloc_active = active ? active : (uint64_t)o->used;
    o->alloc_resident = resident ? resident : o->rss;
    o->clients_normal = (uint64_t)(mem_uncounted() > 0 ? mem_uncounted() : 0);
    o->total = (uint64_t)o->startup + o->clients_normal;
    for (int db = 0; db < st->ndb; db++)
        for (int i = 0; i < st->nparts; i++) {
            o->total += st->dbs[(size_t)i * (size_t)st->ndb + (size_t)db].table_bytes;
            o->keys += st->dbs[(size_t)i * (size_t)st->ndb + (size_t)db].keys;
        }
    uint64_t used = (uint64_t)o->used;
    o->dataset = used > o->total ? used - o->total : 0;
    uint64_t net = used > (uint64_t)o->startup ? used - (uint64_t)o->startup : 1;
    o->dataset_perc = (float)o->dataset * 100 / (float)net;
    o->peak_perc = o->peak ? (float)used * 100 / (float)o->peak : 0;
    o->bytes_per_key = o->keys ? net / o->keys : 0;
    o->total_frag = used ? (float)o->rss / (float)used : 0;
    o->total_frag_bytes = (int64_t)o->rss - (int64_t)used;
    o->alloc_frag = o->alloc_allocated ? (float)o->alloc_active / (float)o->alloc_allocated : 0;
    o->alloc_frag_bytes = (int64_t)o->alloc_active - (int64_t)o->alloc_allocated;
    o->alloc_rss = o->alloc_active ? (float)o->alloc_resident / (float)o->alloc_active : 0;
    o->alloc_rss_bytes = (int64_t)o->alloc_resident - (int64_t)o->alloc_active;
    o->rss_extra = o->alloc_resident ? (float)o->rss / (float)o->alloc_resident : 0;
    o->rss_extra_bytes = (int64_t)o->rss - (int64_t)o->alloc_resident;
}

static void field_int(struct reply *out, const char *name, long long v)
{
    reply_bulk_cstr(out, name);
    reply_int(out, v);
}

static void field_double(struct reply *out, const char *name, float v)
{
    reply_bulk_cstr(out, name);
    reply_double(out, (double)v);
}

static void stats_reply(const struct mem_state *st, const struct overhead *o, struct reply *out)
{
    int used_dbs = 0;
    for (int db = 0; db < st->ndb; db++) {
        uint64_t keys = 0;
        for (int i = 0; i < st->nparts; i++)
            keys += st->dbs[(size_t)i * (size_t)st->ndb + (size_t)db].keys;
        used_dbs += keys != 0;
    }
    reply_map(out, 27 + (size_t)used_dbs);
    field_int(out, "peak.allocated", o->peak);
    field_int(out, "total.allocated", o->used);
    field_int(out, "startup.allocated", o->startup);
    field_int(out, "replication.backlog", 0);
    field_int(out, "clients.slaves", 0);
    field_int(out, "clients.normal", (long long)o->clients_normal);
    field_int(out, "cluster.links", 0);
    field_int(out, "aof.buffer", 0);
    field_int(out, "lua.caches", 0);
    field_int(out, "functions.caches", 0);
    for (int db = 0; db < st->ndb; db++) {
        uint64_t keys = 0, table = 0;
        for (int i = 0; i < st->nparts; i++) {
            keys += st->dbs[(size_t)i * (size_t)st->ndb + (size_t)db].keys;
            table += st->dbs[(size_t)i * (size_t)st->ndb + (size_t)db].table_bytes;
        }
        if (!keys) continue;
        char name[32];
        snprintf(name, sizeof name, "db.%d", db);
        reply_bulk_cstr(out, name);
        reply_map(out, 3);
        field_int(out, "overhead.hashtable.main", (long long)table);
        field_int(out, "overhead.hashtable.expires", 0);
        field_int(out, "overhead.hashtable.slot-to-keys", 0);
    }
    field_int(out, "overhead.total", (long long)o->total);
    field_int(out, "keys.count", (long long)o->keys);
    field_int(out, "keys.bytes-per-key", (long long)o->bytes_per_key);
    field_int(out, "dataset.bytes", (long long)o->dataset);
    field_double(out, "dataset.percentage", o->dataset_perc);
    field_double(out, "peak.percentage", o->peak_perc);
    field_int(out, "allocator.allocated", (long long)o->alloc_allocated);
    field_int(out, "allocator.active", (long long)o->alloc_active);
    field_int(out, "allocator.resident", (long long)o->alloc_resident);
    field_double(out, "allocator-fragmentation.ratio", o->alloc_frag);
    field_int(out, "allocator-fragmentation.bytes", o->alloc_frag_bytes);
    field_double(out, "allocator-rss.ratio", o->alloc_rss);
    field_int(out, "allocator-rss.bytes", o->alloc_rss_bytes);
    field_double(out, "rss-overhead.ratio", o->rss_extra);
    field_int(out, "rss-overhead.bytes", o->rss_extra_bytes);
    field_double(out, "fragmentation", o->total_frag);
    field_int(out, "fragmentation.bytes", o->total_frag_bytes);
}

/* Redis's getMemoryDoctorReport, with its thresholds and texts. */
static void doctor_reply(const struct mem_state *st, const struct overhead *o, struct reply *out)
{
    int empty = 0, big_peak = 0, high_frag = 0, high_alloc_frag = 0, high_alloc_rss = 0,
        high_proc_rss = 0, big_client_buf = 0, reports = 0;
    if (o->used < 1024 * 1024 * 5) {
        empty = 1;
        reports++;
    } else {
        if ((float)o->peak / (float)o->used > 1.5) big_peak = 1, reports++;
        if (o->total_frag > 1.4 && o->total_frag_bytes > 10 << 20) high_frag = 1, reports++;
        if (o->alloc_frag > 1.1 && o->alloc_frag_bytes > 10 << 20) high_alloc_frag = 1, reports++;
        if (o->alloc_rss > 1.1 && o->alloc_rss_bytes > 10 << 20) high_alloc_rss = 1, reports++;
        if (o->rss_extra > 1.1 && o->rss_extra_bytes > 10 << 20) high_proc_rss = 1, reports++;
        uint64_t clients = 0;
        for (int i = 0; i < st->nparts; i++)
            clients += st->clients[i];
        if (clients && o->clients_normal / clients > 1024 * 200) big_client_buf = 1, reports++;
    }
    struct reply t;
    reply_init(&t, 2);
#define PUT(s) reply_raw(&t, s, strlen(s))
    if (reports == 0) {
        PUT("Hi Sam, I can't find any memory issue in your instance. I can only account for what "
            "occurs on this base.\n");
    } else if (empty) {
        PUT("Hi Sam, this instance is empty or is using very little memory, my issues detector "
            "can't be used in these conditions. Please, leave for your mission on Earth and fill "
            "it with some data. The new Sam and I will be back to our programming as soon as I "
            "finished rebooting.\n");
    } else {
        PUT("Sam, I detected a few issues in this Redis instance memory implants:\n\n");
        if (big_peak)
            PUT(" * Peak memory: In the past this instance used more than 150% the memory that is "
                "currently using. The allocator is normally not able to release memory after a "
                "peak, so you can expect to see a big fragmentation ratio, however this is "
                "actually harmless and is only due to the memory peak, and if the Redis instance "
                "Resident Set Size (RSS) is currently bigger than expected, the memory will be "
                "used as soon as you fill the Redis instance with more data. If the memory peak "
                "was only occasional and you want to try to reclaim memory, please try the "
                "MEMORY PURGE command, otherwise the only other option is to shutdown and restart "
                "the instance.\n\n");
        if (high_frag) {
            char name[64], line[1024];
            mem_allocator_name(name, sizeof name);
            snprintf(line, sizeof line,
                     " * High total RSS: This instance has a memory fragmentation and RSS "
                     "overhead greater than 1.4 (this means that the Resident Set Size of the "
                     "Redis process is much larger than the sum of the logical allocations Redis "
                     "performed). This problem is usually due either to a large peak memory "
                     "(check if there is a peak memory entry above in the report) or may result "
                     "from a workload that causes the allocator to fragment memory a lot. If the "
                     "problem is a large peak memory, then there is no issue. Otherwise, make "
                     "sure you are using the Jemalloc allocator and not the default libc malloc. "
                     "Note: The currently used allocator is \"%s\".\n\n",
                     name);
            PUT(line);
        }
        if (high_alloc_frag)
            PUT(" * High allocator fragmentation: This instance has an allocator external "
                "fragmentation greater than 1.1. This problem is usually due either to a large "
                "peak memory (check if there is a peak memory entry above in the report) or may "
                "result from a workload that causes the allocator to fragment memory a lot. You "
                "can try enabling 'activedefrag' config option.\n\n");
        if (high_alloc_rss)
            PUT(" * High allocator RSS overhead: This instance has an RSS memory overhead is "
                "greater than 1.1 (this means that the Resident Set Size of the allocator is much "
                "larger than the sum what the allocator actually holds). This problem is usually "
                "due to a large peak memory (check if there is a peak memory entry above in the "
                "report), you can try the MEMORY PURGE command to reclaim it.\n\n");
        if (high_proc_rss)
            PUT(" * High process RSS overhead: This instance has non-allocator RSS memory "
                "overhead is greater than 1.1 (this means that the Resident Set Size of the Redis "
                "process is much larger than the RSS the allocator holds). This problem may be "
                "due to Lua scripts or Modules.\n\n");
        if (big_client_buf)
            PUT(" * Big client buffers: The clients output buffers in this instance are greater "
                "than 200K per client (on average). This may result from different causes, like "
                "Pub/Sub clients subscribed to channels bot not receiving data fast enough, so "
                "that data piles on the Redis instance output buffer, or clients sending commands "
                "with large replies or very large sequences of commands in the same pipeline. "
                "Please use the CLIENT LIST command in order to investigate the issue if it "
                "causes problems in your instance, or to understand better why certain clients "
                "are using a big amount of memory.\n\n");
        PUT("I'm here to keep you safe, Sam. I want to help you.\n");
    }
#undef PUT
    reply_verbatim(out, t.data, t.len);
    reply_free(&t);
}

static void mem_done(struct worker *w, void *state, struct reply *out)
{
    (void)w;
    struct mem_state *st = state;
    struct overhead o;
    overhead_of(st, &o);
    if (st->doctor)
        doctor_reply(st, &o, out);
    else
        stats_reply(st, &o, out);
}

static void mem_free_state(void *state)
{
    struct mem_state *st = state;
    mem_free(st->dbs);
    mem_free(st->clients);
    mem_free(st);
}

static void mem_start(struct cmd_ctx *ctx, int doctor)
{
    struct mem_state *st = mem_calloc(1, sizeof *st);
    st->doctor = doctor;
    st->ndb = ctx->w->shard.ndb;
    st->nparts = g_nworkers;
    st->dbs = mem_calloc((size_t)st->nparts * (size_t)st->ndb, sizeof *st->dbs);
    st->clients = mem_calloc((size_t)st->nparts, sizeof *st->clients);
    fanout_start(ctx->w, ctx->session, mem_part, mem_done, st, mem_free_state);
}

void cmd_memory_stats(struct cmd_ctx *ctx)
{
    mem_start(ctx, 0);
}

void cmd_memory_doctor(struct cmd_ctx *ctx)
{
    mem_start(ctx, 1);
}

static void report_append(const char *text, void *arg)
{
    reply_raw(arg, text, strlen(text));
}

void cmd_memory_malloc_stats(struct cmd_ctx *ctx)
{
    struct reply t;
    reply_init(&t, 2);
    if (!mem_allocator_report(report_append, &t)) {
        const char *msg = "Stats not supported for the current allocator";
        reply_raw(&t, msg, strlen(msg));
    }
    reply_verbatim(ctx->out, t.data ? t.data : "", t.len);
    reply_free(&t);
}

static void purge_part(struct worker *w, void *state, int idx)
{
    (void)w, (void)state, (void)idx;
    mem_purge_thread();
}

static void purge_done(struct worker *w, void *state, struct reply *out)
{
    (void)w, (void)state;
    reply_ok(out);
}

void cmd_memory_purge(struct cmd_ctx *ctx)
{
    fanout_start_unheld(ctx->w, ctx->session, purge_part, purge_done, NULL, NULL);
}
