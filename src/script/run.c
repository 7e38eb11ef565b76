/* Running a script or function (see run.h): the Lua call with Redis's error handler, the hook
 * that stops a run (it needs more shards, or SCRIPT KILL) and notices a busy one, the undo on a
 * run that must go again, and the result or error written for the client. */
#include <lauxlib.h>
#include <lua.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cmd/gates.h"
#include "cmd/pubsub.h"
#include "script/convert.h"
#include "script/run.h"
#include "script/vm.h"
#include "server/log.h"
#include "server/worker.h"
#include "tessera/config.h"

#define HOOK_EVERY 100000 /* VM instructions between looks at the clock and the kill flag */
#define GC_EVERY   50     /* runs between incremental collection steps */

_Thread_local struct script_run *script_running;
_Thread_local int script_busy_now;
_Thread_local uint64_t script_runs_started;
void (*script_busy_poll)(struct worker *w);

static char abort_token;

/* What SCRIPT KILL and FUNCTION KILL see of each worker's run (any thread reads it). */
struct busy_run {
    _Atomic int running;  /* a run is under way */
    _Atomic int busy;     /* ... past busy-reply-threshold */
    _Atomic int function; /* ... of a function (FCALL) */
    _Atomic int wrote;
    _Atomic int kill;
    _Atomic size_t vm_bytes; /* its VM's size after its last run */
};
static struct busy_run busy_runs[256];

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long long script_run_ms(const struct script_run *run)
{
    return (long long)(mono_ms() - run->start_ms);
}

int script_abort_raise(lua_State *L)
{
    lua_pushlightuserdata(L, &abort_token);
    return lua_error(L);
}

int script_aborting(void)
{
    struct script_run *r = script_running;
    return r && (r->need_shards || r->killed);
}

void script_note_wrote(void)
{
    struct script_run *r = script_running;
    if (r) atomic_store_explicit(&busy_runs[r->ctx->w->id].wrote, 1, memory_order_relaxed);
}

static void hook(lua_State *L, lua_Debug *ar)
{
    (void)ar;
    struct script_run *run = script_running;
    if (!run) return;
    struct worker *w = run->ctx->w;
    struct busy_run *b = &busy_runs[w->id];
    if (!run->killed && atomic_load_explicit(&b->kill, memory_order_relaxed)) {
        run->killed = 1;
        log_msg(LOG_WARNING, "Lua script killed by user with SCRIPT KILL.");
    }
    if (run->need_shards || run->killed) {
        /* every line from now on, so no pcall of the script can keep it going */
        lua_sethook(L, hook, LUA_MASKLINE, 0);
        script_abort_raise(L);
        return;
    }
    long long limit =
        atomic_load_explicit(&g_config.inert.busy_reply_threshold, memory_order_relaxed);
    if (limit > 0 && mono_ms() - run->start_ms >= limit) {
        if (!atomic_load_explicit(&b->busy, memory_order_relaxed)) {
            atomic_store(&b->busy, 1);
            script_busy_now = run->is_function ? 2 : 1;
            gates_refresh(); /* the BUSY gate, for what Net takes while it polls */
            log_msg(LOG_WARNING,
                    "Slow script detected: still in execution after %lld milliseconds. You can "
                    "try killing the script using the %s command. Script name is: %s.",
                    (long long)(mono_ms() - run->start_ms),
                    run->is_function ? "FUNCTION KILL" : "SCRIPT KILL", run->name);
        }
        if (script_busy_poll) script_busy_poll(w);
    }
}

size_t script_vm_bytes(void)
{
    size_t n = 0;
    for (int i = 0; i < g_nworkers; i++)
        n += atomic_load_explicit(&busy_runs[i].vm_bytes, memory_order_relaxed);
    return n;
}

const char *script_busy_text(int kind)
{
    return kind == 2 ? "BUSY Redis is busy running a script. You can only call FUNCTION KILL or "
                       "SHUTDOWN NOSAVE."
                     : "BUSY Redis is busy running a script. You can only call SCRIPT KILL or "
                       "SHUTDOWN NOSAVE.";
}

int script_worker_busy(int id)
{
    if (id < 0 || id >= g_nworkers) return 0;
    struct busy_run *b = &busy_runs[id];
    if (!atomic_load_explicit(&b->busy, memory_order_acquire)) return 0;
    return atomic_load_explicit(&b->function, memory_order_relaxed) ? 2 : 1;
}

void script_stop_here(struct worker *w)
{
    atomic_store(&busy_runs[w->id].kill, 1);
}

int script_busy_kind(void)
{
    for (int i = 0; i < g_nworkers; i++)
        if (atomic_load(&busy_runs[i].busy)) return atomic_load(&busy_runs[i].function) ? 2 : 1;
    return 0;
}

const char *script_kill(int functions)
{
    for (int i = 0; i < g_nworkers; i++) {
        struct busy_run *b = &busy_runs[i];
        if (!atomic_load(&b->running) || !atomic_load(&b->busy)) continue;
        if (atomic_load(&b->wrote))
            return "UNKILLABLE Sorry the script already executed write commands against the "
                   "dataset. You can either wait the script termination or kill the server in a "
                   "hard way using the SHUTDOWN NOSAVE command.";
        int is_function = atomic_load(&b->function);
        if (!functions != !is_function) return script_busy_text(is_function ? 2 : 1);
        atomic_store(&b->kill, 1);
        return "";
    }
    return "NOTBUSY No scripts in execution right now.";
}

/* The error a run ended with (the handler's table: err, source, line), as the client's reply. */
static void write_error(lua_State *L, struct script_run *run)
{
    static _Thread_local char text[1024];
    struct cmd_ctx *ctx = run->ctx;
    const char *msg = NULL, *source = NULL, *line = NULL;
    char linebuf[32];
    if (lua_istable(L, -1)) {
        lua_getfield(L, -1, "err");
        if (lua_isstring(L, -1)) msg = lua_tostring(L, -1);
        lua_getfield(L, -2, "source");
        if (lua_isstring(L, -1)) source = lua_tostring(L, -1);
        lua_getfield(L, -3, "line");
        if (lua_isnumber(L, -1)) {
            snprintf(linebuf, sizeof linebuf, "%lld", (long long)lua_tonumber(L, -1));
            line = linebuf;
        } else if (lua_isstring(L, -1)) {
            line = lua_tostring(L, -1);
        }
    }
    if (run->killed) msg = "ERR Script killed by user with SCRIPT KILL...";
    if (!msg) {
        snprintf(text, sizeof text, "ERR Error running script %s, %.100s", run->name,
                 lua_isstring(L, -1) ? lua_tostring(L, -1) : "execution failure");
    } else if (source && line) {
        snprintf(text, sizeof text, "%s script: %s, on %s:%s.", msg, run->name, source, line);
    } else {
        snprintf(text, sizeof text, "%s", msg);
    }
    for (char *p = text; *p; p++)
        if (*p == '\r' || *p == '\n') *p = ' ';
    ctx_error_text(ctx, text);
}

void script_run(lua_State *L, struct script_run *run, int nargs)
{
    static _Thread_local unsigned runs;
    struct cmd_ctx *ctx = run->ctx;
    struct worker *w = ctx->w;
    struct busy_run *b = &busy_runs[w->id];
    script_vm_push_error_handler(L);
    lua_insert(L, -(nargs + 2));
    int base = lua_gettop(L) - nargs - 1; /* the handler */
    run->resp = 2;
    run->start_ms = mono_ms();
    reply_init(&run->scratch, 2);
    run->call.outer = ctx;
    run->call.client = (struct session *)ctx->client; /* this thread's: the coordinator's */
    run->call.held = ctx->held;
    run->call.want = ctx->reshard;
    run->call.undo = ctx->held ? &run->undo : NULL;

    struct pubsub_events *events = NULL;
    struct pubsub_events **outer = pubsub_sink_swap(&events);
    atomic_store(&b->kill, 0);
    atomic_store(&b->wrote, 0);
    atomic_store(&b->function, run->is_function);
    atomic_store(&b->running, 1);
    script_runs_started++;
    script_running = run;
    lua_sethook(L, hook, LUA_MASKCOUNT, HOOK_EVERY);
    int err = lua_pcall(L, nargs, 1, base);
    lua_sethook(L, NULL, 0, 0);
    script_running = NULL;
    atomic_store(&b->running, 0);
    atomic_store(&b->busy, 0);
    if (script_busy_now) gates_refresh();
    script_busy_now = 0;
    pubsub_sink_swap(outer);
    reply_free(&run->scratch);

    if (run->need_shards && !run->killed) {
        /* Nothing of this run may show: its writes go back, its events are dropped. */
        undo_rollback(&run->undo);
        undo_discard(&run->undo);
        pubsub_sink_free(events);
        lua_settop(L, base - 1);
        ctx->status = CMD_RESHARD;
        return;
    }
    undo_discard(&run->undo);
    if (events) {
        if (outer)
            pubsub_events_append(outer, events);
        else
            pubsub_sink_publish(w, events);
    }
    if (err) {
        write_error(L, run);
    } else if (script_write_result(L, ctx->out, run->resp)) {
        ctx->status = CMD_ERR;
        ctx->error = "ERR";
    }
    lua_settop(L, base - 1);
    if (++runs % GC_EVERY == 0) lua_gc(L, LUA_GCSTEP, GC_EVERY);
    atomic_store_explicit(&b->vm_bytes, script_vm_memory(w), memory_order_relaxed);
}
