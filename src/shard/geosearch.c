/* Geo search over a sorted set (see geosearch.h): the cells' score ranges walked in Redis's order,
 * the exact shape filter, and the two sorts by distance. Runs on the thread holding the set. */
#include <stdlib.h>

#include "shard/geosearch.h"
#include "shard/zsetobj.h"
#include "tessera/mem.h"

static void push(struct geo_points *pts, const struct geo_point *p)
{
    if (pts->n == pts->cap) {
        pts->cap = pts->cap ? 2 * pts->cap : 16;
        pts->p = mem_realloc(pts->p, pts->cap * sizeof *pts->p);
    }
    pts->p[pts->n] = *p;
    pts->p[pts->n].order = pts->n;
    pts->n++;
}

static int limit_reached(const struct geo_points *pts, size_t limit)
{
    return limit && pts->n >= limit;
}

/* The members whose scores fall in the cell: [its first 52-bit score, the next cell's). */
static void collect_cell(const struct zsetobj *z, struct geohash_bits cell,
                         const struct geo_shape *shape, size_t limit, struct geo_points *out)
{
    struct geohash_bits next = {cell.bits + 1, cell.step};
    struct zscore_range r = {(double)geohash_align52(cell), (double)geohash_align52(next), 0, 1};
    uint64_t first;
    uint64_t n = zsetobj_score_span(z, &r, &first);
    if (n == 0) return;
    struct zset_iter it;
    zsetobj_iter_init(&it, z, first, 0);
    struct geo_point p;
    for (uint64_t i = 0; i < n && zsetobj_iter_next(&it, &p.m, &p.len, &p.score); i++) {
        double xy[2];
        if (!geohash_score_decode(p.score, xy)) continue;
        if (!geoshape_contains(shape, xy[0], xy[1], &p.dist)) continue;
        p.lon = xy[0];
        p.lat = xy[1];
        push(out, &p);
        if (limit_reached(out, limit)) return;
    }
}

void geosearch_collect(const struct zsetobj *z, struct geo_shape *shape, size_t limit,
                       struct geo_points *out)
{
    struct geohash_bits cells[GEO_NCELLS];
    geoshape_cells(shape, cells);
    int last = -1;
    for (int i = 0; i < GEO_NCELLS; i++) {
        if (geohash_is_zero(cells[i])) continue;
        /* Over very large areas neighbours can be the same cell: the one just searched is
         * skipped, as Redis does (only that one). */
        if (last > 0 && cells[i].bits == cells[last].bits && cells[i].step == cells[last].step)
            continue;
        if (out->n && limit_reached(out, limit)) break;
        collect_cell(z, cells[i], shape, limit, out);
        last = i;
    }
}

void geosearch_free(struct geo_points *pts)
{
    mem_free(pts->p);
    pts->p = NULL;
    pts->n = pts->cap = 0;
}

/* ---- sorting ---- */

typedef int (*geo_cmp)(const struct geo_point *a, const struct geo_point *b);

static int by_dist_asc(const struct geo_point *a, const struct geo_point *b)
{
    if (a->dist > b->dist) return 1;
    if (a->dist == b->dist) return 0;
    return -1;
}

static int by_dist_desc(const struct geo_point *a, const struct geo_point *b)
{
    return -by_dist_asc(a, b);
}

/* The full sort keeps the found order between equal distances, as glibc's merge sort does for
 * Redis. */
static int stable_asc(const void *x, const void *y)
{
    const struct geo_point *a = x, *b = y;
    int c = by_dist_asc(a, b);
    return c ? c : (a->order > b->order) - (a->order < b->order);
}

static int stable_desc(const void *x, const void *y)
{
    const struct geo_point *a = x, *b = y;
    int c = by_dist_desc(a, b);
    return c ? c : (a->order > b->order) - (a->order < b->order);
}

static void swap_pts(struct geo_point *a, struct geo_point *b)
{
    struct geo_point t = *a;
    *a = *b;
    *b = t;
}

static void swap_runs(struct geo_point *a, struct geo_point *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        swap_pts(a + i, b + i);
}

static struct geo_point *med3(struct geo_point *a, struct geo_point *b, struct geo_point *c,
                              geo_cmp cmp)
{
    return cmp(a, b) < 0 ? (cmp(b, c) < 0 ? b : (cmp(a, c) < 0 ? c : a))
                         : (cmp(b, c) > 0 ? b : (cmp(a, c) < 0 ? a : c));
}

/* Whether [first, last] and [lo, hi] do not meet. */
static int apart(const struct geo_point *first, const struct geo_point *last,
                 const struct geo_point *lo, const struct geo_point *hi)
{
    return (lo < first && hi < first) || (lo > last && hi > last);
}

static size_t min_sz(size_t a, size_t b)
{
    return a < b ? a : b;
}

/* Bentley and McIlroy's quicksort ("Engineering a Sort Function") that only descends into the
 * parts overlapping [lo, hi]: the partial sort Redis runs (its pqsort), step for step, so points
 * at equal distances end up where Redis puts them. */
static void partial_sort(struct geo_point *a, size_t n, geo_cmp cmp, const struct geo_point *lo,
                         const struct geo_point *hi)
{
    struct geo_point *pa, *pb, *pc, *pd, *pl, *pm, *pn;
    size_t r;
    int c;
loop:
    if (n < 7) {
        for (pm = a + 1; pm < a + n; pm++)
            for (pl = pm; pl > a && cmp(pl - 1, pl) > 0; pl--)
                swap_pts(pl, pl - 1);
        return;
    }
    pm = a + n / 2;
    if (n > 7) {
        pl = a;
        pn = a + n - 1;
        if (n > 40) {
            size_t d = n / 8;
            pl = med3(pl, pl + d, pl + 2 * d, cmp);
            pm = med3(pm - d, pm, pm + d, cmp);
            pn = med3(pn - 2 * d, pn - d, pn, cmp);
        }
        pm = med3(pl, pm, pn, cmp);
    }
    swap_pts(a, pm);
    pa = pb = a + 1;
    pc = pd = a + n - 1;
    for (;;) {
        while (pb <= pc && (c = cmp(pb, a)) <= 0) {
            if (c == 0) swap_pts(pa++, pb);
            pb++;
        }
        while (pb <= pc && (c = cmp(pc, a)) >= 0) {
            if (c == 0) swap_pts(pc, pd--);
            pc--;
        }
        if (pb > pc) break;
        swap_pts(pb++, pc--);
    }
    pn = a + n;
    r = min_sz((size_t)(pa - a), (size_t)(pb - pa));
    swap_runs(a, pb - r, r);
    r = min_sz((size_t)(pd - pc), (size_t)(pn - pd) - 1);
    swap_runs(pb, pn - r, r);
    if ((r = (size_t)(pb - pa)) > 1 && !apart(a, a + r - 1, lo, hi))
        partial_sort(a, r, cmp, lo, hi);
    if ((r = (size_t)(pd - pc)) > 1) {
        /* The right part by iteration rather than recursion. */
        a = pn - r;
        n = r;
        if (!apart(a, a + r - 1, lo, hi)) goto loop;
    }
}

void geosearch_sort(struct geo_points *pts, enum geo_sort sort, size_t keep)
{
    if (sort == GEO_SORT_NONE || pts->n == 0) return;
    if (keep >= pts->n) {
        qsort(pts->p, pts->n, sizeof *pts->p, sort == GEO_SORT_ASC ? stable_asc : stable_desc);
        return;
    }
    partial_sort(pts->p, pts->n, sort == GEO_SORT_ASC ? by_dist_asc : by_dist_desc, pts->p,
                 pts->p + keep - 1);
}
