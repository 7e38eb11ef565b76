/* Saving (see persist.h): BGSAVE begins a snapshot on every shard at one instant, the shards
 * held by the caller; SAVE and the final save at shutdown write a whole set on the calling
 * thread; the save rules; the state INFO persistence shows. */
#include <errno.h>
#include <limits.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd/gates.h"
#include "script/function.h"
#include "persist/persist.h"
#include "persist/rdb_write.h"
#include "persist/saver.h"
#include "persist/snapshot.h"
#include "resp/errors.h"
#include "server/log.h"
#include "shard/keyspace.h"
#include "tessera/config.h"
#include "tessera/mem.h"

#define SYNC_WRITE_BYTES (1u << 20)

struct persist_status g_persist;
static _Atomic uint64_t next_gen; /* the generation the next save takes */

static int64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Where the set goes: dir (absolute, kept so by CONFIG SET) and the stem of dbfilename. */
static void set_place(char *dir, size_t dcap, char *base, size_t bcap)
{
    snprintf(dir, dcap, "%s", CONFIG_GET_STR(dir));
    snapset_base(CONFIG_GET_STR(dbfilename), base, bcap);
}

void persist_init(int nshards)
{
    char dir[PATH_MAX], base[NAME_MAX + 1];
    set_place(dir, sizeof dir, base, sizeof base);
    atomic_store(&next_gen, snapset_next_gen(dir, base));
    atomic_store(&g_persist.last_save_unix, (int64_t)time(NULL));
    atomic_store(&g_persist.last_bgsave_failed, 0);
    atomic_store(&g_persist.last_bgsave_secs, -1);
    ks_set_preserver(snapshot_preserve);
    saver_start(nshards);
    struct snapset set;
    char err[PATH_MAX + 128], single[PATH_MAX + NAME_MAX + 2];
    int found = snapset_read(dir, base, &set, err, sizeof err);
    if (found > 0) snapset_free(&set);
    snprintf(single, sizeof single, "%s/%s", dir, CONFIG_GET_STR(dbfilename));
    if (found != 0 || access(single, F_OK) == 0) atomic_store(&g_persist.loading, 1);
    gates_refresh();
}

void persist_shutdown(void)
{
    saver_stop();
}

int persist_bgsave(struct shard **shards, int nshards, char *err, size_t errlen)
{
    int expected = 0;
    if (!atomic_compare_exchange_strong(&g_persist.bgsave_in_progress, &expected, 1)) {
        snprintf(err, errlen, "%s", error_text(ERR_BGSAVE_IN_PROGRESS));
        return -1;
    }
    struct save_job *j = mem_calloc(1, sizeof *j + (size_t)nshards * sizeof j->files[0]);
    j->gen = atomic_fetch_add(&next_gen, 1);
    j->nshards = nshards;
    j->checksum = CONFIG_GET(rdbchecksum);
    j->start_ms = wall_ms();
    set_place(j->dir, sizeof j->dir, j->base, sizeof j->base);
    for (int i = 0; i < nshards; i++)
        j->files[i].fd = -1;
    uint64_t total = 0;
    for (int i = 0; i < nshards; i++)
        for (int d = 0; d < shards[i]->ndb; d++)
            total += ks_size(shards[i], d);
    atomic_store(&g_persist.keys_total, total);
    atomic_store(&g_persist.keys_processed, 0);
    atomic_store(&g_persist.bgsave_start_ms, j->start_ms);
    atomic_store(&g_persist.last_try_unix, j->start_ms / 1000);
    saver_begin(j);
    for (int i = 0; i < nshards; i++)
        snapshot_begin(shards[i], j, i);
    log_msg(LOG_NOTICE, "Background saving started");
    return 0;
}

/* ---- SAVE: the whole set now, on this thread ---- */

struct sync_walk {
    struct rdb_out *out;
    struct snapfile *f;
    int64_t now_ms;
    int db, file_db;
    int failed;
    uint64_t keys;
    char *err;
    size_t errlen;
};

static void sync_flush(struct sync_walk *w)
{
    if (w->failed || !w->out->len) return;
    size_t len;
    char *buf = rdb_out_take(w->out, &len);
    if (snapfile_write(w->f, buf, len, w->err, w->errlen) < 0) w->failed = 1;
    mem_free(buf);
}

static void sync_visit(struct entry *e, void *arg)
{
    struct sync_walk *w = arg;
    if (e->type == OBJ_INTERNAL) return;
    if ((e->flags & ENTRY_HAS_EXPIRE) && entry_expire(e) < w->now_ms) return;
    if (w->db != w->file_db) {
        rdb_write_select_db(w->out, w->db);
        w->file_db = w->db;
    }
    rdb_write_entry(w->out, e);
    w->keys++;
    if (w->out->len >= SYNC_WRITE_BYTES) sync_flush(w);
}

static int save_shard(struct shard *s, int idx, struct snapfile *f, int64_t now, uint64_t *keys,
                      char *err, size_t errlen)
{
    struct rdb_out out;
    rdb_out_init(&out, CONFIG_GET(rdbcompression));
    rdb_write_header(&out, now / 1000, 0);
    if (idx == 0) { /* the server-wide part: the function libraries, in the first file */
        size_t n;
        char *fns = function_rdb_records(&n);
        rdb_write_raw(&out, fns, n);
        mem_free(fns);
    }
    struct sync_walk w = {
        .out = &out, .f = f, .now_ms = now, .file_db = -1, .err = err, .errlen = errlen};
    for (w.db = 0; w.db < s->ndb && !w.failed; w.db++) {
        uint64_t cur = 0;
        do
            cur = dict_scan(&s->dbs[w.db].keys, cur, sync_visit, &w);
        while (cur && !w.failed);
    }
    rdb_write_eof(&out);
    sync_flush(&w);
    rdb_out_free(&out);
    *keys += w.keys;
    return w.failed ? -1 : 0;
}

int persist_save_now(struct shard **shards, int nshards, int over, char *err, size_t errlen)
{
    if (over)
        saver_cancel();
    else if (atomic_load(&g_persist.bgsave_in_progress)) {
        snprintf(err, errlen, "%s", error_text(ERR_BGSAVE_IN_PROGRESS));
        return -1;
    }
    char dir[PATH_MAX], base[NAME_MAX + 1];
    set_place(dir, sizeof dir, base, sizeof base);
    uint64_t gen = atomic_fetch_add(&next_gen, 1);
    int64_t now = wall_ms();
    int checksum = CONFIG_GET(rdbchecksum);
    uint64_t keys = 0;
    for (int i = 0; i < nshards; i++) {
        struct snapfile f;
        if (snapfile_open(&f, dir, base, gen, i, checksum, err, errlen) < 0) goto failed;
        if (save_shard(shards[i], i, &f, now, &keys, err, errlen) < 0) {
            snapfile_abort(&f);
            goto failed;
        }
        if (snapfile_finish(&f, err, errlen) < 0) goto failed;
    }
    if (snapset_commit(dir, base, gen, nshards, now / 1000, err, errlen) < 0) goto failed;
    for (int i = 0; i < nshards; i++)
        shards[i]->dirty_saved = shards[i]->dirty;
    atomic_store(&g_persist.last_save_unix, now / 1000);
    atomic_fetch_add(&g_persist.saves, 1);
    atomic_store(&g_persist.last_bgsave_failed, 0);
    gates_refresh();
    log_msg(LOG_NOTICE, "DB saved on disk (%llu keys)", (unsigned long long)keys);
    return 0;
failed:
    log_msg(LOG_WARNING, "%s", err);
    /* the shard files of this generation that did get written go with the next commit */
    return -1;
}

/* ---- a worker's turn, the rules, MISCONF ---- */

void persist_after_flushall(struct shard **shards, int nshards)
{
    const char *rules = CONFIG_GET_STR(save);
    char err[512];
    if (rules && rules[0]) persist_save_now(shards, nshards, 1, err, sizeof err);
}

int persist_take_scheduled(void)
{
    if (!atomic_load(&g_persist.bgsave_scheduled) || atomic_load(&g_persist.bgsave_in_progress))
        return 0;
    atomic_store(&g_persist.bgsave_scheduled, 0);
    return 1;
}

int64_t persist_worker_turn(struct shard *s, int busy)
{
    if (s->snap_gen &&
        s->snap_gen <= atomic_load_explicit(&g_persist.done_gen, memory_order_acquire)) {
        if (s->snap_gen <= atomic_load(&g_persist.ok_gen)) s->dirty_saved = s->dirty_at_snap;
        s->snap_gen = 0;
    }
    return s->snap ? snapshot_step(s, busy) : -1;
}

int persist_rules_due(uint64_t changes, int64_t now_unix)
{
    const char *rules = CONFIG_GET_STR(save);
    if (!rules || !rules[0] || atomic_load(&g_persist.bgsave_in_progress)) return 0;
    int64_t since = now_unix - atomic_load(&g_persist.last_save_unix);
    /* after a failure, Redis waits 5 seconds before it tries again */
    if (atomic_load(&g_persist.last_bgsave_failed) &&
        now_unix - atomic_load(&g_persist.last_try_unix) <= 5)
        return 0;
    const char *p = rules;
    while (*p) {
        char *end;
        long long secs = strtoll(p, &end, 10);
        if (end == p) break;
        long long need = strtoll(end, &end, 10);
        p = end;
        while (*p == ' ')
            p++;
        if ((long long)changes >= need && since >= secs) {
            log_msg(LOG_NOTICE, "%lld changes in %lld seconds. Saving...", need, secs);
            return 1;
        }
    }
    return 0;
}

int persist_shutdown_saves(void)
{
    int mode = atomic_load(&g_persist.shutdown_mode);
    if (mode != SHUTDOWN_BY_RULES) return mode == SHUTDOWN_SAVE;
    const char *rules = CONFIG_GET_STR(save);
    return rules && rules[0];
}

int persist_writes_refused_slow(void)
{
    const char *rules = CONFIG_GET_STR(save);
    return CONFIG_GET(stop_writes_on_bgsave_error) && rules && rules[0];
}
