/* Unit tests of SORT's routing metadata: the keys it declares (Redis's sortGetKeys) and when
 * its BY/GET patterns make it hold every shard (sort_uses_patterns). */
#include <criterion/criterion.h>
#include <string.h>

#include "tessera/resp_parser.h"
#include "types/t_sort.h"

/* argv from a NULL-terminated list of C strings. */
static int args(struct resp_arg *argv, const char *const *words)
{
    int n = 0;
    for (; words[n]; n++)
        argv[n] = (struct resp_arg){.ptr = words[n], .len = strlen(words[n])};
    return n;
}

#define ARGS(...)                                                                                  \
    struct resp_arg argv[32];                                                                      \
    int argc = args(argv, (const char *const[]){__VA_ARGS__, NULL})

Test(sort, getkeys_finds_the_last_store)
{
    ARGS("SORT", "src", "STORE", "a", "BY", "w", "STORE", "b");
    int keys[4];
    cr_assert_eq(sort_getkeys(argc, argv, keys, 4), 2);
    cr_assert_eq(keys[0], 1);
    cr_assert_eq(keys[1], 7);
}

Test(sort, getkeys_skips_option_arguments)
{
    /* "store" as a GET pattern or a LIMIT number is not the option */
    ARGS("SORT", "src", "GET", "store", "LIMIT", "store", "x", "by", "store");
    int keys[4];
    cr_assert_eq(sort_getkeys(argc, argv, keys, 4), 1);
    cr_assert_eq(keys[0], 1);
}

Test(sort, a_store_without_key_is_no_key)
{
    ARGS("SORT", "src", "STORE");
    int keys[4];
    cr_assert_eq(sort_getkeys(argc, argv, keys, 4), 1);
}

Test(sort, patterns_with_a_star_need_every_shard)
{
    {
        ARGS("SORT", "l", "BY", "w_*");
        cr_assert(sort_uses_patterns(argc, argv));
    }
    {
        ARGS("SORT", "l", "DESC", "LIMIT", "0", "1", "GET", "#", "GET", "h_*->f");
        cr_assert(sort_uses_patterns(argc, argv));
    }
    {
        ARGS("SORT", "l", "ALPHA", "STORE", "d*st");
        cr_assert_not(sort_uses_patterns(argc, argv), "a STORE key is not a pattern");
    }
    {
        ARGS("SORT", "l", "BY", "nosort", "GET", "#", "LIMIT", "*", "*");
        cr_assert_not(sort_uses_patterns(argc, argv));
    }
    {
        ARGS("SORT", "l", "bogus", "BY", "w_*");
        cr_assert_not(sort_uses_patterns(argc, argv), "a syntax error looks nothing up");
    }
}
