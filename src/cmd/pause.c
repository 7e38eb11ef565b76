/* CLIENT PAUSE's gate: a held command is copied out of the query buffer into a record on its
 * worker's list (w->paused, oldest first) and its client waits, holding a reference; the
 * worker's loop calls pause_turn, which runs the commands again through cmd_execute once the
 * pause is over (a new pause may hold them again). Worker threads only. */
#include <stdatomic.h>
#include <sys/time.h>

#include "cmd/exec.h"
#include "cmd/gates.h"
#include "cmd/multi.h"
#include "cmd/pause.h"
#include "cmd/pubsub.h"
#include "cmd/session.h"
#include "dispatch/dispatch.h"
#include "dispatch/txn.h"
#include "server/worker.h"
#include "tessera/mem.h"

_Atomic uint64_t g_pause_state;

#define STATE_TYPE(st) ((int)((st)&3))
#define STATE_END(st)  ((int64_t)((st) >> 2))

struct paused_cmd {
    struct paused_cmd *next;
    struct session *s;
    int argc;
    struct resp_arg *argv;
    char *arena;
    int skip; /* held under CLIENT REPLY SKIP: its reply is still not sent when it runs */
};

static int64_t unix_ms(void)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    return (int64_t)tv.tv_sec * 1000 + tv.tv_usec / 1000;
}

void pause_start(enum pause_type type, int64_t end_ms)
{
    uint64_t old = atomic_load(&g_pause_state), next;
    do {
        int t = (int)type;
        int64_t end = end_ms;
        if (STATE_TYPE(old) != PAUSE_NONE && STATE_END(old) > unix_ms()) {
            /* lengthen or tighten the pause in force */
            if (STATE_TYPE(old) > t) t = STATE_TYPE(old);
            if (STATE_END(old) > end) end = STATE_END(old);
        }
        next = end > 0 ? (uint64_t)end << 2 | (uint64_t)t : 0;
    } while (!atomic_compare_exchange_weak(&g_pause_state, &old, next));
    gates_refresh();
}

void pause_stop(void)
{
    atomic_store(&g_pause_state, 0);
    gates_refresh();
}

/* The pause in force now, ending it when its time has passed (only the pause it read: a newer
 * one stored meanwhile stays). */
static int pause_now(void)
{
    uint64_t st = atomic_load_explicit(&g_pause_state, memory_order_relaxed);
    if (st == 0) return PAUSE_NONE;
    if (unix_ms() >= STATE_END(st)) {
        if (atomic_compare_exchange_strong(&g_pause_state, &st, 0)) gates_refresh();
        return PAUSE_NONE;
    }
    return STATE_TYPE(st);
}

int pause_writes_paused(void)
{
    return __builtin_expect(atomic_load_explicit(&g_pause_state, memory_order_relaxed) != 0, 0) &&
           pause_now() != PAUSE_NONE;
}

/* Redis's "may replicate": writes, PUBLISH and SPUBLISH, and an EXEC whose block has one. */
static int covered_by_write_pause(const struct session *s, const struct command *cmd)
{
    if (cmd->flags & CMD_WRITE) return 1;
    if (cmd->handler == cmd_publish || cmd->handler == cmd_spublish) return 1;
    if (cmd->handler == cmd_exec) return multi_queued_flags(s, CMD_WRITE);
    return 0;
}

int pause_hold(struct session *s, const struct command *cmd, int argc, const struct resp_arg *argv)
{
    int type = pause_now();
    if (type == PAUSE_NONE || (type == PAUSE_WRITE && !covered_by_write_pause(s, cmd))) return 0;
    struct worker *w = s->w;
    route_flush_batch(w, s); /* earlier commands go on meanwhile */
    struct paused_cmd *p = mem_calloc(1, sizeof *p);
    p->s = s;
    p->argc = argc;
    p->argv = txn_copy_args(argc, argv, &p->arena);
    p->skip = s->reply_quiet_now && !s->reply_off;
    struct paused_cmd **tail = &w->paused;
    while (*tail)
        tail = &(*tail)->next;
    *tail = p;
    s->waiting = 1;
    s->refs++;
    return 1;
}

int64_t pause_turn(struct worker *w, int64_t now_ms)
{
    (void)now_ms;
    if (!w->paused) return -1;
    /* At shutdown every client is closing: let them go so that they can be freed. */
    if (pause_now() != PAUSE_NONE && !atomic_load(&g_shutdown)) {
        int64_t left = STATE_END(atomic_load(&g_pause_state)) - unix_ms();
        return left > 0 ? left : 0;
    }
    /* Taken off the list first: a command run here may be held again by a newer pause. */
    struct paused_cmd *p = w->paused;
    w->paused = NULL;
    while (p) {
        struct paused_cmd *next = p->next;
        struct session *s = p->s;
        s->waiting = 0;
        if (!s->closing) {
            if (p->skip) s->reply_skip_next = 1;
            cmd_execute(s, p->argc, p->argv);
            route_flush_batch(w, s);
        }
        mem_free(p->arena);
        mem_free(p);
        session_resume(s); /* its reference; the rest of its input, or its release */
        p = next;
    }
    return w->paused ? 0 : -1;
}
