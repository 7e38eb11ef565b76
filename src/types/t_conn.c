/* The connection commands (Redis 7.0's, plus CLIENT SETINFO from 7.2): the handshake (HELLO,
 * AUTH, RESET), the connection's own state (SELECT, CLIENT SETNAME...) and the view over every
 * connection (CLIENT LIST, CLIENT KILL), which fans out to all workers because each worker owns
 * its clients. Handlers run on the client's own worker thread (CMD_CONN, ctx->session set); the
 * fan-out parts run on every worker's thread, each on its own clients. */
#include <limits.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/acl.h"
#include "cmd/cmd.h"
#include "cmd/multi.h"
#include "cmd/pubsub.h"
#include "cmd/session.h"
#include "cmd/tracking.h"
#include "dispatch/dispatch.h"
#include "resp/errors.h"
#include "server/info.h"
#include "server/worker.h"
#include "tessera/config.h"
#include "tessera/mem.h"
#include "tessera/util.h"
#include "types/t_conn.h"

#define ARG(ctx, i) (ctx)->argv[i].ptr, (ctx)->argv[i].len
#define ARG_PRINTF(ctx, i)                                                                         \
    (int)((ctx)->argv[i].len > 1024 ? 1024 : (ctx)->argv[i].len), (ctx)->argv[i].ptr

#define DEFAULT_USER "default"

static void reply_err(struct cmd_ctx *ctx, enum error_id id)
{
    ctx_error_text(ctx, error_text(id));
}

/* Names and SETINFO values appear unquoted in CLIENT LIST lines, so, as Redis's
 * validateClientName, only printable characters other than space are allowed. */
static int attr_valid(const char *p, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char ch = (unsigned char)p[i];
        if (ch < '!' || ch > '~') return 0;
    }
    return 1;
}

/* An empty value clears the attribute (NULL), as in Redis. */
static void attr_set(char **dst, const char *p, size_t len)
{
    mem_free(*dst);
    *dst = len ? mem_strndup(p, len) : NULL;
}

static int requirepass_set(void)
{
    return !acl_default_nopass();
}

/* AUTH and HELLO AUTH: the user's slot becomes the session's; a failure is logged (never the
 * password) and leaves the connection as it was. */
static int auth_check(struct cmd_ctx *ctx, const struct resp_arg *user, const struct resp_arg *pass)
{
    struct acl_slot *slot = acl_authenticate(user->ptr, user->len, pass->ptr, pass->len);
    if (!slot) {
        char name[256];
        size_t n = user->len < sizeof name - 1 ? user->len : sizeof name - 1;
        memcpy(name, user->ptr, n);
        name[n] = '\0';
        acl_log_add(ctx->session, ACL_DENIED_AUTH, 0, "AUTH", 4, name);
        return 0;
    }
    ctx->session->user = slot;
    return 1;
}

/* Client types of CLIENT LIST/KILL TYPE, as Redis's getClientTypeByName. */
enum client_type { CT_UNKNOWN = -1, CT_NORMAL, CT_MASTER, CT_REPLICA, CT_PUBSUB };

static enum client_type client_type_of(const char *p, size_t len)
{
    if (arg_is(p, len, "normal")) return CT_NORMAL;
    if (arg_is(p, len, "slave") || arg_is(p, len, "replica")) return CT_REPLICA;
    if (arg_is(p, len, "pubsub")) return CT_PUBSUB;
    if (arg_is(p, len, "master")) return CT_MASTER;
    return CT_UNKNOWN;
}

/* ---- helpers shared with the other containers' handlers ---- */

/* The command's name as the client wrote it, upper-cased, as Redis's help and errors print it. */
static void command_upper(const struct cmd_ctx *ctx, char *upper, size_t cap)
{
    size_t n = ctx->argv[0].len < cap - 1 ? ctx->argv[0].len : cap - 1;
    for (size_t i = 0; i < n; i++) {
        char ch = ctx->argv[0].ptr[i];
        upper[i] = (char)(ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch);
    }
    upper[n] = '\0';
}

void cmd_reply_help(struct cmd_ctx *ctx, const char *const *lines)
{
    char upper[64];
    command_upper(ctx, upper, sizeof upper);
    size_t count = 0;
    while (lines[count])
        count++;
    char head[128];
    snprintf(head, sizeof head,
             "%s <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", upper);
    reply_array(ctx->out, count + 3);
    reply_simple(ctx->out, head);
    for (size_t i = 0; i < count; i++)
        reply_simple(ctx->out, lines[i]);
    reply_simple(ctx->out, "HELP");
    reply_simple(ctx->out, "    Prints this help.");
}

void cmd_reply_unknown_subcommand(struct cmd_ctx *ctx)
{
    char upper[64];
    command_upper(ctx, upper, sizeof upper);
    if (ctx->argc < 2) {
        ctx_errorf(ctx, error_text(ERR_WRONG_ARGS), ctx->cmd ? ctx->cmd->name : "");
        return;
    }
    char sub[129];
    size_t len = ctx->argv[1].len < sizeof sub - 1 ? ctx->argv[1].len : sizeof sub - 1;
    memcpy(sub, ctx->argv[1].ptr, len);
    sub[len] = '\0';
    ctx_errorf(ctx, error_text(ERR_UNKNOWN_SUBCMD), sub, upper);
}

/* ---- PING ECHO QUIT ---- */

/* The table's arity (-1) lets any count through, as Redis's does; PING takes at most one. */
void cmd_ping(struct cmd_ctx *ctx)
{
    if (ctx->argc > 2) {
        ctx_errorf(ctx, error_text(ERR_WRONG_ARGS), "ping");
    } else if (ctx->session && ctx->session->resp == 2 && pubsub_count(ctx->session) > 0) {
        /* subscribed mode: a pair, as Redis answers */
        reply_array(ctx->out, 2);
        reply_bulk_cstr(ctx->out, "pong");
        if (ctx->argc == 2)
            reply_bulk(ctx->out, ARG(ctx, 1));
        else
            reply_bulk(ctx->out, "", 0);
    } else if (ctx->argc == 1)
        reply_simple(ctx->out, "PONG");
    else
        reply_bulk(ctx->out, ARG(ctx, 1));
}

void cmd_echo(struct cmd_ctx *ctx)
{
    reply_bulk(ctx->out, ARG(ctx, 1));
}

void cmd_quit(struct cmd_ctx *ctx)
{
    reply_ok(ctx->out);
    session_close_after_reply(ctx->session);
}

/* ---- RESET HELLO SELECT AUTH ---- */

/* Switches the client's protocol. The open batch for another shard holds earlier commands, whose
 * replies keep the old protocol: it leaves now, so later commands start one in the new protocol.
 * This reply is already in the new one, as Redis sends it. */
static void set_protocol(struct cmd_ctx *ctx, int resp)
{
    struct session *c = ctx->session;
    if (c->resp != resp) route_flush_batch(ctx->w, c);
    c->resp = resp;
    ctx->out->resp = (uint8_t)resp;
}

/* Redis 7.0's clearClientConnectionState: database 0, RESP2, no name, and the authentication a
 * new connection has. NO-EVICT and the SETINFO attributes stay, as in Redis. */
void cmd_reset(struct cmd_ctx *ctx)
{
    struct session *c = ctx->session;
    multi_session_end(c);
    pubsub_session_end(c);
    tracking_disable(c);
    set_protocol(ctx, 2);
    c->db = 0;
    session_set_name(c, NULL, 0);
    c->user = acl_default_slot();
    c->authenticated = acl_default_nopass();
    reply_simple(ctx->out, "RESET");
}

void cmd_hello(struct cmd_ctx *ctx)
{
    struct session *c = ctx->session;
    long long ver = 0;
    int j = 1;
    if (ctx->argc >= 2) {
        if (!str_to_ll(ARG(ctx, 1), &ver)) {
            reply_err(ctx, ERR_PROTO_VERSION);
            return;
        }
        if (ver < 2 || ver > 3) {
            reply_err(ctx, ERR_NOPROTO);
            return;
        }
        j = 2;
    }
    const struct resp_arg *user = NULL, *pass = NULL, *name = NULL;
    for (; j < ctx->argc; j++) {
        int more = ctx->argc - 1 - j;
        if (CTX_ARG_IS(ctx, j, "auth") && more >= 2) {
            user = &ctx->argv[j + 1];
            pass = &ctx->argv[j + 2];
            j += 2;
        } else if (CTX_ARG_IS(ctx, j, "setname") && more >= 1) {
            name = &ctx->argv[j + 1];
            if (!attr_valid(name->ptr, name->len)) {
                reply_err(ctx, ERR_CLIENT_NAME);
                return;
            }
            j++;
        } else {
            ctx_errorf(ctx, error_text(ERR_HELLO_OPTION), ARG_PRINTF(ctx, j));
            return;
        }
    }
    if (user) {
        if (!auth_check(ctx, user, pass)) {
            reply_err(ctx, ERR_WRONGPASS);
            return;
        }
        c->authenticated = 1;
    }
    if (!c->authenticated) {
        ctx_error_text(ctx, error_text(ERR_HELLO_NOAUTH));
        return;
    }
    if (name) session_set_name(c, name->ptr, name->len);
    if (ver) set_protocol(ctx, (int)ver);

    /* Redis's version, not ours: clients gate features on it (see TESSERA_REDIS_VERSION). */
    struct reply *out = ctx->out;
    reply_map(out, 7);
    reply_bulk_cstr(out, "server");
    reply_bulk_cstr(out, "redis");
    reply_bulk_cstr(out, "version");
    reply_bulk_cstr(out, TESSERA_REDIS_VERSION);
    reply_bulk_cstr(out, "proto");
    reply_int(out, c->resp);
    reply_bulk_cstr(out, "id");
    reply_int(out, (long long)c->id);
    reply_bulk_cstr(out, "mode");
    reply_bulk_cstr(out, "standalone");
    reply_bulk_cstr(out, "role");
    reply_bulk_cstr(out, "master");
    reply_bulk_cstr(out, "modules");
    reply_array(out, 0);
}

void cmd_select(struct cmd_ctx *ctx)
{
    long long id;
    /* Redis parses the index as an int: beyond that range it is "not an integer". */
    if (!str_to_ll(ARG(ctx, 1), &id) || id < INT_MIN || id > INT_MAX) {
        reply_err(ctx, ERR_NOT_INT);
        return;
    }
    if (id < 0 || id >= ctx->w->shard.ndb) {
        reply_err(ctx, ERR_DB_INDEX);
        return;
    }
    ctx->session->db = (int)id;
    reply_ok(ctx->out);
}

void cmd_auth(struct cmd_ctx *ctx)
{
    if (ctx->argc > 3) {
        reply_err(ctx, ERR_SYNTAX);
        return;
    }
    struct resp_arg user = {.ptr = DEFAULT_USER, .len = strlen(DEFAULT_USER)};
    const struct resp_arg *pass;
    if (ctx->argc == 2) {
        /* Redis keeps the old error of the one-argument form when there is no password. */
        if (!requirepass_set()) {
            reply_err(ctx, ERR_AUTH_NOPASS);
            return;
        }
        pass = &ctx->argv[1];
    } else {
        user = ctx->argv[1];
        pass = &ctx->argv[2];
    }
    /* A failed attempt leaves the connection as it was, authenticated or not, as in Redis. */
    if (!auth_check(ctx, &user, pass)) {
        reply_err(ctx, ERR_WRONGPASS);
        return;
    }
    ctx->session->authenticated = 1;
    reply_ok(ctx->out);
}

/* ---- CLIENT: this connection ---- */

void cmd_client(struct cmd_ctx *ctx)
{
    cmd_reply_unknown_subcommand(ctx);
}

void cmd_client_id(struct cmd_ctx *ctx)
{
    reply_int(ctx->out, (long long)ctx->session->id);
}

void cmd_client_setname(struct cmd_ctx *ctx)
{
    if (!attr_valid(ARG(ctx, 2))) {
        reply_err(ctx, ERR_CLIENT_NAME);
        return;
    }
    session_set_name(ctx->session, ARG(ctx, 2));
    reply_ok(ctx->out);
}

void cmd_client_getname(struct cmd_ctx *ctx)
{
    if (ctx->session->name)
        reply_bulk_cstr(ctx->out, ctx->session->name);
    else
        reply_null(ctx->out);
}

void cmd_client_info(struct cmd_ctx *ctx)
{
    struct reply line;
    reply_init(&line, 2);
    session_describe(ctx->session, &line);
    reply_verbatim(ctx->out, line.data ? line.data : "", line.len);
    reply_free(&line);
}

void cmd_client_setinfo(struct cmd_ctx *ctx)
{
    struct session *c = ctx->session;
    char **dst;
    if (CTX_ARG_IS(ctx, 2, "lib-name")) {
        dst = &c->lib_name;
    } else if (CTX_ARG_IS(ctx, 2, "lib-ver")) {
        dst = &c->lib_ver;
    } else {
        ctx_errorf(ctx, error_text(ERR_SETINFO_OPTION), ARG_PRINTF(ctx, 2));
        return;
    }
    if (!attr_valid(ARG(ctx, 3))) {
        ctx_errorf(ctx, error_text(ERR_SETINFO_VALUE), ARG_PRINTF(ctx, 2));
        return;
    }
    attr_set(dst, ARG(ctx, 3));
    reply_ok(ctx->out);
}

void cmd_client_no_evict(struct cmd_ctx *ctx)
{
    if (CTX_ARG_IS(ctx, 2, "on")) {
        ctx->session->no_evict = 1;
    } else if (CTX_ARG_IS(ctx, 2, "off")) {
        ctx->session->no_evict = 0;
    } else {
        reply_err(ctx, ERR_SYNTAX);
        return;
    }
    reply_ok(ctx->out);
}

/* Redis 7.0's CLIENT HELP, less the subcommands we do not have, plus 7.2's SETINFO. */
static const char *const client_help[] = {
    "CACHING (YES|NO)",
    "    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
    "GETREDIR",
    "    Return the client ID we are redirecting to when tracking is enabled.",
    "GETNAME",
    "    Return the name of the current connection.",
    "ID",
    "    Return the ID of the current connection.",
    "INFO",
    "    Return information about the current client connection.",
    "KILL <ip:port>",
    "    Kill connection made from <ip:port>.",
    "KILL <option> <value> [<option> <value> [...]]",
    "    Kill connections. Options are:",
    "    * ADDR (<ip:port>|<unixsocket>:0)",
    "      Kill connections made from the specified address",
    "    * LADDR (<ip:port>|<unixsocket>:0)",
    "      Kill connections made to specified local address",
    "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
    "      Kill connections by type.",
    "    * USER <username>",
    "      Kill connections authenticated by <username>.",
    "    * SKIPME (YES|NO)",
    "      Skip killing current connection (default: yes).",
    "LIST [options ...]",
    "    Return information about client connections. Options:",
    "    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
    "      Return clients of specified type.",
    "UNPAUSE",
    "    Stop the current client pause, resuming traffic.",
    "PAUSE <timeout> [WRITE|ALL]",
    "    Suspend all, or just write, clients for <timeout> milliseconds.",
    "REPLY (ON|OFF|SKIP)",
    "    Control the replies sent to the current connection.",
    "SETNAME <name>",
    "    Assign the name <name> to the current connection.",
    "UNBLOCK <clientid> [TIMEOUT|ERROR]",
    "    Unblock the specified blocked client.",
    "SETINFO <option> <value>",
    "    Set client meta attr. Options are:",
    "    * LIB-NAME: the client lib name.",
    "    * LIB-VER: the client lib version.",
    "TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
    "         [OPTIN] [OPTOUT] [NOLOOP]",
    "    Control server assisted client side caching.",
    "TRACKINGINFO",
    "    Report tracking status for the current connection.",
    "NO-EVICT (ON|OFF)",
    "    Protect current client connection from eviction.",
    NULL,
};

void cmd_client_help(struct cmd_ctx *ctx)
{
    cmd_reply_help(ctx, client_help);
}

/* ---- CLIENT LIST: every worker's clients ---- */

/* One worker's lines, each with its client's id and where it ends in text: the answer puts them
 * in id order (Redis lists clients oldest first) or in the order the ids were asked in. */
struct list_part {
    struct reply text;
    uint64_t *ids;
    size_t *ends;
    size_t n, cap;
};

struct list_state {
    int match_none; /* TYPE names a kind of client we never have */
    size_t nids;
    long long *ids;
    int nparts;
    struct list_part parts[];
};

/* A line of the answer: which part and which of its lines. */
struct list_line {
    uint64_t id;
    int part;
    size_t line;
};

static int list_wants(const struct list_state *st, uint64_t id)
{
    for (size_t i = 0; i < st->nids; i++)
        if ((uint64_t)st->ids[i] == id) return 1;
    return 0;
}

struct list_walk {
    struct list_state *st;
    struct list_part *p;
};

static void list_one(struct session *c, void *arg)
{
    struct list_walk *lw = arg;
    struct list_part *p = lw->p;
    if (lw->st->nids && !list_wants(lw->st, c->id)) return;
    session_describe(c, &p->text);
    if (p->n == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 8;
        p->ids = mem_realloc(p->ids, p->cap * sizeof *p->ids);
        p->ends = mem_realloc(p->ends, p->cap * sizeof *p->ends);
    }
    p->ids[p->n] = c->id;
    p->ends[p->n] = p->text.len;
    p->n++;
}

static void list_part(struct worker *w, void *state, int idx)
{
    struct list_state *st = state;
    if (st->match_none) return;
    struct list_walk lw = {st, &st->parts[idx]};
    session_each(w, list_one, &lw);
}

static int list_line_cmp(const void *a, const void *b)
{
    const struct list_line *x = a, *y = b;
    return x->id < y->id ? -1 : x->id > y->id;
}

static void list_append(struct reply *all, const struct list_part *p, size_t j)
{
    size_t start = j ? p->ends[j - 1] : 0;
    reply_raw(all, p->text.data + start, p->ends[j] - start);
}

static void list_done(struct worker *w, void *state, struct reply *out)
{
    struct list_state *st = state;
    struct reply all;
    reply_init(&all, 2);
    if (!st->nids) {
        size_t total = 0;
        for (int i = 0; i < st->nparts; i++)
            total += st->parts[i].n;
        struct list_line *lines = mem_alloc((total ? total : 1) * sizeof *lines);
        size_t k = 0;
        for (int i = 0; i < st->nparts; i++)
            for (size_t j = 0; j < st->parts[i].n; j++)
                lines[k++] = (struct list_line){.id = st->parts[i].ids[j], .part = i, .line = j};
        qsort(lines, total, sizeof *lines, list_line_cmp);
        for (k = 0; k < total; k++)
            list_append(&all, &st->parts[lines[k].part], lines[k].line);
        mem_free(lines);
    } else {
        for (size_t k = 0; k < st->nids; k++)
            for (int i = 0; i < st->nparts; i++)
                for (size_t j = 0; j < st->parts[i].n; j++)
                    if (st->parts[i].ids[j] == (uint64_t)st->ids[k])
                        list_append(&all, &st->parts[i], j);
    }
    reply_verbatim(out, all.data ? all.data : "", all.len);
    reply_free(&all);
}

static void list_free(void *state)
{
    struct list_state *st = state;
    for (int i = 0; i < st->nparts; i++) {
        reply_free(&st->parts[i].text);
        mem_free(st->parts[i].ids);
        mem_free(st->parts[i].ends);
    }
    mem_free(st->ids);
    mem_free(st);
}

void cmd_client_list(struct cmd_ctx *ctx)
{
    int match_none = 0;
    size_t nids = 0;
    long long *ids = NULL;
    if (ctx->argc == 4 && CTX_ARG_IS(ctx, 2, "type")) {
        enum client_type t = client_type_of(ARG(ctx, 3));
        if (t == CT_UNKNOWN) {
            ctx_errorf(ctx, error_text(ERR_CLIENT_TYPE), ARG_PRINTF(ctx, 3));
            return;
        }
        match_none = t != CT_NORMAL; /* no replication or pub/sub: every client is normal */
    } else if (ctx->argc > 3 && CTX_ARG_IS(ctx, 2, "id")) {
        nids = (size_t)ctx->argc - 3;
        ids = mem_alloc(nids * sizeof *ids);
        for (size_t i = 0; i < nids; i++) {
            if (!str_to_ll(ARG(ctx, 3 + (int)i), &ids[i])) {
                mem_free(ids);
                ctx_error_text(ctx, error_text(ERR_CLIENT_ID_INVALID));
                return;
            }
        }
    } else if (ctx->argc != 2) {
        reply_err(ctx, ERR_SYNTAX);
        return;
    }
    int n = g_nworkers;
    struct list_state *st = mem_calloc(1, sizeof *st + (size_t)n * sizeof st->parts[0]);
    st->match_none = match_none;
    st->nids = nids;
    st->ids = ids;
    st->nparts = n;
    for (int i = 0; i < n; i++)
        reply_init(&st->parts[i].text, 2);
    fanout_start(ctx->w, ctx->session, list_part, list_done, st, list_free);
}

/* ---- CLIENT KILL: matching clients on every worker ---- */

/* The filters are copied out of the request: the query buffer moves while the fan-out runs. */
struct kill_state {
    uint64_t caller; /* the id of the client that asked */
    int cmd_id;      /* CLIENT KILL's, for its failed_calls */
    int skipme;
    int old_form;          /* CLIENT KILL ip:port: +OK or an error rather than a count */
    int match_none;        /* TYPE names a kind of client we never have (all are normal) */
    uint64_t id;           /* 0: any */
    struct acl_slot *user; /* NULL: any */
    char *addr, *laddr;    /* NULL: any */
    size_t addr_len, laddr_len;
    int nworkers;
    uint64_t killed[];
};

static int addr_matches(const char *have, const char *want, size_t want_len)
{
    return strlen(have) == want_len && memcmp(have, want, want_len) == 0;
}

struct kill_walk {
    struct kill_state *st;
    int idx;
};

static void kill_one(struct session *c, void *arg)
{
    struct kill_walk *kw = arg;
    struct kill_state *st = kw->st;
    if (st->addr && !addr_matches(c->addr, st->addr, st->addr_len)) return;
    if (st->laddr && !addr_matches(c->laddr, st->laddr, st->laddr_len)) return;
    if (st->id && c->id != st->id) return;
    if (st->user && c->user != st->user) return;
    if (c->id == st->caller) {
        if (st->skipme) return;
        /* The caller still gets the answer, then the connection closes. */
        session_close_after_reply(c);
    } else {
        session_close(c);
    }
    st->killed[kw->idx]++;
}

static void kill_part(struct worker *w, void *state, int idx)
{
    struct kill_state *st = state;
    if (st->match_none) return;
    struct kill_walk kw = {st, idx};
    session_each(w, kill_one, &kw);
}

static void kill_done(struct worker *w, void *state, struct reply *out)
{
    struct kill_state *st = state;
    uint64_t killed = 0;
    for (int i = 0; i < st->nworkers; i++)
        killed += st->killed[i];
    if (!st->old_form)
        reply_int(out, (long long)killed);
    else if (killed == 0) {
        /* answered here, not by the handler: counted as cmd_call counts a handler's error */
        reply_error(out, error_text(ERR_NO_SUCH_CLIENT));
        w->stats.cmd_failed[st->cmd_id]++;
        w->stats.error_counts[error_code_of(error_text(ERR_NO_SUCH_CLIENT))]++;
    } else
        reply_ok(out);
}

static void kill_free(void *state)
{
    struct kill_state *st = state;
    mem_free(st->addr);
    mem_free(st->laddr);
    mem_free(st);
}

void cmd_client_kill(struct cmd_ctx *ctx)
{
    int n = g_nworkers;
    struct kill_state *st = mem_calloc(1, sizeof *st + (size_t)n * sizeof st->killed[0]);
    st->caller = ctx->session->id;
    st->cmd_id = ctx->cmd->id;
    st->nworkers = n;
    st->skipme = 1;
    if (ctx->argc == 3) {
        /* The old form can kill the caller itself. */
        st->old_form = 1;
        st->skipme = 0;
        st->addr = mem_strndup(ARG(ctx, 2));
        st->addr_len = ctx->argv[2].len;
    } else {
        for (int i = 2; i < ctx->argc; i += 2) {
            int more = ctx->argc > i + 1;
            if (CTX_ARG_IS(ctx, i, "id") && more) {
                long long id;
                if (!str_to_ll(ARG(ctx, i + 1), &id) || id < 1) {
                    ctx_error_text(ctx, error_text(ERR_CLIENT_ID_RANGE));
                    goto fail;
                }
                st->id = (uint64_t)id;
            } else if (CTX_ARG_IS(ctx, i, "type") && more) {
                enum client_type t = client_type_of(ARG(ctx, i + 1));
                if (t == CT_UNKNOWN) {
                    ctx_errorf(ctx, error_text(ERR_CLIENT_TYPE), ARG_PRINTF(ctx, i + 1));
                    goto fail;
                }
                st->match_none = t != CT_NORMAL;
            } else if (CTX_ARG_IS(ctx, i, "addr") && more) {
                mem_free(st->addr);
                st->addr = mem_strndup(ARG(ctx, i + 1));
                st->addr_len = ctx->argv[i + 1].len;
            } else if (CTX_ARG_IS(ctx, i, "laddr") && more) {
                mem_free(st->laddr);
                st->laddr = mem_strndup(ARG(ctx, i + 1));
                st->laddr_len = ctx->argv[i + 1].len;
            } else if (CTX_ARG_IS(ctx, i, "user") && more) {
                const struct resp_arg *u = &ctx->argv[i + 1];
                st->user = acl_find(u->ptr, u->len);
                if (!st->user) {
                    ctx_errorf(ctx, error_text(ERR_NO_SUCH_USER), ARG_PRINTF(ctx, i + 1));
                    goto fail;
                }
            } else if (CTX_ARG_IS(ctx, i, "skipme") && more) {
                if (CTX_ARG_IS(ctx, i + 1, "yes")) {
                    st->skipme = 1;
                } else if (CTX_ARG_IS(ctx, i + 1, "no")) {
                    st->skipme = 0;
                } else {
                    reply_err(ctx, ERR_SYNTAX);
                    goto fail;
                }
            } else {
                reply_err(ctx, ERR_SYNTAX);
                goto fail;
            }
        }
    }
    fanout_start(ctx->w, ctx->session, kill_part, kill_done, st, kill_free);
    return;
fail:
    kill_free(st);
}
