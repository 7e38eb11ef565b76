/* CLIENT PAUSE / UNPAUSE (the gate is cmd/pause.c), CLIENT UNBLOCK (a blocked client on any
 * worker: each worker looks among its own) and CLIENT REPLY (cmd/exec.c drops the replies).
 * Handlers run on the client's worker; fan-out parts on every worker. */
#include <stdint.h>
#include <stdio.h>
#include <sys/time.h>

#include "cmd/cmd.h"
#include "cmd/pause.h"
#include "cmd/session.h"
#include "dispatch/blocking.h"
#include "dispatch/dispatch.h"
#include "resp/errors.h"
#include "server/worker.h"
#include "tessera/mem.h"
#include "tessera/util.h"
#include "types/t_client_ctl.h"

#define ARG(ctx, i) (ctx)->argv[i].ptr, (ctx)->argv[i].len

static void syntax_for(struct cmd_ctx *ctx)
{
    ctx_errorf(ctx,
               "ERR unknown subcommand or wrong number of arguments for '%.*s'. Try CLIENT HELP.",
               (int)(ctx->argv[1].len > 128 ? 128 : ctx->argv[1].len), ctx->argv[1].ptr);
}

void cmd_client_pause(struct cmd_ctx *ctx)
{
    if (ctx->argc > 4) {
        syntax_for(ctx);
        return;
    }
    enum pause_type type = PAUSE_ALL;
    if (ctx->argc == 4) {
        if (CTX_ARG_IS(ctx, 3, "write")) {
            type = PAUSE_WRITE;
        } else if (!CTX_ARG_IS(ctx, 3, "all")) {
            ctx_error_text(ctx, "ERR CLIENT PAUSE mode must be WRITE or ALL");
            return;
        }
    }
    long long ms;
    if (!str_to_ll(ARG(ctx, 2), &ms)) {
        ctx_error_text(ctx, "ERR timeout is not an integer or out of range");
        return;
    }
    if (ms < 0) {
        ctx_error_text(ctx, "ERR timeout is negative");
        return;
    }
    struct timeval tv;
    gettimeofday(&tv, NULL);
    long long now = (long long)tv.tv_sec * 1000 + tv.tv_usec / 1000;
    if (ms > 0 && ms > INT64_MAX - now) {
        ctx_error_text(ctx, "ERR timeout is out of range");
        return;
    }
    pause_start(type, ms > 0 ? now + ms : 0);
    reply_ok(ctx->out);
}

/* Every worker's part of UNPAUSE is only to wake it: its loop then runs what it held. */
static void unpause_part(struct worker *w, void *state, int idx)
{
    (void)w, (void)state, (void)idx;
}

static void ok_done(struct worker *w, void *state, struct reply *out)
{
    (void)w, (void)state;
    reply_ok(out);
}

void cmd_client_unpause(struct cmd_ctx *ctx)
{
    pause_stop();
    fanout_start_unheld(ctx->w, ctx->session, unpause_part, ok_done, NULL, NULL);
}

struct unblock_state {
    uint64_t id;
    int with_error;
    int found[];
};

static void unblock_part(struct worker *w, void *state, int idx)
{
    struct unblock_state *st = state;
    st->found[idx] = block_unblock(w, st->id, st->with_error);
}

static void unblock_done(struct worker *w, void *state, struct reply *out)
{
    (void)w;
    struct unblock_state *st = state;
    int n = 0;
    for (int i = 0; i < g_nworkers; i++)
        n |= st->found[i];
    reply_int(out, n);
}

static void unblock_free(void *state)
{
    mem_free(state);
}

void cmd_client_unblock(struct cmd_ctx *ctx)
{
    if (ctx->argc > 4) {
        syntax_for(ctx);
        return;
    }
    int with_error = 0;
    if (ctx->argc == 4) {
        if (CTX_ARG_IS(ctx, 3, "error")) {
            with_error = 1;
        } else if (!CTX_ARG_IS(ctx, 3, "timeout")) {
            ctx_error_text(ctx, "ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR");
            return;
        }
    }
    long long id;
    if (!str_to_ll(ARG(ctx, 2), &id)) {
        ctx_error_text(ctx, error_text(ERR_NOT_INT));
        return;
    }
    struct unblock_state *st = mem_calloc(1, sizeof *st + (size_t)g_nworkers * sizeof st->found[0]);
    st->id = (uint64_t)id;
    st->with_error = with_error;
    fanout_start(ctx->w, ctx->session, unblock_part, unblock_done, st, unblock_free);
}

/* OFF and SKIP answer nothing themselves; cmd_execute drops the replies while reply_off or
 * reply_skip is set. */
void cmd_client_reply(struct cmd_ctx *ctx)
{
    struct session *s = ctx->session;
    if (CTX_ARG_IS(ctx, 2, "on")) {
        s->reply_off = 0;
        s->reply_skip_next = 0;
        reply_ok(ctx->out);
    } else if (CTX_ARG_IS(ctx, 2, "off")) {
        s->reply_off = 1;
    } else if (CTX_ARG_IS(ctx, 2, "skip")) {
        if (!s->reply_off) s->reply_skip_next = 1;
    } else {
        ctx_error_text(ctx, error_text(ERR_SYNTAX));
    }
}
