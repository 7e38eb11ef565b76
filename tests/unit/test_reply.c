/* Unit tests of the reply writer: every RESP2 and RESP3 encoding byte for byte, Redis's number
 * formatting and deferred lengths. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "tessera/reply.h"

static void expect(struct reply *r, const char *bytes)
{
    cr_assert_eq(r->len, strlen(bytes), "got %.*s", (int)r->len, r->data);
    cr_assert(memcmp(r->data, bytes, r->len) == 0, "got %.*s", (int)r->len, r->data);
    reply_reset(r);
}

Test(reply, resp2_encodings)
{
    struct reply r;
    reply_init(&r, 2);
    reply_ok(&r);
    expect(&r, "+OK\r\n");
    reply_error(&r, "ERR bad\r\nthing");
    expect(&r, "-ERR bad  thing\r\n");
    reply_errorf(&r, "ERR wrong number of arguments for '%s' command", "get");
    expect(&r, "-ERR wrong number of arguments for 'get' command\r\n");
    reply_int(&r, -9223372036854775807LL - 1);
    expect(&r, ":-9223372036854775808\r\n");
    reply_bulk(&r, "a\0b", 3);
    cr_assert_eq(r.len, 9);
    cr_assert(memcmp(r.data, "$3\r\na\0b\r\n", 9) == 0);
    reply_reset(&r);
    reply_bulk(&r, "", 0);
    expect(&r, "$0\r\n\r\n");
    reply_null(&r);
    expect(&r, "$-1\r\n");
    reply_null_array(&r);
    expect(&r, "*-1\r\n");
    reply_bool(&r, 1);
    expect(&r, ":1\r\n");
    reply_map(&r, 2);
    expect(&r, "*4\r\n");
    reply_set(&r, 3);
    expect(&r, "*3\r\n");
    reply_double(&r, 1.5);
    expect(&r, "$3\r\n1.5\r\n");
    reply_verbatim(&r, "hi", 2);
    expect(&r, "$2\r\nhi\r\n");
    reply_free(&r);
}

Test(reply, resp3_encodings)
{
    struct reply r;
    reply_init(&r, 3);
    reply_null(&r);
    expect(&r, "_\r\n");
    reply_null_array(&r);
    expect(&r, "_\r\n");
    reply_bool(&r, 0);
    expect(&r, "#f\r\n");
    reply_map(&r, 2);
    expect(&r, "%2\r\n");
    reply_set(&r, 3);
    expect(&r, "~3\r\n");
    reply_double(&r, -1.0 / 0.0);
    expect(&r, ",-inf\r\n");
    reply_verbatim(&r, "hi", 2);
    expect(&r, "=6\r\ntxt:hi\r\n");
    reply_free(&r);
}

Test(reply, numbers_as_redis_prints_them)
{
    char buf[128];
    ll_to_str(buf, sizeof buf, 0);
    cr_assert_str_eq(buf, "0");
    ll_to_str(buf, sizeof buf, 9223372036854775807LL);
    cr_assert_str_eq(buf, "9223372036854775807");
    long_double_to_str(buf, sizeof buf, 10.5L + 0.1L);
    cr_assert_str_eq(buf, "10.6");
    long_double_to_str(buf, sizeof buf, 5000.0L);
    cr_assert_str_eq(buf, "5000");
    long_double_to_str(buf, sizeof buf, -0.0L);
    cr_assert_str_eq(buf, "0");
    double_to_str(buf, sizeof buf, 1.0 / 0.0);
    cr_assert_str_eq(buf, "inf");
}

Test(reply, deferred_length)
{
    struct reply r;
    reply_init(&r, 2);
    size_t mark = reply_defer_len(&r);
    for (int i = 0; i < 12; i++)
        reply_int(&r, i);
    reply_set_deferred_len(&r, mark, '*', 12);
    cr_assert(memcmp(r.data, "*12\r\n:0\r\n:1\r\n", 13) == 0);
    cr_assert_eq(r.data[r.len - 1], '\n');
    cr_assert_eq(r.len, 5 + 10 * 4 + 2 * 5);
    reply_free(&r);
}

Test(reply, headers_of_every_small_number)
{
    /* one and two digits are written without ll_to_str: the same bytes as printf's */
    struct reply r;
    reply_init(&r, 2);
    char want[64];
    for (long long n = -1050; n <= 1050; n++) {
        reply_int(&r, n);
        snprintf(want, sizeof want, ":%lld\r\n", n);
        expect(&r, want);
        if (n < 0) continue;
        reply_array(&r, (size_t)n);
        snprintf(want, sizeof want, "*%lld\r\n", n);
        expect(&r, want);
    }
    char data[120];
    memset(data, 'x', sizeof data);
    for (size_t n = 0; n <= sizeof data; n++) {
        reply_bulk(&r, data, n);
        int k = snprintf(want, sizeof want, "$%zu\r\n", n);
        cr_assert_eq(r.len, (size_t)k + n + 2);
        cr_assert(memcmp(r.data, want, (size_t)k) == 0, "got %.*s", (int)r.len, r.data);
        reply_reset(&r);
    }
    reply_free(&r);
}

Test(reply, ll_to_str_as_printf)
{
    char buf[32], want[32];
    for (long long n = -1050; n <= 1050; n++) {
        int k = snprintf(want, sizeof want, "%lld", n);
        cr_assert_eq(ll_to_str(buf, sizeof buf, n), k);
        cr_assert_str_eq(buf, want);
        /* room for the digits but not the NUL: nothing written, 0 */
        cr_assert_eq(ll_to_str(buf, (size_t)k, n), 0, "%lld in %d bytes", n, k);
        cr_assert_eq(ll_to_str(buf, (size_t)k + 1, n), k);
        cr_assert_str_eq(buf, want);
    }
}
