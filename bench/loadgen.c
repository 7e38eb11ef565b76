/* Load generator for bench/pubsub.sh and bench/multi.sh: one thread, one epoll set, many
 * connections to one server. Every reply of these loads has a fixed shape, so each connection's
 * input is checked byte for byte against the stream it must be (a memcmp per read, no RESP
 * parser), which keeps the generator cheap enough that the server, not it, is the bottleneck;
 * its own CPU use over the run is printed so that can be checked.
 *
 *   loadgen pubsub -p PORT -i SERVER_PID [-s subscribers] [-u publishers] [-n messages]
 *                  [-d payload bytes] [-w publishes in flight per publisher] [-t seconds]
 *       Subscribes -s connections to one channel, waits for every confirmation, then the
 *       publishers send -n PUBLISHes in all (pipelined, at most -w unanswered each); the clock
 *       stops when every subscriber has received every message and every PUBLISH is answered.
 *   loadgen multi|plain -p PORT -i SERVER_PID [-c clients] [-n blocks] [-b sets per block]
 *                  [-k shards] [-r keyspace] [-d value bytes] [-w blocks in flight] [-t seconds]
 *       Each client sends blocks back to back, each in one write: MULTI, -b SETs, EXEC (multi)
 *       or the -b SETs alone (plain), and reads the block's replies before sending the next
 *       (with -w 1). The i-th SET of a block takes a random key of the keyspace whose Redis
 *       Cluster slot mod -k is i mod -k, so with -k 2 every block touches both shards of
 *       tessera-server --threads 2 (shard = slot mod threads).
 *
 * Prints one line of key=value figures; the server's CPU time is utime+stime of /proc/PID/stat
 * (every thread) from the first request sent to the last reply read; deliv_per_read (pubsub) is
 * how many messages a subscriber's read brought on average, i.e. how well the server batches. Exit
 * status 0 when done, 3 when the server answered "unknown command" (the feature is missing), 2 on
 * any other error reply, mismatch, lost connection or -t seconds without progress. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum role { SUBSCRIBER, PUBLISHER, CLIENT };

struct conn {
    int fd;
    enum role role;
    /* Expected input: `head` once, then `frame` over and over; `pos` is the offset reached in
     * the current one. */
    const char *head, *frame;
    size_t head_len, frame_len, pos;
    int in_head;
    uint64_t frames; /* frames matched: messages (subscriber), blocks (client) */
    uint64_t target; /* frames (subscriber, client) or PUBLISHes (publisher) to reach */
    uint64_t sent;   /* blocks (client) sent */
    /* Publisher: bytes sent of its target * req_len, replies read, integer reply parse state. */
    uint64_t sent_bytes, replies;
    long long ival;
    int in_int;
    /* Client: unsent output. */
    char *out;
    size_t out_off, out_len, out_cap;
    int want_out;
    uint64_t rng;
};

static int ep;
static long port, server_pid;
static double timeout_s = 10;
static char mode[16];

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double self_cpu_s(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
           (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

/* utime+stime of the server process in clock ticks, or 0 when unreadable. */
static unsigned long server_ticks(void)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%ld/stat", server_pid);
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    const char *p = strrchr(buf, ')'); /* the command name may hold spaces */
    unsigned long ut = 0, st = 0;
    if (!p || sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &ut, &st) != 2)
        return 0;
    return ut + st;
}

static void die(const char *what)
{
    printf("error: %s\n", what);
    exit(2);
}

/* The server sent `got` (len bytes) where something else was due; say what and exit. */
static void fail_reply(const char *got, size_t len, int at_start)
{
    char line[256];
    size_t n = 0;
    for (size_t i = 0; i < len && n < sizeof line - 1 && got[i] != '\r' && got[i] != '\n'; i++)
        line[n++] = got[i];
    line[n] = 0;
    if (at_start && got[0] == '-') {
        printf("%s: %s\n", strcasestr(line, "unknown command") ? "unsupported" : "error reply",
               line + 1);
        exit(strcasestr(line, "unknown command") ? 3 : 2);
    }
    printf("error: unexpected reply bytes: \"%s\"\n", line);
    exit(2);
}

static void watch(struct conn *c, int out)
{
    struct epoll_event ev = {.events = EPOLLIN | (out ? EPOLLOUT : 0), .data.ptr = c};
    if (epoll_ctl(ep, EPOLL_CTL_MOD, c->fd, &ev) < 0) die("epoll_ctl");
    c->want_out = out;
}

static struct conn *connect_conn(enum role role)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET,
                             .sin_port = htons((uint16_t)port),
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof sa) < 0)
        die("cannot connect to the server");
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    struct conn *c = calloc(1, sizeof *c);
    c->fd = fd;
    c->role = role;
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
    if (epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0) die("epoll_ctl");
    return c;
}

/* Checks input against head-then-frames; returns the frames completed. */
static uint64_t match(struct conn *c, const char *p, size_t n)
{
    uint64_t done = 0;
    while (n) {
        const char *exp = c->in_head ? c->head : c->frame;
        size_t exp_len = c->in_head ? c->head_len : c->frame_len;
        size_t k = exp_len - c->pos < n ? exp_len - c->pos : n;
        if (memcmp(p, exp + c->pos, k) != 0) fail_reply(p, n, c->pos == 0);
        c->pos += k;
        p += k;
        n -= k;
        if (c->pos == exp_len) {
            c->pos = 0;
            if (c->in_head)
                c->in_head = 0;
            else
                done++;
        }
    }
    c->frames += done;
    return done;
}

/* Sends the client's pending output; arms EPOLLOUT while some is left. */
static void flush_out(struct conn *c)
{
    while (c->out_off < c->out_len) {
        ssize_t w = write(c->fd, c->out + c->out_off, c->out_len - c->out_off);
        if (w < 0) {
            if (errno == EAGAIN || errno == EINTR) break;
            die("write failed (server gone?)");
        }
        c->out_off += (size_t)w;
    }
    if (c->out_off == c->out_len) c->out_off = c->out_len = 0;
    if ((c->out_len != 0) != c->want_out) watch(c, c->out_len != 0);
}

/* ---- pub/sub ---- */

static uint64_t sub_reads; /* reads from subscribers once the clock runs */
static char *pub_buf;
static size_t pub_req_len, pub_window;
static uint64_t pub_receivers;

/* Writes PUBLISHes while fewer than the window are unanswered. Every request is the same bytes,
 * so pub_buf holds `window` copies and a send resumes at any offset into it. */
static void pub_fill(struct conn *c)
{
    uint64_t total = c->target * pub_req_len;
    uint64_t limit = (c->replies + pub_window) * pub_req_len;
    if (limit > total) limit = total;
    while (c->sent_bytes < limit) {
        size_t start = c->sent_bytes % pub_req_len;
        size_t len = pub_window * pub_req_len - start;
        if (len > limit - c->sent_bytes) len = limit - c->sent_bytes;
        ssize_t w = write(c->fd, pub_buf + start, len);
        if (w < 0) {
            if (errno == EAGAIN || errno == EINTR) break;
            die("write failed (server gone?)");
        }
        c->sent_bytes += (uint64_t)w;
    }
    int more = c->sent_bytes < limit;
    if (more != c->want_out) watch(c, more);
}

/* PUBLISH replies: integers (the receivers, summed); an error reply ends the run. */
static void pub_replies(struct conn *c, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char ch = p[i];
        if (!c->in_int) {
            if (ch != ':') fail_reply(p + i, n - i, 1);
            c->in_int = 1;
            c->ival = 0;
        } else if (ch >= '0' && ch <= '9') {
            c->ival = c->ival * 10 + (ch - '0');
        } else if (ch == '\n') {
            c->in_int = 0;
            c->replies++;
            pub_receivers += (uint64_t)c->ival;
        } else if (ch != '\r') {
            fail_reply(p + i, n - i, 0);
        }
    }
}

/* ---- MULTI/EXEC blocks ---- */

static char *set_cmds[64]; /* per shard: its keys' SET commands, set_len bytes each */
static size_t set_count[64], set_len;
static int nshards = 2, block_sets = 10;
static int multi_mode;

static uint16_t crc16(const char *p, size_t n)
{
    uint16_t crc = 0;
    for (size_t i = 0; i < n; i++) {
        crc ^= (uint16_t)((unsigned char)p[i] << 8);
        for (int b = 0; b < 8; b++)
            crc = (uint16_t)(crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1);
    }
    return crc;
}

static void build_keys(long keyspace, size_t vsize)
{
    char key[32];
    char *val = malloc(vsize);
    memset(val, 'v', vsize);
    char hdr[64];
    int hl = snprintf(hdr, sizeof hdr, "*3\r\n$3\r\nSET\r\n$12\r\n");
    char vh[32];
    int vl = snprintf(vh, sizeof vh, "\r\n$%zu\r\n", vsize);
    set_len = (size_t)hl + 12 + (size_t)vl + vsize + 2;
    for (int s = 0; s < nshards; s++)
        set_cmds[s] = malloc(set_len * (size_t)(keyspace / nshards * 2 + 64));
    for (long i = 0; i < keyspace; i++) {
        snprintf(key, sizeof key, "key:%08ld", i);
        int s = (int)((crc16(key, 12) & 16383) % (unsigned)nshards);
        if (set_count[s] >= (size_t)(keyspace / nshards * 2 + 64))
            continue; /* a shard far over its share: plenty of keys already */
        char *d = set_cmds[s] + set_len * set_count[s];
        memcpy(d, hdr, (size_t)hl);
        memcpy(d + hl, key, 12);
        memcpy(d + hl + 12, vh, (size_t)vl);
        memcpy(d + hl + 12 + vl, val, vsize);
        memcpy(d + set_len - 2, "\r\n", 2);
        set_count[s]++;
    }
    for (int s = 0; s < nshards; s++)
        if (!set_count[s]) die("a shard got no key: raise -r");
    free(val);
}

static uint64_t xorshift(uint64_t *s)
{
    uint64_t x = *s;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *s = x;
}

static void send_block(struct conn *c)
{
    size_t need = set_len * (size_t)block_sets + 32;
    if (c->out_cap - c->out_len < need) {
        memmove(c->out, c->out + c->out_off, c->out_len - c->out_off);
        c->out_len -= c->out_off;
        c->out_off = 0;
        if (c->out_cap - c->out_len < need) {
            c->out_cap = c->out_len + need * 2;
            c->out = realloc(c->out, c->out_cap);
        }
    }
    char *d = c->out + c->out_len;
    if (multi_mode) {
        memcpy(d, "*1\r\n$5\r\nMULTI\r\n", 15);
        d += 15;
    }
    for (int i = 0; i < block_sets; i++) {
        int s = i % nshards;
        memcpy(d, set_cmds[s] + set_len * (xorshift(&c->rng) % set_count[s]), set_len);
        d += set_len;
    }
    if (multi_mode) {
        memcpy(d, "*1\r\n$4\r\nEXEC\r\n", 14);
        d += 14;
    }
    c->out_len = (size_t)(d - c->out);
    c->sent++;
}

static char *block_reply(size_t *len)
{
    char *r = malloc(64 + (size_t)block_sets * 16), *d = r;
    if (multi_mode) {
        d += sprintf(d, "+OK\r\n");
        for (int i = 0; i < block_sets; i++)
            d += sprintf(d, "+QUEUED\r\n");
        d += sprintf(d, "*%d\r\n", block_sets);
    }
    for (int i = 0; i < block_sets; i++)
        d += sprintf(d, "+OK\r\n");
    *len = (size_t)(d - r);
    return r;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: loadgen pubsub|multi|plain -p PORT -i PID [options]\n");
        return 2;
    }
    snprintf(mode, sizeof mode, "%s", argv[1]);
    long subs = 100, pubs = 1, conns = 50, count = -1, dsize = 32, window = -1, keyspace = 100000;
    int opt;
    optind = 2;
    while ((opt = getopt(argc, argv, "p:i:s:u:c:n:d:w:k:r:b:t:")) != -1) {
        long v = strtol(optarg, NULL, 10);
        switch (opt) {
        case 'p':
            port = v;
            break;
        case 'i':
            server_pid = v;
            break;
        case 's':
            subs = v;
            break;
        case 'u':
            pubs = v;
            break;
        case 'c':
            conns = v;
            break;
        case 'n':
            count = v;
            break;
        case 'd':
            dsize = v;
            break;
        case 'w':
            window = v;
            break;
        case 'k':
            nshards = (int)v;
            break;
        case 'r':
            keyspace = v;
            break;
        case 'b':
            block_sets = (int)v;
            break;
        case 't':
            timeout_s = strtod(optarg, NULL);
            break;
        default:
            return 2;
        }
    }
    int pubsub = strcmp(mode, "pubsub") == 0;
    multi_mode = strcmp(mode, "multi") == 0;
    if ((!pubsub && !multi_mode && strcmp(mode, "plain") != 0) || port <= 0 || subs < 1 ||
        pubs < 1 || conns < 1 || dsize < 0 || nshards < 1 || nshards > 64 || block_sets < 1 ||
        block_sets > 1000 || keyspace < nshards) {
        fprintf(stderr, "loadgen: bad arguments\n");
        return 2;
    }
    if (count < 0) count = 100000;
    if (window < 1) window = pubsub ? 500 : 1;
    struct rlimit nofile;
    if (getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur < nofile.rlim_max) {
        nofile.rlim_cur = nofile.rlim_max; /* many subscribers need many descriptors */
        setrlimit(RLIMIT_NOFILE, &nofile);
    }
    ep = epoll_create1(0);

    int nconn = pubsub ? (int)(subs + pubs) : (int)conns;
    struct conn **cs = calloc((size_t)nconn, sizeof *cs);
    char *frame = NULL, *head = NULL;
    size_t frame_len = 0, head_len = 0;
    const char *chan = "bench:ch";

    if (pubsub) {
        char *payload = malloc((size_t)dsize + 1);
        for (long i = 0; i < dsize; i++)
            payload[i] = (char)('a' + i % 26);
        payload[dsize] = 0;
        frame = malloc((size_t)dsize + 128);
        frame_len = (size_t)sprintf(frame, "*3\r\n$7\r\nmessage\r\n$%zu\r\n%s\r\n$%ld\r\n%s\r\n",
                                    strlen(chan), chan, dsize, payload);
        head = malloc(128);
        head_len = (size_t)sprintf(head, "*3\r\n$9\r\nsubscribe\r\n$%zu\r\n%s\r\n:1\r\n",
                                   strlen(chan), chan);
        char req[256];
        int hl = snprintf(req, sizeof req, "*3\r\n$7\r\nPUBLISH\r\n$%zu\r\n%s\r\n$%ld\r\n",
                          strlen(chan), chan, dsize);
        pub_req_len = (size_t)hl + (size_t)dsize + 2;
        pub_window = (size_t)window;
        pub_buf = malloc(pub_req_len * pub_window);
        for (size_t i = 0; i < pub_window; i++) {
            char *d = pub_buf + i * pub_req_len;
            memcpy(d, req, (size_t)hl);
            memcpy(d + hl, payload, (size_t)dsize);
            memcpy(d + hl + dsize, "\r\n", 2);
        }
        char sub[128];
        int sl = snprintf(sub, sizeof sub, "*2\r\n$9\r\nSUBSCRIBE\r\n$%zu\r\n%s\r\n", strlen(chan),
                          chan);
        for (long i = 0; i < subs; i++) {
            struct conn *c = cs[i] = connect_conn(SUBSCRIBER);
            c->head = head;
            c->head_len = head_len;
            c->in_head = 1;
            c->frame = frame;
            c->frame_len = frame_len;
            c->target = (uint64_t)count;
            if (write(c->fd, sub, (size_t)sl) != sl) die("cannot send SUBSCRIBE");
        }
        for (long i = 0; i < pubs; i++) {
            struct conn *c = cs[subs + i] = connect_conn(PUBLISHER);
            c->target = (uint64_t)(count / pubs + (i < count % pubs));
        }
    } else {
        build_keys(keyspace, (size_t)dsize);
        frame = block_reply(&frame_len);
        for (int i = 0; i < nconn; i++) {
            struct conn *c = cs[i] = connect_conn(CLIENT);
            c->frame = frame;
            c->frame_len = frame_len;
            c->target = (uint64_t)(count / conns + (i < count % conns));
            c->rng = 0x9e3779b97f4a7c15ULL * (uint64_t)(i + 1);
        }
    }

    static char buf[256 * 1024];
    struct epoll_event evs[512];
    long subscribed = 0;
    int started = 0;
    double t0 = 0, cpu0 = 0, last = now_s();
    unsigned long ticks0 = 0;

    if (!pubsub) { /* blocks: start the clock and fill every client's window */
        started = 1;
        t0 = now_s();
        cpu0 = self_cpu_s();
        ticks0 = server_ticks();
        for (int i = 0; i < nconn; i++) {
            for (long w = 0; w < window && cs[i]->sent < cs[i]->target; w++)
                send_block(cs[i]);
            flush_out(cs[i]);
        }
    }

    for (;;) {
        if (pubsub && !started && subscribed == subs) {
            started = 1;
            t0 = now_s();
            cpu0 = self_cpu_s();
            ticks0 = server_ticks();
            for (long i = 0; i < pubs; i++)
                pub_fill(cs[subs + i]);
        }
        if (started) {
            int done = 1;
            for (int i = 0; i < nconn && done; i++) {
                struct conn *c = cs[i];
                done = c->role == PUBLISHER ? c->replies >= c->target : c->frames >= c->target;
            }
            if (done) break;
        }
        int n = epoll_wait(ep, evs, 512, 1000);
        if (n < 0 && errno != EINTR) die("epoll_wait");
        for (int e = 0; e < n; e++) {
            struct conn *c = evs[e].data.ptr;
            if (evs[e].events & (EPOLLIN | EPOLLERR | EPOLLHUP)) {
                ssize_t r = read(c->fd, buf, sizeof buf);
                if (r == 0 || (r < 0 && errno != EAGAIN && errno != EINTR))
                    die("the server closed a connection");
                if (r > 0) {
                    last = now_s();
                    if (c->role == SUBSCRIBER) {
                        int was_head = c->in_head;
                        sub_reads += started;
                        match(c, buf, (size_t)r);
                        if (was_head && !c->in_head) subscribed++;
                    } else if (c->role == PUBLISHER) {
                        pub_replies(c, buf, (size_t)r);
                        pub_fill(c);
                    } else {
                        uint64_t done = match(c, buf, (size_t)r);
                        for (uint64_t k = 0; k < done && c->sent < c->target; k++)
                            send_block(c);
                        if (done) flush_out(c);
                    }
                }
            }
            if (evs[e].events & EPOLLOUT) {
                if (c->role == PUBLISHER)
                    pub_fill(c);
                else
                    flush_out(c);
            }
        }
        if (now_s() - last > timeout_s) {
            char what[160];
            snprintf(what, sizeof what, "no reply for %.0f s (%s; %ld of %ld subscribed)",
                     timeout_s, started ? "under load" : "subscribing", subscribed,
                     pubsub ? subs : 0L);
            die(what);
        }
    }

    double wall = now_s() - t0;
    double gen_cpu = self_cpu_s() - cpu0;
    unsigned long ticks = server_ticks() - ticks0;
    double srv_cpu = (double)ticks / (double)sysconf(_SC_CLK_TCK);
    if (pubsub) {
        uint64_t delivered = 0;
        for (long i = 0; i < subs; i++)
            delivered += cs[i]->frames;
        printf("wall_s=%.4f published=%ld delivered=%llu receivers_per_publish=%.2f "
               "pub_per_s=%.0f deliv_per_s=%.0f server_cpu_s=%.3f srv_us_per_pub=%.3f "
               "srv_us_per_deliv=%.4f srv_cpu_pct=%.0f gen_cpu_pct=%.0f deliv_per_read=%.1f\n",
               wall, count, (unsigned long long)delivered, (double)pub_receivers / (double)count,
               (double)count / wall, (double)delivered / wall, srv_cpu,
               srv_cpu * 1e6 / (double)count, srv_cpu * 1e6 / (double)delivered,
               srv_cpu * 100 / wall, gen_cpu * 100 / wall,
               sub_reads ? (double)delivered / (double)sub_reads : 0.0);
    } else {
        printf("wall_s=%.4f blocks=%ld blocks_per_s=%.0f server_cpu_s=%.3f srv_us_per_block=%.3f "
               "srv_cpu_pct=%.0f gen_cpu_pct=%.0f\n",
               wall, count, (double)count / wall, srv_cpu, srv_cpu * 1e6 / (double)count,
               srv_cpu * 100 / wall, gen_cpu * 100 / wall);
    }
    return 0;
}
