/* The arguments the stream commands share: stream IDs (strict, incomplete, exclusive), the
 * trimming options of XADD and XTRIM, and a range of entries as Redis replies it (see
 * stream_args.c). Each parser replies Redis's error and returns -1 when an argument is bad. */
#ifndef TESSERA_STREAM_ARGS_H
#define TESSERA_STREAM_ARGS_H

#include <stdint.h>

#include "cmd/cmd.h"
#include "shard/streamobj.h"

/* Argument i as an ID: "-" and "+" only when not strict; "ms-*" only when seq_given is given. */
int stream_arg_id(struct cmd_ctx *ctx, int i, uint64_t missing_seq, int strict, int *seq_given,
                  struct stream_id *id);

/* XADD's and XTRIM's options (Redis's streamAddTrimArgs). */
struct stream_add_args {
    struct stream_trim trim;
    struct stream_id id; /* XADD: the ID given */
    int id_given;        /* not "*" */
    int seq_given;       /* not "ms-*" */
    int no_mkstream;
};

/* Redis's streamParseAddOrTrimArgsOrReply from argument 2: XADD's options up to the ID (whose
 * index it returns) or XTRIM's to the end. The default LIMIT of `~` is 100 node_max_entries. */
int stream_parse_add_trim(struct cmd_ctx *ctx, struct stream_add_args *a, int xadd,
                          long long node_max_entries);

/* Replies the entries of [start, end] (end NULL: to the last), at most count (0: all), as an
 * array of [id, [field, value, ...]]; raw leaves out the array around them. Returns how many. */
size_t stream_reply_range(struct reply *r, const struct streamobj *s, const struct stream_id *start,
                          const struct stream_id *end, uint64_t count, int rev, int raw);
/* An ID as a bulk string. */
void stream_reply_id(struct reply *r, const struct stream_id *id);

#endif
