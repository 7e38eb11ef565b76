/* Loading at start (persist_load): the newest complete set named by the manifest, or else a
 * single `<dir>/<dbfilename>` written by Redis or Valkey. Each file is parsed by a thread of its
 * own and every key goes to the shard its slot maps to now, so a set loads whatever the number
 * of shards was when it was saved. The workers are running meanwhile and answer LOADING, and
 * touch no shard, so loader threads fill the shards under a per-shard lock of their own. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cmd/gates.h"
#include "persist/rdb_in.h"
#include "script/function.h"
#include "persist/persist.h"
#include "persist/rdb_read.h"
#include "persist/snapfiles.h"
#include "server/log.h"
#include "shard/access.h"
#include "shard/keyspace.h"
#include "tessera/config.h"
#include "tessera/mem.h"
#include "tessera/slot.h"

#define LOAD_BATCH   256 /* entries for one shard taken in under one lock */
#define LOG_EVERY_MS 2000

struct load_shard {
    pthread_mutex_t lock;
    struct shard *s;
};

struct loader {
    struct load_shard *shards;
    int nshards;
    int64_t now_ms;           /* keys expired by then are dropped */
    int merge;                /* DEBUG RELOAD MERGE: a loaded key replaces one already there */
    char err[PATH_MAX + 300]; /* the first file's error */
};

/* One file and the thread that parses it. */
struct load_file {
    struct loader *l;
    const char *path;
    int thread_id;
    pthread_t thread;
    int rc;
    char err[PATH_MAX + 256];
    struct rdb_in in;
    size_t reported; /* bytes already added to the progress */
    uint64_t keys, expired;
    int dup_db;
    struct entry **batch[SNAPSET_MAX_SHARDS];
    int nbatch[SNAPSET_MAX_SHARDS];
    int batch_db[SNAPSET_MAX_SHARDS][LOAD_BATCH];
};

/* Adds a shard's batch under its lock; 0, or -1 on a key already loaded. */
static int flush_batch(struct load_file *f, int si)
{
    struct load_shard *ls = &f->l->shards[si];
    int rc = 0;
    pthread_mutex_lock(&ls->lock);
    int owner = ls->s->toucher;
    ls->s->toucher = shard_thread_id; /* the shard is this thread's while it holds the lock */
    for (int i = 0; i < f->nbatch[si]; i++) {
        struct entry *e = f->batch[si][i];
        if (rc == 0 && f->l->merge && !ks_load(ls->s, f->batch_db[si][i], e))
            ks_delete(ls->s, f->batch_db[si][i], entry_key(e), entry_keylen(e));
        if (rc == 0 && ks_load(ls->s, f->batch_db[si][i], e)) continue;
        if (rc == 0) {
            snprintf(f->err, sizeof f->err, "RDB has duplicated key '%.*s' in DB %d",
                     (int)(entry_keylen(e) > 128 ? 128 : entry_keylen(e)), entry_key(e),
                     f->batch_db[si][i]);
            rc = -1;
        }
        entry_free(e);
    }
    ls->s->toucher = owner;
    pthread_mutex_unlock(&ls->lock);
    f->nbatch[si] = 0;
    size_t pos = f->in.pos;
    atomic_fetch_add_explicit(&g_persist.loading_loaded_bytes, pos - f->reported,
                              memory_order_relaxed);
    f->reported = pos;
    return rc;
}

static int on_entry(void *arg, int db, struct entry *e)
{
    struct load_file *f = arg;
    if (db < 0 || db >= f->l->shards[0].s->ndb) {
        snprintf(f->err, sizeof f->err,
                 "Data file was created with a server configured to handle more than %d "
                 "databases",
                 f->l->shards[0].s->ndb);
        entry_free(e);
        return -1;
    }
    if ((e->flags & ENTRY_HAS_EXPIRE) && entry_expire(e) < f->l->now_ms) {
        f->expired++;
        entry_free(e);
        return 0;
    }
    int si = shard_of_slot(slot_of_key(entry_key(e), entry_keylen(e)), f->l->nshards);
    if (!f->batch[si]) f->batch[si] = mem_alloc(LOAD_BATCH * sizeof(struct entry *));
    f->batch_db[si][f->nbatch[si]] = db;
    f->batch[si][f->nbatch[si]++] = e;
    f->keys++;
    atomic_fetch_add_explicit(&g_persist.loading_keys, 1, memory_order_relaxed);
    if (f->nbatch[si] == LOAD_BATCH) return flush_batch(f, si);
    return 0;
}

static void on_skip(void *arg, int db, const char *what, const char *key, size_t klen)
{
    struct load_file *f = arg;
    log_msg(LOG_WARNING, "%s: skipped %s%s%.*s in DB %d", f->path, what, key ? " " : "",
            key ? (int)(klen > 128 ? 128 : klen) : 0, key ? key : "", db);
}

static void on_aux(void *arg, const char *k, size_t klen, const char *v, size_t vlen)
{
    struct load_file *f = arg;
    if (klen == 8 && !memcmp(k, "redis-ver", 8))
        log_msg(LOG_NOTICE, "%s: RDB written by version %.*s", f->path, (int)vlen, v);
}

/* A function library: into the shared registry (replacing one of the same name). */
static int on_function(void *arg, const char *code, size_t len)
{
    struct load_file *f = arg;
    char err[512];
    if (function_load_from_rdb(code, len, err, sizeof err) == 0) return 0;
    rdb_in_fail(&f->in, "function library: %s", err);
    return -1;
}

static void *load_main(void *arg)
{
    struct load_file *f = arg;
    shard_thread_id = 100000 + f->thread_id;
    access_tick(f->l->now_ms); /* loaded keys start as just used */
    mem_thread_init(MEM_SLOT_LOADER + f->thread_id % MEM_LOADER_SLOTS);
    f->rc = -1;
    int fd = open(f->path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0) {
        snprintf(f->err, sizeof f->err, "can't open: %s", strerror(errno));
        if (fd >= 0) close(fd);
        return NULL;
    }
    size_t len = (size_t)st.st_size;
    void *map = len ? mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0) : NULL;
    close(fd);
    if (len && map == MAP_FAILED) {
        snprintf(f->err, sizeof f->err, "can't map: %s", strerror(errno));
        return NULL;
    }
    if (len) madvise(map, len, MADV_SEQUENTIAL);
    f->in = (struct rdb_in){.p = map, .len = len};
    const struct rdb_visitor v = {
        .on_aux = on_aux, .on_entry = on_entry, .on_skip = on_skip, .on_function = on_function};
    int rc = rdb_parse(&f->in, &v, f, CONFIG_GET(rdbchecksum));
    if (rc < 0 && !f->err[0]) snprintf(f->err, sizeof f->err, "%s", f->in.err);
    for (int si = 0; si < f->l->nshards; si++) {
        if (f->nbatch[si] && flush_batch(f, si) < 0) rc = -1;
        mem_free(f->batch[si]);
    }
    if (len) munmap(map, len);
    f->rc = rc < 0 ? -1 : 0;
    return NULL;
}

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Parses the files in parallel (at most MEM_LOADER_SLOTS at once), logging progress. */
static int load_files(struct loader *l, char **paths, int n)
{
    struct load_file *files = mem_calloc((size_t)n, sizeof *files);
    int64_t t0 = mono_ms(), last_log = t0;
    int rc = 0;
    for (int first = 0; first < n; first += MEM_LOADER_SLOTS) {
        int upto = first + MEM_LOADER_SLOTS < n ? first + MEM_LOADER_SLOTS : n;
        for (int i = first; i < upto; i++) {
            files[i] = (struct load_file){.l = l, .path = paths[i], .thread_id = i};
            pthread_create(&files[i].thread, NULL, load_main, &files[i]);
        }
        for (int i = first; i < upto; i++) {
            /* progress while waiting: keys, bytes and rate every few seconds */
            while (pthread_tryjoin_np(files[i].thread, NULL) == EBUSY) {
                struct timespec nap = {0, 50 * 1000000};
                nanosleep(&nap, NULL);
                int64_t now = mono_ms();
                if (now - last_log < LOG_EVERY_MS) continue;
                last_log = now;
                uint64_t b = atomic_load(&g_persist.loading_loaded_bytes);
                log_msg(LOG_NOTICE, "Loading: %llu keys, %.1f MB, %.1f MB/s",
                        (unsigned long long)atomic_load(&g_persist.loading_keys), b / 1e6,
                        b / 1e3 / (double)(now - t0 + 1));
            }
            if (files[i].rc < 0) {
                char msg[sizeof l->err];
                snprintf(msg, sizeof msg, "Error loading %s at offset %zu: %s", files[i].path,
                         files[i].in.pos, files[i].err);
                log_msg(LOG_WARNING, "%s", msg);
                if (!l->err[0]) snprintf(l->err, sizeof l->err, "%s", msg);
                rc = -1;
            }
        }
    }
    uint64_t keys = 0, expired = 0;
    for (int i = 0; i < n; i++) {
        keys += files[i].keys;
        expired += files[i].expired;
    }
    atomic_store(&g_persist.load_keys_loaded, keys);
    atomic_store(&g_persist.load_keys_expired, expired);
    if (rc == 0) {
        log_msg(LOG_NOTICE, "Done loading RDB, keys loaded: %llu, keys expired: %llu.",
                (unsigned long long)keys, (unsigned long long)expired);
        log_msg(LOG_NOTICE, "DB loaded from disk: %.3f seconds", (mono_ms() - t0) / 1000.0);
    }
    mem_free(files);
    return rc;
}

static uint64_t file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (uint64_t)st.st_size : 0;
}

static int load_set(struct shard **shards, int nshards, char **paths, int n, int merge, char *err,
                    size_t errlen)
{
    struct loader l = {.nshards = nshards, .merge = merge};
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    l.now_ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
    l.shards = mem_calloc((size_t)nshards, sizeof *l.shards);
    for (int i = 0; i < nshards; i++) {
        pthread_mutex_init(&l.shards[i].lock, NULL);
        l.shards[i].s = shards[i];
    }
    int rc = load_files(&l, paths, n);
    for (int i = 0; i < nshards; i++)
        pthread_mutex_destroy(&l.shards[i].lock);
    mem_free(l.shards);
    if (rc < 0) snprintf(err, errlen, "%s", l.err);
    return rc;
}

int persist_reload(struct shard **shards, int nshards, int merge, char *err, size_t errlen)
{
    char dir[PATH_MAX], base[NAME_MAX + 1];
    snprintf(dir, sizeof dir, "%s", CONFIG_GET_STR(dir));
    snapset_base(CONFIG_GET_STR(dbfilename), base, sizeof base);
    struct snapset set;
    int found = snapset_read(dir, base, &set, err, errlen);
    if (found == 0) snprintf(err, errlen, "no snapshot set to load in %s", dir);
    if (found <= 0) return -1;
    int rc = load_set(shards, nshards, set.files, set.nshards, merge, err, errlen);
    snapset_free(&set);
    return rc;
}

int persist_load(struct shard **shards, int nshards)
{
    char dir[PATH_MAX], base[NAME_MAX + 1], err[PATH_MAX + 128];
    snprintf(dir, sizeof dir, "%s", CONFIG_GET_STR(dir));
    snapset_base(CONFIG_GET_STR(dbfilename), base, sizeof base);
    struct snapset set;
    int found = snapset_read(dir, base, &set, err, sizeof err);
    if (found < 0) {
        log_msg(LOG_WARNING, "%s", err);
        fprintf(stderr, "%s\n", err);
        return -1;
    }
    char single[PATH_MAX + NAME_MAX + 2];
    char *one[1] = {single};
    char **paths = set.files;
    int n = set.nshards;
    if (!found) {
        snprintf(single, sizeof single, "%s/%s", dir, CONFIG_GET_STR(dbfilename));
        if (access(single, F_OK) < 0) { /* nothing saved yet */
            atomic_store_explicit(&g_persist.loading, 0, memory_order_release);
            gates_refresh();
            return 0;
        }
        paths = one;
        n = 1;
    }
    uint64_t total = 0;
    for (int i = 0; i < n; i++)
        total += file_size(paths[i]);
    atomic_store(&g_persist.loading_total_bytes, total);
    atomic_store(&g_persist.loading_start_unix, (int64_t)time(NULL));
    atomic_store(&g_persist.loading, 1);
    gates_refresh();
    if (found)
        log_msg(LOG_NOTICE, "Loading the snapshot set of generation %llu (%d files)",
                (unsigned long long)set.gen, n);
    int rc = load_set(shards, nshards, paths, n, 0, err, sizeof err);
    if (rc < 0) fprintf(stderr, "%s\n", err);
    if (found) snapset_free(&set);
    atomic_store_explicit(&g_persist.loading, 0, memory_order_release);
    gates_refresh();
    return rc;
}
