/* Unit tests of the RESP request parser: multibulk and inline requests, pipelining, every split
 * point, binary data, each protocol error with Redis 7.0's exact text, and a fuzz loop. Inputs
 * are copied to exactly-sized heap blocks so AddressSanitizer catches any read past the end. */
#include <criterion/criterion.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tessera/resp_parser.h"

#define LEN(s) (sizeof(s) - 1) /* literal length, embedded NULs included */

static const struct resp_limits lim = {
    .max_bulk_len = 512ULL * 1024 * 1024,
    .max_multibulk = 1024 * 1024,
    .max_inline = 64 * 1024,
};

static struct resp_request req;

static void setup(void)
{
    resp_request_init(&req);
}

static void teardown(void)
{
    resp_request_free(&req);
}

TestSuite(parser, .init = setup, .fini = teardown);

/* Parses a private, exactly-sized copy of data as a request of its own (whatever an earlier call
 * left unfinished is forgotten); the copy is kept until the next call so the arguments that
 * point into it stay readable. */
static char *copy;

static enum resp_status parse_copy(const char *data, size_t len, size_t *used, const char **err)
{
    free(copy);
    copy = malloc(len ? len : 1);
    memcpy(copy, data, len);
    resp_request_reset(&req);
    return resp_parse(&req, &lim, copy, len, used, err);
}

static void free_copy(void)
{
    free(copy);
    copy = NULL;
}

struct sample {
    const char *wire;
    size_t len;
    size_t argc;
    const char *args[4];
    size_t lens[4];
};

#define S(wire, n, ...)                                                                            \
    {                                                                                              \
        wire, LEN(wire), n, __VA_ARGS__                                                            \
    }

static const struct sample samples[] = {
    S("*1\r\n$4\r\nPING\r\n", 1, {"PING"}, {4}),
    S("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n", 3, {"SET", "key", "value"}, {3, 3, 5}),
    S("*2\r\n$3\r\nGET\r\n$0\r\n\r\n", 2, {"GET", ""}, {3, 0}),
    S("*2\r\n$4\r\nECHO\r\n$12\r\nhello\r\nworld\r\n", 2, {"ECHO", "hello\r\nworld"}, {4, 12}),
    S("*3\r\n$3\r\nSET\r\n$3\r\na\0b\r\n$4\r\n\0\0\0\0\r\n", 3, {"SET", "a\0b", "\0\0\0\0"},
      {3, 3, 4}),
    S("*2\r\n$4\r\nECHO\r\n$10\r\n0123456789\r\n", 2, {"ECHO", "0123456789"}, {4, 10}),
    S("*0\r\n", 0, {NULL}, {0}),
    S("*-1\r\n", 0, {NULL}, {0}),
    S("PING\r\n", 1, {"PING"}, {4}),
    S("PING\n", 1, {"PING"}, {4}),
    S("SET k \"a b\"\r\n", 3, {"SET", "k", "a b"}, {3, 1, 3}),
    S("ECHO 'it\\'s'\r\n", 2, {"ECHO", "it's"}, {4, 4}),
    S("  GET   k  \r\n", 2, {"GET", "k"}, {3, 1}),
    S("\r\n", 0, {NULL}, {0}),
    S("\n", 0, {NULL}, {0}),
};

static void expect_args(const struct sample *s)
{
    cr_assert_eq(req.argc, s->argc, "%.*s: argc %zu", (int)s->len, s->wire, req.argc);
    for (size_t i = 0; i < s->argc; i++) {
        cr_assert_eq(req.argv[i].len, s->lens[i], "arg %zu", i);
        cr_assert(memcmp(req.argv[i].ptr, s->args[i], s->lens[i]) == 0, "arg %zu", i);
    }
}

Test(parser, simple_requests)
{
    for (size_t k = 0; k < sizeof(samples) / sizeof(samples[0]); k++) {
        const struct sample *s = &samples[k];
        size_t used = 99;
        const char *err = "x";
        cr_assert_eq(parse_copy(s->wire, s->len, &used, &err), RESP_DONE, "sample %zu", k);
        cr_assert_eq(used, s->len, "sample %zu", k);
        cr_assert_null(err);
        expect_args(s);
    }
    free_copy();
}

Test(parser, multibulk_args_point_into_buffer)
{
    const char wire[] = "*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n";
    size_t used;
    const char *err;
    cr_assert_eq(resp_parse(&req, &lim, wire, LEN(wire), &used, &err), RESP_DONE);
    cr_assert_eq(req.argv[0].ptr, wire + 8);
    cr_assert_eq(req.argv[1].ptr, wire + 17);
}

Test(parser, pipelined)
{
    /* All samples back to back, then parsed one after another. */
    size_t total = 0;
    for (size_t k = 0; k < sizeof(samples) / sizeof(samples[0]); k++)
        total += samples[k].len;
    char *all = malloc(total);
    size_t off = 0;
    for (size_t k = 0; k < sizeof(samples) / sizeof(samples[0]); k++) {
        memcpy(all + off, samples[k].wire, samples[k].len);
        off += samples[k].len;
    }
    off = 0;
    for (size_t k = 0; k < sizeof(samples) / sizeof(samples[0]); k++) {
        size_t used;
        const char *err;
        cr_assert_eq(resp_parse(&req, &lim, all + off, total - off, &used, &err), RESP_DONE,
                     "request %zu", k);
        cr_assert_eq(used, samples[k].len, "request %zu", k);
        expect_args(&samples[k]);
        off += used;
    }
    cr_assert_eq(off, total);
    size_t used;
    const char *err;
    cr_assert_eq(resp_parse(&req, &lim, all + off, 0, &used, &err), RESP_INCOMPLETE);
    free(all);
}

Test(parser, many_pipelined_reuse_argv)
{
    const char one[] = "*3\r\n$3\r\nSET\r\n$6\r\nkey:42\r\n$3\r\nxyz\r\n";
    enum { N = 1000 };
    char *buf = malloc(LEN(one) * N);
    for (int i = 0; i < N; i++)
        memcpy(buf + i * LEN(one), one, LEN(one));
    size_t off = 0;
    struct resp_arg *argv = NULL;
    for (int i = 0; i < N; i++) {
        size_t used;
        const char *err;
        cr_assert_eq(resp_parse(&req, &lim, buf + off, LEN(one) * N - off, &used, &err), RESP_DONE);
        cr_assert_eq(used, LEN(one));
        cr_assert_eq(req.argc, 3);
        cr_assert(memcmp(req.argv[1].ptr, "key:42", 6) == 0);
        /* The same array serves every request: no allocation per request. */
        if (i == 0) argv = req.argv;
        cr_assert_eq(req.argv, argv);
        off += used;
    }
    free(buf);
}

/* Feeds every prefix of wire + trailer: each shorter than the request is INCOMPLETE with a
 * length hint that is 0 or between the prefix and the real length; the whole request is DONE
 * whatever follows it. */
static void check_prefixes(const struct sample *s)
{
    const char trailer[] = "*1\r\n$4\r\nPING\r\n";
    size_t full = s->len + LEN(trailer);
    char *wire = malloc(full);
    memcpy(wire, s->wire, s->len);
    memcpy(wire + s->len, trailer, LEN(trailer));

    for (size_t cut = 0; cut <= full; cut++) {
        size_t used = 12345;
        const char *err = NULL;
        enum resp_status st = parse_copy(wire, cut, &used, &err);
        if (cut < s->len) {
            cr_assert_eq(st, RESP_INCOMPLETE, "%.*s cut at %zu: status %d (%s)", (int)s->len,
                         s->wire, cut, st, err ? err : "");
            cr_assert(used == 0 || (used > cut && used <= s->len), "%.*s cut at %zu: hint %zu",
                      (int)s->len, s->wire, cut, used);
            cr_assert_eq(req.argc, 0);
        } else {
            cr_assert_eq(st, RESP_DONE, "%.*s cut at %zu", (int)s->len, s->wire, cut);
            cr_assert_eq(used, s->len);
            expect_args(s);
        }
    }
    free(wire);
}

Test(parser, every_split_point)
{
    for (size_t k = 0; k < sizeof(samples) / sizeof(samples[0]); k++)
        check_prefixes(&samples[k]);
    free_copy();
}

Test(parser, hint_is_exact_for_last_bulk)
{
    const char wire[] = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$100\r\n";
    size_t used;
    const char *err;
    cr_assert_eq(parse_copy(wire, LEN(wire), &used, &err), RESP_INCOMPLETE);
    cr_assert_eq(used, LEN(wire) + 102);
    /* An earlier big bulk: a lower bound, where its data ends. */
    const char mid[] = "*3\r\n$3\r\nSET\r\n$1000\r\nxx";
    cr_assert_eq(parse_copy(mid, LEN(mid), &used, &err), RESP_INCOMPLETE);
    cr_assert_eq(used, LEN(mid) - 2 + 1002);
    /* Inside a header nothing is known yet. */
    cr_assert_eq(parse_copy("*3\r\n$3", 6, &used, &err), RESP_INCOMPLETE);
    cr_assert_eq(used, 0);
    free_copy();
}

Test(parser, big_bulk)
{
    size_t n = 3 * 1024 * 1024;
    char head[64];
    int hl = snprintf(head, sizeof(head), "*2\r\n$4\r\nECHO\r\n$%zu\r\n", n);
    size_t total = (size_t)hl + n + 2;
    char *wire = malloc(total);
    memcpy(wire, head, (size_t)hl);
    for (size_t i = 0; i < n; i++)
        wire[hl + i] = (char)(i * 7);
    memcpy(wire + hl + n, "\r\n", 2);
    size_t used;
    const char *err;
    cr_assert_eq(resp_parse(&req, &lim, wire, total - 1, &used, &err), RESP_INCOMPLETE);
    cr_assert_eq(used, total);
    cr_assert_eq(resp_parse(&req, &lim, wire, total, &used, &err), RESP_DONE);
    cr_assert_eq(used, total);
    cr_assert_eq(req.argv[1].len, n);
    cr_assert_eq(req.argv[1].ptr, wire + hl);
    free(wire);
}

Test(parser, crlf_after_bulk_is_skipped_unchecked)
{
    /* Redis skips the two bytes after bulk data without looking at them. */
    const char wire[] = "*1\r\n$4\r\nPINGXY";
    size_t used;
    const char *err;
    cr_assert_eq(parse_copy(wire, LEN(wire), &used, &err), RESP_DONE);
    cr_assert_eq(used, LEN(wire));
    cr_assert_eq(req.argv[0].len, 4);
    /* Likewise the byte after a header's '\r'. */
    cr_assert_eq(parse_copy("*1\r?$4\r?PING\r\n", 14, &used, &err), RESP_DONE);
    cr_assert_eq(req.argc, 1);
    free_copy();
}

static void expect_error(const char *wire, size_t len, const char *msg)
{
    size_t used = 7;
    const char *err = NULL;
    enum resp_status st = parse_copy(wire, len, &used, &err);
    cr_assert_eq(st, RESP_ERROR, "%.*s: status %d", (int)(len < 60 ? len : 60), wire, st);
    cr_assert_not_null(err);
    cr_assert_str_eq(err, msg, "%.*s", (int)(len < 60 ? len : 60), wire);
    cr_assert_eq(req.argc, 0);
}

#define ERR(wire, msg) expect_error(wire, LEN(wire), msg)

Test(parser, multibulk_length_errors)
{
    const char *m = "Protocol error: invalid multibulk length";
    ERR("*abc\r\n", m);
    ERR("*\r\n", m);
    ERR("*03\r\n", m);
    ERR("*-0\r\n", m);
    ERR("*+1\r\n", m);
    ERR("* 1\r\n", m);
    ERR("*1 \r\n", m);
    ERR("*1a\r\n", m);
    ERR("*99999999999\r\n", m);
    ERR("*2147483648\r\n", m);
    ERR("*9223372036854775808\r\n", m);
    ERR("*1048577\r\n", m); /* one past lim.max_multibulk */
    ERR("*1\0\r\n", m);
    /* A huge count that is allowed waits for data without reserving room for it. */
    size_t used;
    const char *err;
    cr_assert_eq(parse_copy("*1048576\r\n", 10, &used, &err), RESP_INCOMPLETE);
    cr_assert_lt(req.cap, 64);
    free_copy();
}

Test(parser, expected_dollar)
{
    ERR("*1\r\nX\r\n", "Protocol error: expected '$', got 'X'");
    ERR("*2\r\n$3\r\nGET\r\n:1\r\n", "Protocol error: expected '$', got ':'");
    ERR("*3\r\n$3\r\nSET\r\n$1\r\nx\r\nfooz\r\n", "Protocol error: expected '$', got 'f'");
    ERR("*1\r\n\r\n", "Protocol error: expected '$', got '\r'");
    ERR("*1\r\n*1\r\n", "Protocol error: expected '$', got '*'");
    /* A bad first byte is only looked at once the header line is complete, as in Redis. */
    size_t used;
    const char *err;
    cr_assert_eq(parse_copy("*1\r\nX", 5, &used, &err), RESP_INCOMPLETE);
    cr_assert_eq(parse_copy("*1\r\nX\r", 6, &used, &err), RESP_INCOMPLETE);
    /* The message stays readable after another request was parsed. */
    cr_assert_eq(parse_copy("*1\r\n#\r\n", 7, &used, &err), RESP_ERROR);
    const char *kept = err;
    cr_assert_eq(parse_copy("PING\r\n", 6, &used, &err), RESP_DONE);
    cr_assert_str_eq(kept, "Protocol error: expected '$', got '#'");
    free_copy();
}

Test(parser, bulk_length_errors)
{
    const char *m = "Protocol error: invalid bulk length";
    ERR("*1\r\n$-5\r\n", m);
    ERR("*1\r\n$-1\r\n", m);
    ERR("*1\r\n$-0\r\n", m);
    ERR("*1\r\n$abc\r\n", m);
    ERR("*1\r\n$\r\n", m);
    ERR("*1\r\n$03\r\n", m);
    ERR("*1\r\n$+3\r\n", m);
    ERR("*1\r\n$3 \r\n", m);
    ERR("*1\r\n$99999999999999999999\r\n", m);
    ERR("*1\r\n$111111111111111111111111111111\r\n", m);
    ERR("*1\r\n$9223372036854775807\r\n", m);
    ERR("*1\r\n$536870913\r\n", m); /* max_bulk_len + 1 */
    ERR("*2\r\n$3\r\nGET\r\n$x\r\n", m);
    /* Exactly the limit is fine: waits for the data. */
    size_t used;
    const char *err;
    cr_assert_eq(parse_copy("*1\r\n$536870912\r\n", 16, &used, &err), RESP_INCOMPLETE);
    cr_assert_eq(used, 16 + 536870912 + 2);
    /* A smaller configured limit is honoured. */
    struct resp_limits small = lim;
    small.max_bulk_len = 10;
    resp_request_reset(&req);
    cr_assert_eq(resp_parse(&req, &small, "*1\r\n$10\r\n0123456789\r\n", 21, &used, &err),
                 RESP_DONE);
    cr_assert_eq(resp_parse(&req, &small, "*1\r\n$11\r\n", 9, &used, &err), RESP_ERROR);
    cr_assert_str_eq(err, m);
    free_copy();
}

Test(parser, unauthenticated_limits)
{
    struct resp_limits u = lim;
    u.unauthenticated = 1;
    size_t used;
    const char *err;
    cr_assert_eq(resp_parse(&req, &u, "*11\r\n", 5, &used, &err), RESP_ERROR);
    cr_assert_str_eq(err, "Protocol error: unauthenticated multibulk length");
    cr_assert_eq(resp_parse(&req, &u, "*2\r\n$4\r\nECHO\r\n$16385\r\n", 25, &used, &err),
                 RESP_ERROR);
    cr_assert_str_eq(err, "Protocol error: unauthenticated bulk length");
    /* Ten elements and 16 KiB bulks are allowed; a count past INT_MAX is still plain invalid. */
    cr_assert_eq(resp_parse(&req, &u, "*10\r\n$16384\r\n", 15, &used, &err), RESP_INCOMPLETE);
    resp_request_reset(&req);
    cr_assert_eq(resp_parse(&req, &u, "*99999999999\r\n", 15, &used, &err), RESP_ERROR);
    cr_assert_str_eq(err, "Protocol error: invalid multibulk length");
}

Test(parser, too_big_header_lines)
{
    size_t n = 64 * 1024 + 1;
    char *buf = malloc(n + 16);
    /* Count line: at most 64 KiB may wait for its '\r'. */
    buf[0] = '*';
    memset(buf + 1, '1', n + 15);
    size_t used;
    const char *err;
    cr_assert_eq(parse_copy(buf, 64 * 1024, &used, &err), RESP_INCOMPLETE);
    cr_assert_eq(parse_copy(buf, 64 * 1024 + 1, &used, &err), RESP_ERROR);
    cr_assert_str_eq(err, "Protocol error: too big mbulk count string");
    /* A '\r' far out turns it into a bad number instead, as in Redis. */
    buf[n + 4] = '\r';
    buf[n + 5] = '\n';
    cr_assert_eq(parse_copy(buf, n + 6, &used, &err), RESP_ERROR);
    cr_assert_str_eq(err, "Protocol error: invalid multibulk length");

    /* Bulk line: counted from the '$'. */
    memcpy(buf, "*1\r\n$", 5);
    memset(buf + 5, '2', n + 11);
    cr_assert_eq(parse_copy(buf, 4 + 64 * 1024, &used, &err), RESP_INCOMPLETE);
    cr_assert_eq(parse_copy(buf, 4 + 64 * 1024 + 1, &used, &err), RESP_ERROR);
    cr_assert_str_eq(err, "Protocol error: too big bulk count string");
    free(buf);
    free_copy();
}

Test(parser, inline_errors)
{
    const char *q = "Protocol error: unbalanced quotes in request";
    ERR("SET k \"abc\r\n", q);
    ERR("SET k 'abc\r\n", q);
    ERR("ECHO \"a\"b\r\n", q);
    ERR("ECHO 'a'b\r\n", q);
    ERR("ECHO x\"a b\"y\r\n", q);
    ERR("ECHO \"a\\\"\r\n", q);
    ERR("ECHO \"abc\\\r\n", q);
    ERR("\"\n", q);
    ERR("ECHO 'a\\\\'\r\n", q); /* in single quotes only \' is an escape */
    /* An embedded NUL ends the line for sdssplitargs, inside quotes too. */
    ERR("ECHO \"a\0b\"\r\n", q);

    size_t n = 64 * 1024 + 1;
    char *buf = malloc(n);
    memset(buf, 'a', n);
    size_t used;
    const char *err;
    cr_assert_eq(parse_copy(buf, n - 1, &used, &err), RESP_INCOMPLETE);
    cr_assert_eq(parse_copy(buf, n, &used, &err), RESP_ERROR);
    cr_assert_str_eq(err, "Protocol error: too big inline request");
    /* A long line that arrived whole is accepted, as Redis does. */
    char *line = malloc(n + 1);
    memcpy(line, buf, n);
    line[n] = '\n';
    cr_assert_eq(parse_copy(line, n + 1, &used, &err), RESP_DONE);
    cr_assert_eq(req.argc, 1);
    cr_assert_eq(req.argv[0].len, n);
    free(line);
    free(buf);
    free_copy();
}

Test(parser, inline_quotes_and_escapes)
{
    /* Answers checked against redis-server 7.0.15 with ECHO. */
    static const struct sample cases[] = {
        S("ECHO \"\\x41\\xZZ\\q\"\r\n", 2, {"ECHO", "AxZZq"}, {4, 5}),
        S("ECHO \"\\n\\r\\t\\b\\a\\\\\\\"\"\r\n", 2, {"ECHO", "\n\r\t\b\a\\\""}, {4, 7}),
        S("ECHO \"\\x00\\xff\\xAb\"\r\n", 2, {"ECHO", "\0\xff\xab"}, {4, 3}),
        S("ECHO \"\\x4\"\r\n", 2, {"ECHO", "x4"}, {4, 2}),
        S("ECHO 'a\\nb'\r\n", 2, {"ECHO", "a\\nb"}, {4, 4}),
        S("ECHO 'a\\\\b'\r\n", 2, {"ECHO", "a\\\\b"}, {4, 4}),
        S("ECHO \"a\\\\\"\r\n", 2, {"ECHO", "a\\"}, {4, 2}),
        S("ECHO \"\" ''\r\n", 3, {"ECHO", "", ""}, {4, 0, 0}),
        S("ECHO x\"a b\"\r\n", 2, {"ECHO", "xa b"}, {4, 4}),
        S("ECHO \"a'b\" 'c\"d'\r\n", 3, {"ECHO", "a'b", "c\"d"}, {4, 3, 3}),
        S("ECHO \"a\"\tb\r\n", 3, {"ECHO", "a", "b"}, {4, 1, 1}),
        S("ECHO a\vb\r\n", 2, {"ECHO", "a\vb"}, {4, 3}),
        S("ECHO \"a\"\v\r\n", 2, {"ECHO", "a"}, {4, 1}),
        S("\v\f ECHO\r\n", 1, {"ECHO"}, {4}),
        S("PING\r\r\n", 1, {"PING"}, {4}),
        S("a\rb\n", 2, {"a", "b"}, {1, 1}),
        S(" \t \r\n", 0, {NULL}, {0}),
        S("ECHO a\0b\r\n", 2, {"ECHO", "a"}, {4, 1}),
        S("ECHO \"a b\" c\n", 3, {"ECHO", "a b", "c"}, {4, 3, 1}),
    };
    for (size_t k = 0; k < sizeof(cases) / sizeof(cases[0]); k++) {
        const struct sample *c = &cases[k];
        size_t used;
        const char *err = NULL;
        cr_assert_eq(parse_copy(c->wire, c->len, &used, &err), RESP_DONE, "case %zu: %s", k,
                     err ? err : "");
        cr_assert_eq(used, c->len, "case %zu", k);
        cr_assert_eq(req.argc, c->argc, "case %zu: argc %zu", k, req.argc);
        for (size_t i = 0; i < c->argc; i++) {
            cr_assert_eq(req.argv[i].len, c->lens[i], "case %zu arg %zu", k, i);
            cr_assert(memcmp(req.argv[i].ptr, c->args[i], c->lens[i]) == 0, "case %zu arg %zu", k,
                      i);
        }
    }
    free_copy();
}

Test(parser, inline_many_args)
{
    char line[4096];
    size_t n = 0;
    for (int i = 0; i < 1000; i++)
        n += (size_t)snprintf(line + n, sizeof(line) - n, "%d ", i % 10);
    line[n++] = '\n';
    size_t used;
    const char *err;
    cr_assert_eq(parse_copy(line, n, &used, &err), RESP_DONE);
    cr_assert_eq(req.argc, 1000);
    for (size_t i = 0; i < 1000; i++) {
        cr_assert_eq(req.argv[i].len, 1);
        cr_assert_eq(req.argv[i].ptr[0], (char)('0' + i % 10));
    }
    free_copy();
}

Test(parser, large_request_then_small)
{
    /* 5000 arguments grow argv; the next call hands the big array back. */
    enum { N = 5000 };
    size_t cap = 16 + (size_t)N * 8;
    char *wire = malloc(cap);
    size_t n = (size_t)snprintf(wire, cap, "*%d\r\n", N);
    for (int i = 0; i < N; i++)
        n += (size_t)snprintf(wire + n, cap - n, "$1\r\n%d\r\n", i % 10);
    size_t used;
    const char *err;
    cr_assert_eq(resp_parse(&req, &lim, wire, n, &used, &err), RESP_DONE);
    cr_assert_eq(used, n);
    cr_assert_eq(req.argc, N);
    cr_assert_eq(req.argv[N - 1].ptr[0], (char)('0' + (N - 1) % 10));
    cr_assert_eq(resp_parse(&req, &lim, "*1\r\n$4\r\nPING\r\n", 14, &used, &err), RESP_DONE);
    cr_assert_eq(req.argc, 1);
    cr_assert_leq(req.cap, 1024);
    free(wire);
}

/* xorshift64*: a fixed seed keeps failures reproducible. */
static uint64_t rng_state = 0x9E3779B97F4A7C15ULL;

static uint64_t rnd(void)
{
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ULL;
}

/* Checks what any answer must satisfy, whatever the input. */
static void check_answer(const char *buf, size_t len, enum resp_status st, size_t used,
                         const char *err)
{
    cr_assert(st == RESP_DONE || st == RESP_INCOMPLETE || st == RESP_ERROR, "status %d", st);
    if (st == RESP_ERROR) {
        cr_assert_not_null(err);
        cr_assert_eq(strncmp(err, "Protocol error: ", 16), 0, "%s", err);
        return;
    }
    cr_assert_null(err);
    if (st == RESP_INCOMPLETE) {
        cr_assert(used == 0 || used > len, "hint %zu for %zu bytes", used, len);
        cr_assert_eq(req.argc, 0);
        return;
    }
    cr_assert(used > 0 && used <= len, "used %zu of %zu", used, len);
    for (size_t i = 0; i < req.argc; i++) {
        const char *p = req.argv[i].ptr;
        size_t l = req.argv[i].len;
        int in_buf = p >= buf && p + l <= buf + used;
        int in_scratch = p >= req.scratch && p + l <= req.scratch + req.scratch_cap;
        cr_assert(in_buf || in_scratch || l == 0, "arg %zu out of bounds", i);
    }
}

static const char alphabet[] = "*$\r\n0123456789-+ \"'\\xabAz\t\v\0";

Test(parser, fuzz_random_garbage)
{
    char tmp[96];
    size_t seen[3] = {0, 0, 0};
    for (int round = 0; round < 200000; round++) {
        size_t len = (size_t)(rnd() % sizeof(tmp));
        int mode = (int)(rnd() % 3);
        for (size_t i = 0; i < len; i++) {
            uint64_t r = rnd();
            /* Half the rounds use bytes a parser cares about, so they get past the first
             * check; the rest are uniform. */
            tmp[i] = mode ? alphabet[r % LEN(alphabet)] : (char)(r & 0xff);
        }
        if (len && mode == 2) tmp[0] = '*';
        size_t used = 0;
        const char *err = NULL;
        enum resp_status st = parse_copy(tmp, len, &used, &err);
        check_answer(copy, len, st, used, err);
        seen[st]++;
    }
    /* The inputs reach every outcome, not just the first check. */
    for (int st = 0; st < 3; st++)
        cr_assert_gt(seen[st], 1000, "status %d: %zu", st, seen[st]);
    free_copy();
}

Test(parser, fuzz_mutated_requests)
{
    char tmp[128];
    size_t done = 0;
    for (int round = 0; round < 100000; round++) {
        const struct sample *s = &samples[rnd() % (sizeof(samples) / sizeof(samples[0]))];
        size_t len = s->len;
        memcpy(tmp, s->wire, len);
        int edits = 1 + (int)(rnd() % 3);
        for (int e = 0; e < edits && len; e++) {
            size_t at = (size_t)(rnd() % len);
            switch (rnd() % 4) {
            case 0:
                tmp[at] = alphabet[rnd() % LEN(alphabet)];
                break;
            case 1:
                tmp[at] = (char)(rnd() & 0xff);
                break;
            case 2:
                len = at;
                break;
            case 3:
                if (len < sizeof(tmp)) {
                    memmove(tmp + at + 1, tmp + at, len - at);
                    tmp[at] = alphabet[rnd() % LEN(alphabet)];
                    len++;
                }
                break;
            }
        }
        size_t used = 0;
        const char *err = NULL;
        enum resp_status st = parse_copy(tmp, len, &used, &err);
        check_answer(copy, len, st, used, err);
        if (st != RESP_DONE) continue;
        done++;

        /* A request parsed from a longer buffer parses the same on its own, and every
         * shorter prefix of it waits for more. */
        size_t whole = used;
        size_t argc = req.argc;
        size_t lens[64];
        cr_assert_leq(argc, 64);
        for (size_t i = 0; i < argc; i++)
            lens[i] = req.argv[i].len;
        st = parse_copy(tmp, whole, &used, &err);
        cr_assert_eq(st, RESP_DONE);
        cr_assert_eq(used, whole);
        cr_assert_eq(req.argc, argc);
        for (size_t i = 0; i < argc; i++)
            cr_assert_eq(req.argv[i].len, lens[i]);
        size_t cut = (size_t)(rnd() % whole);
        st = parse_copy(tmp, cut, &used, &err);
        cr_assert_eq(st, RESP_INCOMPLETE, "%.*s cut at %zu", (int)whole, tmp, cut);
    }
    cr_assert_gt(done, 10000);
    free_copy();
}

/* ---- Incremental parsing: a request split across calls, in a buffer that moves. ---- */

/* What a stream of requests parses to, as text: each request's arguments, then the error if
 * one ends the stream. Equal transcripts mean equal results. */
struct transcript {
    char *data;
    size_t len, cap;
};

static void ts_put(struct transcript *t, const void *p, size_t n)
{
    if (t->len + n > t->cap) {
        t->cap = (t->len + n) * 2 + 64;
        t->data = realloc(t->data, t->cap);
    }
    memcpy(t->data + t->len, p, n);
    t->len += n;
}

static void ts_printf(struct transcript *t, const char *fmt, size_t v)
{
    char tmp[32];
    int n = snprintf(tmp, sizeof(tmp), fmt, v);
    ts_put(t, tmp, (size_t)n);
}

/* Feeds wire to the parser as a client connection would, in chunks whose sizes next_chunk
 * picks: the unparsed bytes live in a buffer that is copied to a new, exactly-sized block
 * before every call (so AddressSanitizer catches any stale pointer or read past the end), and
 * parsing stops at an error. Checks what every INCOMPLETE promises on the way. */
static void feed(const char *wire, size_t len, size_t (*next_chunk)(size_t left),
                 struct transcript *t)
{
    char *buf = NULL;
    size_t have = 0, off = 0;
    resp_request_reset(&req);
    while (off < len) {
        size_t n = next_chunk(len - off);
        char *moved = malloc(have + n);
        if (have) memcpy(moved, buf, have);
        memcpy(moved + have, wire + off, n);
        free(buf);
        buf = moved;
        have += n;
        off += n;
        size_t pos = 0;
        for (;;) {
            size_t used = 0;
            const char *err = NULL;
            enum resp_status st = resp_parse(&req, &lim, buf + pos, have - pos, &used, &err);
            if (st == RESP_INCOMPLETE) {
                cr_assert_eq(req.argc, 0);
                cr_assert_leq(req.parsed_bytes, have - pos);
                cr_assert(used == 0 || used > have - pos, "hint %zu for %zu", used, have - pos);
                break;
            }
            cr_assert_eq(req.parsed_bytes, 0);
            if (st == RESP_ERROR) {
                ts_put(t, "E:", 2);
                ts_put(t, err, strlen(err));
                free(buf);
                return;
            }
            ts_printf(t, "[%zu]", req.argc);
            for (size_t i = 0; i < req.argc; i++) {
                ts_printf(t, "%zu:", req.argv[i].len);
                ts_put(t, req.argv[i].ptr, req.argv[i].len);
            }
            pos += used;
        }
        /* Keep only the unfinished request, as a query buffer is compacted. */
        memmove(buf, buf + pos, have - pos);
        have -= pos;
    }
    ts_printf(t, "left %zu", have);
    free(buf);
}

static size_t chunk_whole(size_t left)
{
    return left;
}

static size_t chunk_one(size_t left)
{
    (void)left;
    return 1;
}

static size_t chunk_random(size_t left)
{
    size_t n = 1 + (size_t)(rnd() % 40);
    return n < left ? n : left;
}

/* Feeding wire whole, a byte at a time and in random pieces gives the same transcript. */
static void check_splits(const char *wire, size_t len)
{
    struct transcript whole = {0}, other = {0};
    feed(wire, len, chunk_whole, &whole);
    feed(wire, len, chunk_one, &other);
    cr_assert(other.len == whole.len && memcmp(other.data, whole.data, whole.len) == 0,
              "one byte at a time: %.*s\nwhole: %.*s", (int)other.len, other.data, (int)whole.len,
              whole.data);
    for (int round = 0; round < 20; round++) {
        other.len = 0;
        feed(wire, len, chunk_random, &other);
        cr_assert(other.len == whole.len && memcmp(other.data, whole.data, whole.len) == 0,
                  "random split: %.*s\nwhole: %.*s", (int)other.len, other.data, (int)whole.len,
                  whole.data);
    }
    free(whole.data);
    free(other.data);
}

Test(parser, splits_give_the_same_requests)
{
    struct transcript wire = {0};
    for (size_t k = 0; k < sizeof(samples) / sizeof(samples[0]); k++)
        ts_put(&wire, samples[k].wire, samples[k].len);
    /* Many arguments of every size, binary data included, with a bulk bigger than a line. */
    char head[32];
    ts_put(&wire, head, (size_t)snprintf(head, sizeof(head), "*%d\r\n", 300));
    for (size_t i = 0; i < 300; i++) {
        size_t n = (size_t)(rnd() % (i == 150 ? 5000 : 70));
        ts_put(&wire, head, (size_t)snprintf(head, sizeof(head), "$%zu\r\n", n));
        for (size_t j = 0; j < n; j++) {
            char c = (char)rnd();
            ts_put(&wire, &c, 1);
        }
        ts_put(&wire, "\r\n", 2);
    }
    const char tail[] = "SET k \"a b\"\r\n*2\r\n$4\r\nECHO\r\n$3\r\nabc\r\n*1\r\n$4\r\nPIN";
    ts_put(&wire, tail, LEN(tail));
    check_splits(wire.data, wire.len);

    /* A stream that ends in an error reports it the same way however it arrives. */
    static const char *bad[] = {
        "*2\r\n$4\r\nECHO\r\n:1\r\n", "*1\r\n$-1\r\n",  "*abc\r\n",
        "*2\r\n$3\r\nGET\r\n$x\r\n",  "ECHO \"abc\r\n", "*3\r\n$3\r\nSET\r\n$1\r\nx\r\nfooz\r\n",
        "*1\r\n$536870913\r\n",       "*1048577\r\n",
    };
    for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        size_t at = wire.len;
        ts_put(&wire, bad[k], strlen(bad[k]));
        check_splits(wire.data, wire.len);
        wire.len = at;
    }
    free(wire.data);
}

Test(parser, splits_of_mutated_pipelines)
{
    /* Random edits of a pipeline: whatever they parse to, splitting does not change it. */
    char tmp[512];
    for (int round = 0; round < 3000; round++) {
        size_t len = 0;
        for (int r = 0; r < 4; r++) {
            const struct sample *s = &samples[rnd() % (sizeof(samples) / sizeof(samples[0]))];
            memcpy(tmp + len, s->wire, s->len);
            len += s->len;
        }
        int edits = (int)(rnd() % 3);
        for (int e = 0; e < edits && len; e++)
            tmp[rnd() % len] = alphabet[rnd() % LEN(alphabet)];
        check_splits(tmp, len);
    }
}

Test(parser, parsed_bytes)
{
    const char wire[] = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$100\r\nxx";
    size_t used;
    const char *err;
    cr_assert_eq(resp_parse(&req, &lim, wire, 2, &used, &err), RESP_INCOMPLETE);
    cr_assert_eq(req.parsed_bytes, 0); /* the "*N" line is not complete yet */
    cr_assert_eq(resp_parse(&req, &lim, wire, 4, &used, &err), RESP_INCOMPLETE);
    cr_assert_eq(req.parsed_bytes, 4);
    cr_assert_eq(resp_parse(&req, &lim, wire, 12, &used, &err), RESP_INCOMPLETE);
    cr_assert_eq(req.parsed_bytes, 4); /* "SET" is in but not its CRLF */
    cr_assert_eq(resp_parse(&req, &lim, wire, 13, &used, &err), RESP_INCOMPLETE);
    cr_assert_eq(req.parsed_bytes, 13);
    cr_assert_eq(resp_parse(&req, &lim, wire, LEN(wire), &used, &err), RESP_INCOMPLETE);
    cr_assert_eq(req.parsed_bytes, 20); /* the awaited bulk is not counted */
    cr_assert_eq(used, 20 + 6 + 102);
    cr_assert_eq(req.argc, 0);

    /* The rest arrives; the request completes with all three arguments. */
    char *all = malloc(128);
    memcpy(all, wire, LEN(wire));
    memset(all + LEN(wire), 'v', 128 - LEN(wire));
    memcpy(all + 126, "\r\n", 2);
    cr_assert_eq(resp_parse(&req, &lim, all, 128, &used, &err), RESP_DONE);
    cr_assert_eq(used, 128);
    cr_assert_eq(req.parsed_bytes, 0);
    cr_assert_eq(req.argc, 3);
    cr_assert_eq(req.argv[0].ptr, all + 8);
    cr_assert_eq(req.argv[1].ptr, all + 17);
    cr_assert_eq(req.argv[2].ptr, all + 26);
    cr_assert_eq(req.argv[2].len, 100);
    free(all);

    /* Inline requests have no arguments before their line ends. */
    cr_assert_eq(resp_parse(&req, &lim, "SET k v", 7, &used, &err), RESP_INCOMPLETE);
    cr_assert_eq(req.parsed_bytes, 0);
}

Test(parser, reset_forgets_the_unfinished_request)
{
    size_t used;
    const char *err;
    cr_assert_eq(resp_parse(&req, &lim, "*2\r\n$3\r\nGET\r\n", 13, &used, &err), RESP_INCOMPLETE);
    cr_assert_eq(req.parsed_bytes, 13);
    resp_request_reset(&req);
    cr_assert_eq(req.parsed_bytes, 0);
    cr_assert_eq(resp_parse(&req, &lim, "*1\r\n$4\r\nPING\r\n", 14, &used, &err), RESP_DONE);
    cr_assert_eq(req.argc, 1);
    cr_assert(memcmp(req.argv[0].ptr, "PING", 4) == 0);
    /* After DONE nothing is kept: no reset needed before an unrelated buffer. */
    cr_assert_eq(resp_parse(&req, &lim, "ECHO x\r\n", 8, &used, &err), RESP_DONE);
    cr_assert_eq(req.argc, 2);
}

Test(parser, huge_count_reserves_by_what_arrived)
{
    /* INT_MAX elements announced: room only for what the bytes can hold, growing as they come. */
    struct resp_limits big = lim;
    big.max_multibulk = 2147483647;
    size_t n = 4 + 1000 * 7;
    char *wire = malloc(16 + n);
    size_t len = (size_t)snprintf(wire, 16, "*2147483647\r\n");
    for (int i = 0; i < 1000; i++)
        len += (size_t)sprintf(wire + len, "$1\r\nx\r\n");
    size_t used;
    const char *err;
    cr_assert_eq(resp_parse(&req, &big, wire, 13, &used, &err), RESP_INCOMPLETE);
    cr_assert_lt(req.cap, 64);
    cr_assert_eq(resp_parse(&req, &big, wire, 13 + 70, &used, &err), RESP_INCOMPLETE);
    cr_assert_lt(req.cap, 64);
    cr_assert_eq(resp_parse(&req, &big, wire, len, &used, &err), RESP_INCOMPLETE);
    cr_assert_lt(req.cap, 4096);
    cr_assert_eq(req.parsed_bytes, len);
    free(wire);
}

Test(parser, million_args_in_chunks)
{
    /* RPUSH with 1M one-byte values in 16 KiB reads, into a query buffer that grows by realloc
     * (and so moves). Each read costs only its own bytes: the old parser started over every
     * time, some 400 passes over up to 7 MB. The argv array grows geometrically, never per
     * read, and is not given back in the middle of the request. */
    enum { N = 1000 * 1000, CHUNK = 16 * 1024 };
    size_t cap = 32 + (size_t)N * 7;
    char *wire = malloc(cap);
    size_t len = (size_t)snprintf(wire, cap, "*%d\r\n$5\r\nRPUSH\r\n$4\r\nlist\r\n", N + 2);
    for (int i = 0; i < N; i++) {
        memcpy(wire + len, "$1\r\n0\r\n", 7);
        wire[len + 4] = (char)('0' + i % 10);
        len += 7;
    }
    char *qbuf = NULL;
    size_t qlen = 0, calls = 0, moves = 0;
    const struct resp_arg *argv = NULL;
    enum resp_status st = RESP_INCOMPLETE;
    size_t used = 0;
    const char *err;
    while (qlen < len) {
        size_t n = len - qlen < CHUNK ? len - qlen : CHUNK;
        qbuf = realloc(qbuf, qlen + n);
        memcpy(qbuf + qlen, wire + qlen, n);
        qlen += n;
        if (used && qlen < used) continue; /* waiting for a bulk's data, as client.c does */
        st = resp_parse(&req, &lim, qbuf, qlen, &used, &err);
        calls++;
        if (req.argv != argv) moves++;
        argv = req.argv;
        if (st != RESP_INCOMPLETE) break;
        /* Everything but the last, cut argument is parsed. */
        cr_assert_geq(req.parsed_bytes + 7, qlen);
    }
    cr_assert_eq(st, RESP_DONE);
    cr_assert_eq(used, len);
    cr_assert_eq(req.argc, (size_t)N + 2);
    cr_assert(memcmp(req.argv[0].ptr, "RPUSH", 5) == 0);
    for (size_t i = 0; i < N; i++) {
        cr_assert_eq(req.argv[i + 2].len, 1);
        cr_assert_eq(req.argv[i + 2].ptr, qbuf + (req.argv[2].ptr - qbuf) + i * 7);
        cr_assert_eq(req.argv[i + 2].ptr[0], (char)('0' + i % 10));
    }
    cr_assert_geq(calls, len / CHUNK);
    cr_assert_leq(moves, 40, "argv reallocated %zu times in %zu calls", moves, calls);
    free(qbuf);
    free(wire);
}

/* ---- The one-pass path for a whole request (parse_whole in parser.c). ---- */

/* A request whose "*N" line is new and N fits the arguments already reserved takes the one-pass
 * path; a fresh parser (nothing reserved) always takes the general one. Both must give the same
 * answer to every input: status, bytes used or hinted, arguments, error text. */
static struct resp_request warm;

static void warm_up(void)
{
    resp_request_init(&warm);
    char wire[64 * 8 + 16];
    size_t len = (size_t)sprintf(wire, "*64\r\n");
    for (int i = 0; i < 64; i++)
        len += (size_t)sprintf(wire + len, "$1\r\nx\r\n");
    size_t used;
    const char *err;
    cr_assert_eq(resp_parse(&warm, &lim, wire, len, &used, &err), RESP_DONE);
    cr_assert_geq(warm.cap, 64);
}

static enum resp_status same_answer(const char *data, size_t len, const struct resp_limits *l)
{
    char *buf = malloc(len ? len : 1);
    memcpy(buf, data, len);
    struct resp_request cold;
    resp_request_init(&cold);
    size_t used_c = 0, used_w = 0;
    const char *err_c = NULL, *err_w = NULL;
    enum resp_status st_c = resp_parse(&cold, l, buf, len, &used_c, &err_c);
    char msg_c[96] = "";
    if (err_c) snprintf(msg_c, sizeof msg_c, "%s", err_c);
    resp_request_reset(&warm);
    enum resp_status st_w = resp_parse(&warm, l, buf, len, &used_w, &err_w);
    cr_assert_eq(st_w, st_c, "%.*s: status %d, general %d", (int)len, buf, st_w, st_c);
    cr_assert_eq(used_w, used_c, "%.*s: used %zu, general %zu", (int)len, buf, used_w, used_c);
    cr_assert_eq(!err_w, !err_c);
    if (err_w) cr_assert_str_eq(err_w, msg_c);
    cr_assert_eq(warm.argc, cold.argc, "%.*s", (int)len, buf);
    for (size_t i = 0; i < warm.argc; i++) {
        /* inline: each parser's own scratch; multibulk: the same place in buf */
        if (buf[0] == '*')
            cr_assert_eq(warm.argv[i].ptr, cold.argv[i].ptr, "%.*s: arg %zu", (int)len, buf, i);
        else
            cr_assert(memcmp(warm.argv[i].ptr, cold.argv[i].ptr, cold.argv[i].len) == 0);
        cr_assert_eq(warm.argv[i].len, cold.argv[i].len, "arg %zu", i);
    }
    resp_request_free(&cold);
    free(buf);
    return st_w;
}

Test(parser, one_pass_plain_requests)
{
    warm_up();
    /* The forms the one pass reads itself, and the rare ones it leaves to the general path. */
    static const char *const wires[] = {
        "*1\r\n$4\r\nPING\r\n",
        "*3\r\n$3\r\nSET\r\n$16\r\nkey:000000012345\r\n$32\r\nxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n",
        "*2\r\n$3\r\nGET\r\n$0\r\n\r\n",
        "*2\r\n$3\r\nGET\r\n$00\r\n\r\n",
        "*02\r\n$3\r\nGET\r\n$1\r\nk\r\n",
        "*2\r\n$3\r\nGET\r\n$01\r\nk\r\n",
        "*2\r\n$3\r\nGET\r\n$+1\r\nk\r\n",
        "*2\r\n$3\r\nGET\r\n$-1\r\n",
        "*2\r\n$3\r\nGET\r\n$1x\r\nk\r\n",
        "*2\r\n$3\r\nGET\r\n:1\r\nk\r\n",
        "*2\r\n$3\r\nGET\r\n$1\nk\r\n",
        "*2\r\n$3\r\nGET\r\n$1\r\nkXY",
        "*2\r\n$3\r\nGET\r\n$1\r\nk",
        "*2\r\n$3\r\nGET\r\n$1\r",
        "*2\r\n$3\r\nGET\r\n$1",
        "*2\r\n$3\r\nGET\r\n$",
        "*2\r\n$3\r\nGET\r\n",
        "*2\r",
        "*2",
        "*",
        "*0\r\n",
        "*-1\r\n",
        "*1x\r\n",
        "*2\r\n$3\r\nGET\r\n$999999999999999999\r\nk\r\n",
        "*2\r\n$3\r\nGET\r\n$1000000000000000000\r\nk\r\n",
        "*2\r\n$3\r\nGET\r\n$99999999999999999999999\r\nk\r\n",
        "*999999999999999999\r\n$1\r\nk\r\n",
        "*2\r\n$3\r\nGET\r\n$536870912\r\nk\r\n",
        "*2\r\n$3\r\nGET\r\n$536870913\r\nk\r\n",
        "*1\r\n$10\r\n0123456789\r\n*1\r\n$4\r\nPING\r\n",
        "*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n",
    };
    for (size_t k = 0; k < sizeof(wires) / sizeof(wires[0]); k++)
        same_answer(wires[k], strlen(wires[k]), &lim);

    /* More elements than the warm parser has reserved: the general path, the same answer. */
    char big[100 * 7 + 16];
    size_t len = (size_t)sprintf(big, "*100\r\n");
    for (int i = 0; i < 100; i++)
        len += (size_t)sprintf(big + len, "$1\r\n%c\r\n", 'a' + i % 26);
    same_answer(big, len, &lim);

    /* The one pass reads a plain request right: arguments in place, bytes used. */
    const char *set = wires[1];
    size_t used;
    const char *err;
    resp_request_reset(&warm);
    cr_assert_eq(resp_parse(&warm, &lim, set, strlen(set), &used, &err), RESP_DONE);
    cr_assert_eq(used, strlen(set));
    cr_assert_eq(warm.argc, 3);
    cr_assert_eq(warm.argv[1].ptr, set + 18);
    cr_assert_eq(warm.argv[1].len, 16);
    cr_assert_eq(warm.argv[2].len, 32);
    cr_assert_eq(warm.scanned, 0);
    resp_request_free(&warm);
}

Test(parser, one_pass_limits)
{
    warm_up();
    const char *wire = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$12\r\nhello world!\r\n";
    struct resp_limits l = lim;
    l.max_bulk_len = 11; /* one below the value: the general path's error */
    same_answer(wire, strlen(wire), &l);
    l.max_bulk_len = 12;
    same_answer(wire, strlen(wire), &l);
    l = lim;
    l.max_multibulk = 2;
    same_answer(wire, strlen(wire), &l);
    l = lim;
    l.unauthenticated = 1;
    same_answer(wire, strlen(wire), &l);
    char many[16 * 7 + 16];
    size_t len = (size_t)sprintf(many, "*11\r\n");
    for (int i = 0; i < 11; i++)
        len += (size_t)sprintf(many + len, "$1\r\nx\r\n");
    same_answer(many, len, &l); /* over the unauthenticated count */
    resp_request_free(&warm);
}

/* Appends a bulk header of a random form: mostly plain, sometimes one the one pass refuses. */
static size_t random_header(char *out, char lead, size_t n)
{
    switch (rnd() % 12) {
    case 0:
        return (size_t)sprintf(out, "%c0%zu\r\n", lead, n);
    case 1:
        return (size_t)sprintf(out, "%c+%zu\r\n", lead, n);
    case 2:
        return (size_t)sprintf(out, "%c-%zu\r\n", lead, n);
    case 3:
        return (size_t)sprintf(out, "%c%zu\n", lead, n);
    case 4:
        return (size_t)sprintf(out, "%c%zu%c\r\n", lead, n, alphabet[rnd() % LEN(alphabet)]);
    case 5:
        return (size_t)sprintf(out, "%c%llu\r\n", lead,
                               (unsigned long long)(rnd() >> (rnd() % 64)));
    default:
        return (size_t)sprintf(out, "%c%zu\r\n", lead, n);
    }
}

Test(parser, one_pass_fuzz_against_general)
{
    warm_up();
    char tmp[1024];
    size_t seen[3] = {0, 0, 0};
    for (int round = 0; round < 200000; round++) {
        size_t count = rnd() % 8 == 0 ? 60 + rnd() % 10 : rnd() % 6;
        size_t len = random_header(tmp, rnd() % 50 ? '*' : '$', count);
        for (size_t i = 0; i < count && len < sizeof(tmp) - 200; i++) {
            size_t n = rnd() % 4 == 0 ? rnd() % 120 : rnd() % 12;
            len += random_header(tmp + len, rnd() % 40 ? '$' : alphabet[rnd() % LEN(alphabet)], n);
            size_t data = rnd() % 10 == 0 ? rnd() % (n + 3) : n; /* sometimes the wrong size */
            for (size_t j = 0; j < data; j++)
                tmp[len++] = alphabet[rnd() % LEN(alphabet)];
            tmp[len++] = '\r';
            tmp[len++] = '\n';
        }
        if (rnd() % 3 == 0) len = (size_t)(rnd() % (len + 1)); /* cut anywhere */
        struct resp_limits l = lim;
        if (rnd() % 8 == 0) l.max_bulk_len = rnd() % 20;
        if (rnd() % 8 == 0) l.max_multibulk = rnd() % 8;
        if (rnd() % 8 == 0) l.unauthenticated = 1;
        seen[same_answer(tmp, len, &l)]++;
    }
    for (int st = 0; st < 3; st++)
        cr_assert_gt(seen[st], 10000, "status %d: %zu", st, seen[st]);
    resp_request_free(&warm);
}

Test(parser, peek_finds_a_whole_requests_first_key_and_length)
{
    struct resp_arg key;
    const char *get = "*2\r\n$3\r\nGET\r\n$5\r\nkey:1\r\n*1\r\n$4\r\nPING\r\n";
    size_t n = resp_peek_arg1(get, strlen(get), &key);
    cr_assert_eq(n, 24);
    cr_assert_eq(key.len, 5);
    cr_assert(memcmp(key.ptr, "key:1", 5) == 0);
    /* the next request: one argument, no key */
    cr_assert_eq(resp_peek_arg1(get + n, strlen(get) - n, &key), 14);
    cr_assert_eq(key.len, 0);
    const char *set = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n";
    cr_assert_eq(resp_peek_arg1(set, strlen(set), &key), strlen(set));
    cr_assert_eq(key.len, 1);
    cr_assert_eq(key.ptr[0], 'k');
}

Test(parser, peek_takes_nothing_but_whole_plain_requests)
{
    struct resp_arg key;
    const char *whole = "*2\r\n$3\r\nGET\r\n$5\r\nkey:1\r\n";
    for (size_t cut = 0; cut < strlen(whole); cut++)
        cr_assert_eq(resp_peek_arg1(whole, cut, &key), 0, "cut at %zu", cut);
    const char *others[] = {"GET key:1\r\n", "*0\r\n", "*2\r\n+OK\r\n$1\r\nk\r\n",
                            "*2\r\n$3\r\nGET\r\n$99999999999\r\nk\r\n", "*-1\r\n"};
    for (size_t i = 0; i < sizeof others / sizeof others[0]; i++)
        cr_assert_eq(resp_peek_arg1(others[i], strlen(others[i]), &key), 0, "%s", others[i]);
}
