/* Redis 7.0's listpack layout for stream nodes (see streamlp.h): the element encodings of
 * Redis's lpEncodeGetType, its backlen (lpEncodeBacklen / lpDecodeBacklen) and header count.
 * Called by the thread holding the stream's shard; input that came from outside was checked by
 * the loader (persist/packed.c) before it reaches these unchecked walks. */
#include <string.h>

#include "shard/streamlp.h"
#include "tessera/mem.h"
#include "tessera/util.h"

#define SLP_EOF           0xFF
#define SLP_COUNT_UNKNOWN 65535
#define SLP_MIN_BYTES     (SLP_HEADER + 1)

static uint32_t load_le(const unsigned char *p, int n)
{
    uint32_t v = 0;
    for (int i = n - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

static void store_le(unsigned char *p, uint64_t v, int n)
{
    for (int i = 0; i < n; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

size_t slp_bytes(const unsigned char *lp)
{
    return load_le(lp, 4);
}

uint32_t slp_header_count(const unsigned char *lp)
{
    return load_le(lp + 4, 2);
}

unsigned char *slp_new(size_t room)
{
    unsigned char *lp = mem_alloc(room > SLP_MIN_BYTES ? room : SLP_MIN_BYTES);
    store_le(lp, SLP_MIN_BYTES, 4);
    store_le(lp + 4, 0, 2);
    lp[SLP_HEADER] = SLP_EOF;
    return lp;
}

void slp_free(unsigned char *lp)
{
    mem_free(lp);
}

unsigned char *slp_dup(const unsigned char *lp)
{
    size_t n = slp_bytes(lp);
    unsigned char *d = mem_alloc(n);
    memcpy(d, lp, n);
    return d;
}

unsigned char *slp_shrink(unsigned char *lp)
{
    return mem_realloc(lp, slp_bytes(lp));
}

/* ---- encoding ---- */

/* lpEncodeBacklen: the element's size l in 7-bit groups, the first without the high bit, so a
 * walk backwards from the last byte knows where it ends. Writes to out when not NULL. */
static size_t backlen_encode(unsigned char *out, uint64_t l)
{
    size_t groups = l <= 127 ? 1 : l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5;
    if (out) {
        for (size_t g = 0; g < groups; g++) {
            unsigned shift = (unsigned)(7 * (groups - 1 - g));
            out[g] = (unsigned char)(((l >> shift) & 127) | (g ? 128 : 0));
        }
    }
    return groups;
}

/* lpDecodeBacklen from the backlen's last byte at p. */
static uint64_t backlen_decode(const unsigned char *p)
{
    uint64_t v = 0;
    unsigned shift = 0;
    for (;;) {
        v |= (uint64_t)(p[0] & 127) << shift;
        if (!(p[0] & 128) || shift >= 28) break;
        shift += 7;
        p--;
    }
    return v;
}

/* The header of an integer element; returns its size. */
static size_t encode_int(unsigned char *h, int64_t v)
{
    if (v >= 0 && v <= 127) {
        h[0] = (unsigned char)v;
        return 1;
    }
    if (v >= -4096 && v <= 4095) {
        uint64_t u = v < 0 ? (uint64_t)((1 << 13) + v) : (uint64_t)v;
        h[0] = (unsigned char)((u >> 8) | 0xC0);
        h[1] = (unsigned char)(u & 0xff);
        return 2;
    }
    int bytes;
    if (v >= -32768 && v <= 32767) {
        h[0] = 0xF1;
        bytes = 2;
    } else if (v >= -8388608 && v <= 8388607) {
        h[0] = 0xF2;
        bytes = 3;
    } else if (v >= INT32_MIN && v <= INT32_MAX) {
        h[0] = 0xF3;
        bytes = 4;
    } else {
        h[0] = 0xF4;
        bytes = 8;
    }
    store_le(h + 1, (uint64_t)v, bytes);
    return 1 + (size_t)bytes;
}

/* The header of a string element of len bytes; returns its size. */
static size_t encode_str_header(unsigned char *h, size_t len)
{
    if (len < 64) {
        h[0] = (unsigned char)(0x80 | len);
        return 1;
    }
    if (len < 4096) {
        h[0] = (unsigned char)(0xE0 | (len >> 8));
        h[1] = (unsigned char)(len & 0xff);
        return 2;
    }
    h[0] = 0xF0;
    store_le(h + 1, len, 4);
    return 5;
}

/* Room for `extra` more bytes; growth keeps spare room so appends are amortized. */
static unsigned char *reserve(unsigned char *lp, size_t extra)
{
    size_t need = slp_bytes(lp) + extra;
    if (need <= mem_usable(lp)) return lp;
    return mem_realloc(lp, need + need / 2);
}

static void count_one_more(unsigned char *lp)
{
    uint32_t n = slp_header_count(lp);
    if (n != SLP_COUNT_UNKNOWN) store_le(lp + 4, n + 1, 2);
}

/* Appends an element made of header h (hlen bytes) and data (dlen bytes). */
static unsigned char *append_element(unsigned char *lp, const unsigned char *h, size_t hlen,
                                     const char *data, size_t dlen)
{
    size_t elen = hlen + dlen, blen = backlen_encode(NULL, elen);
    lp = reserve(lp, elen + blen);
    size_t total = slp_bytes(lp);
    unsigned char *p = lp + total - 1; /* over the end byte */
    memcpy(p, h, hlen);
    if (dlen) memcpy(p + hlen, data, dlen);
    backlen_encode(p + elen, elen);
    p[elen + blen] = SLP_EOF;
    store_le(lp, total + elen + blen, 4);
    count_one_more(lp);
    return lp;
}

unsigned char *slp_append_int(unsigned char *lp, int64_t v)
{
    unsigned char h[9];
    return append_element(lp, h, encode_int(h, v), NULL, 0);
}

unsigned char *slp_append_str(unsigned char *lp, const char *s, size_t len)
{
    unsigned char h[9];
    long long v;
    if (str_to_ll(s, len, &v)) return slp_append_int(lp, v);
    return append_element(lp, h, encode_str_header(h, len), s, len);
}

/* ---- decoding ---- */

/* The size of the element at p without its backlen, and where its data starts (*hlen). */
static size_t element_size(const unsigned char *p, size_t *hlen)
{
    unsigned char b = p[0];
    *hlen = 1;
    if (b < 0x80) return 1;
    if ((b & 0xC0) == 0x80) return 1 + (b & 0x3F);
    if ((b & 0xE0) == 0xC0) return 2;
    if ((b & 0xF0) == 0xE0) {
        *hlen = 2;
        return 2 + (((size_t)(b & 0x0F) << 8) | p[1]);
    }
    switch (b) {
    case 0xF0:
        *hlen = 5;
        return 5 + load_le(p + 1, 4);
    case 0xF1:
        return 3;
    case 0xF2:
        return 4;
    case 0xF3:
        return 5;
    default: /* 0xF4 */
        return 9;
    }
}

static size_t element_total(const unsigned char *p)
{
    size_t h, l = element_size(p, &h);
    return l + backlen_encode(NULL, l);
}

size_t slp_first(const unsigned char *lp)
{
    return lp[SLP_HEADER] == SLP_EOF ? SLP_NONE : SLP_HEADER;
}

size_t slp_next(const unsigned char *lp, size_t pos)
{
    size_t n = pos + element_total(lp + pos);
    return lp[n] == SLP_EOF ? SLP_NONE : n;
}

size_t slp_prev(const unsigned char *lp, size_t pos)
{
    if (pos <= SLP_HEADER) return SLP_NONE;
    uint64_t l = backlen_decode(lp + pos - 1);
    return pos - (size_t)(l + backlen_encode(NULL, l));
}

size_t slp_last(const unsigned char *lp)
{
    return slp_prev(lp, slp_bytes(lp) - 1);
}

/* 1 with *v when the element at p is integer-encoded; 0 with its string otherwise. */
static int decode(const unsigned char *p, int64_t *v, const char **s, size_t *len)
{
    unsigned char b = p[0];
    size_t h, l = element_size(p, &h);
    if (b < 0x80) {
        *v = b;
        return 1;
    }
    if ((b & 0xC0) == 0x80 || (b & 0xF0) == 0xE0 || b == 0xF0) {
        *s = (const char *)p + h;
        *len = l - h;
        return 0;
    }
    if ((b & 0xE0) == 0xC0) {
        uint64_t u = ((uint64_t)(b & 0x1F) << 8) | p[1];
        *v = u >= (1 << 12) ? (int64_t)u - (1 << 13) : (int64_t)u;
        return 1;
    }
    int bytes = (int)l - 1;
    uint64_t u = 0;
    for (int i = bytes - 1; i >= 0; i--)
        u = u << 8 | p[1 + i];
    if (bytes < 8 && (u >> (8 * bytes - 1)) & 1) u |= ~UINT64_C(0) << (8 * bytes);
    *v = (int64_t)u;
    return 1;
}

const char *slp_get(const unsigned char *lp, size_t pos, char buf[SLP_INTBUF], size_t *len)
{
    int64_t v;
    const char *s;
    if (!decode(lp + pos, &v, &s, len)) return s;
    *len = (size_t)ll_to_str(buf, SLP_INTBUF, (long long)v);
    return buf;
}

int slp_get_int(const unsigned char *lp, size_t pos, int64_t *v)
{
    const char *s;
    size_t len;
    if (decode(lp + pos, v, &s, &len)) return 1;
    long long ll;
    if (!str_to_ll(s, len, &ll)) return 0;
    *v = ll;
    return 1;
}

int64_t slp_int(const unsigned char *lp, size_t pos)
{
    int64_t v = 0;
    slp_get_int(lp, pos, &v);
    return v;
}

/* ---- replacing ---- */

unsigned char *slp_replace_int(unsigned char *lp, size_t pos, int64_t v)
{
    unsigned char h[9], b[5];
    size_t hlen = encode_int(h, v), blen = backlen_encode(b, hlen);
    size_t old = element_total(lp + pos), neu = hlen + blen, total = slp_bytes(lp);
    if (neu > old) lp = reserve(lp, neu - old);
    memmove(lp + pos + neu, lp + pos + old, total - pos - old);
    memcpy(lp + pos, h, hlen);
    memcpy(lp + pos + hlen, b, blen);
    store_le(lp, total + neu - old, 4);
    return lp;
}
