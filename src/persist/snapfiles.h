/* Snapshot sets on disk: the names of a set's files, one shard file written safely (a temporary
 * name, the RDB checksum, fsync, rename), and the manifest that names a complete set. A set is
 * `<dir>/<base>.<gen>.<shard>.rdb` for every shard plus `<dir>/<base>.manifest`, where base is
 * dbfilename without ".rdb". Any thread; the files of one set are written by one thread at once. */
#ifndef TESSERA_SNAPFILES_H
#define TESSERA_SNAPFILES_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#define SNAPSET_MAX_SHARDS 256

/* One shard file being written. */
struct snapfile {
    int fd;
    int checksum;   /* rdbchecksum: the file ends in the CRC64 of its bytes, else in zeros */
    uint64_t crc;   /* of every byte written so far */
    uint64_t bytes; /* written so far */
    char tmp[PATH_MAX + 8];
    char path[PATH_MAX];
};

/* A complete set, as its manifest names it. */
struct snapset {
    uint64_t gen;
    int64_t created; /* unix seconds */
    int nshards;
    char *files[SNAPSET_MAX_SHARDS]; /* absolute paths */
};

/* dbfilename without a trailing ".rdb": the stem of the set's names. */
void snapset_base(const char *dbfilename, char *base, size_t cap);

/* Opens `<dir>/<base>.<gen>.<shard>.rdb.tmp`; 0, or -1 with err. */
int snapfile_open(struct snapfile *f, const char *dir, const char *base, uint64_t gen, int shard,
                  int checksum, char *err, size_t errlen);
/* Appends bytes (all of them, or -1 with err). */
int snapfile_write(struct snapfile *f, const void *p, size_t n, char *err, size_t errlen);
/* Appends the 8-byte checksum, fsyncs, closes and renames the file to its final name. */
int snapfile_finish(struct snapfile *f, char *err, size_t errlen);
/* Closes and removes a file that will not be finished. */
void snapfile_abort(struct snapfile *f);

/* Makes generation gen (nshards finished files) the set to load: writes the manifest through a
 * temporary name, fsyncs it and the folder, then removes every other generation's files. One
 * commit at a time, and never one older than the last (-1 then, the files stay for the next). */
int snapset_commit(const char *dir, const char *base, uint64_t gen, int nshards, int64_t created,
                   char *err, size_t errlen);
/* Reads the manifest: 1 with set filled (snapset_free it), 0 when there is none, -1 with err
 * when it is unreadable or names a file that is missing. */
int snapset_read(const char *dir, const char *base, struct snapset *set, char *err, size_t errlen);
void snapset_free(struct snapset *set);
/* The generation the next save takes: above the manifest's and above every file of the set's
 * name in the folder (a save that died left a higher one behind). */
uint64_t snapset_next_gen(const char *dir, const char *base);

#endif
