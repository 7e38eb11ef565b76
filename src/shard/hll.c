/* HyperLogLog registers in Redis's dense and sparse representations, the element hash and the
 * cardinality estimator. Every step that decides bytes (where a sparse opcode splits, which
 * neighbours merge, when the sparse form turns dense) follows Redis 7.0's hyperloglog.c, so an
 * HLL written here is the one Redis writes. Pure data code: any thread, on memory it owns. */
#include "shard/hll.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tessera/mem.h"

#define HLL_REGISTER_MAX ((1 << HLL_BITS) - 1)
#define HLL_ALPHA_INF    0.721347520444481703680 /* 0.5 / ln(2) */

/* Sparse opcodes: ZERO 00xxxxxx (1..64 zero registers), XZERO 01xxxxxx yyyyyyyy (1..16384 zero
 * registers), VAL 1vvvvvxx (1..4 registers of value 1..32). */
#define SPARSE_XZERO_BIT     0x40
#define SPARSE_VAL_BIT       0x80
#define SPARSE_VAL_MAX_VALUE 32
#define SPARSE_VAL_MAX_LEN   4
#define SPARSE_ZERO_MAX_LEN  64
#define SPARSE_XZERO_MAX_LEN 16384

static inline int is_zero(const uint8_t *p)
{
    return (*p & 0xc0) == 0;
}
static inline int is_xzero(const uint8_t *p)
{
    return (*p & 0xc0) == SPARSE_XZERO_BIT;
}
static inline int is_val(const uint8_t *p)
{
    return (*p & SPARSE_VAL_BIT) != 0;
}
static inline long zero_len(const uint8_t *p)
{
    return (*p & 0x3f) + 1;
}
/* The second byte of an XZERO cut short by the end reads as Redis reads it: its terminator. */
static inline long xzero_len(const uint8_t *p, const uint8_t *end)
{
    return (((long)(*p & 0x3f) << 8) | (p + 1 < end ? p[1] : 0)) + 1;
}
static inline int val_value(const uint8_t *p)
{
    return ((*p >> 2) & 0x1f) + 1;
}
static inline long val_len(const uint8_t *p)
{
    return (*p & 0x3) + 1;
}
static inline void val_set(uint8_t *p, int val, long len)
{
    *p = (uint8_t)(((val - 1) << 2 | (len - 1)) | SPARSE_VAL_BIT);
}
static inline void zero_set(uint8_t *p, long len)
{
    *p = (uint8_t)(len - 1);
}
static inline void xzero_set(uint8_t *p, long len)
{
    long l = len - 1;
    p[0] = (uint8_t)((l >> 8) | SPARSE_XZERO_BIT);
    p[1] = (uint8_t)(l & 0xff);
}

/* ---- hash ---- */

/* MurmurHash2, 64-bit, reading the key little-endian as Redis's endian-neutral version does. */
uint64_t hll_murmur64a(const void *key, size_t len, uint32_t seed)
{
    const uint64_t m = 0xc6a4a7935bd1e995ULL;
    const int r = 47;
    uint64_t h = seed ^ ((uint64_t)len * m);
    const uint8_t *data = key;
    const uint8_t *end = data + (len - (len & 7));

    while (data != end) {
        uint64_t k = 0;
        for (int i = 7; i >= 0; i--)
            k = k << 8 | data[i];
        k *= m;
        k ^= k >> r;
        k *= m;
        h ^= k;
        h *= m;
        data += 8;
    }
    switch (len & 7) {
    case 7:
        h ^= (uint64_t)data[6] << 48; /* fall through */
    case 6:
        h ^= (uint64_t)data[5] << 40; /* fall through */
    case 5:
        h ^= (uint64_t)data[4] << 32; /* fall through */
    case 4:
        h ^= (uint64_t)data[3] << 24; /* fall through */
    case 3:
        h ^= (uint64_t)data[2] << 16; /* fall through */
    case 2:
        h ^= (uint64_t)data[1] << 8; /* fall through */
    case 1:
        h ^= (uint64_t)data[0];
        h *= m;
    }
    h ^= h >> r;
    h *= m;
    h ^= h >> r;
    return h;
}

int hll_pattern(const void *ele, size_t len, long *index)
{
    uint64_t hash = hll_murmur64a(ele, len, 0xadc83b19U);
    *index = (long)(hash & (HLL_REGISTERS - 1));
    hash >>= HLL_P;
    hash |= (uint64_t)1 << HLL_Q; /* the run ends by Q+1 at the latest */
    return __builtin_ctzll(hash) + 1;
}

/* ---- header ---- */

int hll_is_valid(const uint8_t *v, size_t len)
{
    if (len < HLL_HDR_SIZE || memcmp(v, "HYLL", 4) != 0) return 0;
    if (v[4] > HLL_SPARSE) return 0;
    return v[4] != HLL_DENSE || len == HLL_DENSE_SIZE;
}

int hll_cache_get(const uint8_t *v, uint64_t *card)
{
    if (v[15] & 0x80) return 0;
    uint64_t c = 0;
    for (int i = 7; i >= 0; i--)
        c = c << 8 | v[8 + i];
    *card = c;
    return 1;
}

void hll_cache_set(uint8_t *v, uint64_t card)
{
    for (int i = 0; i < 8; i++)
        v[8 + i] = (uint8_t)(card >> (8 * i));
}

void hll_cache_invalidate(uint8_t *v)
{
    v[15] |= 0x80;
}

/* ---- buffers ---- */

/* Room for n bytes and the zero after them; new room is zeroed. */
static void reserve(struct hll *h, size_t n)
{
    if (n + 1 <= h->cap) return;
    size_t cap = n + 1 + 64;
    h->p = mem_realloc(h->p, cap);
    memset(h->p + h->len, 0, cap - h->len);
    h->cap = cap;
}

static void set_len(struct hll *h, size_t len)
{
    h->len = len;
    h->p[len] = 0;
}

void hll_init(struct hll *h)
{
    size_t len =
        HLL_HDR_SIZE + 2 * ((HLL_REGISTERS + SPARSE_XZERO_MAX_LEN - 1) / SPARSE_XZERO_MAX_LEN);
    h->p = NULL;
    h->len = h->cap = 0;
    reserve(h, len);
    memcpy(h->p, "HYLL", 4);
    h->p[4] = HLL_SPARSE;
    uint8_t *p = h->p + HLL_HDR_SIZE;
    for (long left = HLL_REGISTERS; left;) {
        long run = left < SPARSE_XZERO_MAX_LEN ? left : SPARSE_XZERO_MAX_LEN;
        xzero_set(p, run);
        p += 2;
        left -= run;
    }
    set_len(h, len);
}

void hll_init_copy(struct hll *h, const uint8_t *v, size_t len)
{
    h->p = NULL;
    h->len = h->cap = 0;
    reserve(h, len);
    memcpy(h->p, v, len);
    set_len(h, len);
}

void hll_release(struct hll *h)
{
    mem_free(h->p);
    h->p = NULL;
    h->len = h->cap = 0;
}

/* ---- dense ---- */

uint8_t hll_dense_get(const uint8_t *regs, long index)
{
    unsigned long byte = (unsigned long)index * HLL_BITS / 8;
    unsigned long fb = (unsigned long)index * HLL_BITS & 7;
    unsigned long b0 = regs[byte];
    /* a register within one byte (fb <= 2) needs no second: the last one has none */
    unsigned long b1 = fb > 2 ? regs[byte + 1] : 0;
    return (uint8_t)(((b0 >> fb) | (b1 << (8 - fb))) & HLL_REGISTER_MAX);
}

static void dense_put(uint8_t *regs, long index, uint8_t val)
{
    unsigned long byte = (unsigned long)index * HLL_BITS / 8;
    unsigned long fb = (unsigned long)index * HLL_BITS & 7;
    unsigned long v = val;
    regs[byte] = (uint8_t)((regs[byte] & ~(HLL_REGISTER_MAX << fb)) | (v << fb));
    if (fb > 2)
        regs[byte + 1] =
            (uint8_t)((regs[byte + 1] & ~(HLL_REGISTER_MAX >> (8 - fb))) | (v >> (8 - fb)));
}

static int dense_set(uint8_t *regs, long index, uint8_t count)
{
    if (count <= hll_dense_get(regs, index)) return 0;
    dense_put(regs, index, count);
    return 1;
}

int hll_dense_add(uint8_t *regs, const void *ele, size_t len)
{
    long index;
    int count = hll_pattern(ele, len, &index);
    return dense_set(regs, index, (uint8_t)count);
}

/* ---- sparse ---- */

/* Walks a sparse body calling fn for each VAL run (register, value, length); ZERO and XZERO
 * runs only advance. Returns the number of registers the body covers, or -1 when a VAL run
 * would pass the last register (Redis stops there). */
static long sparse_walk(const uint8_t *p, const uint8_t *end,
                        void (*fn)(void *arg, long reg, int val, long len), void *arg)
{
    long idx = 0;
    while (p < end) {
        if (is_zero(p)) {
            idx += zero_len(p);
            p++;
        } else if (is_xzero(p)) {
            idx += xzero_len(p, end);
            p += 2;
        } else {
            long run = val_len(p);
            if (run + idx > HLL_REGISTERS) return -1;
            fn(arg, idx, val_value(p), run);
            idx += run;
            p++;
        }
    }
    return idx;
}

static void fill_dense(void *arg, long reg, int val, long len)
{
    while (len--)
        dense_put(arg, reg++, (uint8_t)val);
}

int hll_to_dense(struct hll *h)
{
    if (h->p[4] == HLL_DENSE) return 0;
    uint8_t *dense = mem_calloc(1, HLL_DENSE_SIZE + 1);
    memcpy(dense, h->p, HLL_HDR_SIZE); /* magic and cached cardinality */
    dense[4] = HLL_DENSE;
    if (sparse_walk(h->p + HLL_HDR_SIZE, h->p + h->len, fill_dense, dense + HLL_HDR_SIZE) !=
        HLL_REGISTERS) {
        mem_free(dense);
        return -1;
    }
    mem_free(h->p);
    h->p = dense;
    h->len = HLL_DENSE_SIZE;
    h->cap = HLL_DENSE_SIZE + 1;
    return 0;
}

/* After a change at or after prev: adjacent VAL opcodes of one value whose runs fit one opcode
 * become one, scanning up to five opcodes as Redis does. */
static void sparse_merge_vals(struct hll *h, uint8_t *from)
{
    uint8_t *p = from, *end = h->p + h->len;
    int scan = 5;
    while (p < end && scan--) {
        if (is_xzero(p)) {
            p += 2;
            continue;
        }
        if (is_zero(p)) {
            p++;
            continue;
        }
        if (p + 1 < end && is_val(p + 1)) {
            int v1 = val_value(p), v2 = val_value(p + 1);
            long len = val_len(p) + val_len(p + 1);
            if (v1 == v2 && len <= SPARSE_VAL_MAX_LEN) {
                val_set(p + 1, v1, len);
                memmove(p, p + 1, (size_t)(end - p)); /* the zero after the body moves too */
                end--;
                h->len--;
                continue; /* the merged run may merge with the next one as well */
            }
        }
        p++;
    }
}

/* Redis's hllSparseSet: finds the opcode covering index and, when the register must grow,
 * rewrites that opcode in place (a split into up to three opcodes). */
static int sparse_set(struct hll *h, long index, uint8_t count, size_t sparse_max)
{
    if (count > SPARSE_VAL_MAX_VALUE) goto promote;
    reserve(h, h->len + 3); /* the worst split: XZERO into XZERO-VAL-XZERO */

    uint8_t *sparse = h->p + HLL_HDR_SIZE, *p = sparse, *end = h->p + h->len;
    uint8_t *prev = NULL;
    long first = 0, span = 0;
    while (p < end) {
        long oplen = 1;
        if (is_zero(p)) {
            span = zero_len(p);
        } else if (is_val(p)) {
            span = val_len(p);
        } else {
            span = xzero_len(p, end);
            oplen = 2;
        }
        if (index <= first + span - 1) break;
        prev = p;
        p += oplen;
        first += span;
    }
    if (span == 0 || p >= end) return -1;

    uint8_t *next = is_xzero(p) ? p + 2 : p + 1;
    if (next >= end) next = NULL;
    int zero = 0, xzero = 0;
    long runlen;
    if (is_zero(p)) {
        zero = 1;
        runlen = zero_len(p);
    } else if (is_xzero(p)) {
        xzero = 1;
        runlen = xzero_len(p, end);
    } else {
        runlen = val_len(p);
    }

    if (!zero && !xzero) {
        if (val_value(p) >= count) return 0;
        if (runlen == 1) {
            val_set(p, count, 1);
            goto updated;
        }
    }
    if (zero && runlen == 1) {
        val_set(p, count, 1);
        goto updated;
    }

    uint8_t seq[5], *n = seq;
    long last = first + span - 1;
    if (zero || xzero) {
        if (index != first) {
            long len = index - first;
            if (len > SPARSE_ZERO_MAX_LEN) {
                xzero_set(n, len);
                n += 2;
            } else {
                zero_set(n++, len);
            }
        }
        val_set(n++, count, 1);
        if (index != last) {
            long len = last - index;
            if (len > SPARSE_ZERO_MAX_LEN) {
                xzero_set(n, len);
                n += 2;
            } else {
                zero_set(n++, len);
            }
        }
    } else {
        int cur = val_value(p);
        if (index != first) val_set(n++, cur, index - first);
        val_set(n++, count, 1);
        if (index != last) val_set(n++, cur, last - index);
    }

    long seqlen = n - seq, oldlen = xzero ? 2 : 1, delta = seqlen - oldlen;
    if (delta > 0 && h->len + (size_t)delta > sparse_max) goto promote;
    if (delta && next) memmove(next + delta, next, (size_t)(end - next));
    set_len(h, (size_t)((long)h->len + delta));
    memcpy(p, seq, (size_t)seqlen);

updated:
    sparse_merge_vals(h, prev ? prev : sparse);
    hll_cache_invalidate(h->p);
    return 1;

promote:
    if (hll_to_dense(h) < 0) return -1;
    /* the register needed more than the sparse form: it changes */
    return dense_set(h->p + HLL_HDR_SIZE, index, count);
}

int hll_set(struct hll *h, long index, uint8_t count, size_t sparse_max)
{
    switch (h->p[4]) {
    case HLL_DENSE:
        return dense_set(h->p + HLL_HDR_SIZE, index, count);
    case HLL_SPARSE:
        return sparse_set(h, index, count, sparse_max);
    default:
        return -1;
    }
}

int hll_add(struct hll *h, const void *ele, size_t len, size_t sparse_max)
{
    long index;
    int count = hll_pattern(ele, len, &index);
    return hll_set(h, index, (uint8_t)count, sparse_max);
}

/* ---- merge and count ---- */

static void merge_run(void *arg, long reg, int val, long len)
{
    uint8_t *max = arg;
    while (len--) {
        if (val > max[reg]) max[reg] = (uint8_t)val;
        reg++;
    }
}

int hll_merge(uint8_t *max, const uint8_t *v, size_t len)
{
    if (v[4] == HLL_DENSE) {
        const uint8_t *regs = v + HLL_HDR_SIZE;
        for (long i = 0; i < HLL_REGISTERS; i++) {
            uint8_t val = hll_dense_get(regs, i);
            if (val > max[i]) max[i] = val;
        }
        return 0;
    }
    return sparse_walk(v + HLL_HDR_SIZE, v + len, merge_run, max) == HLL_REGISTERS ? 0 : -1;
}

/* Ertl's sigma and tau ("New cardinality estimation algorithms for HyperLogLog sketches",
 * arXiv:1702.01284), computed in Redis's order so the doubles come out the same. */
static double hll_sigma(double x)
{
    if (x == 1.) return INFINITY;
    double z_prev, y = 1, z = x;
    do {
        x *= x;
        z_prev = z;
        z += x * y;
        y += y;
    } while (z_prev != z);
    return z;
}

static double hll_tau(double x)
{
    if (x == 0. || x == 1.) return 0.;
    double z_prev, y = 1.0, z = 1 - x;
    do {
        x = sqrt(x);
        z_prev = z;
        y *= 0.5;
        z -= pow(1 - x, 2) * y;
    } while (z_prev != z);
    return z / 3;
}

static uint64_t estimate(const int *histo)
{
    double m = HLL_REGISTERS;
    double z = m * hll_tau((m - histo[HLL_Q + 1]) / m);
    for (int j = HLL_Q; j >= 1; --j) {
        z += histo[j];
        z *= 0.5;
    }
    z += m * hll_sigma(histo[0] / m);
    double e = (double)llroundl(HLL_ALPHA_INF * m * m / z);
    return (uint64_t)e;
}

uint64_t hll_count(const uint8_t *v, size_t len, int *invalid)
{
    int histo[64] = {0};
    if (v[4] == HLL_DENSE) {
        const uint8_t *r = v + HLL_HDR_SIZE;
        /* four registers in every three bytes */
        for (long j = 0; j < HLL_REGISTERS / 4; j++, r += 3) {
            histo[r[0] & 63]++;
            histo[(r[0] >> 6 | r[1] << 2) & 63]++;
            histo[(r[1] >> 4 | r[2] << 4) & 63]++;
            histo[(r[2] >> 2) & 63]++;
        }
    } else {
        /* a corrupt body (runs that do not add up to the registers) sets *invalid */
        const uint8_t *p = v + HLL_HDR_SIZE, *end = v + len;
        long idx = 0;
        while (p < end) {
            long run;
            if (is_zero(p)) {
                run = zero_len(p);
                histo[0] += (int)run;
                p++;
            } else if (is_xzero(p)) {
                run = xzero_len(p, end);
                histo[0] += (int)run;
                p += 2;
            } else {
                run = val_len(p);
                histo[val_value(p)] += (int)run;
                p++;
            }
            idx += run;
            /* past the last register the body is corrupt whatever follows, and the counts
             * could grow past an int: the estimate is no longer wanted */
            if (idx > HLL_REGISTERS && invalid) break;
        }
        if (idx != HLL_REGISTERS && invalid) *invalid = 1;
    }
    return estimate(histo);
}

uint64_t hll_count_raw(const uint8_t *max)
{
    int histo[64] = {0};
    for (long i = 0; i < HLL_REGISTERS; i++)
        histo[max[i] & 63]++;
    return estimate(histo);
}

/* ---- PFDEBUG DECODE ---- */

char *hll_decode(const uint8_t *v, size_t len, size_t *outlen)
{
    const uint8_t *p = v + HLL_HDR_SIZE, *end = v + len;
    /* at most "v:32,4 " (7 bytes) per opcode byte */
    char *out = mem_alloc((len - HLL_HDR_SIZE) * 7 + 16);
    size_t n = 0;
    while (p < end) {
        if (is_zero(p)) {
            n += (size_t)sprintf(out + n, "z:%ld ", zero_len(p));
            p++;
        } else if (is_xzero(p)) {
            n += (size_t)sprintf(out + n, "Z:%ld ", xzero_len(p, end));
            p += 2;
        } else {
            n += (size_t)sprintf(out + n, "v:%d,%ld ", val_value(p), val_len(p));
            p++;
        }
    }
    if (n) n--; /* the last space */
    out[n] = 0;
    *outlen = n;
    return out;
}

/* ---- PFSELFTEST ---- */

static uint64_t next_random(uint64_t *s)
{
    /* splitmix64: any good generator will do, the test only needs values to vary */
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Redis's PFSELFTEST: registers keep their values without touching their neighbours, and a
 * dense and a sparse HLL fed the same 10M elements agree and stay within six standard errors
 * at every power of ten. */
const char *hll_selftest(char *err, size_t errlen, size_t sparse_max, uint64_t seed)
{
    uint8_t *dense = mem_calloc(1, HLL_DENSE_SIZE + 1);
    uint8_t *bytes = mem_alloc(HLL_REGISTERS);
    uint8_t *regs = dense + HLL_HDR_SIZE;
    struct hll h;
    const char *ret = NULL;
    memcpy(dense, "HYLL", 4);
    hll_init(&h);

    for (int cycle = 0; cycle < 1000 && !ret; cycle++) {
        for (long i = 0; i < HLL_REGISTERS; i++) {
            uint8_t r = (uint8_t)(next_random(&seed) & HLL_REGISTER_MAX);
            bytes[i] = r;
            dense_put(regs, i, r);
        }
        for (long i = 0; i < HLL_REGISTERS; i++) {
            uint8_t val = hll_dense_get(regs, i);
            if (val != bytes[i]) {
                snprintf(err, errlen, "TESTFAILED Register %ld should be %d but is %d", i, bytes[i],
                         val);
                ret = err;
                break;
            }
        }
    }

    memset(regs, 0, HLL_DENSE_SIZE - HLL_HDR_SIZE);
    double relerr = 1.04 / sqrt(HLL_REGISTERS);
    int64_t checkpoint = 1;
    uint64_t base = next_random(&seed);
    for (uint64_t j = 1; j <= 10000000 && !ret; j++) {
        uint64_t ele = j ^ base;
        uint8_t key[8];
        for (int b = 0; b < 8; b++)
            key[b] = (uint8_t)(ele >> (8 * b));
        hll_dense_add(regs, key, sizeof key);
        hll_add(&h, key, sizeof key, sparse_max);
        if ((int64_t)j != checkpoint) continue;

        if (j < sparse_max / 2 && h.p[4] != HLL_SPARSE) {
            snprintf(err, errlen, "TESTFAILED sparse encoding not used");
            ret = err;
            break;
        }
        uint64_t card = hll_count(dense, HLL_DENSE_SIZE, NULL);
        if (card != hll_count(h.p, h.len, NULL)) {
            snprintf(err, errlen, "TESTFAILED dense/sparse disagree");
            ret = err;
            break;
        }
        int64_t abserr = checkpoint - (int64_t)card;
        uint64_t maxerr = (uint64_t)ceil(relerr * 6 * (double)checkpoint);
        if (j == 10) maxerr = 1; /* collisions make a bigger error likely at 10 */
        if (abserr < 0) abserr = -abserr;
        if (abserr > (int64_t)maxerr) {
            snprintf(err, errlen, "TESTFAILED Too big error. card:%llu abserr:%llu",
                     (unsigned long long)checkpoint, (unsigned long long)abserr);
            ret = err;
            break;
        }
        checkpoint *= 10;
    }

    hll_release(&h);
    mem_free(bytes);
    mem_free(dense);
    return ret;
}
