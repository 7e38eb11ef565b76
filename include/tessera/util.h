/* Small helpers shared by the parser, config and commands: Redis's strict number parsing, glob
 * matching and a per-thread random source. Any thread. */
#ifndef TESSERA_UTIL_H
#define TESSERA_UTIL_H

#include <stddef.h>
#include <stdint.h>

/* Redis's string2ll: the whole string must be a canonical signed 64-bit integer
 * (no spaces, no '+', no leading zeros). Returns 1 on success. */
int str_to_ll(const char *s, size_t len, long long *out);
/* Redis's string2ld / strtold check, for INCRBYFLOAT: no spaces, not NaN. Returns 1 on success. */
int str_to_ld(const char *s, size_t len, long double *out);
/* Redis's string2d (as getDoubleFromObject). Returns 1 on success. */
int str_to_d(const char *s, size_t len, double *out);
/* Redis's stringmatchlen glob: * ? [a-z] [^a] \x; nocase when nocase != 0. */
int glob_match(const char *pat, size_t plen, const char *str, size_t slen, int nocase);
/* Case-insensitive comparison of a counted string with a C string. */
int arg_is(const char *p, size_t len, const char *word);

/* A fast pseudo-random 64-bit number (not for secrets): random picks in commands. */
uint64_t util_random(void);
/* A pseudo-random number below n (n > 0), from the high bits of util_random (Lemire's multiply:
 * the bias is at most n / 2^64). */
uint64_t util_random_below(uint64_t n);

/* v in decimal, as Redis prints integers; returns the length (buf gets a NUL). */
int ll_to_str(char *buf, size_t cap, long long v);

#endif
