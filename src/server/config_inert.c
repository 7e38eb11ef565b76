/* Redis 7.0's directives that describe what Tessera has no counterpart for (replication, the
 * append-only file, cluster, Redis's allocator and process tricks): accepted in files, on
 * the command line and by CONFIG SET with Redis's types, ranges and error texts, shown by CONFIG
 * GET and kept by CONFIG REWRITE, without effect; start-up logs the ones a file or the command
 * line set (config_log_inert). Rows are in the option table's form (config_table.h). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "server/config_table.h"
#include "server/log.h"
#include "tessera/mem.h"

#define I(f) inert.f

static const char *const enum_yesno_protected[] = {"no", "yes", "local", NULL};
static const char *const enum_supervised[] = {"upstart", "systemd", "auto", "no", NULL};
static const char *const enum_diskless_load[] = {"disabled", "on-empty-db", "swapdb", NULL};
static const char *const enum_appendfsync[] = {"everysec", "always", "no", NULL};
static const char *const enum_oom_score_adj[] = {"no", "yes", "relative", "absolute", NULL};
static const int vals_oom_score_adj[] = {0, 1, 1, 2};
static const char *const enum_sanitize[] = {"no", "yes", "clients", NULL};
static const char *const enum_endpoint[] = {"ip", "hostname", "unknown-endpoint", NULL};
static const char *const enum_tls_auth[] = {"no", "yes", "optional", NULL};
static const char *const enum_propagation[] = {"ignore", "panic", "panic-on-replicas", NULL};
static const char *const flags_shutdown[] = {"default", "save", "nosave", "now", "force", NULL};
static const int vals_shutdown[] = {0, 1, 2, 4, 8};

/* ---- Redis's checks ---- */

static const char *check_activedefrag(const char *value)
{
    /* Debian's Redis is built without its own jemalloc and refuses it the same way. */
    return strcasecmp(value, "yes") ? NULL
                                    : "Active defragmentation cannot be enabled: it requires a "
                                      "Redis server compiled with a modified Jemalloc like the "
                                      "one shipped by default with the Redis source distribution";
}

static const char *check_appendfilename(const char *value)
{
    if (!*value) return "appendfilename can't be empty";
    if (strchr(value, '/') || strchr(value, '\\'))
        return "appendfilename can't be a path, just a filename";
    return NULL;
}

static const char *check_appenddirname(const char *value)
{
    if (!*value) return "appenddirname can't be empty";
    if (strchr(value, '/') || strchr(value, '\\'))
        return "appenddirname can't be a path, just a dirname";
    return NULL;
}

static const char *check_hostname(const char *value)
{
    if (strlen(value) >= 256) return "Hostnames must be less than 256 characters";
    for (const char *p = value; *p; p++) {
        char c = *p;
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '.'))
            return "Hostnames may only contain alphanumeric characters, hyphens or dots";
    }
    return NULL;
}

/* Redis's sdstemplate over its process-title variables, expanded with an empty title: the
 * template is refused when a brace is left open, a variable is unknown, or nothing but blanks
 * remains. */
static const char *check_proc_title(const char *value)
{
    static const char *const vars[] = {"title",    "listen-addr", "server-mode", "port",
                                       "tls-port", "unixsocket",  "config-file", NULL};
    static const char *const bad = "template format is invalid or contains unknown variables";
    int visible = 0;
    for (const char *p = value; *p;) {
        if (*p != '{') {
            if (*p != ' ') visible = 1;
            p++;
            continue;
        }
        p++;
        if (!*p) return bad;
        if (*p == '{') {
            visible = 1;
            p++;
            continue;
        }
        const char *end = strchr(p, '}');
        if (!end) return bad;
        int known = 0;
        for (int i = 0; vars[i]; i++)
            if (strlen(vars[i]) == (size_t)(end - p) && !strncmp(vars[i], p, (size_t)(end - p)))
                known = 1 + i;
        if (!known) return bad;
        if (known != 1) visible = 1; /* every variable but the title has a value */
        p = end + 1;
    }
    return visible ? NULL : bad;
}

static int parse_whole_ll(const char *s, long long *out)
{
    char *end;
    *out = strtoll(s, &end, 10);
    return *s && *end == '\0';
}

static const char *check_oom_values(int argc, char **argv, char *canon, size_t len)
{
    if (argc != 3) return "wrong number of arguments";
    size_t n = 0;
    canon[0] = '\0';
    for (int i = 0; i < argc; i++) {
        long long v;
        if (!parse_whole_ll(argv[i], &v) || v < -2000 || v > 2000)
            return "Invalid oom-score-adj-values, elements must be between -2000 and 2000.";
        n += (size_t)snprintf(canon + n, n < len ? len - n : 0, "%s%lld", i ? " " : "", v);
    }
    return NULL;
}

static const char *check_replicaof(int argc, char **argv, char *canon, size_t len)
{
    if (argc != 2) return "wrong number of arguments";
    canon[0] = '\0';
    if (!strcasecmp(argv[0], "no") && !strcasecmp(argv[1], "one")) return NULL;
    char *end;
    long port = strtol(argv[1], &end, 10);
    if (port < 0 || port > 65535 || *end != '\0') return "Invalid master port";
    snprintf(canon, len, "%s %ld", argv[0], port);
    return NULL;
}

static const char *check_shutdown_flags(int flags)
{
    return (flags & 1) && (flags & 2) ? "shutdown options SAVE and NOSAVE can't be used "
                                        "simultaneously"
                                      : NULL;
}

/* ---- The rows, Redis's names, flags, ranges and defaults ---- */

#define BOOL_X(n, fl, f, d)        BOOL_OPT(n, OPT_INERT | (fl), I(f), d)
#define NUM_X(n, fl, f, lo, hi, d) LL_OPT(n, OPT_INERT | (fl), I(f), lo, hi, d)
#define MEM_X(n, fl, f, lo, hi, d) MEMORY_OPT(n, OPT_INERT | (fl), I(f), lo, hi, d)
#define STR_X(n, fl, f, d, chk)    STRING_OPT(n, OPT_STRING, OPT_INERT | (fl), I(f), d, chk)
#define NULLSTR_X(n, fl, f)        STR_X(n, OPT_EMPTY_NUL | (fl), f, "", NULL)
/* The TLS rows that do act (net/tls.c): the same shapes without OPT_INERT. */
#define NUM_L(n, f, lo, hi, d)  LL_OPT(n, 0, I(f), lo, hi, d)
#define BOOL_L(n, f, d)         BOOL_OPT(n, 0, I(f), d)
#define ENUM_L(n, f, nm, d)     ENUM_OPT(n, 0, I(f), nm, d)
#define NULLSTR_L(n, f)         STRING_OPT(n, OPT_STRING, OPT_EMPTY_NUL, I(f), "", NULL)
#define ENUM_X(n, fl, f, nm, d) ENUM_OPT(n, OPT_INERT | (fl), I(f), nm, d)
#define ENUMV_X(n, fl, f, nm, v, d)                                                                \
    {                                                                                              \
        .name = n, .type = OPT_ENUM, .flags = OPT_INERT | (fl), .offset = FIELD(I(f)),             \
        .names = nm, .vals = v, .def = d                                                           \
    }
#define WORDS_X(n, fl, f, d, chk)                                                                  \
    {                                                                                              \
        .name = n, .type = OPT_WORDS, .flags = OPT_INERT | (fl), .offset = FIELD(I(f)),            \
        .def_str = d, .check_words = chk                                                           \
    }
#define SHUTDOWN_X(n, f)                                                                           \
    {                                                                                              \
        .name = n, .type = OPT_FLAGS, .flags = OPT_INERT, .offset = FIELD(I(f)),                   \
        .names = flags_shutdown, .vals = vals_shutdown, .def = 0,                                  \
        .check_flags = check_shutdown_flags                                                        \
    }

#define IMM OPT_IMMUTABLE

const struct option config_inert_options[] = {
    /* Replication: Tessera has no replicas (yet). */
    WORDS_X("replicaof", IMM | OPT_EMPTY_NUL, replicaof, "", check_replicaof),
    STR_X("masterauth", OPT_EMPTY_NUL, masterauth, "", NULL),
    NULLSTR_X("masteruser", 0, masteruser),
    NULLSTR_X("replica-announce-ip", 0, replica_announce_ip),
    BOOL_X("replica-serve-stale-data", 0, replica_serve_stale_data, 1),
    BOOL_X("replica-read-only", 0, replica_read_only, 1),
    BOOL_X("replica-lazy-flush", 0, replica_lazy_flush, 0),
    BOOL_X("replica-ignore-maxmemory", 0, replica_ignore_maxmemory, 1),
    BOOL_X("replica-announced", 0, replica_announced, 1),
    BOOL_X("replica-ignore-disk-write-errors", 0, replica_ignore_disk_write_errors, 0),
    BOOL_X("repl-diskless-sync", 0, repl_diskless_sync, 1),
    ENUM_X("repl-diskless-load", 0, repl_diskless_load, enum_diskless_load, 0),
    BOOL_X("repl-disable-tcp-nodelay", 0, repl_disable_tcp_nodelay, 0),
    NUM_X("repl-diskless-sync-delay", 0, repl_diskless_sync_delay, 0, INT_MAX, 5),
    NUM_X("repl-diskless-sync-max-replicas", 0, repl_diskless_sync_max_replicas, 0, INT_MAX, 0),
    NUM_X("repl-ping-replica-period", 0, repl_ping_replica_period, 1, INT_MAX, 10),
    NUM_X("repl-timeout", 0, repl_timeout, 1, INT_MAX, 60),
    /* Redis takes any size from 1 and keeps at least 16 KiB */
    {.name = "repl-backlog-size",
     .type = OPT_MEMORY,
     .flags = OPT_INERT,
     .offset = FIELD(I(repl_backlog_size)),
     .min = 1,
     .max = LLONG_MAX,
     .def = 1024 * 1024,
     .clamp_lo = 16 * 1024,
     .clamp_hi = LLONG_MAX},
    NUM_X("repl-backlog-ttl", 0, repl_backlog_ttl, 0, LONG_MAX, 3600),
    NUM_X("replica-priority", 0, replica_priority, 0, INT_MAX, 100),
    NUM_X("replica-announce-port", 0, replica_announce_port, 0, 65535, 0),
    NUM_X("min-replicas-to-write", 0, min_replicas_to_write, 0, INT_MAX, 0),
    NUM_X("min-replicas-max-lag", 0, min_replicas_max_lag, 0, INT_MAX, 10),
    ENUM_X("propagation-error-behavior", 0, propagation_error_behavior, enum_propagation, 0),
    /* The append-only file: not built yet (appendonly itself is Tessera's: `yes` is refused). */
    STR_X("appendfilename", IMM, appendfilename, "appendonly.aof", check_appendfilename),
    STR_X("appenddirname", IMM, appenddirname, "appendonlydir", check_appenddirname),
    ENUM_X("appendfsync", 0, appendfsync, enum_appendfsync, 0),
    BOOL_X("no-appendfsync-on-rewrite", 0, no_appendfsync_on_rewrite, 0),
    BOOL_X("aof-load-truncated", 0, aof_load_truncated, 1),
    BOOL_X("aof-use-rdb-preamble", 0, aof_use_rdb_preamble, 1),
    BOOL_X("aof-rewrite-incremental-fsync", 0, aof_rewrite_incremental_fsync, 1),
    BOOL_X("aof-timestamp-enabled", 0, aof_timestamp_enabled, 0),
    BOOL_X("aof-disable-auto-gc", 0, aof_disable_auto_gc, 0),
    NUM_X("auto-aof-rewrite-percentage", 0, auto_aof_rewrite_percentage, 0, INT_MAX, 100),
    MEM_X("auto-aof-rewrite-min-size", 0, auto_aof_rewrite_min_size, 0, LLONG_MAX,
          64LL * 1024 * 1024),
    /* Cluster mode: not built yet (keys already go to slots as Redis Cluster's do). */
    BOOL_X("cluster-enabled", IMM, cluster_enabled, 0),
    BOOL_X("cluster-require-full-coverage", 0, cluster_require_full_coverage, 1),
    BOOL_X("cluster-replica-no-failover", 0, cluster_replica_no_failover, 0),
    BOOL_X("cluster-allow-reads-when-down", 0, cluster_allow_reads_when_down, 0),
    BOOL_X("cluster-allow-pubsubshard-when-down", 0, cluster_allow_pubsubshard_when_down, 1),
    BOOL_X("cluster-allow-replica-migration", 0, cluster_allow_replica_migration, 1),
    ENUM_X("cluster-preferred-endpoint-type", 0, cluster_preferred_endpoint_type, enum_endpoint, 0),
    STR_X("cluster-config-file", IMM, cluster_config_file, "nodes.conf", NULL),
    NULLSTR_X("cluster-announce-ip", 0, cluster_announce_ip),
    STR_X("cluster-announce-hostname", OPT_EMPTY_NUL, cluster_announce_hostname, "",
          check_hostname),
    NUM_X("cluster-node-timeout", 0, cluster_node_timeout, 0, LLONG_MAX, 15000),
    NUM_X("cluster-port", IMM, cluster_port, 0, 65535, 0),
    NUM_X("cluster-announce-port", 0, cluster_announce_port, 0, 65535, 0),
    NUM_X("cluster-announce-bus-port", 0, cluster_announce_bus_port, 0, 65535, 0),
    NUM_X("cluster-announce-tls-port", 0, cluster_announce_tls_port, 0, 65535, 0),
    NUM_X("cluster-replica-validity-factor", 0, cluster_replica_validity_factor, 0, INT_MAX, 10),
    NUM_X("cluster-migration-barrier", 0, cluster_migration_barrier, 0, INT_MAX, 1),
    MEM_X("cluster-link-sendbuf-limit", 0, cluster_link_sendbuf_limit, 0, LLONG_MAX, 0),
    /* TLS: Tessera speaks plain TCP only. */
    /* TLS: live in net/tls.c (docs/tls.md), but for the outgoing connections' options and
     * tls-replication / tls-cluster, which have nothing to act on here */
    NUM_L("tls-port", tls_port, 0, 65535, 0),
    NUM_L("tls-session-cache-size", tls_session_cache_size, 0, INT_MAX, 20 * 1024),
    NUM_L("tls-session-cache-timeout", tls_session_cache_timeout, 0, INT_MAX, 300),
    BOOL_X("tls-cluster", 0, tls_cluster, 0),
    BOOL_X("tls-replication", 0, tls_replication, 0),
    ENUM_L("tls-auth-clients", tls_auth_clients, enum_tls_auth, 1),
    BOOL_L("tls-prefer-server-ciphers", tls_prefer_server_ciphers, 0),
    BOOL_L("tls-session-caching", tls_session_caching, 1),
    NULLSTR_L("tls-cert-file", tls_cert_file),
    NULLSTR_L("tls-key-file", tls_key_file),
    NULLSTR_L("tls-key-file-pass", tls_key_file_pass),
    NULLSTR_X("tls-client-cert-file", 0, tls_client_cert_file),
    NULLSTR_X("tls-client-key-file", 0, tls_client_key_file),
    NULLSTR_X("tls-client-key-file-pass", 0, tls_client_key_file_pass),
    NULLSTR_L("tls-dh-params-file", tls_dh_params_file),
    NULLSTR_L("tls-ca-cert-file", tls_ca_cert_file),
    NULLSTR_L("tls-ca-cert-dir", tls_ca_cert_dir),
    NULLSTR_L("tls-protocols", tls_protocols),
    NULLSTR_L("tls-ciphers", tls_ciphers),
    NULLSTR_L("tls-ciphersuites", tls_ciphersuites),
    /* Redis's jemalloc defragmenter, rehashing and background freeing: Tessera uses mimalloc,
     * grows its dictionaries in steps and frees in place. */
    {.name = "activedefrag",
     .type = OPT_BOOL,
     .flags = OPT_INERT,
     .offset = FIELD(I(activedefrag)),
     .def = 0,
     .check = check_activedefrag},
    BOOL_X("jemalloc-bg-thread", 0, jemalloc_bg_thread, 1),
    BOOL_X("activerehashing", 0, activerehashing, 1),
    MEM_X("active-defrag-ignore-bytes", 0, active_defrag_ignore_bytes, 1, LLONG_MAX, 100 << 20),
    NUM_X("active-defrag-threshold-lower", 0, active_defrag_threshold_lower, 0, 1000, 10),
    NUM_X("active-defrag-threshold-upper", 0, active_defrag_threshold_upper, 0, 1000, 100),
    NUM_X("active-defrag-cycle-min", 0, active_defrag_cycle_min, 1, 99, 1),
    NUM_X("active-defrag-cycle-max", 0, active_defrag_cycle_max, 1, 99, 25),
    NUM_X("active-defrag-max-scan-fields", 0, active_defrag_max_scan_fields, 1, LONG_MAX, 1000),
    BOOL_X("lazyfree-lazy-eviction", 0, lazyfree_lazy_eviction, 0),
    BOOL_X("lazyfree-lazy-expire", 0, lazyfree_lazy_expire, 0),
    BOOL_X("lazyfree-lazy-server-del", 0, lazyfree_lazy_server_del, 0),
    BOOL_X("lazyfree-lazy-user-del", 0, lazyfree_lazy_user_del, 0),
    BOOL_X("lazyfree-lazy-user-flush", 0, lazyfree_lazy_user_flush, 0),
    /* Snapshots: the persistence thread writes each file whole and fsyncs it once. */
    BOOL_X("rdb-save-incremental-fsync", 0, rdb_save_incremental_fsync, 1),
    /* Redis's I/O threads, process title, OOM score, CPU pinning, unix socket: Tessera's
     * `threads` are its workers; the rest is not built. */
    NUM_X("io-threads", IMM, io_threads, 1, 128, 1),
    BOOL_X("io-threads-do-reads", IMM, io_threads_do_reads, 0),
    BOOL_X("disable-thp", IMM, disable_thp, 1),
    ENUMV_X("oom-score-adj", 0, oom_score_adj, enum_oom_score_adj, vals_oom_score_adj, 0),
    WORDS_X("oom-score-adj-values", 0, oom_score_adj_values, "0 200 800", check_oom_values),
    NULLSTR_X("server_cpulist", IMM, server_cpulist),
    NULLSTR_X("bio_cpulist", IMM, bio_cpulist),
    NULLSTR_X("aof_rewrite_cpulist", IMM, aof_rewrite_cpulist),
    NULLSTR_X("bgsave_cpulist", IMM, bgsave_cpulist),
    BOOL_X("set-proc-title", IMM, set_proc_title, 1),
    STR_X("proc-title-template", 0, proc_title_template, "{title} {listen-addr} {server-mode}",
          check_proc_title),
    ENUM_X("supervised", IMM, supervised, enum_supervised, 3),
    NUM_X("socket-mark-id", IMM, socket_mark_id, 0, UINT_MAX, 0),
    NULLSTR_X("unixsocket", IMM, unixsocket),
    {.name = "unixsocketperm",
     .type = OPT_OCTAL,
     .flags = OPT_INERT | IMM,
     .offset = FIELD(I(unixsocketperm)),
     .min = 0,
     .max = 0777,
     .def = 0},
    NULLSTR_X("bind-source-addr", 0, bind_source_addr),
    /* The logo, crash reports. */
    BOOL_X("always-show-logo", IMM, always_show_logo, 0),
    BOOL_X("crash-log-enabled", 0, crash_log_enabled, 1),
    BOOL_X("crash-memcheck-enabled", 0, crash_memcheck_enabled, 1),
    BOOL_X("use-exit-on-panic", OPT_HIDDEN, use_exit_on_panic, 0),
    STR_X("ignore-warnings", 0, ignore_warnings, "", NULL),
    /* Timers: Tessera's hz is fixed per worker; scripts do not exist yet; shutdown always
     * finishes in-flight commands and saves by the save rules. */
    BOOL_X("dynamic-hz", 0, dynamic_hz, 1),
    NUM_X("active-expire-effort", 0, active_expire_effort, 1, 10, 1),
    NUM_X("watchdog-period", OPT_HIDDEN, watchdog_period, 0, INT_MAX, 0),
    NUM_L("busy-reply-threshold", busy_reply_threshold, 0, LONG_MAX, 5000), /* scripts (run.c) */
    NUM_X("shutdown-timeout", 0, shutdown_timeout, 0, INT_MAX, 10),
    SHUTDOWN_X("shutdown-on-sigint", shutdown_on_sigint),
    SHUTDOWN_X("shutdown-on-sigterm", shutdown_on_sigterm),
    /* ACL, modules and RESTORE's payload check: no ACL users or modules; RESTORE always checks
     * what it loads. */
    ENUM_X("enable-module-command", IMM, enable_module_command, enum_yesno_protected, 0),
    ENUM_X("sanitize-dump-payload", 0, sanitize_dump_payload, enum_sanitize, 0),
    /* Hooks of Redis's own test suite. */
    NUM_X("key-load-delay", OPT_HIDDEN, key_load_delay, INT_MIN, INT_MAX, 0),
    NUM_X("loading-process-events-interval-bytes", OPT_HIDDEN,
          loading_process_events_interval_bytes, 1024, INT_MAX, 2 * 1024 * 1024),
};

const size_t config_inert_count = sizeof config_inert_options / sizeof config_inert_options[0];

/* One line at start naming the inert directives a file or the command line set. */
void config_log_inert(void)
{
    char *line = NULL;
    size_t len = 0;
    for (size_t i = 0; i < config_option_count(); i++) {
        const struct option *o = config_option_at(i);
        if (!(o->flags & OPT_INERT) || !config_option_was_set(o)) continue;
        size_t n = strlen(o->name);
        line = mem_realloc(line, len + n + 3);
        if (len) {
            memcpy(line + len, ", ", 2);
            len += 2;
        }
        memcpy(line + len, o->name, n + 1);
        len += n;
    }
    if (!line) return;
    log_msg(LOG_WARNING,
            "These directives are accepted for compatibility with Redis but have no "
            "effect in Tessera: %s",
            line);
    mem_free(line);
}
