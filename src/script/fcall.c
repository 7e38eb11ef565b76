/* FCALL's family and FUNCTION (see fcall.h), with Redis 7.0's checks and texts. */
#include <lua.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"
#include "script/fcall.h"
#include "script/function.h"
#include "script/run.h"
#include "script/vm.h"
#include "server/evicting.h"
#include "server/worker.h"
#include "tessera/config.h"
#include "tessera/mem.h"
#include "tessera/util.h"
#include "types/t_conn.h"

/* An error whose text does not outlive the handler: ctx->error keeps only its code. */
static void fail(struct cmd_ctx *ctx, const char *text)
{
    reply_error(ctx->out, text);
    ctx->status = CMD_ERR;
    ctx->error = strncmp(text, "OOM", 3) == 0 ? "OOM" : "ERR";
}

static void push_array(lua_State *L, int n, const struct resp_arg *args)
{
    lua_createtable(L, n, 0);
    for (int i = 0; i < n; i++) {
        lua_pushlstring(L, args[i].ptr, args[i].len);
        lua_rawseti(L, -2, i + 1);
    }
}

static void fcall_generic(struct cmd_ctx *ctx, int ro)
{
    lua_State *L = script_vm(ctx->w);
    if (!L) {
        ctx_error_text(ctx, "ERR the Lua VM could not be made (out of memory)");
        return;
    }
    const struct resp_arg *name = &ctx->argv[1];
    int flags = 0;
    if (!function_vm_push(L, name->ptr, name->len, &flags)) {
        ctx_error_text(ctx, "ERR Function not found");
        return;
    }
    long long numkeys;
    const char *bad = NULL;
    if (!str_to_ll(ctx->argv[2].ptr, ctx->argv[2].len, &numkeys))
        bad = "ERR Bad number of keys provided";
    else if (numkeys > ctx->argc - 3)
        bad = "ERR Number of keys can't be greater than number of args";
    else if (numkeys < 0)
        bad = "ERR Number of keys can't be negative";
    else if (!(flags & (SCRIPT_FLAG_ALLOW_OOM | SCRIPT_FLAG_NO_WRITES)) &&
             CONFIG_GET(maxmemory) > 0 && evicting_refuses(ctx->w))
        bad = "OOM allow-oom flag is not set on the script, can not run it when used memory > "
              "'maxmemory'";
    else if (!(flags & SCRIPT_FLAG_NO_WRITES) && ro)
        bad = "ERR Can not execute a script with write flag using *_ro command.";
    if (bad) {
        lua_pop(L, 1);
        ctx_error_text(ctx, bad);
        return;
    }
    push_array(L, (int)numkeys, ctx->argv + 3);
    push_array(L, ctx->argc - 3 - (int)numkeys, ctx->argv + 3 + numkeys);
    char fname[256];
    snprintf(fname, sizeof fname, "%.*s", (int)name->len, name->ptr);
    struct script_run run = {.ctx = ctx, .name = fname, .is_function = 1};
    run.call.db = ctx->db;
    run.call.read_only = ro || (flags & SCRIPT_FLAG_NO_WRITES);
    run.call.allow_oom = (flags & SCRIPT_FLAG_ALLOW_OOM) != 0;
    script_run(L, &run, 2);
}

void cmd_fcall(struct cmd_ctx *ctx)
{
    fcall_generic(ctx, 0);
}

void cmd_fcall_ro(struct cmd_ctx *ctx)
{
    fcall_generic(ctx, 1);
}

void cmd_function(struct cmd_ctx *ctx)
{
    cmd_reply_unknown_subcommand(ctx);
}

/* Redis's error for a subcommand with the wrong arguments, naming it in capitals. */
static void wrong_args(struct cmd_ctx *ctx, const char *sub)
{
    char text[200];
    snprintf(text, sizeof text,
             "ERR unknown subcommand or wrong number of arguments for '%s'. Try FUNCTION HELP.",
             sub);
    fail(ctx, text);
}

void cmd_function_load(struct cmd_ctx *ctx)
{
    int replace = 0, pos = 2;
    while (pos < ctx->argc - 1) {
        const struct resp_arg *a = &ctx->argv[pos++];
        if (arg_is(a->ptr, a->len, "replace")) {
            replace = 1;
            continue;
        }
        size_t n = a->len < 4000 ? a->len : 4000;
        char *text = mem_alloc(n + 40);
        int k = snprintf(text, n + 40, "ERR Unknown option given: %.*s", (int)n, a->ptr);
        for (int i = 0; i < k; i++)
            if (text[i] == '\r' || text[i] == '\n') text[i] = ' ';
        fail(ctx, text);
        mem_free(text);
        return;
    }
    char name[256], err[1024];
    const struct resp_arg *code = &ctx->argv[pos];
    if (function_load(code->ptr, code->len, replace, name, sizeof name, err, sizeof err)) {
        for (char *p = err; *p; p++)
            if (*p == '\r' || *p == '\n') *p = ' ';
        fail(ctx, err);
        return;
    }
    reply_bulk_cstr(ctx->out, name);
}

void cmd_function_delete(struct cmd_ctx *ctx)
{
    if (function_delete(ctx->argv[2].ptr, ctx->argv[2].len))
        ctx_error_text(ctx, "ERR Library not found");
    else
        reply_ok(ctx->out);
}

void cmd_function_flush(struct cmd_ctx *ctx)
{
    if (ctx->argc > 3) {
        wrong_args(ctx, "FLUSH");
        return;
    }
    if (ctx->argc == 3 && !CTX_ARG_IS(ctx, 2, "sync") && !CTX_ARG_IS(ctx, 2, "async")) {
        ctx_error_text(ctx, "ERR FUNCTION FLUSH only supports SYNC|ASYNC option");
        return;
    }
    function_flush();
    reply_ok(ctx->out);
}

void cmd_function_list(struct cmd_ctx *ctx)
{
    int withcode = 0;
    const struct resp_arg *pattern = NULL;
    char text[300];
    for (int i = 2; i < ctx->argc; i++) {
        const struct resp_arg *a = &ctx->argv[i];
        if (!withcode && arg_is(a->ptr, a->len, "withcode")) {
            withcode = 1;
        } else if (!pattern && arg_is(a->ptr, a->len, "libraryname")) {
            if (i + 1 >= ctx->argc) {
                ctx_error_text(ctx, "ERR library name argument was not given");
                return;
            }
            pattern = &ctx->argv[++i];
        } else {
            snprintf(text, sizeof text, "ERR Unknown argument %.*s",
                     (int)(a->len < 200 ? a->len : 200), a->ptr);
            fail(ctx, text);
            return;
        }
    }
    function_list(ctx->out, pattern ? pattern->ptr : NULL, pattern ? pattern->len : 0, withcode);
}

void cmd_function_dump(struct cmd_ctx *ctx)
{
    size_t len;
    char *p = function_dump(&len);
    reply_bulk(ctx->out, p, len);
    mem_free(p);
}

void cmd_function_restore(struct cmd_ctx *ctx)
{
    if (ctx->argc > 4) {
        wrong_args(ctx, "RESTORE");
        return;
    }
    enum function_restore_policy policy = FN_RESTORE_APPEND;
    if (ctx->argc == 4) {
        if (CTX_ARG_IS(ctx, 3, "flush"))
            policy = FN_RESTORE_FLUSH;
        else if (CTX_ARG_IS(ctx, 3, "replace"))
            policy = FN_RESTORE_REPLACE;
        else if (!CTX_ARG_IS(ctx, 3, "append")) {
            ctx_error_text(ctx, "ERR Wrong restore policy given, value should be either FLUSH, "
                                "APPEND or REPLACE.");
            return;
        }
    }
    char err[1024];
    if (function_restore(ctx->argv[2].ptr, ctx->argv[2].len, policy, err, sizeof err)) {
        for (char *p = err; *p; p++)
            if (*p == '\r' || *p == '\n') *p = ' ';
        fail(ctx, err);
        return;
    }
    reply_ok(ctx->out);
}

void cmd_function_stats(struct cmd_ctx *ctx)
{
    size_t nlibs, nfuncs;
    function_counts(&nlibs, &nfuncs);
    reply_map(ctx->out, 2);
    reply_bulk_cstr(ctx->out, "running_script");
    /* The run under way on this worker (FUNCTION STATS answered while it is busy); a run on
     * another worker is not shown. */
    const struct script_run *run = script_running;
    if (run && run->is_function) {
        const struct cmd_ctx *f = run->ctx;
        reply_map(ctx->out, 3);
        reply_bulk_cstr(ctx->out, "name");
        reply_bulk_cstr(ctx->out, run->name);
        reply_bulk_cstr(ctx->out, "command");
        reply_array(ctx->out, (size_t)f->argc);
        for (int i = 0; i < f->argc; i++)
            reply_bulk(ctx->out, f->argv[i].ptr, f->argv[i].len);
        reply_bulk_cstr(ctx->out, "duration_ms");
        reply_int(ctx->out, script_run_ms(run));
    } else {
        reply_null(ctx->out);
    }
    reply_bulk_cstr(ctx->out, "engines");
    reply_map(ctx->out, 1);
    reply_bulk_cstr(ctx->out, "LUA");
    reply_map(ctx->out, 2);
    reply_bulk_cstr(ctx->out, "libraries_count");
    reply_int(ctx->out, (long long)nlibs);
    reply_bulk_cstr(ctx->out, "functions_count");
    reply_int(ctx->out, (long long)nfuncs);
}

void cmd_function_kill(struct cmd_ctx *ctx)
{
    const char *err = script_kill(1);
    if (*err)
        fail(ctx, err);
    else
        reply_ok(ctx->out);
}

void cmd_function_help(struct cmd_ctx *ctx)
{
    static const char *const lines[] = {
        "LOAD [REPLACE] <FUNCTION CODE>",
        "    Create a new library with the given library name and code.",
        "DELETE <LIBRARY NAME>",
        "    Delete the given library.",
        "LIST [LIBRARYNAME PATTERN] [WITHCODE]",
        "    Return general information on all the libraries:",
        "    * Library name",
        "    * The engine used to run the Library",
        "    * Library description",
        "    * Functions list",
        "    * Library code (if WITHCODE is given)",
        "    It also possible to get only function that matches a pattern using LIBRARYNAME "
        "argument.",
        "STATS",
        "    Return information about the current function running:",
        "    * Function name",
        "    * Command used to run the function",
        "    * Duration in MS that the function is running",
        "    If no function is running, return nil",
        "    In addition, returns a list of available engines.",
        "KILL",
        "    Kill the current running function.",
        "FLUSH [ASYNC|SYNC]",
        "    Delete all the libraries.",
        "    When called without the optional mode argument, the behavior is determined by the",
        "    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
        "    * ASYNC: Asynchronously flush the libraries.",
        "    * SYNC: Synchronously flush the libraries.",
        "DUMP",
        "    Return a serialized payload representing the current libraries, can be restored "
        "using FUNCTION RESTORE command",
        "RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
        "    Restore the libraries represented by the given payload, it is possible to give a "
        "restore policy to",
        "    control how to handle existing libraries (default APPEND):",
        "    * FLUSH: delete all existing libraries.",
        "    * APPEND: appends the restored libraries to the existing libraries. On collision, "
        "abort.",
        "    * REPLACE: appends the restored libraries to the existing libraries, On collision, "
        "replace the old",
        "      libraries with the new libraries (notice that even on this option there is a "
        "chance of failure",
        "      in case of functions name collision with another library).",
        NULL,
    };
    cmd_reply_help(ctx, lines);
}
