/* Geo commands with Redis 7.0's semantics, errors and replies (RESP2 and RESP3): GEOADD GEODIST
 * GEOHASH GEOPOS, and the searches GEORADIUS GEORADIUSBYMEMBER (and their _RO forms) GEOSEARCH
 * GEOSEARCHSTORE. A geo set is a sorted set scored by geohash (shard/geohash.h); the search is
 * shard/geosearch.h. Handlers run on the thread holding the shards of their keys (a stored
 * result's key may be on another shard than the source). */
#include <stdio.h>
#include <string.h>

#include "resp/errors.h"
#include "shard/geosearch.h"
#include "shard/keyspace.h"
#include "shard/zsetobj.h"
#include "tessera/mem.h"
#include "tessera/util.h"
#include "types/t_geo.h"

#define ARG(ctx, i) (ctx)->argv[i].ptr, (ctx)->argv[i].len

static void reply_err(struct cmd_ctx *ctx, enum error_id id)
{
    ctx_error_text(ctx, error_text(id));
}

static struct shard *arg_shard(struct cmd_ctx *ctx, int i)
{
    return ctx_shard(ctx, ARG(ctx, i));
}

/* The sorted set at argument i: NULL when absent or, with *failed set, after replying
 * WRONGTYPE. Reads count keyspace hits and misses; writes (GEOADD) do not. */
static struct zsetobj *geo_lookup(struct cmd_ctx *ctx, int i, int write, int *failed)
{
    struct shard *s = arg_shard(ctx, i);
    struct entry *e =
        write ? ks_lookup(s, ctx->db, ARG(ctx, i)) : ks_lookup_read(s, ctx->db, ARG(ctx, i));
    *failed = 0;
    if (!e) return NULL;
    if (e->type != OBJ_ZSET) {
        reply_err(ctx, ERR_WRONGTYPE);
        *failed = 1;
        return NULL;
    }
    return entry_object(e);
}

/* ---- arguments ---- */

/* Longitude and latitude at arguments i and i + 1, within Redis's limits. */
static int parse_lonlat(struct cmd_ctx *ctx, int i, double xy[2])
{
    for (int k = 0; k < 2; k++) {
        if (!str_to_d(ARG(ctx, i + k), &xy[k])) {
            reply_err(ctx, ERR_NOT_FLOAT);
            return 0;
        }
    }
    if (xy[0] < GEO_LONG_MIN || xy[0] > GEO_LONG_MAX || xy[1] < GEO_LAT_MIN ||
        xy[1] > GEO_LAT_MAX) {
        /* %f of a huge value runs to hundreds of digits: ctx_errorf's buffer is too short. */
        char buf[800];
        snprintf(buf, sizeof buf, error_text(ERR_GEO_LONLAT), xy[0], xy[1]);
        ctx_error_text(ctx, buf);
        return 0;
    }
    return 1;
}

/* Metres per unit, or -1 after replying the error. */
static double parse_unit(struct cmd_ctx *ctx, int i)
{
    static const struct {
        const char *name;
        double metres;
    } units[] = {{"m", 1}, {"km", 1000}, {"ft", 0.3048}, {"mi", 1609.34}};
    for (size_t k = 0; k < sizeof units / sizeof units[0]; k++)
        if (CTX_ARG_IS(ctx, i, units[k].name)) return units[k].metres;
    reply_err(ctx, ERR_GEO_UNIT);
    return -1;
}

/* "<radius> <unit>" at argument i. */
static int parse_radius(struct cmd_ctx *ctx, int i, struct geo_shape *shape)
{
    double r;
    if (!str_to_d(ARG(ctx, i), &r)) {
        reply_err(ctx, ERR_GEO_RADIUS_NUM);
        return 0;
    }
    if (r < 0) {
        reply_err(ctx, ERR_GEO_RADIUS_NEG);
        return 0;
    }
    shape->radius = r;
    double conv = parse_unit(ctx, i + 1);
    if (conv < 0) return 0;
    shape->conversion = conv;
    return 1;
}

/* "<width> <height> <unit>" at argument i. */
static int parse_box(struct cmd_ctx *ctx, int i, struct geo_shape *shape)
{
    double w, h;
    if (!str_to_d(ARG(ctx, i), &w)) {
        reply_err(ctx, ERR_GEO_WIDTH_NUM);
        return 0;
    }
    if (!str_to_d(ARG(ctx, i + 1), &h)) {
        reply_err(ctx, ERR_GEO_HEIGHT_NUM);
        return 0;
    }
    if (h < 0 || w < 0) {
        reply_err(ctx, ERR_GEO_BOX_NEG);
        return 0;
    }
    shape->width = w;
    shape->height = h;
    double conv = parse_unit(ctx, i + 2);
    if (conv < 0) return 0;
    shape->conversion = conv;
    return 1;
}

/* The position of the member at argument i: 0 when it is not in the set. */
static int member_pos(const struct zsetobj *z, struct cmd_ctx *ctx, int i, double xy[2])
{
    double score;
    return zsetobj_score(z, ARG(ctx, i), &score) && geohash_score_decode(score, xy);
}

/* ---- replies ---- */

/* Distances: "%.4f" as a bulk string, in RESP3 too. */
static void reply_distance(struct cmd_ctx *ctx, double d)
{
    char buf[512];
    int len = snprintf(buf, sizeof buf, "%.4f", d);
    reply_bulk(ctx->out, buf, (size_t)len);
}

/* Coordinates as Redis's addReplyHumanLongDouble: %.17Lf without trailing zeros, a bulk string
 * in RESP2 and a double in RESP3. */
static void reply_coord(struct cmd_ctx *ctx, double v)
{
    char buf[512];
    int len = snprintf(buf, sizeof buf, "%.17Lf", (long double)v);
    if (memchr(buf, '.', (size_t)len)) {
        while (buf[len - 1] == '0')
            len--;
        if (buf[len - 1] == '.') len--;
    }
    if (len == 2 && buf[0] == '-' && buf[1] == '0') {
        buf[0] = '0';
        len = 1;
    }
    if (ctx->out->resp >= 3) {
        reply_raw(ctx->out, ",", 1);
        reply_raw(ctx->out, buf, (size_t)len);
        reply_raw(ctx->out, "\r\n", 2);
    } else {
        reply_bulk(ctx->out, buf, (size_t)len);
    }
}

/* ---- GEOADD GEODIST GEOHASH GEOPOS ---- */

/* GEOADD key [NX|XX] [CH] lon lat member...: ZADD of the members scored by their geohash, with
 * ZADD's event. */
void cmd_geoadd(struct cmd_ctx *ctx)
{
    int nx = 0, xx = 0, ch = 0, first = 2;
    for (; first < ctx->argc; first++) {
        if (CTX_ARG_IS(ctx, first, "nx"))
            nx = 1;
        else if (CTX_ARG_IS(ctx, first, "xx"))
            xx = 1;
        else if (CTX_ARG_IS(ctx, first, "ch"))
            ch = 1;
        else
            break;
    }
    int args = ctx->argc - first;
    if (args % 3 || (xx && nx) || args == 0) {
        reply_err(ctx, ERR_SYNTAX);
        return;
    }
    int n = args / 3;
    double *scores = mem_alloc((size_t)n * sizeof *scores);
    for (int j = 0; j < n; j++) {
        double xy[2];
        if (!parse_lonlat(ctx, first + 3 * j, xy)) goto done;
        scores[j] = (double)geohash_score(xy[0], xy[1]);
    }
    int failed;
    struct zsetobj *z = geo_lookup(ctx, 1, 1, &failed);
    if (failed) goto done;
    long long added = 0, updated = 0;
    if (!z && !xx) {
        z = zsetobj_new();
        ks_put(arg_shard(ctx, 1), ctx->db, entry_new_object(ARG(ctx, 1), OBJ_ZSET, z, EXPIRE_NONE));
    }
    for (int j = 0; z && j < n; j++) {
        const struct resp_arg *m = &ctx->argv[first + 3 * j + 2];
        double cur;
        if (zsetobj_score(z, m->ptr, m->len, &cur)) {
            if (nx || scores[j] == cur) continue;
            zsetobj_set(z, m->ptr, m->len, scores[j]);
            updated++;
        } else if (!xx) {
            zsetobj_set(z, m->ptr, m->len, scores[j]);
            added++;
        }
    }
    if (added || updated) ks_changed(arg_shard(ctx, 1), ctx->db, ARG(ctx, 1), NOTIFY_ZSET, "zadd");
    reply_int(ctx->out, ch ? added + updated : added);
done:
    mem_free(scores);
}

void cmd_geodist(struct cmd_ctx *ctx)
{
    double to_metres = 1;
    if (ctx->argc == 5) {
        to_metres = parse_unit(ctx, 4);
        if (to_metres < 0) return;
    } else if (ctx->argc > 5) {
        reply_err(ctx, ERR_SYNTAX);
        return;
    }
    int failed;
    struct zsetobj *z = geo_lookup(ctx, 1, 0, &failed);
    if (failed) return;
    double a[2], b[2];
    if (!z || !member_pos(z, ctx, 2, a) || !member_pos(z, ctx, 3, b)) {
        reply_null(ctx->out);
        return;
    }
    reply_distance(ctx, geohash_distance(a[0], a[1], b[0], b[1]) / to_metres);
}

void cmd_geohash(struct cmd_ctx *ctx)
{
    int failed;
    struct zsetobj *z = geo_lookup(ctx, 1, 0, &failed);
    if (failed) return;
    reply_array(ctx->out, (size_t)ctx->argc - 2);
    for (int j = 2; j < ctx->argc; j++) {
        double score;
        if (!z || !zsetobj_score(z, ARG(ctx, j), &score)) {
            reply_null(ctx->out);
            continue;
        }
        char buf[11];
        geohash_string(score, buf);
        reply_bulk(ctx->out, buf, sizeof buf);
    }
}

void cmd_geopos(struct cmd_ctx *ctx)
{
    int failed;
    struct zsetobj *z = geo_lookup(ctx, 1, 0, &failed);
    if (failed) return;
    reply_array(ctx->out, (size_t)ctx->argc - 2);
    for (int j = 2; j < ctx->argc; j++) {
        double xy[2];
        if (!z || !member_pos(z, ctx, j, xy)) {
            reply_null_array(ctx->out);
            continue;
        }
        reply_array(ctx->out, 2);
        reply_coord(ctx, xy[0]);
        reply_coord(ctx, xy[1]);
    }
}

/* ---- the searches ---- */

#define SEARCH_COORDS  (1 << 0) /* GEORADIUS: around lon lat */
#define SEARCH_MEMBER  (1 << 1) /* GEORADIUSBYMEMBER: around a member */
#define SEARCH_NOSTORE (1 << 2) /* the _RO forms: no STORE, STOREDIST */
#define SEARCH_GEO     (1 << 3) /* GEOSEARCH's arguments */
#define SEARCH_STORE   (1 << 4) /* GEOSEARCHSTORE */

struct search_opts {
    int withdist, withhash, withcoord, any;
    int frommember, fromloc, byradius, bybox;
    enum geo_sort sort;
    long long count;
    int store; /* argument index of the destination, -1 for none */
    int storedist;
};

/* The options after the fixed arguments, as Redis's georadiusGeneric reads them (FROMMEMBER's
 * position is looked up as it is met). Returns 0 after replying an error. */
static int parse_search_opts(struct cmd_ctx *ctx, int base, int flags, const struct zsetobj *z,
                             struct geo_shape *shape, struct search_opts *o)
{
    int remaining = ctx->argc - base;
    for (int i = 0; i < remaining; i++) {
        int j = base + i;
        int search = flags & SEARCH_GEO, can_store = !(flags & (SEARCH_NOSTORE | SEARCH_GEO));
        if (CTX_ARG_IS(ctx, j, "withdist")) {
            o->withdist = 1;
        } else if (CTX_ARG_IS(ctx, j, "withhash")) {
            o->withhash = 1;
        } else if (CTX_ARG_IS(ctx, j, "withcoord")) {
            o->withcoord = 1;
        } else if (CTX_ARG_IS(ctx, j, "any")) {
            o->any = 1;
        } else if (CTX_ARG_IS(ctx, j, "asc")) {
            o->sort = GEO_SORT_ASC;
        } else if (CTX_ARG_IS(ctx, j, "desc")) {
            o->sort = GEO_SORT_DESC;
        } else if (CTX_ARG_IS(ctx, j, "count") && i + 1 < remaining) {
            if (!str_to_ll(ARG(ctx, j + 1), &o->count)) {
                reply_err(ctx, ERR_NOT_INT);
                return 0;
            }
            if (o->count <= 0) {
                reply_err(ctx, ERR_GEO_COUNT);
                return 0;
            }
            i++;
        } else if ((CTX_ARG_IS(ctx, j, "store") || CTX_ARG_IS(ctx, j, "storedist")) &&
                   i + 1 < remaining && can_store) {
            o->storedist = CTX_ARG_IS(ctx, j, "storedist");
            o->store = j + 1;
            i++;
        } else if (CTX_ARG_IS(ctx, j, "storedist") && search && (flags & SEARCH_STORE)) {
            o->storedist = 1;
        } else if (CTX_ARG_IS(ctx, j, "frommember") && i + 1 < remaining && search && !o->fromloc) {
            /* Without a source the position is not needed: parsing goes on to the right
             * reply. */
            if (z && !member_pos(z, ctx, j + 1, shape->xy)) {
                reply_err(ctx, ERR_GEO_MEMBER);
                return 0;
            }
            o->frommember = 1;
            i++;
        } else if (CTX_ARG_IS(ctx, j, "fromlonlat") && i + 2 < remaining && search &&
                   !o->frommember) {
            if (!parse_lonlat(ctx, j + 1, shape->xy)) return 0;
            o->fromloc = 1;
            i += 2;
        } else if (CTX_ARG_IS(ctx, j, "byradius") && i + 2 < remaining && search && !o->bybox) {
            if (!parse_radius(ctx, j + 1, shape)) return 0;
            shape->type = GEO_CIRCLE;
            o->byradius = 1;
            i += 2;
        } else if (CTX_ARG_IS(ctx, j, "bybox") && i + 3 < remaining && search && !o->byradius) {
            if (!parse_box(ctx, j + 1, shape)) return 0;
            shape->type = GEO_BOX;
            o->bybox = 1;
            i += 3;
        } else {
            reply_err(ctx, ERR_SYNTAX);
            return 0;
        }
    }
    return 1;
}

/* The checks Redis makes once every option is read. */
static int check_search_opts(struct cmd_ctx *ctx, int flags, const struct search_opts *o)
{
    if (o->store >= 0 && (o->withdist || o->withhash || o->withcoord)) {
        ctx_errorf(ctx, error_text(ERR_GEO_STORE_OPTS),
                   (flags & SEARCH_STORE) ? "GEOSEARCHSTORE" : "STORE option in GEORADIUS");
        return 0;
    }
    /* These name the command as the client spelled it. */
    if ((flags & SEARCH_GEO) && !(o->frommember || o->fromloc)) {
        ctx_errorf(ctx, error_text(ERR_GEO_FROM), (int)ctx->argv[0].len, ctx->argv[0].ptr);
        return 0;
    }
    if ((flags & SEARCH_GEO) && !(o->byradius || o->bybox)) {
        ctx_errorf(ctx, error_text(ERR_GEO_BY), (int)ctx->argv[0].len, ctx->argv[0].ptr);
        return 0;
    }
    if (o->any && !o->count) {
        reply_err(ctx, ERR_GEO_ANY);
        return 0;
    }
    return 1;
}

static void reply_points(struct cmd_ctx *ctx, const struct geo_points *pts, size_t keep,
                         const struct search_opts *o, double conversion)
{
    size_t extra = (size_t)(o->withdist + o->withhash + o->withcoord);
    reply_array(ctx->out, keep);
    for (size_t i = 0; i < keep; i++) {
        const struct geo_point *p = &pts->p[i];
        if (extra) reply_array(ctx->out, extra + 1);
        reply_bulk(ctx->out, p->m, p->len);
        if (o->withdist) reply_distance(ctx, p->dist / conversion);
        if (o->withhash) reply_int(ctx->out, (long long)p->score);
        if (o->withcoord) {
            reply_array(ctx->out, 2);
            reply_coord(ctx, p->lon);
            reply_coord(ctx, p->lat);
        }
    }
}

/* Deletes the destination of a search that found nothing, with a `del` event if it existed. */
static void store_nothing(struct cmd_ctx *ctx, int dst)
{
    if (ks_delete(arg_shard(ctx, dst), ctx->db, ARG(ctx, dst)))
        ks_changed(arg_shard(ctx, dst), ctx->db, ARG(ctx, dst), NOTIFY_GENERIC, "del");
}

/* Replaces the destination (whatever it held, and its expiry) with the first `keep` points,
 * scored by geohash or, with STOREDIST, by distance in the unit. Built before the source could
 * be replaced (the destination may be the source). */
static void store_points(struct cmd_ctx *ctx, int dst, const struct geo_points *pts, size_t keep,
                         const struct search_opts *o, double conversion, const char *event)
{
    if (keep == 0) {
        store_nothing(ctx, dst);
        return;
    }
    struct zsetobj *z = zsetobj_new_skiplist();
    for (size_t i = 0; i < keep; i++) {
        const struct geo_point *p = &pts->p[i];
        zsetobj_set(z, p->m, p->len, o->storedist ? p->dist / conversion : p->score);
    }
    zsetobj_compact(z);
    ks_put(arg_shard(ctx, dst), ctx->db, entry_new_object(ARG(ctx, dst), OBJ_ZSET, z, EXPIRE_NONE));
    ks_changed(arg_shard(ctx, dst), ctx->db, ARG(ctx, dst), NOTIFY_ZSET, event);
}

/* Redis's georadiusGeneric: the source at argument src. */
static void search_generic(struct cmd_ctx *ctx, int src, int flags)
{
    int failed;
    struct zsetobj *z = geo_lookup(ctx, src, 0, &failed);
    if (failed) return;

    struct geo_shape shape = {0};
    struct search_opts o = {.store = -1, .sort = GEO_SORT_NONE};
    int base;
    if (flags & SEARCH_COORDS) {
        base = 6;
        shape.type = GEO_CIRCLE;
        if (!parse_lonlat(ctx, 2, shape.xy) || !parse_radius(ctx, 4, &shape)) return;
    } else if (flags & SEARCH_MEMBER) {
        /* Without a source nothing of the centre is read: the options still decide the
         * reply. */
        base = 5;
        shape.type = GEO_CIRCLE;
        if (z) {
            if (!member_pos(z, ctx, 2, shape.xy)) {
                reply_err(ctx, ERR_GEO_MEMBER);
                return;
            }
            if (!parse_radius(ctx, 3, &shape)) return;
        }
    } else {
        base = 2;
        if (flags & SEARCH_STORE) {
            base = 3;
            o.store = 1;
        }
    }
    if (!parse_search_opts(ctx, base, flags, z, &shape, &o) || !check_search_opts(ctx, flags, &o))
        return;
    if ((flags & (SEARCH_COORDS | SEARCH_MEMBER)) && o.store >= 0) {
        /* Only a key the key finder named has its shard held. */
        int keys[4], n = (flags & SEARCH_COORDS)
                             ? geo_getkeys_georadius(ctx->argc, ctx->argv, keys, 4)
                             : geo_getkeys_georadiusbymember(ctx->argc, ctx->argv, keys, 4);
        int held = 0;
        for (int k = 1; k < n; k++)
            held |= keys[k] == o.store;
        if (!held) {
            reply_err(ctx, ERR_SYNTAX);
            return;
        }
    }
    const char *event = (flags & SEARCH_GEO) ? "geosearchstore" : "georadiusstore";

    if (!z) {
        if (o.store >= 0) {
            store_nothing(ctx, o.store);
            reply_int(ctx->out, 0);
        } else {
            reply_array(ctx->out, 0);
        }
        return;
    }
    /* COUNT keeps the nearest: sorted ascending unless told otherwise, or ANY. */
    if (o.count && o.sort == GEO_SORT_NONE && !o.any) o.sort = GEO_SORT_ASC;

    struct geo_points pts = {0};
    geosearch_collect(z, &shape, o.any ? (size_t)o.count : 0, &pts);
    size_t keep = (o.count == 0 || pts.n < (size_t)o.count) ? pts.n : (size_t)o.count;
    geosearch_sort(&pts, o.sort, keep);
    if (o.store < 0) {
        reply_points(ctx, &pts, keep, &o, shape.conversion);
    } else {
        store_points(ctx, o.store, &pts, keep, &o, shape.conversion, event);
        reply_int(ctx->out, (long long)keep);
    }
    geosearch_free(&pts);
}

void cmd_georadius(struct cmd_ctx *ctx)
{
    search_generic(ctx, 1, SEARCH_COORDS);
}

void cmd_georadius_ro(struct cmd_ctx *ctx)
{
    search_generic(ctx, 1, SEARCH_COORDS | SEARCH_NOSTORE);
}

void cmd_georadiusbymember(struct cmd_ctx *ctx)
{
    search_generic(ctx, 1, SEARCH_MEMBER);
}

void cmd_georadiusbymember_ro(struct cmd_ctx *ctx)
{
    search_generic(ctx, 1, SEARCH_MEMBER | SEARCH_NOSTORE);
}

void cmd_geosearch(struct cmd_ctx *ctx)
{
    search_generic(ctx, 1, SEARCH_GEO);
}

void cmd_geosearchstore(struct cmd_ctx *ctx)
{
    search_generic(ctx, 2, SEARCH_GEO | SEARCH_STORE);
}

/* The first key after `word` at or past argument `from` (the word itself not last), as Redis's
 * keyword key specs find it; -1 when there is none. */
static int keyword_key(int argc, const struct resp_arg *argv, int from, const char *word)
{
    for (int i = from; i < argc - 1; i++)
        if (arg_is(argv[i].ptr, argv[i].len, word)) return i + 1;
    return -1;
}

/* The source; the keys Redis's key specs name (after the first STORE and the first STOREDIST
 * from argument `from`), which COMMAND GETKEYS shows; and the destination the handler will use
 * (after the last of them) when it is another one, so that its shard is held too. */
static int getkeys_radius(int argc, const struct resp_arg *argv, int from, int *keys, int max)
{
    int found[3] = {keyword_key(argc, argv, from, "store"),
                    keyword_key(argc, argv, from, "storedist"), -1};
    for (int i = 5; i < argc - 1; i++) {
        if (arg_is(argv[i].ptr, argv[i].len, "store") ||
            arg_is(argv[i].ptr, argv[i].len, "storedist")) {
            found[2] = i + 1;
            i++;
        }
    }
    if (found[2] == found[0] || found[2] == found[1]) found[2] = -1;
    int n = 0;
    if (n < max) keys[n++] = 1;
    for (int k = 0; k < 3; k++)
        if (found[k] >= 0 && n < max) keys[n++] = found[k];
    return n;
}

int geo_getkeys_georadius(int argc, const struct resp_arg *argv, int *keys, int max)
{
    return getkeys_radius(argc, argv, 6, keys, max);
}

int geo_getkeys_georadiusbymember(int argc, const struct resp_arg *argv, int *keys, int max)
{
    return getkeys_radius(argc, argv, 5, keys, max);
}
