/* Commands a script calls (redis.call, redis.pcall): the execution path for them, in the order
 * Redis checks a script's command (look-up, arity, noscript, ACL, read-only script, out of
 * memory), then whether the script holds the shards of its keys, then cmd_call. Worker threads,
 * on the thread running the script. See docs/scripting.md. */
#ifndef TESSERA_EXEC_SCRIPT_H
#define TESSERA_EXEC_SCRIPT_H

#include <stdint.h>

#include "cmd/cmd.h"

struct session;
struct ks_undo;

enum script_call_status {
    SCALL_OK,          /* it ran: its reply (maybe an error reply) is in out */
    SCALL_REFUSED,     /* refused before it ran: err holds the text, with its code */
    SCALL_NEED_SHARDS, /* a key lives on a shard the script does not hold: marked in want */
};

struct script_call {
    struct cmd_ctx *outer;  /* the EVAL / FCALL running the script */
    struct session *client; /* the client the script runs for (its user), NULL: none */
    const uint8_t *held;    /* the shards held, one byte per shard; NULL: every shard */
    uint8_t *want;          /* g_nworkers bytes: shards the script needs besides */
    int db;                 /* the script's selected database (SELECT in a script is its own) */
    unsigned read_only : 1; /* EVAL_RO, FCALL_RO, no-writes: writes refused */
    unsigned allow_oom : 1; /* the allow-oom flag: no out-of-memory refusal */
    unsigned wrote : 1;     /* a write ran (out of memory is refused only before the first) */
    struct reply *out;      /* the command's reply, in the script's protocol */
    struct ks_undo *undo;   /* where write commands record what they change, NULL: nowhere */
    char err[256];
};

enum script_call_status cmd_script_call(struct script_call *sc, int argc,
                                        const struct resp_arg *argv);

#endif
