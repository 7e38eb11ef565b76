/* Unit tests of the configuration (src/server/config*.c) and the log (src/server/log.c): defaults,
 * config files and command lines with Redis's exact start-up errors, CONFIG SET/GET round trips
 * and errors, Redis's directives without effect, CONFIG REWRITE, the default thread count, and
 * the log's line format, filtering and whole lines. */
#include <criterion/criterion.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <pthread.h>
#include <regex.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "server/log.h"
#include "shard/keyspace.h"
#include "tessera/config.h"
#include "tessera/mem.h"

#define FATAL_HEAD "\n*** FATAL CONFIG FILE ERROR (Tessera " TESSERA_VERSION ") ***\n"

/* ---- helpers ---- */

static char tmpdir[PATH_MAX - 64];

static void make_tmpdir(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/tessera-test-config-XXXXXX");
    cr_assert_not_null(mkdtemp(tmpdir));
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    return remove(path);
}

static void remove_tmpdir(void)
{
    if (tmpdir[0]) nftw(tmpdir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Writes text to <tmpdir>/<name> and returns the full path (static buffer per call slot). */
static const char *write_file(const char *name, const char *text)
{
    static char paths[8][PATH_MAX];
    static int slot;
    char *path = paths[slot++ % 8];
    snprintf(path, PATH_MAX, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f, "cannot write %s", path);
    fputs(text, f);
    fclose(f);
    return path;
}

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *f, ...)
{
    static char bufs[4][4096];
    static int slot;
    char *b = bufs[slot++ % 4];
    va_list ap;
    va_start(ap, f);
    vsnprintf(b, sizeof bufs[0], f, ap);
    va_end(ap);
    return b;
}

/* The start-up error Redis prints for a bad line. */
static char *fatal_at(int line, const char *text, const char *reason)
{
    return fmt(FATAL_HEAD "Reading the configuration file, at line %d\n>>> '%s'\n%s\n", line, text,
               reason);
}

/* CONFIG GET as a single value: the value of the one option name matches, "" when none. */
#define GOT_MAX 256
struct got {
    int n;
    char names[GOT_MAX][64];
    char values[GOT_MAX][1024];
};

static void collect(const char *name, const char *value, void *arg)
{
    struct got *g = arg;
    cr_assert_lt(g->n, GOT_MAX);
    snprintf(g->names[g->n], sizeof g->names[0], "%s", name);
    snprintf(g->values[g->n], sizeof g->values[0], "%s", value);
    g->n++;
}

static const char *get1(const struct config *c, const char *name)
{
    static struct got g;
    g.n = 0;
    config_get(c, name, collect, &g);
    cr_assert_eq(g.n, 1, "CONFIG GET %s matched %d options", name, g.n);
    return g.values[0];
}

static void expect_set_ok(struct config *c, const char *name, const char *value)
{
    char err[1024] = "";
    cr_assert_eq(config_set(c, name, value, err, sizeof err), 0, "CONFIG SET %s %s: %s", name,
                 value, err);
}

static void expect_set_err(struct config *c, const char *name, const char *value, const char *want)
{
    char err[1024] = "";
    cr_assert_eq(config_set(c, name, value, err, sizeof err), -1, "CONFIG SET %s %s succeeded",
                 name, value);
    cr_assert_str_eq(err, want);
}

static void expect_load_err(const char *text, const char *want)
{
    struct config c;
    config_defaults(&c);
    char err[4096] = "";
    cr_assert_eq(config_load_string(&c, text, "test", err, sizeof err), -1, "loaded: %s", text);
    cr_assert_str_eq(err, want);
    config_free(&c);
}

/* ---- defaults ---- */

Test(config, defaults_are_redis_defaults)
{
    struct config c;
    config_defaults(&c);
    cr_assert_eq(c.port, 6379);
    cr_assert_str_eq(c.bind, "* -::*");
    cr_assert_eq(c.threads, 0);
    cr_assert_str_eq(c.dir, "./");
    cr_assert_str_eq(c.dbfilename, "dump.rdb");
    cr_assert_eq(c.databases, 16);
    cr_assert_eq(c.maxclients, 10000);
    cr_assert_eq(c.loglevel, LOG_NOTICE);
    cr_assert_str_eq(c.logfile, "");
    cr_assert_eq(c.proto_max_bulk_len, 512LL * 1024 * 1024);
    cr_assert_eq(c.client_query_buffer_limit, 1024LL * 1024 * 1024);
    cr_assert_eq(c.timeout, 0);
    cr_assert_eq(c.hz, 10);
    cr_assert_eq(c.tcp_backlog, 511);
    cr_assert_eq(c.tcp_keepalive, 300);
    cr_assert_str_eq(c.requirepass, "");
    cr_assert_str_eq(c.pidfile, "");
    cr_assert_eq(c.daemonize, 0);
    config_free(&c);
}

Test(config, get_formats_values_as_redis)
{
    struct config c;
    config_defaults(&c);
    char cwd[PATH_MAX];
    cr_assert_not_null(getcwd(cwd, sizeof cwd));
    cr_assert_str_eq(get1(&c, "port"), "6379");
    cr_assert_str_eq(get1(&c, "bind"), "* -::*");
    cr_assert_str_eq(get1(&c, "threads"), "0");
    cr_assert_str_eq(get1(&c, "dir"), cwd, "dir reads back as the absolute working directory");
    cr_assert_str_eq(get1(&c, "dbfilename"), "dump.rdb");
    cr_assert_str_eq(get1(&c, "databases"), "16");
    cr_assert_str_eq(get1(&c, "maxclients"), "10000");
    cr_assert_str_eq(get1(&c, "loglevel"), "notice");
    cr_assert_str_eq(get1(&c, "logfile"), "");
    cr_assert_str_eq(get1(&c, "proto-max-bulk-len"), "536870912");
    cr_assert_str_eq(get1(&c, "client-query-buffer-limit"), "1073741824");
    cr_assert_str_eq(get1(&c, "timeout"), "0");
    cr_assert_str_eq(get1(&c, "hz"), "10");
    cr_assert_str_eq(get1(&c, "tcp-backlog"), "511");
    cr_assert_str_eq(get1(&c, "tcp-keepalive"), "300");
    cr_assert_str_eq(get1(&c, "requirepass"), "");
    cr_assert_str_eq(get1(&c, "pidfile"), "");
    cr_assert_str_eq(get1(&c, "daemonize"), "no");
    config_free(&c);
}

/* ---- CONFIG GET patterns ---- */

static int got_has(const struct got *g, const char *name)
{
    for (int i = 0; i < g->n; i++)
        if (!strcmp(g->names[i], name)) return 1;
    return 0;
}

Test(config, get_glob_patterns)
{
    struct config c;
    config_defaults(&c);
    struct got g = {0};

    static struct got g0;
    config_get(&c, "*", collect, &g0);
    /* Redis 7.0.15's 192 names, plus threads, io-backend and metrics-port */
    cr_assert_eq(g0.n, 195, "CONFIG GET * lists every option and alias once (%d)", g0.n);
    cr_assert(!got_has(&g0, "rdb-key-save-delay"), "a hidden option answers a pattern");
    g.n = 0;
    config_get(&c, "rdb-key-save-delay", collect, &g);
    cr_assert_eq(g.n, 1, "a hidden option answers its exact name");
    g = g0;
    const char *all[] = {"port",
                         "bind",
                         "threads",
                         "dir",
                         "dbfilename",
                         "databases",
                         "maxclients",
                         "loglevel",
                         "logfile",
                         "proto-max-bulk-len",
                         "client-query-buffer-limit",
                         "timeout",
                         "hz",
                         "tcp-backlog",
                         "tcp-keepalive",
                         "requirepass",
                         "aclfile",
                         "acllog-max-len",
                         "acl-pubsub-default",
                         "pidfile",
                         "hash-max-listpack-entries",
                         "hash-max-listpack-value",
                         "set-max-intset-entries",
                         "zset-max-listpack-entries",
                         "zset-max-listpack-value",
                         "list-max-listpack-size",
                         "hll-sparse-max-bytes",
                         "io-backend",
                         "metrics-port",
                         "list-compress-depth",
                         "daemonize",
                         "enable-protected-configs",
                         "client-output-buffer-limit",
                         "maxmemory-clients",
                         "notify-keyspace-events",
                         "save",
                         "rdbcompression",
                         "rdbchecksum",
                         "stop-writes-on-bgsave-error",
                         "rdb-del-sync-files",
                         "appendonly",
                         "enable-debug-command",
                         "maxmemory",
                         "maxmemory-policy",
                         "maxmemory-samples",
                         "maxmemory-eviction-tenacity",
                         "lfu-log-factor",
                         "lfu-decay-time",
                         "tracking-table-max-keys"};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        cr_assert(got_has(&g, all[i]), "CONFIG GET * lacks %s", all[i]);

    g.n = 0;
    config_get(&c, "*proto-max-*", collect, &g);
    cr_assert_eq(g.n, 1);
    cr_assert_str_eq(g.names[0], "proto-max-bulk-len");

    g.n = 0;
    config_get(&c, "*LOG*", collect, &g);
    cr_assert_eq(g.n, 14, "the match ignores case (Redis's 14)");
    cr_assert(got_has(&g, "loglevel") && got_has(&g, "logfile") && got_has(&g, "tcp-backlog") &&
              got_has(&g, "lfu-log-factor") && got_has(&g, "acllog-max-len"));

    g.n = 0;
    config_get(&c, "p?rt", collect, &g);
    cr_assert_eq(g.n, 1);
    cr_assert_str_eq(g.names[0], "port");

    g.n = 0;
    config_get(&c, "max[c]lients", collect, &g);
    cr_assert_eq(g.n, 1);
    cr_assert_str_eq(g.values[0], "10000");

    g.n = 0;
    config_get(&c, "[^p]*", collect, &g);
    cr_assert_eq(g.n, 189, "everything but the six names starting with p");
    cr_assert(!got_has(&g, "port") && !got_has(&g, "pidfile"));

    g.n = 0;
    config_get(&c, "PORT", collect, &g);
    cr_assert_eq(g.n, 1);
    cr_assert_str_eq(g.names[0], "port", "the callback gets the option's own name");

    g.n = 0;
    config_get(&c, "hash-max-*-entries", collect, &g);
    cr_assert_eq(g.n, 2, "the ziplist-era alias answers too");
    cr_assert(got_has(&g, "hash-max-listpack-entries") && got_has(&g, "hash-max-ziplist-entries"));
    cr_assert_str_eq(g.values[0], g.values[1]);

    g.n = 0;
    config_get(&c, "no-such-option", collect, &g);
    cr_assert_eq(g.n, 0);
    config_free(&c);
}

/* ---- config files ---- */

Test(config, file_with_comments_quotes_and_repeats, .init = make_tmpdir, .fini = remove_tmpdir)
{
    const char *path = write_file("a.conf", "# Tessera test configuration\n"
                                            "\n"
                                            "   # an indented comment\n"
                                            "PORT 7000\n"
                                            "port 7001\n"
                                            "\tbind 127.0.0.1   ::1  \r\n"
                                            "maxclients \"1234\"\n"
                                            "dbfilename 'my dump.rdb'\n"
                                            "requirepass \"p\\x41ss\\tw\\\"d\"\n"
                                            "pidfile 'it\\'s.pid'\n"
                                            "logfile \"\"\n"
                                            "LogLevel WARNING\n"
                                            "daemonize YES\n"
                                            "proto-max-bulk-len 2MB\n"
                                            "client-query-buffer-limit 3000k\n"
                                            "hz 1000\n"
                                            "timeout 0   \n"
                                            "threads 4");
    struct config c;
    config_defaults(&c);
    char err[4096] = "";
    cr_assert_eq(config_load_file(&c, path, err, sizeof err), 0, "%s", err);
    cr_assert_eq(c.port, 7001, "a directive may repeat; the last wins");
    cr_assert_str_eq(c.bind, "127.0.0.1 ::1");
    cr_assert_eq(c.maxclients, 1234);
    cr_assert_str_eq(c.dbfilename, "my dump.rdb");
    cr_assert_str_eq(c.requirepass, "pAss\tw\"d");
    cr_assert_str_eq(c.pidfile, "it's.pid");
    cr_assert_str_eq(c.logfile, "");
    cr_assert_eq(c.loglevel, LOG_WARNING);
    cr_assert_eq(c.daemonize, 1);
    cr_assert_eq(c.proto_max_bulk_len, 2 * 1024 * 1024);
    cr_assert_eq(c.client_query_buffer_limit, 3000000);
    cr_assert_eq(c.hz, 500, "hz is pulled into 1..500, as Redis does");
    cr_assert_eq(c.timeout, 0);
    cr_assert_eq(c.threads, 4);
    config_free(&c);
}

Test(config, include_absolute_relative_and_wildcard, .init = make_tmpdir, .fini = remove_tmpdir)
{
    write_file("inner.conf", "timeout 42\ninclude nested.conf\n");
    write_file("nested.conf", "tcp-keepalive 7\n");
    write_file("part-1.conf", "databases 3\n");
    write_file("part-2.conf", "maxclients 77\n");
    const char *top = write_file("top.conf", fmt("port 1\n"
                                                 "include %s/inner.conf\n"
                                                 "include %s/part-*.conf\n"
                                                 "include %s/none-*.conf\n"
                                                 "port 2\n",
                                                 tmpdir, tmpdir, tmpdir));
    /* Relative includes are relative to the working directory, as in Redis. */
    cr_assert_eq(chdir(tmpdir), 0);
    struct config c;
    config_defaults(&c);
    char err[4096] = "";
    cr_assert_eq(config_load_file(&c, top, err, sizeof err), 0, "%s", err);
    cr_assert_eq(c.port, 2);
    cr_assert_eq(c.timeout, 42);
    cr_assert_eq(c.tcp_keepalive, 7);
    cr_assert_eq(c.databases, 3);
    cr_assert_eq(c.maxclients, 77);
    config_free(&c);
}

Test(config, include_errors, .init = make_tmpdir, .fini = remove_tmpdir)
{
    write_file("bad.conf", "# fine\nport 1\nhz x\n");
    const char *top = write_file("top.conf", fmt("port 1\ninclude %s/bad.conf\n", tmpdir));
    struct config c;
    config_defaults(&c);
    char err[4096] = "";
    cr_assert_eq(config_load_file(&c, top, err, sizeof err), -1);
    cr_assert_str_eq(err, fatal_at(3, "hz x", "argument couldn't be parsed into an integer"),
                     "the line is counted in the included file");

    top = write_file("top2.conf", fmt("include %s/missing.conf\n", tmpdir));
    cr_assert_eq(config_load_file(&c, top, err, sizeof err), -1);
    cr_assert_str_eq(err, fmt("Fatal error, can't open config file '%s/missing.conf': "
                              "No such file or directory\n",
                              tmpdir));

    const char *loop = write_file("loop.conf", "include loop.conf\n");
    cr_assert_eq(chdir(tmpdir), 0);
    cr_assert_eq(config_load_file(&c, loop, err, sizeof err), -1);
    cr_assert(strstr(err, "Too many nested includes"), "an include loop stops: %s", err);
    config_free(&c);
}

Test(config, missing_file)
{
    struct config c;
    config_defaults(&c);
    char err[4096] = "";
    cr_assert_eq(config_load_file(&c, "/nonexistent/tessera.conf", err, sizeof err), -1);
    cr_assert_str_eq(err, "Fatal error, can't open config file '/nonexistent/tessera.conf': "
                          "No such file or directory\n");
    config_free(&c);
}

/* Every kind of error names the line number and the line as written, then Redis's reason. */
Test(config, every_error_kind_names_the_line)
{
    expect_load_err("# c\n\nfoo bar\n",
                    fatal_at(3, "foo bar", "Bad directive or wrong number of arguments"));
    expect_load_err("port 1 2\n", fatal_at(1, "port 1 2", "wrong number of arguments"));
    expect_load_err("port\n", fatal_at(1, "port", "wrong number of arguments"));
    expect_load_err("include\n",
                    fatal_at(1, "include", "Bad directive or wrong number of arguments"));
    expect_load_err("include a b\n",
                    fatal_at(1, "include a b", "Bad directive or wrong number of arguments"));
    expect_load_err("bind \"1.2.3.4\n",
                    fatal_at(1, "bind \"1.2.3.4", "Unbalanced quotes in configuration line"));
    expect_load_err("port \"1\"x\n",
                    fatal_at(1, "port \"1\"x", "Unbalanced quotes in configuration line"));
    expect_load_err("port 'a\n", fatal_at(1, "port 'a", "Unbalanced quotes in configuration line"));
    expect_load_err("daemonize maybe\n",
                    fatal_at(1, "daemonize maybe", "argument must be 'yes' or 'no'"));
    expect_load_err("  PORT   \"abc\"  \n",
                    fatal_at(1, "PORT   \"abc\"", "argument couldn't be parsed into an integer"));
    expect_load_err("timeout 007\n",
                    fatal_at(1, "timeout 007", "argument couldn't be parsed into an integer"));
    expect_load_err("timeout +5\n",
                    fatal_at(1, "timeout +5", "argument couldn't be parsed into an integer"));
    expect_load_err("port 70000\n",
                    fatal_at(1, "port 70000", "argument must be between 0 and 65535 inclusive"));
    expect_load_err(
        "timeout -1\n",
        fatal_at(1, "timeout -1", "argument must be between 0 and 2147483647 inclusive"));
    expect_load_err(
        "databases 0\n",
        fatal_at(1, "databases 0", "argument must be between 1 and 2147483647 inclusive"));
    expect_load_err(
        "maxclients 0\n",
        fatal_at(1, "maxclients 0", "argument must be between 1 and 4294967295 inclusive"));
    expect_load_err("threads 257\n",
                    fatal_at(1, "threads 257", "argument must be between 0 and 256 inclusive"));
    expect_load_err("proto-max-bulk-len 1x\n",
                    fatal_at(1, "proto-max-bulk-len 1x", "argument must be a memory value"));
    expect_load_err("proto-max-bulk-len 1.5mb\n",
                    fatal_at(1, "proto-max-bulk-len 1.5mb", "argument must be a memory value"));
    expect_load_err("client-query-buffer-limit -5\n",
                    fatal_at(1, "client-query-buffer-limit -5", "argument must be a memory value"));
    expect_load_err("proto-max-bulk-len 1000\n",
                    fatal_at(1, "proto-max-bulk-len 1000",
                             "argument must be between 1048576 and 9223372036854775807 inclusive"));
    expect_load_err("loglevel loud\n",
                    fatal_at(1, "loglevel loud",
                             "argument(s) must be one of the following: debug, verbose, notice, "
                             "warning, nothing"));
    expect_load_err(
        "dbfilename a/b.rdb\n",
        fatal_at(1, "dbfilename a/b.rdb", "dbfilename can't be a path, just a filename"));
    expect_load_err("dir /nonexistent/dir\n",
                    fatal_at(1, "dir /nonexistent/dir", "No such file or directory"));
    expect_load_err("bind 127.0.0.1 300.1.1.1\n",
                    fatal_at(1, "bind 127.0.0.1 300.1.1.1", "Invalid bind address '300.1.1.1'"));
    expect_load_err("bind 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n",
                    fatal_at(1, "bind 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17",
                             "Too many bind addresses specified."));
    expect_load_err("\r\n\t# x\r\n port x\r\n",
                    fatal_at(3, "port x", "argument couldn't be parsed into an integer"));
    expect_load_err("logfile /nonexistent/dir/x.log\n",
                    FATAL_HEAD "Can't open the log file: No such file or directory\n");
}

Test(config, bind_addresses)
{
    struct config c;
    config_defaults(&c);
    char err[4096] = "";
    cr_assert_eq(
        config_load_string(&c, "bind -127.0.0.1 ::1 * -::* 10.0.0.1", NULL, err, sizeof err), 0,
        "%s", err);
    cr_assert_str_eq(c.bind, "-127.0.0.1 ::1 * -::* 10.0.0.1");
    cr_assert_eq(config_load_string(&c, "bind \"\"", NULL, err, sizeof err), 0, "%s", err);
    cr_assert_str_eq(c.bind, "", "an empty bind is no address, as in Redis");
    expect_load_err("bind localhost\n",
                    fatal_at(1, "bind localhost", "Invalid bind address 'localhost'"));
    config_free(&c);
}

Test(config, dir_changes_directory, .init = make_tmpdir, .fini = remove_tmpdir)
{
    struct config c;
    config_defaults(&c);
    char err[4096] = "";
    char real[PATH_MAX];
    cr_assert_not_null(realpath(tmpdir, real));
    cr_assert_eq(config_load_string(&c, fmt("dir %s", tmpdir), NULL, err, sizeof err), 0, "%s",
                 err);
    char cwd[PATH_MAX];
    cr_assert_not_null(getcwd(cwd, sizeof cwd));
    cr_assert_str_eq(cwd, real);
    cr_assert_str_eq(c.dir, real, "dir is kept absolute");
    cr_assert_str_eq(get1(&c, "dir"), real);

    cr_assert_eq(mkdir(fmt("%s/sub", tmpdir), 0755), 0);
    expect_set_ok(&c, "dir", "sub");
    cr_assert_str_eq(c.dir, fmt("%s/sub", real), "a relative dir is taken from the current one");
    expect_set_err(&c, "dir", "/nonexistent/dir",
                   "ERR CONFIG SET failed (possibly related to argument 'dir') - No such file or "
                   "directory");
    cr_assert_str_eq(get1(&c, "dir"), fmt("%s/sub", real), "a failed CONFIG SET dir stays put");
    config_free(&c);
}

/* ---- the command line ---- */

Test(config, args_override_file, .init = make_tmpdir, .fini = remove_tmpdir)
{
    const char *path = write_file("a.conf", "port 1\nbind 127.0.0.1\nrequirepass secret\n");
    struct config c;
    config_defaults(&c);
    char err[4096] = "";
    cr_assert_eq(config_load_file(&c, path, err, sizeof err), 0, "%s", err);
    char *argv[] = {"--port",        "6380", "--bind",       "127.0.0.1",  "::1",
                    "--requirepass", "",     "--timeout 30", "--loglevel", "--debug-like-value"};
    char *argv2[] = {"--dbfilename", "x y.rdb", "--maxclients", "5"};
    cr_assert_eq(config_load_args(&c, 8, argv, err, sizeof err), 0, "%s", err);
    cr_assert_eq(c.port, 6380, "the command line wins over the file");
    cr_assert_str_eq(c.bind, "127.0.0.1 ::1");
    cr_assert_str_eq(c.requirepass, "", "an empty argument is an empty value");
    cr_assert_eq(c.timeout, 30, "a name and its value may share one argument");
    cr_assert_eq(config_load_args(&c, 4, argv2, err, sizeof err), 0, "%s", err);
    cr_assert_str_eq(c.dbfilename, "x y.rdb");
    cr_assert_eq(c.maxclients, 5);

    /* After a bare name, an argument starting with "--" is its value. */
    char err2[4096] = "";
    cr_assert_eq(config_load_args(&c, 2, argv + 8, err2, sizeof err2), -1);
    cr_assert_str_eq(err2, fatal_at(5, "loglevel \"--debug-like-value\"",
                                    "argument(s) must be one of the following: debug, verbose, "
                                    "notice, warning, nothing"));
    config_free(&c);
}

/* Redis appends "\n" and the options to the file's text: line numbers go on from the file. */
Test(config, args_errors_count_lines_after_the_file, .init = make_tmpdir, .fini = remove_tmpdir)
{
    struct config c;
    config_defaults(&c);
    char err[4096] = "";
    char *hz[] = {"--port", "5", "--hz", "abc"};
    cr_assert_eq(config_load_args(&c, 4, hz, err, sizeof err), -1);
    cr_assert_str_eq(err, fatal_at(3, "hz \"abc\"", "argument couldn't be parsed into an integer"),
                     "without a file the options start on line 2");

    const char *nonl = write_file("nonl.conf", "port 1");
    cr_assert_eq(config_load_file(&c, nonl, err, sizeof err), 0, "%s", err);
    cr_assert_eq(config_load_args(&c, 4, hz, err, sizeof err), -1);
    cr_assert_str_eq(err, fatal_at(3, "hz \"abc\"", "argument couldn't be parsed into an integer"));

    const char *three = write_file("three.conf", "# one\nport 1\n\n");
    cr_assert_eq(config_load_file(&c, three, err, sizeof err), 0, "%s", err);
    char *bare[] = {"--requirepass", "a\"b\\c\n", "--hz"};
    cr_assert_eq(config_load_args(&c, 3, bare, err, sizeof err), -1);
    cr_assert_str_eq(err, fatal_at(6, "hz", "wrong number of arguments"));
    cr_assert_str_eq(c.requirepass, "a\"b\\c\n", "values are quoted so they read back unchanged");

    /* Redis gives a bare --save an empty value: no save rules. */
    char *save[] = {"--save", "--port", "7"};
    cr_assert_eq(config_load_args(&c, 3, save, err, sizeof err), 0, "%s", err);
    cr_assert_str_eq(c.save, "");
    char *odd[] = {"--save", "60"};
    cr_assert_eq(config_load_args(&c, 2, odd, err, sizeof err), -1);
    cr_assert_str_eq(err, fatal_at(5, "save \"60\"", "Invalid save parameters"));

    char *unknown[] = {"--port", "8", "--no-such-option", "1"};
    cr_assert_eq(config_load_args(&c, 4, unknown, err, sizeof err), -1);
    cr_assert_str_eq(
        err, fatal_at(6, "no-such-option \"1\"", "Bad directive or wrong number of arguments"));
    config_free(&c);
}

/* ---- CONFIG SET ---- */

Test(config, set_round_trips)
{
    struct config c;
    config_defaults(&c);
    expect_set_ok(&c, "hz", "20");
    cr_assert_eq(c.hz, 20);
    cr_assert_str_eq(get1(&c, "hz"), "20");
    expect_set_ok(&c, "MAXCLIENTS", "5000");
    cr_assert_str_eq(get1(&c, "maxclients"), "5000", "names are case-insensitive");
    expect_set_ok(&c, "maxclients", "4294967295");
    cr_assert_eq(c.maxclients, INT_MAX, "Redis's largest maxclients is held as INT_MAX");
    expect_set_ok(&c, "timeout", "300");
    expect_set_ok(&c, "tcp-keepalive", "0");
    cr_assert_str_eq(get1(&c, "timeout"), "300");
    cr_assert_str_eq(get1(&c, "tcp-keepalive"), "0");
    expect_set_ok(&c, "hz", "0");
    cr_assert_str_eq(get1(&c, "hz"), "1", "hz below 1 becomes 1");
    expect_set_ok(&c, "hz", "20");
    cr_assert_str_eq(get1(&c, "hz"), "20");
    expect_set_ok(&c, "loglevel", "VERBOSE");
    cr_assert_eq(c.loglevel, LOG_VERBOSE);
    cr_assert_str_eq(get1(&c, "loglevel"), "verbose");
    expect_set_ok(&c, "loglevel", "nothing");
    cr_assert_str_eq(get1(&c, "loglevel"), "nothing");
    expect_set_ok(&c, "dbfilename", "other.rdb");
    cr_assert_str_eq(get1(&c, "dbfilename"), "other.rdb");
    expect_set_ok(&c, "requirepass", "s3cret");
    cr_assert_str_eq(get1(&c, "requirepass"), "s3cret");
    expect_set_ok(&c, "requirepass", "");
    cr_assert_str_eq(c.requirepass, "");
    config_free(&c);
}

Test(config, set_memory_units)
{
    struct config c;
    config_defaults(&c);
    const struct {
        const char *in, *out;
    } cases[] = {
        {"2mb", "2097152"},     {"2MB", "2097152"},      {"2m", "2000000"},
        {"2000k", "2000000"},   {"2048kb", "2097152"},   {"1gb", "1073741824"},
        {"1G", "1000000000"},   {"2097152b", "2097152"}, {"02097152", "2097152"},
        {"3145728", "3145728"}, {"8gb", "8589934592"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        expect_set_ok(&c, "proto-max-bulk-len", cases[i].in);
        cr_assert_str_eq(get1(&c, "proto-max-bulk-len"), cases[i].out, "%s", cases[i].in);
        expect_set_ok(&c, "client-query-buffer-limit", cases[i].in);
        cr_assert_str_eq(get1(&c, "client-query-buffer-limit"), cases[i].out, "%s", cases[i].in);
    }
    const char *range = "ERR CONFIG SET failed (possibly related to argument "
                        "'proto-max-bulk-len') - argument must be between 1048576 and "
                        "9223372036854775807 inclusive";
    const char *notmem = "ERR CONFIG SET failed (possibly related to argument "
                         "'proto-max-bulk-len') - argument must be a memory value";
    expect_set_err(&c, "proto-max-bulk-len", "100", range);
    expect_set_err(&c, "proto-max-bulk-len", "", range);
    expect_set_err(&c, "proto-max-bulk-len", "kb", range);
    expect_set_err(&c, "proto-max-bulk-len", "99999999999999999999", range);
    expect_set_err(&c, "proto-max-bulk-len", "17179869184gb", range);
    expect_set_err(&c, "proto-max-bulk-len", "1.5mb", notmem);
    expect_set_err(&c, "proto-max-bulk-len", "-1", notmem);
    expect_set_err(&c, "proto-max-bulk-len", "+2097152", notmem);
    expect_set_err(&c, "proto-max-bulk-len", " 2mb", notmem);
    expect_set_err(&c, "proto-max-bulk-len", "0x100000", notmem);
    cr_assert_str_eq(get1(&c, "proto-max-bulk-len"), "8589934592", "failed sets change nothing");
    config_free(&c);
}

Test(config, set_errors_as_redis)
{
    struct config c;
    config_defaults(&c);
    expect_set_err(&c, "foo", "bar",
                   "ERR Unknown option or number of arguments for CONFIG SET - 'foo'");
    const char *immutable[] = {"databases",   "threads", "logfile",
                               "tcp-backlog", "pidfile", "daemonize"};
    for (size_t i = 0; i < sizeof immutable / sizeof immutable[0]; i++)
        expect_set_err(&c, immutable[i], "1",
                       fmt("ERR CONFIG SET failed (possibly related to argument '%s') - can't "
                           "set immutable config",
                           immutable[i]));
    expect_set_err(&c, "Databases", "3",
                   "ERR CONFIG SET failed (possibly related to argument 'Databases') - can't set "
                   "immutable config");
    expect_set_err(&c, "TCP-KEEPALIVE", "abc",
                   "ERR CONFIG SET failed (possibly related to argument 'tcp-keepalive') - "
                   "argument couldn't be parsed into an integer");
    expect_set_err(&c, "maxclients", "1e3",
                   "ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument "
                   "couldn't be parsed into an integer");
    expect_set_err(&c, "maxclients", "0",
                   "ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument "
                   "must be between 1 and 4294967295 inclusive");
    expect_set_err(&c, "timeout", "-1",
                   "ERR CONFIG SET failed (possibly related to argument 'timeout') - argument "
                   "must be between 0 and 2147483647 inclusive");
    expect_set_err(&c, "loglevel", "foo",
                   "ERR CONFIG SET failed (possibly related to argument 'loglevel') - "
                   "argument(s) must be one of the following: debug, verbose, notice, warning, "
                   "nothing");
    expect_set_err(&c, "dbfilename", "a/b",
                   "ERR CONFIG SET failed (possibly related to argument 'dbfilename') - "
                   "dbfilename can't be a path, just a filename");
    expect_set_err(&c, "dbfilename", "a\\b",
                   "ERR CONFIG SET failed (possibly related to argument 'dbfilename') - "
                   "dbfilename can't be a path, just a filename");
    cr_assert_eq(c.port, 6379);
    cr_assert_eq(c.maxclients, 10000);
    cr_assert_str_eq(c.bind, "* -::*");
    cr_assert_str_eq(c.dbfilename, "dump.rdb");
    cr_assert_eq(c.loglevel, LOG_NOTICE);
    config_free(&c);
}

Test(config, set_replaces_strings_without_touching_the_old_one)
{
    struct config c;
    config_defaults(&c);
    config_quiescent_init(2);
    expect_set_ok(&c, "requirepass", "first");
    const char *before = c.requirepass;
    expect_set_ok(&c, "requirepass", "second");
    cr_assert_neq((void *)c.requirepass, (void *)before, "a new string, not an edit in place");
    cr_assert_str_eq(before, "first", "a reader still holding the old string sees it whole");
    cr_assert_str_eq(c.requirepass, "second");
    expect_set_ok(&c, "requirepass", "second");
    cr_assert_str_eq(c.requirepass, "second");
    cr_assert_eq(config_retired_pending(), 2, "the default and \"first\" wait for the workers");
    config_free(&c);
    cr_assert_eq(config_retired_pending(), 0);
}

/* ---- reclaiming replaced strings ---- */

Test(config, a_replaced_string_is_freed_once_every_worker_passed_a_quiescent_point)
{
    struct config c;
    config_defaults(&c);
    config_quiescent_init(3);
    expect_set_ok(&c, "dbfilename", "one.rdb");
    cr_assert_eq(config_retired_pending(), 1);
    const char *held = c.dbfilename; /* worker 2 reads it in the turn in progress */
    config_quiescent(0);
    config_quiescent(1);
    expect_set_ok(&c, "dbfilename", "two.rdb");
    cr_assert_eq(config_retired_pending(), 2, "worker 2 has not passed a quiescent point");
    cr_assert_str_eq(held, "one.rdb", "still whole for worker 2 (ASan would see a free)");
    config_quiescent(2);
    cr_assert_eq(config_retired_pending(), 1, "dump.rdb is free; one.rdb waits for 0 and 1");
    config_quiescent(0);
    config_quiescent(0); /* nothing new: the fast path */
    cr_assert_eq(config_retired_pending(), 1);
    config_quiescent(1);
    cr_assert_eq(config_retired_pending(), 0, "every worker passed: one.rdb is free");
    config_quiescent(7); /* no such worker: ignored */
    config_free(&c);
}

Test(config, strings_are_freed_at_once_before_workers_are_declared)
{
    struct config c;
    config_defaults(&c);
    expect_set_ok(&c, "requirepass", "a");
    expect_set_ok(&c, "requirepass", "b");
    cr_assert_eq(config_retired_pending(), 0, "no worker reads yet: nothing to wait for");
    config_retire(mem_strndup("x", 1));
    cr_assert_eq(config_retired_pending(), 0);
    config_free(&c);
}

Test(config, repeated_sets_of_a_large_string_do_not_accumulate)
{
    struct config c;
    config_defaults(&c);
    config_quiescent_init(2);
    size_t big = 1 << 20;
    char *v = malloc(big + 1);
    cr_assert_not_null(v);
    int64_t base = 0;
    for (int i = 0; i < 300; i++) {
        memset(v, 'a' + i % 26, big);
        v[big] = '\0';
        v[0] = (char)('a' + (i + 1) % 26); /* a new value every time */
        expect_set_ok(&c, "requirepass", v);
        config_quiescent(0);
        config_quiescent(1);
        if (i == 10) base = mem_used();
    }
    free(v);
    cr_assert_leq(config_retired_pending(), 1);
    cr_assert_lt(mem_used() - base, (int64_t)(4 << 20), "300 sets of 1 MB keep no more than a few");
    config_free(&c);
}

#define RACE_READERS 2
#define RACE_SETS    3000

struct race {
    struct config *c;
    int id;
    _Atomic int *stop;
    long reads, bad;
};

/* A worker's loop: reads the string and an integer each turn, then passes a quiescent point. */
static void *race_reader(void *arg)
{
    struct race *r = arg;
    while (!atomic_load(r->stop)) {
        const char *s = atomic_load_explicit(&r->c->requirepass, memory_order_acquire);
        size_t n = strlen(s);
        if (!(n == 0 || (n == 40 && s[0] == s[39]))) r->bad++; /* torn, or freed under it */
        if (atomic_load_explicit(&r->c->hz, memory_order_relaxed) < 1) r->bad++;
        r->reads++;
        config_quiescent(r->id);
    }
    return NULL;
}

Test(config, readers_race_config_set_safely)
{
    struct config c;
    config_defaults(&c);
    config_quiescent_init(RACE_READERS);
    _Atomic int stop = 0;
    pthread_t t[RACE_READERS];
    struct race r[RACE_READERS];
    for (int i = 0; i < RACE_READERS; i++) {
        r[i] = (struct race){.c = &c, .id = i, .stop = &stop};
        cr_assert_eq(pthread_create(&t[i], NULL, race_reader, &r[i]), 0);
    }
    char v[41];
    for (int i = 0; i < RACE_SETS; i++) {
        memset(v, 'a' + i % 26, 40);
        v[40] = '\0';
        expect_set_ok(&c, "requirepass", v);
        char hz[8];
        snprintf(hz, sizeof hz, "%d", 1 + i % 100);
        expect_set_ok(&c, "hz", hz);
    }
    /* The readers go on passing quiescent points: every retired string gets freed. */
    for (int spins = 0; config_retired_pending() > 0 && spins < 5000; spins++)
        usleep(1000);
    cr_assert_eq(config_retired_pending(), 0, "the strings wait for readers that have moved on");
    atomic_store(&stop, 1);
    for (int i = 0; i < RACE_READERS; i++) {
        pthread_join(t[i], NULL);
        cr_assert_gt(r[i].reads, 0);
        cr_assert_eq(r[i].bad, 0, "reader %d saw %ld bad values", i, r[i].bad);
    }
    config_free(&c);
}

/* ---- protected options ---- */

Test(config, dir_and_dbfilename_are_protected)
{
    struct config c;
    config_defaults(&c);
    cr_assert_str_eq(get1(&c, "enable-protected-configs"), "no");
    cr_assert_str_eq(config_set_refusal("dir", 1), "can't set protected config");
    cr_assert_str_eq(config_set_refusal("DBFileName", 0), "can't set protected config");
    cr_assert_str_eq(config_set_refusal("port", 1), "can't set immutable config");
    cr_assert_str_eq(config_set_refusal("enable-protected-configs", 1),
                     "can't set immutable config");
    cr_assert_null(config_set_refusal("hz", 0));
    cr_assert_null(config_set_refusal("requirepass", 0));
    cr_assert_null(config_set_refusal("no-such-option", 0), "unknown names are not its business");
    expect_set_err(&c, "enable-protected-configs", "yes",
                   "ERR CONFIG SET failed (possibly related to argument "
                   "'enable-protected-configs') - can't set immutable config");
    config_free(&c);
}

Test(config, enable_protected_configs_opens_them, .init = make_tmpdir, .fini = remove_tmpdir)
{
    char err[4096] = "";
    config_defaults(&g_config);
    cr_assert_eq(
        config_load_string(&g_config, "enable-protected-configs local", NULL, err, sizeof err), 0,
        "%s", err);
    cr_assert_str_eq(get1(&g_config, "enable-protected-configs"), "local");
    cr_assert_null(config_set_refusal("dir", 1), "a local client may");
    cr_assert_str_eq(config_set_refusal("dir", 0), "can't set protected config");
    cr_assert_eq(
        config_load_string(&g_config, "enable-protected-configs YES", NULL, err, sizeof err), 0,
        "%s", err);
    cr_assert_null(config_set_refusal("dir", 0), "yes: any client may");
    cr_assert_null(config_set_refusal("dbfilename", 0));
    cr_assert_eq(
        config_load_string(&g_config, "enable-protected-configs maybe", NULL, err, sizeof err), -1);
    cr_assert_str_eq(err, FATAL_HEAD "Reading the configuration file, at line 1\n"
                                     ">>> 'enable-protected-configs maybe'\n"
                                     "argument(s) must be one of the following: no, yes, local\n");
    config_free(&g_config);
}

/* ---- options fixed at start-up ---- */

Test(config, port_and_bind_are_immutable)
{
    struct config c;
    config_defaults(&c);
    expect_set_err(&c, "port", "6390",
                   "ERR CONFIG SET failed (possibly related to argument 'port') - can't set "
                   "immutable config");
    expect_set_err(&c, "bind", "127.0.0.1",
                   "ERR CONFIG SET failed (possibly related to argument 'bind') - can't set "
                   "immutable config");
    cr_assert_eq(c.port, 6379);
    config_free(&c);
}

/* ---- default thread count ---- */

Test(config, default_threads_within_affinity)
{
    cpu_set_t set;
    cr_assert_eq(sched_getaffinity(0, sizeof set, &set), 0);
    int n = config_default_threads();
    cr_assert_geq(n, 1);
    cr_assert_leq(n, CPU_COUNT(&set));

    CPU_ZERO(&set);
    CPU_SET(0, &set);
    cr_assert_eq(sched_setaffinity(0, sizeof set, &set), 0);
    cr_assert_eq(config_default_threads(), 1, "one CPU allowed, one thread");
}

/* ---- the log ---- */

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "r");
    cr_assert_not_null(f);
    static char buf[8 << 20];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    return buf;
}

static void log_to(const char *name, const char *level)
{
    config_defaults(&g_config);
    char err[4096] = "";
    cr_assert_eq(config_load_string(&g_config,
                                    fmt("logfile %s/%s\nloglevel %s", tmpdir, name, level), NULL,
                                    err, sizeof err),
                 0, "%s", err);
    log_open();
}

Test(log, line_format_and_levels, .init = make_tmpdir, .fini = remove_tmpdir)
{
    log_to("a.log", "verbose");
    log_msg(LOG_DEBUG, "hidden %d", 1);
    log_msg(LOG_VERBOSE, "verbose %d", 2);
    log_msg(LOG_NOTICE, "notice %s", "three");
    log_msg(LOG_WARNING, "warning %c", '4');
    char err[1024];
    cr_assert_eq(config_set(&g_config, "loglevel", "warning", err, sizeof err), 0);
    log_msg(LOG_NOTICE, "hidden notice");
    log_msg(LOG_WARNING, "shown warning");
    cr_assert_eq(config_set(&g_config, "loglevel", "nothing", err, sizeof err), 0);
    log_msg(LOG_WARNING, "hidden warning");
    cr_assert_eq(config_set(&g_config, "loglevel", "debug", err, sizeof err), 0);
    log_msg(LOG_DEBUG, "debug %d", 5);
    log_close();

    const char *text = read_all(fmt("%s/a.log", tmpdir));
    regex_t re;
    cr_assert_eq(regcomp(&re,
                         "^([0-9]+):M [0-9]{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
                         "[0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3} ([.*#-]) (.*)$",
                         REG_EXTENDED | REG_NEWLINE),
                 0);
    const char *want[][2] = {{"-", "verbose 2"},
                             {"*", "notice three"},
                             {"#", "warning 4"},
                             {"#", "shown warning"},
                             {".", "debug 5"}};
    const char *p = text;
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        regmatch_t m[5];
        cr_assert_eq(regexec(&re, p, 5, m, 0), 0, "line %zu malformed: %s", i, p);
        cr_assert_eq(m[0].rm_so, 0);
        cr_assert_eq(atoi(p + m[1].rm_so), (int)getpid());
        cr_assert_eq(p[m[3].rm_so], want[i][0][0], "level mark of line %zu", i);
        cr_assert_eq((size_t)(m[4].rm_eo - m[4].rm_so), strlen(want[i][1]));
        cr_assert(!strncmp(p + m[4].rm_so, want[i][1], strlen(want[i][1])), "line %zu: %s", i, p);
        cr_assert_eq(p[m[0].rm_eo], '\n');
        p += m[0].rm_eo + 1;
    }
    cr_assert_eq(*p, '\0', "no other lines: %s", p);
    regfree(&re);
    config_free(&g_config);
}

Test(log, long_messages_are_cut, .init = make_tmpdir, .fini = remove_tmpdir)
{
    log_to("b.log", "notice");
    static char big[5000];
    memset(big, 'x', sizeof big - 1);
    log_msg(LOG_NOTICE, "%s", big);
    log_close();
    const char *text = read_all(fmt("%s/b.log", tmpdir));
    const char *msg = strstr(text, " * ");
    cr_assert_not_null(msg);
    msg += 3;
    cr_assert_eq(strlen(msg), (size_t)LOG_MAX_LEN - 1 + 1, "1023 bytes of message, then \\n");
    cr_assert_eq(msg[LOG_MAX_LEN - 1], '\n');
    config_free(&g_config);
}

Test(log, appends_to_an_existing_file, .init = make_tmpdir, .fini = remove_tmpdir)
{
    write_file("c.log", "earlier line\n");
    log_to("c.log", "notice");
    log_msg(LOG_WARNING, "later line");
    log_close();
    const char *text = read_all(fmt("%s/c.log", tmpdir));
    cr_assert(!strncmp(text, "earlier line\n", 13), "%s", text);
    cr_assert_not_null(strstr(text + 13, " # later line\n"));
    config_free(&g_config);
}

#define LOG_THREADS 8
#define LOG_LINES   2000

static void *log_worker(void *arg)
{
    long id = (long)arg;
    for (int i = 0; i < LOG_LINES; i++)
        log_msg(LOG_NOTICE, "thread %ld line %d %s", id, i,
                "padding-padding-padding-padding-padding-padding-padding-padding-padding");
    return NULL;
}

Test(log, threads_never_interleave_lines, .init = make_tmpdir, .fini = remove_tmpdir)
{
    log_to("d.log", "notice");
    pthread_t t[LOG_THREADS];
    for (long i = 0; i < LOG_THREADS; i++)
        cr_assert_eq(pthread_create(&t[i], NULL, log_worker, (void *)i), 0);
    for (int i = 0; i < LOG_THREADS; i++)
        pthread_join(t[i], NULL);
    log_close();

    char *text = read_all(fmt("%s/d.log", tmpdir));
    int next[LOG_THREADS] = {0};
    int lines = 0;
    for (char *save = NULL, *line = strtok_r(text, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        long id;
        int n;
        const char *msg = strstr(line, " * thread ");
        cr_assert_not_null(msg, "mangled line: %s", line);
        cr_assert_eq(sscanf(msg, " * thread %ld line %d", &id, &n), 2, "mangled line: %s", line);
        cr_assert(id >= 0 && id < LOG_THREADS);
        cr_assert_eq(n, next[id], "thread %ld: line %d after %d", id, n, next[id] - 1);
        cr_assert(strstr(msg, "padding-padding-padding-padding-padding-padding-padding-padding-"
                              "padding") != NULL &&
                      msg[strlen(msg) - 1] == 'g',
                  "line cut or merged: %s", line);
        next[id]++;
        lines++;
    }
    cr_assert_eq(lines, LOG_THREADS * LOG_LINES);
    config_free(&g_config);
}

/* ---- client-output-buffer-limit ---- */

Test(config, client_output_buffer_limit)
{
    struct config c;
    config_defaults(&c);
    cr_assert_eq(c.obuf_limits[CLIENT_CLASS_NORMAL].hard, 0);
    cr_assert_eq(c.obuf_limits[CLIENT_CLASS_REPLICA].hard, 256LL << 20);
    cr_assert_eq(c.obuf_limits[CLIENT_CLASS_PUBSUB].soft_seconds, 60);
    char err[512];
    cr_assert_eq(
        config_set(&c, "client-output-buffer-limit", "normal 64mb 32mb 10", err, sizeof err), 0);
    cr_assert_eq(c.obuf_limits[CLIENT_CLASS_NORMAL].hard, 64LL << 20);
    cr_assert_eq(c.obuf_limits[CLIENT_CLASS_NORMAL].soft, 32LL << 20);
    cr_assert_eq(c.obuf_limits[CLIENT_CLASS_NORMAL].soft_seconds, 10);
    /* A bad group changes nothing, not even the good groups before it. */
    cr_assert_eq(
        config_set(&c, "client-output-buffer-limit", "normal 1 1 1 pubsub x 1 1", err, sizeof err),
        -1);
    cr_assert_str_eq(err, "ERR CONFIG SET failed (possibly related to argument "
                          "'client-output-buffer-limit') - Error in hard, soft or soft_seconds "
                          "setting in buffer limit configuration.");
    cr_assert_eq(c.obuf_limits[CLIENT_CLASS_NORMAL].hard, 64LL << 20);
    char text[] = "client-output-buffer-limit replica 1mb 0 0\n"
                  "client-output-buffer-limit pubsub 0 0 0\n";
    cr_assert_eq(config_load_string(&c, text, "test", err, sizeof err), 0, "%s", err);
    cr_assert_eq(c.obuf_limits[CLIENT_CLASS_REPLICA].hard, 1LL << 20);
    cr_assert_eq(c.obuf_limits[CLIENT_CLASS_PUBSUB].hard, 0);
    cr_assert_eq(
        config_load_string(&c, "client-output-buffer-limit normal 1 2\n", "test", err, sizeof err),
        -1);
    cr_assert(strstr(err, "Wrong number of arguments in buffer limit configuration."), "%s", err);
    config_free(&c);
}

Test(config, notify_keyspace_events_letters)
{
    struct config c;
    config_defaults(&c);
    cr_assert_str_eq(get1(&c, "notify-keyspace-events"), "");
    char err[512];
    cr_assert_eq(config_set(&c, "notify-keyspace-events", "KEA", err, sizeof err), 0);
    cr_assert_eq(c.notify_keyspace_events, NOTIFY_KEYSPACE | NOTIFY_KEYEVENT | NOTIFY_ALL);
    cr_assert_str_eq(get1(&c, "notify-keyspace-events"), "AKE", "Redis's canonical order");
    cr_assert_eq(config_set(&c, "notify-keyspace-events", "Kx$lshzxetmdn", err, sizeof err), 0);
    cr_assert_str_eq(get1(&c, "notify-keyspace-events"), "$lshzxetdnKm");
    cr_assert_eq(config_set(&c, "notify-keyspace-events", "KEq", err, sizeof err), -1);
    cr_assert_str_eq(err, "ERR CONFIG SET failed (possibly related to argument "
                          "'notify-keyspace-events') - Invalid event class character. Use "
                          "'Ag$lshzxeKEtmdn'.");
    cr_assert_str_eq(get1(&c, "notify-keyspace-events"), "$lshzxetdnKm", "unchanged");
    config_free(&c);
}

/* ---- save rules ---- */

Test(config, save_rules_as_redis_reads_them)
{
    struct config c;
    config_defaults(&c);
    char err[512];
    cr_assert_str_eq(c.save, "3600 1 300 100 60 10000", "Redis 7.0's default rules");
    /* a file: the first `save` replaces the defaults, later ones add to it */
    cr_assert_eq(config_load_string(&c, "save 900 1\nsave 60 5\n", "t", err, sizeof err), 0, "%s",
                 err);
    cr_assert_str_eq(c.save, "900 1 60 5");
    /* CONFIG SET replaces them, "" clears them */
    cr_assert_eq(config_set(&c, "save", "10 2", err, sizeof err), 0, "%s", err);
    cr_assert_str_eq(c.save, "10 2");
    cr_assert_eq(config_set(&c, "save", "", err, sizeof err), 0, "%s", err);
    cr_assert_str_eq(c.save, "");
    const char *bad[] = {"10", "0 1", "10 -1", "a 1", "10 1 5"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cr_assert_eq(config_set(&c, "save", bad[i], err, sizeof err), -1, "%s", bad[i]);
        cr_assert(strstr(err, "Invalid save parameters"), "%s", err);
    }
    cr_assert_eq(config_set(&c, "appendonly", "yes", err, sizeof err), -1);
    cr_assert(strstr(err, "append-only"), "%s", err);
    cr_assert_eq(config_set(&c, "appendonly", "no", err, sizeof err), 0, "%s", err);
    config_free(&c);
}

Test(config, maxmemory_and_its_policies)
{
    struct config c;
    config_defaults(&c);
    char err[512];
    cr_assert_str_eq(get1(&c, "maxmemory"), "0");
    cr_assert_str_eq(get1(&c, "maxmemory-policy"), "noeviction");
    cr_assert_eq(config_set(&c, "maxmemory", "100mb", err, sizeof err), 0, "%s", err);
    cr_assert_str_eq(get1(&c, "maxmemory"), "104857600");
    const char *kept[] = {"volatile-lru", "volatile-lfu", "volatile-random", "volatile-ttl",
                          "allkeys-lru",  "allkeys-lfu",  "allkeys-random",  "noeviction"};
    for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++) {
        cr_assert_eq(config_set(&c, "maxmemory-policy", kept[i], err, sizeof err), 0, "%s", err);
        cr_assert_str_eq(get1(&c, "maxmemory-policy"), kept[i]);
    }
    cr_assert_eq(config_set(&c, "maxmemory-policy", "ALLKEYS-LRU", err, sizeof err), 0, "%s", err);
    cr_assert_str_eq(get1(&c, "maxmemory-policy"), "allkeys-lru", "any case, read back in lower");
    cr_assert_eq(config_set(&c, "maxmemory-policy", "bogus", err, sizeof err), -1);
    cr_assert(strstr(err, "must be one of the following: volatile-lru, volatile-lfu, "
                          "volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, "
                          "allkeys-random, noeviction"),
              "%s", err);
    cr_assert_eq(config_set(&c, "maxmemory-samples", "0", err, sizeof err), -1);
    config_free(&c);
}

/* ---- Redis's directives without effect, other lines, CONFIG REWRITE ---- */

Test(config, inert_directives_load_and_show)
{
    struct config c;
    config_defaults(&c);
    char err[1024] = "";
    cr_assert_str_eq(get1(&c, "appendfsync"), "everysec");
    cr_assert_str_eq(get1(&c, "repl-backlog-size"), "1048576");
    cr_assert_str_eq(get1(&c, "unixsocketperm"), "0");
    cr_assert_str_eq(get1(&c, "shutdown-on-sigint"), "default");
    const char *text = "appendfsync always\n"
                       "slave-read-only no\n"
                       "repl-backlog-size 1k\n"
                       "unixsocketperm 700\n"
                       "shutdown-on-sigint SAVE now\n"
                       "oom-score-adj-values -10 20 30\n"
                       "replicaof 10.0.0.1 6380\n"
                       "list-max-ziplist-entries 512\n"
                       "proc-title-template \"{title} {port}\"\n";
    cr_assert_eq(config_load_string(&c, text, "test", err, sizeof err), 0, "%s", err);
    cr_assert_str_eq(get1(&c, "appendfsync"), "always");
    cr_assert_str_eq(get1(&c, "replica-read-only"), "no");
    cr_assert_str_eq(get1(&c, "repl-backlog-size"), "16384", "Redis keeps at least 16 KiB");
    cr_assert_str_eq(get1(&c, "unixsocketperm"), "700", "octal in, octal out");
    cr_assert_eq(c.inert.unixsocketperm, 0700);
    cr_assert_str_eq(get1(&c, "shutdown-on-sigint"), "save now");
    cr_assert_str_eq(get1(&c, "oom-score-adj-values"), "-10 20 30");
    cr_assert_str_eq(get1(&c, "replicaof"), "10.0.0.1 6380");
    cr_assert_str_eq(get1(&c, "proc-title-template"), "{title} {port}");
    cr_assert_eq(config_set(&c, "replicaof", "no one", err, sizeof err), -1, "immutable");
    cr_assert_eq(config_set(&c, "shutdown-on-sigint", "save nosave", err, sizeof err), -1);
    cr_assert_str_eq(err, "ERR CONFIG SET failed (possibly related to argument "
                          "'shutdown-on-sigint') - shutdown options SAVE and NOSAVE can't be used "
                          "simultaneously");
    cr_assert_eq(config_set(&c, "proc-title-template", "{nope}", err, sizeof err), -1);
    cr_assert(strstr(err, "template format is invalid or contains unknown variables"), "%s", err);
    cr_assert_eq(config_set(&c, "oom-score-adj", "absolute", err, sizeof err), 0, "%s", err);
    cr_assert_str_eq(get1(&c, "oom-score-adj"), "absolute");
    config_free(&c);
}

Test(config, inert_bad_values_stop_the_load)
{
    struct config c;
    config_defaults(&c);
    char err[1024] = "";
    cr_assert_eq(config_load_string(&c, "# x\nio-threads 0\n", "test", err, sizeof err), -1);
    cr_assert_str_eq(err, FATAL_HEAD "Reading the configuration file, at line 2\n"
                                     ">>> 'io-threads 0'\n"
                                     "argument must be between 1 and 128 inclusive\n");
    cr_assert_eq(config_load_string(&c, "appendfilename \"\"\n", "test", err, sizeof err), -1);
    cr_assert(strstr(err, "appendfilename can't be empty"), "%s", err);
    cr_assert_eq(config_load_string(&c, "unixsocketperm 800\n", "test", err, sizeof err), -1);
    cr_assert(strstr(err, "argument couldn't be parsed as an octal number"), "%s", err);
    cr_assert_eq(config_load_string(&c, "loadmodule /x.so\n", "test", err, sizeof err), -1);
    cr_assert(strstr(err, "Modules are not supported"), "%s", err);
    cr_assert_eq(config_load_string(&c, "rename-command GET FETCH\n", "test", err, sizeof err), -1,
                 "no command table here");
    config_free(&c);
}

Test(config, user_lines_kept_for_acl)
{
    /* ACL applies them once the command table exists (cmd/acl.c); here they are only kept. */
    struct config c;
    config_defaults(&c);
    char err[1024] = "";
    cr_assert_eq(config_load_string(&c, "user default on nopass sanitize-payload ~* &* +@all\n",
                                    "test", err, sizeof err),
                 0, "%s", err);
    cr_assert_eq(config_load_string(&c, "user alice on >x ~app:* +@all\n", "test", err, sizeof err),
                 0, "%s", err);
    cr_assert_str_eq(c.acl_users, "user default on nopass sanitize-payload ~* &* +@all\n"
                                  "user alice on >x ~app:* +@all\n");
    config_free(&c);
}

Test(config, rewrite_like_redis, .init = make_tmpdir, .fini = remove_tmpdir)
{
    const char *path = write_file("r.conf", "# top comment\n"
                                            "port 7000\n"
                                            "\n"
                                            "hash-max-ziplist-entries 100\n"
                                            "save 900 1\n"
                                            "save 300 10\n"
                                            "slave-read-only no\n"
                                            "include /nonexistent-*.conf\n"
                                            "maxmemory 1gb\n"
                                            "bind 127.0.0.1\n"
                                            "notify-keyspace-events \"\"\n"
                                            "   # indented\n"
                                            "bind * -::*\n"
                                            "pidfile /tmp/x.pid\n"
                                            "\"unbalanced\n");
    struct config c;
    config_defaults(&c);
    char err[1024] = "";
    /* the unbalanced line would stop a load: load the file without it */
    cr_assert_eq(config_load_string(&c,
                                    "port 7000\nhash-max-ziplist-entries 100\nsave 900 1\n"
                                    "save 300 10\nslave-read-only no\nmaxmemory 1gb\n",
                                    "test", err, sizeof err),
                 0, "%s", err);
    cr_assert_eq(config_set(&c, "maxmemory", "0", err, sizeof err), 0, "%s", err);
    cr_assert_eq(config_set(&c, "appendfsync", "always", err, sizeof err), 0, "%s", err);
    cr_assert_eq(
        config_set(&c, "client-output-buffer-limit", "pubsub 64mb 16mb 90", err, sizeof err), 0,
        "%s", err);
    cr_assert_eq(config_set(&c, "requirepass", "", err, sizeof err), 0, "%s", err);
    cr_assert_eq(config_rewrite(&c, path), 0, "%s", strerror(errno));
    char cwd[PATH_MAX];
    cr_assert_not_null(getcwd(cwd, sizeof cwd));
    cr_assert_str_eq(read_all(path), fmt("# top comment\n"
                                         "port 7000\n"
                                         "\n"
                                         "hash-max-listpack-entries 100\n"
                                         "save 900 1\n"
                                         "save 300 10\n"
                                         "replica-read-only no\n"
                                         "include /nonexistent-*.conf\n"
                                         "maxmemory 0\n"
                                         "\n"
                                         "notify-keyspace-events \"\"\n"
                                         "# indented\n"
                                         "\n"
                                         "# ??? \"unbalanced\n"
                                         "\n"
                                         "# Generated by CONFIG REWRITE\n"
                                         "dir \"%s\"\n"
                                         "client-output-buffer-limit pubsub 64mb 16mb 90\n"
                                         "latency-tracking-info-percentiles 50 99 99.9\n"
                                         "appendfsync always\n"
                                         "user default on nopass ~* &* +@all\n",
                                         cwd));
    struct stat st;
    cr_assert_eq(stat(path, &st), 0);
    mode_t mask = umask(0);
    umask(mask);
    cr_assert_eq(st.st_mode & 0777, 0644 & ~mask, "mode %o", st.st_mode & 0777);
    config_free(&c);
}
