/* Redis's geohash encoding (see geohash.h): the same arithmetic in the same order, so scores,
 * decoded positions and GEOHASH strings come out identical to Redis's. Pure functions. */
#include <math.h>
#include <stddef.h>

#include "shard/geohash.h"

#define DEG_RAD (M_PI / 180.0)

static const struct geohash_range wgs84_lon = {GEO_LONG_MIN, GEO_LONG_MAX};
static const struct geohash_range wgs84_lat = {GEO_LAT_MIN, GEO_LAT_MAX};

/* The 32 bits of v moved to the even bit positions of the result. */
static uint64_t spread(uint32_t v)
{
    uint64_t x = v;
    x = (x | (x << 16)) & 0x0000FFFF0000FFFFULL;
    x = (x | (x << 8)) & 0x00FF00FF00FF00FFULL;
    x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0FULL;
    x = (x | (x << 2)) & 0x3333333333333333ULL;
    x = (x | (x << 1)) & 0x5555555555555555ULL;
    return x;
}

/* The even bit positions of x packed into 32 bits. */
static uint32_t gather(uint64_t x)
{
    x &= 0x5555555555555555ULL;
    x = (x | (x >> 1)) & 0x3333333333333333ULL;
    x = (x | (x >> 2)) & 0x0F0F0F0F0F0F0F0FULL;
    x = (x | (x >> 4)) & 0x00FF00FF00FF00FFULL;
    x = (x | (x >> 8)) & 0x0000FFFF0000FFFFULL;
    x = (x | (x >> 16)) & 0x00000000FFFFFFFFULL;
    return (uint32_t)x;
}

static int range_is_zero(const struct geohash_range *r)
{
    return r->min == 0 && r->max == 0;
}

int geohash_encode(const struct geohash_range *lon_r, const struct geohash_range *lat_r, double lon,
                   double lat, uint8_t step, struct geohash_bits *out)
{
    if (step > 32 || step == 0 || range_is_zero(lat_r) || range_is_zero(lon_r)) return 0;
    if (lon > GEO_LONG_MAX || lon < GEO_LONG_MIN || lat > GEO_LAT_MAX || lat < GEO_LAT_MIN)
        return 0;
    out->bits = 0;
    out->step = step;
    if (lat < lat_r->min || lat > lat_r->max || lon < lon_r->min || lon > lon_r->max) return 0;
    double lat_off = (lat - lat_r->min) / (lat_r->max - lat_r->min);
    double lon_off = (lon - lon_r->min) / (lon_r->max - lon_r->min);
    lat_off *= (double)(1ULL << step);
    lon_off *= (double)(1ULL << step);
    /* Truncated to whole cells, as Redis's conversion to uint32_t does. */
    out->bits = spread((uint32_t)lat_off) | (spread((uint32_t)lon_off) << 1);
    return 1;
}

int geohash_encode_wgs84(double lon, double lat, uint8_t step, struct geohash_bits *out)
{
    return geohash_encode(&wgs84_lon, &wgs84_lat, lon, lat, step, out);
}

int geohash_decode(const struct geohash_range *lon_r, const struct geohash_range *lat_r,
                   struct geohash_bits h, struct geohash_area *out)
{
    if (geohash_is_zero(h) || range_is_zero(lat_r) || range_is_zero(lon_r)) return 0;
    out->hash = h;
    uint32_t ilat = gather(h.bits), ilon = gather(h.bits >> 1);
    double lat_scale = lat_r->max - lat_r->min, lon_scale = lon_r->max - lon_r->min;
    double cells = (double)(1ULL << h.step);
    out->lat.min = lat_r->min + (ilat * 1.0 / cells) * lat_scale;
    out->lat.max = lat_r->min + ((uint32_t)(ilat + 1) * 1.0 / cells) * lat_scale;
    out->lon.min = lon_r->min + (ilon * 1.0 / cells) * lon_scale;
    out->lon.max = lon_r->min + ((uint32_t)(ilon + 1) * 1.0 / cells) * lon_scale;
    return 1;
}

int geohash_decode_wgs84(struct geohash_bits h, struct geohash_area *out)
{
    return geohash_decode(&wgs84_lon, &wgs84_lat, h, out);
}

void geohash_area_center(const struct geohash_area *a, double xy[2])
{
    xy[0] = (a->lon.min + a->lon.max) / 2;
    if (xy[0] > GEO_LONG_MAX) xy[0] = GEO_LONG_MAX;
    if (xy[0] < GEO_LONG_MIN) xy[0] = GEO_LONG_MIN;
    xy[1] = (a->lat.min + a->lat.max) / 2;
    if (xy[1] > GEO_LAT_MAX) xy[1] = GEO_LAT_MAX;
    if (xy[1] < GEO_LAT_MIN) xy[1] = GEO_LAT_MIN;
}

uint64_t geohash_align52(struct geohash_bits h)
{
    return h.bits << (52 - h.step * 2);
}

uint64_t geohash_score(double lon, double lat)
{
    struct geohash_bits h;
    geohash_encode_wgs84(lon, lat, GEO_STEP_MAX, &h);
    return geohash_align52(h);
}

int geohash_score_decode(double score, double xy[2])
{
    struct geohash_bits h = {(uint64_t)score, GEO_STEP_MAX};
    struct geohash_area a;
    if (!geohash_decode_wgs84(h, &a)) return 0;
    geohash_area_center(&a, xy);
    return 1;
}

void geohash_string(double score, char out[11])
{
    static const char alphabet[] = "0123456789bcdefghjkmnpqrstuvwxyz";
    static const struct geohash_range lon_r = {-180, 180}, lat_r = {-90, 90};
    double xy[2];
    struct geohash_bits h = {0, 0};
    if (geohash_score_decode(score, xy)) geohash_encode(&lon_r, &lat_r, xy[0], xy[1], 26, &h);
    /* 52 bits give ten characters; the eleventh of the usual form is taken as zero. */
    for (int i = 0; i < 10; i++)
        out[i] = alphabet[(h.bits >> (52 - (i + 1) * 5)) & 0x1f];
    out[10] = alphabet[0];
}

/* One cell east (d > 0) or west (d < 0): add or subtract one in the longitude bits alone,
 * letting the carry cross the latitude bits, which are first set to all ones. */
static void move_x(struct geohash_bits *h, int d)
{
    uint64_t x = h->bits & 0xaaaaaaaaaaaaaaaaULL;
    uint64_t y = h->bits & 0x5555555555555555ULL;
    uint64_t zz = 0x5555555555555555ULL >> (64 - h->step * 2);
    if (d > 0) {
        x = x + (zz + 1);
    } else {
        x = x | zz;
        x = x - (zz + 1);
    }
    x &= (0xaaaaaaaaaaaaaaaaULL >> (64 - h->step * 2));
    h->bits = x | y;
}

/* One cell north (d > 0) or south (d < 0), the same on the latitude bits. */
static void move_y(struct geohash_bits *h, int d)
{
    uint64_t x = h->bits & 0xaaaaaaaaaaaaaaaaULL;
    uint64_t y = h->bits & 0x5555555555555555ULL;
    uint64_t zz = 0xaaaaaaaaaaaaaaaaULL >> (64 - h->step * 2);
    if (d > 0) {
        y = y + (zz + 1);
    } else {
        y = y | zz;
        y = y - (zz + 1);
    }
    y &= (0x5555555555555555ULL >> (64 - h->step * 2));
    h->bits = x | y;
}

void geohash_neighbors(struct geohash_bits h, struct geohash_bits out[GEO_NDIRS])
{
    static const signed char dx[GEO_NDIRS] = {
        [GEO_N] = 0,  [GEO_S] = 0,   [GEO_E] = 1,  [GEO_W] = -1,
        [GEO_NE] = 1, [GEO_NW] = -1, [GEO_SE] = 1, [GEO_SW] = -1};
    static const signed char dy[GEO_NDIRS] = {
        [GEO_N] = 1,  [GEO_S] = -1, [GEO_E] = 0,   [GEO_W] = 0,
        [GEO_NE] = 1, [GEO_NW] = 1, [GEO_SE] = -1, [GEO_SW] = -1};
    for (int i = 0; i < GEO_NDIRS; i++) {
        out[i] = h;
        if (dx[i]) move_x(&out[i], dx[i]);
        if (dy[i]) move_y(&out[i], dy[i]);
    }
}

double geohash_distance(double lon1, double lat1, double lon2, double lat2)
{
    double lat1r = lat1 * DEG_RAD, lon1r = lon1 * DEG_RAD;
    double lat2r = lat2 * DEG_RAD, lon2r = lon2 * DEG_RAD;
    double u = sin((lat2r - lat1r) / 2);
    double v = sin((lon2r - lon1r) / 2);
    return 2.0 * GEO_EARTH_RADIUS_M * asin(sqrt(u * u + cos(lat1r) * cos(lat2r) * v * v));
}
