/* The framing around RDB values: a whole file's header, opcodes, keys and checksum (rdb_parse),
 * and a DUMP payload's footer (rdb_restore_payload). Called by the loader at start-up and by
 * RESTORE on the key's shard. */
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "persist/crc64.h"
#include "persist/rdb.h"
#include "persist/rdb_in.h"
#include "persist/rdb_read.h"
#include "persist/rdb_skip.h"
#include "shard/entry.h"

/* The first RDB version that ends with a checksum. */
#define RDB_VERSION_CHECKSUM 5

static const char dump_wrong[] = "DUMP payload version or checksum are wrong";
static const char bad_data[] = "Bad data format";

/* "REDIS" and four digits; sets in->version. */
static int read_header(struct rdb_in *in)
{
    const unsigned char *h;
    if (rdb_in_left(in) < RDB_HEADER_LEN || memcmp(in->p + in->pos, RDB_MAGIC, RDB_MAGIC_LEN))
        return rdb_in_fail(in, "not an RDB file");
    rdb_in_bytes(in, RDB_HEADER_LEN, &h);
    int version = 0;
    for (int i = RDB_MAGIC_LEN; i < RDB_HEADER_LEN; i++) {
        if (h[i] < '0' || h[i] > '9') return rdb_in_fail(in, "bad RDB version");
        version = version * 10 + (h[i] - '0');
    }
    if (version < 1 || version > RDB_VERSION_READ)
        return rdb_in_fail(in, "unsupported RDB version %d", version);
    in->version = version;
    return 0;
}

static int skip_lens(struct rdb_in *in, int n)
{
    uint64_t v;
    for (int i = 0; i < n; i++)
        if (rdb_in_len(in, &v)) return -1;
    return 0;
}

static int read_aux(struct rdb_in *in, const struct rdb_visitor *v, void *arg)
{
    struct rdb_str k, val;
    if (rdb_in_string(in, &k)) return -1;
    if (rdb_in_string(in, &val)) {
        rdb_str_free(&k);
        return -1;
    }
    if (v->on_aux) v->on_aux(arg, k.p, k.len, val.p, val.len);
    rdb_str_free(&k);
    rdb_str_free(&val);
    return 0;
}

/* MODULE_AUX: a module id, a "when" given as a typed UINT, then the module's typed fields. */
static int read_module_aux(struct rdb_in *in, const struct rdb_visitor *v, void *arg, int db)
{
    uint64_t id, when_opcode, when;
    char name[RDB_MODULE_NAME_BUF], what[32];
    if (rdb_in_len(in, &id) || rdb_in_len(in, &when_opcode) || rdb_in_len(in, &when)) return -1;
    if (when_opcode != RDB_MODULE_OPCODE_UINT) return rdb_in_fail(in, "bad module aux data");
    if (rdb_skip_module_fields(in)) return -1;
    rdb_module_name(id, name);
    snprintf(what, sizeof what, "module aux %s", name);
    if (v->on_skip) v->on_skip(arg, db, what, NULL, 0);
    return 0;
}

/* A key and its value of RDB type t, handed to the visitor. */
static int read_key(struct rdb_in *in, const struct rdb_visitor *v, void *arg, int db, int t,
                    int64_t expire)
{
    struct rdb_str k;
    struct entry *e;
    if (!rdb_is_object_type(t)) return rdb_in_fail(in, "unknown RDB type %d", t);
    if (rdb_in_string(in, &k)) return -1;
    int r = rdb_read_entry(in, t, k.p, k.len, expire, &e);
    if (r == 1) {
        if (v->on_skip) v->on_skip(arg, db, in->err, k.p, k.len);
        in->err[0] = '\0';
        r = 0;
    } else if (r == 0 && !v->on_entry) {
        entry_free(e);
    } else if (r == 0 && v->on_entry(arg, db, e)) {
        r = rdb_in_fail(in, "entry refused by the loader");
    }
    rdb_str_free(&k);
    return r;
}

/* After the EOF opcode: the checksum of everything from the header on, from version 5. */
static int read_checksum(struct rdb_in *in, size_t start, int verify)
{
    size_t body = in->pos;
    uint64_t stored;
    if (in->version < RDB_VERSION_CHECKSUM) return 0;
    if (rdb_in_le(in, RDB_CHECKSUM_LEN, &stored)) return -1;
    if (verify && stored && crc64(0, in->p + start, body - start) != stored) {
        in->pos = body;
        return rdb_in_fail(in, "checksum mismatch");
    }
    return 0;
}

int rdb_parse(struct rdb_in *in, const struct rdb_visitor *v, void *arg, int verify_checksum)
{
    size_t start = in->pos, rec = in->pos;
    int db = 0, prefixed = 0; /* prefixed: an expiry or LRU/LFU opcode waits for its key */
    int64_t expire = 0;
    int has_expire = 0;
    uint64_t n;
    unsigned t;
    in->err[0] = '\0';
    if (read_header(in)) goto fail;
    for (;;) {
        if (!prefixed) rec = in->pos;
        if (rdb_in_byte(in, &t)) goto fail;
        switch (t) {
        case RDB_OPCODE_EXPIRETIME:
            if (rdb_in_le(in, 4, &n)) goto fail;
            expire = (int64_t)(int32_t)(uint32_t)n * 1000;
            has_expire = prefixed = 1;
            break;
        case RDB_OPCODE_EXPIRETIME_MS:
            if (rdb_in_le(in, 8, &n)) goto fail;
            expire = (int64_t)n;
            has_expire = prefixed = 1;
            break;
        case RDB_OPCODE_FREQ:
            if (rdb_in_byte(in, &t)) goto fail;
            prefixed = 1;
            break;
        case RDB_OPCODE_IDLE:
            if (rdb_in_len(in, &n)) goto fail;
            prefixed = 1;
            break;
        case RDB_OPCODE_SELECTDB:
            if (rdb_in_len(in, &n)) goto fail;
            if (n > INT_MAX) {
                rdb_in_fail(in, "bad database number");
                goto fail;
            }
            db = (int)n;
            break;
        case RDB_OPCODE_RESIZEDB:
            if (skip_lens(in, 2)) goto fail;
            break;
        case RDB_OPCODE_SLOT_INFO: /* slot id, keys, keys with expiry */
            if (skip_lens(in, 3)) goto fail;
            break;
        case RDB_OPCODE_AUX:
            if (read_aux(in, v, arg)) goto fail;
            break;
        case RDB_OPCODE_MODULE_AUX:
            if (read_module_aux(in, v, arg, db)) goto fail;
            break;
        case RDB_OPCODE_FUNCTION_PRE_GA:
            rdb_in_fail(in, "unsupported function library format (Redis 7.0 RC)");
            goto fail;
        case RDB_OPCODE_FUNCTION2:
            if (v->on_function) {
                struct rdb_str code;
                if (rdb_in_string(in, &code)) goto fail;
                int frc = v->on_function(arg, code.p, code.len);
                rdb_str_free(&code);
                if (frc) goto fail;
                break;
            }
            if (rdb_in_skip_string(in)) goto fail;
            if (v->on_skip) v->on_skip(arg, db, "function library", NULL, 0);
            break;
        case RDB_OPCODE_EOF:
            if (read_checksum(in, start, verify_checksum)) return -1;
            return 0;
        default:
            /* a time before 1970 is long past: 0, kept apart from EXPIRE_NONE (-1) */
            if (!has_expire)
                expire = EXPIRE_NONE;
            else if (expire < 0)
                expire = 0;
            if (read_key(in, v, arg, db, (int)t, expire)) goto fail;
            has_expire = prefixed = 0;
        }
    }
fail:
    in->pos = rec;
    return -1;
}

int rdb_restore_payload(const char *p, size_t len, const char *key, size_t klen, int64_t expire_at,
                        struct entry **out, char *err, size_t errlen)
{
    const unsigned char *u = (const unsigned char *)p;
    if (len < RDB_DUMP_FOOTER) goto wrong;
    const unsigned char *footer = u + len - RDB_DUMP_FOOTER;
    int version = footer[0] | footer[1] << 8;
    if (version > RDB_VERSION_READ) goto wrong;
    if (crc64(0, u, len - RDB_CHECKSUM_LEN) != rdb_load_le(footer + 2, RDB_CHECKSUM_LEN))
        goto wrong;

    struct rdb_in in = {.p = u, .len = len - RDB_DUMP_FOOTER, .pos = 1, .version = version};
    if (in.len < 1 || !rdb_is_object_type(u[0])) goto bad;
    int r = rdb_read_entry(&in, u[0], key, klen, expire_at, out);
    if (r == 0 && in.pos == in.len) return 0;
    if (r == 0) entry_free(*out);
    if (r == 1 && strcmp(in.err, "empty key")) {
        snprintf(err, errlen, "%s: Tessera does not hold %s values", bad_data, in.err);
        return -1;
    }
bad:
    snprintf(err, errlen, "%s", bad_data);
    return -1;
wrong:
    snprintf(err, errlen, "%s", dump_wrong);
    return -1;
}
