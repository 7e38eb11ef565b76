/* The areas a geo search covers, as Redis computes them: a circle or a box around a point, its
 * bounding box, the cell size (step) Redis estimates for it, the cell of the centre and those of
 * its eight neighbours that can hold matches, and the exact test of a point against the shape.
 * Pure functions, called by any thread. */
#ifndef TESSERA_GEOSHAPE_H
#define TESSERA_GEOSHAPE_H

#include "shard/geohash.h"

enum geo_shape_type { GEO_CIRCLE, GEO_BOX };

struct geo_shape {
    enum geo_shape_type type;
    double xy[2];         /* centre: longitude, latitude */
    double conversion;    /* metres per unit of radius, width and height */
    double radius;        /* GEO_CIRCLE, in units */
    double width, height; /* GEO_BOX, in units */
    double bounds[4];     /* set by geoshape_cells: min lon, min lat, max lon, max lat */
};

/* The 9 cells to search, the centre's first and then its neighbours in enum geohash_dir
 * order; a neighbour that cannot hold a match is "no cell" (geohash_is_zero). */
#define GEO_NCELLS 9

/* Redis's step estimate for a search of `range_m` metres around latitude `lat`. */
uint8_t geoshape_estimate_steps(double range_m, double lat);
/* Fills shape->bounds and cells. */
void geoshape_cells(struct geo_shape *shape, struct geohash_bits cells[GEO_NCELLS]);
/* Whether (lon, lat) is inside the shape; if so *dist is its distance from the centre in
 * metres. */
int geoshape_contains(const struct geo_shape *shape, double lon, double lat, double *dist);

#endif
