/* The keyspace table: a chained hash table of entries that rehashes incrementally (a bounded
 * number of buckets per operation), so no request pays for a whole resize.
 * An entry is one allocation holding key, optional expiry and, for strings, the value itself.
 * A dict belongs to one shard and is used only by the thread that holds that shard. */
#ifndef TESSERA_DICT_H
#define TESSERA_DICT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

enum obj_type {
    OBJ_STRING = 0,
    OBJ_LIST = 1,
    OBJ_SET = 2,
    OBJ_ZSET = 3,
    OBJ_HASH = 4,
    OBJ_INTERNAL = 5,
    OBJ_STREAM = 6 /* Redis's number too: DEBUG DIGEST mixes it in */
};
/* OBJ_INTERNAL: a pointer private to a module (the blocked clients of a key), never a value. */

#define ENTRY_HAS_EXPIRE 0x1u /* flags: 5 bits */
/* A string value in a block of its own: data[] holds its address after the key (entry.c keeps
 * a value there when the allocator's size classes would waste more on one block). */
#define ENTRY_EXTERNAL 0x4u
/* Snapshots (src/persist/snapshot.c): the entry was serialized by the snapshot whose mark this
 * bit matches (shard.h, snap_mark); new entries are born with the shard's current mark. */
#define ENTRY_SNAP_MARK 0x2u

/* The longest string value an entry holds: 40 bits, a terabyte. */
#define ENTRY_VLEN_MAX ((UINT64_C(1) << 40) - 1)

/* Bits of a write's version an entry keeps (WATCH compares them as serial numbers, keyspace.c). */
#define ENTRY_VERSION_BITS 24
#define ENTRY_VERSION_MASK ((UINT64_C(1) << ENTRY_VERSION_BITS) - 1)
/* Bits of its access clock: the LRU clock, or the LFU time and counter (shard/access.h). */
#define ENTRY_ACCESS_BITS 24

/* Layout of data[]: [int64 expire-at ms, if ENTRY_HAS_EXPIRE][key bytes][value]
 * where value is entry_vlen() string bytes for OBJ_STRING (or, with ENTRY_EXTERNAL, the address of
 * a block holding them) and a pointer for the other types.
 * The header is 24 bytes: the value length is split in two (vlen_lo, vlen_hi) so strings of
 * 4 GiB and more fit; read and write it with entry_vlen/entry_set_vlen. */
struct entry {
    struct entry *next;
    uint32_t keylen;
    uint32_t vlen_lo;                      /* low 32 bits of the string value's length */
    uint32_t version : ENTRY_VERSION_BITS; /* unused (WATCH has a table now): goes */
    uint32_t vlen_hi : 8;                  /* bits 32..39 of the value's length */
    uint32_t type : 3;                     /* enum obj_type */
    uint32_t flags : 5;                    /* ENTRY_HAS_EXPIRE, ENTRY_SNAP_MARK */
    uint32_t access : ENTRY_ACCESS_BITS;   /* LRU clock or LFU time and counter */
    char data[];
};
_Static_assert(sizeof(struct entry) == 24, "the entry header is 24 bytes");

static inline uint64_t entry_vlen(const struct entry *e)
{
    return (uint64_t)e->vlen_hi << 32 | e->vlen_lo;
}

/* n is at most ENTRY_VLEN_MAX (entry.c checks before it allocates). */
static inline void entry_set_vlen(struct entry *e, uint64_t n)
{
    e->vlen_lo = (uint32_t)n;
    e->vlen_hi = (uint8_t)(n >> 32);
}

struct dict {
    struct entry **table[2];
    uint64_t size[2]; /* buckets, a power of two (0 when the table is absent) */
    uint64_t used[2];
    int64_t rehash_idx; /* -1 when not rehashing */
};

uint64_t dict_hash(const char *key, size_t len);

void dict_init(struct dict *d);
/* Frees every entry with free_entry (may be NULL) and the tables. */
void dict_clear(struct dict *d, void (*free_entry)(struct entry *e, void *arg), void *arg);
uint64_t dict_size(const struct dict *d);
/* Bytes of its bucket tables (MEMORY USAGE of a collection). */
size_t dict_table_bytes(const struct dict *d);

/* Returns the address of the pointer that holds the entry (a bucket or a predecessor's next),
 * or NULL. The address stays valid until the next dict call. */
struct entry **dict_find_ref(struct dict *d, const char *key, size_t len);
struct entry *dict_find(struct dict *d, const char *key, size_t len);
/* Adds an entry whose key is not in the dict. */
void dict_add(struct dict *d, struct entry *e);
/* Takes the entry out of the dict and returns it (NULL if absent); the caller frees it. */
struct entry *dict_unlink(struct dict *d, const char *key, size_t len);

/* Reverse-binary cursor scan, as Redis's dictScan: every entry present for the whole scan is
 * visited at least once even across resizes. Returns the next cursor (0 when done). */
uint64_t dict_scan(struct dict *d, uint64_t cursor, void (*fn)(struct entry *e, void *arg),
                   void *arg);
/* A random entry (NULL when empty). */
struct entry *dict_random(struct dict *d);
/* Does a step of incremental rehashing when one is under way; returns 1 while more remains. */
int dict_rehash_step(struct dict *d, int buckets);

static inline const char *entry_key(const struct entry *e)
{
    return e->data + ((e->flags & ENTRY_HAS_EXPIRE) ? 8 : 0);
}

/* Where the value is kept in data[]: its bytes, its block's address (ENTRY_EXTERNAL), or an
 * object's pointer. */
static inline char *entry_slot(struct entry *e)
{
    return (char *)entry_key(e) + e->keylen;
}

static inline char *entry_value(struct entry *e)
{
    char *p = entry_slot(e);
    if (e->flags & ENTRY_EXTERNAL) {
        char *block;
        memcpy(&block, p, sizeof block);
        return block;
    }
    return p;
}

#endif
