/* The struct and cmsgpack script libraries (script/lua_libs.h) against Redis 7.0.15: each case is
 * a Lua snippet and the exact string redis-server 7.0.15 returned for it from EVAL (with the same
 * prelude), covering every struct option and every MessagePack type both ways, round trips and
 * the error texts. Chunks are named "@user_script" so error positions read as in Redis. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>

#include "script/lua_libs.h"

/* Helpers every snippet may use, all on the first line: h'..' turns hex into bytes; R(...)
 * renders values (numbers as %.17g, strings as %q, tables with sorted keys) into one string. */
static const char prelude[] = "local function h(s) return (s:gsub('%x%x', function(c) return "
                              "string.char(tonumber(c, 16)) end)) end "
                              "local ser "
                              "ser = function(v, d) "
                              "local t = type(v) "
                              "if t == 'number' then return string.format('%.17g', v) "
                              "elseif t == 'string' then return string.format('%q', v) "
                              "elseif t == 'table' then "
                              "d = d or 0 "
                              "if d > 20 then return '{...}' end "
                              "local keys = {} "
                              "for k in pairs(v) do keys[#keys + 1] = k end "
                              "table.sort(keys, function(a, b) return ser(a, 99) < ser(b, 99) end) "
                              "local out = {} "
                              "for _, k in ipairs(keys) do out[#out + 1] = '[' .. ser(k, d + 1) .. "
                              "']=' .. ser(v[k], d + 1) end "
                              "return '{' .. table.concat(out, ',') .. '}' "
                              "else return tostring(v) end "
                              "end "
                              "local function R(...) "
                              "local out = {} "
                              "for i = 1, select('#', ...) do out[i] = ser((select(i, ...))) end "
                              "return table.concat(out, ' ') "
                              "end ";

struct lua_case {
    const char *code;
    const char *want;
    size_t want_len;
};

static lua_State *new_state(void)
{
    lua_State *L = luaL_newstate();
    cr_assert_not_null(L);
    luaL_openlibs(L);
    lua_pushcfunction(L, tessera_open_struct);
    lua_call(L, 0, 0);
    lua_pushcfunction(L, tessera_open_cmsgpack);
    lua_call(L, 0, 0);
    return L;
}

static void print_bytes(const char *what, const char *p, size_t n)
{
    fprintf(stderr, "  %s (%zu):", what, n);
    for (size_t i = 0; i < n && i < 400; i++)
        fprintf(stderr, p[i] >= 32 && p[i] < 127 ? "%c" : "\\x%02x", (unsigned char)p[i]);
    fprintf(stderr, "\n");
}

/* Runs one snippet after the prelude in a fresh state; it must return a string. */
static void run_case(const struct lua_case *c)
{
    lua_State *L = new_state();
    size_t n = strlen(prelude) + 1 + strlen(c->code);
    char *code = malloc(n + 1);
    cr_assert_not_null(code);
    snprintf(code, n + 1, "%s %s", prelude, c->code);
    int rc = luaL_loadbuffer(L, code, n, "@user_script");
    if (rc == 0) rc = lua_pcall(L, 0, 1, 0);
    free(code);
    size_t len = 0;
    const char *got = lua_tolstring(L, -1, &len);
    int ok = rc == 0 && lua_type(L, -1) == LUA_TSTRING && len == c->want_len &&
             memcmp(got, c->want, len) == 0;
    if (!ok) {
        fprintf(stderr, "snippet: %s\n", c->code);
        print_bytes("want", c->want, c->want_len);
        print_bytes(rc == 0 ? "got" : "error", got ? got : "", got ? len : 0);
    }
    lua_close(L);
    cr_assert(ok, "snippet: %s", c->code);
}

static void run_cases(const struct lua_case *cases, size_t n)
{
    for (size_t i = 0; i < n; i++)
        run_case(&cases[i]);
}

static const struct lua_case struct_pack_integers_cases[] = {
    {"return struct.pack('>b<b', 1, 1)", "\001\001", 2},
    {"return struct.pack('b', -1)", "\377", 1},
    {"return struct.pack('b', 127)", "\177", 1},
    {"return struct.pack('b', -128)", "\200", 1},
    {"return struct.pack('b', 300)", ",", 1},
    {"return struct.pack('B', 255)", "\377", 1},
    {"return struct.pack('B', -1)", "\377", 1},
    {"return struct.pack('>h<h', 258, 258)", "\001\002\002\001", 4},
    {"return struct.pack('>H', 65535)", "\377\377", 2},
    {"return struct.pack('<h', -2)", "\376\377", 2},
    {"return struct.pack('>l<l', -2, -2)",
     "\377\377\377\377\377\377\377\376\376\377\377\377\377\377\377\377", 16},
    {"return struct.pack('>L', 2^63+2048)", "\200\000\000\000\000\000\010\000", 8},
    {"return struct.pack('<L', 2^53+1)", "\000\000\000\000\000\000 \000", 8},
    {"return struct.pack('>T<T', 1, 1)",
     "\000\000\000\000\000\000\000\001\001\000\000\000\000\000\000\000", 16},
    {"return struct.pack('i', 1)", "\001\000\000\000", 4},
    {"return struct.pack('>i<i', -3, -3)", "\377\377\377\375\375\377\377\377", 8},
    {"return struct.pack('>I<I', 4294967295, 4294967295)", "\377\377\377\377\377\377\377\377", 8},
    {"return struct.pack('>i1i2i3i5i7', 1, 2, 3, 5, 7)",
     "\001\000\002\000\000\003\000\000\000\000\005\000\000\000\000\000\000\007", 18},
    {"return struct.pack('<i3I3', -1, 16777215)", "\377\377\377\377\377\377", 6},
    {"return struct.pack('>i8', -2^63)", "\200\000\000\000\000\000\000\000", 8},
    {"return struct.pack('>I8', 2^64 - 2^11)", "\377\377\377\377\377\377\370\000", 8},
    {"return struct.pack('<i9', -2)", "\376\377\377\377\377\377\377\377\000", 9},
    {"return struct.pack('>i12', -2)", "\000\000\000\000\377\377\377\377\377\377\377\376", 12},
    {"return struct.pack('<I16', 2^63)",
     "\000\000\000\000\000\000\000\200\000\000\000\000\000\000\000\000", 16},
    {"return struct.pack('>i32', -1)",
     "\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000\000"
     "\000\377\377\377\377\377\377\377\377",
     32},
    {"return struct.pack('i0', 5)", "", 0},
    {"return struct.pack('>b', 1.9)", "\001", 1},
    {"return struct.pack('>b', -1.5)", "\377", 1},
    {"return struct.pack('>i', ' 0x10 ')", "\000\000\000\020", 4},
    {"return struct.pack('>i', '12')", "\000\000\000\014", 4},
    {"return struct.pack('>L', 2^64)", "\000\000\000\000\000\000\000\000", 8},
    {"return struct.pack('>L', 1e300)", "\000\000\000\000\000\000\000\000", 8},
    {"return struct.pack('>l', -1e300)", "\200\000\000\000\000\000\000\000", 8},
    {"return struct.pack('>L', 1/0)", "\000\000\000\000\000\000\000\000", 8},
    {"return struct.pack('>L', -1/0)", "\200\000\000\000\000\000\000\000", 8},
    {"return struct.pack('>L', 0/0)", "\200\000\000\000\000\000\000\000", 8},
};

Test(lua_libs, struct_pack_integers)
{
    run_cases(struct_pack_integers_cases,
              sizeof struct_pack_integers_cases / sizeof struct_pack_integers_cases[0]);
}

static const struct lua_case struct_pack_floats_cases[] = {
    {"return struct.pack('>f<f', 1.5, 1.5)", "\?\300\000\000\000\000\300\?", 8},
    {"return struct.pack('>d<d', 1.5, 1.5)",
     "\?\370\000\000\000\000\000\000\000\000\000\000\000\000\370\?", 16},
    {"return struct.pack('>f', 0.1)", "=\314\314\315", 4},
    {"return struct.pack('>d', 0.1)", "\?\271\231\231\231\231\231\232", 8},
    {"return struct.pack('>f', 1e300)", "\177\200\000\000", 4},
    {"return struct.pack('>f', -1e-50)", "\200\000\000\000", 4},
    {"return struct.pack('>f', 1/0)", "\177\200\000\000", 4},
    {"return struct.pack('>d', -1/0)", "\377\360\000\000\000\000\000\000", 8},
    {"return struct.pack('>d', -0.0)", "\200\000\000\000\000\000\000\000", 8},
    {"return struct.pack('>f', 16777217)", "K\200\000\000", 4},
    {"return struct.pack('>d', 2^53 + 1)", "C@\000\000\000\000\000\000", 8},
    {"return struct.pack('>f', '2.5')", "@ \000\000", 4},
};

Test(lua_libs, struct_pack_floats)
{
    run_cases(struct_pack_floats_cases,
              sizeof struct_pack_floats_cases / sizeof struct_pack_floats_cases[0]);
}

static const struct lua_case struct_pack_strings_and_padding_cases[] = {
    {"return struct.pack('c', 'abc')", "a", 1},
    {"return struct.pack('c2', 'abc')", "ab", 2},
    {"return struct.pack('c3', 'abc')", "abc", 3},
    {"return struct.pack('c0', 'a\\0b')", "a\000b", 3},
    {"return struct.pack('c0', '')", "", 0},
    {"return struct.pack('c0', 1.5)", "1.5", 3},
    {"return struct.pack('s', 'a\\0b')", "a\000b\000", 4},
    {"return struct.pack('s', '')", "\000", 1},
    {"return struct.pack('s', 12)", "12\000", 3},
    {"return struct.pack('x')", "\000", 1},
    {"return struct.pack('bxxb', 1, 2)", "\001\000\000\002", 4},
    {"return struct.pack(' b  b ', 1, 2)", "\001\002", 2},
    {"return struct.pack('')", "", 0},
    {"return struct.pack('', 1, 2)", "", 0},
    {"return struct.pack('b', 1, 2, 3)", "\001", 1},
    {"return struct.pack('!bd', 1, 2)",
     "\001\000\000\000\000\000\000\000\000\000\000\000\000\000\000@", 16},
    {"return struct.pack('!2bd', 1, 2)", "\001\000\000\000\000\000\000\000\000@", 10},
    {"return struct.pack('!4bhbibl', 1, 2, 3, 4, 5, 6)",
     "\001\000\002\000\003\000\000\000\004\000\000\000\005\000\000\000\006\000\000\000\000\000\000"
     "\000",
     24},
    {"return struct.pack('!16bd', 1, 2)",
     "\001\000\000\000\000\000\000\000\000\000\000\000\000\000\000@", 16},
    {"return struct.pack('!', 1)", "", 0},
    {"return struct.pack('!4 b x h', 1, 2)", "\001\000\002\000", 4},
    {"return struct.pack('!4 b c2 h', 1, 'ab', 2)", "\001ab\000\002\000", 6},
    {"return struct.pack('!4 b s h', 1, 'ab', 2)", "\001ab\000\002\000", 6},
    {"return struct.pack('!4bi3', 1, 2)", "\001\000\000\002\000\000", 6},
    {"return struct.pack('!8bi6', 1, 2)", "\001\000\000\000\000\000\002\000\000\000\000\000", 12},
    {"return struct.pack('!8bT', 1, 2)",
     "\001\000\000\000\000\000\000\000\002\000\000\000\000\000\000\000", 16},
    {"return struct.pack('!4bdbf', 1, 2, 3, 4)",
     "\001\000\000\000\000\000\000\000\000\000\000@\003\000\000\000\000\000\200@", 20},
    {"return struct.pack('>!4 b h i l d f c3 s x I3', -1, -2, -3, -4, 1.25, 2.5, 'abc', 'de', 7)",
     "\377\000\377\376\377\377\377\375\377\377\377\377\377\377\377\374\?\364\000\000\000\000\000"
     "\000@ \000\000abcde\000\000\000\000\007",
     38},
    {"return R(#struct.pack('c9000', string.rep('y', 9000)))", "9000", 4},
    {"return R(#struct.pack('s', string.rep('y', 20000)))", "20001", 5},
};

Test(lua_libs, struct_pack_strings_and_padding)
{
    run_cases(struct_pack_strings_and_padding_cases,
              sizeof struct_pack_strings_and_padding_cases /
                  sizeof struct_pack_strings_and_padding_cases[0]);
}

static const struct lua_case struct_unpack_cases[] = {
    {"return R(struct.unpack('b', '\\255'))", "-1 2", 4},
    {"return R(struct.unpack('B', '\\255'))", "255 2", 5},
    {"return R(struct.unpack('>h<h', '\\1\\2\\1\\2'))", "258 513 5", 9},
    {"return R(struct.unpack('>H', '\\255\\254'))", "65534 3", 7},
    {"return R(struct.unpack('>h', '\\255\\254'))", "-2 3", 4},
    {"return R(struct.unpack('<l', '\\255\\255\\255\\255\\255\\255\\255\\255'))", "-1 9", 4},
    {"return R(struct.unpack('<L', '\\255\\255\\255\\255\\255\\255\\255\\255'))",
     "1.8446744073709552e+19 9", 24},
    {"return R(struct.unpack('<L', '\\0\\0\\0\\0\\0\\0\\0\\128'))", "9.2233720368547758e+18 9", 24},
    {"return R(struct.unpack('>l', '\\128\\0\\0\\0\\0\\0\\0\\0'))", "-9.2233720368547758e+18 9",
     25},
    {"return R(struct.unpack('>T', '\\0\\0\\0\\0\\0\\0\\1\\0'))", "256 9", 5},
    {"return R(struct.unpack('i', '\\1\\0\\0\\0'))", "1 5", 3},
    {"return R(struct.unpack('>i3', '\\255\\255\\254'))", "-2 4", 4},
    {"return R(struct.unpack('>I3', '\\255\\255\\254'))", "16777214 4", 10},
    {"return R(struct.unpack('<i9', '\\128\\0\\0\\0\\0\\0\\0\\0\\0'))", "-128 10", 7},
    {"return R(struct.unpack('<i9', '\\0\\0\\0\\0\\0\\0\\0\\0\\128'))", "0 10", 4},
    {"return R(struct.unpack('>i9', '\\128\\0\\0\\0\\0\\0\\0\\0\\1'))", "1 10", 4},
    {"return R(struct.unpack('<i16', '\\1\\0\\0\\0\\0\\0\\0\\128\\0\\0\\0\\0\\0\\0\\0\\0'))",
     "-9.2233720368547758e+18 17", 26},
    {"return R(struct.unpack('<I16', '\\1\\0\\0\\0\\0\\0\\0\\128\\0\\0\\0\\0\\0\\0\\0\\0'))",
     "9.2233720368547758e+18 17", 25},
    {"return R(struct.unpack('>i32', string.rep('\\255', 32)))", "-1 33", 5},
    {"return R(struct.unpack('i0I0', ''))", "0 0 1", 5},
    {"return R(struct.unpack('>f<f', '\\63\\192\\0\\0\\0\\0\\192\\63'))", "1.5 1.5 9", 9},
    {"return R(struct.unpack('>f', '\\127\\128\\0\\0'))", "inf 5", 5},
    {"return R(struct.unpack('<f', '\\0\\0\\192\\127'))", "nan 5", 5},
    {"return R(struct.unpack('>d', '\\63\\248\\0\\0\\0\\0\\0\\0'))", "1.5 9", 5},
    {"return R(struct.unpack('<d', '\\0\\0\\0\\0\\0\\0\\248\\127'))", "nan 9", 5},
    {"return R(struct.unpack('c', 'abc'))", "\"a\" 2", 5},
    {"return R(struct.unpack('c3', 'abc'))", "\"abc\" 4", 7},
    {"return R(struct.unpack('c2c1', 'abc'))", "\"ab\" \"c\" 4", 10},
    {"return R(struct.unpack('bc0', '\\3abcd'))", "\"abc\" 5", 7},
    {"return R(struct.unpack('bc0', '\\0abcd'))", "\"\" 2", 4},
    {"return R(struct.unpack('>i2c0', '\\0\\2abc'))", "\"ab\" 5", 6},
    {"return R(struct.unpack('sc0', '2\\0abc'))", "\"ab\" 5", 6},
    {"return R(struct.unpack('s', 'ab\\0cd'))", "\"ab\" 4", 6},
    {"return R(struct.unpack('ss', 'ab\\0cd\\0'))", "\"ab\" \"cd\" 7", 11},
    {"return R(struct.unpack('ss', 'ab\\0\\0'))", "\"ab\" \"\" 5", 9},
    {"return R(struct.unpack('xxx', 'abc'))", "4", 1},
    {"return R(struct.unpack('bxb', '\\1\\2\\3'))", "1 3 4", 5},
    {"return R(struct.unpack('b', 'abc', 3))", "99 4", 4},
    {"return R(struct.unpack('i4', 'abcde', 2))", "1701077858 6", 12},
    {"return R(struct.unpack('i4', 'abcde', 2.9))", "1701077858 6", 12},
    {"return R(struct.unpack('i4', 'abcde', '2'))", "1701077858 6", 12},
    {"return R(struct.unpack('', 'abcd', -1))", "-1", 2},
    {"return R(struct.unpack('', 'abcd', 2^32 + 1))", "4294967297", 10},
    {"return R(struct.unpack(' ', 'abcd', 5))", "5", 1},
    {"return R(struct.unpack('x', 'abcd', 4))", "5", 1},
    {"return R(struct.unpack('b', 12))", "49 2", 4},
    {"return R(struct.unpack('!4i', 'abcdefgh', 2))", "1751606885 9", 12},
    {"return R(struct.unpack('!4bi', 'abcdefghij', 2))", "98 1751606885 9", 15},
    {"return R(struct.unpack('!4bi', 'abcdefghij', 3))", "99 1751606885 9", 15},
    {"return R(struct.unpack('!8bi6', '\\1\\0\\0\\0\\0\\0\\2\\0\\0\\0\\0\\0'))", "1 2 13", 6},
    {"return R(select('#', struct.unpack(string.rep('b', 7000), string.rep('a', 7000))))", "7001",
     4},
};

Test(lua_libs, struct_unpack)
{
    run_cases(struct_unpack_cases, sizeof struct_unpack_cases / sizeof struct_unpack_cases[0]);
}

static const struct lua_case struct_size_cases[] = {
    {"return R(struct.size('bBhHlLTfdx'))", "43", 2},
    {"return R(struct.size('i'))", "4", 1},
    {"return R(struct.size('i3I5i32'))", "40", 2},
    {"return R(struct.size('c'))", "1", 1},
    {"return R(struct.size('c7'))", "7", 1},
    {"return R(struct.size('bd'))", "9", 1},
    {"return R(struct.size('!bd'))", "16", 2},
    {"return R(struct.size('!1bd'))", "9", 1},
    {"return R(struct.size('!2bd'))", "10", 2},
    {"return R(struct.size('!4bd'))", "12", 2},
    {"return R(struct.size('!16bd'))", "16", 2},
    {"return R(struct.size('!bhlLTfdxi3I5c4'))", "63", 2},
    {"return R(struct.size('!8bi3'))", "6", 1},
    {"return R(struct.size('!8bbi3'))", "5", 1},
    {"return R(struct.size('!8bi5d'))", "24", 2},
    {"return R(struct.size('!8bc3d'))", "16", 2},
    {"return R(struct.size('c2147483647'))", "2147483647", 10},
    {"return R(struct.size('!1073741824b'))", "1", 1},
    {"return R(struct.size(''))", "0", 1},
    {"return R(struct.size('<> ! '))", "0", 1},
    {"return R(struct.size('b z'))", "1", 1},
    {"return R(struct.size(12))", "0", 1},
};

Test(lua_libs, struct_size)
{
    run_cases(struct_size_cases, sizeof struct_size_cases / sizeof struct_size_cases[0]);
}

static const struct lua_case struct_errors_cases[] = {
    {"return R(pcall(function() return struct.pack('z', 1) end))",
     "false \"user_script:1: bad argument #1 to 'pack' (invalid format option 'z')\"", 76},
    {"return R(pcall(function() return struct.pack('=i', 1) end))",
     "false \"user_script:1: bad argument #1 to 'pack' (invalid format option '=')\"", 76},
    {"return R(pcall(function() return struct.pack('\\200') end))",
     "false \"user_script:1: bad argument #1 to 'pack' (invalid format option '\310')\"", 76},
    {"return R(pcall(function() return struct.unpack('z', 'abc') end))",
     "false \"user_script:1: bad argument #1 to 'unpack' (invalid format option 'z')\"", 78},
    {"return R(pcall(function() return struct.size('%') end))",
     "false \"user_script:1: bad argument #1 to 'size' (invalid format option '%')\"", 76},
    {"return R(pcall(function() return struct.size('=') end))",
     "false \"user_script:1: bad argument #1 to 'size' (invalid format option '=')\"", 76},
    {"return R(pcall(function() return struct.pack('i33', 1) end))",
     "false \"user_script:1: integral size 33 is larger than limit of 32\"", 66},
    {"return R(pcall(function() return struct.unpack('I40', 'abc') end))",
     "false \"user_script:1: integral size 40 is larger than limit of 32\"", 66},
    {"return R(pcall(function() return struct.size('i33') end))",
     "false \"user_script:1: integral size 33 is larger than limit of 32\"", 66},
    {"return R(pcall(function() return struct.pack('i99999999999', 1) end))",
     "false \"user_script:1: integral size overflow\"", 45},
    {"return R(pcall(function() return struct.size('c2147483648') end))",
     "false \"user_script:1: integral size overflow\"", 45},
    {"return R(pcall(function() return struct.size('!2147483648') end))",
     "false \"user_script:1: integral size overflow\"", 45},
    {"return R(pcall(function() return struct.pack('!0', 1) end))",
     "false \"user_script:1: alignment 0 is not a power of 2\"", 54},
    {"return R(pcall(function() return struct.pack('!3b', 1) end))",
     "false \"user_script:1: alignment 3 is not a power of 2\"", 54},
    {"return R(pcall(function() return struct.unpack('!6', 'abc') end))",
     "false \"user_script:1: alignment 6 is not a power of 2\"", 54},
    {"return R(pcall(function() return struct.size('s') end))",
     "false \"user_script:1: bad argument #1 to 'size' (option 's' has no fixed size)\"", 79},
    {"return R(pcall(function() return struct.size('!8bsd') end))",
     "false \"user_script:1: bad argument #1 to 'size' (option 's' has no fixed size)\"", 79},
    {"return R(pcall(function() return struct.size('c0') end))",
     "false \"user_script:1: bad argument #1 to 'size' (option 'c0' has no fixed size)\"", 80},
    {"return R(pcall(function() return struct.pack('c5', 'abc') end))",
     "false \"user_script:1: bad argument #3 to 'pack' (string too short)\"", 67},
    {"return R(pcall(function() return struct.pack('bc5', 1, 'abc') end))",
     "false \"user_script:1: bad argument #4 to 'pack' (string too short)\"", 67},
    {"return R(pcall(function() return struct.pack('c', '') end))",
     "false \"user_script:1: bad argument #3 to 'pack' (string too short)\"", 67},
    {"return R(pcall(function() return struct.pack('b', 'x') end))",
     "false \"user_script:1: bad argument #2 to 'pack' (number expected, got string)\"", 78},
    {"return R(pcall(function() return struct.pack('b') end))",
     "false \"user_script:1: bad argument #2 to 'pack' (number expected, got nil)\"", 75},
    {"return R(pcall(function() return struct.pack('bb', 1) end))",
     "false \"user_script:1: bad argument #3 to 'pack' (number expected, got nil)\"", 75},
    {"return R(pcall(function() return struct.pack('c1c1', 'a') end))",
     "false \"user_script:1: bad argument #3 to 'pack' (string expected, got nil)\"", 75},
    {"return R(pcall(function() return struct.pack('b', {}) end))",
     "false \"user_script:1: bad argument #2 to 'pack' (number expected, got table)\"", 77},
    {"return R(pcall(function() return struct.pack('s', {}) end))",
     "false \"user_script:1: bad argument #2 to 'pack' (string expected, got table)\"", 77},
    {"return R(pcall(function() return struct.pack() end))",
     "false \"user_script:1: bad argument #1 to 'pack' (string expected, got no value)\"", 80},
    {"return R(pcall(function() return struct.pack({}) end))",
     "false \"user_script:1: bad argument #1 to 'pack' (string expected, got table)\"", 77},
    {"return R(pcall(function() return struct.size() end))",
     "false \"user_script:1: bad argument #1 to 'size' (string expected, got no value)\"", 80},
    {"return R(pcall(function() return struct.unpack('i4', 'abc') end))",
     "false \"user_script:1: bad argument #2 to 'unpack' (data string too short)\"", 74},
    {"return R(pcall(function() return struct.unpack('i4', 'abcd', 0) end))",
     "false \"user_script:1: bad argument #3 to 'unpack' (offset must be 1 or greater)\"", 80},
    {"return R(pcall(function() return struct.unpack('i4', 'abcd', -1) end))",
     "false \"user_script:1: bad argument #2 to 'unpack' (data string too short)\"", 74},
    {"return R(pcall(function() return struct.unpack('i4', 'abcd', 6) end))",
     "false \"user_script:1: bad argument #2 to 'unpack' (data string too short)\"", 74},
    {"return R(pcall(function() return struct.unpack('i4', 'abcd', 5) end))",
     "false \"user_script:1: bad argument #2 to 'unpack' (data string too short)\"", 74},
    {"return R(pcall(function() return struct.unpack('=', 'abcd', 10) end))",
     "false \"user_script:1: bad argument #2 to 'unpack' (data string too short)\"", 74},
    {"return R(pcall(function() return struct.unpack('x', 'abcd', 5) end))",
     "false \"user_script:1: bad argument #2 to 'unpack' (data string too short)\"", 74},
    {"return R(pcall(function() return struct.unpack('i4', 'abcde', 'x') end))",
     "false \"user_script:1: bad argument #3 to 'unpack' (number expected, got string)\"", 80},
    {"return R(pcall(function() return struct.unpack('c0', 'abcd') end))",
     "false \"user_script:1: format 'c0' needs a previous size\"", 56},
    {"return R(pcall(function() return struct.unpack('<I4c0c0', '\\2\\0\\0\\0ab') end))",
     "false \"user_script:1: format 'c0' needs a previous size\"", 56},
    {"return R(pcall(function() return struct.unpack('xc0', 'abc') end))",
     "false \"user_script:1: format 'c0' needs a previous size\"", 56},
    {"return R(pcall(function() return struct.unpack('sc0', 'ab\\0abc') end))",
     "false \"user_script:1: format 'c0' needs a previous size\"", 56},
    {"return R(pcall(function() return struct.unpack('bc0', '\\5abcd') end))",
     "false \"user_script:1: bad argument #2 to 'unpack' (data string too short)\"", 74},
    {"return R(pcall(function() return struct.unpack('bc0', '\\255abc') end))",
     "false \"user_script:1: bad argument #2 to 'unpack' (data string too short)\"", 74},
    {"return R(pcall(function() return struct.unpack('fc0', '\\0\\0\\192\\127abc') end))",
     "false \"user_script:1: bad argument #2 to 'unpack' (data string too short)\"", 74},
    {"return R(pcall(function() return struct.unpack('s', 'abcd') end))",
     "false \"user_script:1: unfinished string in data\"", 48},
    {"return R(pcall(function() return struct.unpack('s', '') end))",
     "false \"user_script:1: unfinished string in data\"", 48},
    {"return R(pcall(function() return struct.unpack('c', '') end))",
     "false \"user_script:1: bad argument #2 to 'unpack' (data string too short)\"", 74},
    {"return R(pcall(function() return struct.unpack('c4', 'abc') end))",
     "false \"user_script:1: bad argument #2 to 'unpack' (data string too short)\"", 74},
    {"return R(pcall(function() return struct.unpack('b') end))",
     "false \"user_script:1: bad argument #2 to 'unpack' (string expected, got no value)\"", 82},
    {"return R(pcall(function() return struct.unpack() end))",
     "false \"user_script:1: bad argument #1 to 'unpack' (string expected, got no value)\"", 82},
    {"return R(pcall(function() return struct.unpack('b', {}) end))",
     "false \"user_script:1: bad argument #2 to 'unpack' (string expected, got table)\"", 79},
    {"return R(pcall(function() return select('#', struct.unpack(string.rep('b', 9000), "
     "string.rep('a', 9000))) end))",
     "false \"user_script:1: stack overflow (too many results)\"", 56},
    {"return R(pcall(struct.pack, 'z'))",
     "false \"bad argument #1 to '\?' (invalid format option 'z')\"", 58},
    {"return R(pcall(struct.unpack, 'i4', 'abc'))",
     "false \"bad argument #2 to '\?' (data string too short)\"", 54},
};

Test(lua_libs, struct_errors)
{
    run_cases(struct_errors_cases, sizeof struct_errors_cases / sizeof struct_errors_cases[0]);
}

static const struct lua_case struct_round_trips_cases[] = {
    {"return R(struct.unpack('>!4 b h i l d f c3 s x I3', struct.pack('>!4 b h i l d f c3 s x I3', "
     "-1, -2, -3, -4, 1.25, 2.5, 'abc', 'de', 7)))",
     "-1 -2 -3 -4 1.25 2.5 \"abc\" \"de\" 7 39", 36},
    {"return R(struct.unpack('<!4 b h i l d f c3 s x I3', struct.pack('<!4 b h i l d f c3 s x I3', "
     "-1, -2, -3, -4, 1.25, 2.5, 'abc', 'de', 7)))",
     "-1 -2 -3 -4 1.25 2.5 \"abc\" \"de\" 7 39", 36},
    {"return R(struct.unpack('<i9I9i17', struct.pack('<i9I9i17', -5, 2^53, -7)))",
     "-5 9007199254740992 -7 36", 25},
    {"return R(struct.unpack('>l>L', struct.pack('>l>L', -2^53, 2^53)))",
     "-9007199254740992 9007199254740992 17", 37},
    {"return R(struct.unpack('>d', struct.pack('>d', 1/0)))", "inf 9", 5},
    {"return R(struct.unpack('<f', struct.pack('<f', 0.1)))", "0.10000000149011612 5", 21},
    {"return R(struct.unpack('>Bc0s', struct.pack('>Bc0s', 3, 'xyz', 'tail')))",
     "\"xyz\" \"tail\" 10", 15},
    {"return R(struct.unpack('!8bdbT', struct.pack('!8bdbT', 1, 0.5, -1, 2^40)))",
     "1 0.5 -1 1099511627776 33", 25},
    {"local s = struct.pack('>hh', 1, 2) local a, p = struct.unpack('>h', s) local b, q = "
     "struct.unpack('>h', s, p) return R(a, p, b, q)",
     "1 3 2 5", 7},
};

Test(lua_libs, struct_round_trips)
{
    run_cases(struct_round_trips_cases,
              sizeof struct_round_trips_cases / sizeof struct_round_trips_cases[0]);
}

static const struct lua_case cmsgpack_pack_numbers_cases[] = {
    {"local s = cmsgpack.pack(0) return R(s, cmsgpack.unpack(s))", "\"\\000\" 0", 8},
    {"local s = cmsgpack.pack(1) return R(s, cmsgpack.unpack(s))", "\"\001\" 1", 5},
    {"local s = cmsgpack.pack(127) return R(s, cmsgpack.unpack(s))", "\"\177\" 127", 7},
    {"local s = cmsgpack.pack(128) return R(s, cmsgpack.unpack(s))", "\"\314\200\" 128", 8},
    {"local s = cmsgpack.pack(255) return R(s, cmsgpack.unpack(s))", "\"\314\377\" 255", 8},
    {"local s = cmsgpack.pack(256) return R(s, cmsgpack.unpack(s))", "\"\315\001\\000\" 256", 12},
    {"local s = cmsgpack.pack(65535) return R(s, cmsgpack.unpack(s))", "\"\315\377\377\" 65535",
     11},
    {"local s = cmsgpack.pack(65536) return R(s, cmsgpack.unpack(s))",
     "\"\316\\000\001\\000\\000\" 65536", 22},
    {"local s = cmsgpack.pack(2^32-1) return R(s, cmsgpack.unpack(s))",
     "\"\316\377\377\377\377\" 4294967295", 18},
    {"local s = cmsgpack.pack(2^32) return R(s, cmsgpack.unpack(s))",
     "\"\317\\000\\000\\000\001\\000\\000\\000\\000\" 4294967296", 43},
    {"local s = cmsgpack.pack(2^53) return R(s, cmsgpack.unpack(s))",
     "\"\317\\000 \\000\\000\\000\\000\\000\\000\" 9007199254740992", 49},
    {"local s = cmsgpack.pack(2^63-1024) return R(s, cmsgpack.unpack(s))",
     "\"\317\177\377\377\377\377\377\374\\000\" 9.2233720368547748e+18", 37},
    {"local s = cmsgpack.pack(-1) return R(s, cmsgpack.unpack(s))", "\"\377\" -1", 6},
    {"local s = cmsgpack.pack(-32) return R(s, cmsgpack.unpack(s))", "\"\340\" -32", 7},
    {"local s = cmsgpack.pack(-33) return R(s, cmsgpack.unpack(s))", "\"\320\337\" -33", 8},
    {"local s = cmsgpack.pack(-128) return R(s, cmsgpack.unpack(s))", "\"\320\200\" -128", 9},
    {"local s = cmsgpack.pack(-129) return R(s, cmsgpack.unpack(s))", "\"\321\377\177\" -129", 10},
    {"local s = cmsgpack.pack(-32768) return R(s, cmsgpack.unpack(s))", "\"\321\200\\000\" -32768",
     15},
    {"local s = cmsgpack.pack(-32769) return R(s, cmsgpack.unpack(s))",
     "\"\322\377\377\177\377\" -32769", 14},
    {"local s = cmsgpack.pack(-2^31) return R(s, cmsgpack.unpack(s))",
     "\"\322\200\\000\\000\\000\" -2147483648", 28},
    {"local s = cmsgpack.pack(-2^31-1) return R(s, cmsgpack.unpack(s))",
     "\"\323\377\377\377\377\177\377\377\377\" -2147483649", 23},
    {"local s = cmsgpack.pack(-2^53) return R(s, cmsgpack.unpack(s))",
     "\"\323\377\340\\000\\000\\000\\000\\000\\000\" -9007199254740992", 47},
    {"local s = cmsgpack.pack(-2^63) return R(s, cmsgpack.unpack(s))",
     "\"\323\200\\000\\000\\000\\000\\000\\000\\000\" -9.2233720368547758e+18", 56},
    {"local s = cmsgpack.pack(-0.0) return R(s, cmsgpack.unpack(s))", "\"\\000\" 0", 8},
    {"local s = cmsgpack.pack(0.5) return R(s, cmsgpack.unpack(s))",
     "\"\312\?\\000\\000\\000\" 0.5", 20},
    {"local s = cmsgpack.pack(-1.5) return R(s, cmsgpack.unpack(s))",
     "\"\312\277\300\\000\\000\" -1.5", 18},
    {"local s = cmsgpack.pack(0.1) return R(s, cmsgpack.unpack(s))",
     "\"\313\?\271\231\231\231\231\231\232\" 0.10000000000000001", 31},
    {"local s = cmsgpack.pack(3.14159) return R(s, cmsgpack.unpack(s))",
     "\"\313@\011!\371\360\033\206n\" 3.1415899999999999", 30},
    {"local s = cmsgpack.pack(1e38) return R(s, cmsgpack.unpack(s))",
     "\"\313G\322\316\323*\026\241\261\" 9.9999999999999998e+37", 34},
    {"local s = cmsgpack.pack(3.4028235677973366e38) return R(s, cmsgpack.unpack(s))",
     "\"\313G\357\377\377\360\\000\\000\\000\" 3.4028235677973366e+38", 43},
    {"local s = cmsgpack.pack(1e39) return R(s, cmsgpack.unpack(s))",
     "\"\313H\007\202\207\364\234J\035\" 9.9999999999999994e+38", 34},
    {"local s = cmsgpack.pack(1e-45) return R(s, cmsgpack.unpack(s))",
     "\"\3136\226\326\001\2557j\271\" 9.9999999999999998e-46", 34},
    {"local s = cmsgpack.pack(1e-46) return R(s, cmsgpack.unpack(s))", "\"\3136bD\316$,Ua\" 1e-46",
     17},
    {"local s = cmsgpack.pack(16777217) return R(s, cmsgpack.unpack(s))",
     "\"\316\001\\000\\000\001\" 16777217", 22},
    {"local s = cmsgpack.pack(16777217.5) return R(s, cmsgpack.unpack(s))",
     "\"\313Ap\\000\\000\030\\000\\000\\000\" 16777217.5", 37},
    {"local s = cmsgpack.pack(4294967295.5) return R(s, cmsgpack.unpack(s))",
     "\"\313A\357\377\377\377\360\\000\\000\" 4294967295.5", 30},
    {"local s = cmsgpack.pack(2^63) return R(s, cmsgpack.unpack(s))",
     "\"\312_\\000\\000\\000\" 9.2233720368547758e+18", 39},
    {"local s = cmsgpack.pack(2^64) return R(s, cmsgpack.unpack(s))",
     "\"\312_\200\\000\\000\" 1.8446744073709552e+19", 36},
    {"local s = cmsgpack.pack(-2^63-2048) return R(s, cmsgpack.unpack(s))",
     "\"\313\303\340\\000\\000\\000\\000\\000\001\" -9.2233720368547779e+18", 50},
    {"local s = cmsgpack.pack(1e300) return R(s, cmsgpack.unpack(s))",
     "\"\313~7\344<\210\\000u\234\" 1.0000000000000001e+300", 38},
    {"local s = cmsgpack.pack(-1e300) return R(s, cmsgpack.unpack(s))",
     "\"\313\3767\344<\210\\000u\234\" -1.0000000000000001e+300", 39},
    {"local s = cmsgpack.pack(1/0) return R(s, cmsgpack.unpack(s))",
     "\"\312\177\200\\000\\000\" inf", 17},
    {"local s = cmsgpack.pack(-1/0) return R(s, cmsgpack.unpack(s))",
     "\"\312\377\200\\000\\000\" -inf", 18},
    {"local s = cmsgpack.pack(0/0) return R(s, cmsgpack.unpack(s))",
     "\"\313\377\370\\000\\000\\000\\000\\000\\000\" -nan", 34},
    {"local s = cmsgpack.pack('12') return R(s, cmsgpack.unpack(s))", "\"\24212\" \"12\"", 10},
};

Test(lua_libs, cmsgpack_pack_numbers)
{
    run_cases(cmsgpack_pack_numbers_cases,
              sizeof cmsgpack_pack_numbers_cases / sizeof cmsgpack_pack_numbers_cases[0]);
}

static const struct lua_case cmsgpack_pack_strings_cases[] = {
    {"local s = cmsgpack.pack('') return R(s, cmsgpack.unpack(s))", "\"\240\" \"\"", 6},
    {"local s = cmsgpack.pack('a') return R(s, cmsgpack.unpack(s))", "\"\241a\" \"a\"", 8},
    {"local s = cmsgpack.pack('a\\0b') return R(s, cmsgpack.unpack(s))",
     "\"\243a\\000b\" \"a\\000b\"", 18},
    {"local s = cmsgpack.pack(string.rep('x', 31)) return R(s, cmsgpack.unpack(s))",
     "\"\277xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\" \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"", 68},
    {"local s = cmsgpack.pack(string.rep('x', 32)) return R(s, cmsgpack.unpack(s))",
     "\"\331 xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\" \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"", 71},
    {"local s = cmsgpack.pack(string.rep('x', 255)) return R(s, cmsgpack.unpack(s))",
     "\"\331\377xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\" "
     "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
     "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"",
     517},
    {"local s = cmsgpack.pack(string.rep('x', 256)) return R(#s, s:sub(1, 6), cmsgpack.unpack(s) "
     "== string.rep('x', 256))",
     "259 \"\332\001\\000xxx\" true", 20},
    {"local s = cmsgpack.pack(string.rep('x', 65535)) return R(#s, s:sub(1, 6), cmsgpack.unpack(s) "
     "== string.rep('x', 65535))",
     "65538 \"\332\377\377xxx\" true", 19},
    {"local s = cmsgpack.pack(string.rep('x', 65536)) return R(#s, s:sub(1, 6), cmsgpack.unpack(s) "
     "== string.rep('x', 65536))",
     "65541 \"\333\\000\001\\000\\000x\" true", 28},
    {"local s = cmsgpack.pack(string.rep('x', 70000)) return R(#s, s:sub(1, 6), cmsgpack.unpack(s) "
     "== string.rep('x', 70000))",
     "70005 \"\333\\000\001\021px\" true", 22},
};

Test(lua_libs, cmsgpack_pack_strings)
{
    run_cases(cmsgpack_pack_strings_cases,
              sizeof cmsgpack_pack_strings_cases / sizeof cmsgpack_pack_strings_cases[0]);
}

static const struct lua_case cmsgpack_pack_other_types_cases[] = {
    {"local s = cmsgpack.pack(true) return R(s, cmsgpack.unpack(s))", "\"\303\" true", 8},
    {"local s = cmsgpack.pack(false) return R(s, cmsgpack.unpack(s))", "\"\302\" false", 9},
    {"local s = cmsgpack.pack(nil) return R(s, cmsgpack.unpack(s))", "\"\300\" nil", 7},
    {"local s = cmsgpack.pack(string.len) return R(s, cmsgpack.unpack(s))", "\"\300\" nil", 7},
    {"local s = cmsgpack.pack(coroutine.create(function() end)) return R(s, cmsgpack.unpack(s))",
     "\"\300\" nil", 7},
    {"local s = cmsgpack.pack(nil, nil) return R(s, cmsgpack.unpack(s))", "\"\300\300\" nil nil",
     12},
    {"local s = cmsgpack.pack(1, 'a', true, nil, {}) return R(s, cmsgpack.unpack(s))",
     "\"\001\241a\303\300\220\" 1 \"a\" true nil {}", 26},
    {"return R(pcall(function() return cmsgpack.pack() end))",
     "false \"user_script:1: bad argument #0 to 'pack' (MessagePack pack needs input.)\"", 80},
    {"return R(pcall(cmsgpack.pack))",
     "false \"bad argument #0 to '\?' (MessagePack pack needs input.)\"", 62},
    {"return R(#cmsgpack.pack(unpack((function() local t = {} for i = 1, 3990 do t[i] = i end "
     "return t end)())))",
     "11588", 5},
    {"return R(pcall(function() return cmsgpack.pack(unpack((function() local t = {} for i = 1, "
     "4001 do t[i] = i end return t end)())) end))",
     "false \"user_script:1: bad argument #0 to 'pack' (Too many arguments for MessagePack "
     "pack.)\"",
     91},
};

Test(lua_libs, cmsgpack_pack_other_types)
{
    run_cases(cmsgpack_pack_other_types_cases,
              sizeof cmsgpack_pack_other_types_cases / sizeof cmsgpack_pack_other_types_cases[0]);
}

static const struct lua_case cmsgpack_pack_tables_cases[] = {
    {"local s = cmsgpack.pack({}) return R(s, cmsgpack.unpack(s))", "\"\220\" {}", 6},
    {"local s = cmsgpack.pack({1}) return R(s, cmsgpack.unpack(s))", "\"\221\001\" {[1]=1}", 12},
    {"local s = cmsgpack.pack({1, 2, 3}) return R(s, cmsgpack.unpack(s))",
     "\"\223\001\002\003\" {[1]=1,[2]=2,[3]=3}", 26},
    {"local s = cmsgpack.pack({nil}) return R(s, cmsgpack.unpack(s))", "\"\220\" {}", 6},
    {"local s = cmsgpack.pack({1, nil, 3}) return R(s, cmsgpack.unpack(s))",
     "\"\202\001\001\003\003\" {[1]=1,[3]=3}", 21},
    {"local s = cmsgpack.pack({nil, nil, 3}) return R(s, cmsgpack.unpack(s))",
     "\"\201\003\003\" {[3]=3}", 13},
    {"local s = cmsgpack.pack({a = 1}) return R(s, cmsgpack.unpack(s))",
     "\"\201\241a\001\" {[\"a\"]=1}", 16},
    {"local s = cmsgpack.pack({1, 2, a = 3}) return R(s, cmsgpack.unpack(s))",
     "\"\203\001\001\002\002\241a\003\" {[\"a\"]=3,[1]=1,[2]=2}", 32},
    {"local s = cmsgpack.pack({[0] = 1}) return R(s, cmsgpack.unpack(s))",
     "\"\201\\000\001\" {[0]=1}", 16},
    {"local s = cmsgpack.pack({[-1] = 1}) return R(s, cmsgpack.unpack(s))",
     "\"\201\377\001\" {[-1]=1}", 14},
    {"local s = cmsgpack.pack({[1.5] = 1}) return R(s, cmsgpack.unpack(s))",
     "\"\201\312\?\300\\000\\000\001\" {[1.5]=1}", 25},
    {"local s = cmsgpack.pack({[2] = 1}) return R(s, cmsgpack.unpack(s))",
     "\"\201\002\001\" {[2]=1}", 13},
    {"local s = cmsgpack.pack({[1] = 1, [3] = 3}) return R(s, cmsgpack.unpack(s))",
     "\"\202\001\001\003\003\" {[1]=1,[3]=3}", 21},
    {"local s = cmsgpack.pack({[2^31 - 1] = 1}) return R(s, cmsgpack.unpack(s))",
     "\"\201\316\177\377\377\377\001\" {[2147483647]=1}", 26},
    {"local s = cmsgpack.pack({[2^31] = 1}) return R(s, cmsgpack.unpack(s))",
     "\"\201\316\200\\000\\000\\000\001\" {[2147483648]=1}", 35},
    {"local s = cmsgpack.pack({[1/0] = 1}) return R(s, cmsgpack.unpack(s))",
     "\"\201\312\177\200\\000\\000\001\" {[inf]=1}", 25},
    {"local s = cmsgpack.pack({true, false}) return R(s, cmsgpack.unpack(s))",
     "\"\222\303\302\" {[1]=true,[2]=false}", 26},
    {"local s = cmsgpack.pack({[true] = 1}) return R(s, cmsgpack.unpack(s))",
     "\"\201\303\001\" {[true]=1}", 16},
    {"local s = cmsgpack.pack({[\"1\"] = 1}) return R(s, cmsgpack.unpack(s))",
     "\"\201\2411\001\" {[\"1\"]=1}", 16},
    {"local s = cmsgpack.pack({{}}) return R(s, cmsgpack.unpack(s))", "\"\221\220\" {[1]={}}", 13},
    {"local s = cmsgpack.pack({{{}}}) return R(s, cmsgpack.unpack(s))",
     "\"\221\221\220\" {[1]={[1]={}}}", 20},
    {"local s = cmsgpack.pack({1, {2, {3, {4}}}}) return R(s, cmsgpack.unpack(s))",
     "\"\222\001\222\002\222\003\221\004\" {[1]=1,[2]={[1]=2,[2]={[1]=3,[2]={[1]=4}}}}", 54},
    {"local s = cmsgpack.pack({a = {b = {c = {}}}}) return R(s, cmsgpack.unpack(s))",
     "\"\201\241a\201\241b\201\241c\220\" {[\"a\"]={[\"b\"]={[\"c\"]={}}}}", 39},
    {"local s = cmsgpack.pack({string.len}) return R(s, cmsgpack.unpack(s))", "\"\221\300\" {}", 7},
    {"local s = cmsgpack.pack({f = string.len}) return R(s, cmsgpack.unpack(s))",
     "\"\201\241f\300\" {}", 9},
    {"local s = cmsgpack.pack({[{}] = 1}) return R(s, cmsgpack.unpack(s))",
     "\"\201\220\001\" {[{}]=1}", 14},
    {"local s = cmsgpack.pack({[{1}] = {2}}) return R(s, cmsgpack.unpack(s))",
     "\"\201\221\001\221\002\" {[{[1]=1}]={[1]=2}}", 27},
    {"local s = cmsgpack.pack({x = nil}) return R(s, cmsgpack.unpack(s))", "\"\220\" {}", 6},
    {"local t = {1, 2, 3} t[3] = nil return R(cmsgpack.pack(t))", "\"\222\001\002\"", 5},
    {"local t = {1, 2, 3} t[2] = nil return R(cmsgpack.pack(t))", "\"\202\001\001\003\003\"", 7},
    {"return R(cmsgpack.pack({1, 2, 3, x = 'y', [10] = 1, [2.5] = 'z', [true] = false}))",
     "\"\207\001\001\002\002\003\003\303\302\241x\241y\312@ \\000\\000\241z\\\012\001\"", 31},
    {"local t = setmetatable({1, 2}, {__len = function() return 5 end}) return R(cmsgpack.pack(t))",
     "\"\222\001\002\"", 5},
    {"local t = setmetatable({1, 2, 3}, {__index = function(t, k) return k * 10 end}) return "
     "R(cmsgpack.pack(t))",
     "\"\223\001\002\003\"", 6},
    {"local t = setmetatable({1, 2}, {__index = function() error('boom') end}) return "
     "R(cmsgpack.pack(t))",
     "\"\222\001\002\"", 5},
    {"local t = {} for i = 1, 15 do t[i] = i % 3 end local s = cmsgpack.pack(t) return R(#s, "
     "s:sub(1, 8), #cmsgpack.unpack(s))",
     "16 \"\237\001\002\\000\001\002\\000\001\" 15", 22},
    {"local t = {} for i = 1, 16 do t[i] = i % 3 end local s = cmsgpack.pack(t) return R(#s, "
     "s:sub(1, 8), #cmsgpack.unpack(s))",
     "19 \"\334\\000\020\001\002\\000\001\002\" 16", 22},
    {"local t = {} for i = 1, 65535 do t[i] = i % 3 end local s = cmsgpack.pack(t) return R(#s, "
     "s:sub(1, 8), #cmsgpack.unpack(s))",
     "65538 \"\334\377\377\001\002\\000\001\002\" 65535", 25},
    {"local t = {} for i = 1, 65536 do t[i] = i % 3 end local s = cmsgpack.pack(t) return R(#s, "
     "s:sub(1, 8), #cmsgpack.unpack(s))",
     "65541 \"\335\\000\001\\000\\000\001\002\\000\" 65536", 34},
    {"local t = {} for i = 1, 15 do t['k' .. i] = i end local s = cmsgpack.pack(t) local u, c = "
     "cmsgpack.unpack(s), 0 for k, v in pairs(u) do c = c + (t[k] == v and 1 or 0) end return "
     "R(#s, s:sub(1, 3), c)",
     "67 \"\217\243k\" 15", 11},
    {"local t = {} for i = 1, 16 do t['k' .. i] = i end local s = cmsgpack.pack(t) local u, c = "
     "cmsgpack.unpack(s), 0 for k, v in pairs(u) do c = c + (t[k] == v and 1 or 0) end return "
     "R(#s, s:sub(1, 3), c)",
     "74 \"\336\\000\020\" 16", 14},
    {"local t = {} for i = 1, 65535 do t['k' .. i] = i end local s = cmsgpack.pack(t) local u, c = "
     "cmsgpack.unpack(s), 0 for k, v in pairs(u) do c = c + (t[k] == v and 1 or 0) end return "
     "R(#s, s:sub(1, 3), c)",
     "643865 \"\336\377\377\" 65535", 18},
    {"local t = {} for i = 1, 65536 do t['k' .. i] = i end local s = cmsgpack.pack(t) local u, c = "
     "cmsgpack.unpack(s), 0 for k, v in pairs(u) do c = c + (t[k] == v and 1 or 0) end return "
     "R(#s, s:sub(1, 3), c)",
     "643879 \"\337\\000\001\" 65536", 21},
};

Test(lua_libs, cmsgpack_pack_tables)
{
    run_cases(cmsgpack_pack_tables_cases,
              sizeof cmsgpack_pack_tables_cases / sizeof cmsgpack_pack_tables_cases[0]);
}

static const struct lua_case cmsgpack_nesting_cases[] = {
    {"local t = {} local c = t for i = 1, 14 do c[1] = {} c = c[1] end local s = cmsgpack.pack(t) "
     "return R(s, cmsgpack.unpack(s))",
     "\"\221\221\221\221\221\221\221\221\221\221\221\221\221\221\220\" "
     "{[1]={[1]={[1]={[1]={[1]={[1]={[1]={[1]={[1]={[1]={[1]={[1]={[1]={[1]={}}}}}}}}}}}}}}}",
     104},
    {"local t = {} local c = t for i = 1, 15 do c[1] = {} c = c[1] end local s = cmsgpack.pack(t) "
     "return R(s, cmsgpack.unpack(s))",
     "\"\221\221\221\221\221\221\221\221\221\221\221\221\221\221\221\220\" "
     "{[1]={[1]={[1]={[1]={[1]={[1]={[1]={[1]={[1]={[1]={[1]={[1]={[1]={[1]={[1]={}}}}}}}}}}}}}}}}",
     111},
    {"local t = {} local c = t for i = 1, 16 do c[1] = {} c = c[1] end local s = cmsgpack.pack(t) "
     "return R(s, cmsgpack.unpack(s))",
     "\"\221\221\221\221\221\221\221\221\221\221\221\221\221\221\221\221\300\" "
     "{[1]={[1]={[1]={[1]={[1]={[1]={[1]={[1]={[1]={[1]={[1]={[1]={[1]={[1]={[1]={}}}}}}}}}}}}}}}}",
     112},
    {"local t = {} local c = t for i = 1, 17 do c[1] = {} c = c[1] end local s = cmsgpack.pack(t) "
     "return R(s, cmsgpack.unpack(s))",
     "\"\221\221\221\221\221\221\221\221\221\221\221\221\221\221\221\221\300\" "
     "{[1]={[1]={[1]={[1]={[1]={[1]={[1]={[1]={[1]={[1]={[1]={[1]={[1]={[1]={[1]={}}}}}}}}}}}}}}}}",
     112},
    {"local t = {} local c = t for i = 1, 30 do c[1] = {} c = c[1] end local s = cmsgpack.pack(t) "
     "return R(s, cmsgpack.unpack(s))",
     "\"\221\221\221\221\221\221\221\221\221\221\221\221\221\221\221\221\300\" "
     "{[1]={[1]={[1]={[1]={[1]={[1]={[1]={[1]={[1]={[1]={[1]={[1]={[1]={[1]={[1]={}}}}}}}}}}}}}}}}",
     112},
    {"local t = {} local c = t for i = 1, 15 do c.k = {} c = c.k end return R(cmsgpack.pack(1, t, "
     "2))",
     "\"\001\201\241k\201\241k\201\241k\201\241k\201\241k\201\241k\201\241k\201\241k\201\241k\201"
     "\241k\201\241k\201\241k\201\241k\201\241k\201\241k\220\002\"",
     50},
    {"local t = {} local c = t for i = 1, 16 do c.k = {} c = c.k end return R(cmsgpack.pack(1, t, "
     "2))",
     "\"\001\201\241k\201\241k\201\241k\201\241k\201\241k\201\241k\201\241k\201\241k\201\241k\201"
     "\241k\201\241k\201\241k\201\241k\201\241k\201\241k\201\241k\300\002\"",
     53},
    {"local t = {} t[1] = t return R(cmsgpack.pack(t))",
     "\"\221\221\221\221\221\221\221\221\221\221\221\221\221\221\221\221\300\"", 19},
    {"local t = {} t.self = t return R(cmsgpack.pack(t))",
     "\"\201\244self\201\244self\201\244self\201\244self\201\244self\201\244self\201\244self\201"
     "\244self\201\244self\201\244self\201\244self\201\244self\201\244self\201\244self\201\244self"
     "\201\244self\300\"",
     99},
    {"local t = {} t[t] = t return R(#cmsgpack.pack(t))", "131071", 6},
};

Test(lua_libs, cmsgpack_nesting)
{
    run_cases(cmsgpack_nesting_cases,
              sizeof cmsgpack_nesting_cases / sizeof cmsgpack_nesting_cases[0]);
}

static const struct lua_case cmsgpack_unpack_types_cases[] = {
    {"return R(pcall(cmsgpack.unpack, h'00'))", "true 0", 6},
    {"return R(pcall(cmsgpack.unpack, h'7f'))", "true 127", 8},
    {"return R(pcall(cmsgpack.unpack, h'e0'))", "true -32", 8},
    {"return R(pcall(cmsgpack.unpack, h'ff'))", "true -1", 7},
    {"return R(pcall(cmsgpack.unpack, h'cc80'))", "true 128", 8},
    {"return R(pcall(cmsgpack.unpack, h'ccff'))", "true 255", 8},
    {"return R(pcall(cmsgpack.unpack, h'cd0100'))", "true 256", 8},
    {"return R(pcall(cmsgpack.unpack, h'cdffff'))", "true 65535", 10},
    {"return R(pcall(cmsgpack.unpack, h'ce00010000'))", "true 65536", 10},
    {"return R(pcall(cmsgpack.unpack, h'ceffffffff'))", "true 4294967295", 15},
    {"return R(pcall(cmsgpack.unpack, h'cf0000000100000000'))", "true 4294967296", 15},
    {"return R(pcall(cmsgpack.unpack, h'cf0020000000000001'))", "true 9007199254740992", 21},
    {"return R(pcall(cmsgpack.unpack, h'cf7fffffffffffffff'))", "true 9.2233720368547758e+18", 27},
    {"return R(pcall(cmsgpack.unpack, h'cf8000000000000000'))", "true -9.2233720368547758e+18", 28},
    {"return R(pcall(cmsgpack.unpack, h'cfffffffffffffffff'))", "true -1", 7},
    {"return R(pcall(cmsgpack.unpack, h'd0df'))", "true -33", 8},
    {"return R(pcall(cmsgpack.unpack, h'd080'))", "true -128", 9},
    {"return R(pcall(cmsgpack.unpack, h'd07f'))", "true 127", 8},
    {"return R(pcall(cmsgpack.unpack, h'd1ff7f'))", "true -129", 9},
    {"return R(pcall(cmsgpack.unpack, h'd18000'))", "true -32768", 11},
    {"return R(pcall(cmsgpack.unpack, h'd17fff'))", "true 32767", 10},
    {"return R(pcall(cmsgpack.unpack, h'd27fffffff'))", "true 2147483647", 15},
    {"return R(pcall(cmsgpack.unpack, h'd280000000'))", "true -2147483648", 16},
    {"return R(pcall(cmsgpack.unpack, h'd3ffffffffffffffff'))", "true -1", 7},
    {"return R(pcall(cmsgpack.unpack, h'd38000000000000000'))", "true -9.2233720368547758e+18", 28},
    {"return R(pcall(cmsgpack.unpack, h'd3fffffffeffffffff'))", "true -4294967297", 16},
    {"return R(pcall(cmsgpack.unpack, h'c0'))", "true nil", 8},
    {"return R(pcall(cmsgpack.unpack, h'c2'))", "true false", 10},
    {"return R(pcall(cmsgpack.unpack, h'c3'))", "true true", 9},
    {"return R(pcall(cmsgpack.unpack, h'ca3fc00000'))", "true 1.5", 8},
    {"return R(pcall(cmsgpack.unpack, h'ca7f800000'))", "true inf", 8},
    {"return R(pcall(cmsgpack.unpack, h'caff800000'))", "true -inf", 9},
    {"return R(pcall(cmsgpack.unpack, h'ca00000001'))", "true 1.4012984643248171e-45", 27},
    {"return R(pcall(cmsgpack.unpack, h'cb3ff8000000000000'))", "true 1.5", 8},
    {"return R(pcall(cmsgpack.unpack, h'cbfff0000000000000'))", "true -inf", 9},
    {"return R(pcall(cmsgpack.unpack, h'cb0000000000000001'))", "true 4.9406564584124654e-324", 28},
    {"return R(pcall(cmsgpack.unpack, h'a0'))", "true \"\"", 7},
    {"return R(pcall(cmsgpack.unpack, h'a3616263'))", "true \"abc\"", 10},
    {"return R(pcall(cmsgpack.unpack, "
     "h'bf61616161616161616161616161616161616161616161616161616161616161'))",
     "true \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"", 38},
    {"return R(pcall(cmsgpack.unpack, h'd900'))", "true \"\"", 7},
    {"return R(pcall(cmsgpack.unpack, h'd903616263'))", "true \"abc\"", 10},
    {"return R(pcall(cmsgpack.unpack, h'da0003616263'))", "true \"abc\"", 10},
    {"return R(pcall(cmsgpack.unpack, h'db00000003616263'))", "true \"abc\"", 10},
    {"return R(pcall(cmsgpack.unpack, h'90'))", "true {}", 7},
    {"return R(pcall(cmsgpack.unpack, h'93010203'))", "true {[1]=1,[2]=2,[3]=3}", 24},
    {"return R(pcall(cmsgpack.unpack, h'9f010101010101010101010101010101'))",
     "true "
     "{[1]=1,[10]=1,[11]=1,[12]=1,[13]=1,[14]=1,[15]=1,[2]=1,[3]=1,[4]=1,[5]=1,[6]=1,[7]=1,[8]=1,["
     "9]=1}",
     102},
    {"return R(pcall(cmsgpack.unpack, h'dc0000'))", "true {}", 7},
    {"return R(pcall(cmsgpack.unpack, h'dc0003010203'))", "true {[1]=1,[2]=2,[3]=3}", 24},
    {"return R(pcall(cmsgpack.unpack, h'dd00000003010203'))", "true {[1]=1,[2]=2,[3]=3}", 24},
    {"return R(pcall(cmsgpack.unpack, h'9391c0920102a161'))",
     "true {[1]={},[2]={[1]=1,[2]=2},[3]=\"a\"}", 39},
    {"return R(pcall(cmsgpack.unpack, h'80'))", "true {}", 7},
    {"return R(pcall(cmsgpack.unpack, h'82a16101a16202'))", "true {[\"a\"]=1,[\"b\"]=2}", 22},
    {"return R(pcall(cmsgpack.unpack, h'82a16101a16102'))", "true {[\"a\"]=2}", 14},
    {"return R(pcall(cmsgpack.unpack, h'8201010202'))", "true {[1]=1,[2]=2}", 18},
    {"return R(pcall(cmsgpack.unpack, h'81c3c2'))", "true {[true]=false}", 19},
    {"return R(pcall(cmsgpack.unpack, h'81cb3ff8000000000000a178'))", "true {[1.5]=\"x\"}", 16},
    {"return R(pcall(cmsgpack.unpack, h'8190c3'))", "true {[{}]=true}", 16},
    {"return R(pcall(cmsgpack.unpack, h'de0001a16101'))", "true {[\"a\"]=1}", 14},
    {"return R(pcall(cmsgpack.unpack, h'df00000001a16101'))", "true {[\"a\"]=1}", 14},
    {"return R(pcall(cmsgpack.unpack, h'8181a16101a162'))", "true {[{[\"a\"]=1}]=\"b\"}", 22},
    {"return R(pcall(cmsgpack.unpack, h'c0c2c301a161'))", "true nil false true 1 \"a\"", 25},
    {"return R(pcall(cmsgpack.unpack, h''))", "true", 4},
    {"return R(pcall(cmsgpack.unpack, 12))", "true 49 50", 10},
    {"return R(select('#', cmsgpack.unpack(string.rep('\\1', 7000))))", "7000", 4},
};

Test(lua_libs, cmsgpack_unpack_types)
{
    run_cases(cmsgpack_unpack_types_cases,
              sizeof cmsgpack_unpack_types_cases / sizeof cmsgpack_unpack_types_cases[0]);
}

static const struct lua_case cmsgpack_unpack_errors_cases[] = {
    {"return R(pcall(cmsgpack.unpack, h'c1'))", "false \"Bad data format in input.\"", 33},
    {"return R(pcall(cmsgpack.unpack, h'c4'))", "false \"Bad data format in input.\"", 33},
    {"return R(pcall(cmsgpack.unpack, h'c40161'))", "false \"Bad data format in input.\"", 33},
    {"return R(pcall(cmsgpack.unpack, h'c5000161'))", "false \"Bad data format in input.\"", 33},
    {"return R(pcall(cmsgpack.unpack, h'c600000001'))", "false \"Bad data format in input.\"", 33},
    {"return R(pcall(cmsgpack.unpack, h'c70101'))", "false \"Bad data format in input.\"", 33},
    {"return R(pcall(cmsgpack.unpack, h'c8'))", "false \"Bad data format in input.\"", 33},
    {"return R(pcall(cmsgpack.unpack, h'c9'))", "false \"Bad data format in input.\"", 33},
    {"return R(pcall(cmsgpack.unpack, h'd40100'))", "false \"Bad data format in input.\"", 33},
    {"return R(pcall(cmsgpack.unpack, h'd5'))", "false \"Bad data format in input.\"", 33},
    {"return R(pcall(cmsgpack.unpack, h'd6'))", "false \"Bad data format in input.\"", 33},
    {"return R(pcall(cmsgpack.unpack, h'd7'))", "false \"Bad data format in input.\"", 33},
    {"return R(pcall(cmsgpack.unpack, h'd8'))", "false \"Bad data format in input.\"", 33},
    {"return R(pcall(cmsgpack.unpack, h'01c1'))", "false \"Bad data format in input.\"", 33},
    {"return R(pcall(cmsgpack.unpack, h'91c1'))", "false \"Bad data format in input.\"", 33},
    {"return R(pcall(cmsgpack.unpack, h'81a161c1'))", "false \"Bad data format in input.\"", 33},
    {"return R(pcall(cmsgpack.unpack, h'cc'))", "false \"Missing bytes in input.\"", 31},
    {"return R(pcall(cmsgpack.unpack, h'cd00'))", "false \"Missing bytes in input.\"", 31},
    {"return R(pcall(cmsgpack.unpack, h'ce000000'))", "false \"Missing bytes in input.\"", 31},
    {"return R(pcall(cmsgpack.unpack, h'cf00000000000000'))", "false \"Missing bytes in input.\"",
     31},
    {"return R(pcall(cmsgpack.unpack, h'd0'))", "false \"Missing bytes in input.\"", 31},
    {"return R(pcall(cmsgpack.unpack, h'd100'))", "false \"Missing bytes in input.\"", 31},
    {"return R(pcall(cmsgpack.unpack, h'd2000000'))", "false \"Missing bytes in input.\"", 31},
    {"return R(pcall(cmsgpack.unpack, h'd300000000000000'))", "false \"Missing bytes in input.\"",
     31},
    {"return R(pcall(cmsgpack.unpack, h'ca3fc000'))", "false \"Missing bytes in input.\"", 31},
    {"return R(pcall(cmsgpack.unpack, h'cb3ff80000000000'))", "false \"Missing bytes in input.\"",
     31},
    {"return R(pcall(cmsgpack.unpack, h'a3616'))", "false \"Missing bytes in input.\"", 31},
    {"return R(pcall(cmsgpack.unpack, h'd9'))", "false \"Missing bytes in input.\"", 31},
    {"return R(pcall(cmsgpack.unpack, h'd90361'))", "false \"Missing bytes in input.\"", 31},
    {"return R(pcall(cmsgpack.unpack, h'da00'))", "false \"Missing bytes in input.\"", 31},
    {"return R(pcall(cmsgpack.unpack, h'da000361'))", "false \"Missing bytes in input.\"", 31},
    {"return R(pcall(cmsgpack.unpack, h'db000000'))", "false \"Missing bytes in input.\"", 31},
    {"return R(pcall(cmsgpack.unpack, h'db0000000361'))", "false \"Missing bytes in input.\"", 31},
    {"return R(pcall(cmsgpack.unpack, h'dbffffffff61'))", "false \"Missing bytes in input.\"", 31},
    {"return R(pcall(cmsgpack.unpack, h'9301'))", "false \"Missing bytes in input.\"", 31},
    {"return R(pcall(cmsgpack.unpack, h'dc00'))", "false \"Missing bytes in input.\"", 31},
    {"return R(pcall(cmsgpack.unpack, h'dc000301'))", "false \"Missing bytes in input.\"", 31},
    {"return R(pcall(cmsgpack.unpack, h'dd000000'))", "false \"Missing bytes in input.\"", 31},
    {"return R(pcall(cmsgpack.unpack, h'ddffffffff'))", "false \"Missing bytes in input.\"", 31},
    {"return R(pcall(cmsgpack.unpack, h'81a161'))", "false \"Missing bytes in input.\"", 31},
    {"return R(pcall(cmsgpack.unpack, h'8f'))", "false \"Missing bytes in input.\"", 31},
    {"return R(pcall(cmsgpack.unpack, h'de00'))", "false \"Missing bytes in input.\"", 31},
    {"return R(pcall(cmsgpack.unpack, h'df000000'))", "false \"Missing bytes in input.\"", 31},
    {"return R(pcall(cmsgpack.unpack, h'df00000002a16101'))", "false \"Missing bytes in input.\"",
     31},
    {"return R(pcall(cmsgpack.unpack, h'dfffffffff'))", "false \"Missing bytes in input.\"", 31},
    {"return R(pcall(cmsgpack.unpack, h'81c001'))", "false \"table index is nil\"", 26},
    {"return R(pcall(cmsgpack.unpack, h'81cb7ff800000000000001'))", "false \"table index is NaN\"",
     26},
    {"return R(pcall(cmsgpack.unpack, h'9181c001'))", "false \"table index is nil\"", 26},
    {"return R(pcall(cmsgpack.unpack))",
     "false \"bad argument #1 to '\?' (string expected, got no value)\"", 62},
    {"return R(pcall(cmsgpack.unpack, {}))",
     "false \"bad argument #1 to '\?' (string expected, got table)\"", 59},
    {"return R(pcall(cmsgpack.unpack, nil))",
     "false \"bad argument #1 to '\?' (string expected, got nil)\"", 57},
    {"return R(pcall(function() return cmsgpack.unpack(h'a3616') end))",
     "false \"user_script:1: Missing bytes in input.\"", 46},
    {"return R(pcall(function() return select('#', cmsgpack.unpack(string.rep('\\1', 8100))) end))",
     "false \"user_script:1: stack overflow (too many return values at once; use unpack_one or "
     "unpack_limit instead.)\"",
     111},
    {"return R(pcall(function() return select('#', cmsgpack.unpack(string.rep('\\145', 5000) .. "
     "'\\1')) end))",
     "false \"user_script:1: stack overflow (in function mp_decode_to_lua_array)\"", 74},
    {"return R(pcall(function() return select('#', cmsgpack.unpack(string.rep('\\129\\1', 5000) .. "
     "'\\1')) end))",
     "false \"user_script:1: stack overflow (too many return values at once; use unpack_one or "
     "unpack_limit instead.)\"",
     111},
    {"return R(pcall(function() return select('#', cmsgpack.unpack(string.rep('\\145', 3000) .. "
     "'\\1')) end))",
     "true 1", 6},
};

Test(lua_libs, cmsgpack_unpack_errors)
{
    run_cases(cmsgpack_unpack_errors_cases,
              sizeof cmsgpack_unpack_errors_cases / sizeof cmsgpack_unpack_errors_cases[0]);
}

static const struct lua_case cmsgpack_unpack_one_and_limit_cases[] = {
    {"return R(pcall(cmsgpack.unpack_one, '\\1\\2\\3'))", "true 1 1", 8},
    {"return R(pcall(cmsgpack.unpack_one, '\\1\\2\\3', 0))", "true 1 1", 8},
    {"return R(pcall(cmsgpack.unpack_one, '\\1\\2\\3', 1))", "true 2 2", 8},
    {"return R(pcall(cmsgpack.unpack_one, '\\1\\2\\3', 2))", "true -1 3", 9},
    {"return R(pcall(cmsgpack.unpack_one, '\\1\\2\\3', 3))", "true -1", 7},
    {"return R(pcall(cmsgpack.unpack_one, '\\1\\2\\3', 4))",
     "false \"Start offset 4 greater than input length 3.\"", 51},
    {"return R(pcall(cmsgpack.unpack_one, '\\1\\2\\3', -1))",
     "false \"Invalid request to unpack with offset of -1 and limit of 3.\"", 67},
    {"return R(pcall(cmsgpack.unpack_one, '\\1\\2\\3', 1.7))", "true 2 2", 8},
    {"return R(pcall(cmsgpack.unpack_one, '\\1\\2\\3', '1'))", "true 2 2", 8},
    {"return R(pcall(cmsgpack.unpack_one, '\\1\\2\\3', 'x'))",
     "false \"bad argument #2 to '\?' (number expected, got string)\"", 60},
    {"return R(pcall(cmsgpack.unpack_one, '\\1\\2\\3', 2^32 + 1))",
     "false \"Start offset 1 greater than input length 3.\"", 51},
    {"return R(pcall(cmsgpack.unpack_one, '\\1\\2\\3', 2^31))",
     "false \"Start offset -2147483648 greater than input length 3.\"", 61},
    {"return R(pcall(cmsgpack.unpack_one, '\\1\\2\\3', nil))", "true 1 1", 8},
    {"return R(pcall(cmsgpack.unpack_one, ''))", "true -1", 7},
    {"return R(pcall(cmsgpack.unpack_one))",
     "false \"bad argument #1 to '\?' (string expected, got no value)\"", 62},
    {"return R(pcall(cmsgpack.unpack_one, nil))",
     "false \"bad argument #1 to '\?' (string expected, got nil)\"", 57},
    {"return R(pcall(cmsgpack.unpack_one, 123))", "true 1 49", 9},
    {"return R(pcall(cmsgpack.unpack_one, '\\1\\2\\3', 1, 'extra'))", "true 2 2", 8},
    {"return R(pcall(cmsgpack.unpack_one, '\\147\\1\\2'))", "false \"Missing bytes in input.\"",
     31},
    {"return R(pcall(cmsgpack.unpack_one, '\\147\\1\\2\\3'))", "true -1 {[1]=1,[2]=2,[3]=3}", 27},
    {"return R(pcall(cmsgpack.unpack_one, '\\193\\1\\2'))", "false \"Bad data format in input.\"",
     33},
    {"return R(pcall(cmsgpack.unpack_one, '\\1\\193'))", "true 1 1", 8},
    {"return R(pcall(cmsgpack.unpack_limit, '\\1\\2\\3'))",
     "false \"bad argument #2 to '\?' (number expected, got no value)\"", 62},
    {"return R(pcall(cmsgpack.unpack_limit, '\\1\\2\\3', 0))", "true 1 2 3", 10},
    {"return R(pcall(cmsgpack.unpack_limit, '\\1\\2\\3', 1))", "true 1 1", 8},
    {"return R(pcall(cmsgpack.unpack_limit, '\\1\\2\\3', 2))", "true 2 1 2", 10},
    {"return R(pcall(cmsgpack.unpack_limit, '\\1\\2\\3', 3))", "true -1 1 2 3", 13},
    {"return R(pcall(cmsgpack.unpack_limit, '\\1\\2\\3', 4))", "true -1 1 2 3", 13},
    {"return R(pcall(cmsgpack.unpack_limit, '\\1\\2\\3', 2, 1))", "true -1 2 3", 11},
    {"return R(pcall(cmsgpack.unpack_limit, '\\1\\2\\3', 2, 2))", "true -1 3", 9},
    {"return R(pcall(cmsgpack.unpack_limit, '\\1\\2\\3', 0, 2))", "true 2", 6},
    {"return R(pcall(cmsgpack.unpack_limit, '\\1\\2\\3', 0, 3))", "true -1", 7},
    {"return R(pcall(cmsgpack.unpack_limit, '\\1\\2\\3', 1, 3))", "true -1", 7},
    {"return R(pcall(cmsgpack.unpack_limit, '\\1\\2\\3', 1, 4))",
     "false \"Start offset 4 greater than input length 3.\"", 51},
    {"return R(pcall(cmsgpack.unpack_limit, '\\1\\2\\3', -1))",
     "false \"Invalid request to unpack with offset of 0 and limit of 3.\"", 66},
    {"return R(pcall(cmsgpack.unpack_limit, '\\1\\2\\3', -1, 2))",
     "false \"Invalid request to unpack with offset of 2 and limit of 3.\"", 66},
    {"return R(pcall(cmsgpack.unpack_limit, '\\1\\2\\3', 1, -2))",
     "false \"Invalid request to unpack with offset of -2 and limit of 3.\"", 67},
    {"return R(pcall(cmsgpack.unpack_limit, '\\1\\2\\3', 2^32 + 1))", "true -1 1 2 3", 13},
    {"return R(pcall(cmsgpack.unpack_limit, '\\1\\2\\3', 1.9))", "true 1 1", 8},
    {"return R(pcall(cmsgpack.unpack_limit, '\\1\\2\\3', '2'))", "true 2 1 2", 10},
    {"return R(pcall(cmsgpack.unpack_limit, '\\1\\2\\3', 'x'))",
     "false \"bad argument #2 to '\?' (number expected, got string)\"", 60},
    {"return R(pcall(cmsgpack.unpack_limit))",
     "false \"bad argument #2 to '\?' (number expected, got no value)\"", 62},
    {"return R(pcall(cmsgpack.unpack_limit, '\\1\\2\\147', 5))",
     "false \"Missing bytes in input.\"", 31},
    {"return R(pcall(cmsgpack.unpack_limit, '\\1\\2\\147', 2))", "true 2 1 2", 10},
    {"return R(pcall(cmsgpack.unpack_limit, '\\1\\2\\193', 3))",
     "false \"Bad data format in input.\"", 33},
    {"return R(select('#', cmsgpack.unpack_limit(string.rep('\\1', 100000), 7000)))", "7001", 4},
    {"return R(pcall(function() return select('#', cmsgpack.unpack_limit(string.rep('\\1', "
     "100000), 9000)) end))",
     "false \"user_script:1: stack overflow (too many return values at once; use unpack_one or "
     "unpack_limit instead.)\"",
     111},
    {"local s = cmsgpack.pack(1, 'ab', {1, 2}, {k = 'v'}, true) local out, off = {}, 0 while off "
     "~= -1 do local v off, v = cmsgpack.unpack_one(s, off) out[#out + 1] = v end return R(out)",
     "{[1]=1,[2]=\"ab\",[3]={[1]=1,[2]=2},[4]={[\"k\"]=\"v\"},[5]=true}", 59},
    {"local s = cmsgpack.pack(1, 'ab', {1, 2}, {k = 'v'}, true) local out, off = {}, 0 while off "
     "~= -1 do local r = {cmsgpack.unpack_limit(s, 2, off)} off = r[1] for i = 2, #r do out[#out + "
     "1] = r[i] end end return R(out)",
     "{[1]=1,[2]=\"ab\",[3]={[1]=1,[2]=2},[4]={[\"k\"]=\"v\"},[5]=true}", 59},
};

Test(lua_libs, cmsgpack_unpack_one_and_limit)
{
    run_cases(cmsgpack_unpack_one_and_limit_cases,
              sizeof cmsgpack_unpack_one_and_limit_cases /
                  sizeof cmsgpack_unpack_one_and_limit_cases[0]);
}

static const struct lua_case cmsgpack_round_trips_cases[] = {
    {"return R(cmsgpack.unpack(cmsgpack.pack(1, -2, 3.5, 'abc', true, false, {1, 2}, {a = 'b', c = "
     "{d = {1.25}}})))",
     "1 -2 3.5 \"abc\" true false {[1]=1,[2]=2} {[\"a\"]=\"b\",[\"c\"]={[\"d\"]={[1]=1.25}}}", 76},
    {"return R(cmsgpack.unpack(cmsgpack.pack({[1] = 'a', [2] = 'b', [4] = 'd'})))",
     "{[1]=\"a\",[2]=\"b\",[4]=\"d\"}", 25},
    {"return R(cmsgpack.unpack(cmsgpack.pack({-2^63, 2^63, 2^53 + 2, -0.1, 1e-300, 1/0, -1/0})))",
     "{[1]=-9.2233720368547758e+18,[2]=9.2233720368547758e+18,[3]=9007199254740994,[4]=-0."
     "10000000000000001,[5]=1e-300,[6]=inf,[7]=-inf}",
     130},
    {"local s = cmsgpack.pack(0/0) local v = cmsgpack.unpack(s) return R(v ~= v, #s)", "true 9", 6},
    {"return R(cmsgpack.pack(cmsgpack.unpack(h'cfffffffffffffffff')))", "\"\377\"", 3},
    {"return R(cmsgpack.pack(cmsgpack.unpack(h'de0001a161dc0001c3')))", "\"\201\241a\221\303\"", 7},
    {"return R(cmsgpack.pack(cmsgpack.unpack(h'd9056162636465')))", "\"\245abcde\"", 8},
};

Test(lua_libs, cmsgpack_round_trips)
{
    run_cases(cmsgpack_round_trips_cases,
              sizeof cmsgpack_round_trips_cases / sizeof cmsgpack_round_trips_cases[0]);
}

static const struct lua_case library_tables_cases[] = {
    {"return R(type(struct), type(struct.pack), type(struct.unpack), type(struct.size))",
     "\"table\" \"function\" \"function\" \"function\"", 40},
    {"local n = {} for k, v in pairs(struct) do n[#n + 1] = k .. ':' .. type(v) end table.sort(n) "
     "return table.concat(n, ',')",
     "pack:function,size:function,unpack:function", 43},
    {"return R(cmsgpack._NAME, cmsgpack._VERSION, cmsgpack._COPYRIGHT, cmsgpack._DESCRIPTION)",
     "\"cmsgpack\" \"lua-cmsgpack 0.4.0\" \"Copyright (C) 2012, Salvatore Sanfilippo\" "
     "\"MessagePack C implementation for Lua\"",
     113},
    {"local n = {} for k, v in pairs(cmsgpack) do n[#n + 1] = k .. ':' .. type(v) end "
     "table.sort(n) return table.concat(n, ',')",
     "_COPYRIGHT:string,_DESCRIPTION:string,_NAME:string,_VERSION:string,pack:function,unpack:"
     "function,unpack_limit:function,unpack_one:function",
     138},
};

Test(lua_libs, library_tables)
{
    run_cases(library_tables_cases, sizeof library_tables_cases / sizeof library_tables_cases[0]);
}

/* The openers behave as luaopen_* functions: one table left on the stack, the global set. */
Test(lua_libs, openers_leave_the_table_and_set_the_global)
{
    lua_State *L = luaL_newstate();
    luaL_openlibs(L);
    int top = lua_gettop(L);
    cr_assert_eq(tessera_open_struct(L), 1);
    cr_assert_eq(lua_gettop(L), top + 1);
    cr_assert_eq(lua_type(L, -1), LUA_TTABLE);
    lua_getglobal(L, "struct");
    cr_assert(lua_rawequal(L, -1, -2));
    lua_pop(L, 2);
    cr_assert_eq(tessera_open_cmsgpack(L), 1);
    cr_assert_eq(lua_gettop(L), top + 1);
    cr_assert_eq(lua_type(L, -1), LUA_TTABLE);
    lua_getglobal(L, "cmsgpack");
    cr_assert(lua_rawequal(L, -1, -2));
    lua_pop(L, 2);
    lua_close(L);
}
