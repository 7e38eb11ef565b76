/* Streams in RDB: Redis's STREAM_LISTPACKS encodings (types 15, 19 and 21 read, 19 written),
 * whose nodes are Redis listpacks written and read as they are (see rdb_stream.c). Called on the
 * thread doing the encoding or decoding. */
#ifndef TESSERA_RDB_STREAM_H
#define TESSERA_RDB_STREAM_H

#include "persist/rdb_in.h"
#include "persist/rdb_write.h"

struct streamobj;

/* A stream value of RDB type 15, 19 or 21 at in->pos: 0 with *out; -1 bad (in->err says why);
 * 1 skipped: a stream with consumer groups, which Tessera does not hold (in->pos past it). */
int rdb_read_stream(struct rdb_in *in, int rdbtype, struct streamobj **out);
/* RDB_TYPE_STREAM_LISTPACKS_2's body (after the type byte and key), byte for byte Redis 7.0's:
 * the nodes with their master IDs, length, last, first and max deleted IDs, entries added and
 * no consumer groups. */
void rdb_write_stream(struct rdb_out *o, const struct streamobj *s);

#endif
