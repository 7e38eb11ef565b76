/* The RDB encoder (see rdb_write.h): the format's primitives (lengths, strings, doubles) over a
 * growable buffer, and each value type in the RDB 9 encoding that is quickest to write and to
 * load; streams, which RDB 9 cannot hold, in Redis 7.0's STREAM_LISTPACKS_2 (rdb_stream.c).
 * Called by the thread that holds the entries it encodes; no shared state. */
#include <assert.h>
#include <stdio.h>
#include <string.h>

#include "persist/crc64.h"
#include "persist/lzf.h"
#include "persist/rdb.h"
#include "persist/rdb_stream.h"
#include "persist/rdb_write.h"
#include "shard/entry.h"
#include "shard/hashobj.h"
#include "shard/intset.h"
#include "shard/listobj.h"
#include "shard/setobj.h"
#include "shard/zsetobj.h"
#include "tessera/mem.h"
#include "tessera/util.h"

#define RDB_OUT_MIN_CAP   256
#define RDB_LEN_MAX_BYTES 9
/* The longest string that may be a 32-bit integer: "-2147483648". */
#define RDB_INT_STR_MAX 11

/* --- the buffer ------------------------------------------------------------------------------ */

void rdb_out_init(struct rdb_out *o, int compress)
{
    o->buf = NULL;
    o->len = o->cap = 0;
    o->compress = compress;
}

void rdb_out_free(struct rdb_out *o)
{
    mem_free(o->buf);
    o->buf = NULL;
    o->len = o->cap = 0;
}

void rdb_out_clear(struct rdb_out *o)
{
    o->len = 0;
}

char *rdb_out_take(struct rdb_out *o, size_t *len)
{
    char *b = o->buf;
    *len = o->len;
    o->buf = NULL;
    o->len = o->cap = 0;
    return b;
}

/* Room for n more bytes; returns where they go. */
static unsigned char *out_reserve(struct rdb_out *o, size_t n)
{
    if (o->cap - o->len < n) {
        size_t cap = o->cap ? o->cap : RDB_OUT_MIN_CAP;
        while (cap - o->len < n)
            cap *= 2;
        o->buf = mem_realloc(o->buf, cap);
        o->cap = cap;
    }
    return (unsigned char *)o->buf + o->len;
}

static void out_put(struct rdb_out *o, const void *p, size_t n)
{
    memcpy(out_reserve(o, n), p, n);
    o->len += n;
}

static void out_byte(struct rdb_out *o, unsigned char b)
{
    *out_reserve(o, 1) = b;
    o->len++;
}

void rdb_write_raw(struct rdb_out *o, const void *p, size_t n)
{
    if (n) out_put(o, p, n);
}

static void out_le(struct rdb_out *o, uint64_t v, int bytes)
{
    rdb_store_le(out_reserve(o, (size_t)bytes), v, bytes);
    o->len += (size_t)bytes;
}

/* --- lengths and strings ---------------------------------------------------------------------- */

/* Writes len's encoding at p (room for RDB_LEN_MAX_BYTES); returns its size. */
static size_t encode_len(unsigned char *p, uint64_t len)
{
    if (len <= RDB_LEN_MAX_6BIT) {
        p[0] = (unsigned char)(RDB_6BITLEN << 6 | len);
        return 1;
    }
    if (len <= RDB_LEN_MAX_14BIT) {
        p[0] = (unsigned char)(RDB_14BITLEN << 6 | len >> 8);
        p[1] = (unsigned char)len;
        return 2;
    }
    int bytes = len <= UINT32_MAX ? 4 : 8;
    p[0] = bytes == 4 ? RDB_32BITLEN : RDB_64BITLEN;
    for (int i = 0; i < bytes; i++)
        p[1 + i] = (unsigned char)(len >> (8 * (bytes - 1 - i)));
    return 1 + (size_t)bytes;
}

void rdb_write_len(struct rdb_out *o, uint64_t len)
{
    o->len += encode_len(out_reserve(o, RDB_LEN_MAX_BYTES), len);
}

/* A canonical integer string that fits 32 bits, in 2, 3 or 5 bytes at p; 0 when s is not one. */
static size_t encode_int(unsigned char *p, const char *s, size_t len)
{
    long long v;
    if (len > RDB_INT_STR_MAX || !str_to_ll(s, len, &v)) return 0;
    int bytes, enc;
    if (v >= INT8_MIN && v <= INT8_MAX) {
        bytes = 1;
        enc = RDB_ENC_INT8;
    } else if (v >= INT16_MIN && v <= INT16_MAX) {
        bytes = 2;
        enc = RDB_ENC_INT16;
    } else if (v >= INT32_MIN && v <= INT32_MAX) {
        bytes = 4;
        enc = RDB_ENC_INT32;
    } else {
        return 0;
    }
    p[0] = (unsigned char)(RDB_ENCVAL << 6 | enc);
    rdb_store_le(p + 1, (uint64_t)v, bytes);
    return 1 + (size_t)bytes;
}

/* The LZF encoding, when the compressed bytes fit in len - 4 (Redis's rule); 0 when not. The
 * data is compressed straight into the buffer behind room for the largest header, then moved
 * down to follow the header it turns out to need. */
static int write_lzf(struct rdb_out *o, const char *s, size_t len)
{
    size_t header_max = 1 + 2 * RDB_LEN_MAX_BYTES;
    size_t room = len - 4;
    unsigned char *p = out_reserve(o, header_max + room);
    size_t clen = lzf_compress(s, len, p + header_max, room);
    if (clen == 0) return 0;
    size_t h = 0;
    p[h++] = RDB_ENCVAL << 6 | RDB_ENC_LZF;
    h += encode_len(p + h, clen);
    h += encode_len(p + h, len);
    memmove(p + h, p + header_max, clen);
    o->len += h + clen;
    return 1;
}

void rdb_write_string(struct rdb_out *o, const char *s, size_t len)
{
    if (len <= RDB_INT_STR_MAX) {
        size_t n = encode_int(out_reserve(o, 5), s, len);
        if (n) {
            o->len += n;
            return;
        }
    }
    if (o->compress && len > RDB_LZF_MIN_LEN && write_lzf(o, s, len)) return;
    rdb_write_len(o, len);
    out_put(o, s, len);
}

/* --- file structure --------------------------------------------------------------------------- */

void rdb_write_aux(struct rdb_out *o, const char *name, const char *value, size_t vlen)
{
    out_byte(o, RDB_OPCODE_AUX);
    rdb_write_string(o, name, strlen(name));
    rdb_write_string(o, value, vlen);
}

static void write_aux_int(struct rdb_out *o, const char *name, long long v)
{
    char buf[32];
    int n = ll_to_str(buf, sizeof buf, v);
    rdb_write_aux(o, name, buf, (size_t)n);
}

void rdb_write_header(struct rdb_out *o, int64_t ctime_unix, uint64_t used_mem)
{
    char magic[RDB_HEADER_LEN + 1];
    snprintf(magic, sizeof magic, "%s%04d", RDB_MAGIC, RDB_VERSION_WRITE);
    out_put(o, magic, RDB_HEADER_LEN);
    rdb_write_aux(o, "redis-ver", RDB_AUX_REDIS_VER, strlen(RDB_AUX_REDIS_VER));
    write_aux_int(o, "redis-bits", (long long)sizeof(void *) * 8);
    write_aux_int(o, "ctime", ctime_unix);
    /* Redis writes it as a long long too; no process holds 2^63 bytes. */
    write_aux_int(o, "used-mem", (long long)used_mem);
    write_aux_int(o, "aof-base", 0);
}

void rdb_write_select_db(struct rdb_out *o, int db)
{
    out_byte(o, RDB_OPCODE_SELECTDB);
    rdb_write_len(o, (uint64_t)db);
}

void rdb_write_resize_db(struct rdb_out *o, uint64_t keys, uint64_t expires)
{
    out_byte(o, RDB_OPCODE_RESIZEDB);
    rdb_write_len(o, keys);
    rdb_write_len(o, expires);
}

void rdb_write_eof(struct rdb_out *o)
{
    out_byte(o, RDB_OPCODE_EOF);
}

void rdb_write_checksum(struct rdb_out *o, uint64_t crc)
{
    out_le(o, crc, RDB_CHECKSUM_LEN);
}

/* --- values ----------------------------------------------------------------------------------- */

/* Counts what a foreach hands out, to check it against the length written before it. */
struct member_writer {
    struct rdb_out *o;
    uint64_t n;
};

static void write_member(const char *m, size_t len, void *arg)
{
    struct member_writer *w = arg;
    rdb_write_string(w->o, m, len);
    w->n++;
}

static void write_field(const char *f, size_t flen, const char *v, size_t vlen, void *arg)
{
    struct member_writer *w = arg;
    rdb_write_string(w->o, f, flen);
    rdb_write_string(w->o, v, vlen);
    w->n++;
}

/* Plain RDB_TYPE_LIST: one string per element; Redis 7.0 packs them into listpack nodes as it
 * reads them, with no ziplist to convert on the way. */
static void write_list(struct rdb_out *o, const struct listobj *l)
{
    rdb_write_len(o, listobj_len(l));
    struct listobj_iter it;
    listobj_iter_init(&it, l, 0, LISTOBJ_TAIL);
    const char *s;
    size_t len;
    uint64_t n = 0;
    while (listobj_iter_next(&it, &s, &len)) {
        rdb_write_string(o, s, len);
        n++;
    }
    assert(n == listobj_len(l));
}

/* An intset blob in Redis's layout: element width (u32 LE), count (u32 LE), the elements in
 * ascending order, each of that width, LE. Written as one string, so LZF may apply. */
static void write_intset(struct rdb_out *o, const struct intset *is)
{
    unsigned width = intset_width(is);
    uint32_t n = intset_len(is);
    size_t size = 8 + (size_t)n * width;
    unsigned char *blob = mem_alloc(size);
    rdb_store_le(blob, width, 4);
    rdb_store_le(blob + 4, n, 4);
    for (uint32_t i = 0; i < n; i++)
        rdb_store_le(blob + 8 + (size_t)i * width, (uint64_t)intset_get(is, i), (int)width);
    rdb_write_string(o, (const char *)blob, size);
    mem_free(blob);
}

static void write_set_members(struct rdb_out *o, const struct setobj *s)
{
    rdb_write_len(o, setobj_size(s));
    struct member_writer w = {o, 0};
    setobj_foreach(s, write_member, &w);
    assert(w.n == setobj_size(s));
}

/* ZSET_2, highest score first: Redis inserts each loaded member at its skiplist's head then,
 * which is O(1) instead of a search from the top. */
static void write_zset(struct rdb_out *o, const struct zsetobj *z)
{
    uint64_t len = zsetobj_len(z);
    rdb_write_len(o, len);
    if (len == 0) return;
    struct zset_iter it;
    zsetobj_iter_init(&it, z, len - 1, 1);
    const char *m;
    size_t mlen;
    double score;
    uint64_t n = 0;
    while (zsetobj_iter_next(&it, &m, &mlen, &score)) {
        rdb_write_string(o, m, mlen);
        out_le(o, rdb_double_bits(score), 8);
        n++;
    }
    assert(n == len);
}

static void write_hash(struct rdb_out *o, const struct hashobj *h)
{
    rdb_write_len(o, hashobj_len(h));
    struct member_writer w = {o, 0};
    hashobj_foreach(h, write_field, &w);
    assert(w.n == hashobj_len(h));
}

/* The RDB type of an entry's value; -1 for entries that hold none. */
static int value_rdb_type(const struct entry *e)
{
    switch (e->type) {
    case OBJ_STRING:
        return RDB_TYPE_STRING;
    case OBJ_LIST:
        return RDB_TYPE_LIST;
    case OBJ_SET:
        return setobj_intset(entry_object(e)) ? RDB_TYPE_SET_INTSET : RDB_TYPE_SET;
    case OBJ_ZSET:
        return RDB_TYPE_ZSET_2;
    case OBJ_HASH:
        return RDB_TYPE_HASH;
    case OBJ_STREAM:
        return RDB_TYPE_STREAM_LISTPACKS_2;
    default:
        return -1;
    }
}

/* The value after its type byte (and, in an entry, its key). */
static void write_value_body(struct rdb_out *o, const struct entry *e, int type)
{
    switch (type) {
    case RDB_TYPE_STRING:
        rdb_write_string(o, entry_value((struct entry *)e), entry_vlen(e));
        break;
    case RDB_TYPE_LIST:
        write_list(o, entry_object(e));
        break;
    case RDB_TYPE_SET_INTSET:
        write_intset(o, setobj_intset(entry_object(e)));
        break;
    case RDB_TYPE_SET:
        write_set_members(o, entry_object(e));
        break;
    case RDB_TYPE_ZSET_2:
        write_zset(o, entry_object(e));
        break;
    case RDB_TYPE_HASH:
        write_hash(o, entry_object(e));
        break;
    case RDB_TYPE_STREAM_LISTPACKS_2:
        rdb_write_stream(o, entry_object(e));
        break;
    }
}

void rdb_write_value(struct rdb_out *o, const struct entry *e)
{
    int type = value_rdb_type(e);
    if (type < 0) return;
    out_byte(o, (unsigned char)type);
    write_value_body(o, e, type);
}

void rdb_write_entry(struct rdb_out *o, const struct entry *e)
{
    int type = value_rdb_type(e);
    if (type < 0) return;
    int64_t expire = entry_expire(e);
    if (expire != EXPIRE_NONE) {
        out_byte(o, RDB_OPCODE_EXPIRETIME_MS);
        out_le(o, (uint64_t)expire, 8);
    }
    out_byte(o, (unsigned char)type);
    rdb_write_string(o, entry_key(e), entry_keylen(e));
    write_value_body(o, e, type);
}

void rdb_dump_payload(struct rdb_out *o, const struct entry *e)
{
    size_t start = o->len;
    rdb_write_value(o, e);
    out_le(o, e->type == OBJ_STREAM ? RDB_VERSION_STREAM : RDB_VERSION_WRITE, 2);
    rdb_write_checksum(o, crc64(0, o->buf + start, o->len - start));
}
