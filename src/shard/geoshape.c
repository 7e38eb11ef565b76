/* Search areas of GEORADIUS and GEOSEARCH (see geoshape.h), with Redis's arithmetic so that the
 * same cells are searched and the same points pass the filter. Pure functions. */
#include <math.h>

#include "shard/geoshape.h"

#define DEG_RAD      (M_PI / 180.0)
#define MERCATOR_MAX 20037726.37

static double rad_deg(double a)
{
    return a / DEG_RAD;
}

uint8_t geoshape_estimate_steps(double range_m, double lat)
{
    if (range_m == 0) return 26;
    int step = 1;
    while (range_m < MERCATOR_MAX) {
        range_m *= 2;
        step++;
    }
    step -= 2; /* so that the range fits the 9 cells in most cases */
    /* Meridians converge towards the poles: wider cells there. */
    if (lat > 66 || lat < -66) {
        step--;
        if (lat > 80 || lat < -80) step--;
    }
    if (step < 1) step = 1;
    if (step > 26) step = 26;
    return (uint8_t)step;
}

/* The shape's bounding box in degrees: longitude widths measured on the edge nearer the pole,
 * where a degree is shortest. */
static void bounding_box(struct geo_shape *s)
{
    double lon = s->xy[0], lat = s->xy[1];
    double half_h = s->conversion * (s->type == GEO_CIRCLE ? s->radius : s->height / 2);
    double half_w = s->conversion * (s->type == GEO_CIRCLE ? s->radius : s->width / 2);
    double lat_delta = rad_deg(half_h / GEO_EARTH_RADIUS_M);
    double lon_delta_top = rad_deg(half_w / GEO_EARTH_RADIUS_M / cos((lat + lat_delta) * DEG_RAD));
    double lon_delta_bottom =
        rad_deg(half_w / GEO_EARTH_RADIUS_M / cos((lat - lat_delta) * DEG_RAD));
    int south = lat < 0;
    s->bounds[0] = south ? lon - lon_delta_bottom : lon - lon_delta_top;
    s->bounds[2] = south ? lon + lon_delta_bottom : lon + lon_delta_top;
    s->bounds[1] = lat - lat_delta;
    s->bounds[3] = lat + lat_delta;
}

static void centre_cells(const struct geo_shape *s, uint8_t steps, struct geohash_bits *centre,
                         struct geohash_bits nb[GEO_NDIRS], struct geohash_area *area)
{
    geohash_encode_wgs84(s->xy[0], s->xy[1], steps, centre);
    geohash_neighbors(*centre, nb);
    geohash_decode_wgs84(*centre, area);
}

void geoshape_cells(struct geo_shape *s, struct geohash_bits cells[GEO_NCELLS])
{
    bounding_box(s);
    double min_lon = s->bounds[0], min_lat = s->bounds[1];
    double max_lon = s->bounds[2], max_lat = s->bounds[3];
    /* A box is estimated by the distance from its centre to a corner. */
    double radius_m =
        s->type == GEO_CIRCLE
            ? s->radius
            : sqrt((s->width / 2) * (s->width / 2) + (s->height / 2) * (s->height / 2));
    radius_m *= s->conversion;

    uint8_t steps = geoshape_estimate_steps(radius_m, s->xy[1]);
    struct geohash_bits centre, nb[GEO_NDIRS];
    struct geohash_area area;
    centre_cells(s, steps, &centre, nb, &area);

    /* Near a cell's edge the estimate can leave part of the shape outside the neighbours: one
     * step coarser then. */
    struct geohash_area n, so, e, w;
    geohash_decode_wgs84(nb[GEO_N], &n);
    geohash_decode_wgs84(nb[GEO_S], &so);
    geohash_decode_wgs84(nb[GEO_E], &e);
    geohash_decode_wgs84(nb[GEO_W], &w);
    int decrease =
        n.lat.max < max_lat || so.lat.min > min_lat || e.lon.max < max_lon || w.lon.min > min_lon;
    if (steps > 1 && decrease) {
        steps--;
        centre_cells(s, steps, &centre, nb, &area);
    }

    /* Drop the neighbours the shape cannot reach. */
    static const struct geohash_bits none = {0, 0};
    if (steps >= 2) {
        if (area.lat.min < min_lat) nb[GEO_S] = nb[GEO_SW] = nb[GEO_SE] = none;
        if (area.lat.max > max_lat) nb[GEO_N] = nb[GEO_NE] = nb[GEO_NW] = none;
        if (area.lon.min < min_lon) nb[GEO_W] = nb[GEO_SW] = nb[GEO_NW] = none;
        if (area.lon.max > max_lon) nb[GEO_E] = nb[GEO_SE] = nb[GEO_NE] = none;
    }
    cells[0] = centre;
    for (int i = 0; i < GEO_NDIRS; i++)
        cells[1 + i] = nb[i];
}

int geoshape_contains(const struct geo_shape *s, double lon, double lat, double *dist)
{
    if (s->type == GEO_CIRCLE) {
        *dist = geohash_distance(s->xy[0], s->xy[1], lon, lat);
        return *dist <= s->radius * s->conversion;
    }
    /* A box: the east-west distance along the point's parallel and the north-south one along
     * its meridian, each within half the box. */
    double width_m = s->width * s->conversion, height_m = s->height * s->conversion;
    double lon_dist = geohash_distance(lon, lat, s->xy[0], lat);
    double lat_dist = geohash_distance(lon, lat, lon, s->xy[1]);
    if (lon_dist > width_m / 2 || lat_dist > height_m / 2) return 0;
    *dist = geohash_distance(s->xy[0], s->xy[1], lon, lat);
    return 1;
}
