/* The `cmsgpack` library of scripts: MessagePack encoding and decoding with the encoding
 * choices, results and error texts of lua-cmsgpack 0.4.0 as Redis 7.0 bundles it. Lua C
 * functions, run on the thread that owns the lua_State. */
#include <stdint.h>
#include <string.h>
#include <limits.h>

#include <lauxlib.h>
#include <lua.h>

#include "script/lua_libs.h"

#define MSGPACK_NAME        "cmsgpack"
#define MSGPACK_VERSION     "lua-cmsgpack 0.4.0"
#define MSGPACK_COPYRIGHT   "Copyright (C) 2012, Salvatore Sanfilippo"
#define MSGPACK_DESCRIPTION "MessagePack C implementation for Lua"

/* Tables nested deeper than this are packed as nil, which also ends cycles. */
#define MSGPACK_MAX_NESTING 16

/* ---- Encoding ------------------------------------------------------------------------------ */

/* The output grows in a userdata at a fixed stack slot, so Lua's collector frees it whatever
 * error unwinds the encoder; growing replaces the userdata with a larger copy. */
struct mp_out {
    lua_State *L;
    int slot;
    unsigned char *b;
    size_t len, cap;
};

static void out_init(struct mp_out *o, lua_State *L)
{
    o->L = L;
    o->cap = 64;
    o->len = 0;
    o->b = lua_newuserdata(L, o->cap);
    o->slot = lua_gettop(L);
}

static void out_append(struct mp_out *o, const void *p, size_t n)
{
    if (o->cap - o->len < n) {
        size_t cap = o->cap * 2;
        if (cap - o->len < n) cap = o->len + n;
        luaL_checkstack(o->L, 1, "in function mp_buf_append");
        unsigned char *b = lua_newuserdata(o->L, cap);
        memcpy(b, o->b, o->len);
        lua_replace(o->L, o->slot);
        o->b = b;
        o->cap = cap;
    }
    memcpy(o->b + o->len, p, n);
    o->len += n;
}

/* A type byte followed by the low n bytes of v, big-endian. */
static void out_head(struct mp_out *o, unsigned char type, uint64_t v, int n)
{
    unsigned char b[9];
    b[0] = type;
    for (int i = 0; i < n; i++)
        b[1 + i] = (unsigned char)(v >> (8 * (n - 1 - i)));
    out_append(o, b, 1 + (size_t)n);
}

/* The smallest of fixint, uint8..64 and int8..64 that holds n. */
static void encode_int(struct mp_out *o, int64_t n)
{
    if (n >= 0) {
        if (n <= 127)
            out_head(o, (unsigned char)n, 0, 0);
        else if (n <= 0xff)
            out_head(o, 0xcc, (uint64_t)n, 1);
        else if (n <= 0xffff)
            out_head(o, 0xcd, (uint64_t)n, 2);
        else if (n <= 0xffffffffLL)
            out_head(o, 0xce, (uint64_t)n, 4);
        else
            out_head(o, 0xcf, (uint64_t)n, 8);
    } else {
        if (n >= -32)
            out_head(o, (unsigned char)(0xe0 | (n & 0x1f)), 0, 0);
        else if (n >= -128)
            out_head(o, 0xd0, (uint64_t)n, 1);
        else if (n >= -32768)
            out_head(o, 0xd1, (uint64_t)n, 2);
        else if (n >= -2147483648LL)
            out_head(o, 0xd2, (uint64_t)n, 4);
        else
            out_head(o, 0xd3, (uint64_t)n, 8);
    }
}

/* float32 when the value survives the round trip (infinities do, NaN never), else float64. */
static void encode_double(struct mp_out *o, double d)
{
    float f = (float)d;
    if (d == (double)f) {
        uint32_t bits;
        memcpy(&bits, &f, sizeof bits);
        out_head(o, 0xca, bits, 4);
    } else {
        uint64_t bits;
        memcpy(&bits, &d, sizeof bits);
        out_head(o, 0xcb, bits, 8);
    }
}

/* Integral numbers inside int64's range go as integers. The range test stands for the
 * original's (int64_t)x == x, which Redis's x86-64 build answers this way. */
static void encode_number(struct mp_out *o, lua_Number n)
{
    if (n >= -9223372036854775808.0 && n < 9223372036854775808.0 && n == (lua_Number)(int64_t)n)
        encode_int(o, (int64_t)n);
    else
        encode_double(o, n);
}

static void encode_string(struct mp_out *o, const char *s, size_t len)
{
    if (len < 32)
        out_head(o, (unsigned char)(0xa0 | len), 0, 0);
    else if (len <= 0xff)
        out_head(o, 0xd9, len, 1);
    else if (len <= 0xffff)
        out_head(o, 0xda, len, 2);
    else
        out_head(o, 0xdb, len, 4);
    out_append(o, s, len);
}

static void encode_array_head(struct mp_out *o, uint64_t n)
{
    if (n <= 15)
        out_head(o, (unsigned char)(0x90 | n), 0, 0);
    else if (n <= 0xffff)
        out_head(o, 0xdc, n, 2);
    else
        out_head(o, 0xdd, n, 4);
}

static void encode_map_head(struct mp_out *o, uint64_t n)
{
    if (n <= 15)
        out_head(o, (unsigned char)(0x80 | n), 0, 0);
    else if (n <= 0xffff)
        out_head(o, 0xde, n, 2);
    else
        out_head(o, 0xdf, n, 4);
}

/* Whether the table on top has exactly the keys 1..n: all keys positive integers (of C int
 * range) and as many as the largest. The empty table is an array. */
static int table_is_array(lua_State *L)
{
    int top = lua_gettop(L);
    lua_Number count = 0, max = 0;
    luaL_checkstack(L, 2, "in function table_is_an_array");
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        lua_pop(L, 1);
        lua_Number k;
        if (lua_type(L, -1) != LUA_TNUMBER || (k = lua_tonumber(L, -1)) <= 0 || k > INT_MAX ||
            k != (lua_Number)(int)k) {
            lua_settop(L, top);
            return 0;
        }
        if (k > max) max = k;
        count++;
    }
    lua_settop(L, top);
    return max == count;
}

static void encode_value(struct mp_out *o, int level);

/* Pops nothing: the table stays on top for the caller. */
static void encode_table(struct mp_out *o, int level)
{
    lua_State *L = o->L;
    if (table_is_array(L)) {
        size_t len = lua_objlen(L, -1);
        encode_array_head(o, len);
        luaL_checkstack(L, 1, "in function mp_encode_lua_table_as_array");
        for (size_t j = 1; j <= len; j++) {
            lua_pushnumber(L, (lua_Number)j);
            lua_gettable(L, -2);
            encode_value(o, level + 1);
        }
        return;
    }
    uint64_t n = 0;
    luaL_checkstack(L, 3, "in function mp_encode_lua_table_as_map");
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        lua_pop(L, 1);
        n++;
    }
    encode_map_head(o, n);
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        lua_pushvalue(L, -2);
        encode_value(o, level + 1); /* the key copy */
        encode_value(o, level + 1); /* the value */
    }
}

/* Encodes the value on top of the stack and pops it. */
static void encode_value(struct mp_out *o, int level)
{
    lua_State *L = o->L;
    int t = lua_type(L, -1);
    if (t == LUA_TTABLE && level == MSGPACK_MAX_NESTING) t = LUA_TNIL;
    switch (t) {
    case LUA_TSTRING: {
        size_t len;
        const char *s = lua_tolstring(L, -1, &len);
        encode_string(o, s, len);
        break;
    }
    case LUA_TBOOLEAN:
        out_head(o, lua_toboolean(L, -1) ? 0xc3 : 0xc2, 0, 0);
        break;
    case LUA_TNUMBER:
        encode_number(o, lua_tonumber(L, -1));
        break;
    case LUA_TTABLE:
        encode_table(o, level);
        break;
    default: /* nil, functions, userdata, threads */
        out_head(o, 0xc0, 0, 0);
        break;
    }
    lua_pop(L, 1);
}

/* cmsgpack.pack(...): each argument packed, concatenated. */
static int mp_pack(lua_State *L)
{
    int nargs = lua_gettop(L);
    if (nargs == 0) return luaL_argerror(L, 0, "MessagePack pack needs input.");
    /* The original stacks one string an argument before concatenating them: keep its limit. */
    if (!lua_checkstack(L, nargs))
        return luaL_argerror(L, 0, "Too many arguments for MessagePack pack.");
    struct mp_out o;
    out_init(&o, L);
    for (int i = 1; i <= nargs; i++) {
        luaL_checkstack(L, 1, "in function mp_check");
        lua_pushvalue(L, i);
        encode_value(&o, 0);
    }
    lua_pushlstring(L, (const char *)o.b, o.len);
    return 1;
}

/* ---- Decoding ------------------------------------------------------------------------------ */

enum { MP_OK, MP_EOF, MP_BADFMT };

struct mp_in {
    const unsigned char *p;
    size_t left;
    int err;
};

/* Big-endian unsigned of n bytes at p. */
static uint64_t be_read(const unsigned char *p, int n)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v = (v << 8) | p[i];
    return v;
}

static int in_need(struct mp_in *c, size_t n)
{
    if (c->left < n) {
        c->err = MP_EOF;
        return 0;
    }
    return 1;
}

static void in_skip(struct mp_in *c, size_t n)
{
    c->p += n;
    c->left -= n;
}

static void decode_value(lua_State *L, struct mp_in *c);

static void decode_array(lua_State *L, struct mp_in *c, size_t len)
{
    lua_newtable(L);
    luaL_checkstack(L, 1, "in function mp_decode_to_lua_array");
    for (size_t i = 1; i <= len; i++) {
        lua_pushnumber(L, (lua_Number)i);
        decode_value(L, c);
        if (c->err) return;
        lua_settable(L, -3);
    }
}

static void decode_map(lua_State *L, struct mp_in *c, size_t len)
{
    lua_newtable(L);
    while (len--) {
        decode_value(L, c);
        if (c->err) return;
        decode_value(L, c);
        if (c->err) return;
        lua_settable(L, -3);
    }
}

/* A string whose n-byte length follows the type byte. */
static void decode_str(lua_State *L, struct mp_in *c, int n)
{
    if (!in_need(c, 1 + (size_t)n)) return;
    size_t len = (size_t)be_read(c->p + 1, n);
    in_skip(c, 1 + (size_t)n);
    if (!in_need(c, len)) return;
    lua_pushlstring(L, (const char *)c->p, len);
    in_skip(c, len);
}

/* An array (map false) or map whose n-byte count follows the type byte. */
static void decode_container(lua_State *L, struct mp_in *c, int n, int map)
{
    if (!in_need(c, 1 + (size_t)n)) return;
    size_t len = (size_t)be_read(c->p + 1, n);
    in_skip(c, 1 + (size_t)n);
    if (map)
        decode_map(L, c, len);
    else
        decode_array(L, c, len);
}

/* A fixed-size integer or float of n bytes after the type byte. */
static int decode_fixed(struct mp_in *c, int n, uint64_t *v)
{
    if (!in_need(c, 1 + (size_t)n)) return 0;
    *v = be_read(c->p + 1, n);
    in_skip(c, 1 + (size_t)n);
    return 1;
}

/* Pushes the value at the cursor, or sets c->err (what it pushed then is garbage). Integers
 * come back as Lua integers, so uint64 above 2^63-1 wraps to negative, as in Redis. */
static void decode_value(lua_State *L, struct mp_in *c)
{
    uint64_t v;
    if (!in_need(c, 1)) return;
    /* Values can outnumber the stack Lua guarantees a C function: ask for room each time. */
    luaL_checkstack(L, 1,
                    "too many return values at once; use unpack_one or unpack_limit instead.");
    unsigned char t = c->p[0];
    switch (t) {
    case 0xc0:
        lua_pushnil(L);
        in_skip(c, 1);
        return;
    case 0xc2:
    case 0xc3:
        lua_pushboolean(L, t == 0xc3);
        in_skip(c, 1);
        return;
    case 0xca:
        if (decode_fixed(c, 4, &v)) {
            uint32_t bits = (uint32_t)v;
            float f;
            memcpy(&f, &bits, sizeof f);
            lua_pushnumber(L, f);
        }
        return;
    case 0xcb:
        if (decode_fixed(c, 8, &v)) {
            double d;
            memcpy(&d, &v, sizeof d);
            lua_pushnumber(L, d);
        }
        return;
    case 0xcc:
    case 0xcd:
    case 0xce:
    case 0xcf:
        if (decode_fixed(c, 1 << (t - 0xcc), &v)) lua_pushinteger(L, (lua_Integer)v);
        return;
    case 0xd0:
        if (decode_fixed(c, 1, &v)) lua_pushinteger(L, (int8_t)v);
        return;
    case 0xd1:
        if (decode_fixed(c, 2, &v)) lua_pushinteger(L, (int16_t)v);
        return;
    case 0xd2:
        if (decode_fixed(c, 4, &v)) lua_pushinteger(L, (int32_t)v);
        return;
    case 0xd3:
        if (decode_fixed(c, 8, &v)) lua_pushinteger(L, (lua_Integer)(int64_t)v);
        return;
    case 0xd9:
        decode_str(L, c, 1);
        return;
    case 0xda:
        decode_str(L, c, 2);
        return;
    case 0xdb:
        decode_str(L, c, 4);
        return;
    case 0xdc:
        decode_container(L, c, 2, 0);
        return;
    case 0xdd:
        decode_container(L, c, 4, 0);
        return;
    case 0xde:
        decode_container(L, c, 2, 1);
        return;
    case 0xdf:
        decode_container(L, c, 4, 1);
        return;
    }
    if ((t & 0x80) == 0) { /* positive fixint */
        lua_pushinteger(L, t);
        in_skip(c, 1);
    } else if ((t & 0xe0) == 0xe0) { /* negative fixint */
        lua_pushinteger(L, (int8_t)t);
        in_skip(c, 1);
    } else if ((t & 0xe0) == 0xa0) { /* fixstr */
        size_t len = t & 0x1f;
        if (!in_need(c, 1 + len)) return;
        lua_pushlstring(L, (const char *)c->p + 1, len);
        in_skip(c, 1 + len);
    } else if ((t & 0xf0) == 0x90) { /* fixarray */
        in_skip(c, 1);
        decode_array(L, c, t & 0xf);
    } else if ((t & 0xf0) == 0x80) { /* fixmap */
        in_skip(c, 1);
        decode_map(L, c, t & 0xf);
    } else { /* bin, ext and the unused 0xc1: not supported, as in the original */
        c->err = MP_BADFMT;
    }
}

/* Decodes up to limit values from offset of the string at index 1, which is alone on the
 * stack. limit and offset both 0 mean everything, with no offset returned; otherwise the
 * offset after the last value comes first, -1 when the input is used up. */
static int unpack_values(lua_State *L, lua_Integer limit, lua_Integer offset)
{
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    int all = limit == 0 && offset == 0;
    /* The original prints 64-bit values with %d (their low 32 bits) and the length where it
     * means the limit; its texts are kept. */
    if (offset < 0 || limit < 0)
        return luaL_error(L, "Invalid request to unpack with offset of %d and limit of %d.",
                          (int)offset, (int)len);
    if ((size_t)offset > len)
        return luaL_error(L, "Start offset %d greater than input length %d.", (int)offset,
                          (int)len);
    if (all) limit = INT_MAX;
    struct mp_in c = {(const unsigned char *)s + offset, len - (size_t)offset, MP_OK};
    lua_Integer n;
    for (n = 0; c.left > 0 && n < limit; n++) {
        decode_value(L, &c);
        if (c.err == MP_EOF) return luaL_error(L, "Missing bytes in input.");
        if (c.err == MP_BADFMT) return luaL_error(L, "Bad data format in input.");
    }
    if (all) return (int)n;
    luaL_checkstack(L, 1, "in function mp_unpack_full");
    lua_pushinteger(L, c.left == 0 ? -1 : (lua_Integer)(len - c.left));
    lua_insert(L, 2);
    return (int)n + 1;
}

/* cmsgpack.unpack(s): every value in s. */
static int mp_unpack(lua_State *L)
{
    return unpack_values(L, 0, 0);
}

/* cmsgpack.unpack_one(s [, offset]): the next offset and one value. */
static int mp_unpack_one(lua_State *L)
{
    lua_Integer offset = luaL_optinteger(L, 2, 0);
    lua_pop(L, lua_gettop(L) - 1); /* with no argument at all, the check of s reports none */
    return unpack_values(L, 1, offset);
}

/* cmsgpack.unpack_limit(s, limit [, offset]): the next offset and up to limit values. */
static int mp_unpack_limit(lua_State *L)
{
    lua_Integer limit = luaL_checkinteger(L, 2);
    lua_Integer offset = luaL_optinteger(L, 3, 0);
    lua_pop(L, lua_gettop(L) - 1);
    return unpack_values(L, limit, offset);
}

static const luaL_Reg mp_funcs[] = {
    {"pack", mp_pack},
    {"unpack", mp_unpack},
    {"unpack_one", mp_unpack_one},
    {"unpack_limit", mp_unpack_limit},
    {NULL, NULL},
};

int tessera_open_cmsgpack(lua_State *L)
{
    lua_newtable(L);
    for (const luaL_Reg *f = mp_funcs; f->name != NULL; f++) {
        lua_pushcfunction(L, f->func);
        lua_setfield(L, -2, f->name);
    }
    lua_pushliteral(L, MSGPACK_NAME);
    lua_setfield(L, -2, "_NAME");
    lua_pushliteral(L, MSGPACK_VERSION);
    lua_setfield(L, -2, "_VERSION");
    lua_pushliteral(L, MSGPACK_COPYRIGHT);
    lua_setfield(L, -2, "_COPYRIGHT");
    lua_pushliteral(L, MSGPACK_DESCRIPTION);
    lua_setfield(L, -2, "_DESCRIPTION");
    lua_pushvalue(L, -1);
    lua_setglobal(L, MSGPACK_NAME);
    return 1;
}
