/* Reply writer (see tessera/reply.h): RESP2 and RESP3 encodings into a growable buffer.
 * Runs on whichever thread owns the buffer at the time. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "tessera/mem.h"
#include "tessera/reply.h"

void reply_init(struct reply *r, int resp)
{
    r->data = NULL;
    r->len = r->cap = 0;
    r->resp = (uint8_t)resp;
}

void reply_free(struct reply *r)
{
    mem_free(r->data);
    r->data = NULL;
    r->len = r->cap = 0;
}

void reply_reset(struct reply *r)
{
    r->len = 0;
}

void reply_reserve(struct reply *r, size_t extra)
{
    if (r->len + extra <= r->cap) return;
    size_t cap = r->cap ? r->cap : 256;
    while (cap < r->len + extra)
        cap *= 2;
    r->data = mem_realloc(r->data, cap);
    r->cap = mem_usable(r->data);
}

void reply_raw(struct reply *r, const void *p, size_t n)
{
    if (n == 0) return; /* p may be the NULL data of an empty reply */
    reply_reserve(r, n);
    memcpy(r->data + r->len, p, n);
    r->len += n;
}

/* "<type><n>\r\n" at p, which has room for 32 bytes; returns its end. */
static inline char *put_header(char *p, char type, long long n)
{
    *p++ = type;
    if ((unsigned long long)n < 100) { /* most lengths, counts and small integers */
        if (n >= 10) *p++ = (char)('0' + n / 10);
        *p++ = (char)('0' + n % 10);
    } else {
        p += ll_to_str(p, 24, n);
    }
    *p++ = '\r';
    *p++ = '\n';
    return p;
}

static void reply_header(struct reply *r, char type, long long n)
{
    reply_reserve(r, 32);
    r->len = (size_t)(put_header(r->data + r->len, type, n) - r->data);
}

void reply_ok(struct reply *r)
{
    reply_raw(r, "+OK\r\n", 5);
}

void reply_simple(struct reply *r, const char *s)
{
    size_t n = strlen(s);
    reply_reserve(r, n + 3);
    r->data[r->len++] = '+';
    memcpy(r->data + r->len, s, n);
    r->len += n;
    r->data[r->len++] = '\r';
    r->data[r->len++] = '\n';
}

/* Error text may not hold newlines: Redis replaces them with spaces. */
static void reply_error_len(struct reply *r, const char *msg, size_t n)
{
    reply_reserve(r, n + 3);
    r->data[r->len++] = '-';
    for (size_t i = 0; i < n; i++) {
        char c = msg[i];
        r->data[r->len++] = (c == '\r' || c == '\n') ? ' ' : c;
    }
    r->data[r->len++] = '\r';
    r->data[r->len++] = '\n';
}

void reply_error(struct reply *r, const char *msg)
{
    reply_error_len(r, msg, strlen(msg));
}

void reply_errorf(struct reply *r, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0) n = 0;
    if ((size_t)n >= sizeof buf) n = sizeof buf - 1;
    reply_error_len(r, buf, (size_t)n);
}

void reply_int(struct reply *r, long long v)
{
    reply_header(r, ':', v);
}

void reply_bulk(struct reply *r, const char *p, size_t n)
{
    reply_reserve(r, n + 34); /* header and data at once */
    char *q = put_header(r->data + r->len, '$', (long long)n);
    memcpy(q, p, n);
    q += n;
    *q++ = '\r';
    *q++ = '\n';
    r->len = (size_t)(q - r->data);
}

void reply_bulk_cstr(struct reply *r, const char *s)
{
    reply_bulk(r, s, strlen(s));
}

void reply_bulk_ll(struct reply *r, long long v)
{
    char buf[24];
    int n = ll_to_str(buf, sizeof buf, v);
    reply_bulk(r, buf, (size_t)n);
}

int double_to_str(char *buf, size_t cap, double v)
{
    if (isinf(v)) return snprintf(buf, cap, "%s", v > 0 ? "inf" : "-inf");
    if (isnan(v)) return snprintf(buf, cap, "nan");
    return snprintf(buf, cap, "%.17g", v);
}

/* Redis's ld2string in LD_STR_HUMAN mode: %.17Lf with trailing zeros (and a bare point) cut. */
int long_double_to_str(char *buf, size_t cap, long double v)
{
    if (isinf(v)) return snprintf(buf, cap, "%s", v > 0 ? "inf" : "-inf");
    int n = snprintf(buf, cap, "%.17Lf", v);
    if (n < 0 || (size_t)n >= cap) return 0;
    if (strchr(buf, '.')) {
        while (n > 0 && buf[n - 1] == '0')
            n--;
        if (n > 0 && buf[n - 1] == '.') n--;
        buf[n] = '\0';
    }
    if (n == 2 && buf[0] == '-' && buf[1] == '0') {
        buf[0] = '0';
        buf[1] = '\0';
        n = 1;
    }
    return n;
}

void reply_bulk_double(struct reply *r, long double v)
{
    char buf[5200];
    int n = long_double_to_str(buf, sizeof buf, v);
    reply_bulk(r, buf, (size_t)n);
}

void reply_double(struct reply *r, double v)
{
    char buf[64];
    int n = double_to_str(buf, sizeof buf, v);
    if (r->resp >= 3) {
        reply_reserve(r, (size_t)n + 3);
        r->data[r->len++] = ',';
        memcpy(r->data + r->len, buf, (size_t)n);
        r->len += (size_t)n;
        r->data[r->len++] = '\r';
        r->data[r->len++] = '\n';
    } else {
        reply_bulk(r, buf, (size_t)n);
    }
}

void reply_null(struct reply *r)
{
    if (r->resp >= 3)
        reply_raw(r, "_\r\n", 3);
    else
        reply_raw(r, "$-1\r\n", 5);
}

void reply_null_array(struct reply *r)
{
    if (r->resp >= 3)
        reply_raw(r, "_\r\n", 3);
    else
        reply_raw(r, "*-1\r\n", 5);
}

void reply_bool(struct reply *r, int v)
{
    if (r->resp >= 3)
        reply_raw(r, v ? "#t\r\n" : "#f\r\n", 4);
    else
        reply_raw(r, v ? ":1\r\n" : ":0\r\n", 4);
}

void reply_array(struct reply *r, size_t n)
{
    reply_header(r, '*', (long long)n);
}

void reply_push(struct reply *r, size_t n)
{
    reply_header(r, r->resp >= 3 ? '>' : '*', (long long)n);
}

void reply_map(struct reply *r, size_t n)
{
    if (r->resp >= 3)
        reply_header(r, '%', (long long)n);
    else
        reply_header(r, '*', (long long)(2 * n));
}

void reply_set(struct reply *r, size_t n)
{
    reply_header(r, r->resp >= 3 ? '~' : '*', (long long)n);
}

void reply_verbatim(struct reply *r, const char *p, size_t n)
{
    if (r->resp < 3) {
        reply_bulk(r, p, n);
        return;
    }
    reply_header(r, '=', (long long)n + 4);
    reply_raw(r, "txt:", 4);
    reply_raw(r, p, n);
    reply_raw(r, "\r\n", 2);
}

/* Room for "*" + 20 digits + CRLF; the unused part is closed up when the length is known. */
#define DEFER_ROOM 23

size_t reply_defer_len(struct reply *r)
{
    reply_reserve(r, DEFER_ROOM);
    size_t mark = r->len;
    r->len += DEFER_ROOM;
    return mark;
}

void reply_set_deferred_len(struct reply *r, size_t mark, char type, size_t n)
{
    char hdr[DEFER_ROOM + 1];
    hdr[0] = type;
    int k = ll_to_str(hdr + 1, sizeof hdr - 1, (long long)n);
    hdr[1 + k] = '\r';
    hdr[2 + k] = '\n';
    size_t hlen = (size_t)k + 3;
    memcpy(r->data + mark, hdr, hlen);
    memmove(r->data + mark + hlen, r->data + mark + DEFER_ROOM, r->len - mark - DEFER_ROOM);
    r->len -= DEFER_ROOM - hlen;
}
