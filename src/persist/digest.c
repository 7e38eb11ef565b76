/* DEBUG DIGEST (see digest.h), Redis's algorithm (debug.c) so a dataset gives the same digest
 * here as in Redis, which lets a migration be checked by digest. Two SHA-1 steps:
 * xor(d, p) XORs SHA1(p) into d; mix(d, p) does that, then replaces d by SHA1(d). Ordered
 * contents are mixed (a string, a list's elements, a stream's entries), unordered ones XORed (a
 * set's members; a hash's field and value, or a sorted set's member and score, each digested on
 * its own first). */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "persist/digest.h"
#include "shard/entry.h"
#include "shard/hashobj.h"
#include "shard/listobj.h"
#include "shard/setobj.h"
#include "shard/streamobj.h"
#include "shard/zsetobj.h"
#include "tessera/sha1.h"

static void xor_digest(unsigned char d[DIGEST_LEN], const void *p, size_t n)
{
    struct sha1 c;
    unsigned char h[SHA1_LEN];
    sha1_init(&c);
    sha1_update(&c, p, n);
    sha1_final(&c, h);
    for (int i = 0; i < DIGEST_LEN; i++)
        d[i] ^= h[i];
}

static void mix_digest(unsigned char d[DIGEST_LEN], const void *p, size_t n)
{
    xor_digest(d, p, n);
    struct sha1 c;
    sha1_init(&c);
    sha1_update(&c, d, DIGEST_LEN);
    sha1_final(&c, d);
}

static void set_member(const char *m, size_t len, void *arg)
{
    xor_digest(arg, m, len);
}

static void hash_field(const char *f, size_t flen, const char *v, size_t vlen, void *arg)
{
    unsigned char ele[DIGEST_LEN] = {0};
    mix_digest(ele, f, flen);
    mix_digest(ele, v, vlen);
    xor_digest(arg, ele, DIGEST_LEN);
}

/* Redis's xorObjectDigest: the type, the contents, and whether the key expires. */
static void object_digest(unsigned char d[DIGEST_LEN], const struct entry *e)
{
    uint32_t type = htonl(e->type);
    mix_digest(d, &type, sizeof type);
    switch (e->type) {
    case OBJ_STRING:
        mix_digest(d, entry_value((struct entry *)e), entry_vlen(e));
        break;
    case OBJ_LIST: {
        struct listobj_iter it;
        const char *s;
        size_t len;
        listobj_iter_init(&it, entry_object(e), 0, LISTOBJ_TAIL);
        while (listobj_iter_next(&it, &s, &len))
            mix_digest(d, s, len);
        break;
    }
    case OBJ_SET:
        setobj_foreach(entry_object(e), set_member, d);
        break;
    case OBJ_HASH:
        hashobj_foreach(entry_object(e), hash_field, d);
        break;
    case OBJ_ZSET: {
        struct zset_iter it;
        const char *m;
        size_t len;
        double score;
        zsetobj_iter_init(&it, entry_object(e), 0, 0);
        while (zsetobj_iter_next(&it, &m, &len, &score)) {
            unsigned char ele[DIGEST_LEN] = {0};
            char buf[128];
            int n = snprintf(buf, sizeof buf, "%.17g", score);
            mix_digest(ele, m, len);
            mix_digest(ele, buf, (size_t)n);
            xor_digest(d, ele, DIGEST_LEN);
        }
        break;
    }
    case OBJ_STREAM: {
        /* each entry's "ms.seq", then its fields and values, in order */
        struct stream_iter it;
        struct stream_id id;
        int64_t nfields;
        stream_iter_init(&it, entry_object(e), NULL, NULL, 0);
        while (stream_iter_next(&it, &id, &nfields)) {
            char buf[48];
            int n = snprintf(buf, sizeof buf, "%llu.%llu", (unsigned long long)id.ms,
                             (unsigned long long)id.seq);
            mix_digest(d, buf, (size_t)n);
            while (nfields-- > 0) {
                const char *f, *v;
                size_t flen, vlen;
                stream_iter_field(&it, &f, &flen, &v, &vlen);
                mix_digest(d, f, flen);
                mix_digest(d, v, vlen);
            }
        }
        break;
    }
    default:
        break;
    }
    if (entry_expire(e) != EXPIRE_NONE) xor_digest(d, "!!expire!!", 10);
}

void digest_value(const struct entry *e, unsigned char out[DIGEST_LEN])
{
    memset(out, 0, DIGEST_LEN);
    object_digest(out, e);
}

void digest_begin_db(unsigned char acc[DIGEST_LEN], int db)
{
    uint32_t id = htonl((uint32_t)db);
    mix_digest(acc, &id, sizeof id);
}

void digest_add_key(unsigned char acc[DIGEST_LEN], const struct entry *e)
{
    unsigned char d[DIGEST_LEN] = {0};
    mix_digest(d, entry_key(e), entry_keylen(e));
    object_digest(d, e);
    xor_digest(acc, d, DIGEST_LEN);
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
