/* The session calls made of other session calls (cmd/session.h), so that Net and the unit
 * tests' fake Net implement only what touches a socket. Client's worker thread. */
#include <string.h>

#include "cmd/session.h"

void session_resume(struct session *s)
{
    s->refs--;
    if (s->closing) {
        session_release(s);
        return;
    }
    session_mark_dirty(s);
    session_process_input(s);
}

int session_is_local(const struct session *s)
{
    if (!s) return 0;
    return strncmp(s->addr, "127.0.0.1:", 10) == 0 || strncmp(s->addr, "[::1]:", 6) == 0;
}
