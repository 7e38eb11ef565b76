/* The arguments of LMPOP, ZMPOP, BLMPOP and BZMPOP: numkeys key [key ...] SIDE [COUNT count],
 * parsed once for the four (see mpop_args.c). */
#ifndef TESSERA_MPOP_ARGS_H
#define TESSERA_MPOP_ARGS_H

#include "cmd/cmd.h"

struct mpop_args {
    int first_key; /* argument index of the first key */
    int numkeys;
    int side;   /* 0 for the first side word (LEFT, MIN), 1 for the second (RIGHT, MAX) */
    long count; /* 1 when COUNT is not given */
};

/* Reads numkeys at argv[nk] and what follows, as Redis's lmpopGenericCommand and
 * zmpopGenericCommand; side0/side1 are the two side words. Replies the error and returns 0 when
 * the arguments do not parse. */
int mpop_parse(struct cmd_ctx *ctx, int nk, const char *side0, const char *side1,
               struct mpop_args *a);

#endif
