/* Unit tests of the generated command documentation (src/cmd/command_docs.c): the data is sorted
 * for the look-up, every command's entry is found, and the key search by key specs finds what
 * Redis's getKeysUsingKeySpecs finds (index and keyword begins, range and keynum ends, bad
 * numkeys, keywords searched from the end). */
#include <criterion/criterion.h>
#include <string.h>

#include "cmd/command_docs.h"

static struct resp_arg args[16];

/* Splits a space-separated command line into args; returns argc. */
static int line(const char *text)
{
    static char buf[256];
    strcpy(buf, text);
    int n = 0;
    for (char *tok = strtok(buf, " "); tok; tok = strtok(NULL, " ")) {
        args[n].ptr = tok;
        args[n].len = strlen(tok);
        n++;
    }
    return n;
}

static int keys_of(const char *name, const char *text, struct doc_key *keys)
{
    const struct cmd_doc *d = cmd_doc_find(name);
    cr_assert_not_null(d, "%s is documented", name);
    return cmd_doc_keys(d, line(text), args, keys, 16);
}

Test(command_docs, sorted_and_found)
{
    cr_assert_gt(cmd_docs_count, 200);
    for (size_t i = 1; i < cmd_docs_count; i++)
        cr_assert_lt(strcmp(cmd_docs[i - 1].name, cmd_docs[i].name), 0, "%s before %s",
                     cmd_docs[i - 1].name, cmd_docs[i].name);
    for (size_t i = 0; i < cmd_docs_count; i++)
        cr_assert_eq(cmd_doc_find(cmd_docs[i].name), &cmd_docs[i]);
    cr_assert_null(cmd_doc_find("nosuchcommand"));
    cr_assert_not_null(cmd_doc_find("eval"));
    cr_assert_not_null(cmd_doc_find("xadd"));
    cr_assert_null(cmd_doc_find("xreadgroup"), "consumer groups are left out");
    cr_assert_null(cmd_doc_find("xinfo|groups"), "consumer groups are left out");
    const struct cmd_doc *get = cmd_doc_find("get");
    cr_assert_str_eq(get->group, "string");
    cr_assert_eq(get->nargs, 1);
    cr_assert_eq(get->args[0].key_spec_index, 0);
    cr_assert_not_null(cmd_doc_find("config|get"));
}

Test(command_docs, keys_by_specs)
{
    struct doc_key k[16];
    cr_assert_eq(keys_of("mset", "MSET a 1 b 2", k), 2);
    cr_assert_eq(k[0].pos, 1);
    cr_assert_eq(k[1].pos, 3);
    cr_assert_eq(k[0].flags, KS_OW | KS_UPDATE);

    cr_assert_eq(keys_of("zunionstore", "ZUNIONSTORE d 2 a b WEIGHTS 1 2", k), 3);
    cr_assert_eq(k[0].pos, 1);
    cr_assert_eq(k[1].pos, 3);
    cr_assert_eq(k[2].pos, 4);
    cr_assert_eq(k[1].flags, KS_RO | KS_ACCESS);
    cr_assert_eq(keys_of("zunionstore", "ZUNIONSTORE d 3 a b", k), -1, "numkeys past the end");
    cr_assert_eq(keys_of("zunionstore", "ZUNIONSTORE d 0 a", k), -1, "no keys");
    cr_assert_eq(keys_of("lmpop", "LMPOP x a LEFT", k), -1, "numkeys not a number");

    cr_assert_eq(keys_of("lmove", "LMOVE a b LEFT RIGHT", k), 2);
    cr_assert_eq(k[1].flags, KS_RW | KS_INSERT);

    /* GEORADIUS's STORE keyword, searched from argument 6 */
    cr_assert_eq(keys_of("georadius", "GEORADIUS k 1 2 3 m STORE d", k), 2);
    cr_assert_eq(k[1].pos, 7);
    cr_assert_eq(keys_of("georadius", "GEORADIUS k 1 2 3 m", k), 1);

    /* XREAD's keys: the first half of what follows STREAMS */
    cr_assert_eq(keys_of("xread", "XREAD COUNT 2 STREAMS a b 0 0", k), 2);
    cr_assert_eq(k[0].pos, 4);
    cr_assert_eq(k[1].pos, 5);
    cr_assert_eq(k[0].flags, KS_RO | KS_ACCESS);

    cr_assert_eq(keys_of("publish", "PUBLISH c m", k), 0, "a channel is not a key");
    cr_assert_eq(keys_of("sort", "SORT k", k), -1, "SORT's unknown specs");
}
