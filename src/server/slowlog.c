/* The slow log: a ring of entries per worker (struct worker's `slowlog`), written by
 * slowlog_push on the worker that ran the command, read by the SLOWLOG handlers through a
 * fan-out (each worker encodes its own entries). RESET moves a floor that hides every entry
 * logged before it, so it needs no fan-out and the RESET itself is logged after it, as in Redis.
 * Worker threads only. */
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "cmd/cmd.h"
#include "cmd/session.h"
#include "dispatch/dispatch.h"
#include "server/slowlog.h"
#include "server/worker.h"
#include "tessera/config.h"
#include "tessera/mem.h"
#include "tessera/util.h"
#include "types/t_conn.h"
#include "types/t_server.h"

/* Redis's limits on what an entry keeps of a command line. */
#define SLOWLOG_MAX_ARGC    32
#define SLOWLOG_MAX_STRING  128
#define SLOWLOG_DEFAULT_GET 10

struct slowlog_arg {
    char *p;
    size_t len;
};

struct slowlog_entry {
    uint64_t id;
    long long time; /* unix seconds */
    uint64_t usec;
    int argc;
    struct slowlog_arg *argv;
    char *addr, *name;
};

/* Oldest first: ring[(head + i) % cap] for i < count. */
struct slowlog {
    struct slowlog_entry **ring;
    size_t head, count, cap;
};

static _Atomic uint64_t next_id;
static _Atomic uint64_t reset_floor; /* entries with a smaller id were reset */

static void entry_free(struct slowlog_entry *e)
{
    for (int i = 0; i < e->argc; i++)
        mem_free(e->argv[i].p);
    mem_free(e->argv);
    mem_free(e->addr);
    mem_free(e->name);
    mem_free(e);
}

static void drop_oldest(struct slowlog *log)
{
    entry_free(log->ring[log->head]);
    log->head = (log->head + 1) % log->cap;
    log->count--;
}

void slowlog_free(struct slowlog *log)
{
    if (!log) return;
    while (log->count)
        drop_oldest(log);
    mem_free(log->ring);
    mem_free(log);
}

static void arg_set(struct slowlog_arg *a, const char *p, size_t len)
{
    a->p = mem_strndup(p, len);
    a->len = len;
}

static void arg_printf(struct slowlog_arg *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void arg_printf(struct slowlog_arg *a, const char *fmt, ...)
{
    char buf[64];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    arg_set(a, buf, (size_t)n);
}

/* Secrets Redis replaces by "(redacted)" before the command is logged: AUTH's arguments,
 * HELLO's AUTH pair, CONFIG SET of a password. */
static int redacted(const struct cmd_ctx *ctx, int j)
{
    const struct command *c = ctx->cmd;
    if (c->handler == cmd_auth) return j >= 1;
    if (c->handler == cmd_hello) {
        for (int k = 2; k + 2 < ctx->argc; k++) {
            if (CTX_ARG_IS(ctx, k, "auth")) {
                if (j == k + 1 || j == k + 2) return 1;
                k += 2;
            } else if (CTX_ARG_IS(ctx, k, "setname")) {
                k++;
            }
        }
        return 0;
    }
    if (c->handler == cmd_config_set && j >= 3 && (j - 3) % 2 == 0)
        return CTX_ARG_IS(ctx, j - 1, "requirepass") || CTX_ARG_IS(ctx, j - 1, "masterauth");
    return 0;
}

static struct slowlog_entry *entry_new(const struct cmd_ctx *ctx, uint64_t usec)
{
    struct slowlog_entry *e = mem_calloc(1, sizeof *e);
    e->id = atomic_fetch_add_explicit(&next_id, 1, memory_order_relaxed);
    e->time = (long long)time(NULL);
    e->usec = usec;
    int argc = ctx->argc > SLOWLOG_MAX_ARGC ? SLOWLOG_MAX_ARGC : ctx->argc;
    e->argc = argc;
    e->argv = mem_alloc((size_t)argc * sizeof *e->argv);
    for (int j = 0; j < argc; j++) {
        const struct resp_arg *a = &ctx->argv[j];
        if (argc != ctx->argc && j == argc - 1) {
            arg_printf(&e->argv[j], "... (%d more arguments)", ctx->argc - argc + 1);
        } else if (redacted(ctx, j)) {
            arg_set(&e->argv[j], "(redacted)", 10);
        } else if (a->len > SLOWLOG_MAX_STRING) {
            char tail[64];
            int n =
                snprintf(tail, sizeof tail, "... (%zu more bytes)", a->len - SLOWLOG_MAX_STRING);
            e->argv[j].p = mem_alloc(SLOWLOG_MAX_STRING + (size_t)n + 1);
            memcpy(e->argv[j].p, a->ptr, SLOWLOG_MAX_STRING);
            memcpy(e->argv[j].p + SLOWLOG_MAX_STRING, tail, (size_t)n + 1);
            e->argv[j].len = SLOWLOG_MAX_STRING + (size_t)n;
        } else {
            arg_set(&e->argv[j], a->ptr, a->len);
        }
    }
    const char *addr = ctx->client ? ctx->client->addr : "";
    const char *name = session_name(ctx->client);
    e->addr = mem_strndup(addr, strlen(addr));
    e->name = mem_strndup(name, strlen(name));
    return e;
}

void slowlog_push(struct cmd_ctx *ctx, uint64_t usec)
{
    struct worker *w = ctx->w;
    struct slowlog *log = w->slowlog;
    if (!log) log = w->slowlog = mem_calloc(1, sizeof *log);
    uint64_t floor = atomic_load_explicit(&reset_floor, memory_order_relaxed);
    while (log->count && log->ring[log->head]->id < floor)
        drop_oldest(log);
    if (log->count == log->cap) {
        size_t cap = log->cap ? log->cap * 2 : 16;
        struct slowlog_entry **ring = mem_alloc(cap * sizeof *ring);
        for (size_t i = 0; i < log->count; i++)
            ring[i] = log->ring[(log->head + i) % log->cap];
        mem_free(log->ring);
        log->ring = ring;
        log->head = 0;
        log->cap = cap;
    }
    log->ring[(log->head + log->count) % log->cap] = entry_new(ctx, usec);
    log->count++;
    unsigned long long max = (unsigned long long)CONFIG_GET(slowlog_max_len);
    while (log->count > max)
        drop_oldest(log);
}

/* ---- SLOWLOG GET / LEN: every worker's entries ---- */

/* One worker's entries since the floor, newest first, encoded; ends[i] is where entry i ends. */
struct get_part {
    struct reply text;
    uint64_t *ids;
    size_t *ends;
    size_t n;
};

struct get_state {
    uint64_t floor;
    long long count; /* entries wanted; -1 all */
    int len_only;
    int nparts;
    struct get_part parts[];
};

static void encode_entry(struct reply *r, const struct slowlog_entry *e)
{
    reply_array(r, 6);
    reply_int(r, (long long)e->id);
    reply_int(r, e->time);
    reply_int(r, (long long)e->usec);
    reply_array(r, (size_t)e->argc);
    for (int j = 0; j < e->argc; j++)
        reply_bulk(r, e->argv[j].p, e->argv[j].len);
    reply_bulk_cstr(r, e->addr);
    reply_bulk_cstr(r, e->name);
}

static void get_part(struct worker *w, void *state, int idx)
{
    struct get_state *st = state;
    struct get_part *p = &st->parts[idx];
    struct slowlog *log = w->slowlog;
    if (!log || !log->count) return;
    p->ids = mem_alloc(log->count * sizeof *p->ids);
    p->ends = mem_alloc(log->count * sizeof *p->ends);
    for (size_t i = log->count; i-- > 0;) {
        const struct slowlog_entry *e = log->ring[(log->head + i) % log->cap];
        if (e->id < st->floor) break;
        if (!st->len_only) encode_entry(&p->text, e);
        p->ids[p->n] = e->id;
        p->ends[p->n] = p->text.len;
        p->n++;
    }
}

static void get_done(struct worker *w, void *state, struct reply *out)
{
    (void)w;
    struct get_state *st = state;
    unsigned long long max = (unsigned long long)CONFIG_GET(slowlog_max_len);
    size_t total = 0;
    for (int i = 0; i < st->nparts; i++)
        total += st->parts[i].n;
    if (total > max) total = (size_t)max;
    if (st->len_only) {
        reply_int(out, (long long)total);
        return;
    }
    size_t want =
        st->count < 0 || (unsigned long long)st->count > total ? total : (size_t)st->count;
    reply_array(out, want);
    size_t *next = mem_calloc((size_t)st->nparts, sizeof *next);
    for (size_t k = 0; k < want; k++) {
        int best = -1;
        for (int i = 0; i < st->nparts; i++) {
            const struct get_part *p = &st->parts[i];
            if (next[i] < p->n && (best < 0 || p->ids[next[i]] > st->parts[best].ids[next[best]]))
                best = i;
        }
        const struct get_part *p = &st->parts[best];
        size_t j = next[best]++;
        size_t start = j ? p->ends[j - 1] : 0;
        reply_raw(out, p->text.data + start, p->ends[j] - start);
    }
    mem_free(next);
}

static void get_free(void *state)
{
    struct get_state *st = state;
    for (int i = 0; i < st->nparts; i++) {
        reply_free(&st->parts[i].text);
        mem_free(st->parts[i].ids);
        mem_free(st->parts[i].ends);
    }
    mem_free(st);
}

static void start_get(struct cmd_ctx *ctx, long long count, int len_only)
{
    int n = g_nworkers;
    struct get_state *st = mem_calloc(1, sizeof *st + (size_t)n * sizeof st->parts[0]);
    st->floor = atomic_load_explicit(&reset_floor, memory_order_relaxed);
    st->count = count;
    st->len_only = len_only;
    st->nparts = n;
    for (int i = 0; i < n; i++)
        reply_init(&st->parts[i].text, 2);
    fanout_start(ctx->w, ctx->session, get_part, get_done, st, get_free);
}

void cmd_slowlog(struct cmd_ctx *ctx)
{
    cmd_reply_unknown_subcommand(ctx);
}

void cmd_slowlog_get(struct cmd_ctx *ctx)
{
    long long count = SLOWLOG_DEFAULT_GET;
    if (ctx->argc > 3) {
        ctx_errorf(ctx,
                   "ERR unknown subcommand or wrong number of arguments for '%.*s'. Try SLOWLOG "
                   "HELP.",
                   (int)ctx->argv[1].len, ctx->argv[1].ptr);
        return;
    }
    if (ctx->argc == 3 && (!str_to_ll(ctx->argv[2].ptr, ctx->argv[2].len, &count) || count < -1)) {
        ctx_error_text(ctx, "ERR count should be greater than or equal to -1");
        return;
    }
    start_get(ctx, count, 0);
}

void cmd_slowlog_len(struct cmd_ctx *ctx)
{
    start_get(ctx, 0, 1);
}

void cmd_slowlog_reset(struct cmd_ctx *ctx)
{
    atomic_store_explicit(&reset_floor, atomic_load_explicit(&next_id, memory_order_relaxed),
                          memory_order_relaxed);
    reply_ok(ctx->out);
}

static const char *const slowlog_help[] = {
    "GET [<count>]",
    "    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
    "    Entries are made of:",
    "    id, timestamp, time in microseconds, arguments array, client IP and port,",
    "    client name",
    "LEN",
    "    Return the length of the slowlog.",
    "RESET",
    "    Reset the slowlog.",
    NULL,
};

void cmd_slowlog_help(struct cmd_ctx *ctx)
{
    cmd_reply_help(ctx, slowlog_help);
}
