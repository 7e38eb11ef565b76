/* Reply writer: appends RESP2 or RESP3 encoded values to a growable byte buffer.
 * A reply buffer is owned by one thread at a time; handing it through a mailbox hands it over. */
#ifndef TESSERA_REPLY_H
#define TESSERA_REPLY_H

#include <stddef.h>
#include <stdint.h>

#include "tessera/util.h"

struct reply {
    char *data;
    size_t len;
    size_t cap;
    uint8_t resp; /* 2 or 3: the protocol of the client this reply is for */
};

void reply_init(struct reply *r, int resp);
void reply_free(struct reply *r);
void reply_reset(struct reply *r); /* keeps the memory, drops the bytes */
void reply_reserve(struct reply *r, size_t extra);
void reply_raw(struct reply *r, const void *p, size_t n);

void reply_ok(struct reply *r);
void reply_simple(struct reply *r, const char *s); /* +s */
void reply_error(struct reply *r,
                 const char *msg); /* -msg; msg starts with its code (ERR, WRONGTYPE...) */
void reply_errorf(struct reply *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void reply_int(struct reply *r, long long v);
void reply_bulk(struct reply *r, const char *p, size_t n);
void reply_bulk_cstr(struct reply *r, const char *s);
void reply_bulk_ll(struct reply *r, long long v);
void reply_bulk_double(struct reply *r, long double v); /* INCRBYFLOAT's %.17Lg form */
void reply_double(struct reply *r, double v);           /* RESP3 ",v", RESP2 bulk */
void reply_null(struct reply *r);                       /* RESP2 $-1, RESP3 _ */
void reply_null_array(struct reply *r);                 /* RESP2 *-1, RESP3 _ */
void reply_bool(struct reply *r, int v);                /* RESP3 #t/#f, RESP2 :1/:0 */
void reply_array(struct reply *r, size_t n);
void reply_push(struct reply *r, size_t n); /* RESP3 >n (out of band), RESP2 *n */
void reply_map(struct reply *r, size_t n);  /* RESP3 %n, RESP2 *2n */
void reply_set(struct reply *r, size_t n);  /* RESP3 ~n, RESP2 *n */
void reply_verbatim(struct reply *r, const char *p, size_t n); /* RESP3 =n txt:..., RESP2 bulk */

/* Deferred array length (for replies whose count is known only at the end, like KEYS):
 * reply_defer_len reserves room, reply_set_deferred_len fills it in. */
size_t reply_defer_len(struct reply *r);
void reply_set_deferred_len(struct reply *r, size_t mark, char type, size_t n);

/* Number formatting shared with the string commands (same digits Redis prints; ll_to_str is
 * tessera/util.h's). */
int double_to_str(char *buf, size_t cap, double v);           /* %.17g, inf, -inf */
int long_double_to_str(char *buf, size_t cap, long double v); /* INCRBYFLOAT formatting */

#endif
