/* LZF compression and decompression (see lzf.h). The compressor finds matches through a hash
 * table of 3-byte prefixes on the stack, sized to the input so short strings stay cheap.
 * Any thread; no shared state. */
#include <stdint.h>
#include <string.h>

#include "persist/lzf.h"

#define LZF_MAX_LIT  (1u << 5)               /* a literal run: control byte 0..31 for 1..32 bytes */
#define LZF_MAX_OFF  (1u << 13)              /* a reference reaches back at most 8192 bytes */
#define LZF_MAX_REF  ((1u << 8) + (1u << 3)) /* 264: 2 + 7 + 255 */
#define LZF_HLOG_MAX 14

static inline uint32_t lzf_hash(const uint8_t *p, unsigned hlog)
{
    uint32_t v = (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
    return (v * 2654435761u) >> (32 - hlog);
}

size_t lzf_compress(const void *in, size_t inlen, void *out, size_t outcap)
{
    /* Positions are kept as uint32_t: longer inputs are left uncompressed (RDB strings that
     * long are rare, and a 4 GiB compression pass would stall the writer for nothing much). */
    if (inlen == 0 || inlen > UINT32_MAX) return 0;

    unsigned hlog = 8;
    while (hlog < LZF_HLOG_MAX && ((size_t)1 << hlog) < inlen)
        hlog++;
    uint32_t htab[1u << LZF_HLOG_MAX];
    memset(htab, 0, sizeof htab[0] << hlog);

    const uint8_t *ip = in, *base = in, *in_end = base + inlen;
    uint8_t *op = out, *out_end = op + outcap;
    uint8_t *ctrl = NULL; /* control byte of the open literal run, when lit > 0 */
    unsigned lit = 0;

    while (ip < in_end) {
        if (in_end - ip > 2) {
            uint32_t h = lzf_hash(ip, hlog);
            size_t pos = (size_t)(ip - base);
            size_t ref = htab[h];
            htab[h] = (uint32_t)pos;
            size_t off = pos - ref - 1;
            if (ref < pos && off < LZF_MAX_OFF && memcmp(base + ref, ip, 3) == 0) {
                size_t maxlen = (size_t)(in_end - ip);
                if (maxlen > LZF_MAX_REF) maxlen = LZF_MAX_REF;
                size_t len = 3;
                while (len < maxlen && base[ref + len] == ip[len])
                    len++;

                size_t l = len - 2; /* 1..262: 0 in the top bits would mean a literal run */
                if (out_end - op < (l < 7 ? 2 : 3)) return 0;
                if (lit) *ctrl = (uint8_t)(lit - 1);
                lit = 0;
                if (l < 7) {
                    *op++ = (uint8_t)((off >> 8) + (l << 5));
                } else {
                    *op++ = (uint8_t)((off >> 8) + (7u << 5));
                    *op++ = (uint8_t)(l - 7);
                }
                *op++ = (uint8_t)off;

                ip += len;
                /* Index the match's last two positions, as liblzf's default mode does: cheap,
                 * and most of the gain of indexing all of them. */
                if (in_end - ip > 2) {
                    htab[lzf_hash(ip - 2, hlog)] = (uint32_t)(ip - 2 - base);
                    htab[lzf_hash(ip - 1, hlog)] = (uint32_t)(ip - 1 - base);
                }
                continue;
            }
        }
        if (lit == 0) {
            if (out_end - op < 2) return 0;
            ctrl = op++;
        } else if (op >= out_end) {
            return 0;
        }
        *op++ = *ip++;
        if (++lit == LZF_MAX_LIT) {
            *ctrl = (uint8_t)(lit - 1);
            lit = 0;
        }
    }
    if (lit) *ctrl = (uint8_t)(lit - 1);
    return (size_t)(op - (uint8_t *)out);
}

size_t lzf_decompress(const void *in, size_t inlen, void *out, size_t outlen)
{
    const uint8_t *ip = in, *in_end = ip + inlen;
    uint8_t *op = out, *out_end = op + outlen;

    while (ip < in_end) {
        unsigned ctrl = *ip++;
        if (ctrl < LZF_MAX_LIT) {
            size_t n = ctrl + 1;
            if ((size_t)(in_end - ip) < n || (size_t)(out_end - op) < n) return 0;
            memcpy(op, ip, n);
            op += n;
            ip += n;
            continue;
        }
        size_t len = ctrl >> 5;
        if (ip >= in_end) return 0;
        if (len == 7) {
            len += *ip++;
            if (ip >= in_end) return 0;
        }
        size_t back = ((size_t)(ctrl & 0x1f) << 8) + *ip++ + 1;
        len += 2;
        if ((size_t)(op - (uint8_t *)out) < back || (size_t)(out_end - op) < len) return 0;
        const uint8_t *ref = op - back;
        if (back >= len) {
            memcpy(op, ref, len);
            op += len;
        } else {
            /* Overlapping: the reference repeats bytes this very copy writes. */
            while (len--)
                *op++ = *ref++;
        }
    }
    return (size_t)(op - (uint8_t *)out);
}
