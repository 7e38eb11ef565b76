/* Unit tests of the strict number parsers and the glob matcher. Expected answers were taken
 * from redis-server 7.0.15: INCRBY (string2ll), INCRBYFLOAT (string2ld), ZADD (string2d) and
 * KEYS (stringmatchlen) on the same inputs. */
#include <criterion/criterion.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tessera/util.h"

static int ll_ok(const char *s, size_t len, long long *v)
{
    *v = 12345;
    return str_to_ll(s, len, v);
}

Test(util, str_to_ll_accepts_canonical)
{
    long long v;
    cr_assert(ll_ok("0", 1, &v));
    cr_assert_eq(v, 0);
    cr_assert(ll_ok("1", 1, &v));
    cr_assert_eq(v, 1);
    cr_assert(ll_ok("-1", 2, &v));
    cr_assert_eq(v, -1);
    cr_assert(ll_ok("99", 2, &v));
    cr_assert_eq(v, 99);
    cr_assert(ll_ok("-99", 3, &v));
    cr_assert_eq(v, -99);
    cr_assert(ll_ok("9223372036854775807", 19, &v));
    cr_assert_eq(v, LLONG_MAX);
    cr_assert(ll_ok("-9223372036854775808", 20, &v));
    cr_assert_eq(v, LLONG_MIN);
    cr_assert(ll_ok("1000000", 7, &v));
    cr_assert_eq(v, 1000000);
    /* Only len bytes are looked at. */
    cr_assert(ll_ok("123abc", 3, &v));
    cr_assert_eq(v, 123);
    /* out may be NULL: a pure validity check. */
    cr_assert(str_to_ll("42", 2, NULL));
}

Test(util, str_to_ll_rejects)
{
    static const struct {
        const char *s;
        size_t len;
    } bad[] = {
        {"", 0},
        {"-", 1},
        {"+1", 2},
        {" 1", 2},
        {"1 ", 2},
        {"\t1", 2},
        {"007", 3},
        {"00", 2},
        {"01", 2},
        {"-0", 2},
        {"-01", 3},
        {"9223372036854775808", 19},  /* LLONG_MAX + 1 */
        {"-9223372036854775809", 20}, /* LLONG_MIN - 1 */
        {"18446744073709551615", 20}, /* ULLONG_MAX */
        {"18446744073709551616", 20}, /* wraps an unsigned accumulator */
        {"99999999999999999999", 20},
        {"100000000000000000000", 21}, /* too long for any long long */
        {"1\0", 2},
        {"1\0002", 3}, /* '1', NUL, '2' */
        {"12a", 3},
        {"0x10", 4},
        {"1e3", 3},
        {"1.0", 3},
        {"--1", 3},
        {"1-", 2},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        long long v = 777;
        cr_assert_not(str_to_ll(bad[i].s, bad[i].len, &v), "accepted \"%.*s\"", (int)bad[i].len,
                      bad[i].s);
        cr_assert_eq(v, 777, "wrote to out on failure for \"%s\"", bad[i].s);
    }
}

Test(util, str_to_ll_roundtrip)
{
    char buf[32];
    /* clang-format off */
    long long vals[] = {0, 1, -1, 9, 10, -10, 123456789, LLONG_MAX, LLONG_MIN, LLONG_MAX - 1,
                        LLONG_MIN + 1, 1LL << 62, -(1LL << 62)};
    /* clang-format on */
    for (size_t i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
        long long v;
        int n = snprintf(buf, sizeof(buf), "%lld", vals[i]);
        cr_assert(str_to_ll(buf, (size_t)n, &v), "%s", buf);
        cr_assert_eq(v, vals[i]);
    }
}

Test(util, str_to_ld)
{
    long double v;
    cr_assert(str_to_ld("1.5", 3, &v));
    cr_assert(v == 1.5L);
    cr_assert(str_to_ld("-1.5", 4, &v));
    cr_assert(v == -1.5L);
    cr_assert(str_to_ld("007", 3, &v));
    cr_assert(v == 7.0L);
    cr_assert(str_to_ld("+1", 2, &v));
    cr_assert(str_to_ld("-0", 2, &v));
    cr_assert(str_to_ld(".5", 2, &v));
    cr_assert(v == 0.5L);
    cr_assert(str_to_ld("5.", 2, &v));
    cr_assert(str_to_ld("1e5", 3, &v));
    cr_assert(v == 100000.0L);
    cr_assert(str_to_ld("0x10", 4, &v));
    cr_assert(v == 16.0L);
    cr_assert(str_to_ld("0x1p3", 5, &v));
    cr_assert(v == 8.0L);
    cr_assert(str_to_ld("9223372036854775808", 19, &v));
    /* Inside long double range though not double's. */
    cr_assert(str_to_ld("1e400", 5, &v));
    cr_assert(isinf((double)v));
    cr_assert(str_to_ld("1e-400", 6, &v));
    cr_assert(v > 0);
    /* Infinity parses; INCRBYFLOAT refuses it later, with its own error. */
    cr_assert(str_to_ld("inf", 3, &v));
    cr_assert(isinf(v) && v > 0);
    cr_assert(str_to_ld("-Infinity", 9, &v));
    cr_assert(isinf(v) && v < 0);

    static const char *const bad[] = {"",      " 1",   "1 ",   "\t1",     "-",        "nan",
                                      "NaN",   "-nan", "1e",   "e5",      "0x",       "12a",
                                      "1_000", " 1.5", "1.5 ", "1e99999", "-1e99999", "1e-99999"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        cr_assert_not(str_to_ld(bad[i], strlen(bad[i]), &v), "accepted \"%s\"", bad[i]);
    cr_assert_not(str_to_ld("1.5\0", 4, &v));
    cr_assert_not(str_to_ld("1\0005", 3, &v));
}

Test(util, str_to_ld_length_limit)
{
    /* string2ld copies into a 5 KiB buffer: 5119 chars fit, 5120 do not. */
    char *s = malloc(6000);
    memset(s, '0', 6000);
    s[0] = '1';
    s[1] = '.';
    long double v;
    cr_assert(str_to_ld(s, 5119, &v));
    cr_assert(v == 1.0L);
    cr_assert_not(str_to_ld(s, 5120, &v));
    free(s);
}

Test(util, str_to_d)
{
    double v;
    cr_assert(str_to_d("1.5", 3, &v));
    cr_assert(v == 1.5);
    cr_assert(str_to_d("-1.5", 4, &v));
    cr_assert(str_to_d("0", 1, &v));
    cr_assert(v == 0.0);
    cr_assert(str_to_d("-0", 2, &v));
    cr_assert(v == 0.0 && signbit(v));
    cr_assert(str_to_d("007", 3, &v));
    cr_assert(v == 7.0);
    cr_assert(str_to_d("+1", 2, &v));
    cr_assert(str_to_d("1E5", 3, &v));
    cr_assert(v == 100000.0);
    cr_assert(str_to_d("0x1p3", 5, &v));
    cr_assert(v == 8.0);
    cr_assert(str_to_d("inf", 3, &v));
    cr_assert(isinf(v) && v > 0);
    cr_assert(str_to_d("-inf", 4, &v));
    cr_assert(isinf(v) && v < 0);
    cr_assert(str_to_d("+inf", 4, &v));
    cr_assert(str_to_d("Infinity", 8, &v));
    /* Denormals are kept; only underflow all the way to zero is refused. */
    cr_assert(str_to_d("4.9e-324", 8, &v));
    cr_assert(v > 0);
    cr_assert(str_to_d("2.5e-320", 8, &v));
    cr_assert(str_to_d("3.0000000000000000000000001", 27, &v));
    cr_assert(v == 3.0);
    /* Only len bytes are looked at. */
    cr_assert(str_to_d("2.5xyz", 3, &v));
    cr_assert(v == 2.5);

    static const char *const bad[] = {"",      " 1",    "1 ",     "\t1",    "-",    "nan",
                                      "NaN",   "-nan",  "1e",     "e5",     "0x",   "12a",
                                      "1_000", "1e400", "-1e400", "1e-400", " 1.5", "1.5 "};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        cr_assert_not(str_to_d(bad[i], strlen(bad[i]), &v), "accepted \"%s\"", bad[i]);
    cr_assert_not(str_to_d("1.5\0", 4, &v));
}

Test(util, str_to_d_long_input)
{
    /* No length limit in string2d: a long but valid number still parses. */
    size_t n = 10000;
    char *s = malloc(n);
    memset(s, '0', n);
    s[0] = '1';
    s[1] = '.';
    s[n - 1] = '5';
    double v;
    cr_assert(str_to_d(s, n, &v));
    cr_assert(v == 1.0);
    s[n - 1] = 'x';
    cr_assert_not(str_to_d(s, n, &v));
    free(s);
}

struct glob_row {
    const char *pat;
    const char *matches;
};

static const char *const glob_strings[] = {
    "",
    "a",
    "b",
    "A",
    "hello",
    "hallo",
    "hllo",
    "heeello",
    "hxllo",
    "Hello",
    "h[llo",
    "h\\llo",
    "h*llo",
    "h?llo",
    "]",
    "[",
    "-",
    "\\",
    "^",
    "ab",
    "abc",
    "aXb",
    "a-b",
    "z",
    "m",
    "\200",
    "\377",
    "foo.bar",
    "foobar",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
};

/* pattern, then '1' for each of glob_strings it matches in Redis 7.0.15 (KEYS), else '0' */
static const struct glob_row glob_rows[] = {
    {"**", "011111111111111111111111111111"},
    {"?", "011100000000001111100001111000"},
    {"??", "000000000000000000010000000000"},
    {"h?llo", "000011001011110000000000000000"},
    {"h*llo", "000011111011110000000000000000"},
    {"h[ae]llo", "000011000000000000000000000000"},
    {"h[^e]llo", "000001001011110000000000000000"},
    {"h[a-b]llo", "000001000000000000000000000000"},
    {"h[b-a]llo", "000001000000000000000000000000"},
    {"[z-a]", "011000000000000000000001100000"},
    {"[a-z]", "011000000000000000000001100000"},
    {"[A-Z]", "000100000000000000000000000000"},
    {"h\\*llo", "000000000000100000000000000000"},
    {"h\\?llo", "000000000000010000000000000000"},
    {"h\\[llo", "000000000010000000000000000000"},
    {"[\\]]", "000000000000001000000000000000"},
    {"[]]", "000000000000000000000000000000"},
    {"[]", "000000000000000000000000000000"},
    {"[", "000000000000000000000000000000"},
    {"[^", "011100000000001111100001111000"},
    {"[a", "010000000000000000000000000000"},
    {"[a-]", "010000000000001000100000000000"},
    {"[-a]", "010000000000000010000000000000"},
    {"[\\", "000000000000000001000000000000"},
    {"\\", "000000000000000001000000000000"},
    {"\\\\", "000000000000000001000000000000"},
    {"a\\", "000000000000000000000000000000"},
    {"[!a]", "010000000000000000000000000000"},
    {"[^a-c]", "000100000000001111100001111000"},
    {"[a-c-e]", "011000000000000010000000000000"},
    {"*o", "000011111111110000000000000000"},
    {"h*", "000011111011110000000000000000"},
    {"*l*", "000011111111110000000000000000"},
    {"a*b", "000000000000000000010110000000"},
    {"a?b", "000000000000000000000110000000"},
    {"a*?", "000000000000000000011110000001"},
    {"?*", "011111111111111111111111111111"},
    {"*?", "011111111111111111111111111111"},
    {"[\200-\377]", "000000000000000000000000011000"},
    {"[a-\377]", "010100000000001111100000001000"},
    {"[\\a-c]", "010000000000000010000000000000"},
    {"foo*bar", "000000000000000000000000000110"},
    {"h**llo", "000011111011110000000000000000"},
    {"*[", "000000000000000000000000000000"},
    {"[a-a]", "010000000000000000000000000000"},
    {"\\h\\e\\l\\l\\o", "000010000000000000000000000000"},
    {"h[\\]llo", "000000000000000000000000000000"},
    {"h[\\[]llo", "000000000010000000000000000000"},
    {"[^]", "011100000000001111100001111000"},
    {"[^]]", "000000000000000000000000000000"},
    {"a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", "000000000000000000000000000000"},
    {"a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*", "000000000000000000000000000001"},
    {"*.*", "000000000000000000000000000100"},
    {"foo?bar", "000000000000000000000000000100"},
    {"[\\-]", "000000000000000010000000000000"},
    {"[a\\-z]", "010000000000000010000001000000"},
    {"h[el]*o", "000010110000000000000000000000"},
    {"[^h]*", "011100000100001111111111111111"},
};

Test(util, glob_matches_redis)
{
    size_t nstr = sizeof(glob_strings) / sizeof(glob_strings[0]);
    for (size_t r = 0; r < sizeof(glob_rows) / sizeof(glob_rows[0]); r++) {
        const struct glob_row *row = &glob_rows[r];
        cr_assert_eq(strlen(row->matches), nstr);
        for (size_t i = 0; i < nstr; i++) {
            int want = row->matches[i] == '1';
            int got =
                glob_match(row->pat, strlen(row->pat), glob_strings[i], strlen(glob_strings[i]), 0);
            cr_assert_eq(got, want, "pattern \"%s\" string \"%s\": got %d", row->pat,
                         glob_strings[i], got);
        }
    }
}

Test(util, glob_basics)
{
    cr_assert(glob_match("*", 1, "anything", 8, 0));
    cr_assert(glob_match("", 0, "", 0, 0));
    cr_assert_not(glob_match("", 0, "a", 1, 0));
    /* Redis's matcher says no for "*" against ""; KEYS and SCAN special-case a lone "*". */
    cr_assert_not(glob_match("*", 1, "", 0, 0));
    cr_assert_not(glob_match("?", 1, "", 0, 0));
    cr_assert(glob_match("a*", 2, "a", 1, 0));
    cr_assert(glob_match("a**", 3, "a", 1, 0));
    /* Counted strings: bytes past the lengths do not count, NULs inside do. */
    cr_assert(glob_match("ab*", 2, "ab", 2, 0));
    cr_assert(glob_match("a?c", 3, "a\0c", 3, 0));
    cr_assert(glob_match("a\0*", 3, "a\0zz", 4, 0));
    cr_assert_not(glob_match("a\0*", 3, "a", 1, 0));
    cr_assert(glob_match("user:*", 6, "user:1000", 9, 0));
    cr_assert_not(glob_match("user:*", 6, "users", 5, 0));
}

Test(util, glob_nocase)
{
    cr_assert(glob_match("HeLLo", 5, "hello", 5, 1));
    cr_assert_not(glob_match("HeLLo", 5, "hello", 5, 0));
    cr_assert(glob_match("h[A-Z]llo", 9, "hello", 5, 1));
    cr_assert_not(glob_match("h[A-Z]llo", 9, "hello", 5, 0));
    cr_assert(glob_match("h[E]llo", 7, "hello", 5, 1));
    cr_assert(glob_match("h[^E]llo", 8, "hallo", 5, 1));
    cr_assert_not(glob_match("h[^E]llo", 8, "hello", 5, 1));
    cr_assert(glob_match("*GET*", 5, "xgetx", 5, 1));
    cr_assert(glob_match("\\A", 2, "a", 1, 1));
    /* An escaped char inside a class compares case-sensitively even with nocase. */
    cr_assert_not(glob_match("[\\A]", 4, "a", 1, 1));
    cr_assert(glob_match("[\\A]", 4, "A", 1, 1));
    /* Non-letters are untouched by case folding. */
    cr_assert_not(glob_match("[", 1, "{", 1, 1));
    cr_assert(glob_match("\xc4", 1, "\xc4", 1, 1));
    cr_assert_not(glob_match("\xc4", 1, "\xe4", 1, 1));
}

Test(util, glob_bounded_work)
{
    /* Patterns that blow up a naive backtracking matcher. */
    size_t n = 30000;
    char *s = malloc(n + 1);
    memset(s, 'a', n);
    s[n] = 'b';

    char pat[1100];
    size_t pl = 0;
    pat[pl++] = 'a';
    for (int i = 0; i < 500; i++) {
        pat[pl++] = '*';
        pat[pl++] = 'a';
    }
    pat[pl++] = '*';
    pat[pl++] = 'b';

    clock_t t0 = clock();
    cr_assert(glob_match(pat, pl, s, n + 1, 0));
    cr_assert_not(glob_match(pat, pl, s, n, 0));
    const char *evil = "a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b";
    cr_assert_not(glob_match(evil, strlen(evil), s, n, 0));
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    cr_assert_lt(secs, 5.0, "took %.2fs", secs);
    free(s);
}

Test(util, glob_nesting_limit)
{
    /* More than 1000 nested stars give up with "no match", as in Redis 7.0.15. */
    char pat[2400], s[1200];
    memset(s, 'a', sizeof(s));
    size_t pl = 0;
    for (int i = 0; i < 1000; i++) {
        pat[pl++] = 'a';
        pat[pl++] = '*';
    }
    pat[pl++] = 'a';
    cr_assert(glob_match(pat, pl, s, 1100, 0));    /* 1000 stars: within the limit */
    cr_assert_not(glob_match(pat, pl, s, 999, 0)); /* needs 1001 a's */
    pl = 0;
    for (int i = 0; i < 1001; i++) {
        pat[pl++] = '*';
        pat[pl++] = 'a';
    }
    cr_assert_not(glob_match(pat, pl, s, 1100, 0)); /* would match but nests too deep */
    pl = 0;
    for (int i = 0; i < 1001; i++) {
        pat[pl++] = 'a';
        pat[pl++] = '*';
    }
    cr_assert(glob_match(pat, pl, s, 1100, 0)); /* the trailing star never recurses */
}

Test(util, arg_is)
{
    cr_assert(arg_is("GET", 3, "get"));
    cr_assert(arg_is("gEt", 3, "GeT"));
    cr_assert(arg_is("", 0, ""));
    cr_assert_not(arg_is("GE", 2, "get"));
    cr_assert_not(arg_is("GETX", 4, "get"));
    cr_assert_not(arg_is("GETX", 3, "getx"));
    cr_assert(arg_is("GETX", 3, "get"));
    cr_assert_not(arg_is("g\0t", 3, "get"));
    cr_assert_not(arg_is("get", 3, ""));
    cr_assert_not(arg_is("[et", 3, "{et"));
    cr_assert_not(arg_is("\xc4", 1, "\xe4"));
}

/* ---- SHA-1: FIPS 180 test vectors, fed whole and byte by byte ---- */

#include "tessera/sha1.h"

static void sha1_hex(const char *msg, size_t n, int bytewise, char out[41])
{
    struct sha1 c;
    unsigned char d[SHA1_LEN];
    sha1_init(&c);
    if (bytewise)
        for (size_t i = 0; i < n; i++)
            sha1_update(&c, msg + i, 1);
    else
        sha1_update(&c, msg, n);
    sha1_final(&c, d);
    for (int i = 0; i < SHA1_LEN; i++)
        sprintf(out + 2 * i, "%02x", d[i]);
}

Test(sha1, standard_vectors)
{
    static const struct {
        const char *msg, *hex;
    } v[] = {
        {"", "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
        {"abc", "a9993e364706816aba3e25717850c26c9cd0d89d"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "84983e441c3bd26ebaae4aa1f95129e5e54670f1"},
    };
    char hex[41];
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        for (int bytewise = 0; bytewise < 2; bytewise++) {
            sha1_hex(v[i].msg, strlen(v[i].msg), bytewise, hex);
            cr_assert_str_eq(hex, v[i].hex, "SHA1(\"%s\")", v[i].msg);
        }
    char *million = malloc(1000000);
    memset(million, 'a', 1000000);
    sha1_hex(million, 1000000, 0, hex);
    free(million);
    cr_assert_str_eq(hex, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

Test(util, random_below_stays_in_range_and_covers_it)
{
    int hits[7] = {0};
    for (int i = 0; i < 70000; i++) {
        uint64_t r = util_random_below(7);
        cr_assert_lt(r, 7);
        hits[r]++;
    }
    /* 10,000 expected each, a standard deviation of about 93. */
    for (int i = 0; i < 7; i++)
        cr_assert(hits[i] > 9000 && hits[i] < 11000, "%d drawn %d times", i, hits[i]);
    cr_assert_eq(util_random_below(1), 0);
}

/* A bucket picked by one draw's low bits and a place in its chain by the next draw's must be
 * independent: the xorshift64 this replaced made bit 0 of a draw bit 0 xor bit 7 of the last. */
Test(util, random_low_bits_of_consecutive_draws_are_independent)
{
    int pairs[4] = {0};
    for (int i = 0; i < 40000; i++) {
        uint64_t a = util_random(), b = util_random();
        pairs[((a ^ (a >> 7)) & 1) * 2 + (b & 1)]++;
    }
    for (int i = 0; i < 4; i++)
        cr_assert(pairs[i] > 9000 && pairs[i] < 11000, "pair %d seen %d times", i, pairs[i]);
}
