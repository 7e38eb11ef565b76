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
/* Snapshots (src/persist/snapshot.c): the entry was serialized by the snapshot whose mark this
 * bit matches (shard.h, snap_mark); new entries are born with the shard's current mark. */
#define ENTRY_SNAP_MARK 0x2u
/* A string value in a block of its own: data[] holds its address after the key (entry.c keeps
 * a value there when the allocator's size classes would waste more on one block). */
#define ENTRY_EXTERNAL 0x4u
/* The lengths in the wide form: lens holds the key's length and data[] opens with the value's as
 * 8 bytes. Its value is its prefix's size: entry_key() adds it without a test. */
#define ENTRY_WIDE 0x8u

/* The longest string value an entry holds: 40 bits, a terabyte. */
#define ENTRY_VLEN_MAX ((UINT64_C(1) << 40) - 1)
/* The compact form's limits: the key's length in the low 8 bits of lens, the value's above. */
#define ENTRY_KEYLEN_COMPACT_MAX 0xffu
#define ENTRY_VLEN_COMPACT_MAX   0xffffffu

/* Bits of its access clock: the LRU clock, or the LFU time and counter (shard/access.h). */
#define ENTRY_ACCESS_BITS 24

/* Layout of data[]:
 *   [uint64 value length, if ENTRY_WIDE][int64 expire-at ms, if ENTRY_HAS_EXPIRE][key][value]
 * where value is entry_vlen() string bytes for OBJ_STRING (or, with ENTRY_EXTERNAL, the address of
 * a block holding them) and a pointer for the other types.
 * The header is 16 bytes (next, then one word of bit-fields and one of lengths) so a 16-byte key
 * with a 32-byte value fits mimalloc's 64-byte class. Most keys fit the compact form (key under
 * 256 bytes, value under 16 MiB); the others are wide, 8 bytes longer. Read and write the lengths
 * with entry_keylen, entry_vlen and entry_set_vlen only. */
struct entry {
    struct entry *next;
    uint32_t type : 3;                   /* enum obj_type */
    uint32_t flags : 5;                  /* ENTRY_HAS_EXPIRE, ENTRY_SNAP_MARK, ... */
    uint32_t access : ENTRY_ACCESS_BITS; /* LRU clock or LFU time and counter */
    uint32_t lens;                       /* compact: keylen | vlen << 8; wide: keylen */
    char data[];
};
_Static_assert(sizeof(struct entry) == 16, "the entry header is 16 bytes");
_Static_assert(ENTRY_WIDE == 8, "entry_key adds the flag as the wide prefix's size");

/* Bytes before data[]: the header. */
#define ENTRY_HEADER offsetof(struct entry, data)

/* Whether lengths fit the compact form. */
static inline int entry_lens_compact(size_t klen, uint64_t vlen)
{
    return klen <= ENTRY_KEYLEN_COMPACT_MAX && vlen <= ENTRY_VLEN_COMPACT_MAX;
}

static inline size_t entry_keylen(const struct entry *e)
{
    return (e->flags & ENTRY_WIDE) ? e->lens : (e->lens & ENTRY_KEYLEN_COMPACT_MAX);
}

static inline uint64_t entry_vlen(const struct entry *e)
{
    if (e->flags & ENTRY_WIDE) {
        uint64_t n;
        memcpy(&n, e->data, sizeof n);
        return n;
    }
    return e->lens >> 8;
}

/* n is at most ENTRY_VLEN_MAX and fits the entry's form (entry_resize_string changes the form;
 * entry.c checks before it allocates). */
static inline void entry_set_vlen(struct entry *e, uint64_t n)
{
    if (e->flags & ENTRY_WIDE)
        memcpy(e->data, &n, sizeof n);
    else
        e->lens = (e->lens & ENTRY_KEYLEN_COMPACT_MAX) | (uint32_t)n << 8;
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
/* A random entry (NULL when empty): a random bucket, then a random entry of its chain, so an entry
 * in a long chain is drawn less often. Cheap; for sampling (eviction). */
struct entry *dict_random(struct dict *d);
/* A random entry (NULL when empty), every entry about equally likely (Redis's
 * dictGetFairRandomKey): for the picks users see, SRANDMEMBER, SPOP, HRANDFIELD, RANDOMKEY. */
struct entry *dict_random_fair(struct dict *d);
/* A run of look-ups (a pipeline's keys) overlaps its cache misses: dict_prefetch_bucket for each
 * key's hash, then dict_prefetch_entry for each (its bucket is on its way by then), then the
 * look-ups. Only by the thread that owns d, while no other thread holds it. */
void dict_prefetch_bucket(const struct dict *d, uint64_t h);
void dict_prefetch_entry(const struct dict *d, uint64_t h);
/* Does a step of incremental rehashing when one is under way; returns 1 while more remains. */
int dict_rehash_step(struct dict *d, int buckets);

/* On every look-up: the wide prefix (ENTRY_WIDE is its 8 bytes) and the expiry, without a branch.
 */
static inline const char *entry_key(const struct entry *e)
{
    unsigned f = e->flags;
    return e->data + (f & ENTRY_WIDE) + (f & ENTRY_HAS_EXPIRE) * 8;
}

/* Where the value is kept in data[]: its bytes, its block's address (ENTRY_EXTERNAL), or an
 * object's pointer. */
static inline char *entry_slot(struct entry *e)
{
    return (char *)entry_key(e) + entry_keylen(e);
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
