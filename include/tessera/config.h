/* Server configuration: the options Redis users know (same directive names), read from a config
 * file and the command line, readable by every thread, changed at run time by CONFIG SET.
 * Options are declared once, in the table in src/server/config.c. */
#ifndef TESSERA_CONFIG_H
#define TESSERA_CONFIG_H

#include <stdatomic.h>
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

/* maxmemory-policy, in Redis's order. */
enum maxmemory_policy {
    POLICY_VOLATILE_LRU = 0,
    POLICY_VOLATILE_LFU = 1,
    POLICY_VOLATILE_RANDOM = 2,
    POLICY_VOLATILE_TTL = 3,
    POLICY_ALLKEYS_LRU = 4,
    POLICY_ALLKEYS_LFU = 5,
    POLICY_ALLKEYS_RANDOM = 6,
    POLICY_NOEVICTION = 7,
};

/* io-backend: the workers' event loop. */
enum io_backend { IO_BACKEND_IO_URING = 0, IO_BACKEND_EPOLL = 1 };

/* Protection of the options that name files (Redis's enable-protected-configs). */
enum protected_action { PROTECTED_NO = 0, PROTECTED_YES = 1, PROTECTED_LOCAL = 2 };

/* Redis 7.0 directives that mean nothing here (src/server/config_inert.c says why for each):
 * accepted and validated as Redis does, kept for CONFIG GET and CONFIG REWRITE, without effect.
 * Bools and enums are int, numbers long long, the rest strings. */
struct config_inert {
    /* replication */
    char *_Atomic replicaof;
    char *_Atomic masterauth, *_Atomic masteruser, *_Atomic replica_announce_ip;
    _Atomic int replica_serve_stale_data, replica_read_only, replica_lazy_flush;
    _Atomic int replica_ignore_maxmemory, replica_announced, replica_ignore_disk_write_errors;
    _Atomic int repl_diskless_sync, repl_diskless_load, repl_disable_tcp_nodelay;
    _Atomic long long repl_diskless_sync_delay, repl_diskless_sync_max_replicas;
    _Atomic long long repl_ping_replica_period, repl_timeout, repl_backlog_size, repl_backlog_ttl;
    _Atomic long long replica_priority, replica_announce_port, min_replicas_to_write;
    _Atomic long long min_replicas_max_lag;
    _Atomic int propagation_error_behavior;
    /* the append-only file */
    char *_Atomic appendfilename, *_Atomic appenddirname;
    _Atomic int appendfsync, no_appendfsync_on_rewrite, aof_load_truncated, aof_use_rdb_preamble;
    _Atomic int aof_rewrite_incremental_fsync, aof_timestamp_enabled, aof_disable_auto_gc;
    _Atomic long long auto_aof_rewrite_percentage, auto_aof_rewrite_min_size;
    /* cluster */
    _Atomic int cluster_enabled, cluster_require_full_coverage, cluster_replica_no_failover;
    _Atomic int cluster_allow_reads_when_down, cluster_allow_pubsubshard_when_down;
    _Atomic int cluster_allow_replica_migration, cluster_preferred_endpoint_type;
    char *_Atomic cluster_config_file, *_Atomic cluster_announce_ip;
    char *_Atomic cluster_announce_hostname;
    _Atomic long long cluster_node_timeout, cluster_port, cluster_announce_port;
    _Atomic long long cluster_announce_bus_port, cluster_announce_tls_port;
    _Atomic long long cluster_replica_validity_factor, cluster_migration_barrier;
    _Atomic long long cluster_link_sendbuf_limit;
    /* TLS */
    _Atomic long long tls_port, tls_session_cache_size, tls_session_cache_timeout;
    _Atomic int tls_cluster, tls_replication, tls_auth_clients, tls_prefer_server_ciphers;
    _Atomic int tls_session_caching;
    char *_Atomic tls_cert_file, *_Atomic tls_key_file, *_Atomic tls_key_file_pass;
    char *_Atomic tls_client_cert_file, *_Atomic tls_client_key_file;
    char *_Atomic tls_client_key_file_pass, *_Atomic tls_dh_params_file;
    char *_Atomic tls_ca_cert_file, *_Atomic tls_ca_cert_dir, *_Atomic tls_protocols;
    char *_Atomic tls_ciphers, *_Atomic tls_ciphersuites;
    /* memory management of Redis's allocator and its dictionaries */
    _Atomic int activedefrag, jemalloc_bg_thread, activerehashing;
    _Atomic long long active_defrag_ignore_bytes, active_defrag_threshold_lower;
    _Atomic long long active_defrag_threshold_upper, active_defrag_cycle_min;
    _Atomic long long active_defrag_cycle_max, active_defrag_max_scan_fields;
    _Atomic int lazyfree_lazy_eviction, lazyfree_lazy_expire, lazyfree_lazy_server_del;
    _Atomic int lazyfree_lazy_user_del, lazyfree_lazy_user_flush;
    _Atomic int rdb_save_incremental_fsync;
    /* threads, processes and the operating system */
    _Atomic long long io_threads;
    _Atomic int io_threads_do_reads, disable_thp, oom_score_adj;
    char *_Atomic oom_score_adj_values;
    char *_Atomic server_cpulist, *_Atomic bio_cpulist, *_Atomic aof_rewrite_cpulist;
    char *_Atomic bgsave_cpulist;
    _Atomic int set_proc_title, supervised;
    char *_Atomic proc_title_template;
    _Atomic long long socket_mark_id;
    char *_Atomic unixsocket;
    _Atomic int unixsocketperm;
    char *_Atomic bind_source_addr;
    /* logging and crashes */
    _Atomic int always_show_logo;
    _Atomic int crash_log_enabled, crash_memcheck_enabled, use_exit_on_panic;
    char *_Atomic ignore_warnings;
    /* timers */
    _Atomic int dynamic_hz;
    _Atomic long long active_expire_effort, watchdog_period, busy_reply_threshold;
    _Atomic long long shutdown_timeout;
    _Atomic int shutdown_on_sigint, shutdown_on_sigterm;
    /* ACL, modules, RESTORE */
    _Atomic int enable_module_command, sanitize_dump_payload;
    /* test hooks of Redis's own test suite */
    _Atomic long long key_load_delay, loading_process_events_interval_bytes;
};

/* Every field is atomic: CONFIG SET writes while workers read. A plain read is a sequentially
 * consistent load, a plain move on x86; CONFIG_GET says relaxed outright. Strings are published
 * with release and read with acquire, never modified in place: see config_quiescent for how long
 * a string read stays valid. */
struct config {
    _Atomic int port;
    char *_Atomic bind;         /* space-separated addresses */
    _Atomic int threads;        /* 0: the CPUs the process may use */
    _Atomic int threads_in_use; /* not an option: what threads came to (CONFIG GET shows it) */
    char *_Atomic dir;
    char *_Atomic dbfilename;
    char *_Atomic save; /* `<seconds> <changes>` pairs, space-separated; "" when none */
    _Atomic int rdbcompression;
    _Atomic int rdbchecksum;
    _Atomic int stop_writes_on_bgsave_error;
    _Atomic int rdb_key_save_delay; /* microseconds per key of a background save (tests) */
    _Atomic int rdb_del_sync_files;
    _Atomic int appendonly;           /* always 0: no append-only file yet */
    _Atomic int enable_debug_command; /* enum protected_action */
    _Atomic int databases;
    _Atomic int maxclients;
    _Atomic int loglevel;  /* enum log_level */
    char *_Atomic logfile; /* "" means standard output */
    _Atomic long long proto_max_bulk_len;
    _Atomic long long client_query_buffer_limit;
    _Atomic int timeout; /* idle client timeout in seconds, 0 = never */
    _Atomic int hz;
    _Atomic int syslog_enabled;  /* log lines go to syslog(3) too */
    _Atomic int syslog_facility; /* index in user, local0 .. local7 */
    char *_Atomic syslog_ident;
    _Atomic int io_backend;   /* enum io_backend */
    _Atomic int metrics_port; /* the Prometheus endpoint's port, 0: off */
    _Atomic int tcp_backlog;
    _Atomic int tcp_keepalive;
    char *_Atomic requirepass; /* "" means none */
    char *_Atomic aclfile;     /* "" means none */
    _Atomic long long acllog_max_len;
    _Atomic int acl_pubsub_default; /* 0: allchannels, 1: resetchannels (Redis's order) */
    char *acl_users;                /* the config file's `user` lines, one a line (start-up) */
    char *_Atomic pidfile;          /* "" means none */
    _Atomic int daemonize;
    _Atomic int enable_protected_configs; /* enum protected_action */
    /* compact encodings of small collections (Redis's names and defaults) */
    _Atomic int hash_max_listpack_entries; /* 512 */
    _Atomic int hash_max_listpack_value;   /* 64 */
    _Atomic int set_max_intset_entries;    /* 512 */
    _Atomic int zset_max_listpack_entries; /* 128 */
    _Atomic int zset_max_listpack_value;   /* 64 */
    _Atomic int list_max_listpack_size;    /* -2: 8 KiB per quicklist node; N > 0: N entries */
    _Atomic int list_compress_depth;       /* 0: plain lists; N: all but N nodes each end LZF */
    /* stream nodes take entries while under both (Redis's defaults: 4096 bytes, 100 entries) */
    _Atomic long long stream_node_max_bytes, stream_node_max_entries;
    struct obuf_limit obuf_limits[CLIENT_CLASS_COUNT]; /* client-output-buffer-limit */
    _Atomic long long maxmemory_clients;               /* bytes, 0: no limit; -N: N% of maxmemory */
    _Atomic long long maxmemory;                       /* bytes, 0: no limit */
    _Atomic int maxmemory_policy;                      /* enum maxmemory_policy */
    _Atomic int maxmemory_samples;
    _Atomic int maxmemory_eviction_tenacity;
    _Atomic int lfu_log_factor;
    _Atomic int lfu_decay_time;         /* minutes */
    _Atomic int notify_keyspace_events; /* NOTIFY_* classes (shard/keyspace.h) */

    /* a sparse HyperLogLog longer than this turns dense (3000) */
    _Atomic long long hll_sparse_max_bytes;
    /* with no password, only loopback clients may connect (Redis's protected-mode) */
    _Atomic int protected_mode;
    struct config_inert inert;
    /* introspection: the slow log and latency monitoring */
    _Atomic long long slowlog_log_slower_than;       /* microseconds; -1: off, 0: every command */
    _Atomic long long slowlog_max_len;               /* entries kept */
    _Atomic long long latency_monitor_threshold;     /* milliseconds; 0: off */
    _Atomic int latency_tracking;                    /* per-command latency histograms */
    char *_Atomic latency_tracking_info_percentiles; /* "50 99 99.9" as CONFIG GET shows it */
    /* CLIENT TRACKING: keys remembered at most, 0: no limit */
    _Atomic int tracking_table_max_keys;
};

/* The configuration in force; written by main before workers start and by CONFIG SET. */
extern struct config g_config;

/* A word of the configuration in force, read with a relaxed load (a plain move on x86). */
#define CONFIG_GET(field) atomic_load_explicit(&g_config.field, memory_order_relaxed)
/* A string of the configuration in force: the acquire pairs with CONFIG SET's release, so its
 * bytes are seen whole. A worker may use it until its next config_quiescent call. */
#define CONFIG_GET_STR(field) atomic_load_explicit(&g_config.field, memory_order_acquire)

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

/* What a `rename-command from to` line calls (the command table's, set by main; the
 * configuration sits below the commands): NULL, or Redis's reason it cannot. */
extern const char *(*config_rename_command)(const char *from, const char *to);
/* CONFIG REWRITE's `user` lines of the ACL users other than default, "user ...\n" each, in a
 * string to mem_free (set by the server; NULL: none). */
extern char *(*config_acl_user_lines)(void);

/* maxmemory-clients in bytes (a percentage of maxmemory as Redis reckons it, and at least
 * 128 KiB as in Redis); 0: no limit. */
long long config_maxmemory_clients(void);

/* The config file the server started with (absolute), or NULL. */
const char *config_file_path(void);
/* CONFIG REWRITE: rewrites path the way Redis does (config_rewrite.c). 0, or -1 with errno. */
int config_rewrite(const struct config *c, const char *path);
/* Logs, once at start, the directives set that have no effect here (config_inert.c). */
void config_log_inert(void);

/* Why CONFIG SET may not change the option called name, worded as Redis words it ("can't set
 * immutable config", "can't set protected config"); NULL when it may, or when no option has that
 * name. local: the client connects from 127.0.0.1 or ::1 (enable-protected-configs local). */
const char *config_set_refusal(const char *name, int local);
/* CONFIG SET name value: 0 on success, else -1 with Redis's error reply in err, "ERR ..." as
 * Redis words it (unknown option, immutable, or the reason the value was refused). */
int config_set(struct config *c, const char *name, const char *value, char *err, size_t errlen);
/* CONFIG GET: calls fn for every option whose name matches the glob pattern. */
/* Copies the string option at field into buf (for threads that are not workers, which cannot
 * rely on config_quiescent): under the writers' lock, so the string is not reclaimed meanwhile. */
void config_copy_string(char *_Atomic const *field, char *buf, size_t len);
void config_get(const struct config *c, const char *pattern,
                void (*fn)(const char *name, const char *value, void *arg), void *arg);

/* Number of CPUs the process may use: the affinity mask, capped by a cgroup cpu.max quota. */
int config_default_threads(void);

/* ---- Reclaiming replaced strings ----
 * A string CONFIG SET replaced may still be in a worker's hands, so it is retired, not freed: it
 * is freed once every worker has passed a quiescent point (config_quiescent) after it was
 * retired. Threads other than the workers must not read the strings CONFIG SET can change. */

/* Declares the workers (ids 0..n-1) before they start. With none declared, nothing else reads
 * the configuration and a retired string is freed at once. */
void config_quiescent_init(int nworkers);
/* Called by worker id once per loop turn, holding no string read from the configuration: two
 * loads and a compare, unless strings wait to be freed (then a try-lock, never a wait). */
void config_quiescent(int worker_id);
/* Hands over s (from mem_alloc) to be freed once no worker can hold it. Any thread. */
void config_retire(char *s);
/* Retired strings not freed yet. */
size_t config_retired_pending(void);

/* Frees c's strings and every retired string (in any configuration): only at exit, when no
 * other thread reads a configuration any more. */
void config_free(struct config *c);

#endif
