/* Unit tests of the geohash module and the search areas: scores, positions, GEOHASH strings and
 * distances Redis 7.0 gives for the same points, encode/decode round trips over the whole range,
 * neighbours (and their wrap-around), the step estimate, the cells a search covers, and the geo
 * search over a sorted set (what it collects, the full and the partial sort). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shard/geohash.h"
#include "shard/geosearch.h"
#include "shard/geoshape.h"
#include "shard/zsetobj.h"

static void human(char *buf, size_t cap, double v)
{
    int len = snprintf(buf, cap, "%.17Lf", (long double)v);
    while (buf[len - 1] == '0')
        buf[--len] = '\0';
    if (buf[len - 1] == '.') buf[--len] = '\0';
}

Test(geohash, scores_positions_and_strings_match_redis)
{
    /* GEOADD g 13.361389 38.115556 Palermo 15.087269 37.502669 Catania on Redis 7.0.15. */
    cr_assert_eq(geohash_score(13.361389, 38.115556), 3479099956230698ULL);
    cr_assert_eq(geohash_score(15.087269, 37.502669), 3479447370796909ULL);
    cr_assert_eq(geohash_score(0, 0), 3377699720527872ULL);
    cr_assert_eq(geohash_score(-180, GEO_LAT_MIN), 0);
    cr_assert_eq(geohash_score(180, GEO_LAT_MAX), 13510798882111488ULL, "the top edge overflows");

    double xy[2];
    char buf[64];
    cr_assert(geohash_score_decode(3479447370796909.0, xy));
    human(buf, sizeof buf, xy[0]);
    cr_assert_str_eq(buf, "15.08726745843887329");
    human(buf, sizeof buf, xy[1]);
    cr_assert_str_eq(buf, "37.50266842333162032");
    cr_assert(geohash_score_decode(13510798882111488.0, xy));
    human(buf, sizeof buf, xy[0]);
    cr_assert_str_eq(buf, "180", "clamped");
    human(buf, sizeof buf, xy[1]);
    cr_assert_str_eq(buf, "85.0511287799999991");

    char s[12] = {0};
    geohash_string(3479099956230698.0, s);
    cr_assert_str_eq(s, "sqc8b49rny0");
    geohash_string(3479447370796909.0, s);
    cr_assert_str_eq(s, "sqdtr74hyu0");
    geohash_string(0, s);
    cr_assert_str_eq(s, "00bh0hbj200");
    geohash_string(3377699720527872.0, s);
    cr_assert_str_eq(s, "s0000000000");
}

Test(geohash, distance_matches_redis)
{
    double p[2], c[2];
    geohash_score_decode(3479099956230698.0, p);
    geohash_score_decode(3479447370796909.0, c);
    char buf[64];
    snprintf(buf, sizeof buf, "%.4f", geohash_distance(p[0], p[1], c[0], c[1]));
    cr_assert_str_eq(buf, "166274.1516");
    cr_assert_eq(geohash_distance(10, 20, 10, 20), 0);
    /* A quarter of the equator. */
    double q = geohash_distance(0, 0, 90, 0);
    cr_assert_float_eq(q, GEO_EARTH_RADIUS_M * M_PI / 2, 1e-6);
    cr_assert_float_eq(geohash_distance(1, 2, 3, 4), geohash_distance(3, 4, 1, 2), 1e-9);
}

Test(geohash, encode_decode_round_trip)
{
    srand(7);
    for (int i = 0; i < 100000; i++) {
        double lon = -180 + 360.0 * rand() / RAND_MAX;
        double lat = GEO_LAT_MIN + (GEO_LAT_MAX - GEO_LAT_MIN) * rand() / RAND_MAX;
        uint8_t step = (uint8_t)(1 + i % 26);
        struct geohash_bits h;
        cr_assert(geohash_encode_wgs84(lon, lat, step, &h));
        cr_assert_eq(h.step, step);
        struct geohash_area a;
        cr_assert(geohash_decode_wgs84(h, &a));
        cr_assert(a.lon.min <= lon && lon <= a.lon.max, "lon %f in [%f, %f]", lon, a.lon.min,
                  a.lon.max);
        cr_assert(a.lat.min <= lat && lat <= a.lat.max);
        /* The centre encodes to the same cell. */
        double xy[2];
        geohash_area_center(&a, xy);
        struct geohash_bits back;
        cr_assert(geohash_encode_wgs84(xy[0], xy[1], step, &back));
        cr_assert_eq(back.bits, h.bits);
        if (step == GEO_STEP_MAX) {
            /* A score decodes to within half a 26-step cell (about 0.3 m) of the point. */
            double d[2];
            cr_assert(geohash_score_decode((double)geohash_align52(h), d));
            cr_assert(geohash_distance(lon, lat, d[0], d[1]) < 0.6);
        }
    }
}

Test(geohash, encode_refuses_out_of_range)
{
    struct geohash_bits h;
    cr_assert_not(geohash_encode_wgs84(180.1, 0, 26, &h));
    cr_assert_not(geohash_encode_wgs84(0, 85.06, 26, &h));
    cr_assert_not(geohash_encode_wgs84(0, 0, 0, &h));
    cr_assert_not(geohash_encode_wgs84(0, 0, 33, &h));
    struct geohash_area a;
    cr_assert_not(geohash_decode_wgs84((struct geohash_bits){0, 0}, &a));
}

Test(geohash, neighbours_touch_the_cell)
{
    srand(11);
    for (int i = 0; i < 2000; i++) {
        double lon = -170 + 340.0 * rand() / RAND_MAX;
        double lat = -80 + 160.0 * rand() / RAND_MAX;
        uint8_t step = (uint8_t)(4 + i % 23);
        struct geohash_bits h, nb[GEO_NDIRS];
        geohash_encode_wgs84(lon, lat, step, &h);
        geohash_neighbors(h, nb);
        struct geohash_area c;
        geohash_decode_wgs84(h, &c);
        double w = c.lon.max - c.lon.min, ht = c.lat.max - c.lat.min;
        if (c.lon.min - w < GEO_LONG_MIN || c.lon.max + w > GEO_LONG_MAX ||
            c.lat.min - ht < GEO_LAT_MIN || c.lat.max + ht > GEO_LAT_MAX)
            continue; /* on an edge: wraps around (the next test) */
        static const int dx[GEO_NDIRS] = {0, 0, 1, -1, 1, -1, 1, -1};
        static const int dy[GEO_NDIRS] = {1, -1, 0, 0, 1, 1, -1, -1};
        for (int d = 0; d < GEO_NDIRS; d++) {
            struct geohash_area a;
            geohash_decode_wgs84(nb[d], &a);
            cr_assert_eq(nb[d].step, step);
            cr_assert_float_eq(a.lon.min, c.lon.min + dx[d] * w, 1e-9, "dir %d", d);
            cr_assert_float_eq(a.lat.min, c.lat.min + dy[d] * ht, 1e-9, "dir %d", d);
        }
    }
}

Test(geohash, neighbours_wrap_around)
{
    struct geohash_bits h, nb[GEO_NDIRS];
    geohash_encode_wgs84(179.99, 0.5, 10, &h);
    geohash_neighbors(h, nb);
    struct geohash_area a;
    geohash_decode_wgs84(nb[GEO_E], &a);
    cr_assert_float_eq(a.lon.min, -180, 1e-9, "east of the last column is the first");
    geohash_encode_wgs84(-179.99, 0.5, 10, &h);
    geohash_neighbors(h, nb);
    geohash_decode_wgs84(nb[GEO_W], &a);
    cr_assert_float_eq(a.lon.max, 180, 1e-9);
}

Test(geoshape, estimate_steps)
{
    cr_assert_eq(geoshape_estimate_steps(0, 0), 26);
    cr_assert_eq(geoshape_estimate_steps(1, 0), 24);
    cr_assert_eq(geoshape_estimate_steps(1000, 0), 14);
    cr_assert_eq(geoshape_estimate_steps(1000, 70), 13, "towards the poles");
    cr_assert_eq(geoshape_estimate_steps(1000, -81), 12);
    cr_assert_eq(geoshape_estimate_steps(1e8, 0), 1);
}

Test(geoshape, cells_cover_the_circle)
{
    srand(5);
    for (int i = 0; i < 500; i++) {
        struct geo_shape s = {.type = i % 2 ? GEO_CIRCLE : GEO_BOX, .conversion = 1};
        s.xy[0] = -170 + 340.0 * rand() / RAND_MAX;
        s.xy[1] = -70 + 140.0 * rand() / RAND_MAX;
        s.radius = 10 + 100000.0 * rand() / RAND_MAX;
        s.width = 10 + 100000.0 * rand() / RAND_MAX;
        s.height = 10 + 100000.0 * rand() / RAND_MAX;
        struct geohash_bits cells[GEO_NCELLS];
        geoshape_cells(&s, cells);
        cr_assert_not(geohash_is_zero(cells[0]));
        /* Every point of the shape on a ring around the centre lies in a kept cell. */
        for (int k = 0; k < 64; k++) {
            double ang = 2 * M_PI * k / 64;
            double r =
                s.type == GEO_CIRCLE ? s.radius * 0.999 : fmin(s.width, s.height) / 2 * 0.999;
            double lat = s.xy[1] + r / GEO_EARTH_RADIUS_M * sin(ang) * 180 / M_PI;
            double lon = s.xy[0] +
                         r / GEO_EARTH_RADIUS_M * cos(ang) * 180 / M_PI / cos(s.xy[1] * M_PI / 180);
            double dist;
            if (!geoshape_contains(&s, lon, lat, &dist)) continue;
            uint64_t score = geohash_score(lon, lat);
            int found = 0;
            for (int c = 0; c < GEO_NCELLS && !found; c++) {
                if (geohash_is_zero(cells[c])) continue;
                struct geohash_bits next = {cells[c].bits + 1, cells[c].step};
                found = score >= geohash_align52(cells[c]) && score < geohash_align52(next);
            }
            cr_assert(found, "shape %d point %d outside the cells", i, k);
        }
    }
}

Test(geoshape, contains)
{
    struct geo_shape c = {.type = GEO_CIRCLE, .xy = {10, 45}, .conversion = 1000, .radius = 10};
    double d;
    cr_assert(geoshape_contains(&c, 10, 45.05, &d));
    cr_assert_float_eq(d, geohash_distance(10, 45, 10, 45.05), 1e-9);
    cr_assert_not(geoshape_contains(&c, 10, 45.1, &d));
    struct geo_shape b = {
        .type = GEO_BOX, .xy = {10, 45}, .conversion = 1, .width = 20000, .height = 2000};
    cr_assert(geoshape_contains(&b, 10.1, 45, &d), "7.9 km east, inside 10 km");
    cr_assert_not(geoshape_contains(&b, 10, 45.01, &d), "1.1 km north, outside 1 km");
}

/* ---- geosearch: collecting from a sorted set and the two sorts ---- */

static struct zsetobj *random_set(unsigned seed, int n, double lon, double lat, double spread)
{
    struct zsetobj *z = zsetobj_new();
    srand(seed);
    for (int i = 0; i < n; i++) {
        char m[16];
        int len = snprintf(m, sizeof m, "p%d", i);
        double x = lon + spread * (2.0 * rand() / RAND_MAX - 1);
        double y = lat + spread * (2.0 * rand() / RAND_MAX - 1);
        /* Some points on top of each other: equal distances. */
        if (i % 7 == 0) x = lon + 0.01, y = lat;
        zsetobj_set(z, m, (size_t)len, (double)geohash_score(x, y));
    }
    return z;
}

Test(geosearch, collects_exactly_the_points_inside)
{
    struct zsetobj *z = random_set(3, 2000, 2.35, 48.85, 1.0);
    struct geo_shape s = {
        .type = GEO_CIRCLE, .xy = {2.35, 48.85}, .conversion = 1000, .radius = 30};
    struct geo_points pts = {0};
    geosearch_collect(z, &s, 0, &pts);
    /* Against a scan of every member. */
    size_t inside = 0;
    struct zset_iter it;
    zsetobj_iter_init(&it, z, 0, 0);
    const char *m;
    size_t len;
    double score;
    while (zsetobj_iter_next(&it, &m, &len, &score)) {
        double xy[2], d;
        geohash_score_decode(score, xy);
        inside += geoshape_contains(&s, xy[0], xy[1], &d);
    }
    cr_assert_eq(pts.n, inside);
    cr_assert_gt(pts.n, 50);
    for (size_t i = 0; i < pts.n; i++)
        cr_assert_leq(pts.p[i].dist, 30000);
    geosearch_free(&pts);
    /* ANY stops at the limit. */
    geosearch_collect(z, &s, 5, &pts);
    cr_assert_eq(pts.n, 5);
    geosearch_free(&pts);
    zsetobj_free(z);
}

static void check_sort(enum geo_sort sort, size_t keep)
{
    struct zsetobj *z = random_set(9, 1500, 139.69, 35.69, 0.5);
    struct geo_shape s = {
        .type = GEO_BOX, .xy = {139.69, 35.69}, .conversion = 1, .width = 60000, .height = 60000};
    struct geo_points all = {0}, part = {0};
    geosearch_collect(z, &s, 0, &all);
    geosearch_collect(z, &s, 0, &part);
    cr_assert_gt(all.n, keep);
    geosearch_sort(&all, sort, all.n);
    geosearch_sort(&part, sort, keep);
    for (size_t i = 1; i < all.n; i++) {
        int ordered = sort == GEO_SORT_ASC ? all.p[i - 1].dist <= all.p[i].dist
                                           : all.p[i - 1].dist >= all.p[i].dist;
        cr_assert(ordered, "full sort at %zu", i);
        /* Equal distances keep the found order. */
        if (all.p[i - 1].dist == all.p[i].dist) cr_assert_lt(all.p[i - 1].order, all.p[i].order);
    }
    /* The partial sort puts the same distances in the first keep places, in order. */
    for (size_t i = 0; i < keep; i++)
        cr_assert_eq(part.p[i].dist, all.p[i].dist, "place %zu", i);
    geosearch_free(&all);
    geosearch_free(&part);
    zsetobj_free(z);
}

Test(geosearch, sorts)
{
    check_sort(GEO_SORT_ASC, 1);
    check_sort(GEO_SORT_ASC, 10);
    check_sort(GEO_SORT_DESC, 7);
    check_sort(GEO_SORT_DESC, 100);
}
