/* Unit tests of a script's undo log (shard/undo.h): what an armed log records from the
 * keyspace's look-ups, and that a rollback puts back exactly the first state of each key
 * (absent, a value, an expiry, another type) while a discard keeps the changes. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "shard/entry.h"
#include "shard/keyspace.h"
#include "shard/shard.h"
#include "shard/undo.h"
#include "tessera/mem.h"

static struct shard sh;
static struct ks_undo undo;

static void setup(void)
{
    shard_thread_id = 0;
    shard_init(&sh, 0, 2);
    memset(&undo, 0, sizeof undo);
}

static void teardown(void)
{
    ks_undo_armed = NULL;
    undo_discard(&undo);
    shard_destroy(&sh);
}

TestSuite(undo, .init = setup, .fini = teardown);

#define K(s) (s), strlen(s)

static void set(int db, const char *key, const char *val, int64_t expire_at)
{
    ks_set_string(&sh, db, K(key), val, strlen(val), expire_at);
}

/* The string value of a key, or NULL when absent (into a static buffer). */
static const char *get(int db, const char *key)
{
    static char buf[64];
    struct entry *e = ks_peek(&sh, db, K(key));
    if (!e) return NULL;
    size_t n = entry_vlen(e) < sizeof buf - 1 ? entry_vlen(e) : sizeof buf - 1;
    memcpy(buf, entry_value(e), n);
    buf[n] = '\0';
    return buf;
}

Test(undo, a_new_key_goes_away)
{
    ks_undo_armed = &undo;
    set(0, "k", "v", EXPIRE_NONE);
    ks_undo_armed = NULL;
    cr_assert_str_eq(get(0, "k"), "v");
    undo_rollback(&undo);
    cr_assert_null(get(0, "k"));
    cr_assert_eq(ks_size(&sh, 0), 0);
}

Test(undo, the_first_value_and_expiry_come_back)
{
    int64_t at = ks_now_ms() + 100000;
    set(0, "k", "old", at);
    ks_undo_armed = &undo;
    set(0, "k", "new1", EXPIRE_NONE);
    set(0, "k", "new2", EXPIRE_NONE); /* recorded once: the first state stays */
    ks_undo_armed = NULL;
    cr_assert_eq(undo.n, 1);
    undo_rollback(&undo);
    cr_assert_str_eq(get(0, "k"), "old");
    struct entry *e = ks_peek(&sh, 0, K("k"));
    cr_assert_eq(entry_expire(e), at);
    cr_assert_eq(ks_expires(&sh, 0), 1);
}

Test(undo, a_deleted_key_comes_back_and_other_databases_are_apart)
{
    set(0, "k", "zero", EXPIRE_NONE);
    set(1, "k", "one", EXPIRE_NONE);
    ks_undo_armed = &undo;
    cr_assert(ks_delete(&sh, 0, K("k")));
    set(1, "k", "changed", EXPIRE_NONE);
    ks_undo_armed = NULL;
    cr_assert_eq(undo.n, 2);
    undo_rollback(&undo);
    cr_assert_str_eq(get(0, "k"), "zero");
    cr_assert_str_eq(get(1, "k"), "one");
}

Test(undo, unarmed_lookups_record_nothing)
{
    set(0, "k", "v", EXPIRE_NONE);
    cr_assert_not_null(ks_lookup(&sh, 0, K("k")));
    cr_assert_eq(undo.n, 0);
    ks_undo_armed = &undo;
    cr_assert_null(ks_lookup(&sh, 0, K("absent"))); /* a write may create it next */
    ks_undo_armed = NULL;
    cr_assert_eq(undo.n, 1);
    cr_assert_null(undo.recs[0].saved);
}

Test(undo, discard_keeps_the_changes)
{
    set(0, "k", "old", EXPIRE_NONE);
    ks_undo_armed = &undo;
    set(0, "k", "new", EXPIRE_NONE);
    set(0, "fresh", "x", EXPIRE_NONE);
    ks_undo_armed = NULL;
    undo_discard(&undo);
    cr_assert_str_eq(get(0, "k"), "new");
    cr_assert_str_eq(get(0, "fresh"), "x");
}

Test(undo, many_keys_each_once)
{
    char key[32];
    for (int i = 0; i < 500; i++) {
        snprintf(key, sizeof key, "k%d", i);
        if (i % 2) set(0, key, "before", EXPIRE_NONE);
    }
    ks_undo_armed = &undo;
    for (int round = 0; round < 3; round++)
        for (int i = 0; i < 500; i++) {
            snprintf(key, sizeof key, "k%d", i);
            set(0, key, "after", EXPIRE_NONE);
        }
    ks_undo_armed = NULL;
    cr_assert_eq(undo.n, 500);
    undo_rollback(&undo);
    cr_assert_eq(ks_size(&sh, 0), 250);
    for (int i = 0; i < 500; i++) {
        snprintf(key, sizeof key, "k%d", i);
        if (i % 2)
            cr_assert_str_eq(get(0, key), "before");
        else
            cr_assert_null(get(0, key));
    }
}
