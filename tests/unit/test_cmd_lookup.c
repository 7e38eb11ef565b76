/* The command look-up by name (cmd/table.c) over the real command table: any case, no byte read
 * past the name, and nothing found for a name one byte off, a neighbour of a letter or the
 * other case of a non-letter included (only letters compare without their 0x20 bit). */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "fake_net.h"

static void setup(void)
{
    fake_setup(1);
}

static void teardown(void)
{
    fake_teardown();
}

TestSuite(cmd_lookup, .init = setup, .fini = teardown);

static const struct command *lookup_copy(const char *name, size_t len)
{
    char *copy = malloc(len ? len : 1); /* exactly sized: ASan sees any read past it */
    memcpy(copy, name, len);
    const struct command *c = cmd_lookup(copy, len);
    free(copy);
    return c;
}

Test(cmd_lookup, any_case_and_nothing_else)
{
    size_t n;
    const struct command *table = cmd_table(&n);
    size_t found = 0;
    for (size_t i = 0; i < n; i++) {
        const char *name = table[i].name;
        size_t len = strlen(name);
        char up[64], mixed[64], off[64];
        cr_assert_lt(len, sizeof up);
        for (size_t j = 0; j < len; j++) {
            char c = name[j];
            up[j] = c >= 'a' && c <= 'z' ? (char)(c - 32) : c;
            mixed[j] = j % 2 ? up[j] : c;
        }
        cr_assert_eq(lookup_copy(name, len), &table[i], "%s", name);
        cr_assert_eq(lookup_copy(up, len), &table[i], "%.*s", (int)len, up);
        cr_assert_eq(lookup_copy(mixed, len), &table[i], "%.*s", (int)len, mixed);
        for (size_t j = 0; j < len; j++) {
            memcpy(off, name, len);
            char c = name[j];
            /* a letter's neighbours, or a non-letter with its 0x20 bit flipped */
            off[j] = c >= 'a' && c <= 'z' ? (char)(j % 2 ? c + 1 : (c ^ 0x80)) : (char)(c ^ 0x20);
            cr_assert_neq(lookup_copy(off, len), &table[i], "%.*s", (int)len, off);
            off[j] = c >= 'a' && c <= 'z' ? (char)((c - 32) ^ 0x80) : (char)(c ^ 0x20);
            cr_assert_neq(lookup_copy(off, len), &table[i], "%.*s", (int)len, off);
        }
        if (len > 1) cr_assert_neq(lookup_copy(name, len - 1), &table[i], "%s", name);
        found++;
    }
    cr_assert_gt(found, 200);
    cr_assert_null(lookup_copy("", 0));
    cr_assert_null(lookup_copy("g\0t", 3));
    cr_assert_null(lookup_copy("GE\x14", 3)); /* 'T' without its 0x40 bit */
    cr_assert_not_null(lookup_copy("GeT", 3));
    cr_assert_not_null(lookup_copy("zUnIoNsToRe", 11));
    cr_assert_null(lookup_copy("zunionstorf", 11));
    cr_assert_null(lookup_copy("{unionstore", 11)); /* '{' follows 'z' */
    cr_assert_null(lookup_copy("ge\x54\x00", 4));
}
