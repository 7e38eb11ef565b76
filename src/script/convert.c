/* Reply <-> Lua conversions (see convert.h), following Redis 7.0's scripting rules. */
#include <lauxlib.h>
#include <lua.h>
#include <stdlib.h>

#include "tessera/mem.h"
#include <string.h>

#include "script/api.h"
#include "script/convert.h"
#include "tessera/reply.h"
#include "tessera/util.h"

/* The length line after a type byte: p points after the type; returns the value, *next past
 * the CRLF. */
static long long read_len(const char *p, const char *end, const char **next)
{
    const char *cr = memchr(p, '\r', (size_t)(end - p));
    if (!cr) cr = end;
    long long v = 0;
    str_to_ll(p, (size_t)(cr - p), &v);
    *next = cr + 2 <= end ? cr + 2 : end;
    return v;
}

static const char *line_end(const char *p, const char *end)
{
    const char *cr = memchr(p, '\r', (size_t)(end - p));
    return cr ? cr : end;
}

static const char *parse(lua_State *L, const char *p, const char *end, int push);

static void push_field(lua_State *L, const char *field)
{
    lua_pushstring(L, field);
    lua_insert(L, -2);
    lua_settable(L, -3);
}

static const char *parse_aggregate(lua_State *L, char type, long long n, const char *p,
                                   const char *end, int push)
{
    if (type == '|') { /* attributes: skipped, the reply follows */
        for (long long i = 0; i < 2 * n; i++)
            p = parse(L, p, end, 0);
        return parse(L, p, end, push);
    }
    if (push) luaL_checkstack(L, 4, "reply too deep");
    if (type == '%') {
        if (push) {
            lua_newtable(L);
            lua_newtable(L);
        }
        for (long long i = 0; i < n; i++) {
            p = parse(L, p, end, push);
            p = parse(L, p, end, push);
            if (push) lua_settable(L, -3);
        }
        if (push) push_field(L, "map");
        return p;
    }
    if (type == '~') {
        if (push) {
            lua_newtable(L);
            lua_newtable(L);
        }
        for (long long i = 0; i < n; i++) {
            p = parse(L, p, end, push);
            if (push) {
                lua_pushboolean(L, 1);
                lua_settable(L, -3);
            }
        }
        if (push) push_field(L, "set");
        return p;
    }
    if (push) lua_createtable(L, n > 0 && n < (1 << 20) ? (int)n : 0, 0);
    for (long long i = 0; i < n; i++) {
        if (push) lua_pushnumber(L, (lua_Number)(i + 1));
        p = parse(L, p, end, push);
        if (push) lua_settable(L, -3);
    }
    return p;
}

static const char *parse(lua_State *L, const char *p, const char *end, int push)
{
    if (p >= end) {
        if (push) lua_pushnil(L);
        return end;
    }
    char type = *p++;
    if (push) luaL_checkstack(L, 4, "reply too deep");
    switch (type) {
    case '+': {
        const char *e = line_end(p, end);
        if (push) {
            lua_newtable(L);
            lua_pushlstring(L, p, (size_t)(e - p));
            push_field(L, "ok");
        }
        return e + 2;
    }
    case '-': {
        const char *e = line_end(p, end);
        if (push) {
            script_push_error(L, p - 1, (size_t)(e - p) + 1);
            lua_pushboolean(L, 1);
            lua_setfield(L, -2, "ignore_error_stats_update");
        }
        return e + 2;
    }
    case ':': {
        const char *next;
        long long v = read_len(p, end, &next);
        if (push) lua_pushnumber(L, (lua_Number)v);
        return next;
    }
    case '$':
    case '=': {
        const char *next;
        long long n = read_len(p, end, &next);
        if (n < 0) {
            if (push) lua_pushboolean(L, 0);
            return next;
        }
        if (push) {
            if (type == '$') {
                lua_pushlstring(L, next, (size_t)n);
            } else { /* verbatim: "fmt:text" */
                lua_newtable(L);
                lua_newtable(L);
                lua_pushlstring(L, next + 4, n >= 4 ? (size_t)n - 4 : 0);
                lua_setfield(L, -2, "string");
                lua_pushlstring(L, next, n >= 3 ? 3 : (size_t)n);
                lua_setfield(L, -2, "format");
                push_field(L, "verbatim_string");
            }
        }
        return next + n + 2;
    }
    case '*':
    case '>':
    case '%':
    case '~':
    case '|': {
        const char *next;
        long long n = read_len(p, end, &next);
        if (n < 0) {
            if (push) lua_pushboolean(L, 0);
            return next;
        }
        return parse_aggregate(L, type, n, next, end, push);
    }
    case '_': {
        if (push) lua_pushnil(L);
        return line_end(p, end) + 2;
    }
    case '#': {
        if (push) lua_pushboolean(L, *p == 't');
        return line_end(p, end) + 2;
    }
    case ',': {
        const char *e = line_end(p, end);
        if (push) {
            char buf[128];
            size_t n = (size_t)(e - p) < sizeof buf - 1 ? (size_t)(e - p) : sizeof buf - 1;
            memcpy(buf, p, n);
            buf[n] = '\0';
            lua_newtable(L);
            lua_pushnumber(L, strtod(buf, NULL));
            push_field(L, "double");
        }
        return e + 2;
    }
    case '(': {
        const char *e = line_end(p, end);
        if (push) {
            lua_newtable(L);
            lua_pushlstring(L, p, (size_t)(e - p));
            push_field(L, "big_number");
        }
        return e + 2;
    }
    default:
        if (push) lua_pushnil(L);
        return end;
    }
}

int script_push_reply(lua_State *L, const char *p, size_t n)
{
    parse(L, p, p + n, 1);
    return n > 0 && p[0] == '-';
}

/* A line of a status or error reply: CR and LF become spaces, as Redis writes them. */
static void reply_line(struct reply *out, char type, const char *s, size_t n)
{
    reply_reserve(out, n + 3);
    out->data[out->len++] = type;
    for (size_t i = 0; i < n; i++)
        out->data[out->len++] = (s[i] == '\r' || s[i] == '\n') ? ' ' : s[i];
    out->data[out->len++] = '\r';
    out->data[out->len++] = '\n';
}

/* The field of the table on top, pushed; returns its type. */
static int raw_field(lua_State *L, const char *name)
{
    lua_pushstring(L, name);
    lua_rawget(L, -2);
    return lua_type(L, -1);
}

static void write_value(lua_State *L, struct reply *out, int script_resp);

static void write_table(lua_State *L, struct reply *out, int script_resp)
{
    size_t len;
    const char *s;
    if (raw_field(L, "err") == LUA_TSTRING) {
        s = lua_tolstring(L, -1, &len);
        reply_line(out, '-', s, len);
        lua_pop(L, 1);
        return;
    }
    lua_pop(L, 1);
    if (raw_field(L, "ok") == LUA_TSTRING) {
        s = lua_tolstring(L, -1, &len);
        reply_line(out, '+', s, len);
        lua_pop(L, 1);
        return;
    }
    lua_pop(L, 1);
    if (raw_field(L, "double") == LUA_TNUMBER) {
        reply_double(out, lua_tonumber(L, -1));
        lua_pop(L, 1);
        return;
    }
    lua_pop(L, 1);
    if (raw_field(L, "big_number") == LUA_TSTRING) {
        s = lua_tolstring(L, -1, &len);
        if (out->resp >= 3)
            reply_line(out, '(', s, len);
        else {
            char *copy = mem_alloc(len ? len : 1);
            for (size_t i = 0; i < len; i++)
                copy[i] = (s[i] == '\r' || s[i] == '\n') ? ' ' : s[i];
            reply_bulk(out, copy, len);
            mem_free(copy);
        }
        lua_pop(L, 1);
        return;
    }
    lua_pop(L, 1);
    if (raw_field(L, "verbatim_string") == LUA_TTABLE) { /* table, vt */
        lua_pushstring(L, "format");
        lua_rawget(L, -2);
        lua_pushstring(L, "string");
        lua_rawget(L, -3); /* table, vt, format, string */
        int ok = lua_type(L, -2) == LUA_TSTRING && lua_type(L, -1) == LUA_TSTRING;
        if (ok) {
            size_t flen;
            const char *fmt = lua_tolstring(L, -2, &flen);
            s = lua_tolstring(L, -1, &len);
            if (out->resp >= 3) {
                char hdr[32];
                int h = snprintf(hdr, sizeof hdr, "=%zu\r\n", len + 4);
                reply_raw(out, hdr, (size_t)h);
                reply_raw(out, fmt, flen < 3 ? flen : 3);
                reply_raw(out, ":", 1);
                reply_raw(out, s, len);
                reply_raw(out, "\r\n", 2);
            } else {
                reply_bulk(out, s, len);
            }
        }
        lua_pop(L, 3);
        if (ok) return;
    } else {
        lua_pop(L, 1);
    }
    if (raw_field(L, "map") == LUA_TTABLE) {
        size_t n = 0;
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            n++;
            lua_pop(L, 1);
        }
        reply_map(out, n);
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            lua_pushvalue(L, -2);
            write_value(L, out, script_resp); /* the key */
            write_value(L, out, script_resp); /* the value */
        }
        lua_pop(L, 1);
        return;
    }
    lua_pop(L, 1);
    if (raw_field(L, "set") == LUA_TTABLE) {
        size_t n = 0;
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            n++;
            lua_pop(L, 1);
        }
        reply_set(out, n);
        lua_pushnil(L);
        while (lua_next(L, -2)) {
            lua_pop(L, 1);
            lua_pushvalue(L, -1);
            write_value(L, out, script_resp);
        }
        lua_pop(L, 1);
        return;
    }
    lua_pop(L, 1);
    size_t n = 0;
    for (;;) {
        lua_rawgeti(L, -1, (int)n + 1);
        int nil = lua_isnil(L, -1);
        lua_pop(L, 1);
        if (nil) break;
        n++;
    }
    reply_array(out, n);
    for (size_t i = 1; i <= n; i++) {
        lua_rawgeti(L, -1, (int)i);
        write_value(L, out, script_resp);
    }
}

/* Writes the value on top and pops it. */
static void write_value(lua_State *L, struct reply *out, int script_resp)
{
    if (!lua_checkstack(L, 4)) {
        reply_error(out, "ERR reached lua stack limit");
        lua_pop(L, 1);
        return;
    }
    switch (lua_type(L, -1)) {
    case LUA_TSTRING: {
        size_t len;
        const char *s = lua_tolstring(L, -1, &len);
        reply_bulk(out, s, len);
        break;
    }
    case LUA_TBOOLEAN:
        if (script_resp == 2) {
            if (lua_toboolean(L, -1))
                reply_int(out, 1);
            else
                reply_null(out);
        } else {
            reply_bool(out, lua_toboolean(L, -1));
        }
        break;
    case LUA_TNUMBER:
        reply_int(out, (long long)lua_tonumber(L, -1));
        break;
    case LUA_TTABLE:
        write_table(L, out, script_resp);
        break;
    default:
        reply_null(out);
        break;
    }
    lua_pop(L, 1);
}

int script_write_result(lua_State *L, struct reply *out, int script_resp)
{
    size_t before = out->len;
    write_value(L, out, script_resp);
    return out->len > before && out->data[before] == '-';
}
