/* The set commands of the server core (SADD, SREM, SMEMBERS, SISMEMBER, SCARD) over setobj, with
 * Redis 7.0's replies: a set never exists empty. Handlers run on the thread holding the shard of
 * their key. */
#include "cmd/cmd.h"
#include "resp/errors.h"
#include "shard/keyspace.h"
#include "shard/setobj.h"
#include "tessera/reply.h"
#include "types/t_set.h"

/* The key's set, NULL when the key is absent (*wrongtype tells a key of another type). */
static struct setobj *lookup_set(struct cmd_ctx *ctx, int read, int *wrongtype)
{
    struct shard *s = ctx_shard(ctx, ctx->argv[1].ptr, ctx->argv[1].len);
    struct entry *e = read ? ks_lookup_read(s, ctx->db, ctx->argv[1].ptr, ctx->argv[1].len)
                           : ks_lookup(s, ctx->db, ctx->argv[1].ptr, ctx->argv[1].len);
    *wrongtype = e && e->type != OBJ_SET;
    return e && !*wrongtype ? entry_object(e) : NULL;
}

void cmd_sadd(struct cmd_ctx *ctx)
{
    int wrongtype;
    struct setobj *set = lookup_set(ctx, 0, &wrongtype);
    if (wrongtype) {
        reply_error(ctx->out, error_text(ERR_WRONGTYPE));
        return;
    }
    if (!set) {
        struct shard *s = ctx_shard(ctx, ctx->argv[1].ptr, ctx->argv[1].len);
        set = setobj_new();
        ks_put(s, ctx->db,
               entry_new_object(ctx->argv[1].ptr, ctx->argv[1].len, OBJ_SET, set, EXPIRE_NONE));
    }
    long long added = 0;
    for (int i = 2; i < ctx->argc; i++)
        added += setobj_add(set, ctx->argv[i].ptr, ctx->argv[i].len);
    reply_int(ctx->out, added);
}

void cmd_srem(struct cmd_ctx *ctx)
{
    int wrongtype;
    struct setobj *set = lookup_set(ctx, 0, &wrongtype);
    if (wrongtype) {
        reply_error(ctx->out, error_text(ERR_WRONGTYPE));
        return;
    }
    long long removed = 0;
    for (int i = 2; set && i < ctx->argc; i++) {
        removed += setobj_remove(set, ctx->argv[i].ptr, ctx->argv[i].len);
        if (setobj_size(set) == 0) {
            ks_delete(ctx_shard(ctx, ctx->argv[1].ptr, ctx->argv[1].len), ctx->db, ctx->argv[1].ptr,
                      ctx->argv[1].len);
            break;
        }
    }
    reply_int(ctx->out, removed);
}

static void reply_member(const char *m, size_t len, void *arg)
{
    reply_bulk(arg, m, len);
}

void cmd_smembers(struct cmd_ctx *ctx)
{
    int wrongtype;
    struct setobj *set = lookup_set(ctx, 1, &wrongtype);
    if (wrongtype) {
        reply_error(ctx->out, error_text(ERR_WRONGTYPE));
        return;
    }
    if (!set) {
        reply_set(ctx->out, 0);
        return;
    }
    reply_set(ctx->out, setobj_size(set));
    setobj_foreach(set, reply_member, ctx->out);
}

void cmd_sismember(struct cmd_ctx *ctx)
{
    int wrongtype;
    struct setobj *set = lookup_set(ctx, 1, &wrongtype);
    if (wrongtype) {
        reply_error(ctx->out, error_text(ERR_WRONGTYPE));
        return;
    }
    reply_int(ctx->out, set && setobj_contains(set, ctx->argv[2].ptr, ctx->argv[2].len));
}

void cmd_scard(struct cmd_ctx *ctx)
{
    int wrongtype;
    struct setobj *set = lookup_set(ctx, 1, &wrongtype);
    if (wrongtype) {
        reply_error(ctx->out, error_text(ERR_WRONGTYPE));
        return;
    }
    reply_int(ctx->out, set ? (long long)setobj_size(set) : 0);
}
