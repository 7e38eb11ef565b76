/* Intsets (see intset.h): a header and the elements in ascending order, found by binary search.
 * Elements are kept in the host's byte order and read and written with memcpy, so they need no
 * alignment. Used by the thread holding the set's shard. */
#include <string.h>

#include "shard/intset.h"
#include "tessera/mem.h"

struct intset {
    uint32_t width; /* bytes per element: 2, 4 or 8 */
    uint32_t len;
    uint8_t data[];
};

static unsigned width_for(int64_t v)
{
    if (v >= INT16_MIN && v <= INT16_MAX) return 2;
    if (v >= INT32_MIN && v <= INT32_MAX) return 4;
    return 8;
}

static int64_t get_as(const struct intset *is, uint32_t pos, unsigned width)
{
    const uint8_t *p = is->data + (size_t)pos * width;
    if (width == 2) {
        int16_t v;
        memcpy(&v, p, sizeof v);
        return v;
    }
    if (width == 4) {
        int32_t v;
        memcpy(&v, p, sizeof v);
        return v;
    }
    int64_t v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* v must fit the intset's width. */
static void set_at(struct intset *is, uint32_t pos, int64_t v)
{
    uint8_t *p = is->data + (size_t)pos * is->width;
    if (is->width == 2) {
        int16_t x = (int16_t)v;
        memcpy(p, &x, sizeof x);
    } else if (is->width == 4) {
        int32_t x = (int32_t)v;
        memcpy(p, &x, sizeof x);
    } else {
        memcpy(p, &v, sizeof v);
    }
}

static size_t bytes_for(unsigned width, uint32_t len)
{
    return sizeof(struct intset) + (size_t)width * len;
}

static struct intset *resize(struct intset *is, uint32_t len)
{
    return mem_realloc(is, bytes_for(is->width, len));
}

/* Binary search: 1 with *pos at v, or 0 with *pos where v would go. */
static int search(const struct intset *is, int64_t v, uint32_t *pos)
{
    if (is->len == 0) {
        *pos = 0;
        return 0;
    }
    /* Appending ascending values is common (SADD 1 2 3 ...): check the ends first. */
    if (v > get_as(is, is->len - 1, is->width)) {
        *pos = is->len;
        return 0;
    }
    if (v < get_as(is, 0, is->width)) {
        *pos = 0;
        return 0;
    }
    uint32_t lo = 0, hi = is->len;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        int64_t cur = get_as(is, mid, is->width);
        if (cur == v) {
            *pos = mid;
            return 1;
        }
        if (cur < v)
            lo = mid + 1;
        else
            hi = mid;
    }
    *pos = lo;
    return 0;
}

struct intset *intset_new(void)
{
    struct intset *is = mem_alloc(sizeof *is);
    is->width = 2;
    is->len = 0;
    return is;
}

void intset_free(struct intset *is)
{
    mem_free(is);
}

struct intset *intset_dup(const struct intset *is)
{
    size_t n = intset_bytes(is);
    struct intset *c = mem_alloc(n);
    memcpy(c, is, n);
    return c;
}

/* v is wider than every element, so it is below them all (negative) or above them all. Each
 * element is re-encoded in place, from the last, so none is overwritten before it is read. */
static struct intset *widen_and_add(struct intset *is, int64_t v)
{
    unsigned old = is->width;
    uint32_t len = is->len;
    uint32_t shift = v < 0 ? 1 : 0;
    is->width = width_for(v);
    is = resize(is, len + 1);
    for (uint32_t i = len; i-- > 0;)
        set_at(is, i + shift, get_as(is, i, old));
    set_at(is, v < 0 ? 0 : len, v);
    is->len = len + 1;
    return is;
}

struct intset *intset_add(struct intset *is, int64_t v, int *added)
{
    *added = 1;
    if (width_for(v) > is->width) return widen_and_add(is, v);
    uint32_t pos;
    if (search(is, v, &pos)) {
        *added = 0;
        return is;
    }
    is = resize(is, is->len + 1);
    memmove(is->data + (size_t)(pos + 1) * is->width, is->data + (size_t)pos * is->width,
            (size_t)(is->len - pos) * is->width);
    set_at(is, pos, v);
    is->len++;
    return is;
}

struct intset *intset_remove(struct intset *is, int64_t v, int *removed)
{
    uint32_t pos;
    *removed = 0;
    if (width_for(v) > is->width || !search(is, v, &pos)) return is;
    memmove(is->data + (size_t)pos * is->width, is->data + (size_t)(pos + 1) * is->width,
            (size_t)(is->len - pos - 1) * is->width);
    is->len--;
    *removed = 1;
    return resize(is, is->len);
}

int intset_find(const struct intset *is, int64_t v)
{
    uint32_t pos;
    return width_for(v) <= is->width && search(is, v, &pos);
}

uint32_t intset_len(const struct intset *is)
{
    return is->len;
}

int64_t intset_get(const struct intset *is, uint32_t pos)
{
    return get_as(is, pos, is->width);
}

unsigned intset_width(const struct intset *is)
{
    return is->width;
}

size_t intset_bytes(const struct intset *is)
{
    return bytes_for(is->width, is->len);
}
