/* EVAL's family and SCRIPT (see eval.h), with Redis 7.0's checks and texts. */
#include <ctype.h>
#include <lua.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cmd/cmd.h"
#include "resp/errors.h"
#include "script/cache.h"
#include "script/eval.h"
#include "script/run.h"
#include "script/vm.h"
#include "server/evicting.h"
#include "server/worker.h"
#include "tessera/config.h"
#include "tessera/mem.h"
#include "tessera/util.h"
#include "types/t_conn.h"

int script_getkeys(int argc, const struct resp_arg *argv, int *keys, int max)
{
    return cmd_numkeys_positions(argc, argv, 2, keys, max);
}

static const struct {
    const char *name;
    int flag;
} shebang_flags[] = {
    {"no-writes", SCRIPT_FLAG_NO_WRITES},
    {"allow-oom", SCRIPT_FLAG_ALLOW_OOM},
    {"allow-stale", SCRIPT_FLAG_ALLOW_STALE},
    {"no-cluster", SCRIPT_FLAG_NO_CLUSTER},
    {"allow-cross-slot-keys", SCRIPT_FLAG_CROSS_SLOT},
};

/* The flags of one comma-separated list; -1 with the error for an unknown one. */
static int parse_flag_list(const char *p, size_t n, int *flags, char *err, size_t errlen)
{
    while (n > 0) {
        const char *comma = memchr(p, ',', n);
        size_t len = comma ? (size_t)(comma - p) : n;
        size_t i = 0;
        for (; i < sizeof shebang_flags / sizeof shebang_flags[0]; i++)
            if (strlen(shebang_flags[i].name) == len && strncmp(shebang_flags[i].name, p, len) == 0)
                break;
        if (i == sizeof shebang_flags / sizeof shebang_flags[0]) {
            snprintf(err, errlen, "ERR Unexpected flag in script shebang: %.*s", (int)len, p);
            return -1;
        }
        *flags |= shebang_flags[i].flag;
        if (!comma) break;
        n -= len + 1;
        p = comma + 1;
    }
    return 0;
}

int script_parse_shebang(const char *body, size_t len, int *flags, size_t *skip, char *err,
                         size_t errlen)
{
    *flags = 0;
    *skip = 0;
    if (len < 2 || body[0] != '#' || body[1] != '!') {
        *flags = SCRIPT_FLAG_EVAL_COMPAT;
        return 0;
    }
    const char *nl = memchr(body, '\n', len);
    if (!nl) {
        snprintf(err, errlen, "ERR Invalid script shebang");
        return -1;
    }
    size_t line = (size_t)(nl - body);
    /* words separated by spaces: the engine, then options */
    size_t i = 0, word = 0;
    while (i < line) {
        while (i < line && body[i] == ' ')
            i++;
        if (i >= line) break;
        size_t start = i;
        while (i < line && body[i] != ' ')
            i++;
        const char *w = body + start;
        size_t wl = i - start;
        if (word++ == 0) {
            if (wl != 5 || strncasecmp(w, "#!lua", 5) != 0) {
                snprintf(err, errlen, "ERR Unexpected engine in script shebang: %.*s", (int)wl, w);
                return -1;
            }
        } else if (wl >= 6 && strncasecmp(w, "flags=", 6) == 0) {
            if (parse_flag_list(w + 6, wl - 6, flags, err, errlen) < 0) return -1;
        } else {
            snprintf(err, errlen, "ERR Unknown lua shebang option: %.*s", (int)wl, w);
            return -1;
        }
    }
    *skip = line;
    return 0;
}

/* Pushes the compiled script (compiling body, when given, or the cached body of sha): 1, or 0
 * after answering the error. */
static int push_script(struct cmd_ctx *ctx, lua_State *L, const char *sha, const char *body,
                       size_t len, int *flags)
{
    if (script_vm_lookup(L, sha, flags)) return 1;
    char *cached = NULL;
    if (!body) {
        body = cached = script_cache_get(sha, SHA1_HEX_LEN, &len);
        if (!body) {
            ctx_error_text(ctx, "NOSCRIPT No matching script. Please use EVAL.");
            return 0;
        }
    }
    char err[512];
    size_t skip;
    int ok = script_parse_shebang(body, len, flags, &skip, err, sizeof err) == 0 &&
             script_vm_compile(L, sha, body + skip, len - skip, *flags, err, sizeof err) == 0;
    if (ok && !cached) script_cache_put(sha, body, len);
    mem_free(cached);
    if (!ok) {
        ctx_error_text(ctx, err);
        return 0;
    }
    return script_vm_lookup(L, sha, flags);
}

static void eval_generic(struct cmd_ctx *ctx, int by_sha, int ro)
{
    long long numkeys;
    if (!str_to_ll(ctx->argv[2].ptr, ctx->argv[2].len, &numkeys)) {
        ctx_error_text(ctx, error_text(ERR_NOT_INT));
        return;
    }
    if (numkeys > ctx->argc - 3) {
        ctx_error_text(ctx, "ERR Number of keys can't be greater than number of args");
        return;
    }
    if (numkeys < 0) {
        ctx_error_text(ctx, "ERR Number of keys can't be negative");
        return;
    }
    lua_State *L = script_vm(ctx->w);
    if (!L) {
        ctx_error_text(ctx, "ERR the Lua VM could not be made (out of memory)");
        return;
    }
    char sha[SHA1_HEX_LEN + 1];
    const struct resp_arg *code = &ctx->argv[1];
    if (by_sha) {
        if (code->len != SHA1_HEX_LEN) {
            ctx_error_text(ctx, "NOSCRIPT No matching script. Please use EVAL.");
            return;
        }
        for (int i = 0; i < SHA1_HEX_LEN; i++)
            sha[i] = (char)tolower((unsigned char)code->ptr[i]);
        sha[SHA1_HEX_LEN] = '\0';
    } else {
        script_sha1hex(sha, code->ptr, code->len);
    }
    int flags;
    if (!push_script(ctx, L, sha, by_sha ? NULL : code->ptr, code->len, &flags)) return;
    if (!(flags & SCRIPT_FLAG_EVAL_COMPAT)) {
        if (!(flags & (SCRIPT_FLAG_ALLOW_OOM | SCRIPT_FLAG_NO_WRITES)) &&
            CONFIG_GET(maxmemory) > 0 && evicting_refuses(ctx->w)) {
            lua_pop(L, 1);
            ctx_error_text(ctx, error_text(ERR_OOM));
            return;
        }
        if (!(flags & SCRIPT_FLAG_NO_WRITES) && ro) {
            lua_pop(L, 1);
            ctx_error_text(ctx, "ERR Can not execute a script with write flag using *_ro command.");
            return;
        }
    }
    int compat = (flags & SCRIPT_FLAG_EVAL_COMPAT) != 0;
    script_vm_set_global_array(L, "KEYS", (int)numkeys, ctx->argv + 3);
    script_vm_set_global_array(L, "ARGV", ctx->argc - 3 - (int)numkeys, ctx->argv + 3 + numkeys);
    struct script_run run = {.ctx = ctx, .name = sha};
    run.call.db = ctx->db;
    run.call.read_only = ro || (!compat && (flags & SCRIPT_FLAG_NO_WRITES));
    run.call.allow_oom = !compat && (flags & SCRIPT_FLAG_ALLOW_OOM);
    script_run(L, &run, 0);
}

void cmd_eval(struct cmd_ctx *ctx)
{
    eval_generic(ctx, 0, 0);
}

void cmd_evalsha(struct cmd_ctx *ctx)
{
    eval_generic(ctx, 1, 0);
}

void cmd_eval_ro(struct cmd_ctx *ctx)
{
    eval_generic(ctx, 0, 1);
}

void cmd_evalsha_ro(struct cmd_ctx *ctx)
{
    eval_generic(ctx, 1, 1);
}

void cmd_script(struct cmd_ctx *ctx)
{
    cmd_reply_unknown_subcommand(ctx);
}

void cmd_script_load(struct cmd_ctx *ctx)
{
    lua_State *L = script_vm(ctx->w);
    if (!L) {
        ctx_error_text(ctx, "ERR the Lua VM could not be made (out of memory)");
        return;
    }
    char sha[SHA1_HEX_LEN + 1];
    script_sha1hex(sha, ctx->argv[2].ptr, ctx->argv[2].len);
    int flags;
    if (!push_script(ctx, L, sha, ctx->argv[2].ptr, ctx->argv[2].len, &flags)) return;
    lua_pop(L, 1);
    reply_bulk(ctx->out, sha, SHA1_HEX_LEN);
}

void cmd_script_exists(struct cmd_ctx *ctx)
{
    reply_array(ctx->out, (size_t)ctx->argc - 2);
    for (int i = 2; i < ctx->argc; i++)
        reply_int(ctx->out, script_cache_has(ctx->argv[i].ptr, ctx->argv[i].len));
}

void cmd_script_flush(struct cmd_ctx *ctx)
{
    if (ctx->argc > 3 ||
        (ctx->argc == 3 && !CTX_ARG_IS(ctx, 2, "sync") && !CTX_ARG_IS(ctx, 2, "async"))) {
        ctx_error_text(ctx, "ERR SCRIPT FLUSH only support SYNC|ASYNC option");
        return;
    }
    script_cache_flush(); /* each VM sees the generation move and starts over */
    reply_ok(ctx->out);
}

void cmd_script_kill(struct cmd_ctx *ctx)
{
    const char *err = script_kill(0);
    if (*err)
        ctx_error_text(ctx, err);
    else
        reply_ok(ctx->out);
}

void cmd_script_help(struct cmd_ctx *ctx)
{
    static const char *const lines[] = {
        "EXISTS <sha1> [<sha1> ...]",
        "    Return information about the existence of the scripts in the script cache.",
        "FLUSH [ASYNC|SYNC]",
        "    Flush the Lua scripts cache. Very dangerous on replicas.",
        "    When called without the optional mode argument, the behavior is determined by the",
        "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
        "    * ASYNC: Asynchronously flush the scripts cache.",
        "    * SYNC: Synchronously flush the scripts cache.",
        "KILL",
        "    Kill the currently executing Lua script.",
        "LOAD <script>",
        "    Load a script into the scripts cache without executing it.",
        NULL,
    };
    cmd_reply_help(ctx, lines);
}
