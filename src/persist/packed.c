/* Validating readers of Redis's ziplist, listpack, intset and zipmap blobs (see packed.h): one
 * step function per format, each bounds-checking what it reads before reading it. Any thread
 * that decodes an RDB file or a RESTORE payload. */
#include <string.h>

#include "persist/packed.h"
#include "tessera/util.h"

#define ZIPLIST_HEADER  10 /* zlbytes u32, zltail u32, zllen u16 */
#define LISTPACK_HEADER 6  /* total bytes u32, count u16 */
#define INTSET_HEADER   8  /* encoding u32, length u32 */
#define PACKED_END      0xFF
#define ZIPLIST_BIGLEN  0xFE /* prevlen byte saying a 4-byte prevlen follows */
#define ZIPMAP_BIGLEN   0xFE /* length byte saying a 4-byte length follows */

static uint64_t rd_le(const unsigned char *p, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

/* The low n bytes of a little-endian two's-complement integer, sign-extended. */
static long long rd_le_signed(const unsigned char *p, unsigned n)
{
    uint64_t v = rd_le(p, n);
    if (n < 8 && (v >> (8 * n - 1)) & 1) v |= ~(uint64_t)0 << (8 * n);
    return (long long)v;
}

static int bad(struct packed_iter *it)
{
    it->state = -1;
    return -1;
}

/* The terminator at it->pos: the walk ends cleanly when it is the blob's last byte and the
 * header's count agrees. */
static int finish(struct packed_iter *it)
{
    if (it->pos != it->len - 1) return bad(it);
    if (it->declared != PACKED_COUNT_UNKNOWN && it->declared != it->seen) return bad(it);
    it->state = 1;
    return 0;
}

/* ---- ziplist: [zlbytes][zltail][zllen] entries 0xFF; an entry is [prevlen][encoding][data] ----
 * Every init checks that the blob's last byte is the terminator: a walk then stops there at the
 * latest, and an entry that starts before it has at least its first byte. */

static int ziplist_init(struct packed_iter *it)
{
    if (it->len < ZIPLIST_HEADER + 1 || it->p[it->len - 1] != PACKED_END) return -1;
    if (rd_le(it->p, 4) != it->len) return -1;
    uint64_t tail = rd_le(it->p + 4, 4);
    if (tail < ZIPLIST_HEADER || tail > it->len - 1) return -1;
    uint64_t n = rd_le(it->p + 8, 2);
    it->declared = n == UINT16_MAX ? PACKED_COUNT_UNKNOWN : n;
    it->pos = ZIPLIST_HEADER;
    return 0;
}

static int ziplist_next(struct packed_iter *it, struct packed_elem *e)
{
    const unsigned char *p = it->p;
    size_t end = it->len - 1, pos = it->pos, q;
    if (p[pos] == PACKED_END) {
        /* zltail must name the last entry (an empty ziplist's is the header's end) */
        if (it->seen && rd_le(p + 4, 4) != it->prev_pos) return bad(it);
        return finish(it);
    }
    uint64_t prevlen;
    if (p[pos] == ZIPLIST_BIGLEN) {
        if (end - pos < 5) return bad(it);
        prevlen = rd_le(p + pos + 1, 4);
        q = pos + 5;
    } else {
        prevlen = p[pos];
        q = pos + 1;
    }
    if (prevlen != (it->seen ? pos - it->prev_pos : 0)) return bad(it);
    if (q >= end) return bad(it);
    unsigned char enc = p[q];
    size_t hdr, data;
    switch (enc >> 6) {
    case 0:
        hdr = 1;
        data = enc & 0x3F;
        break;
    case 1:
        if (end - q < 2) return bad(it);
        hdr = 2;
        data = (size_t)(enc & 0x3F) << 8 | p[q + 1];
        break;
    case 2:
        if (end - q < 5) return bad(it);
        hdr = 5;
        data = (size_t)p[q + 1] << 24 | (size_t)p[q + 2] << 16 | (size_t)p[q + 3] << 8 | p[q + 4];
        break;
    default:
        hdr = 1;
        switch (enc) {
        case 0xC0:
            data = 2;
            break;
        case 0xD0:
            data = 4;
            break;
        case 0xE0:
            data = 8;
            break;
        case 0xF0:
            data = 3;
            break;
        case 0xFE:
            data = 1;
            break;
        default:
            if (enc < 0xF1 || enc > 0xFD) return bad(it);
            data = 0;
        }
    }
    if (end - q < hdr || end - q - hdr < data) return bad(it);
    const unsigned char *d = p + q + hdr;
    if (enc >> 6 != 3) {
        e->s = d;
        e->len = data;
        e->ll = 0;
    } else {
        e->s = NULL;
        e->len = 0;
        e->ll = data ? rd_le_signed(d, (unsigned)data) : (long long)(enc & 0x0F) - 1;
    }
    it->prev_pos = pos;
    it->pos = q + hdr + data;
    it->seen++;
    return 1;
}

/* ---- listpack: [total u32][count u16] entries 0xFF; an entry is [encoding][data][backlen] ---- */

static int listpack_init(struct packed_iter *it)
{
    if (it->len < LISTPACK_HEADER + 1 || it->p[it->len - 1] != PACKED_END) return -1;
    if (rd_le(it->p, 4) != it->len) return -1;
    uint64_t n = rd_le(it->p + 4, 2);
    it->declared = n == UINT16_MAX ? PACKED_COUNT_UNKNOWN : n;
    it->pos = LISTPACK_HEADER;
    return 0;
}

/* Bytes of the backlen that follows an entry of l bytes (encoding and data). */
static size_t backlen_size(size_t l)
{
    if (l <= 127) return 1;
    if (l < 16383) return 2;
    if (l < 2097151) return 3;
    if (l < 268435455) return 4;
    return 5;
}

/* Whether the n backlen bytes ending at p[n-1] say l: read from the last byte backwards, 7 bits
 * a byte, every byte but the first written carrying the high bit. */
static int backlen_says(const unsigned char *p, size_t n, size_t l)
{
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char b = p[n - 1 - i];
        v |= (uint64_t)(b & 127) << (7 * i);
        if (!(b & 128) != (i == n - 1)) return 0;
    }
    return v == l;
}

static int listpack_next(struct packed_iter *it, struct packed_elem *e)
{
    const unsigned char *p = it->p;
    size_t end = it->len - 1, pos = it->pos;
    unsigned char b = p[pos];
    if (b == PACKED_END) return finish(it);
    size_t hdr, data = 0;
    int is_str = 0;
    long long v = 0;
    if (b < 0x80) {
        hdr = 1;
        v = b;
    } else if ((b & 0xC0) == 0x80) {
        hdr = 1;
        data = b & 0x3F;
        is_str = 1;
    } else if ((b & 0xE0) == 0xC0) {
        if (end - pos < 2) return bad(it);
        hdr = 2;
        uint64_t u = (uint64_t)(b & 0x1F) << 8 | p[pos + 1];
        v = u >= 4096 ? (long long)u - 8192 : (long long)u;
    } else if ((b & 0xF0) == 0xE0) {
        if (end - pos < 2) return bad(it);
        hdr = 2;
        data = (size_t)(b & 0x0F) << 8 | p[pos + 1];
        is_str = 1;
    } else {
        unsigned ib;
        switch (b) {
        case 0xF0:
            ib = 0;
            break;
        case 0xF1:
            ib = 2;
            break;
        case 0xF2:
            ib = 3;
            break;
        case 0xF3:
            ib = 4;
            break;
        case 0xF4:
            ib = 8;
            break;
        default:
            return bad(it);
        }
        if (b == 0xF0) {
            if (end - pos < 5) return bad(it);
            hdr = 5;
            data = rd_le(p + pos + 1, 4);
            is_str = 1;
        } else {
            if (end - pos < 1 + ib) return bad(it);
            hdr = 1 + ib;
            v = rd_le_signed(p + pos + 1, ib);
        }
    }
    if (end - pos - hdr < data) return bad(it);
    size_t l = hdr + data, bl = backlen_size(l);
    if (end - pos - l < bl) return bad(it);
    if (!backlen_says(p + pos + l, bl, l)) return bad(it);
    if (is_str) {
        e->s = p + pos + hdr;
        e->len = data;
        e->ll = 0;
    } else {
        e->s = NULL;
        e->len = 0;
        e->ll = v;
    }
    it->pos = pos + l + bl;
    it->seen++;
    return 1;
}

/* ---- intset: [encoding u32: 2, 4 or 8][length u32] sorted distinct little-endian ints ---- */

static int intset_init(struct packed_iter *it)
{
    if (it->len < INTSET_HEADER) return -1;
    uint64_t w = rd_le(it->p, 4), n = rd_le(it->p + 4, 4);
    if (w != 2 && w != 4 && w != 8) return -1;
    if ((it->len - INTSET_HEADER) / w != n || (it->len - INTSET_HEADER) % w) return -1;
    it->width = (unsigned)w;
    it->declared = n;
    it->pos = INTSET_HEADER;
    return 0;
}

static int intset_next(struct packed_iter *it, struct packed_elem *e)
{
    if (it->seen == it->declared) {
        it->state = 1;
        return 0;
    }
    long long v = rd_le_signed(it->p + it->pos, it->width);
    if (it->seen && v <= it->last) return bad(it);
    it->last = v;
    e->s = NULL;
    e->len = 0;
    e->ll = v;
    it->pos += it->width;
    it->seen++;
    return 1;
}

/* ---- zipmap: [count u8] ([len]field[len][free]value[free bytes])* 0xFF ---- */

static int zipmap_init(struct packed_iter *it)
{
    if (it->len < 2 || it->p[it->len - 1] != PACKED_END) return -1;
    it->declared = it->p[0] == ZIPMAP_BIGLEN ? PACKED_COUNT_UNKNOWN : (uint64_t)it->p[0] * 2;
    it->pos = 1;
    return 0;
}

static int zipmap_next(struct packed_iter *it, struct packed_elem *e)
{
    const unsigned char *p = it->p;
    size_t end = it->len - 1, pos = it->pos;
    int is_value = it->seen & 1;
    if (!is_value && p[pos] == PACKED_END) return finish(it);
    size_t hdr, data;
    if (p[pos] == ZIPMAP_BIGLEN) {
        if (end - pos < 5) return bad(it);
        hdr = 5;
        data = rd_le(p + pos + 1, 4);
    } else if (p[pos] == PACKED_END) {
        return bad(it);
    } else {
        hdr = 1;
        data = p[pos];
    }
    size_t free = 0;
    if (is_value) {
        if (end - pos - hdr < 1) return bad(it);
        free = p[pos + hdr];
        hdr++;
    }
    if (end - pos - hdr < data || end - pos - hdr - data < free) return bad(it);
    e->s = p + pos + hdr;
    e->len = data;
    e->ll = 0;
    it->pos = pos + hdr + data + free;
    it->seen++;
    return 1;
}

/* ---- the common walk ---- */

int packed_init(struct packed_iter *it, int kind, const void *p, size_t len)
{
    memset(it, 0, sizeof *it);
    it->p = p;
    it->len = len;
    it->kind = kind;
    int r;
    switch (kind) {
    case PACKED_ZIPLIST:
        r = ziplist_init(it);
        break;
    case PACKED_LISTPACK:
        r = listpack_init(it);
        break;
    case PACKED_INTSET:
        r = intset_init(it);
        break;
    case PACKED_ZIPMAP:
        r = zipmap_init(it);
        break;
    default:
        r = -1;
    }
    if (r) it->state = -1;
    return r;
}

int packed_next(struct packed_iter *it, struct packed_elem *e)
{
    if (it->state) return it->state > 0 ? 0 : -1;
    switch (it->kind) {
    case PACKED_ZIPLIST:
        return ziplist_next(it, e);
    case PACKED_LISTPACK:
        return listpack_next(it, e);
    case PACKED_INTSET:
        return intset_next(it, e);
    default:
        return zipmap_next(it, e);
    }
}

int packed_validate(int kind, const void *p, size_t len, uint64_t *count)
{
    struct packed_iter it;
    struct packed_elem e;
    if (packed_init(&it, kind, p, len)) return -1;
    int r;
    while ((r = packed_next(&it, &e)) == 1) {
    }
    if (r) return -1;
    if (count) *count = it.seen;
    return 0;
}

const char *packed_elem_bytes(const struct packed_elem *e, char buf[PACKED_INT_BUF], size_t *len)
{
    if (e->s) {
        *len = e->len;
        return (const char *)e->s;
    }
    *len = (size_t)ll_to_str(buf, PACKED_INT_BUF, e->ll);
    return buf;
}

const char *packed_kind_name(int kind)
{
    switch (kind) {
    case PACKED_ZIPLIST:
        return "ziplist";
    case PACKED_LISTPACK:
        return "listpack";
    case PACKED_INTSET:
        return "intset";
    case PACKED_ZIPMAP:
        return "zipmap";
    default:
        return "packed blob";
    }
}
