/* The arguments of SCAN and of HSCAN, SSCAN and ZSCAN: Redis's cursor syntax and the
 * COUNT / MATCH (/ TYPE) options, parsed once for every family. Pure parsing; any thread. */
#include <stdint.h>
#include <string.h>

#include "resp/errors.h"
#include "tessera/util.h"
#include "types/scan_args.h"

/* Redis reads the cursor with strtoul: an optional sign ("-1" wraps around), decimal digits and
 * nothing else; an empty string is 0. The argument ends at its first NUL, as a C string does. */
int scan_parse_cursor(const char *p, size_t len, uint64_t *out)
{
    size_t end = strnlen(p, len), i = 0;
    int neg = end > 0 && p[0] == '-';
    uint64_t v = 0;
    if (end > 0 && (p[0] == '+' || p[0] == '-')) i = 1;
    if (end > 0 && i == end) return 0;
    for (; i < end; i++) {
        unsigned d = (unsigned char)p[i] - '0';
        if (d > 9 || v > (UINT64_MAX - d) / 10) return 0;
        v = v * 10 + d;
    }
    *out = neg ? 0 - v : v;
    return 1;
}

int scan_parse_options(struct cmd_ctx *ctx, int first, int allow_type, struct scan_opts *o)
{
    for (int i = first; i < ctx->argc; i += 2) {
        int has_value = i + 1 < ctx->argc;
        if (CTX_ARG_IS(ctx, i, "count") && has_value) {
            if (!str_to_ll(ctx->argv[i + 1].ptr, ctx->argv[i + 1].len, &o->count)) {
                ctx_error_text(ctx, error_text(ERR_NOT_INT));
                return 0;
            }
            if (o->count < 1) {
                ctx_error_text(ctx, error_text(ERR_SYNTAX));
                return 0;
            }
        } else if (CTX_ARG_IS(ctx, i, "match") && has_value) {
            const struct resp_arg *p = &ctx->argv[i + 1];
            o->pattern = p->len == 1 && p->ptr[0] == '*' ? NULL : p;
        } else if (allow_type && CTX_ARG_IS(ctx, i, "type") && has_value) {
            o->type = &ctx->argv[i + 1];
        } else {
            ctx_error_text(ctx, error_text(ERR_SYNTAX));
            return 0;
        }
    }
    return 1;
}
