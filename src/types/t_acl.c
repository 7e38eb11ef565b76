/* ACL SETUSER GETUSER DELUSER LIST USERS WHOAMI CAT GENPASS LOG DRYRUN LOAD SAVE HELP, in Redis
 * 7.0's reply shapes and errors. Client's worker (CMD_CONN); the users, the check and the log are
 * cmd/acl.c's. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cmd/acl.h"
#include "cmd/cmd.h"
#include "cmd/exec.h"
#include "cmd/pubsub.h"
#include "cmd/session.h"
#include "dispatch/dispatch.h"
#include "resp/errors.h"
#include "tessera/mem.h"
#include "tessera/util.h"
#include "types/t_acl.h"
#include "types/t_conn.h"

#define ARGN(ctx, i) (int)((ctx)->argv[i].len > 128 ? 128 : (ctx)->argv[i].len), (ctx)->argv[i].ptr

void cmd_acl(struct cmd_ctx *ctx)
{
    cmd_reply_unknown_subcommand(ctx);
}

/* Connections of deleted users are closed at once on every worker, as Redis does (a session
 * would otherwise learn at its next command); the caller's own after its reply. */
struct purge {
    uint64_t caller;
    long long count;       /* DELUSER's answer; -1: answer OK (LOAD, SETUSER) */
    struct acl_slot *slot; /* SETUSER: its subscribers that lost a channel, else NULL */
};

static int channel_refused(void *arg, const char *name, size_t len, int pattern)
{
    return !acl_channel_allowed(arg, name, len, pattern);
}

static void purge_one(struct session *c, void *arg)
{
    const struct purge *p = arg;
    const struct acl_user *u = acl_user_of(c->user);
    if (p->slot) {
        if (c->user != p->slot || !pubsub_count(c) || !pubsub_any(c, channel_refused, (void *)u))
            return;
    } else if (!(u->flags & ACL_DELETED)) {
        return;
    }
    if (c->id == p->caller)
        session_close_after_reply(c);
    else
        session_close(c);
}

static void purge_part(struct worker *w, void *state, int idx)
{
    (void)idx;
    session_each(w, purge_one, state);
}

static void purge_done(struct worker *w, void *state, struct reply *out)
{
    (void)w;
    const struct purge *p = state;
    if (p->count < 0)
        reply_ok(out);
    else
        reply_int(out, p->count);
}

static void purge_free(void *state)
{
    mem_free(state);
}

static void purge_and_reply(struct cmd_ctx *ctx, long long count)
{
    struct purge *p = mem_alloc(sizeof *p);
    p->caller = ctx->session->id;
    p->count = count;
    p->slot = NULL;
    fanout_start(ctx->w, ctx->session, purge_part, purge_done, p, purge_free);
}

void cmd_acl_setuser(struct cmd_ctx *ctx)
{
    char err[700];
    const struct resp_arg *name = &ctx->argv[2];
    if (memchr(name->ptr, ' ', name->len) || memchr(name->ptr, '\0', name->len)) {
        ctx_error_text(ctx, "ERR Usernames can't contain spaces or null characters");
        return;
    }
    if (acl_setuser(ctx->argv[2].ptr, ctx->argv[2].len, ctx->argc - 3, ctx->argv + 3, err,
                    sizeof err) < 0) {
        ctx_error_text(ctx, err);
        return;
    }
    /* Redis closes the user's subscribers whose channels or patterns it no longer allows. */
    struct acl_slot *slot = acl_find(name->ptr, name->len);
    int all = 0;
    const struct acl_user *u = slot ? acl_user_of(slot) : NULL;
    for (int i = 0; u && i < u->nsel && !all; i++)
        all = (u->sel[i].flags & ACL_SEL_ALLCHANS) != 0;
    if (!u || all) {
        reply_ok(ctx->out);
        return;
    }
    struct purge *p = mem_alloc(sizeof *p);
    p->caller = ctx->session->id;
    p->count = -1;
    p->slot = slot;
    fanout_start(ctx->w, ctx->session, purge_part, purge_done, p, purge_free);
}

void cmd_acl_getuser(struct cmd_ctx *ctx)
{
    if (!acl_reply_getuser(ctx->out, ctx->argv[2].ptr, ctx->argv[2].len)) reply_null(ctx->out);
}

void cmd_acl_deluser(struct cmd_ctx *ctx)
{
    for (int i = 2; i < ctx->argc; i++) {
        if (CTX_ARG_IS(ctx, i, "default")) {
            ctx_error_text(ctx, "ERR The 'default' user cannot be removed");
            return;
        }
    }
    long long n = 0;
    for (int i = 2; i < ctx->argc; i++)
        n += acl_deluser(ctx->argv[i].ptr, ctx->argv[i].len);
    if (n == 0) {
        reply_int(ctx->out, 0);
        return;
    }
    purge_and_reply(ctx, n);
}

void cmd_acl_list(struct cmd_ctx *ctx)
{
    acl_reply_list(ctx->out, 0);
}

void cmd_acl_users(struct cmd_ctx *ctx)
{
    acl_reply_list(ctx->out, 1);
}

void cmd_acl_whoami(struct cmd_ctx *ctx)
{
    reply_bulk_cstr(ctx->out, acl_user_of(ctx->session->user)->name);
}

void cmd_acl_cat(struct cmd_ctx *ctx)
{
    if (ctx->argc > 3) {
        ctx_errorf(ctx, "ERR wrong number of arguments for 'acl|cat' command");
        return;
    }
    if (ctx->argc == 2) {
        acl_reply_cat(ctx->out, NULL, 0);
        return;
    }
    if (acl_reply_cat(ctx->out, ctx->argv[2].ptr, ctx->argv[2].len) < 0)
        ctx_errorf(ctx, "ERR Unknown category '%.*s'", ARGN(ctx, 2));
}

void cmd_acl_genpass(struct cmd_ctx *ctx)
{
    long long bits = 256;
    if (ctx->argc > 3) {
        ctx_errorf(ctx, "ERR wrong number of arguments for 'acl|genpass' command");
        return;
    }
    if (ctx->argc == 3 && !str_to_ll(ctx->argv[2].ptr, ctx->argv[2].len, &bits)) {
        ctx_error_text(ctx, error_text(ERR_NOT_INT));
        return;
    }
    if (bits <= 0 || bits > 4096) {
        ctx_error_text(ctx, "ERR ACL GENPASS argument must be the number of bits for the output "
                            "password, a positive number up to 4096");
        return;
    }
    size_t chars = (size_t)(bits + 3) / 4;
    unsigned char raw[512];
    size_t nraw = (chars + 1) / 2;
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    size_t got = 0;
    while (fd >= 0 && got < nraw) {
        ssize_t n = read(fd, raw + got, nraw - got);
        if (n <= 0) break;
        got += (size_t)n;
    }
    if (fd >= 0) close(fd);
    if (got < nraw) {
        ctx_error_text(ctx, "ERR Failed to generate a random password");
        return;
    }
    static const char digits[] = "0123456789abcdef";
    char out[1025];
    for (size_t i = 0; i < chars; i++)
        out[i] = digits[i % 2 ? raw[i / 2] & 15 : raw[i / 2] >> 4];
    reply_bulk(ctx->out, out, chars);
}

void cmd_acl_log(struct cmd_ctx *ctx)
{
    long long count = 10;
    if (ctx->argc > 3) {
        ctx_errorf(ctx, "ERR wrong number of arguments for 'acl|log' command");
        return;
    }
    if (ctx->argc == 3) {
        if (CTX_ARG_IS(ctx, 2, "reset")) {
            acl_log_reset();
            reply_ok(ctx->out);
            return;
        }
        if (!str_to_ll(ctx->argv[2].ptr, ctx->argv[2].len, &count)) {
            ctx_error_text(ctx, error_text(ERR_NOT_INT));
            return;
        }
        if (count < 0) count = 0;
    }
    acl_log_reply(ctx->out, (long)count);
}

void cmd_acl_dryrun(struct cmd_ctx *ctx)
{
    char *desc = acl_describe(ctx->argv[2].ptr, ctx->argv[2].len);
    if (!desc) {
        ctx_errorf(ctx, "ERR User '%.*s' not found", ARGN(ctx, 2));
        return;
    }
    mem_free(desc);
    int argc = ctx->argc - 3;
    const struct resp_arg *argv = ctx->argv + 3;
    int unknown_sub;
    const struct command *cmd = cmd_resolve(argc, argv, &unknown_sub);
    if (!cmd || unknown_sub) {
        ctx_errorf(ctx, "ERR Command '%.*s' not found", ARGN(ctx, 3));
        return;
    }
    if (!cmd_arity_ok(cmd, argc)) {
        ctx_errorf(ctx, "ERR wrong number of arguments for '%s' command", cmd->name);
        return;
    }
    if (acl_dryrun(ctx->argv[2].ptr, ctx->argv[2].len, ctx->out, cmd, argc, argv) == 0)
        reply_ok(ctx->out);
}

void cmd_acl_load(struct cmd_ctx *ctx)
{
    char err[1200];
    if (acl_load_file(err, sizeof err) < 0) {
        ctx_error_text(ctx, err);
        return;
    }
    purge_and_reply(ctx, -1);
}

void cmd_acl_save(struct cmd_ctx *ctx)
{
    char err[700];
    if (acl_save_file(err, sizeof err) < 0) {
        ctx_error_text(ctx, err);
        return;
    }
    reply_ok(ctx->out);
}

static const char *const acl_help[] = {
    "CAT [<category>]",
    "    List all commands that belong to <category>, or all command categories",
    "    when no category is specified.",
    "DELUSER <username> [<username> ...]",
    "    Delete a list of users.",
    "DRYRUN <username> <command> [<arg> ...]",
    "    Returns whether the user can execute the given command without executing the command.",
    "GETUSER <username>",
    "    Get the user's details.",
    "GENPASS [<bits>]",
    "    Generate a secure 256-bit user password. The optional `bits` argument can",
    "    be used to specify a different size.",
    "LIST",
    "    Show users details in config file format.",
    "LOAD",
    "    Reload users from the ACL file.",
    "LOG [<count> | RESET]",
    "    Show the ACL log entries.",
    "SAVE",
    "    Save the current config to the ACL file.",
    "SETUSER <username> <attribute> [<attribute> ...]",
    "    Create or modify a user with the specified attributes.",
    "USERS",
    "    List all the registered usernames.",
    "WHOAMI",
    "    Return the current connection username.",
    NULL,
};

void cmd_acl_help(struct cmd_ctx *ctx)
{
    cmd_reply_help(ctx, acl_help);
}
