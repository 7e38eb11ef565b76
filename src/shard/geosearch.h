/* Geo search over a sorted set whose scores are geohashes (shard/geohash.h): the members inside
 * a shape, found in Redis's order (the 9 cells of geoshape_cells one after the other, each in
 * score order), and Redis's sorts of them by distance (a full sort that keeps the found order
 * between equal distances, and the partial quicksort Redis uses when COUNT keeps fewer). Runs on
 * the thread holding the set's shard. */
#ifndef TESSERA_GEOSEARCH_H
#define TESSERA_GEOSEARCH_H

#include <stddef.h>

#include "shard/geoshape.h"

struct zsetobj;

struct geo_point {
    double lon, lat;
    double dist;   /* from the centre, in metres */
    double score;  /* the member's geohash */
    const char *m; /* valid while the set is unchanged */
    size_t len;
    size_t order; /* position in the found order */
};

struct geo_points {
    struct geo_point *p;
    size_t n, cap;
};

/* Appends the members of z inside the shape; with limit > 0 stops once the array holds that
 * many (COUNT ... ANY). */
void geosearch_collect(const struct zsetobj *z, struct geo_shape *shape, size_t limit,
                       struct geo_points *out);
void geosearch_free(struct geo_points *pts);

enum geo_sort { GEO_SORT_NONE, GEO_SORT_ASC, GEO_SORT_DESC };

/* Sorts by distance so that the first `keep` points are the ones Redis returns, in its order. */
void geosearch_sort(struct geo_points *pts, enum geo_sort sort, size_t keep);

#endif
