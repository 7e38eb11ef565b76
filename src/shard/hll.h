/* HyperLogLog in Redis's own representation, byte for byte: a 16-byte header ("HYLL", the
 * encoding, three unused bytes, the cached cardinality little-endian with its top bit marking it
 * stale), then 16384 6-bit registers, either dense (packed LSB first) or sparse (ZERO, XZERO and
 * VAL run-length opcodes). The element hash (MurmurHash64A), the sparse update and merge of
 * opcodes and the estimator (Ertl's, as Redis 7) all follow Redis so the bytes and the counts
 * are the same. Pure data code: no keyspace; any thread, on memory it owns. */
#ifndef TESSERA_HLL_H
#define TESSERA_HLL_H

#include <stddef.h>
#include <stdint.h>

#define HLL_P          14
#define HLL_Q          (64 - HLL_P)
#define HLL_REGISTERS  (1 << HLL_P)
#define HLL_BITS       6
#define HLL_HDR_SIZE   16
#define HLL_DENSE_SIZE (HLL_HDR_SIZE + (HLL_REGISTERS * HLL_BITS + 7) / 8)

enum hll_encoding { HLL_DENSE = 0, HLL_SPARSE = 1 };

/* An HLL being changed: a buffer the sparse form can grow in. p[len] is always a zero byte
 * (Redis reads its strings' terminator when an opcode is cut short). */
struct hll {
    uint8_t *p;
    size_t len, cap;
};

uint64_t hll_murmur64a(const void *key, size_t len, uint32_t seed);
/* The register an element goes to (*index) and the length of its 0...1 pattern (1..Q+1). */
int hll_pattern(const void *ele, size_t len, long *index);

/* Whether a string is an HLL as Redis's isHLLObjectOrReply judges it: header, magic, a known
 * encoding and, when dense, exactly HLL_DENSE_SIZE bytes. The sparse body is checked lazily. */
int hll_is_valid(const uint8_t *v, size_t len);
static inline int hll_encoding_of(const uint8_t *v)
{
    return v[4];
}

/* A new empty HLL (sparse, as Redis creates them), or a copy of an existing one. */
void hll_init(struct hll *h);
void hll_init_copy(struct hll *h, const uint8_t *v, size_t len);
void hll_release(struct hll *h);

/* Adds an element / raises register index to count: 1 when a register changed, 0 when not, -1
 * when the sparse body is corrupt. A sparse HLL turns dense when the register needs more than
 * 32 or its length would pass sparse_max (hll-sparse-max-bytes). */
int hll_add(struct hll *h, const void *ele, size_t len, size_t sparse_max);
int hll_set(struct hll *h, long index, uint8_t count, size_t sparse_max);
/* Sparse to dense; 0 (also when already dense), or -1 for a corrupt sparse body (h unchanged). */
int hll_to_dense(struct hll *h);

/* Dense registers in place (a dense value needs no room to grow). */
uint8_t hll_dense_get(const uint8_t *regs, long index);
int hll_dense_add(uint8_t *regs, const void *ele, size_t len);

/* max[i] = MAX(max[i], register i) over a valid HLL; -1 for a corrupt sparse body. */
int hll_merge(uint8_t *max, const uint8_t *v, size_t len);
/* The estimated cardinality; *invalid is set (if given) for a corrupt sparse body. */
uint64_t hll_count(const uint8_t *v, size_t len, int *invalid);
/* The same over one byte per register (the multi-key PFCOUNT's union). */
uint64_t hll_count_raw(const uint8_t *max);

/* The cached cardinality: 1 and *card when it is valid. */
int hll_cache_get(const uint8_t *v, uint64_t *card);
void hll_cache_set(uint8_t *v, uint64_t card);
void hll_cache_invalidate(uint8_t *v);

/* PFDEBUG DECODE's text of a sparse body ("Z:16384", "z:3 v:2,1 ..."): a mem_alloc'd string,
 * its length in *outlen. */
char *hll_decode(const uint8_t *v, size_t len, size_t *outlen);

/* PFSELFTEST: NULL when the registers and the estimator behave, else an error text
 * (TESTFAILED ...) in err. */
const char *hll_selftest(char *err, size_t errlen, size_t sparse_max, uint64_t seed);

#endif
