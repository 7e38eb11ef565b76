/* DEBUG DIGEST (see digest.h). A digest is three 64-bit lanes, each a seeded hash chained over
 * what it has taken in; ordered contents (a string, a list, a sorted set in rank order) are
 * chained, unordered ones (a set's members, a hash's fields) are each digested alone and XORed
 * together, so neither encoding nor insertion order shows. */
#include <stdio.h>
#include <string.h>

#include "persist/digest.h"
#include "shard/entry.h"
#include "shard/hashobj.h"
#include "shard/listobj.h"
#include "shard/setobj.h"
#include "shard/zsetobj.h"

struct dg {
    uint64_t h[3];
};

static const uint64_t seeds[3] = {0x9e3779b97f4a7c15ULL, 0xc2b2ae3d27d4eb4fULL,
                                  0x165667b19e3779f9ULL};

static uint64_t fmix(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return k;
}

static uint64_t hash64(const unsigned char *p, size_t n, uint64_t seed)
{
    uint64_t h = fmix(seed ^ (n * 0x87c37b91114253d5ULL));
    while (n >= 8) {
        uint64_t k;
        memcpy(&k, p, 8);
        h = (h ^ fmix(k)) * 0x4cf5ad432745937fULL + 0x52dce729;
        p += 8;
        n -= 8;
    }
    uint64_t k = 0;
    memcpy(&k, p, n);
    h = (h ^ fmix(k ^ n)) * 0x4cf5ad432745937fULL;
    return fmix(h);
}

/* Chains bytes into d (order counts). */
static void mix(struct dg *d, const void *p, size_t n)
{
    for (int i = 0; i < 3; i++)
        d->h[i] = hash64(p, n, d->h[i] ^ seeds[i]);
}

static void xor_into(struct dg *acc, const struct dg *d)
{
    for (int i = 0; i < 3; i++)
        acc->h[i] ^= d->h[i];
}

static void mix_score(struct dg *d, double score)
{
    char buf[64];
    int n = snprintf(buf, sizeof buf, "%.17g", score);
    mix(d, buf, (size_t)n);
}

static void set_member(const char *m, size_t len, void *arg)
{
    struct dg one = {{0}};
    mix(&one, m, len);
    xor_into(arg, &one);
}

static void hash_field(const char *f, size_t flen, const char *v, size_t vlen, void *arg)
{
    struct dg one = {{0}};
    mix(&one, f, flen);
    mix(&one, v, vlen);
    xor_into(arg, &one);
}

static void value_digest(const struct entry *e, struct dg *d)
{
    unsigned char type = e->type;
    mix(d, &type, 1);
    switch (e->type) {
    case OBJ_STRING:
        mix(d, entry_value((struct entry *)e), entry_vlen(e));
        break;
    case OBJ_LIST: {
        struct listobj_iter it;
        const char *s;
        size_t len;
        listobj_iter_init(&it, entry_object(e), 0, LISTOBJ_TAIL);
        while (listobj_iter_next(&it, &s, &len))
            mix(d, s, len);
        break;
    }
    case OBJ_SET: {
        struct dg members = {{0}};
        setobj_foreach(entry_object(e), set_member, &members);
        mix(d, members.h, sizeof members.h);
        break;
    }
    case OBJ_HASH: {
        struct dg fields = {{0}};
        hashobj_foreach(entry_object(e), hash_field, &fields);
        mix(d, fields.h, sizeof fields.h);
        break;
    }
    case OBJ_ZSET: {
        struct zset_iter it;
        const char *m;
        size_t len;
        double score;
        zsetobj_iter_init(&it, entry_object(e), 0, 0);
        while (zsetobj_iter_next(&it, &m, &len, &score)) {
            mix(d, m, len);
            mix_score(d, score);
        }
        break;
    }
    default:
        break;
    }
}

static void to_bytes(const struct dg *d, unsigned char out[DIGEST_LEN])
{
    unsigned char all[24];
    memcpy(all, d->h, sizeof all);
    memcpy(out, all, DIGEST_LEN);
}

void digest_value(const struct entry *e, unsigned char out[DIGEST_LEN])
{
    struct dg d = {{0}};
    value_digest(e, &d);
    to_bytes(&d, out);
}

void digest_add_key(unsigned char acc[DIGEST_LEN], int db, const struct entry *e)
{
    struct dg d = {{0}};
    mix(&d, &db, sizeof db);
    mix(&d, entry_key(e), e->keylen);
    value_digest(e, &d);
    int64_t exp = entry_expire(e);
    if (exp != EXPIRE_NONE) mix(&d, &exp, sizeof exp);
    unsigned char b[DIGEST_LEN];
    to_bytes(&d, b);
    for (int i = 0; i < DIGEST_LEN; i++)
        acc[i] ^= b[i];
}

void digest_hex(const unsigned char d[DIGEST_LEN], char out[2 * DIGEST_LEN + 1])
{
    static const char hex[] = "0123456789abcdef";
    for (int i = 0; i < DIGEST_LEN; i++) {
        out[2 * i] = hex[d[i] >> 4];
        out[2 * i + 1] = hex[d[i] & 15];
    }
    out[2 * DIGEST_LEN] = '\0';
}
