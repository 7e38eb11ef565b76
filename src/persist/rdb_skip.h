/* Walking past RDB records whose contents Tessera does not keep: streams' consumer groups and
 * module data, whose layouts can be followed without understanding them. Used by rdb_stream.c,
 * rdb_value.c and rdb_read.c on the thread doing the decoding. */
#ifndef TESSERA_RDB_SKIP_H
#define TESSERA_RDB_SKIP_H

#include <stdint.h>

#include "persist/rdb_in.h"

/* The typed fields of module data, each a length-encoded opcode before its value (Redis's
 * RDB_MODULE_OPCODE_*; src/persist/rdb.h does not have them). */
#define RDB_MODULE_OPCODE_EOF    0
#define RDB_MODULE_OPCODE_SINT   1 /* a length */
#define RDB_MODULE_OPCODE_UINT   2 /* a length */
#define RDB_MODULE_OPCODE_FLOAT  3 /* 4 bytes */
#define RDB_MODULE_OPCODE_DOUBLE 4 /* 8 bytes */
#define RDB_MODULE_OPCODE_STRING 5 /* a string */

/* Room for a module type's name (9 characters) and its NUL. */
#define RDB_MODULE_NAME_BUF 10

/* The 9-character name of the module type a module id stands for (its top 54 bits). */
void rdb_module_name(uint64_t id, char name[RDB_MODULE_NAME_BUF]);
/* Steps over a module value's typed fields up to their EOF marker (RDB_TYPE_MODULE_2 values and
 * MODULE_AUX records, after their ids). */
int rdb_skip_module_fields(struct rdb_in *in);
/* Steps over the consumer groups ending a stream value of RDB type 15, 19 or 21 (n of them,
 * their count already read), with their pending entries and consumers. */
int rdb_skip_stream_groups(struct rdb_in *in, int rdbtype, uint64_t n);

#endif
