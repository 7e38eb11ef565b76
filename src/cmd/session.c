/* The session calls made of other session calls (cmd/session.h), so that Net and the unit
 * tests' fake Net implement only what touches a socket. Client's worker thread. */
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
