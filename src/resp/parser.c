/* RESP request parser: multibulk and inline requests, accepted and refused exactly as Redis 7.0's
 * processMultibulkBuffer / processInlineBuffer do, error texts included. Incremental: between
 * calls a multibulk request keeps its count, the offset to resume at and its complete arguments
 * (as offsets, since the caller's buffer may move); a line still waiting for its end is not
 * searched twice. A request that is whole in the buffer, the usual case under pipelining, is read
 * in one pass first (parse_whole); anything it does not take the general path reads from the
 * start. Called by the worker thread that owns the connection. */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "tessera/mem.h"
#include "tessera/resp_parser.h"
#include "tessera/splitargs.h"
#include "tessera/util.h"

#define ARGV_MIN 16
/* After a request that needed more, the arrays go back to the allocator when the next request
 * starts (never while one is under way), so a connection that sent one huge MSET does not hold
 * megabytes for the rest of its life. */
#define ARGV_KEEP    1024
#define SCRATCH_KEEP (64 * 1024)
/* Shortest bulk argument on the wire, "$0\r\n\r\n": bounds how many arguments a buffer holds. */
#define BULK_MIN_BYTES 6
/* Header lines are a few bytes; scan those inline before handing a long search to memchr. */
#define HEADER_SCAN 32

#define ERR_MBULK_LEN      "Protocol error: invalid multibulk length"
#define ERR_BULK_LEN       "Protocol error: invalid bulk length"
#define ERR_MBULK_TOO_BIG  "Protocol error: too big mbulk count string"
#define ERR_BULK_TOO_BIG   "Protocol error: too big bulk count string"
#define ERR_INLINE_TOO_BIG "Protocol error: too big inline request"
#define ERR_QUOTES         "Protocol error: unbalanced quotes in request"
/* Redis aborts when an allocation fails; dropping the one connection is the kinder outcome. */
#define ERR_OOM              "Protocol error: out of memory"
#define ERR_UNAUTH_MBULK     "Protocol error: unauthenticated multibulk length"
#define ERR_UNAUTH_BULK      "Protocol error: unauthenticated bulk length"
#define UNAUTH_MAX_MULTIBULK 10
#define UNAUTH_MAX_BULK      16384

/* The "expected '$'" text names the offending byte, so it is formatted per error; *err points
 * here and stays valid until this thread's next protocol error. */
static _Thread_local char expected_msg[64];

void resp_request_init(struct resp_request *req)
{
    memset(req, 0, sizeof(*req));
}

void resp_request_free(struct resp_request *req)
{
    mem_free(req->argv);
    mem_free(req->scratch);
    memset(req, 0, sizeof(*req));
}

/* Forgets where an unfinished request stood (inline: run after every request). */
static inline void state_clear(struct resp_request *req)
{
    req->parsed_bytes = 0;
    req->multibulk_len = 0;
    req->args_done = 0;
    req->scanned = 0;
}

void resp_request_reset(struct resp_request *req)
{
    req->argc = 0;
    state_clear(req);
}

static int argv_reserve(struct resp_request *req, size_t need)
{
    if (need <= req->cap) return 1;
    size_t cap = req->cap ? req->cap * 2 : ARGV_MIN;
    if (cap < need) cap = need;
    struct resp_arg *argv = mem_try_realloc(req->argv, cap * sizeof(*argv));
    if (!argv) return 0;
    req->argv = argv;
    req->cap = cap;
    return 1;
}

static inline int argv_push(struct resp_request *req, const char *ptr, size_t len)
{
    if (req->argc == req->cap && !argv_reserve(req, req->cap + 1)) return 0;
    req->argv[req->argc].ptr = ptr;
    req->argv[req->argc].len = len;
    req->argc++;
    return 1;
}

static inline const char *find_cr(const char *p, const char *end)
{
    const char *stop = (end - p > HEADER_SCAN) ? p + HEADER_SCAN : end;
    for (; p < stop; p++)
        if (*p == '\r') return p;
    if (p == end) return NULL;
    return memchr(p, '\r', (size_t)(end - p));
}

/* Where the search for the end of a line starting at off goes on: past what earlier calls
 * already searched in vain. */
static inline size_t scan_from(const struct resp_request *req, size_t off)
{
    return req->scanned > off ? req->scanned : off;
}

/* string2ll, with a fast path for the plain positive lengths that make up nearly every header
 * (18 digits cannot overflow). Anything else gets the full rules from str_to_ll. */
static inline int parse_number(const char *p, size_t n, long long *out)
{
    if (n - 1 < 18 && p[0] >= '1' && p[0] <= '9') {
        long long v = p[0] - '0';
        for (size_t i = 1; i < n; i++) {
            unsigned d = (unsigned)((unsigned char)p[i] - '0');
            if (d > 9) return 0;
            v = v * 10 + (long long)d;
        }
        *out = v;
        return 1;
    }
    return str_to_ll(p, n, out);
}

/* The "*N" line: DONE with the count and the offset just past the line once it is complete. */
static enum resp_status parse_count(struct resp_request *req, const struct resp_limits *lim,
                                    const char *buf, size_t len, long long *out, size_t *pos,
                                    const char **err)
{
    const char *end = buf + len;
    const char *cr = find_cr(buf + scan_from(req, 1), end);
    long long count;

    /* Like Redis, a header line is only looked at once its '\r' and one byte after it are in;
     * that byte is taken to be '\n' without checking. */
    if (!cr) {
        if (len > lim->max_inline) {
            *err = ERR_MBULK_TOO_BIG;
            return RESP_ERROR;
        }
        req->scanned = len;
        return RESP_INCOMPLETE;
    }
    if (cr + 1 >= end) {
        req->scanned = (size_t)(cr - buf);
        return RESP_INCOMPLETE;
    }
    if (!parse_number(buf + 1, (size_t)(cr - buf - 1), &count) ||
        (count > 0 && (uint64_t)count > lim->max_multibulk)) {
        *err = ERR_MBULK_LEN;
        return RESP_ERROR;
    }
    if (lim->unauthenticated && count > UNAUTH_MAX_MULTIBULK) {
        *err = ERR_UNAUTH_MBULK;
        return RESP_ERROR;
    }
    *out = count;
    *pos = (size_t)(cr - buf) + 2;
    return RESP_DONE;
}

/* Between calls the arguments of an unfinished request are kept as offsets from buf, since the
 * caller's buffer may move. Within a call they are pointers: a request that arrives whole, the
 * usual case, never converts, and one that does converts each argument twice in all. */
static void args_to_offsets(struct resp_arg *argv, size_t from, size_t to, const char *buf)
{
    for (size_t i = from; i < to; i++)
        argv[i].ptr = (const char *)(uintptr_t)(argv[i].ptr - buf);
}

static void args_to_pointers(struct resp_arg *argv, size_t n, const char *buf)
{
    for (size_t i = 0; i < n; i++)
        argv[i].ptr = buf + (uintptr_t)argv[i].ptr;
}

static enum resp_status parse_multibulk(struct resp_request *req, const struct resp_limits *lim,
                                        const char *buf, size_t len, size_t *consumed,
                                        const char **err)
{
    size_t count = req->multibulk_len;
    size_t pos = req->parsed_bytes;
    const char *from; /* where to look for the next '\r' */
    if (count) {
        from = buf + scan_from(req, pos);
    } else {
        long long announced;
        enum resp_status st = parse_count(req, lim, buf, len, &announced, &pos, err);
        if (st != RESP_DONE) return st;
        if (announced <= 0) {
            /* Redis skips "*0" and "*-1" without a reply. */
            *consumed = pos;
            return RESP_DONE;
        }
        count = (size_t)announced;
        from = buf + pos;
    }

    const char *end = buf + len;
    size_t n = req->args_done; /* those from earlier calls are held as offsets */
    enum resp_status st = RESP_INCOMPLETE;

    /* Reserve for the arguments this buffer can hold at most, never for a count that only a
     * client's say-so backs; argv_reserve grows geometrically as more arrives. */
    size_t fit = (len - pos) / BULK_MIN_BYTES + 1;
    size_t left = count - n;
    if (!argv_reserve(req, n + (left < fit ? left : fit))) {
        *err = ERR_OOM;
        return RESP_ERROR;
    }
    struct resp_arg *argv = req->argv;

    for (;;) {
        const char *hdr = buf + pos;
        long long blen;

        const char *cr = find_cr(from, end);
        if (!cr) {
            if (len - pos > lim->max_inline) {
                *err = ERR_BULK_TOO_BIG;
                st = RESP_ERROR;
                break;
            }
            req->scanned = len;
            break;
        }
        if (cr + 1 >= end) {
            req->scanned = (size_t)(cr - buf);
            break;
        }
        if (hdr[0] != '$') {
            snprintf(expected_msg, sizeof(expected_msg), "Protocol error: expected '$', got '%c'",
                     hdr[0]);
            *err = expected_msg;
            st = RESP_ERROR;
            break;
        }
        if (!parse_number(hdr + 1, (size_t)(cr - hdr - 1), &blen) || blen < 0 ||
            (uint64_t)blen > lim->max_bulk_len) {
            *err = ERR_BULK_LEN;
            st = RESP_ERROR;
            break;
        }
        if (lim->unauthenticated && blen > UNAUTH_MAX_BULK) {
            *err = ERR_UNAUTH_BULK;
            st = RESP_ERROR;
            break;
        }
        size_t data = (size_t)(cr - buf) + 2;
        /* The data and its CRLF; Redis skips those two bytes whatever they are. */
        if (len - data < (size_t)blen + 2) {
            /* Nothing can end the request before these bytes are in: exact when this is the
             * last argument, a lower bound otherwise. The header is read again next time; it
             * is a few bytes, and the caller waits for the data before calling. */
            *consumed = data + (size_t)blen + 2;
            req->scanned = (size_t)(cr - buf);
            break;
        }
        if (n == req->cap) {
            if (!argv_reserve(req, n + 1)) {
                *err = ERR_OOM;
                st = RESP_ERROR;
                break;
            }
            argv = req->argv;
        }
        argv[n].ptr = buf + data;
        argv[n].len = (size_t)blen;
        n++;
        pos = data + (size_t)blen + 2;
        from = buf + pos;
        if (n == count) {
            st = RESP_DONE;
            break;
        }
    }
    if (st == RESP_DONE) {
        if (req->args_done) args_to_pointers(argv, req->args_done, buf);
        req->argc = n;
        *consumed = pos;
    } else if (st == RESP_INCOMPLETE) {
        args_to_offsets(argv, req->args_done, n, buf);
        req->multibulk_len = count;
        req->args_done = n;
        req->parsed_bytes = pos;
    }
    return st;
}

/* The fast path's decimal: 1 to 18 digits (no leading zero but a lone "0"), then '\r' and one
 * more byte inside buf, as parse_number and the header rules above would take it. Returns where
 * the line ends, or NULL for anything else. */
static const char *plain_number_long(const char *p, const char *end, uint64_t *out)
{
    const char *start = p;
    const char *stop = end - p > 19 ? p + 19 : end;
    uint64_t v = 0;
    unsigned d;
    while (p < stop && (d = (unsigned)((unsigned char)*p - '0')) <= 9) {
        v = v * 10 + d;
        p++;
    }
    size_t n = (size_t)(p - start);
    if (n - 1 >= 18 || (start[0] == '0' && n > 1) || end - p < 2 || *p != '\r') return NULL;
    *out = v;
    return p + 2;
}

/* The same with at least 4 bytes at p: one or two digits, nearly every header, without a loop. */
static inline __attribute__((always_inline)) const char *
plain_number(const char *p, const char *end, uint64_t *out)
{
    unsigned d0 = (unsigned)((unsigned char)p[0] - '1');
    unsigned d1 = (unsigned)((unsigned char)p[1] - '0');
    if (d0 < 9) {
        if (p[1] == '\r') {
            *out = d0 + 1;
            return p + 3;
        }
        if (d1 <= 9 && p[2] == '\r') {
            *out = (d0 + 1) * 10 + d1;
            return p + 4;
        }
    }
    return plain_number_long(p, end, out);
}

/* A request that is whole in buf, "*N" and N bulks with plain lengths, within the limits and the
 * arguments already reserved: one pass that finds each line's end while reading its number, and
 * keeps nothing. 0 when the request is anything else (incomplete, an error, a rare form): the
 * general path then takes it from the start, with every rule and error text. */
static int parse_whole(struct resp_request *req, const struct resp_limits *lim, const char *buf,
                       size_t len, size_t *consumed)
{
    const char *end = buf + len;
    uint64_t count;
    if (len < 5) return 0;
    const char *p = plain_number(buf + 1, end, &count);
    if (!p || count == 0 || count > req->cap || count > lim->max_multibulk) return 0;
    struct resp_arg *argv = req->argv;
    const uint64_t max_bulk = lim->max_bulk_len;
    for (size_t i = 0; i < count; i++) {
        uint64_t blen;
        /* the shortest whole bulk, "$0\r\n\r\n", is 6 bytes: 5 leaves plain_number its 4 */
        if (end - p < 5 || *p != '$') return 0;
        p = plain_number(p + 1, end, &blen);
        if (!p || blen > max_bulk || (uint64_t)(end - p) < blen + 2) return 0;
        argv[i].ptr = p;
        argv[i].len = (size_t)blen;
        p += blen + 2; /* the data and its CRLF, skipped whatever they are, as Redis does */
    }
    req->argc = count;
    *consumed = (size_t)(p - buf);
    return 1;
}

size_t resp_peek_arg1(const char *buf, size_t len, struct resp_arg *arg1)
{
    const char *end = buf + len;
    uint64_t count;
    if (len < 5 || *buf != '*') return 0;
    const char *p = plain_number(buf + 1, end, &count);
    if (!p || count == 0) return 0;
    arg1->len = 0;
    for (uint64_t i = 0; i < count; i++) {
        uint64_t blen;
        if (end - p < 5 || *p != '$') return 0;
        p = plain_number(p + 1, end, &blen);
        if (!p || (uint64_t)(end - p) < blen + 2) return 0;
        if (i == 1) {
            arg1->ptr = p;
            arg1->len = (size_t)blen;
        }
        p += blen + 2;
    }
    return (size_t)(p - buf);
}

static int push_arg(const char *arg, size_t len, void *ctx)
{
    return argv_push(ctx, arg, len);
}

/* Splits an inline line into req->scratch, which argv then points into. Returns 1, 0 on
 * unbalanced quotes, -1 on OOM. */
static int split_args(struct resp_request *req, const char *line, size_t n)
{
    if (n > req->scratch_cap) {
        char *s = mem_try_realloc(req->scratch, n);
        if (!s) return -1;
        req->scratch = s;
        req->scratch_cap = n;
    }
    return splitargs(line, n, req->scratch, push_arg, req);
}

static enum resp_status parse_inline(struct resp_request *req, const struct resp_limits *lim,
                                     const char *buf, size_t len, size_t *consumed,
                                     const char **err)
{
    size_t from = scan_from(req, 0);
    const char *nl = memchr(buf + from, '\n', len - from);
    if (!nl) {
        if (len > lim->max_inline) {
            *err = ERR_INLINE_TOO_BIG;
            return RESP_ERROR;
        }
        req->scanned = len;
        return RESP_INCOMPLETE;
    }
    size_t line = (size_t)(nl - buf);
    size_t used = line + 1;
    if (line > 0 && buf[line - 1] == '\r') line--;

    int rc = split_args(req, buf, line);
    if (rc <= 0) {
        *err = rc == 0 ? ERR_QUOTES : ERR_OOM;
        return RESP_ERROR;
    }
    *consumed = used;
    return RESP_DONE;
}

enum resp_status resp_parse(struct resp_request *req, const struct resp_limits *lim,
                            const char *buf, size_t len, size_t *consumed, const char **err)
{
    *consumed = 0;
    *err = NULL;
    req->argc = 0;
    assert(len >= req->parsed_bytes && len >= req->scanned);
    /* Only between requests: shrinking under a big one would copy it again and again. */
    if (req->multibulk_len == 0 && req->cap > ARGV_KEEP) {
        mem_free(req->argv);
        req->argv = NULL;
        req->cap = 0;
    }
    if (req->scratch_cap > SCRATCH_KEEP) {
        mem_free(req->scratch);
        req->scratch = NULL;
        req->scratch_cap = 0;
    }
    if (len == 0) return RESP_INCOMPLETE;
    /* Between requests, a whole one in the buffer: the usual case under pipelining. */
    if (buf[0] == '*' && req->multibulk_len == 0 && !lim->unauthenticated &&
        parse_whole(req, lim, buf, len, consumed)) {
        req->scanned = 0;
        return RESP_DONE;
    }
    enum resp_status st = buf[0] == '*' ? parse_multibulk(req, lim, buf, len, consumed, err)
                                        : parse_inline(req, lim, buf, len, consumed, err);
    if (st == RESP_INCOMPLETE) return st;
    if (st == RESP_ERROR) req->argc = 0;
    state_clear(req);
    return st;
}
