/* Running one script or function (EVAL, FCALL) on the thread that holds its shards: the run's
 * context that redis.call reads, the undo log that lets it run again over more shards, the
 * busy-script record SCRIPT KILL and FUNCTION KILL look at, and the conversion of its result
 * into the client's reply. See docs/scripting.md. Worker threads. */
#ifndef TESSERA_SCRIPT_RUN_H
#define TESSERA_SCRIPT_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "cmd/exec_script.h"
#include "shard/undo.h"
#include "tessera/reply.h"

struct lua_State;

struct script_run {
    struct cmd_ctx *ctx;     /* the EVAL / FCALL */
    struct script_call call; /* what every redis.call of the run shares */
    const char *name;        /* the sha or the function's name, for error texts */
    int resp;                /* the protocol of redis.call's replies (redis.setresp) */
    int need_shards;         /* a call reached a shard not held: the run stops and is undone */
    int killed;              /* SCRIPT KILL / FUNCTION KILL stopped it */
    int is_function;
    int64_t start_ms;
    struct ks_undo undo;
    struct reply scratch; /* the reply of the call under way */
};

/* The run on this thread (NULL: none): redis.call's context. */
extern _Thread_local struct script_run *script_running;

/* How long the run has been going, in milliseconds. */
long long script_run_ms(const struct script_run *run);

/* Runs the function on top of L's stack (below it: nothing of the run's) with nargs arguments
 * pushed above it, as run, then answers into run->ctx: the result converted to the client's
 * protocol, or the error, or CMD_RESHARD (with every write undone) when it needs more shards. */
void script_run(struct lua_State *L, struct script_run *run, int nargs);

/* Raised inside the VM to stop a run (shards needed, killed): no pcall of the script keeps it. */
int script_abort_raise(struct lua_State *L);
/* Whether the run must stop (redis.pcall, pcall and xpcall re-raise then). */
int script_aborting(void);

/* The run under way wrote (SCRIPT KILL answers UNKILLABLE from now on). */
void script_note_wrote(void);

/* The bytes every worker's Lua VM held after its last run (INFO used_memory_vm_eval). */
size_t script_vm_bytes(void);

/* SCRIPT KILL (functions 0) and FUNCTION KILL (1): "" when a busy run was told to stop, else
 * Redis's error text (NOTBUSY, UNKILLABLE, or the other kind is running). */
const char *script_kill(int functions);
/* A busy run (past busy-reply-threshold) on some worker: 1 script, 2 function, 0 none. */
int script_busy_kind(void);
/* The run on this thread is past busy-reply-threshold: 1 a script, 2 a function, else 0. Only a
 * command Net takes while it polls (script_busy_poll) can see it set: the gate in cmd_execute. */
extern _Thread_local int script_busy_now;
/* Runs this thread has started (Net tells a new busy run from the one it already announced). */
extern _Thread_local uint64_t script_runs_started;
/* Redis's BUSY error text for a busy script (kind 1) or function (2). */
const char *script_busy_text(int kind);
/* The run on worker id (any thread may ask): 1 busy script, 2 busy function, 0 none busy. */
int script_worker_busy(int id);
/* Stops the run on w's thread at its next look (the server shuts down): as SCRIPT KILL, even
 * when it wrote. */
void script_stop_here(struct worker *w);
/* Net polls its sockets while a run is busy: set at start by Net (the worker loop), called by
 * the VM's hook on the running worker. */
extern void (*script_busy_poll)(struct worker *w);

#endif
