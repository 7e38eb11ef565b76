/* tessera-rdb-merge: turns a snapshot set (a manifest and one RDB file per shard) into one
 * dump.rdb that Redis, Valkey or Dragonfly loads, for moving a dataset out of Tessera.
 *
 *   tessera-rdb-merge <dir>/<base>.manifest out.rdb
 *
 * Each shard file is checked (header, EOF, checksum) and its records are copied between its
 * header and its EOF: a shard's records select their own database, and the AUX fields each file
 * repeats are accepted anywhere by Redis's loader. The output gets one header, one EOF and the
 * CRC64 of all of it, written through a temporary name. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include "persist/crc64.h"
#include "persist/snapfiles.h"

#define HEADER_LEN  9 /* "REDIS" and four digits */
#define TRAILER_LEN 9 /* EOF opcode and the checksum */

static int die(const char *fmt, const char *a, const char *b)
{
    fprintf(stderr, "tessera-rdb-merge: ");
    fprintf(stderr, fmt, a, b);
    fprintf(stderr, "\n");
    return 1;
}

static int out_write(FILE *out, uint64_t *crc, const void *p, size_t n)
{
    *crc = crc64(*crc, p, n);
    return fwrite(p, 1, n, out) == n ? 0 : -1;
}

/* Copies a shard file's records; -1 with a message when the file is not a whole RDB file. */
static int copy_records(const char *path, FILE *out, uint64_t *crc)
{
    int fd = open(path, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0) return die("can't open %s: %s", path, strerror(errno));
    size_t len = (size_t)st.st_size;
    if (len < HEADER_LEN + TRAILER_LEN) {
        close(fd);
        return die("%s is too short to be an RDB file%s", path, "");
    }
    const unsigned char *p = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (p == MAP_FAILED) return die("can't map %s: %s", path, strerror(errno));
    int rc = 0;
    uint64_t want = 0;
    for (int i = 0; i < 8; i++)
        want |= (uint64_t)p[len - 8 + i] << (8 * i);
    if (memcmp(p, "REDIS", 5) != 0)
        rc = die("%s does not start with an RDB header%s", path, "");
    else if (p[len - TRAILER_LEN] != 0xFF)
        rc = die("%s does not end with the RDB EOF opcode%s", path, "");
    else if (want && crc64(0, p, len - 8) != want)
        rc = die("%s fails its checksum%s", path, "");
    else if (out_write(out, crc, p + HEADER_LEN, len - HEADER_LEN - TRAILER_LEN) < 0)
        rc = die("write error: %s%s", strerror(errno), "");
    munmap((void *)p, len);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "Usage: tessera-rdb-merge <dir>/<base>.manifest <out.rdb>\n");
        return 2;
    }
    char dir[PATH_MAX], base[NAME_MAX + 1], err[PATH_MAX + 128];
    const char *slash = strrchr(argv[1], '/');
    const char *name = slash ? slash + 1 : argv[1];
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - argv[1]) : 1, slash ? argv[1] : ".");
    size_t nl = strlen(name);
    if (nl <= 9 || strcmp(name + nl - 9, ".manifest") != 0)
        return die("%s is not a manifest (<base>.manifest)%s", argv[1], "");
    snprintf(base, sizeof base, "%.*s", (int)(nl - 9), name);
    struct snapset set;
    int found = snapset_read(dir, base, &set, err, sizeof err);
    if (found <= 0) return die("%s%s", found ? err : "no manifest found", "");
    char tmp[PATH_MAX + 8];
    snprintf(tmp, sizeof tmp, "%s.tmp", argv[2]);
    FILE *out = fopen(tmp, "wb");
    if (!out) return die("can't create %s: %s", tmp, strerror(errno));
    uint64_t crc = 0;
    int rc = out_write(out, &crc, "REDIS0009", HEADER_LEN) < 0;
    for (int i = 0; i < set.nshards && !rc; i++)
        rc = copy_records(set.files[i], out, &crc);
    unsigned char trailer[TRAILER_LEN] = {0xFF};
    if (!rc) {
        crc = crc64(crc, trailer, 1);
        for (int i = 0; i < 8; i++)
            trailer[1 + i] = (unsigned char)(crc >> (8 * i));
        rc = fwrite(trailer, 1, TRAILER_LEN, out) != TRAILER_LEN;
    }
    if (fflush(out) != 0 || fsync(fileno(out)) != 0) rc = 1;
    fclose(out);
    if (!rc && rename(tmp, argv[2]) < 0)
        rc = die("can't rename to %s: %s", argv[2], strerror(errno));
    if (rc)
        unlink(tmp);
    else
        printf("%s: %d shard files merged\n", argv[2], set.nshards);
    snapset_free(&set);
    return rc;
}
