/* The persistence thread (see saver.h): it sleeps on an eventfd until a worker hands over a
 * chunk, writes chunks to their shard's temporary file, and when every shard of a save has sent
 * its last chunk, finishes the files and commits the set (snapfiles.c). A failed write drops the
 * rest of that save; the shards still finish their walks, which the next save relies on. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "cmd/gates.h"
#include "persist/persist.h"
#include "persist/saver.h"
#include "server/log.h"
#include "tessera/mailbox.h"
#include "tessera/mem.h"

#define SAVER_RING_SIZE                                                                            \
    16 /* chunks (of about 1 MB) in flight per shard: bounds the memory a save takes */

static struct mailbox_mesh *rings; /* [shard] -> [nshards]: the saver is the last member */
static int nrings;
static int wake_fd = -1;
static pthread_t thread;
static _Atomic int stopping;
static int running;
static struct save_job *_Atomic active; /* the save under way, until job_end */

/* progress lines during a long save, as while loading */
#define PROGRESS_EVERY_MS 2000
static uint64_t progress_bytes;
static int64_t progress_start_ms, progress_last_ms;

void saver_begin(struct save_job *j)
{
    atomic_store(&active, j);
}

int saver_send(int shard, struct save_chunk *c)
{
    if (!mailbox_send(rings, shard, nrings, c)) return 0;
    uint64_t one = 1;
    ssize_t w = write(wake_fd, &one, sizeof one);
    (void)w; /* a full counter means it is awake anyway */
    return 1;
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void job_fail(struct save_job *j, const char *why)
{
    if (!j->failed) log_msg(LOG_WARNING, "%s", why);
    j->failed = 1;
    for (int i = 0; i < j->nshards; i++)
        if (j->files[i].fd >= 0) snapfile_abort(&j->files[i]);
}

/* Every shard's last chunk is in: commit the set, or report the failure. */
static void job_end(struct save_job *j)
{
    char err[PATH_MAX + 128];
    int64_t end = now_ms();
    if (!j->failed &&
        snapset_commit(j->dir, j->base, j->gen, j->nshards, end / 1000, err, sizeof err) < 0)
        job_fail(j, err);
    int ok = !j->failed;
    if (atomic_load(&j->cancelled)) {
        log_msg(LOG_NOTICE, "Background saving dropped: a FLUSHALL saved the empty dataset");
        atomic_store(&g_persist.done_gen, j->gen);
        atomic_store(&active, NULL);
        atomic_store(&g_persist.bgsave_in_progress, 0);
        mem_free(j);
        return;
    }
    atomic_store(&g_persist.last_bgsave_failed, !ok);
    gates_refresh();
    atomic_store(&g_persist.last_bgsave_secs, (end - j->start_ms + 500) / 1000);
    if (ok) {
        atomic_store(&g_persist.last_save_unix, end / 1000);
        atomic_fetch_add(&g_persist.saves, 1);
        atomic_store(&g_persist.ok_gen, j->gen);
        log_msg(LOG_NOTICE, "DB saved on disk");
        log_msg(LOG_NOTICE, "Background saving terminated with success");
    } else {
        log_msg(LOG_WARNING, "Background saving error");
    }
    atomic_store(&g_persist.done_gen, j->gen);
    atomic_store(&active, NULL);
    atomic_store(&g_persist.bgsave_in_progress, 0);
    mem_free(j);
}

void saver_cancel(void)
{
    struct save_job *j = atomic_load(&active);
    if (j) atomic_store(&j->cancelled, 1);
}

static void progress(struct save_job *j, size_t n)
{
    int64_t now = now_ms();
    if (progress_start_ms < j->start_ms) { /* a new save */
        progress_start_ms = progress_last_ms = j->start_ms;
        progress_bytes = 0;
    }
    progress_bytes += n;
    if (now - progress_last_ms < PROGRESS_EVERY_MS) return;
    progress_last_ms = now;
    log_msg(LOG_NOTICE, "Background saving: %llu keys, %.1f MB written, %.1f MB/s",
            (unsigned long long)atomic_load(&g_persist.keys_processed), progress_bytes / 1e6,
            progress_bytes / 1e3 / (double)(now - progress_start_ms + 1));
}

static void on_chunk(struct save_chunk *c)
{
    struct save_job *j = c->job;
    if (!j->failed && atomic_load(&j->cancelled)) {
        j->failed = 1; /* quietly: nothing went wrong */
        for (int i = 0; i < j->nshards; i++)
            if (j->files[i].fd >= 0) snapfile_abort(&j->files[i]);
    }
    struct snapfile *f = &j->files[c->shard];
    char err[PATH_MAX + 128];
    if (!j->failed && f->fd < 0 &&
        snapfile_open(f, j->dir, j->base, j->gen, c->shard, j->checksum, err, sizeof err) < 0)
        job_fail(j, err);
    if (!j->failed && snapfile_write(f, c->buf, c->len, err, sizeof err) < 0) job_fail(j, err);
    progress(j, c->len);
    if (c->last) {
        if (!j->failed && snapfile_finish(f, err, sizeof err) < 0) job_fail(j, err);
        f->fd = -1;
        if (++j->lasts == j->nshards) job_end(j);
    }
    mem_free(c->buf);
    mem_free(c);
}

/* Takes what the shards sent; 1 if there was anything. */
static int drain(void)
{
    int any = 0;
    for (int i = 0; i < nrings; i++) {
        struct save_chunk *c;
        while ((c = mailbox_recv(rings, i, nrings))) {
            on_chunk(c);
            any = 1;
        }
    }
    return any;
}

static void *saver_main(void *arg)
{
    (void)arg;
    mem_thread_init(MEM_SLOT_SAVER);
    /* Background work: below the workers, so a save under way costs requests as little
     * latency as it can (Linux nices a thread on its own through its tid). */
    if (setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10) < 0)
        log_msg(LOG_VERBOSE, "persistence thread: setpriority: %s", strerror(errno));
    while (!atomic_load(&stopping)) {
        if (drain()) continue;
        struct pollfd p = {.fd = wake_fd, .events = POLLIN};
        if (poll(&p, 1, 1000) > 0) {
            uint64_t n;
            ssize_t r = read(wake_fd, &n, sizeof n);
            (void)r;
        }
    }
    return NULL;
}

void saver_start(int nshards)
{
    nrings = nshards;
    rings = mailbox_mesh_new(nshards + 1, SAVER_RING_SIZE);
    wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    atomic_store(&stopping, 0);
    running = pthread_create(&thread, NULL, saver_main, NULL) == 0;
    if (running) pthread_setname_np(thread, "tessera-saver");
}

/* After the workers stopped: a save under way is dropped (its temporary files removed). */
void saver_stop(void)
{
    if (running) {
        atomic_store(&stopping, 1);
        uint64_t one = 1;
        ssize_t w = write(wake_fd, &one, sizeof one);
        (void)w;
        pthread_join(thread, NULL);
        running = 0;
    }
    struct save_job *j = atomic_load(&active);
    if (j) job_fail(j, "Background saving interrupted by shutdown");
    for (int i = 0; i < nrings; i++) {
        struct save_chunk *c;
        while ((c = mailbox_recv(rings, i, nrings)))
            on_chunk(c);
    }
    j = atomic_load(&active);
    if (j) { /* some shards never finished their walk: nobody else holds the job now */
        atomic_store(&g_persist.bgsave_in_progress, 0);
        atomic_store(&active, NULL);
        mem_free(j);
    }
    if (rings) mailbox_mesh_free(rings);
    rings = NULL;
    if (wake_fd >= 0) close(wake_fd);
    wake_fd = -1;
}
