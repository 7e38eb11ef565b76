/* The Prometheus endpoint: plain HTTP on `metrics-port` (off when 0) with GET /metrics in
 * redis_exporter's metric names, so dashboards made for Redis work unchanged, plus
 * tessera_shard_* series, and GET /healthz. One thread of its own; it reads the server's numbers
 * the way redis_exporter does, through INFO on a loopback connection to the server's port, so it
 * adds no state the workers must share. */
#ifndef TESSERA_METRICS_H
#define TESSERA_METRICS_H

#include <stddef.h>

/* Opens the endpoint's sockets and starts its thread when metrics-port is set. Returns -1 with
 * err set when the port cannot be opened (start-up stops, as for the main port). Main thread. */
int metrics_start(char *err, size_t errlen);
/* Stops the thread and closes the sockets (main thread, at exit). */
void metrics_stop(void);

/* Text that grows (malloc'd: the endpoint's thread is not one of the threads whose memory
 * used_memory counts). */
struct metrics_buf {
    char *data;
    size_t len, cap;
};

/* Appends to out the Prometheus text exposition of INFO text (`INFO everything` followed by
 * `INFO shards`); up is 0 when the server could not be asked (info is then ignored). */
void metrics_render(const char *info, int up, struct metrics_buf *out);

#endif
