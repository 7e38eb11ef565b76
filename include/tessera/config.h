/* Server configuration: the options Redis users know (same directive names), read from a config
 * file and the command line, readable by every thread, changed at run time by CONFIG SET.
 * Options are declared once, in the table in src/server/config.c. */
#ifndef TESSERA_CONFIG_H
#define TESSERA_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#ifndef TESSERA_VERSION
#define TESSERA_VERSION "0.1.0"
#endif

enum log_level { LOG_DEBUG = 0, LOG_VERBOSE = 1, LOG_NOTICE = 2, LOG_WARNING = 3, LOG_NOTHING = 4 };

/* client-output-buffer-limit classes, in Redis's order. */
enum client_class {
    CLIENT_CLASS_NORMAL = 0,
    CLIENT_CLASS_REPLICA = 1,
    CLIENT_CLASS_PUBSUB = 2,
    CLIENT_CLASS_COUNT = 3,
};

struct obuf_limit {
    _Atomic long long hard, soft; /* bytes, 0: none */
    _Atomic long long soft_seconds;
};

struct config {
    int port;
    char *bind;  /* space-separated addresses */
    int threads; /* 0: the CPUs the process may use */
    char *dir;
    char *dbfilename;
    int databases;
    int maxclients;
    int loglevel;  /* enum log_level */
    char *logfile; /* "" means standard output */
    long long proto_max_bulk_len;
    long long client_query_buffer_limit;
    int timeout; /* idle client timeout in seconds, 0 = never */
    int hz;
    int tcp_backlog;
    int tcp_keepalive;
    char *requirepass; /* "" means none */
    char *pidfile;     /* "" means none */
    int daemonize;
    /* compact encodings of small collections (Redis's names and defaults) */
    int hash_max_listpack_entries; /* 512 */
    int hash_max_listpack_value;   /* 64 */
    int set_max_intset_entries;    /* 512 */
    int zset_max_listpack_entries; /* 128 */
    int zset_max_listpack_value;   /* 64 */
    int list_max_listpack_size;    /* -2: 8 KiB per quicklist node; N > 0: N entries */
    struct obuf_limit obuf_limits[CLIENT_CLASS_COUNT]; /* client-output-buffer-limit */
    _Atomic long long maxmemory_clients;               /* bytes, 0: no limit */
};

/* The configuration in force; written by main before workers start and by CONFIG SET (word-sized
 * fields are written atomically; strings are replaced, never modified in place). */
extern struct config g_config;

void config_defaults(struct config *c);
/* Loads a config file. On error returns -1 and writes Redis's FATAL CONFIG FILE ERROR text,
 * naming the line, into err. */
int config_load_file(struct config *c, const char *path, char *err, size_t errlen);
/* Applies `--name value...` command-line options (after the optional config file). Redis loads
 * them as lines appended to the file's text after a "\n", so line numbers in errors go on from
 * the last file config_load_file read; without a file the options start at line 2. */
int config_load_args(struct config *c, int argc, char **argv, char *err, size_t errlen);
/* Parses config text (the lines of a file, or options turned into lines). origin names where the
 * text came from (a path, "command line"); Redis's error text does not show it, so it is only
 * used when includes nest too deep. */
int config_load_string(struct config *c, const char *text, const char *origin, char *err,
                       size_t errlen);

/* CONFIG SET name value: 0 on success, else -1 with Redis's error reply in err, "ERR ..." as
 * Redis words it (unknown option, immutable, or the reason the value was refused). */
int config_set(struct config *c, const char *name, const char *value, char *err, size_t errlen);
/* CONFIG GET: calls fn for every option whose name matches the glob pattern. */
void config_get(const struct config *c, const char *pattern,
                void (*fn)(const char *name, const char *value, void *arg), void *arg);

/* Number of CPUs the process may use: the affinity mask, capped by a cgroup cpu.max quota. */
int config_default_threads(void);
/* The CPU cap a cgroup v2 cpu.max text gives ("150000 100000" -> 2, rounded up); 0 for "max"
 * or text that is not a quota. */
int config_cgroup_cpus(const char *cpu_max);

/* Frees c's strings and every string CONFIG SET replaced (in any configuration): only at exit,
 * when no other thread reads a configuration any more. */
void config_free(struct config *c);

#endif
