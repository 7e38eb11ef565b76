/* Unit tests for the container limits (src/server/container.c): the cgroup texts they read, and
 * that the process's own limits are read without error. */
#include <criterion/criterion.h>

#include "server/container.h"

Test(container, memory_limit_texts)
{
    cr_assert_eq(container_parse_memory("max\n"), 0, "v2 without a limit");
    cr_assert_eq(container_parse_memory("536870912\n"), 536870912);
    cr_assert_eq(container_parse_memory("9223372036854771712\n"), 0, "v1 prints this for none");
    cr_assert_eq(container_parse_memory("4611686018427387904"), 0, "2^62 and above: none");
    cr_assert_eq(container_parse_memory("1048576"), 1048576, "no newline");
    cr_assert_eq(container_parse_memory(""), 0);
    cr_assert_eq(container_parse_memory("-1"), 0);
    cr_assert_eq(container_parse_memory("12ab"), 0, "not a number");
    cr_assert_eq(container_parse_memory("99999999999999999999999"), 0, "overflow");
}

Test(container, cpu_max_texts)
{
    cr_assert_eq(container_parse_cpu_max("max 100000\n"), 0);
    cr_assert_eq(container_parse_cpu_max("100000 100000\n"), 1);
    cr_assert_eq(container_parse_cpu_max("150000 100000\n"), 2, "a part CPU counts as one");
    cr_assert_eq(container_parse_cpu_max("50000 100000"), 1);
    cr_assert_eq(container_parse_cpu_max("400000 100000"), 4);
    cr_assert_eq(container_parse_cpu_max("-1 100000"), 0, "cgroup v1's unlimited quota");
    cr_assert_eq(container_parse_cpu_max(""), 0);
    cr_assert_eq(container_parse_cpu_max("100000"), 0);
    cr_assert_eq(container_parse_cpu_max("100000 0"), 0);
}

Test(container, own_limit_is_readable)
{
    /* Whatever the machine: no crash, and a limit, when there is one, is a sane size. */
    uint64_t v = container_memory_limit();
    cr_assert(v == 0 || v >= 4096, "limit %llu", (unsigned long long)v);
    cr_assert_geq(container_cpu_limit(), 0);
}
