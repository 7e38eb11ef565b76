/* Walking past streams' consumer groups and module data in RDB input (see rdb_skip.h), every count
 * checked against the bytes left before it is followed. Called on the thread doing the decoding. */
#include "persist/rdb.h"
#include "persist/rdb_skip.h"

#define STREAM_ID_LEN 16 /* a raw stream id: ms and seq, 8 bytes each, big-endian */
#define RDB_MS_LEN    8  /* a millisecond time: 8 bytes LE */

void rdb_module_name(uint64_t id, char name[RDB_MODULE_NAME_BUF])
{
    static const char cset[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    id >>= 10; /* the low 10 bits are the encoding version */
    for (int i = 8; i >= 0; i--) {
        name[i] = cset[id & 63];
        id >>= 6;
    }
    name[9] = '\0';
}

int rdb_skip_module_fields(struct rdb_in *in)
{
    const unsigned char *p;
    uint64_t op, v;
    for (;;) {
        if (rdb_in_len(in, &op)) return -1;
        switch (op) {
        case RDB_MODULE_OPCODE_EOF:
            return 0;
        case RDB_MODULE_OPCODE_SINT:
        case RDB_MODULE_OPCODE_UINT:
            if (rdb_in_len(in, &v)) return -1;
            break;
        case RDB_MODULE_OPCODE_FLOAT:
            if (rdb_in_bytes(in, 4, &p)) return -1;
            break;
        case RDB_MODULE_OPCODE_DOUBLE:
            if (rdb_in_bytes(in, 8, &p)) return -1;
            break;
        case RDB_MODULE_OPCODE_STRING:
            if (rdb_in_skip_string(in)) return -1;
            break;
        default:
            return rdb_in_fail(in, "unknown module opcode %llu", (unsigned long long)op);
        }
    }
}

static int skip_lens(struct rdb_in *in, int n)
{
    uint64_t v;
    for (int i = 0; i < n; i++)
        if (rdb_in_len(in, &v)) return -1;
    return 0;
}

/* A consumer group after its name: its id, pending entries and consumers. */
static int skip_group(struct rdb_in *in, int rdbtype)
{
    const unsigned char *p;
    uint64_t pel, consumers;
    if (skip_lens(in, rdbtype >= RDB_TYPE_STREAM_LISTPACKS_2 ? 3 : 2)) return -1;
    if (rdb_in_count(in, STREAM_ID_LEN + RDB_MS_LEN + 1, &pel)) return -1;
    while (pel--)
        if (rdb_in_bytes(in, STREAM_ID_LEN + RDB_MS_LEN, &p) || skip_lens(in, 1)) return -1;
    if (rdb_in_count(in, 1 + RDB_MS_LEN + 1, &consumers)) return -1;
    while (consumers--) {
        if (rdb_in_skip_string(in)) return -1;
        int times = rdbtype >= RDB_TYPE_STREAM_LISTPACKS_3 ? 2 : 1; /* seen, active */
        if (rdb_in_bytes(in, (size_t)times * RDB_MS_LEN, &p)) return -1;
        if (rdb_in_count(in, STREAM_ID_LEN, &pel)) return -1;
        if (rdb_in_bytes(in, pel * STREAM_ID_LEN, &p)) return -1;
    }
    return 0;
}

int rdb_skip_stream_groups(struct rdb_in *in, int rdbtype, uint64_t groups)
{
    while (groups--)
        if (rdb_in_skip_string(in) || skip_group(in, rdbtype)) return -1;
    return 0;
}
