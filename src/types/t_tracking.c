/* CLIENT TRACKING, CACHING, GETREDIR and TRACKINGINFO, with Redis 7.0's option rules and error
 * texts. A REDIRECT names a client that may live on any worker: a fan-out finds it (and
 * registers it there as a redirect target) before tracking is switched on. Handlers run on the
 * client's own worker (CMD_CONN); the fan-out parts on every worker, each on its own clients. */
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/session.h"
#include "cmd/tracking.h"
#include "dispatch/dispatch.h"
#include "resp/errors.h"
#include "server/worker.h"
#include "tessera/mem.h"
#include "tessera/util.h"
#include "types/t_tracking.h"

#define ARG(ctx, i) (ctx)->argv[i].ptr, (ctx)->argv[i].len

/* Redis's stringCheckPrefix: one is a prefix of the other. */
static int overlap(const char *a, size_t alen, const char *b, size_t blen)
{
    return memcmp(a, b, alen < blen ? alen : blen) == 0;
}

/* Redis's checkPrefixCollisionsOrReply: 1 when the new prefixes overlap neither the client's
 * nor each other. (Redis answers twice when the overlap is between two new prefixes past the
 * first; Tessera answers the error once and changes nothing.) */
static int prefixes_ok(struct cmd_ctx *ctx, const struct resp_arg *p, size_t n)
{
    const struct tracking_state *t = ctx->session->tracking;
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; t && k < t->nprefixes; k++)
            if (overlap(t->prefixes[k], t->plens[k], p[i].ptr, p[i].len)) {
                ctx_errorf(ctx, error_text(ERR_TRACK_OVERLAP_OLD), (int)p[i].len, p[i].ptr,
                           (int)t->plens[k], t->prefixes[k]);
                return 0;
            }
        for (size_t j = i + 1; j < n; j++)
            if (overlap(p[i].ptr, p[i].len, p[j].ptr, p[j].len)) {
                ctx_errorf(ctx, error_text(ERR_TRACK_OVERLAP_NEW), (int)p[i].len, p[i].ptr,
                           (int)p[j].len, p[j].ptr);
                return 0;
            }
    }
    return 1;
}

/* What CLIENT TRACKING asked for, kept while the fan-out looks for the redirect client. */
struct track_req {
    struct session *caller;
    int on;
    int flags;
    uint64_t redir;
    _Atomic int found; /* the worker the redirect client lives on, -1: none */
    char **prefixes;
    size_t *plens;
    size_t n;
};

static void req_free(void *arg)
{
    struct track_req *r = arg;
    for (size_t i = 0; i < r->n; i++)
        mem_free(r->prefixes[i]);
    mem_free(r->prefixes);
    mem_free(r->plens);
    mem_free(r);
}

static void req_apply(struct track_req *r, int redir_worker)
{
    if (r->on)
        tracking_enable(r->caller, r->flags, r->redir, redir_worker, r->prefixes, r->plens, r->n);
    else
        tracking_disable(r->caller);
}

struct find_walk {
    struct track_req *r;
    int worker;
};

static void find_one(struct session *s, void *arg)
{
    struct find_walk *fw = arg;
    if (s->id != fw->r->redir) return;
    tracking_register(s); /* invalidations for it find it on this worker from now on */
    atomic_store(&fw->r->found, fw->worker);
}

static void find_part(struct worker *w, void *state, int idx)
{
    struct find_walk fw = {state, w->id};
    session_each(w, find_one, &fw);
}

static void find_done(struct worker *w, void *state, struct reply *out)
{
    struct track_req *r = state;
    int found = atomic_load(&r->found);
    if (found < 0) {
        reply_error(out, error_text(ERR_TRACK_REDIR_MISSING));
        return;
    }
    if (!r->caller->closing) req_apply(r, found);
    reply_ok(out);
}

void cmd_client_tracking(struct cmd_ctx *ctx)
{
    struct session *s = ctx->session;
    long long redir = 0;
    int flags = 0;
    size_t n = 0;
    struct resp_arg *pre = mem_alloc((size_t)ctx->argc * sizeof *pre);
    for (int j = 3; j < ctx->argc; j++) {
        int more = ctx->argc - 1 - j;
        if (CTX_ARG_IS(ctx, j, "redirect") && more) {
            j++;
            if (redir != 0) {
                ctx_error_text(ctx, error_text(ERR_TRACK_REDIR_ONE));
                goto done;
            }
            if (!str_to_ll(ARG(ctx, j), &redir)) {
                ctx_error_text(ctx, error_text(ERR_NOT_INT));
                goto done;
            }
        } else if (CTX_ARG_IS(ctx, j, "bcast")) {
            flags |= TRACK_BCAST;
        } else if (CTX_ARG_IS(ctx, j, "optin")) {
            flags |= TRACK_OPTIN;
        } else if (CTX_ARG_IS(ctx, j, "optout")) {
            flags |= TRACK_OPTOUT;
        } else if (CTX_ARG_IS(ctx, j, "noloop")) {
            flags |= TRACK_NOLOOP;
        } else if (CTX_ARG_IS(ctx, j, "prefix") && more) {
            j++;
            pre[n++] = ctx->argv[j];
        } else {
            ctx_error_text(ctx, error_text(ERR_SYNTAX));
            goto done;
        }
    }
    int on = CTX_ARG_IS(ctx, 2, "on");
    if (!on && !CTX_ARG_IS(ctx, 2, "off")) {
        ctx_error_text(ctx, error_text(ERR_SYNTAX));
        goto done;
    }
    if (on) {
        int cur = s->tracking ? s->tracking->flags : 0;
        enum error_id err = ERROR_COUNT;
        if (!(flags & TRACK_BCAST) && n)
            err = ERR_TRACK_PREFIX_BCAST;
        else if ((cur & TRACK_ON) && !!(cur & TRACK_BCAST) != !!(flags & TRACK_BCAST))
            err = ERR_TRACK_BCAST_SWITCH;
        else if ((flags & TRACK_BCAST) && (flags & (TRACK_OPTIN | TRACK_OPTOUT)))
            err = ERR_TRACK_BCAST_OPT;
        else if ((flags & TRACK_OPTIN) && (flags & TRACK_OPTOUT))
            err = ERR_TRACK_OPTIN_OPTOUT;
        else if (((flags & TRACK_OPTIN) && (cur & TRACK_OPTOUT)) ||
                 ((flags & TRACK_OPTOUT) && (cur & TRACK_OPTIN)))
            err = ERR_TRACK_OPT_SWITCH;
        if (err != ERROR_COUNT) {
            ctx_error_text(ctx, error_text(err));
            goto done;
        }
        if ((flags & TRACK_BCAST) && !prefixes_ok(ctx, pre, n)) goto done;
    }
    struct track_req *r = mem_calloc(1, sizeof *r);
    r->caller = s;
    r->on = on;
    r->flags = flags;
    r->redir = (uint64_t)redir;
    atomic_init(&r->found, -1);
    r->n = n;
    r->prefixes = mem_alloc((n ? n : 1) * sizeof *r->prefixes);
    r->plens = mem_alloc((n ? n : 1) * sizeof *r->plens);
    for (size_t i = 0; i < n; i++) {
        r->prefixes[i] = mem_strndup(pre[i].ptr, pre[i].len);
        r->plens[i] = pre[i].len;
    }
    if (redir == 0) {
        req_apply(r, -1);
        req_free(r);
        reply_ok(ctx->out);
    } else {
        /* Redis requires the client to exist now, though it may leave later. */
        fanout_start(ctx->w, s, find_part, find_done, r, req_free);
    }
done:
    mem_free(pre);
}

void cmd_client_caching(struct cmd_ctx *ctx)
{
    struct tracking_state *t = ctx->session->tracking;
    if (!t || !(t->flags & TRACK_ON)) {
        ctx_error_text(ctx, error_text(ERR_CACHING_MODE));
        return;
    }
    if (CTX_ARG_IS(ctx, 2, "yes")) {
        if (!(t->flags & TRACK_OPTIN)) {
            ctx_error_text(ctx, error_text(ERR_CACHING_YES));
            return;
        }
    } else if (CTX_ARG_IS(ctx, 2, "no")) {
        if (!(t->flags & TRACK_OPTOUT)) {
            ctx_error_text(ctx, error_text(ERR_CACHING_NO));
            return;
        }
    } else {
        ctx_error_text(ctx, error_text(ERR_SYNTAX));
        return;
    }
    t->flags |= TRACK_CACHING;
    reply_ok(ctx->out);
}

void cmd_client_getredir(struct cmd_ctx *ctx)
{
    const struct tracking_state *t = ctx->session->tracking;
    reply_int(ctx->out, t && (t->flags & TRACK_ON) ? (long long)t->redir : -1);
}

void cmd_client_trackinginfo(struct cmd_ctx *ctx)
{
    const struct tracking_state *t = ctx->session->tracking;
    int f = t ? t->flags : 0;
    const char *names[8];
    size_t n = 0;
    names[n++] = f & TRACK_ON ? "on" : "off";
    if (f & TRACK_BCAST) names[n++] = "bcast";
    if (f & TRACK_OPTIN) {
        names[n++] = "optin";
        if (f & TRACK_CACHING) names[n++] = "caching-yes";
    }
    if (f & TRACK_OPTOUT) {
        names[n++] = "optout";
        if (f & TRACK_CACHING) names[n++] = "caching-no";
    }
    if (f & TRACK_NOLOOP) names[n++] = "noloop";
    if (f & TRACK_BROKEN) names[n++] = "broken_redirect";
    struct reply *out = ctx->out;
    reply_map(out, 3);
    reply_bulk_cstr(out, "flags");
    reply_set(out, n);
    for (size_t i = 0; i < n; i++)
        reply_bulk_cstr(out, names[i]);
    reply_bulk_cstr(out, "redirect");
    reply_int(out, f & TRACK_ON ? (long long)t->redir : -1);
    reply_bulk_cstr(out, "prefixes");
    size_t np = t ? t->nprefixes : 0;
    reply_array(out, np);
    for (size_t i = 0; i < np; i++)
        reply_bulk(out, t->prefixes[i], t->plens[i]);
}
