/* Unit tests of the reply <-> Lua conversions of scripts (script/convert.h): a command's reply in
 * RESP2 or RESP3 becomes the Lua value Redis gives redis.call, and a value a script returns
 * becomes the client's reply, in Redis's shapes. */
#include <criterion/criterion.h>
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdio.h>
#include <string.h>

#include "script/convert.h"
#include "tessera/reply.h"

static lua_State *L;

static void setup(void)
{
    L = luaL_newstate();
    luaL_openlibs(L);
}

static void teardown(void)
{
    lua_close(L);
}

TestSuite(convert, .init = setup, .fini = teardown);

/* The reply bytes in, through Lua, back out for a client of protocol resp. */
static void round_trip(const char *in, int script_resp, int resp, const char *want)
{
    script_push_reply(L, in, strlen(in));
    struct reply out;
    reply_init(&out, resp);
    script_write_result(L, &out, script_resp);
    cr_assert_eq(lua_gettop(L), 0);
    cr_assert_eq(out.len, strlen(want), "%s: got %.*s", in, (int)out.len, out.data);
    cr_assert(memcmp(out.data, want, out.len) == 0, "%s: got %.*s", in, (int)out.len, out.data);
    reply_free(&out);
}

/* The value of a Lua expression written for a client of protocol resp. */
static void lua_to_reply(const char *expr, int script_resp, int resp, const char *want)
{
    char code[512];
    snprintf(code, sizeof code, "return %s", expr);
    cr_assert_eq(luaL_dostring(L, code), 0, "%s", lua_tostring(L, -1));
    struct reply out;
    reply_init(&out, resp);
    script_write_result(L, &out, script_resp);
    cr_assert_eq(out.len, strlen(want), "%s: got %.*s", expr, (int)out.len, out.data);
    cr_assert(memcmp(out.data, want, out.len) == 0, "%s: got %.*s", expr, (int)out.len, out.data);
    reply_free(&out);
}

Test(convert, resp2_replies_come_back_the_same)
{
    round_trip(":42\r\n", 2, 2, ":42\r\n");
    round_trip("$3\r\nabc\r\n", 2, 2, "$3\r\nabc\r\n");
    round_trip("$0\r\n\r\n", 2, 2, "$0\r\n\r\n");
    round_trip("+OK\r\n", 2, 2, "+OK\r\n");
    round_trip("-WRONGTYPE Operation\r\n", 2, 2, "-WRONGTYPE Operation\r\n");
    round_trip("*3\r\n:1\r\n$1\r\na\r\n*1\r\n:2\r\n", 2, 2, "*3\r\n:1\r\n$1\r\na\r\n*1\r\n:2\r\n");
    round_trip("*0\r\n", 2, 2, "*0\r\n");
}

Test(convert, nulls_become_false_and_cut_arrays)
{
    round_trip("$-1\r\n", 2, 2, "$-1\r\n");
    round_trip("*-1\r\n", 2, 2, "$-1\r\n"); /* false: a null bulk */
    /* false inside an array stays (a null), nil would cut it */
    round_trip("*3\r\n:1\r\n$-1\r\n:3\r\n", 2, 2, "*3\r\n:1\r\n$-1\r\n:3\r\n");
    round_trip("*3\r\n:1\r\n_\r\n:3\r\n", 2, 2, "*1\r\n:1\r\n");
}

Test(convert, resp3_shapes_keep_their_kind)
{
    round_trip("%1\r\n$1\r\nf\r\n$1\r\nv\r\n", 3, 3, "%1\r\n$1\r\nf\r\n$1\r\nv\r\n");
    round_trip("%1\r\n$1\r\nf\r\n$1\r\nv\r\n", 3, 2, "*2\r\n$1\r\nf\r\n$1\r\nv\r\n");
    round_trip("~1\r\n$1\r\nm\r\n", 3, 3, "~1\r\n$1\r\nm\r\n");
    round_trip(",1.5\r\n", 3, 3, ",1.5\r\n");
    round_trip(",1.5\r\n", 3, 2, "$3\r\n1.5\r\n");
    round_trip("#t\r\n", 3, 3, "#t\r\n");
    round_trip("#f\r\n", 3, 2, ":0\r\n");
    round_trip("(12345678901234567890\r\n", 3, 3, "(12345678901234567890\r\n");
    round_trip("(12345678901234567890\r\n", 3, 2, "$20\r\n12345678901234567890\r\n");
    round_trip("=8\r\ntxt:abcd\r\n", 3, 3, "=8\r\ntxt:abcd\r\n");
    round_trip("=8\r\ntxt:abcd\r\n", 3, 2, "$4\r\nabcd\r\n");
    /* attributes are skipped, the reply after them is what counts */
    round_trip("|1\r\n$1\r\na\r\n:1\r\n:7\r\n", 3, 3, ":7\r\n");
}

Test(convert, lua_values_as_redis_writes_them)
{
    lua_to_reply("3.99", 2, 2, ":3\r\n");
    lua_to_reply("-3.7", 2, 2, ":-3\r\n");
    lua_to_reply("true", 2, 2, ":1\r\n");
    lua_to_reply("false", 2, 2, "$-1\r\n");
    lua_to_reply("false", 2, 3, "_\r\n");
    lua_to_reply("true", 3, 3, "#t\r\n");
    lua_to_reply("nil", 2, 2, "$-1\r\n");
    lua_to_reply("{1, 2, nil, 4}", 2, 2, "*2\r\n:1\r\n:2\r\n");
    lua_to_reply("{ok = 'fine'}", 2, 2, "+fine\r\n");
    lua_to_reply("{ok = 'a\\r\\nb'}", 2, 2, "+a  b\r\n");
    lua_to_reply("{err = 'boom'}", 2, 2, "-boom\r\n");
    lua_to_reply("{double = 2.5}", 2, 3, ",2.5\r\n");
    lua_to_reply("{map = {a = 1}}", 2, 3, "%1\r\n$1\r\na\r\n:1\r\n");
    lua_to_reply("{set = {x = true}}", 2, 3, "~1\r\n$1\r\nx\r\n");
    lua_to_reply("{{1}, 'a'}", 2, 2, "*2\r\n*1\r\n:1\r\n$1\r\na\r\n");
}

Test(convert, errors_become_tables_with_their_code)
{
    script_push_reply(L, "-ERR bad thing\r\n", 16);
    cr_assert(lua_istable(L, -1));
    lua_getfield(L, -1, "err");
    cr_assert_str_eq(lua_tostring(L, -1), "ERR bad thing");
    lua_pop(L, 2);
    script_push_reply(L, "+PONG\r\n", 7);
    lua_getfield(L, -1, "ok");
    cr_assert_str_eq(lua_tostring(L, -1), "PONG");
    lua_pop(L, 2);
}
