/* Snapshots (src/persist/snapshot.c, saver.c, save.c): a background save holds every key as it
 * was when it began, while keys are changed, deleted, added and flushed during the walk; the set
 * on disk is a valid RDB file that the reader gives back; a second save right after sees the new
 * state. A real persistence thread writes the files into a scratch folder. */
#include <criterion/criterion.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include "persist/persist.h"
#include "persist/rdb_read.h"
#include "persist/snapfiles.h"
#include "shard/keyspace.h"
#include "shard/listobj.h"
#include "tessera/config.h"
#include "tessera/mem.h"

#define NKEYS 20000

static struct shard shard;
static struct shard loaded; /* what a set on disk holds, read back */
static struct shard *shards[1] = {&shard};
static char dir[64];

static void setup(void)
{
    config_defaults(&g_config);
    snprintf(dir, sizeof dir, "/tmp/tessera-snap-XXXXXX");
    cr_assert(mkdtemp(dir));
    char err[256];
    cr_assert_eq(config_set(&g_config, "dir", dir, err, sizeof err), 0, "%s", err);
    shard_thread_id = 0;
    shard_init(&shard, 0, 16);
    persist_init(1);
}

static void teardown(void)
{
    persist_shutdown();
    shard_destroy(&shard);
    if (loaded.dbs) shard_destroy(&loaded);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    cr_assert_eq(system(cmd), 0);
    config_free(&g_config);
}

static void set(int db, const char *k, const char *v)
{
    ks_set_string(&shard, db, k, strlen(k), v, strlen(v), EXPIRE_NONE);
    ks_changed(&shard, db, k, strlen(k), 0, "set");
}

static void wait_saved(uint64_t before)
{
    for (int i = 0; i < 5000 && atomic_load(&g_persist.done_gen) == before; i++) {
        struct timespec t = {0, 1000000};
        nanosleep(&t, NULL);
    }
    cr_assert_neq(atomic_load(&g_persist.done_gen), before, "the save never finished");
    cr_assert_eq(atomic_load(&g_persist.last_bgsave_failed), 0);
}

/* Runs the walk to its end, slice by slice, calling between(i) after each slice. */
static void walk(void (*between)(int slice))
{
    for (int slice = 0; shard.snap; slice++) {
        persist_worker_turn(&shard, 0);
        if (between) between(slice);
    }
}

static int on_entry(void *arg, int db, struct entry *e)
{
    (void)arg;
    cr_assert(ks_load(&loaded, db, e), "key %.*s written twice", (int)entry_keylen(e),
              entry_key(e));
    return 0;
}

static void load_set(void)
{
    struct snapset set;
    char err[512], base[64];
    snapset_base("dump.rdb", base, sizeof base);
    cr_assert_eq(snapset_read(dir, base, &set, err, sizeof err), 1, "%s", err);
    if (loaded.dbs) shard_destroy(&loaded);
    shard_init(&loaded, 0, 16);
    loaded.toucher = shard_thread_id;
    for (int i = 0; i < set.nshards; i++) {
        int fd = open(set.files[i], O_RDONLY);
        struct stat st;
        cr_assert(fd >= 0 && fstat(fd, &st) == 0);
        void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
        close(fd);
        struct rdb_in in = {.p = p, .len = (size_t)st.st_size};
        const struct rdb_visitor v = {.on_entry = on_entry};
        cr_assert_eq(rdb_parse(&in, &v, NULL, 1), 0, "%s at %zu", in.err, in.pos);
        munmap(p, (size_t)st.st_size);
    }
    snapset_free(&set);
}

static const char *loaded_get(int db, const char *k)
{
    static char buf[64];
    struct entry *e = ks_lookup(&loaded, db, k, strlen(k));
    if (!e) return NULL;
    snprintf(buf, sizeof buf, "%.*s", (int)entry_vlen(e), entry_value(e));
    return buf;
}

static int key_no;

/* Between slices: overwrite, delete and add keys the walk may not have reached yet. */
static void churn(int slice)
{
    for (int i = 0; i < 50 && key_no < NKEYS; i++, key_no++) {
        char k[32];
        snprintf(k, sizeof k, "k%d", key_no);
        if (key_no % 3 == 0)
            set(0, k, "changed");
        else if (key_no % 3 == 1)
            ks_delete(&shard, 0, k, strlen(k));
        snprintf(k, sizeof k, "new%d", key_no);
        set(1, k, "born after");
    }
    (void)slice;
}

TestSuite(snapshot, .init = setup, .fini = teardown);

Test(snapshot, holds_every_key_as_it_was_when_the_save_began)
{
    for (int i = 0; i < NKEYS; i++) {
        char k[32];
        snprintf(k, sizeof k, "k%d", i);
        set(0, k, "v0");
    }
    struct listobj *l = listobj_new();
    listobj_push(l, LISTOBJ_TAIL, "a", 1);
    ks_put(&shard, 2, entry_new_object("list", 4, OBJ_LIST, l, EXPIRE_NONE));
    char err[256];
    uint64_t before = atomic_load(&g_persist.done_gen);
    cr_assert_eq(persist_bgsave(shards, 1, err, sizeof err), 0, "%s", err);
    cr_assert_neq(persist_bgsave(shards, 1, err, sizeof err), 0, "one save at a time");
    cr_assert_str_eq(err, "ERR Background save already in progress");
    key_no = 0;
    /* the list changes before the walk can have reached database 2 */
    struct entry *le = ks_lookup(&shard, 2, "list", 4);
    listobj_push(entry_object(le), LISTOBJ_TAIL, "b", 1);
    walk(churn);
    wait_saved(before);

    load_set();
    cr_assert_eq(ks_size(&loaded, 0), NKEYS, "every key of the start, none more");
    cr_assert_eq(ks_size(&loaded, 1), 0, "keys born after the start are not in it");
    for (int i = 0; i < NKEYS; i++) {
        char k[32];
        snprintf(k, sizeof k, "k%d", i);
        const char *v = loaded_get(0, k);
        cr_assert(v && !strcmp(v, "v0"), "%s is %s, not its value at the start", k, v);
    }
    struct entry *ll = ks_lookup(&loaded, 2, "list", 4);
    cr_assert(ll);
    cr_assert_eq(listobj_len(entry_object(ll)), 1, "the list as it was: one element");

    /* the next save sees the present */
    before = atomic_load(&g_persist.done_gen);
    cr_assert_eq(persist_bgsave(shards, 1, err, sizeof err), 0, "%s", err);
    walk(NULL);
    wait_saved(before);
    load_set();
    /* churn ran over keys 0..key_no-1 while the first walk went on */
    cr_assert_gt(key_no, 1000, "the walk was sliced (%d keys changed during it)", key_no);
    cr_assert_eq(ks_size(&loaded, 0), NKEYS - (uint64_t)(key_no + 1) / 3, "deleted keys are gone");
    cr_assert_str_eq(loaded_get(0, "k0"), "changed");
    cr_assert_str_eq(loaded_get(0, "k2"), "v0");
    cr_assert_eq(ks_size(&loaded, 1), (uint64_t)key_no);
}

static void flush_midway(int slice)
{
    if (slice == 2) ks_flush(&shard, -1);
}

Test(snapshot, a_flush_during_the_walk_keeps_what_was_there)
{
    for (int i = 0; i < NKEYS; i++) {
        char k[32];
        snprintf(k, sizeof k, "f%d", i);
        set(i % 4, k, "kept");
    }
    char err[256];
    uint64_t before = atomic_load(&g_persist.done_gen);
    cr_assert_eq(persist_bgsave(shards, 1, err, sizeof err), 0, "%s", err);
    walk(flush_midway);
    wait_saved(before);
    load_set();
    uint64_t total = 0;
    for (int db = 0; db < 4; db++)
        total += ks_size(&loaded, db);
    cr_assert_eq(total, NKEYS);
    cr_assert_str_eq(loaded_get(3, "f3"), "kept");
}

Test(snapshot, keys_expired_at_the_start_are_left_out)
{
    set(0, "live", "1");
    ks_set_string(&shard, 0, "gone", 4, "1", 1, ks_now_ms() - 1000);
    ks_set_string(&shard, 0, "later", 5, "1", 1, ks_now_ms() + 100000);
    char err[256];
    uint64_t before = atomic_load(&g_persist.done_gen);
    cr_assert_eq(persist_bgsave(shards, 1, err, sizeof err), 0, "%s", err);
    walk(NULL);
    wait_saved(before);
    load_set();
    cr_assert(loaded_get(0, "live") && loaded_get(0, "later"));
    cr_assert_null(ks_lookup(&loaded, 0, "gone", 4));
    cr_assert_neq(entry_expire(ks_lookup(&loaded, 0, "later", 5)), EXPIRE_NONE);
}

Test(snapshot, save_now_writes_the_present)
{
    set(0, "a", "1");
    set(5, "b", "2");
    char err[256];
    cr_assert_eq(persist_save_now(shards, 1, 0, err, sizeof err), 0, "%s", err);
    load_set();
    cr_assert_str_eq(loaded_get(0, "a"), "1");
    cr_assert_str_eq(loaded_get(5, "b"), "2");
    cr_assert_eq(persist_changes(&shard), 0, "a save counts every change as saved");
}
