/* CLIENT PAUSE's gate: a held command is copied out of the query buffer into a record on its
 * worker's list (w->paused, oldest first) and its client waits, holding a reference; the
 * worker's loop calls pause_turn, which runs the commands again through cmd_execute once the
 * pause is over (a new pause may hold them again). Worker threads only. */
#include <stdatomic.h>
#include <sys/time.h>

#include "cmd/exec.h"
#include "cmd/multi.h"
#include "cmd/pause.h"
#include "cmd/pubsub.h"
#include "cmd/session.h"
#include "dispatch/dispatch.h"
#include "dispatch/txn.h"
#include "server/worker.h"
#include "tessera/mem.h"

_Atomic int g_pause_type;
_Atomic int64_t g_pause_end_ms;

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
    int old = atomic_load(&g_pause_type);
    int64_t old_end = atomic_load(&g_pause_end_ms);
    if (old != PAUSE_NONE && old_end > unix_ms()) {
        /* Lengthen or tighten the pause in force; a CAS race between two CLIENT PAUSE calls
         * leaves one of the two, as two calls in any order would. */
        if ((int)type < old) type = (enum pause_type)old;
        if (end_ms < old_end) end_ms = old_end;
    }
    atomic_store(&g_pause_end_ms, end_ms);
    atomic_store(&g_pause_type, (int)type);
}

void pause_stop(void)
{
    atomic_store(&g_pause_type, PAUSE_NONE);
    atomic_store(&g_pause_end_ms, 0);
}

/* The pause in force now, ending it when its time has passed. */
static int pause_now(void)
{
    int type = atomic_load_explicit(&g_pause_type, memory_order_relaxed);
    if (type == PAUSE_NONE) return PAUSE_NONE;
    if (unix_ms() >= atomic_load(&g_pause_end_ms)) {
        atomic_compare_exchange_strong(&g_pause_type, &type, PAUSE_NONE);
        return PAUSE_NONE;
    }
    return type;
}

int pause_writes_paused(void)
{
    return __builtin_expect(atomic_load_explicit(&g_pause_type, memory_order_relaxed) != 0, 0) &&
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
        int64_t left = atomic_load(&g_pause_end_ms) - unix_ms();
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
