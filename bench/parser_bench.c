/* Times the RESP parser on one RPUSH with N one-byte values arriving in fixed-size reads, fed
 * the way client.c feeds it: a query buffer grown by realloc, a parse after each read unless a
 * bulk's data is still awaited, and the parsed bytes dropped from the front; then on many small
 * requests pipelined in one buffer, the common case, which must not get slower. Uses only the
 * parser calls every version had, so bench/parser_bench.sh can build it against an old one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tessera/resp_parser.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoull(argv[1], NULL, 10) : 1600000;
    size_t chunk = argc > 2 ? strtoull(argv[2], NULL, 10) : 16 * 1024;
    size_t cap = 64 + n * 7;
    char *wire = malloc(cap);
    size_t len = (size_t)snprintf(wire, cap, "*%zu\r\n$5\r\nRPUSH\r\n$4\r\nlist\r\n", n + 2);
    for (size_t i = 0; i < n; i++) {
        memcpy(wire + len, "$1\r\nx\r\n", 7);
        len += 7;
    }

    const struct resp_limits lim = {
        .max_bulk_len = 512ULL * 1024 * 1024,
        .max_multibulk = 2147483647,
        .max_inline = 64 * 1024,
    };
    struct resp_request req;
    resp_request_init(&req);
    char *qbuf = NULL;
    size_t qlen = 0, qcap = 0, qneed = 0, in = 0, calls = 0, requests = 0, args = 0;

    double t0 = now_s();
    while (in < len) {
        size_t got = len - in < chunk ? len - in : chunk;
        if (qlen + got > qcap) {
            qcap = qcap ? qcap : 1024;
            while (qcap < qlen + got)
                qcap *= 2;
            if (qneed > qcap) qcap = qneed;
            qbuf = realloc(qbuf, qcap);
        }
        memcpy(qbuf + qlen, wire + in, got);
        qlen += got;
        in += got;
        if (qneed && qlen < qneed) continue;
        size_t off = 0;
        while (off < qlen) {
            size_t used = 0;
            const char *err = NULL;
            enum resp_status st = resp_parse(&req, &lim, qbuf + off, qlen - off, &used, &err);
            calls++;
            if (st == RESP_ERROR) {
                fprintf(stderr, "protocol error: %s\n", err);
                return 1;
            }
            if (st == RESP_INCOMPLETE) {
                qneed = used;
                break;
            }
            qneed = 0;
            off += used;
            requests++;
            args += req.argc;
        }
        memmove(qbuf, qbuf + off, qlen - off);
        qlen -= off;
    }
    double t = now_s() - t0;

    if (requests != 1 || args != n + 2) {
        fprintf(stderr, "parsed %zu requests, %zu arguments\n", requests, args);
        return 1;
    }
    printf("%zu one-byte args (%.1f MB) in %zu-byte reads: %.3f s, %zu parse calls\n", n,
           (double)len / 1e6, chunk, t, calls);

    /* The common case must not pay for it: many small requests pipelined in one buffer. */
    const char one[] = "*3\r\n$3\r\nSET\r\n$6\r\nkey:42\r\n$3\r\nxyz\r\n";
    size_t nsmall = len / (sizeof(one) - 1);
    for (size_t i = 0; i < nsmall; i++)
        memcpy(wire + i * (sizeof(one) - 1), one, sizeof(one) - 1);
    size_t total = nsmall * (sizeof(one) - 1), off = 0;
    t0 = now_s();
    while (off < total) {
        size_t used = 0;
        const char *err = NULL;
        if (resp_parse(&req, &lim, wire + off, total - off, &used, &err) != RESP_DONE) {
            fprintf(stderr, "pipelined SET not parsed at %zu\n", off);
            return 1;
        }
        off += used;
    }
    t = now_s() - t0;
    printf("%zu pipelined 3-argument SETs in one buffer: %.1f ns each\n", nsmall,
           t * 1e9 / (double)nsmall);
    resp_request_free(&req);
    free(qbuf);
    free(wire);
    return 0;
}
