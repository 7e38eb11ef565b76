/* Listpacks (see listpack.h): [u32 bytes][u32 count] then entries, each
 * [varint len][len bytes][backlen], where backlen is the size of the first two parts written so
 * that it reads from its last byte backwards. Used by the thread holding the value's shard. */
#include <string.h>

#include "shard/listpack.h"
#include "shard/varint.h"
#include "tessera/mem.h"

#define LP_HEADER 8u

struct listpack {
    uint32_t bytes;
    uint32_t count;
    unsigned char data[];
};

static unsigned char *base(const struct listpack *lp)
{
    return (unsigned char *)lp;
}

/* The backlen's low bits sit in its last byte, so a reader walking backwards meets them first;
 * every byte but the first carries the "more before me" flag. */
static void backlen_write(unsigned char *end, size_t v)
{
    size_t k = varint_size(v);
    for (size_t i = 0; i < k; i++) {
        unsigned char b = (unsigned char)(v & 127);
        if (i + 1 < k) b |= 128;
        end[-1 - (ptrdiff_t)i] = b;
        v >>= 7;
    }
}

/* Reads the backlen ending just before `end`; returns the size of the entry it closes. */
static size_t backlen_read(const unsigned char *end, size_t *k)
{
    size_t v = 0, i = 0;
    unsigned shift = 0;
    unsigned char b;
    do {
        b = end[-1 - (ptrdiff_t)i];
        v |= (size_t)(b & 127) << shift;
        shift += 7;
        i++;
    } while (b & 128);
    *k = i;
    return v + i;
}

size_t lp_entry_size(size_t len)
{
    size_t body = varint_size(len) + len;
    return body + varint_size(body);
}

static size_t entry_size_at(const struct listpack *lp, size_t pos)
{
    size_t len;
    varint_read(base(lp) + pos, &len);
    return lp_entry_size(len);
}

struct listpack *lp_new(void)
{
    struct listpack *lp = mem_alloc(LP_HEADER);
    lp->bytes = LP_HEADER;
    lp->count = 0;
    return lp;
}

void lp_free(struct listpack *lp)
{
    mem_free(lp);
}

struct listpack *lp_dup(const struct listpack *lp)
{
    struct listpack *n = mem_alloc(lp->bytes);
    memcpy(n, lp, lp->bytes);
    return n;
}

uint32_t lp_count(const struct listpack *lp)
{
    return lp->count;
}

size_t lp_bytes(const struct listpack *lp)
{
    return lp->bytes;
}

size_t lp_usage(const struct listpack *lp)
{
    return mem_usable(lp);
}

size_t lp_first(const struct listpack *lp)
{
    return lp->count ? LP_HEADER : LP_NONE;
}

size_t lp_last(const struct listpack *lp)
{
    if (!lp->count) return LP_NONE;
    size_t k;
    return lp->bytes - backlen_read(base(lp) + lp->bytes, &k);
}

size_t lp_next(const struct listpack *lp, size_t pos)
{
    size_t n = pos + entry_size_at(lp, pos);
    return n < lp->bytes ? n : LP_NONE;
}

size_t lp_prev(const struct listpack *lp, size_t pos)
{
    if (pos <= LP_HEADER) return LP_NONE;
    size_t k;
    return pos - backlen_read(base(lp) + pos, &k);
}

size_t lp_seek(const struct listpack *lp, long i)
{
    long n = (long)lp->count;
    if (i < 0) i += n;
    if (i < 0 || i >= n) return LP_NONE;
    size_t pos;
    if (i <= n / 2) {
        pos = lp_first(lp);
        while (i--)
            pos = lp_next(lp, pos);
    } else {
        pos = lp_last(lp);
        for (long j = n - 1; j > i; j--)
            pos = lp_prev(lp, pos);
    }
    return pos;
}

const char *lp_get(const struct listpack *lp, size_t pos, size_t *len)
{
    size_t h = varint_read(base(lp) + pos, len);
    return (const char *)base(lp) + pos + h;
}

size_t lp_find(const struct listpack *lp, size_t pos, const char *s, size_t len, unsigned skip)
{
    while (pos != LP_NONE) {
        size_t elen;
        const char *e = lp_get(lp, pos, &elen);
        if (elen == len && memcmp(e, s, len) == 0) return pos;
        pos = lp_next(lp, pos);
        for (unsigned i = 0; i < skip && pos != LP_NONE; i++)
            pos = lp_next(lp, pos);
    }
    return LP_NONE;
}

static void encode_at(unsigned char *p, const char *s, size_t len)
{
    size_t h = varint_write(p, len);
    if (len) memcpy(p + h, s, len);
    backlen_write(p + lp_entry_size(len), h + len);
}

/* Replaces `old` bytes at pos with room for `add` bytes, moving the tail. */
static struct listpack *resize_at(struct listpack *lp, size_t pos, size_t old, size_t add)
{
    size_t bytes = lp->bytes;
    size_t nbytes = bytes - old + add;
    if (add > old) lp = mem_realloc(lp, nbytes);
    memmove(base(lp) + pos + add, base(lp) + pos + old, bytes - pos - old);
    if (add < old) lp = mem_realloc(lp, nbytes);
    lp->bytes = (uint32_t)nbytes;
    return lp;
}

struct listpack *lp_insert(struct listpack *lp, size_t pos, const char *s, size_t len,
                           size_t *newpos)
{
    if (pos == LP_NONE) pos = lp->bytes;
    size_t sz = lp_entry_size(len);
    lp = resize_at(lp, pos, 0, sz);
    encode_at(base(lp) + pos, s, len);
    lp->count++;
    if (newpos) *newpos = pos;
    return lp;
}

struct listpack *lp_append(struct listpack *lp, const char *s, size_t len)
{
    return lp_insert(lp, LP_NONE, s, len, NULL);
}

struct listpack *lp_prepend(struct listpack *lp, const char *s, size_t len)
{
    return lp_insert(lp, lp->count ? LP_HEADER : LP_NONE, s, len, NULL);
}

struct listpack *lp_replace(struct listpack *lp, size_t pos, const char *s, size_t len)
{
    size_t old = entry_size_at(lp, pos), sz = lp_entry_size(len);
    lp = resize_at(lp, pos, old, sz);
    encode_at(base(lp) + pos, s, len);
    return lp;
}

struct listpack *lp_delete(struct listpack *lp, size_t pos, uint32_t n)
{
    size_t end = pos;
    uint32_t removed = 0;
    while (removed < n && end < lp->bytes) {
        end += entry_size_at(lp, end);
        removed++;
    }
    lp = resize_at(lp, pos, end - pos, 0);
    lp->count -= removed;
    return lp;
}
