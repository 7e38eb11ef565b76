/* The execution path: every command, from a socket, a batch from another worker or an EXEC block,
 * goes through cmd_execute (on the client's worker: look-up, arity, authentication, the gates,
 * the MONITOR feed, then routing) and cmd_call (on the thread holding its shards: the handler,
 * then the bookkeeping). Handlers report what happened through ctx->status; nothing here reads a
 * reply to find out. See docs/execution.md. Worker threads only. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cmd/acl.h"
#include "cmd/command_info.h"
#include "cmd/exec.h"
#include "cmd/gates.h"
#include "cmd/multi.h"
#include "cmd/pause.h"
#include "cmd/pubsub.h"
#include "cmd/session.h"
#include "cmd/tracking.h"
#include "dispatch/blocking.h"
#include "dispatch/dispatch.h"
#include "persist/persist.h"
#include "resp/errors.h"
#include "script/run.h"
#include "server/cmdclock.h"
#include "server/evicting.h"
#include "server/latency.h"
#include "server/slowlog.h"
#include "server/worker.h"
#include "shard/keyspace.h"
#include "tessera/config.h"
#include "tessera/util.h"
#include "types/t_client_ctl.h"
#include "types/t_conn.h"
#include "types/t_server.h"

static void count_error(struct worker *w, const char *msg)
{
    w->stats.error_counts[error_code_of(msg)]++;
}

void ctx_error_text(struct cmd_ctx *ctx, const char *text)
{
    reply_error(ctx->out, text);
    ctx->status = CMD_ERR;
    ctx->error = text;
}

void ctx_errorf(struct cmd_ctx *ctx, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    reply_error(ctx->out, buf);
    ctx->status = CMD_ERR;
    ctx->error = fmt; /* starts with the same code as the text */
}

/* A command refused before it ran: its error, counted as Redis's rejected_calls; inside MULTI it
 * makes EXEC abort. cmd is NULL for an unknown command. */
static void reject(struct session *s, const struct command *cmd, const char *msg)
{
    struct worker *w = s->w;
    route_flush_batch(w, s);
    if (s->multi && cmd && cmd->handler == cmd_exec) {
        /* EXEC itself refused: the transaction ends here, as in Redis. */
        char abort[600];
        snprintf(abort, sizeof abort, "EXECABORT Transaction discarded because of: %s",
                 strncmp(msg, "ERR ", 4) == 0 ? msg + 4 : msg);
        multi_session_end(s);
        reply_error(session_reply_target(s), abort);
        count_error(w, abort);
        w->stats.cmd_rejected[cmd->id]++;
        return;
    }
    reply_error(session_reply_target(s), msg);
    count_error(w, msg);
    if (cmd) w->stats.cmd_rejected[cmd->id]++;
    if (s->multi) multi_flag_error(s);
}

/* Redis's "unknown command" text: the name and the first arguments, quoted. */
static void reject_unknown(struct session *s, int argc, const struct resp_arg *argv)
{
    char args[512], msg[1024];
    size_t n = 0;
    args[0] = '\0';
    for (int i = 1; i < argc && n < 128; i++) {
        int room = 128 - (int)n;
        int len = (int)argv[i].len < room ? (int)argv[i].len : room;
        n += (size_t)snprintf(args + n, sizeof args - n, "'%.*s' ", len, argv[i].ptr);
    }
    int nlen = argv[0].len > 128 ? 128 : (int)argv[0].len;
    snprintf(msg, sizeof msg, error_text(ERR_UNKNOWN_CMD), nlen, argv[0].ptr, args);
    reject(s, NULL, msg);
}

static void reject_unknown_subcommand(struct session *s, const struct command *cmd, int argc,
                                      const struct resp_arg *argv)
{
    struct reply r;
    reply_init(&r, 2);
    struct cmd_ctx ctx = {
        .w = s->w, .session = s, .argc = argc, .argv = argv, .out = &r, .cmd = cmd};
    cmd_reply_unknown_subcommand(&ctx);
    /* the catalogue's text, without the '-' and CRLF the writer put around it */
    char msg[512];
    size_t n = r.len > 3 ? r.len - 3 : 0;
    if (n >= sizeof msg) n = sizeof msg - 1;
    memcpy(msg, r.data + 1, n);
    msg[n] = '\0';
    reply_free(&r);
    reject(s, NULL, msg); /* as Redis: no command to count it against, only errorstats */
}

const struct command *cmd_resolve(int argc, const struct resp_arg *argv, int *unknown_sub)
{
    const struct command *cmd = cmd_lookup(argv[0].ptr, argv[0].len);
    *unknown_sub = 0;
    if (cmd && cmd->subcommands && argc >= 2) {
        const struct command *sub = cmd_lookup_sub(cmd, argv[1].ptr, argv[1].len);
        if (!sub) {
            *unknown_sub = 1;
            return cmd;
        }
        cmd = sub;
    }
    return cmd;
}

/* The gates (inside MULTI, RESP2 subscribed mode): 1 when the command went no further. */
static int gated(struct session *s, const struct command *cmd, int argc,
                 const struct resp_arg *argv)
{
    if (s->multi && !(cmd->flags & CMD_TXN_CTL)) {
        if (cmd->flags & CMD_NO_MULTI) {
            reject(s, cmd, "ERR Command not allowed inside a transaction");
            return 1;
        }
        multi_queue(s, cmd, argc, argv);
        return 1;
    }
    if (s->subs && s->resp == 2 && !(cmd->flags & CMD_SUB_OK) && pubsub_count(s) > 0) {
        char msg[256];
        snprintf(msg, sizeof msg,
                 "ERR Can't execute '%s': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / "
                 "RESET are allowed in this context",
                 cmd->name);
        reject(s, cmd, msg);
        return 1;
    }
    return 0;
}

/* While a script of this thread is busy, Net takes its clients' commands (script_busy_poll):
 * only Redis's allow-busy commands that need no shard run (SCRIPT KILL, AUTH, HELLO, MULTI...),
 * and SHUTDOWN only with NOSAVE, as in Redis; the rest is answered BUSY. */
static int busy_allows(const struct command *cmd, int argc, const struct resp_arg *argv)
{
    if ((cmd->flags & (CMD_ALLOW_BUSY | CMD_CONN)) != (CMD_ALLOW_BUSY | CMD_CONN)) return 0;
    if (cmd->handler != cmd_shutdown) return 1;
    for (int i = 1; i < argc; i++)
        if (arg_is(argv[i].ptr, argv[i].len, "nosave")) return 1;
    return 0;
}

static void execute(struct session *s, int argc, const struct resp_arg *argv)
{
    int unknown_sub;
    const struct command *cmd = cmd_resolve(argc, argv, &unknown_sub);
    if (__builtin_expect(!cmd, 0)) {
        reject_unknown(s, argc, argv);
        return;
    }
    if (__builtin_expect(unknown_sub, 0)) {
        reject_unknown_subcommand(s, cmd, argc, argv);
        return;
    }
    if (__builtin_expect(!cmd_arity_ok(cmd, argc), 0)) {
        char msg[256];
        snprintf(msg, sizeof msg, error_text(ERR_WRONG_ARGS), cmd->name);
        reject(s, cmd, msg);
        return;
    }
    /* The gates, each behind one word of what is rare (gates.h) and the session's own states:
     * the common request tests that and goes on. */
    int monitored = 0;
    if (__builtin_expect(gates_now() || !s->authenticated || s->multi || s->subs, 0)) {
        if (!s->authenticated && !(cmd->flags & CMD_NO_AUTH)) {
            reject(s, cmd, error_text(ERR_NOAUTH));
            return;
        }
        if (__builtin_expect(!(acl_user_of(s->user)->flags & ACL_ALLPERM), 0)) {
            char msg[160];
            if (acl_refuse(s, cmd, argc, argv, msg, sizeof msg)) {
                if (msg[0]) reject(s, cmd, msg);
                return;
            }
        }
        if (__builtin_expect(persist_loading(), 0) && !(cmd->flags & CMD_LOADING)) {
            reject(s, cmd, error_text(ERR_LOADING));
            return;
        }
        if (__builtin_expect(persist_writes_refused(), 0) &&
            ((cmd->flags & CMD_WRITE) || cmd->handler == cmd_ping)) {
            reject(s, cmd, error_text(ERR_MISCONF));
            return;
        }
        if (__builtin_expect(CONFIG_GET(maxmemory) > 0, 0) && (cmd->flags & CMD_DENYOOM) &&
            evicting_refuses(s->w)) {
            reject(s, cmd, error_text(ERR_OOM));
            return;
        }
        if (__builtin_expect(script_busy_now, 0) && !busy_allows(cmd, argc, argv)) {
            reject(s, cmd, script_busy_text(script_busy_now));
            return;
        }
        if (__builtin_expect(atomic_load_explicit(&g_pause_state, memory_order_relaxed), 0) &&
            pause_hold(s, cmd, argc, argv))
            return;
        if ((s->multi || s->subs) && gated(s, cmd, argc, argv)) return;
        monitored = pubsub_monitoring();
    }
    s->last_cmd = cmd->name;
    /* MONITOR shows a command of the connection (SELECT, RESET...) once it ran, as Redis does,
     * and EXEC after the commands it runs (multi.c feeds it); keyed commands as they leave. */
    int conn = (cmd->flags & CMD_CONN) != 0;
    if (__builtin_expect(monitored, 0) && !conn) pubsub_feed_monitors(s, cmd, s->db, argc, argv);
    void *aux = NULL;
    if (__builtin_expect(cmd->prepare != NULL, 0) && !(aux = cmd->prepare(s, argc, argv))) {
        /* it answered an error itself (WATCH inside MULTI): counted as the command's failure */
        s->w->stats.cmd_calls[cmd->id]++;
        s->w->stats.cmd_failed[cmd->id]++;
        s->w->stats.error_counts[ERRCODE_ERR]++;
        return;
    }
    route_command(s->w, s, cmd, argc, argv, aux);
    if (__builtin_expect(monitored, 0) && conn && cmd->handler != cmd_exec && pubsub_monitoring())
        pubsub_feed_monitors(s, cmd, s->db, argc, argv);
}

/* CLIENT REPLY OFF or SKIP: whatever the command answers, here or from other shards, sits
 * between two marks in the reply order and Net does not send it. CLIENT REPLY ON answers. */
static void execute_quiet(struct session *s, int argc, const struct resp_arg *argv)
{
    int unknown_sub;
    const struct command *cmd = cmd_resolve(argc, argv, &unknown_sub);
    s->reply_skip_next = 0;
    if (cmd && !unknown_sub && cmd->handler == cmd_client_reply && argc == 3 &&
        arg_is(argv[2].ptr, argv[2].len, "on")) {
        execute(s, argc, argv);
        return;
    }
    route_flush_batch(s->w, s);
    struct pending *begin = session_reserve(s);
    begin->ready = 1;
    begin->drop = PENDING_DROP_BEGIN;
    s->reply_quiet_now = 1;
    execute(s, argc, argv);
    s->reply_quiet_now = 0;
    struct pending *end = session_reserve(s);
    end->ready = 1;
    end->drop = PENDING_DROP_END;
    session_mark_dirty(s);
}

void cmd_execute(struct session *s, int argc, const struct resp_arg *argv)
{
    if (__builtin_expect(s->reply_off | s->reply_skip_next, 0))
        execute_quiet(s, argc, argv);
    else
        execute(s, argc, argv);
}

/* The slow log, latency tracking past the buckets and the latency monitor: kept out of line so
 * that cmd_account's common case stays a leaf that cmd_call takes in. */
static __attribute__((noinline)) void account_slow(struct cmd_ctx *ctx, uint64_t usec)
{
    const struct command *cmd = ctx->cmd;
    /* -1 (off) compares as the largest value: one load and one compare when nothing is logged. */
    if (__builtin_expect(usec >= (uint64_t)CONFIG_GET(slowlog_log_slower_than), 0) &&
        !(cmd->flags & CMD_SKIP_SLOWLOG))
        slowlog_push(ctx, usec);
    if (CONFIG_GET(latency_tracking)) latency_track(ctx->w, cmd->id, usec);
    long long lat_ms = CONFIG_GET(latency_monitor_threshold);
    if (__builtin_expect(lat_ms > 0, 0) && usec / 1000 >= (uint64_t)lat_ms)
        latency_add_sample(ctx->w, (cmd->flags & CMD_FAST) != 0, usec / 1000);
}

void cmd_account(struct cmd_ctx *ctx, uint64_t usec)
{
    /* Faster than the slow log's and the latency monitor's thresholds, with latency tracking on
     * (gates.h): the call only counts in its latency bucket. */
    if (__builtin_expect(usec < atomic_load_explicit(&g_gates_account_below, memory_order_relaxed),
                         1))
        latency_count(ctx->w->lat_fast, ctx->cmd->id, usec);
    else
        account_slow(ctx, usec);
}

enum cmd_status cmd_call(struct cmd_ctx *ctx)
{
    struct worker *w = ctx->w;
    const struct command *cmd = ctx->cmd;
    ctx->status = CMD_OK;
    ks_command_begin();
    /* NOLOOP: whose writes these are (known only while someone tracks; nested in EXEC) */
    uint64_t writer = 0;
    if (__builtin_expect(ctx->client_id != 0, 0)) {
        writer = tracking_writer;
        tracking_writer = ctx->client_id;
    }
    uint64_t start = cmdclock_mark();
    cmd->handler(ctx);
    uint64_t usec = cmdclock_usec(start, cmdclock_mark());
    w->stats.cmd_usec[cmd->id] += usec;
    w->stats.cmd_calls[cmd->id]++;
    /* The common call (no tracking, no block, no error, no blocked client to serve): one test. */
    if (__builtin_expect((ctx->client_id | (uintptr_t)ctx->blocked | (uintptr_t)ks_ready_shards |
                          (unsigned)ctx->status) == 0,
                         1)) {
        ks_command_end();
        cmd_account(ctx, usec);
        return CMD_OK;
    }
    if (ctx->client_id != 0) {
        if (ctx->track) tracking_remember(ctx);
        tracking_writer = writer;
    }
    ks_command_end();
    if (ctx->blocked) ctx->status = CMD_BLOCKED;
    /* A command that blocked is accounted when it is served (block_on_done), as in Redis. */
    if (__builtin_expect(ctx->status == CMD_BLOCKED, 0))
        ctx->blocked->usec = usec;
    else if (__builtin_expect(!ctx->in_script, 1))
        cmd_account(ctx, usec);
    if (ctx->status == CMD_ERR) {
        w->stats.cmd_failed[cmd->id]++;
        count_error(w, ctx->error);
    }
    /* Clients blocked on keys it wrote (an EXEC block serves them once it is through). */
    if (__builtin_expect(ks_ready_shards != NULL, 0) && !ctx->no_block) block_serve_ready(w);
    return ctx->status;
}
