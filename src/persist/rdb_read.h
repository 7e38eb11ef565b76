/* Decoding of Redis RDB files (versions 1..12: Redis 2.x to 7.4, Valkey 7.2 and 8.x) and of
 * DUMP payloads for RESTORE into Tessera's entries. Works on bytes in memory; hostile input
 * only makes it fail. Called by the loader at start-up and by RESTORE on the key's shard. */
#ifndef TESSERA_RDB_READ_H
#define TESSERA_RDB_READ_H

#include <stddef.h>
#include <stdint.h>

struct entry;

/* Input being decoded: bytes p[0..len), the next at pos, the RDB version the values were written
 * with (it changes nothing for values today; RESTORE's footer and a file's header set it). After
 * a failure err says what went wrong and pos is where the bad record starts. */
struct rdb_in {
    const unsigned char *p;
    size_t len, pos;
    int version;
    char err[160];
};

/* Decodes the value of RDB type `rdbtype` at in->pos into a new entry for key (expire_at in unix
 * ms, or EXPIRE_NONE). Returns
 *    0: *out set, in->pos past the value;
 *   -1: bad data; in->err says what and in->pos is back where the value starts;
 *    1: a value Tessera does not hold, skipped: in->pos past it and in->err naming it ("stream
 *       with consumer groups", "module ReJSON-RL", or "empty key" for an empty collection, which
 *       Redis's loader skips as well; an empty stream is kept, as Redis keeps it).
 * Hashes with field TTLs (Redis 7.4's HASH_METADATA and HASH_LISTPACK_EX) load their fields and
 * values; the per-field TTLs are dropped. */
int rdb_read_entry(struct rdb_in *in, int rdbtype, const char *key, size_t klen, int64_t expire_at,
                   struct entry **out);

struct rdb_visitor {
    /* An AUX field of the header (redis-ver, ctime, ...); may be NULL. */
    void (*on_aux)(void *arg, const char *k, size_t klen, const char *v, size_t vlen);
    /* A key of database db: takes ownership of e, already expired or not (the caller decides
     * what to drop). Non-zero stops the parse with an error; it may write its reason into
     * in->err (through arg), else the error says the entry was refused. */
    int (*on_entry)(void *arg, int db, struct entry *e);
    /* A record skipped: what is "stream with consumer groups", "module NAME", "empty key" (key
     * and klen given), or "function library", "module aux NAME" (key NULL). May be NULL. */
    void (*on_skip)(void *arg, int db, const char *what, const char *key, size_t klen);
    /* A function library's code (RDB_OPCODE_FUNCTION2); 0, or -1 to stop with in->err set
     * (through arg). May be NULL: the record is skipped. */
    int (*on_function)(void *arg, const char *code, size_t len);
};

/* A whole file from in->pos: the header "REDIS" and four digits (versions 1..12), records until
 * the EOF opcode, then (version 5 on) the 8-byte crc64 of everything before it, checked when
 * verify_checksum is set and it is not zero (Redis writes zero with rdbchecksum off).
 * Returns 0 at the end with in->pos past the checksum, -1 with in->err and in->pos set. */
int rdb_parse(struct rdb_in *in, const struct rdb_visitor *v, void *arg, int verify_checksum);

/* RESTORE: checks a DUMP payload's footer (its 2-byte LE RDB version at most 12 and the crc64 of
 * everything before the last 8 bytes), then decodes the one value it holds. 0 with *out set, or
 * -1 with err set to Redis's "DUMP payload version or checksum are wrong", "Bad data format", or
 * "Bad data format: ..." saying which value Tessera cannot hold. */
int rdb_restore_payload(const char *p, size_t len, const char *key, size_t klen, int64_t expire_at,
                        struct entry **out, char *err, size_t errlen);

#endif
