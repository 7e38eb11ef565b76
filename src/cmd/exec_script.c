/* The execution path of a command a script calls (see exec_script.h): Redis's checks for a
 * script's command and their texts, then cmd_call on the script's thread, where the script's
 * shards are held. A key on a shard the script does not hold stops here with the shards it
 * needs, so the script can run again holding them (docs/scripting.md). */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "cmd/acl.h"
#include "cmd/exec.h"
#include "cmd/exec_script.h"
#include "cmd/pubsub.h"
#include "cmd/session.h"
#include "resp/errors.h"
#include "server/evicting.h"
#include "server/worker.h"
#include "shard/undo.h"
#include "tessera/config.h"
#include "tessera/mem.h"
#include "tessera/slot.h"
#include "tessera/util.h"
#include "types/t_conn.h"

static enum script_call_status refuse(struct script_call *sc, const char *text)
{
    snprintf(sc->err, sizeof sc->err, "%s", text);
    return SCALL_REFUSED;
}

/* Connection commands a script may call: those that answer from the command line alone. SELECT
 * is the script's own (it changes the database of the script, not of its client). */
static int conn_allowed(const struct command *cmd)
{
    static const char *const ok[] = {"ping", "echo", "time", "lastsave", "publish", "spublish"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (strcmp(cmd->name, ok[i]) == 0) return 1;
    return 0;
}

static enum script_call_status script_select(struct script_call *sc, const struct resp_arg *arg)
{
    long long id;
    if (!str_to_ll(arg->ptr, arg->len, &id) || id < INT_MIN || id > INT_MAX)
        return refuse(sc, error_text(ERR_NOT_INT));
    if (id < 0 || id >= sc->outer->w->shard.ndb) return refuse(sc, error_text(ERR_DB_INDEX));
    sc->db = (int)id;
    reply_ok(sc->out);
    return SCALL_OK;
}

static enum script_call_status acl_refused(struct script_call *sc, const struct command *cmd,
                                           int argc, const struct resp_arg *argv)
{
    const struct acl_user *u = acl_user_of(sc->client->user);
    if (u->flags & ACL_ALLPERM) return SCALL_OK;
    /* A script run on its shard's owner (route.c) may not describe its client for the ACL log
     * from there: it runs again at home, on the client's worker. */
    if (sc->client->w != sc->outer->w) return SCALL_NEED_SHARDS;
    int pos = 0;
    enum acl_result r = acl_check(u, cmd, argc, argv, &pos);
    if (r == ACL_OK) return SCALL_OK;
    const char *object = cmd->name;
    size_t olen = strlen(object);
    if (r == ACL_DENIED_KEY || r == ACL_DENIED_CHANNEL) {
        object = argv[pos].ptr;
        olen = argv[pos].len;
    }
    acl_log_add(sc->client, r, 2, object, olen, u->name);
    if (r == ACL_DENIED_KEY)
        return refuse(sc, "ERR The user executing the script can't access at least one of the "
                          "keys mentioned in the command arguments");
    if (r == ACL_DENIED_CHANNEL)
        return refuse(sc, "ERR The user executing the script can't publish to the channel "
                          "mentioned in the command");
    return refuse(sc, "ERR The user executing the script can't run this command or subcommand");
}

/* Whether every shard the command touches is held; marks in sc->want those that are not. */
static int shards_held(struct script_call *sc, const struct command *cmd, int argc,
                       const struct resp_arg *argv)
{
    if (!sc->held) return 1;
    int missing = 0;
    /* A message sent cannot be taken back: a script publishes only where it cannot run again,
     * holding every shard. */
    if ((cmd->flags & CMD_PUBSUB) || cmd_needs_all_shards(cmd, argc, argv)) {
        for (int i = 0; i < g_nworkers; i++)
            if (!sc->held[i]) sc->want[i] = missing = 1;
        return !missing;
    }
    int keys_buf[32];
    int *keys = argc <= 32 ? keys_buf : mem_alloc((size_t)argc * sizeof(int));
    int n = cmd_key_positions(cmd, argc, argv, keys, argc);
    for (int k = 0; k < n; k++) {
        int s = shard_of_slot(slot_of_key(argv[keys[k]].ptr, argv[keys[k]].len), g_nworkers);
        if (!sc->held[s]) sc->want[s] = missing = 1;
    }
    if (keys != keys_buf) mem_free(keys);
    return !missing;
}

enum script_call_status cmd_script_call(struct script_call *sc, int argc,
                                        const struct resp_arg *argv)
{
    int unknown_sub;
    const struct command *cmd = cmd_resolve(argc, argv, &unknown_sub);
    if (!cmd || unknown_sub) return refuse(sc, "ERR Unknown Redis command called from script");
    if (!cmd_arity_ok(cmd, argc))
        return refuse(sc, "ERR Wrong number of args calling Redis command from script");
    if ((cmd->flags & CMD_NOSCRIPT) ||
        ((cmd->flags & CMD_CONN) && cmd->handler != cmd_select && !conn_allowed(cmd)))
        return refuse(sc, "ERR This Redis command is not allowed from script");
    if (sc->client) {
        enum script_call_status st = acl_refused(sc, cmd, argc, argv);
        if (st != SCALL_OK) return st;
    }
    if (((cmd->flags & CMD_WRITE) || (cmd->xflags & CMDX_MAY_REPLICATE)) && sc->read_only)
        return refuse(sc, "ERR Write commands are not allowed from read-only scripts.");
    if (CONFIG_GET(maxmemory) > 0 && !sc->allow_oom && !sc->wrote && (cmd->flags & CMD_DENYOOM) &&
        evicting_refuses(sc->outer->w))
        return refuse(sc, error_text(ERR_OOM));
    if (cmd->handler == cmd_select) return script_select(sc, &argv[1]);
    if (!shards_held(sc, cmd, argc, argv)) return SCALL_NEED_SHARDS;
    if (cmd->flags & CMD_WRITE) sc->wrote = 1;
    const struct cmd_ctx *o = sc->outer;
    struct cmd_ctx ctx = {.w = o->w,
                          .client = o->client,
                          .db = sc->db,
                          .argc = argc,
                          .argv = argv,
                          .out = sc->out,
                          .cmd = cmd,
                          .no_block = 1,
                          .in_script = 1,
                          .track = o->track,
                          .client_worker = o->client_worker,
                          .client_id = o->client_id};
    if (pubsub_monitoring()) pubsub_feed_monitors_script(o->w, cmd, sc->db, argc, argv);
    if ((cmd->flags & CMD_WRITE) && sc->undo) ks_undo_armed = sc->undo;
    cmd_call(&ctx);
    ks_undo_armed = NULL;
    return SCALL_OK;
}
