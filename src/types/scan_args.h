/* SCAN-family arguments (see scan_args.c). */
#ifndef TESSERA_SCAN_ARGS_H
#define TESSERA_SCAN_ARGS_H

#include <stdint.h>

#include "cmd/cmd.h"

#define SCAN_DEFAULT_COUNT 10

struct scan_opts {
    const struct resp_arg *pattern; /* NULL: every key */
    const struct resp_arg *type;    /* NULL: every type */
    long long count;
};

/* Reads a cursor as Redis does (strtoul: "-1" wraps around); 0 when it is not one, and the
 * caller answers ERR_INVALID_CURSOR. */
int scan_parse_cursor(const char *p, size_t len, uint64_t *out);
/* Reads COUNT n, MATCH p and, when allow_type (SCAN only), TYPE t from argv[first] on, repeated
 * at will; replies the error and returns 0 when they do not parse. */
int scan_parse_options(struct cmd_ctx *ctx, int first, int allow_type, struct scan_opts *o);

#endif
