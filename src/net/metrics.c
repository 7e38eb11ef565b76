/* The Prometheus endpoint (see metrics.h): a thread that accepts HTTP connections on
 * metrics-port one at a time (each with a 2 s budget to send its request and take the answer),
 * asks the server for `INFO everything` and `INFO shards` over a loopback RESP connection, and
 * answers in redis_exporter's names. GET /healthz answers 200 when the server answers PING and
 * has loaded its data, 503 otherwise. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "net/listener.h"
#include "net/metrics.h"
#include "server/log.h"
#include "tessera/config.h"

#define MAX_LISTENERS 16
#define REQUEST_MAX   8192
#define IO_TIMEOUT_MS 2000
#define REPLY_MAX     (64u << 20) /* a bulk reply larger than this is not INFO */

/* ---- text out ---- */

static void put(struct metrics_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->data, cap);
        if (!p) return; /* the page comes out short; the next scrape tries again */
        b->data = p;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

static void putf(struct metrics_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void putf(struct metrics_buf *b, const char *fmt, ...)
{
    char tmp[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0) put(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* A label value: backslash, double quote and newline escaped, as the text format wants. */
static void put_label(struct metrics_buf *b, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\\' || s[i] == '"')
            put(b, "\\", 1);
        else if (s[i] == '\n') {
            put(b, "\\n", 2);
            continue;
        }
        put(b, s + i, 1);
    }
}

static void family(struct metrics_buf *b, const char *name, const char *type, const char *help)
{
    putf(b, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* ---- INFO text in ---- */

/* The value of `name:` in INFO text (up to the end of its line), or NULL. */
static const char *info_field(const char *info, const char *name, size_t *vlen)
{
    size_t n = strlen(name);
    for (const char *p = info; p && *p;) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        if (len > n && !memcmp(p, name, n) && p[n] == ':') {
            *vlen = len - n - 1;
            if (*vlen && p[len - 1] == '\r') (*vlen)--;
            return p + n + 1;
        }
        p = eol ? eol + 1 : NULL;
    }
    return NULL;
}

/* `key=value` in a `k=v,k=v` list: the value as a number (0 when absent). */
static double kv_number(const char *v, size_t vlen, const char *key)
{
    size_t k = strlen(key);
    for (const char *p = v; p < v + vlen;) {
        const char *comma = memchr(p, ',', (size_t)(v + vlen - p));
        const char *end = comma ? comma : v + vlen;
        if ((size_t)(end - p) > k && !memcmp(p, key, k) && p[k] == '=')
            return strtod(p + k + 1, NULL);
        p = end + 1;
    }
    return 0;
}

/* Calls fn for every line `<prefix><name>:<value>`. */
static void each_line(const char *info, const char *prefix,
                      void (*fn)(const char *name, size_t nlen, const char *v, size_t vlen,
                                 void *arg),
                      void *arg)
{
    size_t plen = strlen(prefix);
    for (const char *p = info; p && *p;) {
        const char *eol = strchr(p, '\n');
        size_t len = eol ? (size_t)(eol - p) : strlen(p);
        if (len && p[len - 1] == '\r') len--;
        const char *colon = memchr(p, ':', len);
        if (colon && len > plen && !memcmp(p, prefix, plen) && colon > p + plen)
            fn(p + plen, (size_t)(colon - p - plen), colon + 1, (size_t)(p + len - colon - 1), arg);
        p = eol ? eol + 1 : NULL;
    }
}

/* ---- the metrics ---- */

struct scalar {
    const char *field, *name, *type;
};

/* INFO fields as redis_exporter names them. */
static const struct scalar scalars[] = {
    {"uptime_in_seconds", "redis_uptime_in_seconds", "gauge"},
    {"process_id", "redis_process_id", "gauge"},
    {"connected_clients", "redis_connected_clients", "gauge"},
    {"blocked_clients", "redis_blocked_clients", "gauge"},
    {"tracking_clients", "redis_tracking_clients", "gauge"},
    {"used_memory", "redis_memory_used_bytes", "gauge"},
    {"used_memory_rss", "redis_memory_used_rss_bytes", "gauge"},
    {"used_memory_peak", "redis_memory_used_peak_bytes", "gauge"},
    {"used_memory_startup", "redis_memory_used_startup_bytes", "gauge"},
    {"used_memory_dataset", "redis_memory_used_dataset_bytes", "gauge"},
    {"used_memory_lua", "redis_memory_used_lua_bytes", "gauge"},
    {"maxmemory", "redis_memory_max_bytes", "gauge"},
    {"mem_fragmentation_ratio", "redis_mem_fragmentation_ratio", "gauge"},
    {"loading", "redis_loading_dump_file", "gauge"},
    {"rdb_changes_since_last_save", "redis_rdb_changes_since_last_save", "gauge"},
    {"rdb_bgsave_in_progress", "redis_rdb_bgsave_in_progress", "gauge"},
    {"rdb_last_save_time", "redis_rdb_last_save_timestamp_seconds", "gauge"},
    {"rdb_last_bgsave_time_sec", "redis_rdb_last_bgsave_duration_sec", "gauge"},
    {"rdb_current_bgsave_time_sec", "redis_rdb_current_bgsave_duration_sec", "gauge"},
    {"total_connections_received", "redis_connections_received_total", "counter"},
    {"total_commands_processed", "redis_commands_processed_total", "counter"},
    {"instantaneous_ops_per_sec", "redis_instantaneous_ops_per_sec", "gauge"},
    {"instantaneous_input_kbps", "redis_instantaneous_input_kbps", "gauge"},
    {"instantaneous_output_kbps", "redis_instantaneous_output_kbps", "gauge"},
    {"total_net_input_bytes", "redis_net_input_bytes_total", "counter"},
    {"total_net_output_bytes", "redis_net_output_bytes_total", "counter"},
    {"rejected_connections", "redis_rejected_connections_total", "counter"},
    {"expired_keys", "redis_expired_keys_total", "counter"},
    {"evicted_keys", "redis_evicted_keys_total", "counter"},
    {"evicted_clients", "redis_evicted_clients_total", "counter"},
    {"keyspace_hits", "redis_keyspace_hits_total", "counter"},
    {"keyspace_misses", "redis_keyspace_misses_total", "counter"},
    {"pubsub_channels", "redis_pubsub_channels", "gauge"},
    {"pubsub_patterns", "redis_pubsub_patterns", "gauge"},
    {"total_error_replies", "redis_total_error_replies", "counter"},
    {"connected_slaves", "redis_connected_slaves", "gauge"},
    {"used_cpu_sys", "redis_cpu_sys_seconds_total", "counter"},
    {"used_cpu_user", "redis_cpu_user_seconds_total", "counter"},
    {"used_cpu_sys_children", "redis_cpu_sys_children_seconds_total", "counter"},
    {"used_cpu_user_children", "redis_cpu_user_children_seconds_total", "counter"},
};

/* Labels of redis_instance_info, from INFO fields of the same names. */
static const char *const instance_labels[] = {
    "redis_version", "redis_build_id", "redis_mode", "os",        "maxmemory_policy",
    "role",          "run_id",         "tcp_port",   "process_id"};
static const char *const tessera_labels[] = {"tessera_version", "io_backend"};

static void info_labels(struct metrics_buf *b, const char *info, const char *const *names, size_t n)
{
    put(b, "{", 1);
    for (size_t i = 0; i < n; i++) {
        size_t vlen = 0;
        const char *v = info_field(info, names[i], &vlen);
        putf(b, "%s%s=\"", i ? "," : "", names[i]);
        if (v) put_label(b, v, vlen);
        put(b, "\"", 1);
    }
    put(b, "} 1\n", 4);
}

/* One labelled series per matching line: name{label="<name of the line>"} value-of-key. */
struct series {
    struct metrics_buf *b;
    const char *metric, *label, *key;
    double scale;
    const char *extra;     /* a further label, as `,direction="sent"`, or "" */
    const char *label_pre; /* put before the line's name in the label ("db" for "db0") */
};

static void series_line(const char *name, size_t nlen, const char *v, size_t vlen, void *arg)
{
    struct series *s = arg;
    putf(s->b, "%s{%s=\"%s", s->metric, s->label, s->label_pre);
    put_label(s->b, name, nlen);
    putf(s->b, "\"%s} %.17g\n", s->extra, kv_number(v, vlen, s->key) * s->scale);
}

static void series(struct metrics_buf *b, const char *info, const char *prefix, const char *metric,
                   const char *type, const char *help, const char *label, const char *key,
                   double scale)
{
    family(b, metric, type, help);
    struct series s = {b, metric, label, key, scale, "", strcmp(label, "db") ? "" : "db"};
    each_line(info, prefix, series_line, &s);
}

void metrics_render(const char *info, int up, struct metrics_buf *b)
{
    family(b, "redis_up", "gauge", "Whether the server answered INFO");
    putf(b, "redis_up %d\n", up ? 1 : 0);
    if (!up) return;

    family(b, "redis_instance_info", "gauge", "Information about the server");
    put(b, "redis_instance_info", strlen("redis_instance_info"));
    info_labels(b, info, instance_labels, sizeof instance_labels / sizeof *instance_labels);
    family(b, "tessera_info", "gauge", "Tessera's version and event loop");
    put(b, "tessera_info", strlen("tessera_info"));
    info_labels(b, info, tessera_labels, sizeof tessera_labels / sizeof *tessera_labels);

    for (size_t i = 0; i < sizeof scalars / sizeof *scalars; i++) {
        size_t vlen;
        const char *v = info_field(info, scalars[i].field, &vlen);
        if (!v) continue;
        family(b, scalars[i].name, scalars[i].type, scalars[i].field);
        putf(b, "%s %.17g\n", scalars[i].name, strtod(v, NULL));
    }
    size_t vlen;
    const char *st = info_field(info, "rdb_last_bgsave_status", &vlen);
    if (st) {
        family(b, "redis_rdb_last_bgsave_status", "gauge", "rdb_last_bgsave_status: 1 ok");
        putf(b, "redis_rdb_last_bgsave_status %d\n", vlen == 2 && !memcmp(st, "ok", 2));
    }

    series(b, info, "cmdstat_", "redis_commands_total", "counter", "Calls per command", "cmd",
           "calls", 1);
    series(b, info, "cmdstat_", "redis_commands_duration_seconds_total", "counter",
           "Time spent per command", "cmd", "usec", 1e-6);
    series(b, info, "cmdstat_", "redis_commands_rejected_calls_total", "counter",
           "Calls refused before running, per command", "cmd", "rejected_calls", 1);
    series(b, info, "cmdstat_", "redis_commands_failed_calls_total", "counter",
           "Calls that failed while running, per command", "cmd", "failed_calls", 1);
    series(b, info, "errorstat_", "redis_errors_total", "counter", "Error replies per error code",
           "err", "count", 1);
    /* redis_exporter's db label is "db0" (series puts back the prefix each_line cut). */
    series(b, info, "db", "redis_db_keys", "gauge", "Keys per database", "db", "keys", 1);
    series(b, info, "db", "redis_db_keys_expiring", "gauge", "Keys with a TTL per database", "db",
           "expires", 1);
    series(b, info, "db", "redis_db_avg_ttl_seconds", "gauge", "Average TTL per database", "db",
           "avg_ttl", 1e-3);

    series(b, info, "shard", "tessera_shard_keys", "gauge", "Keys per shard (every database)",
           "shard", "keys", 1);
    series(b, info, "shard", "tessera_shard_expiring_keys", "gauge", "Keys with a TTL per shard",
           "shard", "expires", 1);
    series(b, info, "shard", "tessera_shard_clients", "gauge", "Connections of each shard's worker",
           "shard", "clients", 1);
    series(b, info, "shard", "tessera_shard_blocked_clients", "gauge",
           "Clients blocked on each shard's worker", "shard", "blocked_clients", 1);
    series(b, info, "shard", "tessera_shard_commands_processed_total", "counter",
           "Commands run by each shard's worker", "shard", "commands_processed", 1);
    family(b, "tessera_shard_mailbox_messages_total", "counter",
           "Messages between workers, per shard and direction");
    struct series s = {b,       "tessera_shard_mailbox_messages_total",
                       "shard", "mailbox_sent",
                       1,       ",direction=\"sent\"",
                       ""};
    each_line(info, "shard", series_line, &s);
    s.key = "mailbox_received";
    s.extra = ",direction=\"received\"";
    each_line(info, "shard", series_line, &s);
}

/* ---- asking the server ---- */

struct conn {
    int fd;
    char buf[4096];
    size_t off, len;
};

static void set_timeouts(int fd)
{
    struct timeval tv = {.tv_sec = IO_TIMEOUT_MS / 1000, .tv_usec = (IO_TIMEOUT_MS % 1000) * 1000};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

/* The server's own port on the loopback address its bind list allows (the first address when
 * it listens on none of them). */
static int connect_server(void)
{
    char bind[1024];
    config_copy_string(&g_config.bind, bind, sizeof bind);
    const char *addr = NULL;
    char first[128] = "";
    char *save = NULL;
    for (char *t = strtok_r(bind[0] ? bind : (char[]){"* -::*"}, " ", &save); t;
         t = strtok_r(NULL, " ", &save)) {
        if (*t == '-') t++;
        if (!first[0]) snprintf(first, sizeof first, "%s", t);
        if (!strcmp(t, "*") || !strcmp(t, "0.0.0.0") || !strcmp(t, "127.0.0.1")) {
            addr = "127.0.0.1";
            break;
        }
        if (!addr && (!strcmp(t, "::*") || !strcmp(t, "::") || !strcmp(t, "::1"))) addr = "::1";
    }
    if (!addr) addr = first;
    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    socklen_t len;
    if (strchr(addr, ':')) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons((uint16_t)g_config.port);
        if (inet_pton(AF_INET6, addr, &a->sin6_addr) != 1) return -1;
        len = sizeof *a;
    } else {
        struct sockaddr_in *a = (struct sockaddr_in *)&ss;
        a->sin_family = AF_INET;
        a->sin_port = htons((uint16_t)g_config.port);
        if (inet_pton(AF_INET, addr, &a->sin_addr) != 1) return -1;
        len = sizeof *a;
    }
    int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return -1;
    set_timeouts(fd);
    if (connect(fd, (struct sockaddr *)&ss, len) < 0) {
        close(fd);
        return -1;
    }
    return fd;
}

static int conn_byte(struct conn *c)
{
    if (c->off == c->len) {
        ssize_t n = recv(c->fd, c->buf, sizeof c->buf, 0);
        if (n <= 0) return -1;
        c->off = 0;
        c->len = (size_t)n;
    }
    return (unsigned char)c->buf[c->off++];
}

/* One reply: its first byte (+ - $ ...) and, for a bulk string, its body in *out (malloc'd,
 * NUL-terminated); the text of a status or error too. -1 when the connection fails. */
static int read_reply(struct conn *c, char **out)
{
    char line[256];
    size_t n = 0;
    int ch;
    while ((ch = conn_byte(c)) >= 0 && ch != '\n')
        if (n < sizeof line - 1) line[n++] = (char)ch;
    if (ch < 0 || n < 2) return -1;
    line[n - 1] = '\0'; /* the \r */
    *out = NULL;
    if (line[0] != '$') {
        *out = strdup(line + 1);
        return line[0];
    }
    long long blen = strtoll(line + 1, NULL, 10);
    if (blen < 0 || (unsigned long long)blen > REPLY_MAX) return -1;
    char *body = malloc((size_t)blen + 3);
    if (!body) return -1;
    for (long long i = 0; i < blen + 2; i++) {
        if ((ch = conn_byte(c)) < 0) {
            free(body);
            return -1;
        }
        body[i] = (char)ch;
    }
    body[blen] = '\0';
    *out = body;
    return '$';
}

static int send_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w <= 0) return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Sends the commands (RESP, the AUTH first when there is a password) and reads one reply per
 * command: the bulk replies of the last `want` commands are joined into *text. Returns 0, or -1
 * (with *why set) when the server cannot be asked. */
static int ask(const char *commands, int ncommands, int want, char **text, const char **why)
{
    char pass[512];
    config_copy_string(&g_config.requirepass, pass, sizeof pass);
    struct conn c = {.fd = connect_server()};
    *text = NULL;
    if (c.fd < 0) return *why = "cannot connect", -1;
    struct metrics_buf req = {0};
    if (pass[0]) {
        putf(&req, "*2\r\n$4\r\nAUTH\r\n$%zu\r\n", strlen(pass));
        put(&req, pass, strlen(pass));
        put(&req, "\r\n", 2);
    }
    put(&req, commands, strlen(commands));
    int rc = send_all(c.fd, req.data, req.len);
    free(req.data);
    struct metrics_buf all = {0};
    int replies = ncommands + (pass[0] ? 1 : 0);
    for (int i = 0; rc == 0 && i < replies; i++) {
        char *body;
        int kind = read_reply(&c, &body);
        if (kind < 0) {
            *why = "no reply";
            rc = -1;
        } else if (kind == '-') {
            *why = strncmp(body, "LOADING", 7) ? "error reply" : "loading";
            rc = -1;
        } else if (kind == '$' && i >= replies - want) {
            put(&all, body, strlen(body));
        }
        free(body);
    }
    close(c.fd);
    if (rc == 0)
        *text = all.data ? all.data : strdup("");
    else
        free(all.data);
    return rc;
}

/* ---- HTTP ---- */

static void respond(int fd, int head, const char *status, const char *type, const char *body,
                    size_t len)
{
    char hdr[256];
    int n = snprintf(hdr, sizeof hdr,
                     "HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
                     "Connection: close\r\n\r\n",
                     status, type, len);
    if (send_all(fd, hdr, (size_t)n) == 0 && !head) send_all(fd, body, len);
}

#define INFO_COMMANDS                                                                              \
    "*2\r\n$4\r\nINFO\r\n$10\r\neverything\r\n*2\r\n$4\r\nINFO\r\n$6\r\nshards\r\n"

static void serve(int fd)
{
    set_timeouts(fd);
    char req[REQUEST_MAX + 1];
    size_t n = 0;
    while (n < REQUEST_MAX) {
        ssize_t r = recv(fd, req + n, REQUEST_MAX - n, 0);
        if (r <= 0) break;
        n += (size_t)r;
        req[n] = '\0';
        if (strstr(req, "\r\n\r\n") || strstr(req, "\n\n")) break;
    }
    req[n] = '\0';
    char method[8] = "", path[256] = "";
    if (sscanf(req, "%7s %255s", method, path) != 2) {
        respond(fd, 0, "400 Bad Request", "text/plain", "bad request\n", 12);
        return;
    }
    int head = !strcmp(method, "HEAD");
    if (strcmp(method, "GET") && !head) {
        respond(fd, 0, "405 Method Not Allowed", "text/plain", "method not allowed\n", 19);
        return;
    }
    path[strcspn(path, "?")] = '\0';
    const char *why = NULL;
    char *text = NULL;
    if (!strcmp(path, "/metrics")) {
        int up = ask(INFO_COMMANDS, 2, 2, &text, &why) == 0;
        struct metrics_buf out = {0};
        metrics_render(up ? text : "", up, &out);
        respond(fd, head, "200 OK", "text/plain; version=0.0.4; charset=utf-8",
                out.data ? out.data : "", out.len);
        free(out.data);
    } else if (!strcmp(path, "/healthz")) {
        /* PING, and the data loaded: INFO persistence answers LOADING's error while loading. */
        int ok = ask("*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nINFO\r\n$11\r\npersistence\r\n", 2, 1, &text,
                     &why) == 0;
        size_t vlen;
        const char *loading = ok ? info_field(text, "loading", &vlen) : NULL;
        if (ok && loading && *loading == '1') ok = 0, why = "loading";
        if (ok)
            respond(fd, head, "200 OK", "text/plain", "ok\n", 3);
        else {
            char msg[64];
            int m = snprintf(msg, sizeof msg, "%s\n", why ? why : "unavailable");
            respond(fd, head, "503 Service Unavailable", "text/plain", msg, (size_t)m);
        }
    } else {
        respond(fd, head, "404 Not Found", "text/plain", "not found: try /metrics\n", 24);
    }
    free(text);
}

/* ---- the thread ---- */

static int listen_fds[MAX_LISTENERS];
static int nlisten;
static pthread_t thread;
static _Atomic int stopping;

static void *metrics_main(void *arg)
{
    (void)arg;
    struct pollfd pfds[MAX_LISTENERS];
    for (int i = 0; i < nlisten; i++)
        pfds[i] = (struct pollfd){.fd = listen_fds[i], .events = POLLIN};
    while (!atomic_load(&stopping)) {
        if (poll(pfds, (nfds_t)nlisten, 200) <= 0) continue;
        for (int i = 0; i < nlisten; i++) {
            if (!(pfds[i].revents & POLLIN)) continue;
            int fd = accept4(listen_fds[i], NULL, NULL, SOCK_CLOEXEC);
            if (fd < 0) continue;
            serve(fd);
            close(fd);
        }
    }
    return NULL;
}

int metrics_start(char *err, size_t errlen)
{
    int port = g_config.metrics_port;
    if (port <= 0) return 0;
    err[0] = '\0';
    nlisten = listener_open_port(listen_fds, MAX_LISTENERS, port, err, errlen);
    if (nlisten <= 0) return -1;
    for (int i = 0; i < nlisten; i++)
        fcntl(listen_fds[i], F_SETFL, fcntl(listen_fds[i], F_GETFL) | O_NONBLOCK);
    /* Signals are the main thread's to take (server_run waits for SIGTERM there). */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_BLOCK, &all, &old);
    int rc = pthread_create(&thread, NULL, metrics_main, NULL);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (rc != 0) {
        snprintf(err, errlen, "cannot start the metrics thread");
        return -1;
    }
    pthread_setname_np(thread, "tessera-metrics");
    log_msg(LOG_NOTICE, "Prometheus metrics on port %d: GET /metrics, GET /healthz", port);
    return 0;
}

void metrics_stop(void)
{
    if (nlisten <= 0) return;
    atomic_store(&stopping, 1);
    pthread_join(thread, NULL);
    for (int i = 0; i < nlisten; i++)
        close(listen_fds[i]);
    nlisten = 0;
}
