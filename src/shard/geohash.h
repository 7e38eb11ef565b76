/* Redis's geohash, bit for bit: a point is the interleave of its latitude and longitude cells
 * (26 steps of halving each, so 52 bits: what a geo set stores as a member's score), cells have
 * eight neighbours, and distances are haversine on Redis's earth radius. Pure functions, called
 * by any thread. The search areas built on it are in shard/geoshape.h. */
#ifndef TESSERA_GEOHASH_H
#define TESSERA_GEOHASH_H

#include <stdint.h>

#define GEO_STEP_MAX       26 /* 52 bits: exact in a double score */
#define GEO_LAT_MIN        -85.05112878
#define GEO_LAT_MAX        85.05112878
#define GEO_LONG_MIN       -180.0
#define GEO_LONG_MAX       180.0
#define GEO_EARTH_RADIUS_M 6372797.560856

/* A cell: `step` bits of latitude in the even positions, `step` of longitude in the odd ones.
 * bits 0 with step 0 is "no cell" (a neighbour dropped from a search). */
struct geohash_bits {
    uint64_t bits;
    uint8_t step;
};

struct geohash_range {
    double min, max;
};

struct geohash_area {
    struct geohash_bits hash;
    struct geohash_range lon, lat;
};

/* The neighbours of a cell, in the order a search visits them after the cell itself. */
enum geohash_dir { GEO_N, GEO_S, GEO_E, GEO_W, GEO_NE, GEO_NW, GEO_SE, GEO_SW, GEO_NDIRS };

static inline int geohash_is_zero(struct geohash_bits h)
{
    return h.bits == 0 && h.step == 0;
}

/* The cell of (lon, lat) at `step` within the ranges: 0 when step is not 1..32 or the point lies
 * outside the ranges or Redis's limits. */
int geohash_encode(const struct geohash_range *lon_r, const struct geohash_range *lat_r, double lon,
                   double lat, uint8_t step, struct geohash_bits *out);
/* The same within Redis's ranges (longitude -180..180, latitude +-85.05112878). */
int geohash_encode_wgs84(double lon, double lat, uint8_t step, struct geohash_bits *out);
/* The bounds of a cell in the given ranges; 0 for "no cell". */
int geohash_decode(const struct geohash_range *lon_r, const struct geohash_range *lat_r,
                   struct geohash_bits h, struct geohash_area *out);
int geohash_decode_wgs84(struct geohash_bits h, struct geohash_area *out);
/* The centre of an area, clamped to Redis's limits: xy[0] longitude, xy[1] latitude. */
void geohash_area_center(const struct geohash_area *a, double xy[2]);

/* A cell left-aligned to 52 bits: the sorted-set score of its first point. */
uint64_t geohash_align52(struct geohash_bits h);
/* The score GEOADD gives (lon, lat), which must lie within Redis's limits. */
uint64_t geohash_score(double lon, double lat);
/* The point a score stands for (the centre of its 26-step cell); 0 when it decodes to nothing. */
int geohash_score_decode(double score, double xy[2]);
/* GEOHASH's 11 characters (base 32 of the standard -90..90 latitude range, the last one '0'). */
void geohash_string(double score, char out[11]);

/* The eight neighbours of a cell (wrapping around at the edges of the ranges). */
void geohash_neighbors(struct geohash_bits h, struct geohash_bits out[GEO_NDIRS]);

/* Great-circle distance in metres between two points given in degrees. */
double geohash_distance(double lon1, double lat1, double lon2, double lat2);

#endif
