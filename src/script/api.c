/* The `redis` table of the Lua VM (see api.h), with Redis 7.0's behaviour and texts. */
#include <lauxlib.h>
#include <lua.h>
#include <stdio.h>
#include <string.h>

#include "cmd/acl.h"
#include "cmd/exec.h"
#include "cmd/session.h"
#include "script/api.h"
#include "script/cache.h"
#include "script/convert.h"
#include "script/run.h"
#include "server/info.h"
#include "server/log.h"
#include "tessera/config.h"
#include "tessera/mem.h"

void script_push_error(lua_State *L, const char *text, size_t len)
{
    while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
        len--;
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    if (len > 0 && text[0] == '-') {
        const char *sp = memchr(text, ' ', len);
        if (!sp) {
            luaL_addstring(&b, "ERR ");
            luaL_addlstring(&b, text + 1, len - 1);
        } else {
            luaL_addlstring(&b, text + 1, len - 1);
        }
    } else {
        luaL_addstring(&b, "ERR ");
        luaL_addlstring(&b, text, len);
    }
    luaL_pushresult(&b); /* the message */
    lua_newtable(L);
    lua_pushstring(L, "err");
    lua_pushvalue(L, -3);
    lua_settable(L, -3);
    lua_remove(L, -2); /* the table */
}

static void push_error(lua_State *L, const char *text)
{
    script_push_error(L, text, strlen(text));
}

static int raise_text(lua_State *L, const char *text)
{
    push_error(L, text);
    return lua_error(L);
}

/* redis.call (raise 1) and redis.pcall (raise 0). */
static int generic_call(lua_State *L, int raise)
{
    struct script_run *run = script_running;
    if (!run)
        return raise_text(L, "redis.call/pcall can only be called inside a script invocation");
    int argc = lua_gettop(L);
    if (argc == 0) {
        push_error(L, "Please specify at least one argument for this redis lib call");
        return raise ? lua_error(L) : 1;
    }
    struct resp_arg argv_buf[16];
    char nums_buf[16][32];
    struct resp_arg *argv = argc <= 16 ? argv_buf : mem_alloc((size_t)argc * sizeof *argv);
    char(*nums)[32] = argc <= 16 ? nums_buf : mem_alloc((size_t)argc * sizeof *nums);
    int bad = 0;
    for (int j = 0; j < argc; j++) {
        if (lua_type(L, j + 1) == LUA_TNUMBER) {
            /* not lua_tolstring: Lua's %.14g loses digits */
            int n = snprintf(nums[j], sizeof nums[j], "%.17g", (double)lua_tonumber(L, j + 1));
            argv[j].ptr = nums[j];
            argv[j].len = (size_t)n;
        } else {
            argv[j].ptr = lua_tolstring(L, j + 1, &argv[j].len);
            if (!argv[j].ptr) bad = 1;
        }
    }
    enum script_call_status st = SCALL_OK;
    if (!bad) {
        reply_reset(&run->scratch);
        run->scratch.resp = (uint8_t)run->resp;
        run->call.out = &run->scratch;
        st = cmd_script_call(&run->call, argc, argv);
        if (run->call.wrote) script_note_wrote();
    }
    if (argv != argv_buf) mem_free(argv);
    if (nums != nums_buf) mem_free(nums);
    lua_settop(L, 0);
    if (bad) {
        push_error(L, "Lua redis lib command arguments must be strings or integers");
        return raise ? lua_error(L) : 1;
    }
    if (st == SCALL_NEED_SHARDS) {
        run->need_shards = 1;
        return script_abort_raise(L);
    }
    if (st == SCALL_REFUSED) {
        char text[sizeof run->call.err + 1];
        int n = snprintf(text, sizeof text, "-%s", run->call.err);
        script_push_error(L, text, (size_t)n);
        lua_pushboolean(L, 1);
        lua_setfield(L, -2, "ignore_error_stats_update");
        return raise ? lua_error(L) : 1;
    }
    int is_err = script_push_reply(L, run->scratch.data, run->scratch.len);
    if (is_err && raise) return lua_error(L);
    return 1;
}

static int api_call(lua_State *L)
{
    return generic_call(L, 1);
}

static int api_pcall(lua_State *L)
{
    int r = generic_call(L, 0);
    if (script_aborting()) return script_abort_raise(L);
    return r;
}

static int api_sha1hex(lua_State *L)
{
    if (lua_gettop(L) != 1) return raise_text(L, "wrong number of arguments");
    size_t len;
    const char *s = lua_tolstring(L, 1, &len);
    char sha[SHA1_HEX_LEN + 1];
    script_sha1hex(sha, s ? s : "", s ? len : 0);
    lua_pushstring(L, sha);
    return 1;
}

static int api_error_reply(lua_State *L)
{
    if (lua_gettop(L) != 1 || lua_type(L, -1) != LUA_TSTRING) {
        push_error(L, "wrong number or type of arguments");
        return 1;
    }
    size_t len;
    const char *s = lua_tolstring(L, 1, &len);
    if (len > 0 && s[0] == '-') {
        script_push_error(L, s, len);
    } else {
        lua_pushfstring(L, "-%s", s);
        size_t n;
        const char *t = lua_tolstring(L, -1, &n);
        script_push_error(L, t, n);
    }
    return 1;
}

static int api_status_reply(lua_State *L)
{
    if (lua_gettop(L) != 1 || lua_type(L, -1) != LUA_TSTRING) {
        push_error(L, "wrong number or type of arguments");
        return 1;
    }
    lua_newtable(L);
    lua_pushstring(L, "ok");
    lua_pushvalue(L, 1);
    lua_settable(L, -3);
    return 1;
}

int script_api_log(lua_State *L)
{
    int argc = lua_gettop(L);
    if (argc < 2) return raise_text(L, "redis.log() requires two arguments or more.");
    if (!lua_isnumber(L, 1)) return raise_text(L, "First argument must be a number (log level).");
    int level = (int)lua_tonumber(L, 1);
    if (level < LOG_DEBUG || level > LOG_WARNING) return raise_text(L, "Invalid debug level.");
    if (level < CONFIG_GET(loglevel)) return 0;
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int j = 2; j <= argc; j++) {
        size_t len;
        const char *s = lua_tolstring(L, j, &len);
        if (!s) continue;
        if (j != 2) luaL_addchar(&b, ' ');
        luaL_addlstring(&b, s, len);
    }
    luaL_pushresult(&b);
    log_msg(level, "%s", lua_tostring(L, -1));
    return 0;
}

static int api_setresp(lua_State *L)
{
    struct script_run *run = script_running;
    if (!run) return raise_text(L, "redis.setresp can only be called inside a script invocation");
    if (lua_gettop(L) != 1) return raise_text(L, "redis.setresp() requires one argument.");
    int resp = (int)lua_tonumber(L, 1);
    if (resp != 2 && resp != 3) return raise_text(L, "RESP version must be 2 or 3.");
    run->resp = resp;
    return 0;
}

static int api_set_repl(lua_State *L)
{
    if (!script_running)
        return raise_text(L, "redis.set_repl can only be called inside a script invocation");
    if (lua_gettop(L) != 1) return raise_text(L, "redis.set_repl() requires two arguments.");
    int flags = (int)lua_tonumber(L, -1);
    if (flags & ~3)
        return raise_text(L, "Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or "
                             "REPL_NONE.");
    return 0; /* nothing is propagated yet: no replicas, no append-only file */
}

static int api_replicate_commands(lua_State *L)
{
    lua_pushboolean(L, 1);
    return 1;
}

static int api_breakpoint(lua_State *L)
{
    lua_pushboolean(L, 0); /* no debugging session (SCRIPT DEBUG) */
    return 1;
}

static int api_debug(lua_State *L)
{
    return 0;
}

static int api_acl_check_cmd(lua_State *L)
{
    struct script_run *run = script_running;
    if (!run)
        return raise_text(L, "redis.acl_check_cmd can only be called inside a script invocation");
    int argc = lua_gettop(L);
    if (argc == 0)
        return raise_text(L, "Please specify at least one argument for this redis lib call");
    struct resp_arg *argv = mem_alloc((size_t)argc * sizeof *argv);
    char(*nums)[32] = mem_alloc((size_t)argc * sizeof *nums);
    int bad = 0;
    for (int j = 0; j < argc; j++) {
        if (lua_type(L, j + 1) == LUA_TNUMBER) {
            argv[j].len = (size_t)snprintf(nums[j], 32, "%.17g", (double)lua_tonumber(L, j + 1));
            argv[j].ptr = nums[j];
        } else if (!(argv[j].ptr = lua_tolstring(L, j + 1, &argv[j].len))) {
            bad = 1;
        }
    }
    int unknown_sub;
    const struct command *cmd = bad ? NULL : cmd_resolve(argc, argv, &unknown_sub);
    int allowed = 0, invalid = bad || !cmd || unknown_sub;
    if (!invalid) {
        const struct acl_user *u = run->call.client ? acl_user_of(run->call.client->user) : NULL;
        int pos;
        allowed = !u || (u->flags & ACL_ALLPERM) || acl_check(u, cmd, argc, argv, &pos) == ACL_OK;
    }
    mem_free(argv);
    mem_free(nums);
    if (bad) return raise_text(L, "Lua redis lib command arguments must be strings or integers");
    if (invalid) return raise_text(L, "Invalid command passed to redis.acl_check_cmd()");
    lua_pushboolean(L, allowed);
    return 1;
}

static void set_number(lua_State *L, const char *name, lua_Number v)
{
    lua_pushnumber(L, v);
    lua_setfield(L, -2, name);
}

void script_api_register(lua_State *L)
{
    static const luaL_Reg fns[] = {
        {"call", api_call},
        {"pcall", api_pcall},
        {"sha1hex", api_sha1hex},
        {"error_reply", api_error_reply},
        {"status_reply", api_status_reply},
        {"log", script_api_log},
        {"setresp", api_setresp},
        {"set_repl", api_set_repl},
        {"replicate_commands", api_replicate_commands},
        {"breakpoint", api_breakpoint},
        {"debug", api_debug},
        {"acl_check_cmd", api_acl_check_cmd},
        {NULL, NULL},
    };
    lua_newtable(L);
    for (const luaL_Reg *f = fns; f->name; f++) {
        lua_pushcfunction(L, f->func);
        lua_setfield(L, -2, f->name);
    }
    set_number(L, "LOG_DEBUG", LOG_DEBUG);
    set_number(L, "LOG_VERBOSE", LOG_VERBOSE);
    set_number(L, "LOG_NOTICE", LOG_NOTICE);
    set_number(L, "LOG_WARNING", LOG_WARNING);
    set_number(L, "REPL_NONE", 0);
    set_number(L, "REPL_AOF", 1);
    set_number(L, "REPL_SLAVE", 2);
    set_number(L, "REPL_REPLICA", 2);
    set_number(L, "REPL_ALL", 3);
    lua_pushstring(L, TESSERA_REDIS_VERSION);
    lua_setfield(L, -2, "REDIS_VERSION");
    set_number(L, "REDIS_VERSION_NUM", 0x07000f);
    lua_setglobal(L, "redis");
}
