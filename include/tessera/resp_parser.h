/* RESP request parser: turns bytes from a client into argument vectors.
 * Multibulk (`*2\r\n$3\r\nGET\r\n...`) and inline (`PING\r\n`) requests, as Redis accepts them.
 * Incremental: an unfinished request is resumed where the last call stopped, so a request costs
 * time linear in its bytes however it is split. Called by the worker that owns the connection. */
#ifndef TESSERA_RESP_PARSER_H
#define TESSERA_RESP_PARSER_H

#include <stddef.h>
#include <stdint.h>

struct resp_arg {
    const char *ptr; /* into the parsed buffer, or into req->scratch for inline requests */
    size_t len;
};

struct resp_request {
    size_t argc; /* after RESP_DONE: the request's arguments in argv; 0 after any other status */
    size_t cap;
    struct resp_arg *argv;
    char *scratch; /* inline requests: unquoted arguments live here */
    size_t scratch_cap;
    /* Read-only for the caller. After RESP_INCOMPLETE: how many bytes at the start of buf the
     * unfinished request has already turned into complete arguments (its "*N" line included).
     * They must stay in the buffer, but they are parsed: like Redis 7.0, a caller may leave them
     * out of client-query-buffer-limit and count only the rest. 0 after DONE and ERROR. */
    size_t parsed_bytes;
    /* Private: where the unfinished request stands (see parser.c). */
    size_t multibulk_len; /* elements its "*N" line announced; 0 until that line is parsed */
    size_t args_done;     /* arguments complete so far, held in argv as offsets from buf */
    size_t scanned;       /* the line being waited for has no terminator before this offset */
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
void resp_request_free(struct resp_request *req);
/* Forgets an unfinished request, keeping the arrays: for a caller that drops its buffer, or
 * that parses bytes unrelated to the previous call's. */
void resp_request_reset(struct resp_request *req);

/* Parses the first request in buf[0..len). An empty inline line (a bare "\r\n") is DONE with
 * argc == 0, which callers skip. Arguments point into buf (multibulk) or req->scratch (inline),
 * valid until buf changes or the next call.
 *
 * After RESP_INCOMPLETE the next call must pass the same request again: buf starting at the
 * same first byte, holding the same bytes plus any that arrived since (len never shrinks). buf
 * itself may move (a realloc'd or compacted query buffer): the parser keeps offsets, never
 * pointers, between calls. To parse anything else first call resp_request_reset. After DONE or
 * ERROR no state is kept and buf may start anywhere. */
enum resp_status resp_parse(struct resp_request *req, const struct resp_limits *lim,
                            const char *buf, size_t len, size_t *consumed, const char **err);

/* A look ahead, parsing nothing for good: when buf starts with a whole multibulk request in
 * plain form, returns its length and puts its second argument (most commands' first key) in
 * *arg1 (len 0 when it has one argument); else 0. For prefetching a pipeline's keys. */
size_t resp_peek_arg1(const char *buf, size_t len, struct resp_arg *arg1);

#endif
