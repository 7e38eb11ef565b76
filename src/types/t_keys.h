/* The generic key commands (Redis's "generic" group): existence, deletion, renaming, copying,
 * iteration and expiry of keys of any type. Handlers run on the thread holding their keys'
 * shards; KEYS, SCAN, RANDOMKEY, DBSIZE, FLUSHDB and FLUSHALL hold every shard. */
#ifndef TESSERA_T_KEYS_H
#define TESSERA_T_KEYS_H

struct cmd_ctx;

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
