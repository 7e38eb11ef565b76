/* The RDB decoder's primitives (see rdb_in.h): lengths, the string encodings, scores. Called on
 * the thread doing the decoding (the loader, or RESTORE on the key's shard). */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "persist/lzf.h"
#include "persist/rdb.h"
#include "persist/rdb_in.h"
#include "tessera/mem.h"
#include "tessera/util.h"

/* LZF turns 3 input bytes into at most 264 output bytes: a longer original length claimed for
 * clen bytes is a lie, refused before allocating for it. */
#define LZF_MAX_RATIO 88

int rdb_in_fail(struct rdb_in *in, const char *fmt, ...)
{
    if (in->err[0]) return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(in->err, sizeof in->err, fmt, ap);
    va_end(ap);
    return -1;
}

size_t rdb_in_left(const struct rdb_in *in)
{
    return in->pos < in->len ? in->len - in->pos : 0;
}

int rdb_in_bytes(struct rdb_in *in, size_t n, const unsigned char **p)
{
    if (rdb_in_left(in) < n) return rdb_in_fail(in, "unexpected end of file");
    *p = in->p + in->pos;
    in->pos += n;
    return 0;
}

int rdb_in_byte(struct rdb_in *in, unsigned *b)
{
    const unsigned char *p;
    if (rdb_in_bytes(in, 1, &p)) return -1;
    *b = *p;
    return 0;
}

int rdb_in_le(struct rdb_in *in, unsigned n, uint64_t *v)
{
    const unsigned char *p;
    if (rdb_in_bytes(in, n, &p)) return -1;
    *v = rdb_load_le(p, (int)n);
    return 0;
}

static uint64_t load_be(const unsigned char *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v = v << 8 | p[i];
    return v;
}

/* A length, or (*enc set to the RDB_ENC_* number) a string's special encoding. */
static int read_len_or_enc(struct rdb_in *in, uint64_t *len, int *enc)
{
    unsigned b;
    const unsigned char *p;
    *enc = -1;
    if (rdb_in_byte(in, &b)) return -1;
    switch (b >> 6) {
    case RDB_6BITLEN:
        *len = b & 0x3F;
        return 0;
    case RDB_14BITLEN:
        if (rdb_in_bytes(in, 1, &p)) return -1;
        *len = (uint64_t)(b & 0x3F) << 8 | p[0];
        return 0;
    case RDB_ENCVAL:
        *enc = (int)(b & 0x3F);
        *len = 0;
        return 0;
    }
    if (b == RDB_32BITLEN) {
        if (rdb_in_bytes(in, 4, &p)) return -1;
        *len = load_be(p, 4);
    } else if (b == RDB_64BITLEN) {
        if (rdb_in_bytes(in, 8, &p)) return -1;
        *len = load_be(p, 8);
    } else {
        return rdb_in_fail(in, "bad length encoding 0x%02x", b);
    }
    return 0;
}

int rdb_in_len(struct rdb_in *in, uint64_t *len)
{
    int enc;
    if (read_len_or_enc(in, len, &enc)) return -1;
    if (enc >= 0) return rdb_in_fail(in, "string encoding where a length belongs");
    return 0;
}

int rdb_in_count(struct rdb_in *in, size_t each, uint64_t *n)
{
    if (rdb_in_len(in, n)) return -1;
    if (*n > rdb_in_left(in) / each) return rdb_in_fail(in, "unexpected end of file");
    return 0;
}

static int read_int_string(struct rdb_in *in, int enc, struct rdb_str *s)
{
    unsigned n = enc == RDB_ENC_INT8 ? 1 : enc == RDB_ENC_INT16 ? 2 : 4;
    uint64_t u;
    if (rdb_in_le(in, n, &u)) return -1;
    if ((u >> (8 * n - 1)) & 1) u |= ~(uint64_t)0 << (8 * n);
    s->len = (size_t)ll_to_str(s->num, sizeof s->num, (long long)u);
    s->p = s->num;
    return 0;
}

static int read_lzf_string(struct rdb_in *in, struct rdb_str *s)
{
    uint64_t clen, ulen;
    const unsigned char *c;
    if (rdb_in_len(in, &clen) || rdb_in_len(in, &ulen)) return -1;
    if (rdb_in_bytes(in, clen, &c)) return -1;
    if (ulen == 0 || clen == 0 || ulen / LZF_MAX_RATIO > clen)
        return rdb_in_fail(in, "bad LZF lengths");
    s->owned = mem_try_realloc(NULL, ulen);
    if (!s->owned)
        return rdb_in_fail(in, "no memory for a string of %llu bytes", (unsigned long long)ulen);
    if (lzf_decompress(c, clen, s->owned, ulen) != ulen) {
        mem_free(s->owned);
        s->owned = NULL;
        return rdb_in_fail(in, "bad LZF data");
    }
    s->p = s->owned;
    s->len = ulen;
    return 0;
}

int rdb_in_string(struct rdb_in *in, struct rdb_str *s)
{
    uint64_t len;
    int enc;
    s->owned = NULL;
    if (read_len_or_enc(in, &len, &enc)) return -1;
    switch (enc) {
    case -1: {
        const unsigned char *p;
        if (rdb_in_bytes(in, len, &p)) return -1;
        s->p = (const char *)p;
        s->len = len;
        return 0;
    }
    case RDB_ENC_INT8:
    case RDB_ENC_INT16:
    case RDB_ENC_INT32:
        return read_int_string(in, enc, s);
    case RDB_ENC_LZF:
        return read_lzf_string(in, s);
    default:
        return rdb_in_fail(in, "unknown string encoding %d", enc);
    }
}

void rdb_str_free(struct rdb_str *s)
{
    if (s->owned) mem_free(s->owned);
    s->owned = NULL;
}

int rdb_in_skip_string(struct rdb_in *in)
{
    uint64_t len, ulen;
    int enc;
    const unsigned char *p;
    if (read_len_or_enc(in, &len, &enc)) return -1;
    switch (enc) {
    case -1:
        return rdb_in_bytes(in, len, &p);
    case RDB_ENC_INT8:
        return rdb_in_bytes(in, 1, &p);
    case RDB_ENC_INT16:
        return rdb_in_bytes(in, 2, &p);
    case RDB_ENC_INT32:
        return rdb_in_bytes(in, 4, &p);
    case RDB_ENC_LZF:
        if (rdb_in_len(in, &len) || rdb_in_len(in, &ulen)) return -1;
        return rdb_in_bytes(in, len, &p);
    default:
        return rdb_in_fail(in, "unknown string encoding %d", enc);
    }
}

int rdb_in_double_str(struct rdb_in *in, double *d)
{
    unsigned n;
    const unsigned char *p;
    if (rdb_in_byte(in, &n)) return -1;
    switch (n) {
    case 253:
        *d = NAN;
        return 0;
    case 254:
        *d = INFINITY;
        return 0;
    case 255:
        *d = -INFINITY;
        return 0;
    }
    if (rdb_in_bytes(in, n, &p)) return -1;
    char buf[256];
    memcpy(buf, p, n);
    buf[n] = '\0';
    char *end;
    *d = strtod(buf, &end);
    if (n == 0 || end != buf + n) return rdb_in_fail(in, "bad score");
    return 0;
}

int rdb_in_double_bin(struct rdb_in *in, double *d)
{
    uint64_t u;
    if (rdb_in_le(in, 8, &u)) return -1;
    *d = rdb_bits_double(u);
    return 0;
}
