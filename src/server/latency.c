/* Latency tracking and the latency monitor (see latency.h). The per-command histograms are
 * HdrHistogram's layout with Redis's settings (lowest value 1 ns, 2 significant figures: 256
 * sub-buckets, each power of two halving the resolution), so that percentiles and LATENCY
 * HISTOGRAM's buckets come out as Redis computes them; a command's histogram is allocated the
 * first time it runs on a worker; the calls counted by latency_count are folded in before a
 * histogram is read. The monitor keeps Redis's 160 one-per-second samples per
 * event on each worker; readers merge. Worker threads only. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd/cmd.h"
#include "dispatch/dispatch.h"
#include "dispatch/txn.h"
#include "server/latency.h"
#include "server/worker.h"
#include "tessera/config.h"
#include "tessera/mem.h"
#include "tessera/util.h"
#include "types/t_conn.h"

#define HIST_HALF    128 /* sub-buckets per bucket past the first */
#define HIST_BUCKETS 34  /* values up to 2^41 ns */
#define HIST_LEN     ((HIST_BUCKETS + 1) * HIST_HALF)
#define HIST_MAX     ((UINT64_C(1) << 41) - 1)
#define TS_LEN       160 /* Redis's LATENCY_TS_LEN */

enum { EV_COMMAND, EV_FAST_COMMAND, EV_COUNT };
static const char *const event_names[EV_COUNT] = {"command", "fast-command"};

struct lat_sample {
    int64_t time; /* unix seconds; 0: unused */
    uint32_t latency;
};

struct lat_series {
    struct lat_sample samples[TS_LEN];
    int idx, used;
    uint32_t max;
};

struct latency {
    int nids;
    uint64_t **hist; /* [nids]: counts, NULL until the command ran here */
    struct lat_series ev[EV_COUNT];
};

struct latency_copy {
    int nids;
    uint64_t **hist;
    struct lat_series ev[EV_COUNT];
};

/* ---- the histogram's layout (hdr_histogram.c with unit magnitude 0) ---- */

static int bucket_of(uint64_t v)
{
    return (64 - __builtin_clzll(v | 255)) - 8;
}

static int index_of(uint64_t v)
{
    int b = bucket_of(v);
    return ((b + 1) << 7) + (int)(v >> b) - HIST_HALF;
}

static uint64_t value_at(int i)
{
    int b = (i >> 7) - 1;
    int sub = (i & 127) + HIST_HALF;
    if (b < 0) {
        sub -= HIST_HALF;
        b = 0;
    }
    return (uint64_t)sub << b;
}

static uint64_t lowest_equivalent(uint64_t v)
{
    int b = bucket_of(v);
    return (v >> b) << b;
}

static uint64_t highest_equivalent(uint64_t v)
{
    return lowest_equivalent(v) + (UINT64_C(1) << bucket_of(v)) - 1;
}

static uint64_t hist_total(const uint64_t *h)
{
    uint64_t n = 0;
    for (int i = 0; i < HIST_LEN; i++)
        n += h[i];
    return n;
}

/* hdr_value_at_percentile */
static uint64_t value_at_percentile(const uint64_t *h, uint64_t total, double p)
{
    double req = p < 100.0 ? p : 100.0;
    int64_t want = (int64_t)((req / 100) * (double)total + 0.5);
    if (want < 1) want = 1;
    int64_t seen = 0;
    uint64_t v = 0;
    for (int i = 0; i < HIST_LEN; i++) {
        seen += (int64_t)h[i];
        if (seen >= want) {
            v = value_at(i);
            break;
        }
    }
    return p == 0.0 ? lowest_equivalent(v) : highest_equivalent(v);
}

/* ---- recording ---- */

static struct latency *lat_of(struct worker *w)
{
    if (!w->latency) {
        struct latency *l = mem_calloc(1, sizeof *l);
        l->nids = cmd_id_count();
        l->hist = mem_calloc((size_t)l->nids, sizeof *l->hist);
        w->latency = l;
    }
    return w->latency;
}

static uint64_t *hist_of(struct latency *l, int id)
{
    if (__builtin_expect(!l->hist[id], 0)) l->hist[id] = mem_calloc(HIST_LEN, sizeof(uint64_t));
    return l->hist[id];
}

static int index_of_usec(uint64_t usec)
{
    uint64_t ns = usec * 1000;
    if (ns < 1) ns = 1;
    if (ns > HIST_MAX) ns = HIST_MAX;
    return index_of(ns);
}

void latency_track(struct worker *w, int id, uint64_t usec)
{
    hist_of(lat_of(w), id)[index_of_usec(usec)]++;
}

/* The counts of latency_count into the histograms (before anything reads them). */
static void fold_fast(struct worker *w)
{
    if (!w->lat_fast) return;
    struct latency *l = lat_of(w);
    for (int id = 0; id < l->nids; id++) {
        uint64_t *row = w->lat_fast + (size_t)id * LATENCY_FAST_USEC;
        for (int us = 0; us < LATENCY_FAST_USEC; us++) {
            if (!row[us]) continue;
            hist_of(l, id)[index_of_usec((uint64_t)us)] += row[us];
            row[us] = 0;
        }
    }
}

/* Redis's latencyAddSample: one sample a second, the worst of that second. */
void latency_add_sample(struct worker *w, int fast, uint64_t ms)
{
    struct lat_series *ts = &lat_of(w)->ev[fast ? EV_FAST_COMMAND : EV_COMMAND];
    int64_t now = (int64_t)time(NULL);
    uint32_t lat = ms > UINT32_MAX ? UINT32_MAX : (uint32_t)ms;
    ts->used = 1;
    if (lat > ts->max) ts->max = lat;
    int prev = (ts->idx + TS_LEN - 1) % TS_LEN;
    if (ts->samples[prev].time == now) {
        if (lat > ts->samples[prev].latency) ts->samples[prev].latency = lat;
        return;
    }
    ts->samples[ts->idx].time = now;
    ts->samples[ts->idx].latency = lat;
    ts->idx = (ts->idx + 1) % TS_LEN;
}

void latency_reset_histograms(struct worker *w)
{
    if (w->lat_fast)
        memset(w->lat_fast, 0, (size_t)cmd_id_count() * LATENCY_FAST_USEC * sizeof *w->lat_fast);
    struct latency *l = w->latency;
    if (!l) return;
    for (int i = 0; i < l->nids; i++) {
        mem_free(l->hist[i]);
        l->hist[i] = NULL;
    }
}

void latency_free(struct latency *l)
{
    if (!l) return;
    for (int i = 0; i < l->nids; i++)
        mem_free(l->hist[i]);
    mem_free(l->hist);
    mem_free(l);
}

/* ---- copies for readers ---- */

struct latency_copy *latency_copy_take(struct worker *w)
{
    struct latency *l = lat_of(w);
    fold_fast(w);
    struct latency_copy *c = mem_calloc(1, sizeof *c);
    c->nids = l->nids;
    c->hist = mem_calloc((size_t)l->nids, sizeof *c->hist);
    for (int i = 0; i < l->nids; i++) {
        if (!l->hist[i]) continue;
        c->hist[i] = mem_alloc(HIST_LEN * sizeof(uint64_t));
        memcpy(c->hist[i], l->hist[i], HIST_LEN * sizeof(uint64_t));
    }
    memcpy(c->ev, l->ev, sizeof c->ev);
    return c;
}

void latency_copy_free(struct latency_copy *c)
{
    if (!c) return;
    for (int i = 0; i < c->nids; i++)
        mem_free(c->hist[i]);
    mem_free(c->hist);
    mem_free(c);
}

/* The sum of every worker's histogram of id into out; 0 when no worker has one. */
static int merged(struct latency_copy *const *copies, int n, int id, uint64_t *out)
{
    int any = 0;
    memset(out, 0, HIST_LEN * sizeof *out);
    for (int k = 0; k < n; k++) {
        const struct latency_copy *c = copies[k];
        if (!c || id >= c->nids || !c->hist[id]) continue;
        any = 1;
        for (int i = 0; i < HIST_LEN; i++)
            out[i] += c->hist[id][i];
    }
    return any;
}

/* Redis prints a percentile as "%f" with the trailing zeros (and point) trimmed. */
static void trimmed_double(char *buf, size_t cap, double v)
{
    snprintf(buf, cap, "%f", v);
    if (strchr(buf, '.')) {
        char *e = buf + strlen(buf) - 1;
        while (*e == '0')
            *e-- = '\0';
        if (*e == '.') *e = '\0';
    }
}

static void info_line(struct reply *t, const char *name, const uint64_t *h, const char *pcts)
{
    char line[1024];
    size_t n = (size_t)snprintf(line, sizeof line, "latency_percentiles_usec_%s:", name);
    uint64_t total = hist_total(h);
    const char *p = pcts;
    int first = 1;
    while (p && *p && n < sizeof line - 64) {
        char *end;
        double pct = strtod(p, &end);
        if (end == p) break;
        char label[64];
        trimmed_double(label, sizeof label, pct);
        n += (size_t)snprintf(line + n, sizeof line - n, "%sp%s=%.3f", first ? "" : ",", label,
                              (double)value_at_percentile(h, total, pct) / 1000.0);
        first = 0;
        p = end;
        while (*p == ' ')
            p++;
    }
    n += (size_t)snprintf(line + n, sizeof line - n, "\r\n");
    reply_raw(t, line, n);
}

void latency_info(struct reply *text, struct latency_copy *const *copies, int n)
{
    const char *pcts = CONFIG_GET_STR(latency_tracking_info_percentiles);
    uint64_t *h = mem_alloc(HIST_LEN * sizeof *h);
    size_t count;
    const struct command *table = cmd_table(&count);
    for (size_t i = 0; i < count; i++) {
        if (merged(copies, n, table[i].id, h)) info_line(text, table[i].name, h, pcts);
        for (const struct command *sub = table[i].subcommands; sub && sub->name; sub++)
            if (merged(copies, n, sub->id, h)) info_line(text, sub->name, h, pcts);
    }
    mem_free(h);
}

/* ---- LATENCY: a fan-out that copies every worker's data, then the subcommand's answer ---- */

struct lat_state {
    void (*answer)(struct lat_state *st, struct reply *out);
    int argc;
    struct resp_arg *argv;
    char *arena;
    int reset;  /* RESET: the parts clear the events named (all when argc == 2) */
    int *found; /* RESET: [part] the bits of the events that worker had */
    int nparts;
    struct latency_copy *parts[];
};

static int event_of(const char *p, size_t len)
{
    for (int e = 0; e < EV_COUNT; e++)
        if (strlen(event_names[e]) == len && memcmp(event_names[e], p, len) == 0) return e;
    return -1;
}

static void lat_part(struct worker *w, void *state, int idx)
{
    struct lat_state *st = state;
    if (!st->reset) {
        st->parts[idx] = latency_copy_take(w);
        return;
    }
    struct latency *l = lat_of(w);
    for (int e = 0; e < EV_COUNT; e++) {
        int named = st->argc == 2;
        for (int j = 2; j < st->argc && !named; j++)
            named = event_of(st->argv[j].ptr, st->argv[j].len) == e;
        if (!named || !l->ev[e].used) continue;
        st->found[idx] |= 1 << e;
        memset(&l->ev[e], 0, sizeof l->ev[e]);
    }
}

static void lat_done(struct worker *w, void *state, struct reply *out)
{
    (void)w;
    struct lat_state *st = state;
    st->answer(st, out);
}

static void lat_free(void *state)
{
    struct lat_state *st = state;
    for (int i = 0; i < st->nparts; i++)
        latency_copy_free(st->parts[i]);
    mem_free(st->arena);
    mem_free(st->found);
    mem_free(st);
}

static void lat_start(struct cmd_ctx *ctx, void (*answer)(struct lat_state *, struct reply *),
                      int reset)
{
    int n = g_nworkers;
    struct lat_state *st = mem_calloc(1, sizeof *st + (size_t)n * sizeof st->parts[0]);
    st->answer = answer;
    st->reset = reset;
    st->nparts = n;
    st->found = mem_calloc((size_t)n, sizeof *st->found);
    st->argc = ctx->argc;
    st->argv = txn_copy_args(ctx->argc, ctx->argv, &st->arena);
    fanout_start(ctx->w, ctx->session, lat_part, lat_done, st, lat_free);
}

/* One event's samples from every worker, oldest first, one per second (the worst). */
static int event_samples(const struct lat_state *st, int e, struct lat_sample *out)
{
    int n = 0;
    for (int k = 0; k < st->nparts; k++) {
        const struct lat_series *ts = &st->parts[k]->ev[e];
        for (int j = 0; j < TS_LEN; j++) {
            const struct lat_sample *s = &ts->samples[(ts->idx + j) % TS_LEN];
            if (s->time) out[n++] = *s;
        }
    }
    /* sort by time, then fold equal seconds */
    for (int i = 1; i < n; i++) {
        struct lat_sample x = out[i];
        int j = i - 1;
        while (j >= 0 && out[j].time > x.time) {
            out[j + 1] = out[j];
            j--;
        }
        out[j + 1] = x;
    }
    int m = 0;
    for (int i = 0; i < n; i++) {
        if (m && out[m - 1].time == out[i].time) {
            if (out[i].latency > out[m - 1].latency) out[m - 1].latency = out[i].latency;
        } else {
            out[m++] = out[i];
        }
    }
    if (m > TS_LEN) {
        memmove(out, out + (m - TS_LEN), TS_LEN * sizeof *out);
        m = TS_LEN;
    }
    return m;
}

static int event_used(const struct lat_state *st, int e, uint32_t *max)
{
    int used = 0;
    *max = 0;
    for (int k = 0; k < st->nparts; k++) {
        const struct lat_series *ts = &st->parts[k]->ev[e];
        if (!ts->used) continue;
        used = 1;
        if (ts->max > *max) *max = ts->max;
    }
    return used;
}

static void answer_latest(struct lat_state *st, struct reply *out)
{
    struct lat_sample *s = mem_alloc((size_t)st->nparts * TS_LEN * sizeof *s);
    int n = 0;
    uint32_t max;
    for (int e = 0; e < EV_COUNT; e++)
        n += event_used(st, e, &max);
    reply_array(out, (size_t)n);
    for (int e = 0; e < EV_COUNT; e++) {
        if (!event_used(st, e, &max)) continue;
        int m = event_samples(st, e, s);
        reply_array(out, 4);
        reply_bulk_cstr(out, event_names[e]);
        reply_int(out, m ? s[m - 1].time : 0);
        reply_int(out, m ? s[m - 1].latency : 0);
        reply_int(out, max);
    }
    mem_free(s);
}

static void answer_history(struct lat_state *st, struct reply *out)
{
    int e = event_of(st->argv[2].ptr, st->argv[2].len);
    uint32_t max;
    if (e < 0 || !event_used(st, e, &max)) {
        reply_array(out, 0);
        return;
    }
    struct lat_sample *s = mem_alloc((size_t)st->nparts * TS_LEN * sizeof *s);
    int m = event_samples(st, e, s);
    reply_array(out, (size_t)m);
    for (int i = 0; i < m; i++) {
        reply_array(out, 2);
        reply_int(out, s[i].time);
        reply_int(out, s[i].latency);
    }
    mem_free(s);
}

static void answer_reset(struct lat_state *st, struct reply *out)
{
    int bits = 0;
    for (int i = 0; i < st->nparts; i++)
        bits |= st->found[i];
    reply_int(out, __builtin_popcount((unsigned)bits));
}

/* fillCommandCDF: HdrHistogram's logarithmic iteration from 1024 ns, base 2. */
static void reply_cdf(struct reply *out, const uint64_t *h)
{
    uint64_t total = hist_total(h);
    reply_map(out, 2);
    reply_bulk_cstr(out, "calls");
    reply_int(out, (long long)total);
    reply_bulk_cstr(out, "histogram_usec");
    uint64_t keys[HIST_BUCKETS + 8], counts[HIST_BUCKETS + 8];
    int n = 0;
    uint64_t level = 1024, level_low = lowest_equivalent(1024);
    int idx = -1;
    uint64_t value = 0, cum = 0, prev = 0;
    while (cum < total || (idx + 1 < HIST_LEN && value_at(idx + 1) > level_low)) {
        int reported = 0;
        for (;;) {
            if (idx >= 0 && value >= level_low) {
                if (cum > prev && n < (int)(sizeof keys / sizeof keys[0])) {
                    keys[n] = highest_equivalent(value) / 1000;
                    counts[n++] = cum;
                }
                prev = cum;
                level *= 2;
                level_low = lowest_equivalent(level);
                reported = 1;
                break;
            }
            if (++idx >= HIST_LEN) break;
            cum += h[idx];
            value = value_at(idx);
        }
        if (!reported) break;
    }
    reply_map(out, (size_t)n);
    for (int i = 0; i < n; i++) {
        reply_int(out, (long long)keys[i]);
        reply_int(out, (long long)counts[i]);
    }
}

static void histogram_one(struct lat_state *st, const struct command *c, uint64_t *h,
                          struct reply *body, int *count)
{
    if (!merged(st->parts, st->nparts, c->id, h)) return;
    reply_bulk_cstr(body, c->name);
    reply_cdf(body, h);
    (*count)++;
}

static void histogram_with_subs(struct lat_state *st, const struct command *c, uint64_t *h,
                                struct reply *body, int *count)
{
    histogram_one(st, c, h, body, count);
    for (const struct command *sub = c->subcommands; sub && sub->name; sub++)
        histogram_one(st, sub, h, body, count);
}

static void answer_histogram(struct lat_state *st, struct reply *out)
{
    uint64_t *h = mem_alloc(HIST_LEN * sizeof *h);
    struct reply body;
    reply_init(&body, out->resp);
    int count = 0;
    if (st->argc == 2) {
        size_t n;
        const struct command *table = cmd_table(&n);
        for (size_t i = 0; i < n; i++)
            histogram_with_subs(st, &table[i], h, &body, &count);
    } else {
        for (int j = 2; j < st->argc; j++) {
            /* a name, or container|subcommand */
            const char *p = st->argv[j].ptr, *bar = memchr(p, '|', st->argv[j].len);
            const struct command *c = cmd_lookup(p, bar ? (size_t)(bar - p) : st->argv[j].len);
            if (c && bar) {
                c = c->subcommands
                        ? cmd_lookup_sub(c, bar + 1, st->argv[j].len - (size_t)(bar + 1 - p))
                        : NULL;
                if (c) histogram_one(st, c, h, &body, &count);
            } else if (c) {
                histogram_with_subs(st, c, h, &body, &count);
            }
        }
    }
    reply_map(out, (size_t)count);
    reply_raw(out, body.data, body.len);
    reply_free(&body);
    mem_free(h);
}

/* Redis's analyzeLatencyForEvent and the report of createLatencyReport, without its advice
 * on kernel and hardware settings that do not apply here. */
static void answer_doctor(struct lat_state *st, struct reply *out)
{
    struct reply t;
    reply_init(&t, 2);
    char line[512];
    int used_any = 0;
    uint32_t max;
    for (int e = 0; e < EV_COUNT; e++)
        used_any |= event_used(st, e, &max);
    if (!used_any && CONFIG_GET(latency_monitor_threshold) == 0) {
        const char *msg =
            "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis "
            "instance. You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in "
            "order to enable it. If we weren't in a deep space mission I'd suggest to take a look "
            "at https://redis.io/topics/latency-monitor.\n";
        reply_verbatim(out, msg, strlen(msg));
        reply_free(&t);
        return;
    }
    struct lat_sample *s = mem_alloc((size_t)st->nparts * TS_LEN * sizeof *s);
    int num = 0, advice_command = 0, advice_fast = 0;
    for (int e = 0; e < EV_COUNT; e++) {
        if (!event_used(st, e, &max)) continue;
        if (++num == 1) {
            const char *head = "Dave, I have observed latency spikes in this Redis instance. You "
                               "don't mind talking about it, do you Dave?\n\n";
            reply_raw(&t, head, strlen(head));
        }
        int m = event_samples(st, e, s);
        uint64_t sum = 0, mad = 0, avg = 0;
        int64_t oldest = m ? s[0].time : 0, period = 0;
        for (int i = 0; i < m; i++)
            sum += s[i].latency;
        if (m) {
            avg = sum / (uint64_t)m;
            period = (int64_t)time(NULL) - oldest;
            if (period == 0) period = 1;
        }
        for (int i = 0; i < m; i++)
            mad += (uint64_t)llabs((long long)avg - (long long)s[i].latency);
        if (m) mad /= (uint64_t)m;
        int len = snprintf(line, sizeof line,
                           "%d. %s: %d latency spikes (average %llums, mean deviation %llums, "
                           "period %.2f sec). Worst all time event %lums.\n",
                           num, event_names[e], m, (unsigned long long)avg, (unsigned long long)mad,
                           m ? (double)period / m : 0.0, (unsigned long)max);
        reply_raw(&t, line, (size_t)len);
        if (e == EV_COMMAND) advice_command = 1;
        if (e == EV_FAST_COMMAND) advice_fast = 1;
    }
    if (!num) {
        const char *msg = "Dave, no latency spike was observed during the lifetime of this Redis "
                          "instance, not in the slightest bit. I honestly think you ought to "
                          "sit down calmly, take a stress pill, and think things over.\n";
        reply_raw(&t, msg, strlen(msg));
    } else {
        reply_raw(&t, "\nI have a few advices for you:\n\n", 32);
        long long thr = CONFIG_GET(latency_monitor_threshold);
        long long slow = CONFIG_GET(slowlog_log_slower_than);
        if (advice_command) {
            if (slow < 0 || CONFIG_GET(slowlog_max_len) == 0) {
                int len = snprintf(line, sizeof line,
                                   "- There are latency issues with potentially slow commands you "
                                   "are using. Try to enable the Slow Log Redis feature using the "
                                   "command 'CONFIG SET slowlog-log-slower-than %llu'. If the Slow "
                                   "log is disabled Redis is not able to log slow commands "
                                   "execution for you.\n",
                                   (unsigned long long)thr * 1000);
                reply_raw(&t, line, (size_t)len);
            } else if (slow / 1000 > thr) {
                int len = snprintf(line, sizeof line,
                                   "- Your current Slow Log configuration only logs events that "
                                   "are slower than your configured latency monitor threshold. "
                                   "Please use 'CONFIG SET slowlog-log-slower-than %llu'.\n",
                                   (unsigned long long)thr * 1000);
                reply_raw(&t, line, (size_t)len);
            }
            const char *msg = "- Check your Slow Log to understand what are the commands you are "
                              "running which are too slow to execute. Please check "
                              "https://redis.io/commands/slowlog for more information.\n";
            reply_raw(&t, msg, strlen(msg));
        }
        if (advice_fast) {
            const char *msg =
                "- The system is slow to execute Redis code paths not containing system calls. "
                "This usually means the system does not provide Redis CPU time to run for long "
                "periods. You should try to:\n"
                "  1) Lower the system load.\n"
                "  2) Use a computer / VM just for Redis if you are running other software in the "
                "same system.\n"
                "  3) Check if you have a \"noisy neighbour\" problem.\n"
                "  4) Check with 'redis-cli --intrinsic-latency 100' what is the intrinsic latency "
                "in your system.\n"
                "  5) Check if the problem is allocator-related by recompiling Redis with "
                "MALLOC=libc, if you are using Jemalloc. However this may create fragmentation "
                "problems.\n";
            reply_raw(&t, msg, strlen(msg));
        }
        if (advice_command) {
            const char *msg =
                "- Deleting, expiring or evicting (because of maxmemory policy) large objects is a "
                "blocking operation. If you have very large objects that are often deleted, "
                "expired, or evicted, try to fragment those objects into multiple smaller "
                "objects.\n";
            reply_raw(&t, msg, strlen(msg));
        }
    }
    reply_verbatim(out, t.data ? t.data : "", t.len);
    reply_free(&t);
    mem_free(s);
}

/* ---- LATENCY GRAPH: Redis's sparkline (sparkline.c), filled, 4 rows, 80 columns ---- */

#define GRAPH_COLS 80
#define GRAPH_ROWS 4

struct spark {
    const struct lat_sample *s;
    char (*labels)[16];
    int n;
    uint32_t min, max;
};

static void spark_range(struct reply *t, const struct spark *sp, int offset, int len)
{
    static const char fill[] = "_o#";
    const int charset_len = 3, label_margin_top = 1;
    double relmax = (double)sp->max - (double)sp->min;
    if (relmax == 0) relmax = 1;
    int steps = charset_len * GRAPH_ROWS;
    char chars[GRAPH_COLS];
    for (int row = 0, loop = 1; loop; row++) {
        loop = 0;
        memset(chars, ' ', (size_t)len);
        for (int j = 0; j < len; j++) {
            double relval = (double)sp->s[j + offset].latency - (double)sp->min;
            int step = (int)((relval * steps) / relmax);
            if (step < 0) step = 0;
            if (step >= steps) step = steps - 1;
            if (row < GRAPH_ROWS) {
                int charidx = step - ((GRAPH_ROWS - row - 1) * charset_len);
                loop = 1;
                if (charidx >= 0 && charidx < charset_len)
                    chars[j] = fill[charidx];
                else if (charidx >= charset_len)
                    chars[j] = '|';
            } else {
                if (row - GRAPH_ROWS < label_margin_top) { /* a blank line above the labels */
                    loop = 1;
                    break;
                }
                const char *label = sp->labels[j + offset];
                int label_char = row - GRAPH_ROWS - label_margin_top;
                if ((int)strlen(label) > label_char) {
                    loop = 1;
                    chars[j] = label[label_char];
                }
            }
        }
        if (!loop) break;
        reply_raw(t, chars, (size_t)len);
        reply_raw(t, "\n", 1);
    }
}

static void answer_graph(struct lat_state *st, struct reply *out)
{
    int e = event_of(st->argv[2].ptr, st->argv[2].len);
    uint32_t max = 0;
    if (e < 0 || !event_used(st, e, &max)) {
        reply_errorf(out, "ERR No samples available for event '%.*s'",
                     (int)(st->argv[2].len > 128 ? 128 : st->argv[2].len), st->argv[2].ptr);
        return;
    }
    struct lat_sample *s = mem_alloc((size_t)st->nparts * TS_LEN * sizeof *s);
    struct spark sp = {.s = s};
    sp.n = event_samples(st, e, s);
    sp.labels = mem_calloc((size_t)sp.n + 1, sizeof *sp.labels);
    int64_t now = (int64_t)time(NULL);
    for (int i = 0; i < sp.n; i++) {
        if (i == 0 || s[i].latency > sp.max) sp.max = s[i].latency;
        if (i == 0 || s[i].latency < sp.min) sp.min = s[i].latency;
        int elapsed = (int)(now - s[i].time);
        if (elapsed < 60)
            snprintf(sp.labels[i], sizeof sp.labels[i], "%ds", elapsed);
        else if (elapsed < 3600)
            snprintf(sp.labels[i], sizeof sp.labels[i], "%dm", elapsed / 60);
        else if (elapsed < 3600 * 24)
            snprintf(sp.labels[i], sizeof sp.labels[i], "%dh", elapsed / 3600);
        else
            snprintf(sp.labels[i], sizeof sp.labels[i], "%dd", elapsed / (3600 * 24));
    }
    struct reply t;
    reply_init(&t, 2);
    char head[256];
    int n =
        snprintf(head, sizeof head, "%s - high %lu ms, low %lu ms (all time high %lu ms)\n",
                 event_names[e], (unsigned long)sp.max, (unsigned long)sp.min, (unsigned long)max);
    reply_raw(&t, head, (size_t)n);
    for (int j = 0; j < GRAPH_COLS; j++)
        reply_raw(&t, "-", 1);
    reply_raw(&t, "\n", 1);
    for (int j = 0; j < sp.n; j += GRAPH_COLS) {
        if (j) reply_raw(&t, "\n", 1);
        spark_range(&t, &sp, j, sp.n - j < GRAPH_COLS ? sp.n - j : GRAPH_COLS);
    }
    reply_verbatim(out, t.data, t.len);
    reply_free(&t);
    mem_free(sp.labels);
    mem_free(s);
}

void cmd_latency(struct cmd_ctx *ctx)
{
    cmd_reply_unknown_subcommand(ctx);
}

void cmd_latency_latest(struct cmd_ctx *ctx)
{
    lat_start(ctx, answer_latest, 0);
}

void cmd_latency_history(struct cmd_ctx *ctx)
{
    lat_start(ctx, answer_history, 0);
}

void cmd_latency_reset(struct cmd_ctx *ctx)
{
    lat_start(ctx, answer_reset, 1);
}

void cmd_latency_histogram(struct cmd_ctx *ctx)
{
    lat_start(ctx, answer_histogram, 0);
}

void cmd_latency_graph(struct cmd_ctx *ctx)
{
    lat_start(ctx, answer_graph, 0);
}

void cmd_latency_doctor(struct cmd_ctx *ctx)
{
    lat_start(ctx, answer_doctor, 0);
}

static const char *const latency_help[] = {
    "DOCTOR",
    "    Return a human readable latency analysis report.",
    "GRAPH <event>",
    "    Return an ASCII latency graph for the <event> class.",
    "HISTORY <event>",
    "    Return time-latency samples for the <event> class.",
    "LATEST",
    "    Return the latest latency samples for all events.",
    "RESET [<event> ...]",
    "    Reset latency data of one or more <event> classes.",
    "    (default: reset all data for all event classes)",
    "HISTOGRAM [COMMAND ...]",
    "    Return a cumulative distribution of latencies in the format of a histogram for the "
    "specified command names.",
    "    If no commands are specified then all histograms are replied.",
    NULL,
};

void cmd_latency_help(struct cmd_ctx *ctx)
{
    cmd_reply_help(ctx, latency_help);
}
