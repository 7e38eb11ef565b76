/* Streams in RDB (see rdb_stream.h). A node is its master ID (16 bytes, two big-endian 64-bit
 * numbers) and its listpack; loading checks the listpack byte by byte (packed.c) and then as
 * stream entries (streamobj_load_node) before the stream takes it. Called on the thread doing
 * the encoding or decoding. */
#include <stdio.h>
#include <string.h>

#include "persist/packed.h"
#include "persist/rdb.h"
#include "persist/rdb_skip.h"
#include "persist/rdb_stream.h"
#include "shard/streamobj.h"
#include "tessera/mem.h"

#define NODE_KEY_LEN 16

static void key_encode(unsigned char k[NODE_KEY_LEN], const struct stream_id *id)
{
    for (int i = 0; i < 8; i++) {
        k[i] = (unsigned char)(id->ms >> (56 - 8 * i));
        k[8 + i] = (unsigned char)(id->seq >> (56 - 8 * i));
    }
}

static void key_decode(const unsigned char *k, struct stream_id *id)
{
    id->ms = id->seq = 0;
    for (int i = 0; i < 8; i++) {
        id->ms = id->ms << 8 | k[i];
        id->seq = id->seq << 8 | k[8 + i];
    }
}

void rdb_write_stream(struct rdb_out *o, const struct streamobj *s)
{
    size_t n = streamobj_node_count(s);
    rdb_write_len(o, n);
    for (size_t i = 0; i < n; i++) {
        const struct stream_node *nd = streamobj_node(s, i);
        unsigned char key[NODE_KEY_LEN];
        key_encode(key, &nd->master);
        rdb_write_string(o, (const char *)key, sizeof key);
        rdb_write_string(o, (const char *)nd->lp, slp_bytes(nd->lp));
    }
    rdb_write_len(o, s->length);
    rdb_write_len(o, s->last_id.ms);
    rdb_write_len(o, s->last_id.seq);
    rdb_write_len(o, s->first_id.ms);
    rdb_write_len(o, s->first_id.seq);
    rdb_write_len(o, s->max_deleted.ms);
    rdb_write_len(o, s->max_deleted.seq);
    rdb_write_len(o, s->entries_added);
    rdb_write_len(o, 0); /* consumer groups */
}

/* One node: its key and listpack, checked, into s. */
static int read_node(struct rdb_in *in, struct streamobj *s)
{
    struct rdb_str key, lp;
    struct stream_id master;
    if (rdb_in_string(in, &key)) return -1;
    int bad_key = key.len != NODE_KEY_LEN;
    if (!bad_key) key_decode((const unsigned char *)key.p, &master);
    rdb_str_free(&key);
    if (bad_key) return rdb_in_fail(in, "stream node key is not a stream ID");
    if (rdb_in_string(in, &lp)) return -1;
    uint64_t count;
    unsigned char *copy = NULL;
    if (packed_validate(PACKED_LISTPACK, lp.p, lp.len, &count) == 0) {
        copy = mem_alloc(lp.len);
        memcpy(copy, lp.p, lp.len);
    }
    rdb_str_free(&lp);
    if (!copy) return rdb_in_fail(in, "bad stream listpack");
    if (streamobj_load_node(s, &master, copy)) {
        mem_free(copy);
        return rdb_in_fail(in, "bad stream node");
    }
    return 0;
}

static int read_id(struct rdb_in *in, struct stream_id *id)
{
    return rdb_in_len(in, &id->ms) || rdb_in_len(in, &id->seq) ? -1 : 0;
}

static int read_body(struct rdb_in *in, int rdbtype, struct streamobj *s)
{
    uint64_t nodes, length;
    if (rdb_in_count(in, 2, &nodes)) return -1;
    while (nodes--)
        if (read_node(in, s)) return -1;
    if (rdb_in_len(in, &length) || read_id(in, &s->last_id)) return -1;
    if (rdbtype >= RDB_TYPE_STREAM_LISTPACKS_2) {
        if (read_id(in, &s->first_id) || read_id(in, &s->max_deleted) ||
            rdb_in_len(in, &s->entries_added))
            return -1;
    } else {
        /* Redis 5 and 6 kept none of these: Redis 7.0 derives them so on loading */
        streamobj_edge_id(s, 1, 1, &s->first_id);
        s->entries_added = length;
    }
    if (streamobj_load_check(s, length))
        return rdb_in_fail(in, "stream length is not its entries'");
    s->length = length;
    return 0;
}

int rdb_read_stream(struct rdb_in *in, int rdbtype, struct streamobj **out)
{
    struct streamobj *s = streamobj_new();
    uint64_t groups;
    if (read_body(in, rdbtype, s) || rdb_in_count(in, 3, &groups)) {
        streamobj_free(s);
        return -1;
    }
    if (groups) {
        streamobj_free(s);
        if (rdb_skip_stream_groups(in, rdbtype, groups)) return -1;
        snprintf(in->err, sizeof in->err, "stream with consumer groups");
        return 1;
    }
    *out = s;
    return 0;
}
