/* A shard's part of a background save (see snapshot.h). At snapshot_begin the shard's mark flips:
 * an entry whose ENTRY_SNAP_MARK bit differs from it is not in the file yet and still holds its
 * value from the save's start, since anything about to read or change it writes it first
 * (snapshot_preserve, through the keyspace). The walk writes the rest with dict_scan, so a table
 * that grows or shrinks meanwhile is still covered, and the mark keeps any entry from being
 * written twice. Chunks go to the saver thread; the file's checksum is the saver's. */
#include <stdatomic.h>
#include <string.h>
#include <time.h>

#include "script/function.h"
#include "persist/persist.h"
#include "persist/rdb_write.h"
#include "persist/saver.h"
#include "persist/snapshot.h"
#include "shard/keyspace.h"
#include "tessera/config.h"
#include "tessera/mem.h"

#define CHUNK_BYTES   (1u << 20) /* a chunk goes to the saver past this */
#define SLICE_SCANS   256        /* dict_scan steps per slice: a request waits at most for these */
#define SLICE_BYTES   (64u << 10)
#define RING_RETRY_US 1000 /* the saver's ring was full: look again in a millisecond */

struct snapshot {
    struct save_job *job;
    int idx;
    int64_t start_ms; /* keys expired at the save's start are not written */
    int db;           /* the walk: database and cursor */
    uint64_t cursor;
    int file_db; /* the database of the last entry written (-1: none) */
    struct rdb_out out;
    struct save_chunk *pending; /* waits for room in the ring */
    uint64_t keys;    /* written since the last chunk: current_save_keys_processed gets them then */
    int64_t paced_us; /* rdb-key-save-delay: when the next key may go */
};

static int64_t now_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void snapshot_begin(struct shard *s, struct save_job *job, int idx)
{
    SHARD_ASSERT_MINE(s);
    struct snapshot *sn = mem_calloc(1, sizeof *sn);
    sn->job = job;
    sn->idx = idx;
    sn->start_ms = job->start_ms;
    sn->file_db = -1;
    rdb_out_init(&sn->out, CONFIG_GET(rdbcompression));
    rdb_write_header(&sn->out, job->start_ms / 1000, 0);
    if (idx == 0) { /* the server-wide part: the function libraries, in the first file */
        size_t n;
        char *fns = function_rdb_records(&n);
        rdb_write_raw(&sn->out, fns, n);
        mem_free(fns);
    }
    s->snap_mark ^= ENTRY_SNAP_MARK;
    s->snap = sn;
    s->snap_gen = job->gen;
    s->dirty_at_snap = s->dirty;
}

/* Writes e as it is now and marks it written. */
static void write_entry(struct shard *s, struct snapshot *sn, int db, struct entry *e)
{
    e->flags = (uint8_t)((e->flags & ~ENTRY_SNAP_MARK) | s->snap_mark);
    if ((e->flags & ENTRY_HAS_EXPIRE) && entry_expire(e) < sn->start_ms) return;
    if (e->type == OBJ_INTERNAL) return;
    if (db != sn->file_db) {
        rdb_write_select_db(&sn->out, db);
        sn->file_db = db;
    }
    rdb_write_entry(&sn->out, e);
    sn->keys++;
}

void snapshot_preserve(struct shard *s, int db, struct entry *e)
{
    write_entry(s, s->snap, db, e);
}

struct walk {
    struct shard *s;
    int db;
};

static void walk_visit(struct entry *e, void *arg)
{
    struct walk *w = arg;
    if ((e->flags & ENTRY_SNAP_MARK) != w->s->snap_mark) write_entry(w->s, w->s->snap, w->db, e);
}

/* Hands the bytes so far to the saver; 0 when its ring is full (they wait in pending). */
static int send_chunk(struct snapshot *sn, int last)
{
    struct save_chunk *c = mem_alloc(sizeof *c);
    c->job = sn->job;
    c->shard = sn->idx;
    c->last = last;
    c->buf = rdb_out_take(&sn->out, &c->len);
    atomic_fetch_add_explicit(&g_persist.keys_processed, sn->keys, memory_order_relaxed);
    sn->keys = 0;
    if (saver_send(sn->idx, c)) return 1;
    sn->pending = c;
    return 0;
}

static void finish(struct shard *s)
{
    struct snapshot *sn = s->snap;
    rdb_out_free(&sn->out);
    mem_free(sn);
    s->snap = NULL;
}

int64_t snapshot_step(struct shard *s, int busy)
{
    SHARD_ASSERT_MINE(s);
    struct snapshot *sn = s->snap;
    if (sn->pending) {
        if (!saver_send(sn->idx, sn->pending)) return RING_RETRY_US;
        int last = sn->pending->last;
        sn->pending = NULL;
        if (last) {
            finish(s);
            return -1;
        }
    }
    int delay = CONFIG_GET(rdb_key_save_delay);
    int64_t t0 = now_us();
    size_t start_len = sn->out.len;
    for (int n = 0; n < SLICE_SCANS && sn->out.len - start_len < SLICE_BYTES; n++) {
        if (sn->db >= s->ndb) {
            rdb_write_eof(&sn->out);
            if (!send_chunk(sn, 1)) return RING_RETRY_US;
            finish(s);
            return -1;
        }
        if (delay > 0) { /* Redis's test knob: at most one key per `delay` microseconds */
            if (t0 < sn->paced_us) return sn->paced_us - t0;
            sn->paced_us = t0 + delay;
        }
        struct walk w = {s, sn->db};
        sn->cursor = dict_scan(&s->dbs[sn->db].keys, sn->cursor, walk_visit, &w);
        if (sn->cursor == 0) sn->db++;
    }
    if (sn->out.len >= CHUNK_BYTES && !send_chunk(sn, 0)) return RING_RETRY_US;
    if (delay > 0) return delay;
    /* With requests coming in, a rest three times as long as the slice took: the walk gets a
     * quarter of the thread, and requests, the persistence thread and the other workers keep
     * theirs. Idle, it goes on at once. */
    return busy ? 3 * (now_us() - t0) : 0;
}

void snapshot_abandon(struct shard *s)
{
    struct snapshot *sn = s->snap;
    if (!sn) return;
    if (sn->pending) {
        mem_free(sn->pending->buf);
        mem_free(sn->pending);
    }
    rdb_out_free(&sn->out);
    mem_free(sn);
    s->snap = NULL;
}
