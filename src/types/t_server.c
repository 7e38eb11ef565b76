/* The server commands (Redis 7.0's): INFO (built in src/server/info.c), CONFIG GET/SET/RESETSTAT/
 * HELP over the option table of src/server/config.c, TIME and SHUTDOWN. Handlers run on the
 * client's own worker thread (CMD_CONN). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>

#include "cmd/cmd.h"
#include "cmd/gates.h"
#include "cmd/session.h"
#include "persist/persist.h"
#include "resp/errors.h"
#include "script/run.h"
#include "server/fdlimit.h"
#include "server/info.h"
#include "server/log.h"
#include "server/worker.h"
#include "tessera/config.h"
#include "tessera/mem.h"
#include "tessera/util.h"
#include "types/t_conn.h"
#include "types/t_server.h"

#define ARG(ctx, i) (ctx)->argv[i].ptr, (ctx)->argv[i].len

static void reply_err(struct cmd_ctx *ctx, enum error_id id)
{
    ctx_error_text(ctx, error_text(id));
}

void cmd_info(struct cmd_ctx *ctx)
{
    info_command(ctx);
}

void cmd_config(struct cmd_ctx *ctx)
{
    cmd_reply_unknown_subcommand(ctx);
}

/* ---- CONFIG GET ---- */

struct config_pair {
    char *name;
    char *value;
};

/* What CONFIG GET has found so far: each option once (case-insensitive), in the order found. */
struct config_found {
    struct config_pair *v;
    size_t n, cap;
    const char *as_typed; /* an exact name: Redis answers with the name as the client wrote it */
    int taken;            /* an exact name takes its first match only */
};

static int config_found_has(const struct config_found *f, const char *name)
{
    for (size_t i = 0; i < f->n; i++)
        if (strcasecmp(f->v[i].name, name) == 0) return 1;
    return 0;
}

static void config_found_add(const char *name, const char *value, void *arg)
{
    struct config_found *f = arg;
    if (f->as_typed) {
        if (f->taken) return;
        f->taken = 1;
        name = f->as_typed;
    }
    if (config_found_has(f, name)) return;
    if (f->n == f->cap) {
        f->cap = f->cap ? f->cap * 2 : 16;
        f->v = mem_realloc(f->v, f->cap * sizeof *f->v);
    }
    f->v[f->n].name = mem_strndup(name, strlen(name));
    f->v[f->n].value = mem_strndup(value, strlen(value));
    f->n++;
}

/* Redis looks a name without glob characters up directly; one with a backslash then names no
 * option, while a glob match would read the backslash as an escape. */
static int is_glob(const char *s)
{
    return strpbrk(s, "[*?") != NULL;
}

void cmd_config_get(struct cmd_ctx *ctx)
{
    struct config_found found = {0};
    for (int i = 2; i < ctx->argc; i++) {
        char *pat = mem_strndup(ARG(ctx, i));
        if (is_glob(pat)) {
            found.as_typed = NULL;
            config_get(&g_config, pat, config_found_add, &found);
        } else if (!strchr(pat, '\\') && !config_found_has(&found, pat)) {
            found.as_typed = pat;
            found.taken = 0;
            config_get(&g_config, pat, config_found_add, &found);
        }
        mem_free(pat);
    }
    reply_map(ctx->out, found.n);
    for (size_t i = 0; i < found.n; i++) {
        reply_bulk_cstr(ctx->out, found.v[i].name);
        reply_bulk_cstr(ctx->out, found.v[i].value);
        mem_free(found.v[i].name);
        mem_free(found.v[i].value);
    }
    mem_free(found.v);
}

/* ---- CONFIG SET ---- */

/* The option a name designates: its canonical name and current value, or 0 when none. */
struct config_lookup {
    char *name;
    char *value;
};

static void config_lookup_one(const char *name, const char *value, void *arg)
{
    struct config_lookup *l = arg;
    if (l->name) return;
    l->name = mem_strndup(name, strlen(name));
    l->value = mem_strndup(value, strlen(value));
}

static int config_lookup(const char *name, struct config_lookup *out)
{
    out->name = out->value = NULL;
    if (is_glob(name) || strchr(name, '\\')) return 0;
    config_get(&g_config, name, config_lookup_one, out);
    return out->name != NULL;
}

/* What an option needs beyond its new value, as Redis's apply functions do; 0 with the error
 * text in err when it cannot take effect. */
static int config_apply(const char *name, const char *arg, char *err, size_t errlen)
{
    if (strcmp(name, "maxclients") == 0) {
        int want = g_config.maxclients;
        int fit = fdlimit_fit(want, g_nworkers);
        if (fit < want) {
            char why[128];
            snprintf(why, sizeof why,
                     "The operating system is not able to handle the specified number of "
                     "clients, try with %d",
                     fit);
            snprintf(err, errlen, error_text(ERR_CONFIG_FAILED), arg, why);
            return 0;
        }
    }
    return 1;
}

/* The tls-* options the TLS context is built from, and tls-port (all but tls-auth-clients, which
 * each new connection reads). */
static int is_tls_context_option(const char *name)
{
    return strncmp(name, "tls-", 4) == 0 && strcmp(name, "tls-auth-clients") != 0;
}

static int tls_apply(const char *arg, char *err, size_t errlen)
{
    char why[512];
    int rc = worker_tls_reload(why, sizeof why);
    if (rc == 0) return 1;
    log_msg(LOG_WARNING, "Failed to update TLS configuration: %s", why);
    snprintf(err, errlen, error_text(ERR_CONFIG_FAILED), arg,
             rc == -2 ? "Unable to listen on this port. Check server logs."
                      : "Unable to update TLS configuration. Check server logs.");
    return 0;
}

struct config_change {
    char *arg; /* the name as written */
    char *value;
    struct config_lookup was;
};

/* Redis's CONFIG SET: every name is checked before anything changes, in order, and the first
 * problem is the answer (an unknown name; an immutable option, or a protected one
 * enable-protected-configs does not open to this client; an option named twice, by the same name:
 * Redis keeps an alias apart); the values are
 * then applied in order, and if one fails every value already set goes back to what it was, so
 * the command changes all or nothing. */
void cmd_config_set(struct cmd_ctx *ctx)
{
    if (ctx->argc % 2 != 0) { /* the arity let at least one pair through */
        reply_err(ctx, ERR_SYNTAX);
        return;
    }
    int n = (ctx->argc - 2) / 2;
    int local = session_is_local(ctx->session);
    struct config_change *ch = mem_calloc((size_t)n, sizeof *ch);
    const char *unknown = NULL, *refused = NULL, *why = NULL;
    for (int i = 0; i < n; i++) {
        ch[i].arg = mem_strndup(ARG(ctx, 2 + 2 * i));
        ch[i].value = mem_strndup(ARG(ctx, 3 + 2 * i));
        if (unknown || refused) continue;
        if (!config_lookup(ch[i].arg, &ch[i].was)) {
            unknown = ch[i].arg;
            continue;
        }
        if ((why = config_set_refusal(ch[i].was.name, local))) {
            refused = ch[i].arg;
            continue;
        }
        for (int j = 0; j < i; j++) {
            if (ch[j].was.name && strcmp(ch[j].was.name, ch[i].was.name) == 0) {
                refused = ch[i].arg;
                why = "duplicate parameter";
                break;
            }
        }
    }
    if (unknown) {
        ctx_errorf(ctx, error_text(ERR_CONFIG_UNKNOWN), unknown);
    } else if (refused) {
        ctx_errorf(ctx, error_text(ERR_CONFIG_FAILED), refused, why);
    } else {
        char err[512];
        int failed = -1, tls = -1;
        for (int i = 0; i < n && failed < 0; i++) {
            err[0] = '\0';
            if (config_set(&g_config, ch[i].arg, ch[i].value, err, sizeof err) < 0)
                failed = i;
            else if (!config_apply(ch[i].was.name, ch[i].arg, err, sizeof err))
                failed = i + 1; /* it was set: it goes back too */
            else if (tls < 0 && is_tls_context_option(ch[i].was.name))
                tls = i;
        }
        /* Once every value is in (a certificate and its key change together), as Redis. */
        if (failed < 0 && tls >= 0 && !tls_apply(ch[tls].arg, err, sizeof err)) failed = n;
        if (failed < 0) {
            reply_ok(ctx->out);
        } else {
            for (int j = failed - 1; j >= 0; j--) {
                char ignored[512];
                config_set(&g_config, ch[j].was.name, ch[j].was.value, ignored, sizeof ignored);
            }
            ctx_error_text(ctx, err);
        }
        gates_refresh(); /* before cmd_account reads it: the slow log may log this CONFIG SET */
    }
    for (int i = 0; i < n; i++) {
        mem_free(ch[i].arg);
        mem_free(ch[i].value);
        mem_free(ch[i].was.name);
        mem_free(ch[i].was.value);
    }
    mem_free(ch);
}

void cmd_config_resetstat(struct cmd_ctx *ctx)
{
    info_reset_stats(ctx);
}

/* The file the server started with, rewritten in place (src/server/config_rewrite.c). */
void cmd_config_rewrite(struct cmd_ctx *ctx)
{
    const char *path = config_file_path();
    if (!path) {
        reply_err(ctx, ERR_NO_CONFIG_FILE);
        return;
    }
    if (config_rewrite(&g_config, path) < 0) {
        int e = errno;
        log_msg(LOG_WARNING, "CONFIG REWRITE failed: %s", strerror(e));
        ctx_errorf(ctx, error_text(ERR_CONFIG_REWRITE), strerror(e));
        return;
    }
    log_msg(LOG_WARNING, "CONFIG REWRITE executed with success.");
    reply_ok(ctx->out);
}

/* Redis 7.0's CONFIG HELP. */
static const char *const config_help[] = {
    "GET <pattern>",
    "    Return parameters matching the glob-like <pattern> and their values.",
    "SET <directive> <value>",
    "    Set the configuration <directive> to <value>.",
    "RESETSTAT",
    "    Reset statistics reported by the INFO command.",
    "REWRITE",
    "    Rewrite the configuration file.",
    NULL,
};

void cmd_config_help(struct cmd_ctx *ctx)
{
    cmd_reply_help(ctx, config_help);
}

/* ---- TIME SHUTDOWN ---- */

void cmd_time(struct cmd_ctx *ctx)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    reply_array(ctx->out, 2);
    reply_bulk_ll(ctx->out, (long long)tv.tv_sec);
    reply_bulk_ll(ctx->out, (long long)tv.tv_usec);
}

/* The final save (SAVE, NOSAVE, or what the save rules say) runs once the workers have stopped
 * (server.c). Like Redis, the caller gets no reply: its connection ends with the server, and
 * nothing it sent after SHUTDOWN runs. */
void cmd_shutdown(struct cmd_ctx *ctx)
{
    int nosave = 0, save = 0, now = 0, force = 0, abort_req = 0;
    for (int i = 1; i < ctx->argc; i++) {
        if (CTX_ARG_IS(ctx, i, "nosave"))
            nosave = 1;
        else if (CTX_ARG_IS(ctx, i, "save"))
            save = 1;
        else if (CTX_ARG_IS(ctx, i, "now"))
            now = 1;
        else if (CTX_ARG_IS(ctx, i, "force"))
            force = 1;
        else if (CTX_ARG_IS(ctx, i, "abort"))
            abort_req = 1;
        else {
            reply_err(ctx, ERR_SYNTAX);
            return;
        }
    }
    if ((abort_req && (nosave || save || now || force)) || (nosave && save)) {
        reply_err(ctx, ERR_SYNTAX);
        return;
    }
    if (abort_req) {
        /* A shutdown, once asked for, is never pending: it has already begun. */
        ctx_error_text(ctx, error_text(ERR_NO_SHUTDOWN));
        return;
    }
    int busy = script_busy_kind();
    if (busy && !nosave) {
        /* as Redis: a busy script's writes may be half done, so only NOSAVE ends the server */
        ctx_error_text(ctx, script_busy_text(busy));
        return;
    }
    if (save || nosave)
        atomic_store(&g_persist.shutdown_mode, save ? SHUTDOWN_SAVE : SHUTDOWN_NOSAVE);
    log_msg(LOG_WARNING, "User requested shutdown...");
    session_close_after_reply(ctx->session);
    server_request_shutdown();
}
