/* The session calls made of other session calls (cmd/session.h), so that Net and the unit
 * tests' fake Net implement only what touches a socket. Client's worker thread. */
#include <string.h>

#include "cmd/session.h"
#include "tessera/config.h"
#include "tessera/mem.h"

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

const char *session_name(const struct session *s)
{
    const char *n = s ? atomic_load_explicit(&s->name, memory_order_acquire) : NULL;
    return n ? n : "";
}

/* An empty name clears it (NULL), as in Redis. The old one may be in another worker's hands. */
void session_set_name(struct session *s, const char *p, size_t len)
{
    char *old =
        atomic_exchange_explicit(&s->name, len ? mem_strndup(p, len) : NULL, memory_order_acq_rel);
    if (old) config_retire(old);
}
