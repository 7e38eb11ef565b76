/* Unit tests of the keyspace and its write hook: the table of watched keys and what WATCH
 * concludes from it (written, deleted, created and deleted, expired, stale, flushed, a table
 * bounded by its floor: conservative, never wrong), lazy expiry against a
 * running command's start time, the keyspace events the hook emits, the change feed, and SWAPDB
 * (contents, WATCH, ready keys). */
#include <criterion/criterion.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "shard/entry.h"
#include "shard/feed.h"
#include "shard/keyspace.h"
#include "shard/shard.h"
#include "tessera/config.h"
#include "tessera/mem.h"

static struct shard sh;

static void setup(void)
{
    shard_thread_id = 0; /* the test plays worker 0, the shard's owner */
    shard_init(&sh, 0, 2);
    atomic_store(&g_config.notify_keyspace_events, 0);
}

static void teardown(void)
{
    shard_destroy(&sh);
    ks_set_notifier(NULL);
}

TestSuite(keyspace, .init = setup, .fini = teardown);

#define K(s) (s), strlen(s)

static void set(const char *key, const char *val, int64_t expire_at)
{
    ks_set_string(&sh, 0, K(key), val, strlen(val), expire_at);
    ks_changed(&sh, 0, K(key), NOTIFY_STRING, "set");
}

Test(keyspace, untouched_key_is_unchanged)
{
    set("a", "1", EXPIRE_NONE);
    struct ks_watch_mark m = ks_watch_mark(&sh, 0, K("a"));
    cr_assert(m.present);
    cr_assert_not(ks_changed_since(&sh, 0, K("a"), m));
    set("b", "1", EXPIRE_NONE); /* another key changes */
    cr_assert_not(ks_changed_since(&sh, 0, K("a"), m));
    cr_assert_not_null(ks_lookup_read(&sh, 0, K("a"))); /* reads change nothing */
    cr_assert_not(ks_changed_since(&sh, 0, K("a"), m));
}

Test(keyspace, a_write_after_the_mark_is_seen)
{
    set("a", "1", EXPIRE_NONE);
    struct ks_watch_mark m = ks_watch_mark(&sh, 0, K("a"));
    set("a", "1", EXPIRE_NONE); /* the same value still counts, as in Redis */
    cr_assert(ks_changed_since(&sh, 0, K("a"), m));
}

Test(keyspace, an_in_place_change_is_seen_through_the_hook)
{
    set("a", "1", EXPIRE_NONE);
    struct ks_watch_mark m = ks_watch_mark(&sh, 0, K("a"));
    struct entry **ref = ks_lookup_ref(&sh, 0, K("a"));
    ks_resize_string(&sh, 0, ref, 2);
    ks_changed(&sh, 0, K("a"), NOTIFY_STRING, "append");
    cr_assert(ks_changed_since(&sh, 0, K("a"), m));
}

Test(keyspace, deletion_and_the_other_db)
{
    set("a", "1", EXPIRE_NONE);
    struct ks_watch_mark m = ks_watch_mark(&sh, 0, K("a"));
    struct ks_watch_mark m1 = ks_watch_mark(&sh, 1, K("a"));
    cr_assert_not(m1.present);
    cr_assert_eq(ks_delete(&sh, 0, K("a")), 1);
    cr_assert(ks_changed_since(&sh, 0, K("a"), m));
    cr_assert_not(ks_changed_since(&sh, 1, K("a"), m1), "db 1's key was never there");
}

Test(keyspace, created_and_deleted_again_is_a_change)
{
    struct ks_watch_mark m = ks_watch_mark(&sh, 0, K("gone"));
    cr_assert_not(m.present);
    set("gone", "x", EXPIRE_NONE);
    cr_assert(ks_changed_since(&sh, 0, K("gone"), m));
    ks_delete(&sh, 0, K("gone"));
    ks_changed(&sh, 0, K("gone"), NOTIFY_GENERIC, "del");
    cr_assert(ks_changed_since(&sh, 0, K("gone"), m), "the table remembers it");
}

Test(keyspace, a_live_key_that_expires_is_a_change)
{
    set("t", "1", ks_now_ms() + 30);
    struct ks_watch_mark m = ks_watch_mark(&sh, 0, K("t"));
    cr_assert(m.present);
    usleep(60 * 1000);
    cr_assert(ks_changed_since(&sh, 0, K("t"), m), "expired, not yet deleted");
    cr_assert_null(ks_lookup(&sh, 0, K("t")));
    cr_assert(ks_changed_since(&sh, 0, K("t"), m), "expired and deleted");
    cr_assert_eq(sh.expired_keys, 1);
}

Test(keyspace, a_stale_key_deleted_later_is_no_change)
{
    set("s", "1", ks_now_ms() + 10);
    usleep(30 * 1000);
    struct ks_watch_mark m = ks_watch_mark(&sh, 0, K("s"));
    cr_assert_not(m.present, "already expired when watched");
    cr_assert_null(ks_lookup(&sh, 0, K("s"))); /* lazy expiry deletes it */
    cr_assert_not(ks_changed_since(&sh, 0, K("s"), m));
    set("s", "again", EXPIRE_NONE);
    cr_assert(ks_changed_since(&sh, 0, K("s"), m), "created again");
}

Test(keyspace, flush_changes_only_the_keys_it_held)
{
    set("a", "1", EXPIRE_NONE);
    struct ks_watch_mark held = ks_watch_mark(&sh, 0, K("a"));
    struct ks_watch_mark absent = ks_watch_mark(&sh, 0, K("never"));
    ks_flush(&sh, 0);
    cr_assert(ks_changed_since(&sh, 0, K("a"), held));
    cr_assert_not(ks_changed_since(&sh, 0, K("never"), absent));
}

Test(keyspace, expiry_inside_a_command_uses_one_time)
{
    set("t", "1", ks_now_ms() + 40);
    ks_command_begin();
    cr_assert_not_null(ks_lookup(&sh, 0, K("t")), "alive when the command looks first");
    usleep(70 * 1000);
    cr_assert_not_null(ks_lookup(&sh, 0, K("t")), "still alive for the rest of the command");
    ks_command_begin(); /* nested: an EXEC's command keeps the block's time */
    cr_assert_not_null(ks_lookup(&sh, 0, K("t")));
    ks_command_end();
    ks_command_end();
    cr_assert_null(ks_lookup(&sh, 0, K("t")), "gone once the command is over");
}

Test(keyspace, active_expiry_goes_through_the_hook)
{
    for (int i = 0; i < 100; i++) {
        char k[16];
        snprintf(k, sizeof k, "k%d", i);
        set(k, "v", ks_now_ms() + (i % 2 ? 5 : 100000));
    }
    usleep(20 * 1000);
    uint64_t seq = feed_open(&sh.feed, 256);
    cr_assert_eq(ks_active_expire(&sh, 1000), 50);
    cr_assert_eq(ks_size(&sh, 0), 50);
    int expired = 0;
    const struct feed_record *r;
    while (feed_read(&sh.feed, &seq, &r) == 1)
        if (strcmp(r->event, "expired") == 0) expired++;
    cr_assert_eq(expired, 50);
}

/* ---- keyspace events ---- */

struct seen {
    int n;
    int cls[8];
    char event[8][32];
    char key[8][32];
};
static struct seen seen;

static void record(struct shard *s, int db, int cls, const char *event, const char *key,
                   size_t klen)
{
    if (seen.n >= 8) return;
    seen.cls[seen.n] = cls;
    snprintf(seen.event[seen.n], 32, "%s", event);
    snprintf(seen.key[seen.n], 32, "%.*s", (int)klen, key);
    seen.n++;
}

Test(keyspace, events_only_for_enabled_classes)
{
    memset(&seen, 0, sizeof seen);
    ks_set_notifier(record);
    set("a", "1", EXPIRE_NONE);
    cr_assert_eq(seen.n, 0, "notify-keyspace-events is empty");
    atomic_store(&g_config.notify_keyspace_events, NOTIFY_KEYSPACE | NOTIFY_LIST);
    set("a", "2", EXPIRE_NONE);
    cr_assert_eq(seen.n, 0, "string events are not enabled");
    ks_changed(&sh, 0, K("l"), NOTIFY_LIST, "lpush");
    cr_assert_eq(seen.n, 1);
    cr_assert_str_eq(seen.event[0], "lpush");
    cr_assert_str_eq(seen.key[0], "l");
    cr_assert_eq(seen.cls[0], NOTIFY_LIST);
}

Test(keyspace, expired_event)
{
    memset(&seen, 0, sizeof seen);
    ks_set_notifier(record);
    atomic_store(&g_config.notify_keyspace_events, NOTIFY_KEYEVENT | NOTIFY_EXPIRED);
    set("t", "1", ks_now_ms() + 5);
    usleep(20 * 1000);
    cr_assert_null(ks_lookup(&sh, 0, K("t")));
    cr_assert_eq(seen.n, 1);
    cr_assert_str_eq(seen.event[0], "expired");
    cr_assert_str_eq(seen.key[0], "t");
}

/* ---- the change feed ---- */

Test(keyspace, feed_keeps_order_and_reports_loss)
{
    uint64_t cur = feed_open(&sh.feed, 16);
    set("a", "1", EXPIRE_NONE);
    ks_changed(&sh, 0, K("b"), NOTIFY_GENERIC, "del");
    const struct feed_record *r;
    cr_assert_eq(feed_read(&sh.feed, &cur, &r), 1);
    cr_assert_str_eq(r->event, "set");
    cr_assert_eq(r->klen, 1);
    cr_assert_eq(r->key[0], 'a');
    cr_assert_eq(feed_read(&sh.feed, &cur, &r), 1);
    cr_assert_str_eq(r->event, "del");
    cr_assert_eq(feed_read(&sh.feed, &cur, &r), 0, "up to date");
    for (int i = 0; i < 40; i++)
        set("c", "x", EXPIRE_NONE);
    cr_assert_eq(feed_read(&sh.feed, &cur, &r), -1, "fell behind a 16-record ring");
    int n = 0;
    while (feed_read(&sh.feed, &cur, &r) == 1)
        n++;
    cr_assert_eq(n, 16);
}

Test(keyspace, the_hook_counts_changes)
{
    uint64_t before = sh.dirty;
    set("a", "1", EXPIRE_NONE);
    ks_changed(&sh, 0, K("a"), NOTIFY_STRING, "append");
    cr_assert_eq(sh.dirty - before, 2);
}

/* A watched key's writes are noted however far the clock has gone; a mark 2^23 writes old
 * falls below the floor when the next write ages the table, and counts as changed rather than
 * keep its key in the table for ever (nobody unregisters across threads). */
Test(keyspace, marks_across_many_writes_and_the_age_floor)
{
    set("old", "1", EXPIRE_NONE);
    sh.clock += (UINT64_C(1) << 32) + 12345; /* as if that many writes went by */
    struct ks_watch_mark m = ks_watch_mark(&sh, 0, K("old"));
    cr_assert_not(ks_changed_since(&sh, 0, K("old"), m), "an old key is not new");
    set("other", "1", EXPIRE_NONE);
    cr_assert_not(ks_changed_since(&sh, 0, K("old"), m), "other writes do not touch it");
    set("old", "2", EXPIRE_NONE);
    cr_assert(ks_changed_since(&sh, 0, K("old"), m), "its own write is seen");
    ks_watch_release(&sh, 0, K("old"), m);
    cr_assert_eq(sh.watch.n, 0, "the released mark took its key out of the table");
    struct ks_watch_mark m2 = ks_watch_mark(&sh, 0, K("old"));
    sh.clock += WATCH_AGE_MAX - 2;
    set("other", "2", EXPIRE_NONE);
    cr_assert_not(ks_changed_since(&sh, 0, K("old"), m2), "not yet old enough");
    set("other", "3", EXPIRE_NONE);
    cr_assert_eq(sh.watch.n, 0, "aged out");
    cr_assert(ks_changed_since(&sh, 0, K("old"), m2), "a WATCH below the floor aborts");
    ks_watch_release(&sh, 0, K("old"), m2); /* nothing left to release: no harm */
    struct ks_watch_mark m3 = ks_watch_mark(&sh, 0, K("old"));
    cr_assert_not(ks_changed_since(&sh, 0, K("old"), m3), "a new WATCH is above the floor");
}

/* The write hook looks nothing up while nobody watches; a mark held twice leaves with the second
 * release. */
Test(keyspace, releases_empty_the_table)
{
    struct ks_watch_mark a = ks_watch_mark(&sh, 0, K("k"));
    struct ks_watch_mark b = ks_watch_mark(&sh, 0, K("k"));
    struct ks_watch_mark c = ks_watch_mark(&sh, 1, K("k"));
    cr_assert_eq(sh.watch.n, 2);
    ks_watch_release(&sh, 0, K("k"), a);
    set("k", "1", EXPIRE_NONE);
    cr_assert(ks_changed_since(&sh, 0, K("k"), b), "still watched by the second mark");
    cr_assert_not(ks_changed_since(&sh, 1, K("k"), c), "db 1 untouched");
    ks_watch_release(&sh, 0, K("k"), b);
    ks_watch_release(&sh, 1, K("k"), c);
    cr_assert_eq(sh.watch.n, 0);
}

static void key_n(char *buf, size_t cap, const char *prefix, unsigned i)
{
    snprintf(buf, cap, "%s:%u", prefix, i);
}

/* More distinct keys watched than the table holds: the older half by mark goes and its marks
 * count as changed; the newer ones stay exact. Whatever was dropped, a watched key that was
 * written is never reported unchanged. */
Test(keyspace, a_full_table_drops_the_older_half_conservatively)
{
    enum { N = WATCH_TABLE_MAX / 2 };
    static struct ks_watch_mark old[N], young[N];
    char k[32];
    for (unsigned i = 0; i < N; i++) {
        key_n(k, sizeof k, "old", i);
        old[i] = ks_watch_mark(&sh, 0, K(k));
    }
    set("w", "1", EXPIRE_NONE); /* the clock moves on */
    for (unsigned i = 0; i < N; i++) {
        key_n(k, sizeof k, "young", i);
        young[i] = ks_watch_mark(&sh, 0, K(k));
    }
    set("young:7", "x", EXPIRE_NONE);
    struct ks_watch_mark last = ks_watch_mark(&sh, 0, K("one-more")); /* past the limit */
    cr_assert_lt(sh.watch.n, WATCH_TABLE_MAX);
    for (unsigned i = 0; i < N; i++) {
        key_n(k, sizeof k, "old", i);
        cr_assert(ks_changed_since(&sh, 0, K(k), old[i]), "dropped: counted as changed");
        key_n(k, sizeof k, "young", i);
        cr_assert_eq(ks_changed_since(&sh, 0, K(k), young[i]), i == 7, "kept: exact");
    }
    cr_assert_not(ks_changed_since(&sh, 0, K("one-more"), last));
}

/* One WATCH of more keys than the table holds, all at one clock: everything before the overflow
 * goes (EXEC aborts); the keys watched after it are exact again. */
Test(keyspace, a_full_table_of_one_clock_aborts_never_wrongly)
{
    enum { N = WATCH_TABLE_MAX + 10 };
    static struct ks_watch_mark m[N];
    char k[32];
    for (unsigned i = 0; i < N; i++) {
        key_n(k, sizeof k, "k", i);
        m[i] = ks_watch_mark(&sh, 0, K(k));
    }
    set("k:3", "x", EXPIRE_NONE);
    set("k:65540", "x", EXPIRE_NONE);
    for (unsigned i = 0; i < N; i++) {
        key_n(k, sizeof k, "k", i);
        int changed = ks_changed_since(&sh, 0, K(k), m[i]);
        if (i < WATCH_TABLE_MAX || i == 65540)
            cr_assert(changed, "key %u", i);
        else
            cr_assert_not(changed, "key %u watched after the overflow", i);
    }
}

/* SWAPDB on one shard: contents swap, the index keeps its WATCHes (keyspace.c). */

static void set_db(int db, const char *key, const char *val, int64_t expire_at)
{
    ks_set_string(&sh, db, K(key), val, strlen(val), expire_at);
    ks_changed(&sh, db, K(key), NOTIFY_STRING, "set");
}

Test(keyspace, swap_exchanges_keys_and_expiries)
{
    set_db(0, "a", "0", ks_now_ms() + 100000);
    set_db(0, "b", "0", EXPIRE_NONE);
    set_db(1, "c", "1", EXPIRE_NONE);
    ks_swap_db(&sh, 0, 1);
    cr_assert_eq(ks_size(&sh, 0), 1);
    cr_assert_eq(ks_size(&sh, 1), 2);
    cr_assert_eq(ks_expires(&sh, 0), 0);
    cr_assert_eq(ks_expires(&sh, 1), 1);
    cr_assert_not_null(ks_lookup(&sh, 0, K("c")));
    cr_assert_not_null(ks_lookup(&sh, 1, K("a")));
    cr_assert_null(ks_lookup(&sh, 0, K("a")));
    cr_assert_gt(entry_expire(ks_lookup(&sh, 1, K("a"))), 0);
}

Test(keyspace, swap_touches_watched_keys_in_either_database)
{
    set_db(0, "here", "0", EXPIRE_NONE);
    set_db(1, "there", "1", EXPIRE_NONE);
    set_db(0, "both", "x", EXPIRE_NONE);
    set_db(1, "both", "x", EXPIRE_NONE);
    struct ks_watch_mark here = ks_watch_mark(&sh, 0, K("here"));
    struct ks_watch_mark there = ks_watch_mark(&sh, 0, K("there"));
    struct ks_watch_mark both = ks_watch_mark(&sh, 0, K("both"));
    struct ks_watch_mark none = ks_watch_mark(&sh, 0, K("none"));
    ks_swap_db(&sh, 0, 1);
    cr_assert(ks_changed_since(&sh, 0, K("here"), here), "it left with the swap");
    cr_assert(ks_changed_since(&sh, 0, K("there"), there), "it came with the swap");
    cr_assert(ks_changed_since(&sh, 0, K("both"), both), "the same value is still a touch");
    cr_assert_not(ks_changed_since(&sh, 0, K("none"), none), "in neither database");
    struct ks_watch_mark after = ks_watch_mark(&sh, 0, K("there"));
    cr_assert_not(ks_changed_since(&sh, 0, K("there"), after), "watched after the swap");
}

Test(keyspace, swap_brings_a_stale_key_is_no_change)
{
    /* Redis: a missing key replaced by an expired one not yet deleted is no touch */
    ks_set_string(&sh, 1, K("x"), "v", 1, ks_now_ms() - 1000); /* stored, expires lazily */
    struct ks_watch_mark m = ks_watch_mark(&sh, 0, K("x"));
    ks_swap_db(&sh, 0, 1);
    cr_assert_not(ks_changed_since(&sh, 0, K("x"), m));
}

Test(keyspace, created_then_swapped_out_is_a_change)
{
    struct ks_watch_mark m = ks_watch_mark(&sh, 0, K("x"));
    set_db(0, "x", "new", EXPIRE_NONE);
    ks_swap_db(&sh, 0, 1);
    cr_assert_null(ks_lookup(&sh, 0, K("x")));
    cr_assert(ks_changed_since(&sh, 0, K("x"), m));
}

Test(keyspace, swap_marks_waited_keys_that_exist_ready)
{
    struct shard *s;
    uint32_t n;
    dict_add(&sh.dbs[1].waiting, entry_new_object(K("q"), OBJ_INTERNAL, NULL, EXPIRE_NONE));
    dict_add(&sh.dbs[1].waiting, entry_new_object(K("empty"), OBJ_INTERNAL, NULL, EXPIRE_NONE));
    set_db(0, "q", "v", EXPIRE_NONE);
    ks_swap_db(&sh, 0, 1);
    struct ready_key *keys = ks_ready_take(&s, &n);
    cr_assert_not_null(keys);
    cr_assert_eq(s, &sh);
    cr_assert_eq(n, 1);
    cr_assert_eq(keys[0].db, 1);
    cr_assert_eq(keys[0].klen, 1);
    cr_assert_eq(keys[0].key[0], 'q');
    mem_free(keys[0].key);
    mem_free(keys);
    cr_assert_null(ks_ready_take(&s, &n));
    mem_free(dict_unlink(&sh.dbs[1].waiting, K("q"))); /* no queues behind them: just the entries */
    mem_free(dict_unlink(&sh.dbs[1].waiting, K("empty")));
}
