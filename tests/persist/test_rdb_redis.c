/* The RDB encoder against redis-server 7.0 itself: builds values of every type (small and large,
 * integer, binary and compressible strings, intsets of each width, big sets, sorted sets with
 * inf/-inf/fractional scores, hashes, a 100k-element list, TTLs, several databases), writes them
 * as RDB files (LZF on and off) and DUMP payloads, then runs check_rdb_redis.py, which checks the
 * files with redis-check-rdb, loads them into redis-server and compares every value. Skipped
 * when redis-server is not installed. Set RDB_CHECK_KEEP=1 to keep the files. */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "persist/crc64.h"
#include "persist/rdb_write.h"
#include "shard/entry.h"
#include "shard/hashobj.h"
#include "shard/listobj.h"
#include "shard/setobj.h"
#include "shard/zsetobj.h"
#include "tessera/config.h"
#include "tessera/mem.h"

#ifndef RDB_CHECK_SCRIPT
#error "RDB_CHECK_SCRIPT: the path of check_rdb_redis.py (tests/meson.build defines it)"
#endif

#define NDB 16

/* --- a deterministic source of test data ------------------------------------------------------ */

static uint64_t rng_state = 0x243f6a8885a308d3ULL;

static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/* A member or field of one of several shapes: integers of each width, words, binary bytes. */
static size_t gen_value(char *buf, size_t cap, uint64_t i)
{
    switch (rnd() % 6) {
    case 0:
        return (size_t)snprintf(buf, cap, "%lld", (long long)(rnd() % 200) - 100);
    case 1:
        return (size_t)snprintf(buf, cap, "%lld", (long long)(rnd() % 4000000000ULL) - 2000000000);
    case 2:
        return (size_t)snprintf(buf, cap, "%lld", (long long)rnd());
    case 3:
        return (size_t)snprintf(buf, cap, "word-%llu-and-some-repeated-text-text-text",
                                (unsigned long long)i);
    case 4: {
        size_t n = 1 + rnd() % 40;
        for (size_t k = 0; k < n && k < cap; k++)
            buf[k] = (char)rnd();
        return n;
    }
    default:
        return (size_t)snprintf(buf, cap, "e%llu", (unsigned long long)i);
    }
}

/* --- the expected contents, as JSON lines of hex strings ----------------------------------- */

static void json_hex(FILE *f, const void *p, size_t n)
{
    const unsigned char *b = p;
    fputc('"', f);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "%02x", b[i]);
    fputc('"', f);
}

static void json_head(FILE *f, int db, const char *key, size_t klen, const char *type,
                      int64_t expire)
{
    fprintf(f, "{\"db\":%d,\"key\":", db);
    json_hex(f, key, klen);
    fprintf(f, ",\"type\":\"%s\",\"expire\":%lld,\"value\":", type, (long long)expire);
}

/* Collects every entry per database, and writes each value's expected contents as it goes. */
struct fixture {
    struct entry **dbs[NDB];
    size_t n[NDB], cap[NDB];
    FILE *expected;
};

static void keep(struct fixture *fx, int db, struct entry *e)
{
    if (fx->n[db] == fx->cap[db]) {
        fx->cap[db] = fx->cap[db] ? 2 * fx->cap[db] : 16;
        fx->dbs[db] = realloc(fx->dbs[db], fx->cap[db] * sizeof *fx->dbs[db]);
    }
    fx->dbs[db][fx->n[db]++] = e;
}

static void add_string(struct fixture *fx, int db, const char *key, size_t klen, const char *v,
                       size_t vlen, int64_t expire)
{
    keep(fx, db, entry_new_string(key, klen, v, vlen, expire));
    json_head(fx->expected, db, key, klen, "string", expire);
    json_hex(fx->expected, v, vlen);
    fputs("}\n", fx->expected);
}

static void add_list(struct fixture *fx, int db, const char *key, uint64_t n, int64_t expire)
{
    struct listobj *l = listobj_new();
    json_head(fx->expected, db, key, strlen(key), "list", expire);
    fputc('[', fx->expected);
    char buf[64];
    for (uint64_t i = 0; i < n; i++) {
        size_t len = gen_value(buf, sizeof buf, i);
        if (i == 1) len = 0; /* an empty element */
        listobj_push(l, LISTOBJ_TAIL, buf, len);
        if (i) fputc(',', fx->expected);
        json_hex(fx->expected, buf, len);
    }
    fputs("]}\n", fx->expected);
    keep(fx, db, entry_new_object(key, strlen(key), OBJ_LIST, l, expire));
}

/* Members i * step + base for i < n: distinct integers, an intset while the threshold allows. */
static void add_int_set(struct fixture *fx, int db, const char *key, uint64_t n, int64_t base,
                        int64_t step, int64_t expire)
{
    struct setobj *s = setobj_new();
    json_head(fx->expected, db, key, strlen(key), "set", expire);
    fputc('[', fx->expected);
    char buf[32];
    for (uint64_t i = 0; i < n; i++) {
        int len = snprintf(buf, sizeof buf, "%lld", (long long)(base + (int64_t)i * step));
        cr_assert(setobj_add(s, buf, (size_t)len));
        if (i) fputc(',', fx->expected);
        json_hex(fx->expected, buf, (size_t)len);
    }
    fputs("]}\n", fx->expected);
    keep(fx, db, entry_new_object(key, strlen(key), OBJ_SET, s, expire));
}

static void add_set(struct fixture *fx, int db, const char *key, uint64_t n, int64_t expire)
{
    struct setobj *s = setobj_new();
    json_head(fx->expected, db, key, strlen(key), "set", expire);
    fputc('[', fx->expected);
    char buf[96];
    int first = 1;
    for (uint64_t i = 0; i < n; i++) {
        size_t len = gen_value(buf, sizeof buf, i);
        if (!setobj_add(s, buf, len)) continue; /* a repeat */
        if (!first) fputc(',', fx->expected);
        first = 0;
        json_hex(fx->expected, buf, len);
    }
    fputs("]}\n", fx->expected);
    keep(fx, db, entry_new_object(key, strlen(key), OBJ_SET, s, expire));
}

static void add_zset(struct fixture *fx, int db, const char *key, uint64_t n, int skiplist,
                     int64_t expire)
{
    static const double special[] = {INFINITY, -INFINITY, 0.1, -2.5, 1e-300, 1.7976931348623157e308,
                                     0.0,      3.0,       -0.0};
    struct zsetobj *z = skiplist ? zsetobj_new_skiplist() : zsetobj_new();
    json_head(fx->expected, db, key, strlen(key), "zset", expire);
    fputc('[', fx->expected);
    char buf[96];
    int first = 1;
    for (uint64_t i = 0; i < n; i++) {
        size_t len = gen_value(buf, sizeof buf, i);
        double score = i < 9 ? special[i] : (double)(int64_t)(rnd() % 2000000 - 1000000) / 7.0;
        double old;
        if (zsetobj_score(z, buf, len, &old)) continue; /* a repeat */
        zsetobj_set(z, buf, len, score);
        /* What the set holds: a listpack keeps -0 as 0, as Redis's does for ZADD. */
        cr_assert(zsetobj_score(z, buf, len, &score));
        if (!first) fputc(',', fx->expected);
        first = 0;
        fputc('[', fx->expected);
        json_hex(fx->expected, buf, len);
        fputc(',', fx->expected);
        json_hex(fx->expected, &score, sizeof score);
        fputc(']', fx->expected);
    }
    fputs("]}\n", fx->expected);
    keep(fx, db, entry_new_object(key, strlen(key), OBJ_ZSET, z, expire));
}

static void add_hash(struct fixture *fx, int db, const char *key, uint64_t n, int64_t expire)
{
    struct hashobj *h = hashobj_new();
    json_head(fx->expected, db, key, strlen(key), "hash", expire);
    fputc('[', fx->expected);
    char f[96], v[600];
    int first = 1;
    for (uint64_t i = 0; i < n; i++) {
        size_t flen = gen_value(f, sizeof f, i);
        size_t vlen = i % 50 == 7 ? 500 : gen_value(v, sizeof v, i + 1);
        if (vlen == 500) memset(v, 'v', vlen); /* long and compressible */
        if (i == 3) vlen = 0;                  /* an empty value */
        const char *old;
        size_t oldlen;
        if (hashobj_get(h, f, flen, &old, &oldlen)) continue; /* a repeat */
        hashobj_set(&h, f, flen, v, vlen);
        if (!first) fputc(',', fx->expected);
        first = 0;
        fputc('[', fx->expected);
        json_hex(fx->expected, f, flen);
        fputc(',', fx->expected);
        json_hex(fx->expected, v, vlen);
        fputc(']', fx->expected);
    }
    fputs("]}\n", fx->expected);
    keep(fx, db, entry_new_object(key, strlen(key), OBJ_HASH, h, expire));
}

static void build(struct fixture *fx, int64_t now_ms)
{
    int64_t ttl = now_ms + 3600 * 1000;
    /* Strings: integers at each encoding's edges and non-canonical ones, binary, long. */
    static const char *ints[] = {"0",           "-1",          "127",         "128",
                                 "-128",        "-129",        "32767",       "32768",
                                 "-32768",      "-32769",      "2147483647",  "2147483648",
                                 "-2147483648", "-2147483649", "12345678901", "9223372036854775807",
                                 "007",         "-0",          "+1",          " 1"};
    char key[64];
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++) {
        int n = snprintf(key, sizeof key, "str:int:%zu", i);
        add_string(fx, 0, key, (size_t)n, ints[i], strlen(ints[i]), EXPIRE_NONE);
    }
    add_string(fx, 0, "str:empty", 9, "", 0, EXPIRE_NONE);
    char bin[256];
    for (int i = 0; i < 256; i++)
        bin[i] = (char)i;
    add_string(fx, 0, "str:bin", 7, bin, sizeof bin, EXPIRE_NONE);
    add_string(fx, 0, "12345", 5, "an integer key", 14, EXPIRE_NONE);
    add_string(fx, 0, "-1", 2, "another", 7, EXPIRE_NONE);
    add_string(fx, 0, "k\0\xff\n ey", 8, "a binary key", 12, EXPIRE_NONE);
    char *big = malloc(1 << 20);
    for (size_t len = 19; len <= 23; len++) {
        memset(big, 'a', len);
        int n = snprintf(key, sizeof key, "str:a:%zu", len);
        add_string(fx, 0, key, (size_t)n, big, len, EXPIRE_NONE);
    }
    for (size_t i = 0; i < (1 << 20); i++)
        big[i] = "tessera snapshot "[i % 17] ^ (char)(i / 100000);
    add_string(fx, 0, "str:compressible", 16, big, 1 << 20, EXPIRE_NONE);
    for (size_t i = 0; i < 70000; i++)
        big[i] = (char)rnd();
    add_string(fx, 0, "str:random", 10, big, 70000, EXPIRE_NONE);
    add_string(fx, 0, "str:ttl", 7, "expires", 7, ttl);
    add_string(fx, 0, "str:ttl:int", 11, "42", 2, ttl + 1);
    free(big);

    add_list(fx, 0, "list:small", 5, EXPIRE_NONE);
    add_list(fx, 0, "list:big", 100000, EXPIRE_NONE);
    add_list(fx, 0, "list:ttl", 300, ttl + 2);

    add_int_set(fx, 0, "set:int16", 100, -50, 1, EXPIRE_NONE);
    add_int_set(fx, 0, "set:int32", 300, -100000, 997, EXPIRE_NONE);
    add_int_set(fx, 0, "set:int64", 50, -4000000000000LL, 123456789013LL, ttl + 3);
    add_int_set(fx, 0, "set:intset:big", 10000, 0, 3, EXPIRE_NONE); /* above Redis's 512 */
    add_set(fx, 0, "set:mixed", 20, EXPIRE_NONE);
    add_set(fx, 0, "set:big", 20000, EXPIRE_NONE);

    add_zset(fx, 0, "zset:small", 12, 0, EXPIRE_NONE);
    add_zset(fx, 0, "zset:skiplist", 12, 1, EXPIRE_NONE);
    add_zset(fx, 0, "zset:big", 5000, 0, ttl + 4);

    add_hash(fx, 0, "hash:small", 10, EXPIRE_NONE);
    add_hash(fx, 0, "hash:big", 5000, EXPIRE_NONE);
    add_hash(fx, 0, "hash:ttl", 30, ttl + 5);

    /* Other databases, some with the same key names. */
    add_string(fx, 1, "str:empty", 9, "db one", 6, EXPIRE_NONE);
    add_list(fx, 1, "list:small", 7, ttl + 6);
    add_int_set(fx, 1, "set:int16", 3, 7, 2, EXPIRE_NONE);
    add_zset(fx, 1, "z", 200, 0, EXPIRE_NONE);
    add_hash(fx, 1, "h", 700, EXPIRE_NONE);
    add_string(fx, 15, "last", 4, "db fifteen", 10, ttl + 7);
    add_set(fx, 15, "s", 600, ttl + 8);
}

/* --- files ---------------------------------------------------------------------------------- */

static void write_file(const char *path, const char *buf, size_t len)
{
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "%s", path);
    cr_assert_eq(fwrite(buf, 1, len, f), len);
    cr_assert_eq(fclose(f), 0);
}

static void write_rdb(const struct fixture *fx, const char *path, int compress)
{
    struct rdb_out o;
    rdb_out_init(&o, compress);
    rdb_write_header(&o, time(NULL), (uint64_t)mem_used());
    FILE *f = fopen(path, "wb");
    cr_assert_not_null(f, "%s", path);
    uint64_t crc = 0;
    for (int db = 0; db < NDB; db++) {
        if (!fx->n[db]) continue;
        uint64_t expires = 0;
        for (size_t i = 0; i < fx->n[db]; i++)
            expires += entry_expire(fx->dbs[db][i]) != EXPIRE_NONE;
        rdb_write_select_db(&o, db);
        rdb_write_resize_db(&o, fx->n[db], expires);
        for (size_t i = 0; i < fx->n[db]; i++) {
            rdb_write_entry(&o, fx->dbs[db][i]);
            /* Drain as a snapshot writer would, so the buffer holds one value at a time. */
            crc = crc64(crc, o.buf, o.len);
            cr_assert_eq(fwrite(o.buf, 1, o.len, f), o.len);
            rdb_out_clear(&o);
        }
    }
    rdb_write_eof(&o);
    crc = crc64(crc, o.buf, o.len);
    rdb_write_checksum(&o, crc);
    cr_assert_eq(fwrite(o.buf, 1, o.len, f), o.len);
    cr_assert_eq(fclose(f), 0);
    rdb_out_free(&o);
}

/* DUMP payloads of every entry but two strings in three, LZF on for every other one, named by
 * the database and the entry's place in it (dump_DB_I.bin: expected.jsonl's I-th line of DB). */
static void write_dumps(const struct fixture *fx, const char *dir)
{
    char path[512];
    struct rdb_out o;
    for (int db = 0; db < NDB; db++) {
        for (size_t i = 0; i < fx->n[db]; i++) {
            const struct entry *e = fx->dbs[db][i];
            if (db == 0 && e->type == OBJ_STRING && i % 3) continue;
            rdb_out_init(&o, (int)(i % 2));
            rdb_dump_payload(&o, e);
            snprintf(path, sizeof path, "%s/dump_%d_%zu.bin", dir, db, i);
            write_file(path, o.buf, o.len);
            rdb_out_free(&o);
        }
    }
}

static int have_redis(void)
{
    return access("/usr/bin/redis-server", X_OK) == 0 &&
           access("/usr/bin/redis-check-rdb", X_OK) == 0 && access("/usr/bin/python3", X_OK) == 0;
}

static void free_entries(struct fixture *fx)
{
    for (int db = 0; db < NDB; db++) {
        for (size_t i = 0; i < fx->n[db]; i++)
            entry_free(fx->dbs[db][i]);
        free(fx->dbs[db]);
    }
}

Test(rdb_redis, redis_loads_what_we_write, .timeout = 600)
{
    if (!have_redis()) cr_skip_test("redis-server 7.0 (Debian's redis-server, redis-tools) absent");
    config_defaults(&g_config);
    g_config.set_max_intset_entries = 20000; /* so that set:intset:big stays an intset */

    char dir[] = "/tmp/tessera-rdb-XXXXXX";
    cr_assert_not_null(mkdtemp(dir));
    char path[512];
    struct fixture fx = {0};
    snprintf(path, sizeof path, "%s/expected.jsonl", dir);
    fx.expected = fopen(path, "w");
    cr_assert_not_null(fx.expected);
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    build(&fx, (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
    cr_assert_eq(fclose(fx.expected), 0);

    snprintf(path, sizeof path, "%s/lzf.rdb", dir);
    write_rdb(&fx, path, 1);
    snprintf(path, sizeof path, "%s/plain.rdb", dir);
    write_rdb(&fx, path, 0);
    write_dumps(&fx, dir);
    free_entries(&fx);

    char cmd[1024];
    snprintf(cmd, sizeof cmd, "/usr/bin/python3 %s --dir %s lzf.rdb plain.rdb", RDB_CHECK_SCRIPT,
             dir);
    int rc = system(cmd);
    cr_assert(WIFEXITED(rc) && WEXITSTATUS(rc) == 0, "%s failed (status %d)", cmd, rc);

    const char *keep_files = getenv("RDB_CHECK_KEEP");
    if (keep_files && *keep_files) {
        fprintf(stderr, "kept %s\n", dir);
    } else {
        snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
        cr_assert_eq(system(cmd), 0);
    }
}
