/* The RDB encoder: appends the header, database selectors, entries (key, expiry and value in
 * RDB 9 encodings that Redis 5.0 to 7.0 load; streams in Redis 7.0's encoding), the EOF opcode
 * and DUMP payloads to a growable buffer. Called by whichever thread holds the entries it
 * encodes (a shard's, or the snapshot writer's over a frozen copy); a buffer belongs to one
 * thread at a time. */
#ifndef TESSERA_PERSIST_RDB_WRITE_H
#define TESSERA_PERSIST_RDB_WRITE_H

#include <stddef.h>
#include <stdint.h>

struct entry;

/* A growable buffer of encoded bytes (mem_alloc'd). buf[0..len) is what was written so far; a
 * writer may drain it (write buf out, then rdb_out_clear) between entries. */
struct rdb_out {
    char *buf;
    size_t len, cap;
    int compress; /* rdbcompression: LZF for strings over 20 bytes when it saves space */
};

void rdb_out_init(struct rdb_out *o, int compress);
void rdb_out_free(struct rdb_out *o);
/* Forgets the bytes written, keeping the memory for the next ones. */
void rdb_out_clear(struct rdb_out *o);
/* Hands over the bytes (NULL when none were written; the caller mem_free's them); o is empty
 * and reusable after. */
char *rdb_out_take(struct rdb_out *o, size_t *len);

/* "REDIS0009" and the AUX fields Redis 7.0 writes: redis-ver, redis-bits, ctime, used-mem and
 * aof-base, integers in Redis's integer string encoding. */
void rdb_write_header(struct rdb_out *o, int64_t ctime_unix, uint64_t used_mem);
/* One AUX field (name, value), for the writer's own additions. */
void rdb_write_aux(struct rdb_out *o, const char *name, const char *value, size_t vlen);
void rdb_write_select_db(struct rdb_out *o, int db);
void rdb_write_resize_db(struct rdb_out *o, uint64_t keys, uint64_t expires);
/* [EXPIRETIME_MS ms] type key value. Entries of no value type (OBJ_INTERNAL) write nothing. */
void rdb_write_entry(struct rdb_out *o, const struct entry *e);
/* The type byte and the value only. */
void rdb_write_value(struct rdb_out *o, const struct entry *e);
/* The EOF opcode only: whoever writes the file appends the checksum, since it sees every byte. */
void rdb_write_eof(struct rdb_out *o);
/* crc as 8 bytes, little-endian. */
void rdb_write_checksum(struct rdb_out *o, uint64_t crc);
/* A DUMP payload: type and value, the RDB version (9, or 10 for a stream) as 2 bytes LE, then
 * the crc64 of the payload's bytes before it, LE. Appended after whatever o holds already. */
void rdb_dump_payload(struct rdb_out *o, const struct entry *e);

/* The format's building blocks, for the writer and the tests. */
/* Bytes as they are (an opcode, a footer). */
void rdb_write_raw(struct rdb_out *o, const void *p, size_t n);
/* A length in 1, 2, 5 or 9 bytes (see rdb.h). */
void rdb_write_len(struct rdb_out *o, uint64_t len);
/* A string as Redis writes one: a canonical integer of at most 11 characters that fits 32 bits
 * in the INT8/16/32 encodings, else LZF when compression is on, the string is longer than 20
 * bytes and LZF saves at least 4 of them, else length and bytes. s must not point into o's
 * buffer (it may move). */
void rdb_write_string(struct rdb_out *o, const char *s, size_t len);

#endif
