/* Redis 7.0's listpack and intset layouts for DEBUG (see debug_listpack.h): the element
 * encodings of Redis's lpEncodeGetType and lpEncodeBacklen, and lpRepr's printout. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "persist/lzf.h"
#include "tessera/mem.h"
#include "tessera/util.h"
#include "types/debug_listpack.h"

#define LP_HDR_SIZE 6

void rlp_init(struct rlp *lp)
{
    lp->cap = 64;
    lp->buf = mem_alloc(lp->cap);
    lp->len = LP_HDR_SIZE;
    lp->count = 0;
}

void rlp_free(struct rlp *lp)
{
    mem_free(lp->buf);
    lp->buf = NULL;
}

static void grow(struct rlp *lp, size_t extra)
{
    if (lp->len + extra <= lp->cap) return;
    while (lp->len + extra > lp->cap)
        lp->cap *= 2;
    lp->buf = mem_realloc(lp->buf, lp->cap);
}

static void put_le(unsigned char *p, uint64_t v, int n)
{
    for (int i = 0; i < n; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

/* lpEncodeBacklen: the entry's size in 7-bit groups, read backwards. */
static size_t backlen(unsigned char *out, uint64_t l)
{
    unsigned char tmp[5];
    size_t n = 0;
    if (!out) out = tmp;
    if (l <= 127) {
        out[n++] = (unsigned char)l;
    } else {
        size_t groups = l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5;
        for (size_t g = 0; g < groups; g++) {
            unsigned shift = (unsigned)(7 * (groups - 1 - g));
            out[n++] = (unsigned char)(((l >> shift) & 127) | (g ? 128 : 0));
        }
    }
    return n;
}

void rlp_append(struct rlp *lp, const char *s, size_t len)
{
    unsigned char hdr[9];
    size_t hlen;
    long long v;
    int is_int = len > 0 && len <= 20 && str_to_ll(s, len, &v);
    const char *payload = NULL;
    size_t plen = 0;
    if (is_int && v >= 0 && v <= 127) {
        hdr[0] = (unsigned char)v;
        hlen = 1;
    } else if (is_int && v >= -4096 && v <= 4095) {
        uint64_t u = v < 0 ? (uint64_t)((1 << 13) + v) : (uint64_t)v;
        hdr[0] = (unsigned char)((u >> 8) | 0xC0);
        hdr[1] = (unsigned char)(u & 0xff);
        hlen = 2;
    } else if (is_int) {
        static const struct {
            long long lo, hi;
            unsigned char tag;
            int bytes;
        } ints[] = {{-32768, 32767, 0xF1, 2},
                    {-8388608, 8388607, 0xF2, 3},
                    {-2147483648LL, 2147483647LL, 0xF3, 4},
                    {INT64_MIN, INT64_MAX, 0xF4, 8}};
        size_t i = 0;
        while (v < ints[i].lo || v > ints[i].hi)
            i++;
        hdr[0] = ints[i].tag;
        put_le(hdr + 1, (uint64_t)v, ints[i].bytes);
        hlen = 1 + (size_t)ints[i].bytes;
    } else {
        if (len < 64) {
            hdr[0] = (unsigned char)(0x80 | len);
            hlen = 1;
        } else if (len < 4096) {
            hdr[0] = (unsigned char)(0xE0 | (len >> 8));
            hdr[1] = (unsigned char)(len & 0xff);
            hlen = 2;
        } else {
            hdr[0] = 0xF0;
            put_le(hdr + 1, len, 4);
            hlen = 5;
        }
        payload = s;
        plen = len;
    }
    size_t entry = hlen + plen;
    grow(lp, entry + 5);
    memcpy(lp->buf + lp->len, hdr, hlen);
    if (plen) memcpy(lp->buf + lp->len + hlen, payload, plen);
    lp->len += entry;
    lp->len += backlen(lp->buf + lp->len, entry);
    lp->count++;
}

void rlp_finish(struct rlp *lp)
{
    grow(lp, 1);
    lp->buf[lp->len++] = 0xFF;
    put_le(lp->buf, lp->len, 4);
    put_le(lp->buf + 4, lp->count < 65535 ? lp->count : 65535, 2);
}

static int ll_cmp(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return x < y ? -1 : x > y;
}

void rlp_intset(struct rlp *out, long long *values, size_t n)
{
    qsort(values, n, sizeof *values, ll_cmp);
    int enc = 2;
    for (size_t i = 0; i < n; i++) {
        if (values[i] < -2147483648LL || values[i] > 2147483647LL)
            enc = 8;
        else if ((values[i] < -32768 || values[i] > 32767) && enc < 4)
            enc = 4;
    }
    out->cap = out->len = 8 + n * (size_t)enc;
    out->count = n;
    out->buf = mem_alloc(out->cap);
    put_le(out->buf, (uint64_t)enc, 4);
    put_le(out->buf + 4, n, 4);
    for (size_t i = 0; i < n; i++)
        put_le(out->buf + 8 + i * (size_t)enc, (uint64_t)values[i], enc);
}

size_t rlp_rdb_len_size(unsigned long long len)
{
    return len < 64 ? 1 : len < 16384 ? 2 : len <= UINT32_MAX ? 5 : 9;
}

size_t rlp_rdb_string_len(const unsigned char *p, size_t len, int compress)
{
    if (compress && len > 20) {
        unsigned char *out = mem_alloc(len);
        size_t clen = lzf_compress(p, len, out, len - 4);
        mem_free(out);
        if (clen) return 1 + rlp_rdb_len_size(clen) + rlp_rdb_len_size(len) + clen;
    }
    return rlp_rdb_len_size(len) + len;
}

/* The element at p: its header's size, its whole size without the backlen, and its value. */
static size_t entry_at(const unsigned char *p, size_t *hlen, char *num, const char **s,
                       size_t *slen)
{
    unsigned char b = p[0];
    long long v;
    if (b < 0x80) {
        *hlen = 1;
        v = b;
    } else if ((b & 0xC0) == 0x80) {
        *hlen = 1;
        *s = (const char *)p + 1;
        *slen = b & 0x3F;
        return 1 + *slen;
    } else if ((b & 0xE0) == 0xC0) {
        *hlen = 1;
        uint64_t u = ((uint64_t)(b & 0x1F) << 8) | p[1];
        v = u >= (1 << 12) ? (long long)u - (1 << 13) : (long long)u;
        ll_to_str(num, 24, v);
        *s = num;
        *slen = strlen(num);
        return 2;
    } else if ((b & 0xF0) == 0xE0) {
        *hlen = 2;
        *s = (const char *)p + 2;
        *slen = ((size_t)(b & 0x0F) << 8) | p[1];
        return 2 + *slen;
    } else if (b == 0xF0) {
        *hlen = 5;
        *s = (const char *)p + 5;
        *slen = (size_t)p[1] | (size_t)p[2] << 8 | (size_t)p[3] << 16 | (size_t)p[4] << 24;
        return 5 + *slen;
    } else {
        int bytes = b == 0xF1 ? 2 : b == 0xF2 ? 3 : b == 0xF3 ? 4 : 8;
        uint64_t u = 0;
        for (int i = 0; i < bytes; i++)
            u |= (uint64_t)p[1 + i] << (8 * i);
        if (bytes < 8 && (u >> (8 * bytes - 1))) u |= ~0ull << (8 * bytes); /* sign */
        v = (long long)u;
        *hlen = 1;
        ll_to_str(num, 24, v);
        *s = num;
        *slen = strlen(num);
        return 1 + (size_t)bytes;
    }
    ll_to_str(num, 24, v);
    *s = num;
    *slen = strlen(num);
    return 1;
}

void rlp_print(FILE *f, const struct rlp *lp)
{
    fprintf(f, "{total bytes %zu} {num entries %lu}\n", lp->len, lp->count);
    size_t off = LP_HDR_SIZE;
    for (int index = 0; off < lp->len && lp->buf[off] != 0xFF; index++) {
        const unsigned char *p = lp->buf + off;
        size_t hlen, slen;
        const char *s;
        char num[24];
        size_t size = entry_at(p, &hlen, num, &s, &slen);
        size_t back = backlen(NULL, size);
        fprintf(f,
                "{\n\taddr: 0x%08lx,\n\tindex: %2d,\n\toffset: %1lu,\n"
                "\thdr+entrylen+backlen: %2lu,\n\thdrlen: %3u,\n\tbacklen: %2lu,\n"
                "\tpayload: %1u\n",
                (unsigned long)(uintptr_t)p, index, (unsigned long)off,
                (unsigned long)(size + back), (unsigned)hlen, (unsigned long)back,
                (unsigned)(size - hlen));
        fprintf(f, "\tbytes: ");
        for (size_t i = 0; i < size + back; i++)
            fprintf(f, "%02x|", p[i]);
        fprintf(f, "\n\t[str]");
        fwrite(s, slen > 40 ? 40 : slen, 1, f);
        fprintf(f, "%s\n}\n", slen > 40 ? "..." : "");
        off += size + back;
    }
    fprintf(f, "{end}\n\n");
}
