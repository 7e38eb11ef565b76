/* The generic key commands (Redis's "generic" group): existence, deletion, renaming, copying,
 * iteration and expiry of keys of any type. Handlers run on the thread holding their keys'
 * shards; KEYS, SCAN, RANDOMKEY, DBSIZE, FLUSHDB and FLUSHALL hold every shard. */
#ifndef TESSERA_T_KEYS_H
#define TESSERA_T_KEYS_H

#include <stddef.h>
#include <stdint.h>

struct cmd_ctx;
struct resp_arg;

/* SCAN's cursor and options, shared with the scans of one value (SSCAN...). */
#define SCAN_DEFAULT_COUNT 10

struct scan_opts {
    const struct resp_arg *pattern; /* NULL: every key */
    const struct resp_arg *type;    /* NULL: every type */
    long long count;
};

/* Reads a cursor as Redis does (strtoul); 0 when it is not one. */
int scan_parse_cursor(const char *p, size_t len, uint64_t *out);
/* Reads COUNT, MATCH and (when allow_type) TYPE from argument `first` on; replies the error and
 * returns 0 when they do not parse. */
int scan_parse_options(struct cmd_ctx *ctx, int first, int allow_type, struct scan_opts *o);

void cmd_del(struct cmd_ctx *ctx);
void cmd_unlink(struct cmd_ctx *ctx);
void cmd_exists(struct cmd_ctx *ctx);
void cmd_type(struct cmd_ctx *ctx);
void cmd_touch(struct cmd_ctx *ctx);
void cmd_rename(struct cmd_ctx *ctx);
void cmd_renamenx(struct cmd_ctx *ctx);
void cmd_keys(struct cmd_ctx *ctx);
void cmd_scan(struct cmd_ctx *ctx);
void cmd_randomkey(struct cmd_ctx *ctx);
void cmd_dbsize(struct cmd_ctx *ctx);
void cmd_flushdb(struct cmd_ctx *ctx);
void cmd_flushall(struct cmd_ctx *ctx);
void cmd_expire(struct cmd_ctx *ctx);
void cmd_pexpire(struct cmd_ctx *ctx);
void cmd_expireat(struct cmd_ctx *ctx);
void cmd_pexpireat(struct cmd_ctx *ctx);
void cmd_ttl(struct cmd_ctx *ctx);
void cmd_pttl(struct cmd_ctx *ctx);
void cmd_expiretime(struct cmd_ctx *ctx);
void cmd_pexpiretime(struct cmd_ctx *ctx);
void cmd_persist(struct cmd_ctx *ctx);
void cmd_copy(struct cmd_ctx *ctx);

#endif
