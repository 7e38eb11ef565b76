/* Unit tests for the container memory limit (src/server/container.c): the cgroup texts it reads,
 * and that the process's own limit is read without error. */
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

Test(container, own_limit_is_readable)
{
    /* Whatever the machine: no crash, and a limit, when there is one, is a sane size. */
    uint64_t v = container_memory_limit();
    cr_assert(v == 0 || v >= 4096, "limit %llu", (unsigned long long)v);
}
