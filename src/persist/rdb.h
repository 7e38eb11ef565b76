/* The RDB format's constants, shared by the encoder (rdb_write.c) and the decoder: opcodes,
 * value types, length and string encodings, numbered as Redis's rdb.h numbers them (they are the
 * file format: they never change). Constants and tiny helpers only. Any thread. */
#ifndef TESSERA_PERSIST_RDB_H
#define TESSERA_PERSIST_RDB_H

#include <stdint.h>
#include <string.h>

/* "REDIS" and four decimal digits of version open every file. */
#define RDB_MAGIC         "REDIS"
#define RDB_MAGIC_LEN     5
#define RDB_HEADER_LEN    9
#define RDB_VERSION_WRITE 9  /* Redis 5.0 .. 7.0 load it; it has no listpack types */
#define RDB_VERSION_READ  12 /* the highest we load (Redis 7.4) */
#define RDB_CHECKSUM_LEN  8  /* crc64 of every byte before it, little-endian */
#define RDB_DUMP_FOOTER   10 /* a DUMP payload's version (2 bytes LE) and crc64 (8 bytes LE) */
/* What the header's redis-ver AUX field says: the Redis whose files ours resemble. */
#define RDB_AUX_REDIS_VER "7.0.15"
/* Streams are written as STREAM_LISTPACKS_2, an RDB 10 type (Redis 7.0 on): a DUMP of a stream
 * says 10, as Redis 7.0's does; a file's header stays at 9 (Redis 7.0 loads the type in it). */
#define RDB_VERSION_STREAM 10

/* Opcodes: a byte in the place of a value type. */
#define RDB_OPCODE_SLOT_INFO       0xF4 /* Redis 8 cluster slot sizes */
#define RDB_OPCODE_FUNCTION2       0xF5
#define RDB_OPCODE_FUNCTION_PRE_GA 0xF6
#define RDB_OPCODE_MODULE_AUX      0xF7
#define RDB_OPCODE_IDLE            0xF8 /* LRU idle seconds (length encoding) */
#define RDB_OPCODE_FREQ            0xF9 /* LFU counter (one byte) */
#define RDB_OPCODE_AUX             0xFA /* two strings: name, value */
#define RDB_OPCODE_RESIZEDB        0xFB /* two lengths: keys, keys with expiry */
#define RDB_OPCODE_EXPIRETIME_MS   0xFC /* 8 bytes LE, unix ms */
#define RDB_OPCODE_EXPIRETIME      0xFD /* 4 bytes LE, unix seconds */
#define RDB_OPCODE_SELECTDB        0xFE /* a length: the db number */
#define RDB_OPCODE_EOF             0xFF

/* Value types. */
#define RDB_TYPE_STRING                  0
#define RDB_TYPE_LIST                    1
#define RDB_TYPE_SET                     2
#define RDB_TYPE_ZSET                    3 /* scores as strings */
#define RDB_TYPE_HASH                    4
#define RDB_TYPE_ZSET_2                  5 /* scores as binary doubles, LE */
#define RDB_TYPE_MODULE_PRE_GA           6
#define RDB_TYPE_MODULE_2                7
#define RDB_TYPE_HASH_ZIPMAP             9
#define RDB_TYPE_LIST_ZIPLIST            10
#define RDB_TYPE_SET_INTSET              11
#define RDB_TYPE_ZSET_ZIPLIST            12
#define RDB_TYPE_HASH_ZIPLIST            13
#define RDB_TYPE_LIST_QUICKLIST          14
#define RDB_TYPE_STREAM_LISTPACKS        15
#define RDB_TYPE_HASH_LISTPACK           16 /* version 10 on, as every type after it */
#define RDB_TYPE_ZSET_LISTPACK           17
#define RDB_TYPE_LIST_QUICKLIST_2        18
#define RDB_TYPE_STREAM_LISTPACKS_2      19
#define RDB_TYPE_SET_LISTPACK            20
#define RDB_TYPE_STREAM_LISTPACKS_3      21
#define RDB_TYPE_HASH_METADATA_PRE_GA    22
#define RDB_TYPE_HASH_LISTPACK_EX_PRE_GA 23
#define RDB_TYPE_HASH_METADATA           24
#define RDB_TYPE_HASH_LISTPACK_EX        25

/* Whether a byte in type position is a value type (8 was never used). */
static inline int rdb_is_object_type(int t)
{
    return (t >= 0 && t <= 7) || (t >= 9 && t <= 25);
}

/* Lengths: the top two bits of the first byte say how long the length is.
 *   00xxxxxx                 6 bits
 *   01xxxxxx xxxxxxxx        14 bits, big-endian
 *   10000000 [4 bytes BE]    32 bits
 *   10000001 [8 bytes BE]    64 bits
 *   11xxxxxx                 not a length: a string in a special encoding (RDB_ENC_*) */
#define RDB_6BITLEN       0
#define RDB_14BITLEN      1
#define RDB_32BITLEN      0x80
#define RDB_64BITLEN      0x81
#define RDB_ENCVAL        3
#define RDB_LEN_MAX_6BIT  63u
#define RDB_LEN_MAX_14BIT 16383u

/* Special string encodings, in the low 6 bits of an 11xxxxxx byte. */
#define RDB_ENC_INT8  0 /* 1 byte */
#define RDB_ENC_INT16 1 /* 2 bytes LE */
#define RDB_ENC_INT32 2 /* 4 bytes LE */
#define RDB_ENC_LZF   3 /* length compressed, length original, LZF data */

/* Strings longer than this are tried with LZF when compression is on (as Redis). */
#define RDB_LZF_MIN_LEN 20

/* Little-endian loads and stores of the format's fixed-width fields. */
static inline void rdb_store_le(unsigned char *p, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static inline uint64_t rdb_load_le(const unsigned char *p, int bytes)
{
    uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; i--)
        v = v << 8 | p[i];
    return v;
}

/* A double's bits as the format stores them (ZSET_2 scores: 8 bytes LE). */
static inline uint64_t rdb_double_bits(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

static inline double rdb_bits_double(uint64_t u)
{
    double d;
    memcpy(&d, &u, sizeof d);
    return d;
}

#endif
