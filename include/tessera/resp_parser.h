/* RESP request parser: turns bytes from a client into argument vectors.
 * Multibulk (`*2\r\n$3\r\nGET\r\n...`) and inline (`PING\r\n`) requests, as Redis accepts them.
 * Pure function of its input, called by the worker that owns the connection. */
#ifndef TESSERA_RESP_PARSER_H
#define TESSERA_RESP_PARSER_H

#include <stddef.h>
#include <stdint.h>

struct resp_arg {
    const char *ptr; /* into the parsed buffer, or into req->scratch for inline requests */
    size_t len;
};

struct resp_request {
    size_t argc;
    size_t cap;
    struct resp_arg *argv;
    char *scratch; /* inline requests: unquoted arguments live here */
    size_t scratch_cap;
};

struct resp_limits {
    uint64_t max_bulk_len;  /* proto-max-bulk-len */
    uint64_t max_multibulk; /* largest element count of a request (Redis 7.0: INT_MAX) */
    size_t max_inline;      /* largest inline request (Redis: 64 KiB) */
    int unauthenticated;    /* before AUTH: at most 10 elements and 16 KiB bulks, as Redis */
};

enum resp_status {
    RESP_DONE = 0, /* one request parsed; *consumed bytes used */
    RESP_INCOMPLETE =
        1, /* need more bytes; *consumed is the total a complete request needs when known, else 0 */
    /* (While a bulk's data is awaited, *consumed is where that data ends: the exact total for
     * the last argument, a lower bound for an earlier one. Nothing can be decided before then.) */
    RESP_ERROR = 2, /* protocol error; *err names it (without "ERR "), connection must close */
};

void resp_request_init(struct resp_request *req);
/* PLACEHOLDER until the incremental parser lands. */
static inline size_t resp_request_done_bytes(const struct resp_request *req)
{
    (void)req;
    return 0;
}
void resp_request_free(struct resp_request *req);

/* Parses the first request in buf[0..len). An empty inline line (a bare "\r\n") is DONE with
 * argc == 0, which callers skip. Arguments point into buf (multibulk) or req->scratch (inline),
 * valid until buf changes or the next call. */
enum resp_status resp_parse(struct resp_request *req, const struct resp_limits *lim,
                            const char *buf, size_t len, size_t *consumed, const char **err);

#endif
