/* The worker's Lua VM (see vm.h): the libraries, the sandbox, the compiled scripts. */
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <lua-bitop.h>
#include <lua-cjson.h>
#include <stdio.h>
#include <string.h>

#include "script/api.h"
#include "script/cache.h"
#include "script/lua_libs.h"
#include "script/run.h"
#include "script/vm.h"
#include "server/worker.h"
#include "tessera/mem.h"
#include "tessera/resp_parser.h"

#define REG_SCRIPTS   "tessera_scripts"   /* sha -> function */
#define REG_FLAGS     "tessera_flags"     /* sha -> shebang flags */
#define REG_PROTECTED "tessera_protected" /* proxy -> true (weak keys) */
#define REG_ERRH      "tessera_err_handler"

static void *vm_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    (void)ud;
    (void)osize;
    if (nsize == 0) {
        mem_free(ptr);
        return NULL;
    }
    return mem_try_realloc(ptr, nsize);
}

static void open_lib(lua_State *L, const char *name, lua_CFunction open)
{
    lua_pushcfunction(L, open);
    lua_pushstring(L, name);
    lua_call(L, 1, 0);
}

/* Libraries that leave their table on the stack rather than in a global. */
static void open_global_lib(lua_State *L, const char *name, lua_CFunction open)
{
    lua_pushcfunction(L, open);
    lua_call(L, 0, 1);
    lua_setglobal(L, name);
}

static int readonly_error(lua_State *L)
{
    return luaL_error(L, "Attempt to modify a readonly table");
}

static int missing_global(lua_State *L)
{
    const char *name = lua_tostring(L, 2);
    return luaL_error(L, "Script attempted to access nonexistent global variable '%s'",
                      name ? name : "?");
}

static int is_protected(lua_State *L, int idx)
{
    if (!lua_istable(L, idx)) return 0;
    lua_getfield(L, LUA_REGISTRYINDEX, REG_PROTECTED);
    lua_pushvalue(L, idx < 0 ? idx - 1 : idx);
    lua_rawget(L, -2);
    int p = lua_toboolean(L, -1);
    lua_pop(L, 2);
    return p;
}

void script_vm_protect(lua_State *L)
{
    /* stack: real */
    lua_newtable(L); /* proxy */
    lua_newtable(L); /* its metatable */
    lua_pushvalue(L, -3);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, readonly_error);
    lua_setfield(L, -2, "__newindex");
    lua_pushboolean(L, 0); /* getmetatable gives nothing a script could change */
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    lua_getfield(L, LUA_REGISTRYINDEX, REG_PROTECTED);
    lua_pushvalue(L, -2);
    lua_pushboolean(L, 1);
    lua_rawset(L, -3);
    lua_pop(L, 1);
    lua_replace(L, -2); /* stack: proxy */
}

/* rawset may not write a protected table (the proxies would take the value otherwise). */
static int sandbox_rawset(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TTABLE);
    luaL_checkany(L, 2);
    luaL_checkany(L, 3);
    if (is_protected(L, 1)) {
        lua_pushstring(L, "Attempt to modify a readonly table");
        return lua_error(L);
    }
    lua_settop(L, 3);
    lua_rawset(L, 1);
    return 1;
}

/* setmetatable may not replace a protected table's metatable either. */
static int sandbox_setmetatable(lua_State *L)
{
    if (is_protected(L, 1)) {
        lua_pushstring(L, "Attempt to modify a readonly table");
        return lua_error(L);
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/* Compiled bytecode is refused as Redis's Lua refuses it: read as text, it does not parse. */
static int refuse_bytecode(lua_State *L, const char *chunkname)
{
    char id[64];
    if (chunkname[0] == '=' || chunkname[0] == '@') {
        snprintf(id, sizeof id, "%.50s", chunkname + 1);
    } else {
        size_t n = strcspn(chunkname, "\n"), max = 45;
        snprintf(id, sizeof id, "[string \"%.*s%s\"]", (int)(n > max ? max : n), chunkname,
                 n > max || chunkname[n] ? "..." : "");
    }
    lua_pushnil(L);
    lua_pushfstring(L, "%s:1: unexpected symbol near 'char(27)'", id);
    return 2;
}

static int sandbox_loadstring(lua_State *L)
{
    size_t len;
    const char *s = luaL_checklstring(L, 1, &len);
    const char *chunkname = luaL_optstring(L, 2, s);
    if (len > 0 && s[0] == LUA_SIGNATURE[0]) return refuse_bytecode(L, chunkname);
    if (luaL_loadbuffer(L, s, len, chunkname) == 0) return 1;
    lua_pushnil(L);
    lua_insert(L, -2);
    return 2;
}

/* load(reader [, chunkname]): the pieces gathered first, so bytecode can be refused. */
static int sandbox_load(lua_State *L)
{
    luaL_checktype(L, 1, LUA_TFUNCTION);
    const char *chunkname = luaL_optstring(L, 2, "=(load)");
    luaL_Buffer b;
    lua_settop(L, 2);
    luaL_buffinit(L, &b);
    for (;;) {
        lua_pushvalue(L, 1);
        lua_call(L, 0, 1);
        if (lua_isnil(L, -1)) {
            lua_pop(L, 1);
            break;
        }
        if (!lua_isstring(L, -1)) return luaL_error(L, "reader function must return a string");
        luaL_addvalue(&b);
    }
    luaL_pushresult(&b);
    size_t len;
    const char *s = lua_tolstring(L, -1, &len);
    if (len > 0 && s[0] == LUA_SIGNATURE[0]) return refuse_bytecode(L, chunkname);
    if (luaL_loadbuffer(L, s, len, chunkname) == 0) return 1;
    lua_pushnil(L);
    lua_insert(L, -2);
    return 2;
}

/* pcall as Redis 7 has it: an error table's message comes back as a string. A run that must
 * stop (it needs more shards, or was killed) is not caught. */
static int sandbox_pcall(lua_State *L)
{
    luaL_checkany(L, 1);
    int status = lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0);
    if (script_aborting()) return lua_error(L);
    if (status) {
        if (lua_istable(L, -1)) {
            lua_getfield(L, -1, "err");
            if (lua_isstring(L, -1))
                lua_replace(L, -2);
            else
                lua_pop(L, 1);
        }
        lua_pushboolean(L, 0);
        lua_insert(L, -2);
        return 2;
    }
    lua_pushboolean(L, 1);
    lua_insert(L, 1);
    return lua_gettop(L);
}

static int sandbox_xpcall(lua_State *L)
{
    luaL_checkany(L, 2);
    lua_settop(L, 2);
    lua_insert(L, 1); /* handler, f */
    int status = lua_pcall(L, 0, LUA_MULTRET, 1);
    if (script_aborting()) return lua_error(L);
    lua_pushboolean(L, status == 0);
    lua_replace(L, 1);
    return lua_gettop(L);
}

/* Redis's math.random: the rand48 generator from rand48's own default state (Redis never
 * reseeds it between scripts; math.randomseed does), one per worker. */
static _Thread_local uint64_t rand48_state = 0x1234ABCD330Eull;

static int32_t rand48_next(void)
{
    rand48_state = (rand48_state * 0x5DEECE66Dull + 0xB) & ((1ull << 48) - 1);
    return (int32_t)(rand48_state >> 17);
}

static int math_random(lua_State *L)
{
    const int32_t max = 0x7fffffff;
    lua_Number r = (lua_Number)(rand48_next() % max) / (lua_Number)max;
    switch (lua_gettop(L)) {
    case 0:
        lua_pushnumber(L, r);
        break;
    case 1: {
        int u = luaL_checkint(L, 1);
        luaL_argcheck(L, 1 <= u, 1, "interval is empty");
        lua_pushnumber(L, (lua_Number)(int64_t)(r * u) + 1);
        break;
    }
    case 2: {
        int l = luaL_checkint(L, 1), u = luaL_checkint(L, 2);
        luaL_argcheck(L, l <= u, 2, "interval is empty");
        lua_pushnumber(L, (lua_Number)(int64_t)(r * (u - l + 1)) + l);
        break;
    }
    default:
        return luaL_error(L, "wrong number of arguments");
    }
    return 1;
}

static int math_randomseed(lua_State *L)
{
    rand48_state = ((uint64_t)(uint32_t)luaL_checkint(L, 1) << 16) | 0x330E;
    return 0;
}

/* Where an error happened, added to the error table every run reports (Redis's handler). */
static const char err_handler_src[] =
    "local dbg = debug\n"
    "return function(err)\n"
    "  local i = dbg.getinfo(2, 'nSl')\n"
    "  if i and i.what == 'C' then i = dbg.getinfo(3, 'nSl') end\n"
    "  if type(err) ~= 'table' then err = {err = 'ERR ' .. tostring(err)} end\n"
    "  if i then\n"
    "    err['source'] = i.source\n"
    "    err['line'] = i.currentline\n"
    "  end\n"
    "  return err\n"
    "end\n";

static const char *const protected_libs[] = {"string", "math",     "table",     "cjson", "bit",
                                             "struct", "cmsgpack", "coroutine", "redis"};

static lua_State *vm_new(void)
{
    lua_State *L = lua_newstate(vm_alloc, NULL);
    if (!L) return NULL;
    open_lib(L, "", luaopen_base);
    open_lib(L, LUA_TABLIBNAME, luaopen_table);
    open_lib(L, LUA_STRLIBNAME, luaopen_string);
    open_lib(L, LUA_MATHLIBNAME, luaopen_math);
    open_lib(L, LUA_DBLIBNAME, luaopen_debug);
    open_global_lib(L, "cjson", luaopen_cjson);
    open_global_lib(L, "bit", luaopen_bit);
    open_global_lib(L, "struct", tessera_open_struct);
    open_global_lib(L, "cmsgpack", tessera_open_cmsgpack);

    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, REG_SCRIPTS);
    lua_newtable(L);
    lua_setfield(L, LUA_REGISTRYINDEX, REG_FLAGS);
    lua_newtable(L);
    lua_newtable(L);
    lua_pushstring(L, "k");
    lua_setfield(L, -2, "__mode");
    lua_setmetatable(L, -2);
    lua_setfield(L, LUA_REGISTRYINDEX, REG_PROTECTED);

    if (luaL_loadbuffer(L, err_handler_src, sizeof err_handler_src - 1, "=err_handler") ||
        lua_pcall(L, 0, 1, 0)) {
        lua_close(L);
        return NULL;
    }
    lua_setfield(L, LUA_REGISTRYINDEX, REG_ERRH);

    static const char *const removed[] = {"print",  "dofile",  "loadfile", "debug",
                                          "module", "require", "package",  "os",
                                          "io",     "getfenv", "setfenv",  "newproxy"};
    for (size_t i = 0; i < sizeof removed / sizeof removed[0]; i++) {
        lua_pushnil(L);
        lua_setglobal(L, removed[i]);
    }
    lua_register(L, "pcall", sandbox_pcall);
    lua_register(L, "xpcall", sandbox_xpcall);
    lua_register(L, "rawset", sandbox_rawset);
    lua_register(L, "loadstring", sandbox_loadstring);
    lua_register(L, "load", sandbox_load);
    lua_getglobal(L, "setmetatable");
    lua_pushcclosure(L, sandbox_setmetatable, 1);
    lua_setglobal(L, "setmetatable");
    lua_getglobal(L, "math");
    lua_pushcfunction(L, math_random);
    lua_setfield(L, -2, "random");
    lua_pushcfunction(L, math_randomseed);
    lua_setfield(L, -2, "randomseed");
    lua_pop(L, 1);
    script_api_register(L); /* the global `redis` */

    for (size_t i = 0; i < sizeof protected_libs / sizeof protected_libs[0]; i++) {
        lua_getglobal(L, protected_libs[i]);
        script_vm_protect(L);
        lua_setglobal(L, protected_libs[i]);
    }
    /* The globals: the real table answers reads (a missing name is an error), a proxy of it is
     * what scripts see and cannot write. */
    lua_pushvalue(L, LUA_GLOBALSINDEX); /* real */
    lua_newtable(L);
    lua_pushcfunction(L, missing_global);
    lua_setfield(L, -2, "__index");
    lua_setmetatable(L, -2);
    lua_pushvalue(L, -1);
    script_vm_protect(L); /* real, proxy */
    lua_pushvalue(L, -1);
    lua_setfield(L, -3, "_G"); /* real._G = proxy (rawset: real has no __newindex) */
    lua_replace(L, LUA_GLOBALSINDEX);
    lua_pop(L, 1);
    return L;
}

lua_State *script_vm(struct worker *w)
{
    uint64_t gen = script_cache_generation();
    if (w->lua && w->lua_gen != gen) script_vm_free(w);
    if (!w->lua) {
        w->lua = vm_new();
        w->lua_gen = gen;
    }
    return w->lua;
}

int script_vm_lookup(lua_State *L, const char *sha, int *flags)
{
    lua_getfield(L, LUA_REGISTRYINDEX, REG_SCRIPTS);
    lua_getfield(L, -1, sha);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 2);
        return 0;
    }
    lua_replace(L, -2);
    lua_getfield(L, LUA_REGISTRYINDEX, REG_FLAGS);
    lua_getfield(L, -1, sha);
    *flags = (int)lua_tointeger(L, -1);
    lua_pop(L, 2);
    return 1;
}

int script_vm_compile(lua_State *L, const char *sha, const char *body, size_t len, int flags,
                      char *err, size_t errlen)
{
    if (luaL_loadbuffer(L, body, len, "@user_script")) {
        snprintf(err, errlen, "ERR Error compiling script (new function): %s", lua_tostring(L, -1));
        lua_pop(L, 1);
        return -1;
    }
    lua_getfield(L, LUA_REGISTRYINDEX, REG_SCRIPTS);
    lua_insert(L, -2);
    lua_setfield(L, -2, sha);
    lua_pop(L, 1);
    lua_getfield(L, LUA_REGISTRYINDEX, REG_FLAGS);
    lua_pushinteger(L, flags);
    lua_setfield(L, -2, sha);
    lua_pop(L, 1);
    return 0;
}

void script_vm_set_global_array(lua_State *L, const char *name, int n, const struct resp_arg *args)
{
    lua_createtable(L, n, 0);
    for (int i = 0; i < n; i++) {
        lua_pushlstring(L, args[i].ptr, args[i].len);
        lua_rawseti(L, -2, i + 1);
    }
    /* the real globals are the proxy's __index */
    lua_getmetatable(L, LUA_GLOBALSINDEX);
    lua_getfield(L, -1, "__index");
    lua_pushstring(L, name);
    lua_pushvalue(L, -4);
    lua_rawset(L, -3);
    lua_pop(L, 3);
}

void script_vm_push_error_handler(lua_State *L)
{
    lua_getfield(L, LUA_REGISTRYINDEX, REG_ERRH);
}

size_t script_vm_memory(struct worker *w)
{
    return w->lua ? (size_t)lua_gc(w->lua, LUA_GCCOUNT, 0) * 1024 +
                        (size_t)lua_gc(w->lua, LUA_GCCOUNTB, 0)
                  : 0;
}

void script_vm_free(struct worker *w)
{
    if (w->lua) lua_close(w->lua);
    w->lua = NULL;
}
