/* Snapshot sets on disk (see snapfiles.h): a crash at any moment leaves the previous complete
 * set loadable, because a set exists only once its manifest is renamed into place, and the files
 * it names are fsynced and renamed before that. Any thread. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "persist/crc64.h"
#include "persist/snapfiles.h"
#include "tessera/mem.h"

#define MANIFEST_MAGIC "tessera-snapshot 1"

/* Commits happen one at a time and never go back: a background save that ends after a newer
 * SAVE (FLUSHALL's, DEBUG RELOAD's) was committed must not replace it. Not the request path. */
static pthread_mutex_t commit_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t committed_gen;

void snapset_base(const char *dbfilename, char *base, size_t cap)
{
    size_t n = strlen(dbfilename);
    if (n > 4 && !strcmp(dbfilename + n - 4, ".rdb")) n -= 4;
    snprintf(base, cap, "%.*s", (int)n, dbfilename);
}

static void fail(char *err, size_t errlen, const char *what, const char *path)
{
    snprintf(err, errlen, "%s %s: %s", what, path, strerror(errno));
}

int snapfile_open(struct snapfile *f, const char *dir, const char *base, uint64_t gen, int shard,
                  int checksum, char *err, size_t errlen)
{
    snprintf(f->path, sizeof f->path, "%s/%s.%" PRIu64 ".%d.rdb", dir, base, gen, shard);
    snprintf(f->tmp, sizeof f->tmp, "%s.tmp", f->path);
    f->crc = 0;
    f->bytes = 0;
    f->checksum = checksum;
    f->fd = open(f->tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (f->fd < 0) {
        fail(err, errlen, "Failed opening the temp RDB file", f->tmp);
        return -1;
    }
    return 0;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int snapfile_write(struct snapfile *f, const void *p, size_t n, char *err, size_t errlen)
{
    if (f->checksum) f->crc = crc64(f->crc, p, n);
    if (write_all(f->fd, p, n) < 0) {
        fail(err, errlen, "Write error saving DB on disk,", f->tmp);
        return -1;
    }
    f->bytes += n;
    return 0;
}

/* Makes a rename or a new file in dir durable. */
static int fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

int snapfile_finish(struct snapfile *f, char *err, size_t errlen)
{
    unsigned char tail[8];
    uint64_t crc = f->checksum ? f->crc : 0;
    for (int i = 0; i < 8; i++)
        tail[i] = (unsigned char)(crc >> (8 * i));
    if (write_all(f->fd, (const char *)tail, 8) < 0) {
        fail(err, errlen, "Write error saving DB on disk,", f->tmp);
        snapfile_abort(f);
        return -1;
    }
    f->bytes += 8;
    if (fsync(f->fd) < 0) {
        fail(err, errlen, "Failed to fsync", f->tmp);
        snapfile_abort(f);
        return -1;
    }
    close(f->fd);
    f->fd = -1;
    if (rename(f->tmp, f->path) < 0) {
        fail(err, errlen, "Error moving temp DB file on the final destination", f->path);
        unlink(f->tmp);
        return -1;
    }
    return 0;
}

void snapfile_abort(struct snapfile *f)
{
    if (f->fd >= 0) close(f->fd);
    f->fd = -1;
    unlink(f->tmp);
}

/* Whether name is one of the set's files (`<base>.<gen>.<shard>.rdb`, maybe `.tmp`); *gen. */
static int set_file_gen(const char *name, const char *base, uint64_t *gen)
{
    size_t bl = strlen(base);
    if (strncmp(name, base, bl) || name[bl] != '.') return 0;
    char *end;
    errno = 0;
    unsigned long long g = strtoull(name + bl + 1, &end, 10);
    if (errno || end == name + bl + 1 || *end != '.') return 0;
    const char *p = end + 1;
    strtol(p, &end, 10);
    if (end == p || (strcmp(end, ".rdb") && strcmp(end, ".rdb.tmp"))) return 0;
    *gen = g;
    return 1;
}

static int do_commit(const char *dir, const char *base, uint64_t gen, int nshards, int64_t created,
                     char *err, size_t errlen);

int snapset_commit(const char *dir, const char *base, uint64_t gen, int nshards, int64_t created,
                   char *err, size_t errlen)
{
    pthread_mutex_lock(&commit_lock);
    int rc;
    if (gen < committed_gen) {
        snprintf(err, errlen, "a newer save (generation %" PRIu64 ") was committed first",
                 committed_gen);
        rc = -1;
    } else {
        rc = do_commit(dir, base, gen, nshards, created, err, errlen);
        if (rc == 0) committed_gen = gen;
    }
    pthread_mutex_unlock(&commit_lock);
    return rc;
}

/* Holds commit_lock. */
static int do_commit(const char *dir, const char *base, uint64_t gen, int nshards, int64_t created,
                     char *err, size_t errlen)
{
    char path[PATH_MAX], tmp[PATH_MAX + 8];
    snprintf(path, sizeof path, "%s/%s.manifest", dir, base);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "we");
    if (!f) {
        fail(err, errlen, "Failed opening the manifest", tmp);
        return -1;
    }
    fprintf(f, "%s\ngeneration %" PRIu64 "\ncreated %lld\nshards %d\n", MANIFEST_MAGIC, gen,
            (long long)created, nshards);
    for (int i = 0; i < nshards; i++)
        fprintf(f, "%s.%" PRIu64 ".%d.rdb\n", base, gen, i);
    int bad = fflush(f) != 0 || fsync(fileno(f)) != 0;
    if (fclose(f) != 0) bad = 1;
    if (bad || rename(tmp, path) < 0) {
        fail(err, errlen, "Failed writing the manifest", path);
        unlink(tmp);
        return -1;
    }
    if (fsync_dir(dir) < 0) {
        fail(err, errlen, "Failed to fsync the folder", dir);
        return -1;
    }
    /* The new set is the one to load: the others' files can go. */
    DIR *d = opendir(dir);
    if (!d) return 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        uint64_t g;
        if (set_file_gen(de->d_name, base, &g) && g != gen) unlinkat(dirfd(d), de->d_name, 0);
    }
    closedir(d);
    return 0;
}

void snapset_free(struct snapset *set)
{
    for (int i = 0; i < set->nshards; i++)
        mem_free(set->files[i]);
    set->nshards = 0;
}

int snapset_read(const char *dir, const char *base, struct snapset *set, char *err, size_t errlen)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s.manifest", dir, base);
    memset(set, 0, sizeof *set);
    FILE *f = fopen(path, "re");
    if (!f) {
        if (errno == ENOENT) return 0;
        fail(err, errlen, "Can't open the manifest", path);
        return -1;
    }
    char line[PATH_MAX];
    long long created = 0;
    unsigned long long gen = 0;
    int n = -1,
        ok = fgets(line, sizeof line, f) && !strncmp(line, MANIFEST_MAGIC, 18) &&
             fscanf(f, "generation %llu\ncreated %lld\nshards %d\n", &gen, &created, &n) == 3 &&
             n > 0 && n <= SNAPSET_MAX_SHARDS;
    set->gen = gen;
    set->created = created;
    for (int i = 0; ok && i < n; i++) {
        if (!fgets(line, sizeof line, f)) {
            ok = 0;
            break;
        }
        line[strcspn(line, "\r\n")] = '\0';
        if (!line[0] || strchr(line, '/')) {
            ok = 0;
            break;
        }
        size_t len = strlen(dir) + 1 + strlen(line) + 1;
        set->files[i] = mem_alloc(len);
        snprintf(set->files[i], len, "%s/%s", dir, line);
        set->nshards = i + 1;
        if (access(set->files[i], R_OK) < 0) {
            fail(err, errlen, "The manifest names a file that can't be read:", set->files[i]);
            fclose(f);
            snapset_free(set);
            return -1;
        }
    }
    fclose(f);
    if (!ok) {
        snprintf(err, errlen, "Bad manifest %s", path);
        snapset_free(set);
        return -1;
    }
    return 1;
}

uint64_t snapset_next_gen(const char *dir, const char *base)
{
    uint64_t top = 0;
    struct snapset set;
    char err[256];
    if (snapset_read(dir, base, &set, err, sizeof err) == 1) {
        top = set.gen;
        snapset_free(&set);
    }
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *de;
        while ((de = readdir(d))) {
            uint64_t g;
            if (set_file_gen(de->d_name, base, &g) && g > top) top = g;
        }
        closedir(d);
    }
    return top + 1;
}
