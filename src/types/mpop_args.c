/* The numkeys / side / COUNT arguments shared by LMPOP, ZMPOP and their blocking forms, with
 * Redis 7.0's checks in Redis's order and its error texts. Pure parsing; any thread. */
#include "resp/errors.h"
#include "tessera/util.h"
#include "types/mpop_args.h"

int mpop_parse(struct cmd_ctx *ctx, int nk, const char *side0, const char *side1,
               struct mpop_args *a)
{
    long long numkeys, count = -1;
    if (!str_to_ll(ctx->argv[nk].ptr, ctx->argv[nk].len, &numkeys) || numkeys < 1) {
        ctx_error_text(ctx, error_text(ERR_NUMKEYS_POSITIVE));
        return 0;
    }
    if (numkeys >= ctx->argc - nk - 1) { /* no room left for the side word */
        ctx_error_text(ctx, error_text(ERR_SYNTAX));
        return 0;
    }
    int side = nk + 1 + (int)numkeys;
    a->side = CTX_ARG_IS(ctx, side, side0) ? 0 : CTX_ARG_IS(ctx, side, side1) ? 1 : -1;
    if (a->side < 0) {
        ctx_error_text(ctx, error_text(ERR_SYNTAX));
        return 0;
    }
    for (int i = side + 1; i < ctx->argc; i++) {
        if (count == -1 && CTX_ARG_IS(ctx, i, "count") && i + 1 < ctx->argc) {
            i++;
            if (!str_to_ll(ctx->argv[i].ptr, ctx->argv[i].len, &count) || count < 1) {
                ctx_error_text(ctx, error_text(ERR_COUNT_POSITIVE));
                return 0;
            }
        } else {
            ctx_error_text(ctx, error_text(ERR_SYNTAX));
            return 0;
        }
    }
    a->first_key = nk + 1;
    a->numkeys = (int)numkeys;
    a->count = count == -1 ? 1 : (long)count;
    return 1;
}
