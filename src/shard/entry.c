/* Keyspace entries (see entry.h): key, optional expiry and string value in one allocation, so a
 * small string key costs one block. Called by the thread holding the entry's shard. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "shard/access.h"
#include "shard/entry.h"
#include "shard/hashobj.h"
#include "shard/listobj.h"
#include "shard/setobj.h"
#include "shard/streamobj.h"
#include "shard/zsetobj.h"
#include "tessera/mem.h"
#include "tessera/util.h"

static size_t value_size(int type, size_t vlen)
{
    return type == OBJ_STRING ? vlen : sizeof(void *);
}

/* The bytes of data[] after the key. */
static size_t slot_size(const struct entry *e)
{
    return (e->flags & ENTRY_EXTERNAL) ? sizeof(char *) : value_size(e->type, entry_vlen(e));
}

#define EXTERNAL_MIN 128 /* shorter strings always live in the entry */

/* Whether a string of vlen bytes takes less memory in a block of its own than in the entry:
 * past a size class's boundary (an entry of 1030 bytes takes 1280) two blocks can waste less.
 * head is the entry's real head (header, wide prefix, expiry, key), so the choice follows the
 * header's size: with 16 bytes, a 16-byte key's 1000-byte value fits the 1024 class inline. */
static int wants_external(size_t head, size_t vlen)
{
    if (vlen < EXTERNAL_MIN) return 0;
    size_t inline_size = mem_good_size(head + vlen);
    size_t split = mem_good_size(head + sizeof(char *)) + mem_good_size(vlen);
    return split + 16 <= inline_size;
}

static void set_block(struct entry *e, char *block)
{
    memcpy(entry_slot(e), &block, sizeof block);
}

/* A length the header cannot hold is a bug upstream (the request parser bounds keys, and no
 * machine maps ENTRY_VLEN_MAX bytes): stop rather than keep a truncated length. */
static void check_lengths(size_t klen, size_t vlen)
{
    if (klen > UINT32_MAX || (uint64_t)vlen > ENTRY_VLEN_MAX) {
        fprintf(stderr, "entry: key of %zu or value of %zu bytes is past the entry's limits\n",
                klen, vlen);
        abort();
    }
}

/* The bytes of data[] before the key: the wide form's value length and the expiry. */
static size_t prefix_size(size_t klen, uint64_t slen, int64_t expire_at)
{
    return (entry_lens_compact(klen, slen) ? 0 : 8) + (expire_at != EXPIRE_NONE ? 8 : 0);
}

/* An entry with room for the value in data[], or for its block's address when external; in the
 * compact form when the lengths fit it. */
static struct entry *entry_alloc(const char *key, size_t klen, int type, size_t vlen,
                                 int64_t expire_at, int external)
{
    check_lengths(klen, vlen);
    uint64_t slen = type == OBJ_STRING ? vlen : 0;
    int wide = !entry_lens_compact(klen, slen);
    size_t exp = expire_at != EXPIRE_NONE ? 8 : 0;
    struct entry *e = mem_alloc(ENTRY_HEADER + prefix_size(klen, slen, expire_at) + klen +
                                (external ? sizeof(char *) : value_size(type, vlen)));
    /* the header built whole and stored at once, not field by field into its bit-fields */
    struct entry h = {.next = NULL,
                      .type = (unsigned)type,
                      .flags = (exp ? ENTRY_HAS_EXPIRE : 0) | (external ? ENTRY_EXTERNAL : 0) |
                               (wide ? ENTRY_WIDE : 0),
                      .access = access_init(),
                      .lens = wide ? (uint32_t)klen : (uint32_t)(klen | slen << 8)};
    memcpy(e, &h, ENTRY_HEADER);
    char *p = e->data;
    if (wide) {
        memcpy(p, &slen, 8);
        p += 8;
    }
    if (exp) {
        memcpy(p, &expire_at, 8);
        p += 8;
    }
    memcpy(p, key, klen);
    return e;
}

/* Where the expiry is kept (ENTRY_HAS_EXPIRE): after the wide form's length. */
static char *expire_slot(struct entry *e)
{
    return e->data + (e->flags & ENTRY_WIDE ? 8 : 0);
}

/* The entry in the wide form (a string growing past the compact form's value length): data[]
 * moves up 8 bytes for the length; may move the entry, as realloc. */
static struct entry *widen(struct entry *e)
{
    size_t klen = entry_keylen(e);
    uint64_t vlen = entry_vlen(e);
    size_t used = (size_t)(entry_slot(e) - (char *)e) + slot_size(e);
    if (used + 8 > mem_usable(e)) e = mem_realloc(e, used + 8);
    memmove(e->data + 8, e->data, used - ENTRY_HEADER);
    e->flags |= ENTRY_WIDE;
    e->lens = (uint32_t)klen;
    memcpy(e->data, &vlen, 8);
    return e;
}

struct entry *entry_new_string(const char *key, size_t klen, const char *val, size_t vlen,
                               int64_t expire_at)
{
    size_t head = ENTRY_HEADER + prefix_size(klen, vlen, expire_at) + klen;
    int external = wants_external(head, vlen);
    struct entry *e = entry_alloc(key, klen, OBJ_STRING, vlen, expire_at, external);
    if (external) set_block(e, mem_alloc(vlen));
    if (vlen) memcpy(entry_value(e), val, vlen);
    return e;
}

int entry_overwrite_string(struct entry *e, const char *val, size_t vlen, int64_t expire_at)
{
    if (e->type != OBJ_STRING || (e->flags & (ENTRY_EXTERNAL | ENTRY_WIDE)) ||
        (expire_at != EXPIRE_NONE) != ((e->flags & ENTRY_HAS_EXPIRE) != 0))
        return 0;
    size_t klen = entry_keylen(e), old = entry_vlen(e);
    if (!entry_lens_compact(klen, vlen)) return 0;
    if (vlen != old) {
        /* only into the size class a new entry of this value would get (no memory kept), and
         * only where the block itself has the room */
        size_t head = ENTRY_HEADER + prefix_size(klen, vlen, expire_at) + klen;
        if (wants_external(head, vlen) || mem_good_size(head + vlen) != mem_good_size(head + old) ||
            (vlen > old && head + vlen > mem_usable(e)))
            return 0;
    }
    if (expire_at != EXPIRE_NONE) memcpy(expire_slot(e), &expire_at, 8);
    if (vlen) memmove(entry_slot(e), val, vlen);
    e->lens = (uint32_t)(klen | vlen << 8);
    e->access = access_overwrite(e->access);
    return 1;
}

struct entry *entry_new_object(const char *key, size_t klen, int type, void *obj, int64_t expire_at)
{
    struct entry *e = entry_alloc(key, klen, type, 0, expire_at, 0);
    memcpy(entry_value(e), &obj, sizeof obj);
    return e;
}

int64_t entry_expire(const struct entry *e)
{
    if (!(e->flags & ENTRY_HAS_EXPIRE)) return EXPIRE_NONE;
    int64_t t;
    memcpy(&t, expire_slot((struct entry *)e), 8);
    return t;
}

void *entry_object(const struct entry *e)
{
    void *p;
    memcpy(&p, entry_value((struct entry *)e), sizeof p);
    return p;
}

void entry_set_object(struct entry *e, void *obj)
{
    memcpy(entry_value(e), &obj, sizeof obj);
}

struct entry *entry_resize_string(struct entry *e, size_t vlen)
{
    check_lengths(0, vlen);
    /* A string that shrinks back under the compact limit stays wide: either form holds any
     * length that fits it. */
    if (!(e->flags & ENTRY_WIDE) && vlen > ENTRY_VLEN_COMPACT_MAX) e = widen(e);
    if (e->flags & ENTRY_EXTERNAL) {
        char *block = entry_value(e);
        size_t old = entry_vlen(e);
        if (vlen > mem_usable(block)) {
            block = mem_realloc(block, vlen < (1u << 20) ? vlen * 2 : vlen + (1u << 20));
            set_block(e, block);
        }
        if (vlen > old) memset(block + old, 0, vlen - old);
        entry_set_vlen(e, vlen);
        return e;
    }
    size_t head = (size_t)(entry_slot(e) - (char *)e);
    size_t old = entry_vlen(e);
    size_t need = head + vlen;
    /* A string that grows (APPEND, SETRANGE) gets room to grow again, as Redis's sds does, so
     * building one by appends is not quadratic; a SET allocates exactly. */
    if (need > mem_usable(e)) e = mem_realloc(e, need < (1u << 20) ? need * 2 : need + (1u << 20));
    if (vlen > old) memset((char *)e + head + old, 0, vlen - old);
    entry_set_vlen(e, vlen);
    return e;
}

struct entry *entry_with_expire(struct entry *e, int64_t expire_at)
{
    int has = (e->flags & ENTRY_HAS_EXPIRE) != 0;
    if (has && expire_at != EXPIRE_NONE) {
        memcpy(expire_slot(e), &expire_at, 8);
        return e;
    }
    if (!has && expire_at == EXPIRE_NONE) return e;
    struct entry *n = entry_alloc(entry_key(e), entry_keylen(e), e->type, entry_vlen(e), expire_at,
                                  (e->flags & ENTRY_EXTERNAL) != 0);
    memcpy(entry_slot(n), entry_slot(e), slot_size(e)); /* the bytes, or the block moves */
    n->access = e->access;
    n->flags |= e->flags & ENTRY_SNAP_MARK; /* the same value: a snapshot has it or not */
    n->next = e->next;
    mem_free(e); /* the value (string bytes or object pointer) moved to n */
    return n;
}

struct entry *entry_rekey(struct entry *e, const char *key, size_t klen)
{
    struct entry *n = entry_alloc(key, klen, e->type, entry_vlen(e), entry_expire(e),
                                  (e->flags & ENTRY_EXTERNAL) != 0);
    memcpy(entry_slot(n), entry_slot(e), slot_size(e)); /* the bytes, or the block moves */
    n->access = e->access;
    mem_free(e); /* the value moved to n */
    return n;
}

static void *object_copy(int type, const void *obj)
{
    switch (type) {
    case OBJ_SET:
        return setobj_dup(obj);
    case OBJ_HASH:
        return hashobj_dup(obj);
    case OBJ_LIST:
        return listobj_dup(obj);
    case OBJ_ZSET:
        return zsetobj_dup(obj);
    case OBJ_STREAM:
        return streamobj_dup(obj);
    default:
        return NULL;
    }
}

struct entry *entry_copy(const struct entry *e, const char *key, size_t klen)
{
    if (e->type == OBJ_STRING)
        return entry_new_string(key, klen, entry_value((struct entry *)e), entry_vlen(e),
                                entry_expire(e));
    return entry_new_object(key, klen, e->type, object_copy(e->type, entry_object(e)),
                            entry_expire(e));
}

void entry_free(struct entry *e)
{
    switch (e->type) {
    case OBJ_HASH:
        hashobj_free(entry_object(e));
        break;
    case OBJ_SET:
        setobj_free(entry_object(e));
        break;
    case OBJ_LIST:
        listobj_free(entry_object(e));
        break;
    case OBJ_ZSET:
        zsetobj_free(entry_object(e));
        break;
    case OBJ_STREAM:
        streamobj_free(entry_object(e));
        break;
    default:
        if (e->flags & ENTRY_EXTERNAL) mem_free(entry_value(e));
        break;
    }
    mem_free(e);
}

size_t entry_usage(const struct entry *e)
{
    size_t n = mem_usable(e);
    switch (e->type) {
    case OBJ_SET:
        return n + setobj_usage(entry_object(e));
    case OBJ_HASH:
        return n + hashobj_usage(entry_object(e));
    case OBJ_LIST:
        return n + listobj_usage(entry_object(e));
    case OBJ_ZSET:
        return n + zsetobj_usage(entry_object(e));
    case OBJ_STREAM:
        return n + streamobj_usage(entry_object(e));
    default:
        return (e->flags & ENTRY_EXTERNAL) ? n + mem_usable(entry_value((struct entry *)e)) : n;
    }
}

const char *entry_type_name(const struct entry *e)
{
    static const char *const names[] = {"string", "list", "set", "zset", "hash", "none", "stream"};
    return e->type < sizeof names / sizeof names[0] ? names[e->type] : "none";
}

/* Redis keeps integers of up to 20 characters as "int" and strings of up to 44 bytes in the
 * object's own allocation ("embstr"); the same contents get the same names here. */
static const char *string_encoding(const struct entry *e)
{
    const char *v = entry_value((struct entry *)e);
    long long ll;
    if (entry_vlen(e) <= 20 && str_to_ll(v, entry_vlen(e), &ll)) return "int";
    return entry_vlen(e) <= 44 ? "embstr" : "raw";
}

const char *entry_encoding_name(const struct entry *e)
{
    switch (e->type) {
    case OBJ_STRING:
        return string_encoding(e);
    case OBJ_SET:
        return setobj_encoding(entry_object(e));
    case OBJ_HASH:
        return hashobj_encoding(entry_object(e));
    case OBJ_LIST:
        return listobj_encoding(entry_object(e));
    case OBJ_ZSET:
        return zsetobj_encoding(entry_object(e));
    case OBJ_STREAM:
        return "stream";
    default:
        return "unknown";
    }
}
