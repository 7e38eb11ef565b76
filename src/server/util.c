/* Redis's strict number parsing (string2ll, string2ld, string2d) and glob matching
 * (stringmatchlen), with the same accept/reject decisions byte for byte so replies match Redis,
 * and a fast per-thread random source. Called from any thread. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

#include "tessera/mem.h"
#include "tessera/util.h"

/* string2ll refuses anything this long: the longest valid number, LLONG_MIN, has 20 chars. */
#define LONG_STR_SIZE 21
/* string2ld copies into a buffer this big and refuses longer input (MAX_LONG_DOUBLE_CHARS). */
#define MAX_LONG_DOUBLE_CHARS (5 * 1024)
/* str_to_d copies short input to the stack; longer input (still valid for Redis) goes to heap. */
#define DOUBLE_STACK_CHARS 256
/* stringmatchlen gives up (no match) past this recursion depth. */
#define GLOB_MAX_NESTING 1000

/* isspace() of the C locale, without the locale lookup or the negative-char trap. */
static inline int is_c_space(unsigned char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

static inline int ascii_lower(int c)
{
    return (c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c;
}

int str_to_ll(const char *s, size_t len, long long *out)
{
    const char *p = s;
    size_t plen = 0;
    int negative = 0;
    unsigned long long v;

    if (len == 0 || len >= LONG_STR_SIZE) return 0;
    if (len == 1 && p[0] == '0') {
        if (out) *out = 0;
        return 1;
    }
    if (p[0] == '-') {
        negative = 1;
        p++;
        plen++;
        if (plen == len) return 0;
    }
    /* "0" alone was handled above, so a leading zero (or "-0") is not canonical. */
    if (p[0] >= '1' && p[0] <= '9') {
        v = (unsigned long long)(p[0] - '0');
        p++;
        plen++;
    } else {
        return 0;
    }
    while (plen < len && p[0] >= '0' && p[0] <= '9') {
        unsigned digit = (unsigned)(p[0] - '0');
        if (v > ULLONG_MAX / 10) return 0;
        v *= 10;
        if (v > ULLONG_MAX - digit) return 0;
        v += digit;
        p++;
        plen++;
    }
    if (plen < len) return 0;
    if (negative) {
        if (v > (unsigned long long)LLONG_MAX + 1) return 0;
        /* -(LLONG_MAX+1) is not representable as a positive long long; go through unsigned. */
        if (out) *out = (long long)(0ULL - v);
    } else {
        if (v > (unsigned long long)LLONG_MAX) return 0;
        if (out) *out = (long long)v;
    }
    return 1;
}

int str_to_ld(const char *s, size_t len, long double *out)
{
    char buf[MAX_LONG_DOUBLE_CHARS];
    char *eptr;
    long double value;

    if (len == 0 || len >= sizeof(buf)) return 0;
    memcpy(buf, s, len);
    buf[len] = '\0';

    errno = 0;
    value = strtold(buf, &eptr);
    /* Overflow to infinity and underflow to zero are refused; a denormal result is kept.
     * An embedded NUL stops strtold early, so it fails the length test like trailing junk. */
    if (is_c_space((unsigned char)buf[0]) || eptr[0] != '\0' || (size_t)(eptr - buf) != len ||
        (errno == ERANGE && (isinf(value) || fpclassify(value) == FP_ZERO)) || errno == EINVAL ||
        isnan(value))
        return 0;
    if (out) *out = value;
    return 1;
}

int str_to_d(const char *s, size_t len, double *out)
{
    char stack[DOUBLE_STACK_CHARS];
    char *buf = stack;
    char *eptr;
    double value;
    int ok;

    if (len == 0 || is_c_space((unsigned char)s[0])) return 0;
    /* Redis hands strtod its NUL-terminated sds; our arguments are counted slices. */
    if (len >= sizeof(stack)) {
        buf = mem_alloc(len + 1);
        if (!buf) return 0;
    }
    memcpy(buf, s, len);
    buf[len] = '\0';

    errno = 0;
    value = strtod(buf, &eptr);
    ok = (size_t)(eptr - buf) == len &&
         !(errno == ERANGE && (isinf(value) || fpclassify(value) == FP_ZERO)) && !isnan(value);
    if (buf != stack) mem_free(buf);
    if (!ok) return 0;
    if (out) *out = value;
    return 1;
}

static inline int glob_char_eq(char a, char b, int nocase)
{
    if (!nocase) return a == b;
    return ascii_lower((unsigned char)a) == ascii_lower((unsigned char)b);
}

/* stringmatchlen_impl of Redis 7.0. Redis reads its NUL terminator at the pattern's end in a few
 * places; the length tests below stand in for those reads. skip_longer is set once the part of
 * the pattern after some '*' matched nowhere in the rest of the string: then no earlier '*' can
 * help by eating more, which keeps the work polynomial for patterns like "a*a*a*a*b". */
static int glob_impl(const char *p, size_t plen, const char *s, size_t slen, int nocase,
                     int *skip_longer, int nesting)
{
    if (nesting > GLOB_MAX_NESTING) return 0;

    while (plen && slen) {
        switch (p[0]) {
        case '*':
            while (plen > 1 && p[1] == '*') {
                p++;
                plen--;
            }
            if (plen == 1) return 1;
            while (slen) {
                if (glob_impl(p + 1, plen - 1, s, slen, nocase, skip_longer, nesting + 1)) return 1;
                if (*skip_longer) return 0;
                s++;
                slen--;
            }
            *skip_longer = 1;
            return 0;
        case '?':
            s++;
            slen--;
            break;
        case '[': {
            int negate, match = 0;

            p++;
            plen--;
            negate = plen > 0 && p[0] == '^';
            if (negate) {
                p++;
                plen--;
            }
            for (;;) {
                if (plen >= 2 && p[0] == '\\') {
                    /* An escaped char in a class compares case-sensitively, as in Redis. */
                    p++;
                    plen--;
                    if (p[0] == s[0]) match = 1;
                } else if (plen == 0) {
                    /* Unterminated class: step back so the shared advance below ends it. */
                    p--;
                    plen++;
                    break;
                } else if (p[0] == ']') {
                    break;
                } else if (plen >= 3 && p[1] == '-') {
                    /* Redis compares plain chars, which are signed on the platforms it runs on;
                     * a reversed range such as [z-a] is swapped. */
                    int start = (signed char)p[0];
                    int end = (signed char)p[2];
                    int c = (signed char)s[0];
                    if (start > end) {
                        int t = start;
                        start = end;
                        end = t;
                    }
                    if (nocase) {
                        start = ascii_lower(start);
                        end = ascii_lower(end);
                        c = ascii_lower(c);
                    }
                    p += 2;
                    plen -= 2;
                    if (c >= start && c <= end) match = 1;
                } else if (glob_char_eq(p[0], s[0], nocase)) {
                    match = 1;
                }
                p++;
                plen--;
            }
            if (negate) match = !match;
            if (!match) return 0;
            s++;
            slen--;
            break;
        }
        case '\\':
            if (plen >= 2) {
                p++;
                plen--;
            }
            /* fall through */
        default:
            if (!glob_char_eq(p[0], s[0], nocase)) return 0;
            s++;
            slen--;
            break;
        }
        p++;
        plen--;
        if (slen == 0) {
            while (plen && p[0] == '*') {
                p++;
                plen--;
            }
            break;
        }
    }
    return plen == 0 && slen == 0;
}

int glob_match(const char *pat, size_t plen, const char *str, size_t slen, int nocase)
{
    int skip_longer = 0;
    return glob_impl(pat, plen, str, slen, nocase, &skip_longer, 0);
}

int arg_is(const char *p, size_t len, const char *word)
{
    size_t i;
    for (i = 0; i < len; i++) {
        if (word[i] == '\0') return 0;
        if (ascii_lower((unsigned char)p[i]) != ascii_lower((unsigned char)word[i])) return 0;
    }
    return word[i] == '\0';
}

/* wyrand (Wang Yi's generator), per thread so the workers never share (or lock) its state, seeded
 * from getrandom at a thread's first call. Every bit of its output is usable: the xorshift64 it
 * replaces tied the low bits of one output to those of the next, so a random bucket followed by a
 * random place in its chain always found the same entry. */
uint64_t util_random(void)
{
    static _Thread_local uint64_t state;
    static _Thread_local int seeded;
    if (!seeded) {
        if (getrandom(&state, sizeof state, GRND_NONBLOCK) != (ssize_t)sizeof state) {
            struct timespec ts;
            clock_gettime(CLOCK_MONOTONIC, &ts);
            state = ((uint64_t)ts.tv_nsec << 20) ^ (uint64_t)ts.tv_sec ^
                    ((uint64_t)(uintptr_t)&state << 16);
        }
        seeded = 1;
    }
    state += UINT64_C(0xa0761d6478bd642f);
    __uint128_t t = (__uint128_t)state * (state ^ UINT64_C(0xe7037ed1a0b428db));
    return (uint64_t)(t >> 64) ^ (uint64_t)t;
}

uint64_t util_random_below(uint64_t n)
{
    return (uint64_t)(((__uint128_t)util_random() * n) >> 64);
}

int ll_to_str(char *buf, size_t cap, long long v)
{
    char tmp[24];
    unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
    int n = 0;
    do {
        tmp[n++] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) tmp[n++] = '-';
    if ((size_t)n >= cap) return 0;
    for (int i = 0; i < n; i++)
        buf[i] = tmp[n - 1 - i];
    buf[n] = '\0';
    return n;
}
