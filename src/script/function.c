/* The shared function libraries (see function.h): metadata parsing, the load-time sandbox and
 * redis.register_function, the registry under its mutex, DUMP / RESTORE payloads and the lazy
 * compile of a library into each worker's VM. Redis 7.0's checks and texts. */
#include <ctype.h>
#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "persist/crc64.h"
#include "persist/rdb.h"
#include "persist/rdb_in.h"
#include "persist/rdb_read.h"
#include "persist/rdb_write.h"
#include "script/api.h"
#include "script/function.h"
#include "script/vm.h"
#include "server/info.h"
#include "server/log.h"
#include "tessera/config.h"
#include "tessera/mem.h"
#include "tessera/reply.h"
#include "tessera/util.h"

#define REG_FUNCS      "tessera_functions" /* name -> {cb = function, flags = n} (a worker's VM) */
#define REG_FGEN       "tessera_functions_gen"
#define FN_RDB_VERSION 10 /* the RDB version of a FUNCTION DUMP payload, Redis 7.0's */

static const char name_rule[] = "Library names can only contain letters, numbers, or "
                                "underscores(_) and must be at least one character long";

struct fn_func {
    char *name;
    char *desc; /* NULL: none */
    int flags;
};

struct fn_lib {
    struct fn_lib *next;
    char *name;
    char *code;
    size_t code_len;
    int nfuncs;
    struct fn_func *funcs;
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct fn_lib *libs;
static _Atomic uint64_t generation = 1;
static lua_State *load_L; /* the loading state, under the lock */
static _Atomic size_t load_vm_bytes;

static const struct {
    const char *name;
    int flag;
} flag_names[] = {
    {"no-writes", SCRIPT_FLAG_NO_WRITES},
    {"allow-oom", SCRIPT_FLAG_ALLOW_OOM},
    {"allow-stale", SCRIPT_FLAG_ALLOW_STALE},
    {"no-cluster", SCRIPT_FLAG_NO_CLUSTER},
    {"allow-cross-slot-keys", SCRIPT_FLAG_CROSS_SLOT},
};
#define NFLAGS (sizeof flag_names / sizeof flag_names[0])

static char *dup_n(const char *s, size_t n)
{
    char *d = mem_alloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

static void lib_free(struct fn_lib *l)
{
    if (!l) return;
    for (int i = 0; i < l->nfuncs; i++) {
        mem_free(l->funcs[i].name);
        mem_free(l->funcs[i].desc);
    }
    mem_free(l->funcs);
    mem_free(l->name);
    mem_free(l->code);
    mem_free(l);
}

static void libs_free(struct fn_lib *l)
{
    while (l) {
        struct fn_lib *next = l->next;
        lib_free(l);
        l = next;
    }
}

static int name_ok(const char *s, size_t n)
{
    if (n == 0) return 0;
    for (size_t i = 0; i < n; i++)
        if (!isalnum((unsigned char)s[i]) && s[i] != '_') return 0;
    return 1;
}

/* ---- metadata: "#!lua name=<lib>" ---- */

/* The library's name (into name) and where its code starts (the shebang's newline, so line
 * numbers stay). 0, or -1 with the error. */
static int parse_metadata(const char *code, size_t len, char *name, size_t namelen, size_t *skip,
                          char *err, size_t errlen)
{
    if (len < 2 || code[0] != '#' || code[1] != '!') {
        snprintf(err, errlen, "ERR Missing library metadata");
        return -1;
    }
    const char *nl = memchr(code, '\n', len);
    if (!nl) {
        snprintf(err, errlen, "ERR Invalid library metadata");
        return -1;
    }
    size_t line = (size_t)(nl - code);
    const char *engine = NULL, *lname = NULL;
    size_t englen = 0, lnamelen = 0;
    int part = 0;
    for (size_t i = 0; i <= line; part++) {
        const char *sp = memchr(code + i, ' ', line - i);
        size_t end = sp ? (size_t)(sp - code) : line;
        const char *p = code + i;
        size_t n = end - i;
        if (part == 0) {
            engine = p + 2;
            englen = n - 2;
        } else if (n >= 5 && strncasecmp(p, "name=", 5) == 0) {
            if (lname) {
                snprintf(err, errlen,
                         "ERR Invalid metadata value, name argument was given multiple times");
                return -1;
            }
            lname = p + 5;
            lnamelen = n - 5;
        } else {
            snprintf(err, errlen, "ERR Invalid metadata value given: %.*s", (int)n, p);
            return -1;
        }
        i = end + 1;
    }
    if (!lname) {
        snprintf(err, errlen, "ERR Library name was not given");
        return -1;
    }
    if (englen != 3 || strncasecmp(engine, "lua", 3) != 0) {
        snprintf(err, errlen, "ERR Engine '%.*s' not found", (int)englen, engine);
        return -1;
    }
    if (!name_ok(lname, lnamelen)) {
        snprintf(err, errlen, "ERR %s", name_rule);
        return -1;
    }
    if (lnamelen >= namelen) {
        snprintf(err, errlen, "ERR library name too long");
        return -1;
    }
    memcpy(name, lname, lnamelen);
    name[lnamelen] = '\0';
    *skip = line;
    return 0;
}

/* ---- redis.register_function and the loading environment (any Lua state) ---- */

static int raise_err(lua_State *L, const char *msg)
{
    lua_newtable(L);
    lua_pushstring(L, msg);
    lua_setfield(L, -2, "err");
    return lua_error(L);
}

/* Upvalue 1: the table name -> {cb, flags, desc} the library's functions go into. */
static int register_function(lua_State *L)
{
    int argc = lua_gettop(L);
    const char *name = NULL, *desc = NULL;
    size_t namelen = 0;
    int flags = 0, cb = 0;
    if (argc == 1 && lua_istable(L, 1)) {
        lua_pushnil(L);
        while (lua_next(L, 1)) {
            if (lua_type(L, -2) != LUA_TSTRING)
                return raise_err(
                    L, "ERR named argument key given to redis.register_function is not a string");
            const char *k = lua_tostring(L, -2);
            if (strcmp(k, "function_name") == 0) {
                if (lua_type(L, -1) != LUA_TSTRING)
                    return raise_err(L, "ERR function_name argument given to "
                                        "redis.register_function must be a string");
                name = lua_tolstring(L, -1, &namelen);
            } else if (strcmp(k, "description") == 0) {
                if (lua_type(L, -1) != LUA_TSTRING)
                    return raise_err(L, "ERR description argument given to "
                                        "redis.register_function must be a string");
                desc = lua_tostring(L, -1);
            } else if (strcmp(k, "callback") == 0) {
                if (!lua_isfunction(L, -1))
                    return raise_err(L, "ERR callback argument given to redis.register_function "
                                        "must be a function");
                cb = 1;
            } else if (strcmp(k, "flags") == 0) {
                if (!lua_istable(L, -1))
                    return raise_err(L, "ERR flags argument to redis.register_function must be a "
                                        "table representing function flags");
                for (int j = 1;; j++) {
                    lua_rawgeti(L, -1, j);
                    if (lua_isnil(L, -1)) {
                        lua_pop(L, 1);
                        break;
                    }
                    size_t i = 0;
                    if (lua_type(L, -1) == LUA_TSTRING)
                        for (; i < NFLAGS; i++)
                            if (strcmp(lua_tostring(L, -1), flag_names[i].name) == 0) break;
                    if (lua_type(L, -1) != LUA_TSTRING || i == NFLAGS)
                        return raise_err(L, "ERR unknown flag given");
                    flags |= flag_names[i].flag;
                    lua_pop(L, 1);
                }
            } else {
                return raise_err(L, "ERR unknown argument given to redis.register_function");
            }
            lua_pop(L, 1); /* values stay reachable from the table at 1 */
        }
        if (!name)
            return raise_err(L, "ERR redis.register_function must get a function name argument");
        if (!cb) return raise_err(L, "ERR redis.register_function must get a callback argument");
        lua_getfield(L, 1, "callback");
    } else if (argc == 2) {
        if (lua_type(L, 1) != LUA_TSTRING)
            return raise_err(L, "ERR first argument to redis.register_function must be a string");
        if (!lua_isfunction(L, 2))
            return raise_err(L,
                             "ERR second argument to redis.register_function must be a function");
        name = lua_tolstring(L, 1, &namelen);
        lua_pushvalue(L, 2);
    } else {
        return raise_err(L, "ERR wrong number of arguments to redis.register_function");
    }
    /* stack top: the callback */
    if (!name_ok(name, namelen)) {
        lua_pushfstring(L, "ERR %s", name_rule);
        return raise_err(L, lua_tostring(L, -1));
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_pushlstring(L, name, namelen);
    lua_rawget(L, -2);
    if (!lua_isnil(L, -1)) return raise_err(L, "ERR Function already exists in the library");
    lua_pop(L, 1);
    lua_pushlstring(L, name, namelen);
    lua_newtable(L);
    lua_pushvalue(L, -4);
    lua_setfield(L, -2, "cb");
    lua_pushinteger(L, flags);
    lua_setfield(L, -2, "flags");
    if (desc) {
        lua_pushstring(L, desc);
        lua_setfield(L, -2, "desc");
    }
    lua_rawset(L, -3);
    return 0;
}

static int env_readonly(lua_State *L)
{
    return luaL_error(L, "Attempt to modify a readonly table");
}

/* __index of the loading environment: upvalue 1 holds what exists. */
static int env_index(lua_State *L)
{
    lua_pushvalue(L, 2);
    lua_rawget(L, lua_upvalueindex(1));
    if (!lua_isnil(L, -1)) return 1;
    const char *name = lua_tostring(L, 2);
    return luaL_error(L, "Script attempted to access nonexistent global variable '%s'",
                      name ? name : "?");
}

static void set_int(lua_State *L, const char *k, int v)
{
    lua_pushinteger(L, v);
    lua_setfield(L, -2, k);
}

/* Compiles and runs a library's code (after its shebang) in L with the loading environment.
 * Leaves on the stack the table of what it registered, and below it the environment (which
 * the caller may point at the real globals). 0, or -1 with the error (stack as it was). */
static int run_library(lua_State *L, const char *code, size_t len, char *err, size_t errlen)
{
    int top = lua_gettop(L);
    if (luaL_loadbuffer(L, code, len, "@user_function")) {
        snprintf(err, errlen, "ERR Error compiling function: %s", lua_tostring(L, -1));
        lua_settop(L, top);
        return -1;
    }
    lua_newtable(L); /* env */
    lua_newtable(L); /* the collected functions */
    /* what the loading code sees: redis = {register_function, log, constants} */
    lua_newtable(L); /* api */
    lua_newtable(L); /* redis */
    lua_pushvalue(L, -3);
    lua_pushcclosure(L, register_function, 1);
    lua_setfield(L, -2, "register_function");
    lua_pushcfunction(L, script_api_log);
    lua_setfield(L, -2, "log");
    lua_pushstring(L, TESSERA_REDIS_VERSION);
    lua_setfield(L, -2, "REDIS_VERSION");
    set_int(L, "REDIS_VERSION_NUM", 0x07000f);
    set_int(L, "LOG_DEBUG", LOG_DEBUG);
    set_int(L, "LOG_VERBOSE", LOG_VERBOSE);
    set_int(L, "LOG_NOTICE", LOG_NOTICE);
    set_int(L, "LOG_WARNING", LOG_WARNING);
    /* redis.call and the rest do not exist while loading: reading them is an error */
    lua_newtable(L); /* the proxy */
    lua_newtable(L);
    lua_pushvalue(L, -3);
    lua_pushcclosure(L, env_index, 1);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, env_readonly);
    lua_setfield(L, -2, "__newindex");
    lua_setmetatable(L, -2);
    lua_replace(L, -2);
    lua_setfield(L, -2, "redis");
    /* stack: chunk env funcs api */
    lua_newtable(L); /* env's metatable */
    lua_insert(L, -2);
    lua_pushcclosure(L, env_index, 1);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, env_readonly);
    lua_setfield(L, -2, "__newindex");
    lua_setmetatable(L, -3);
    /* stack: chunk env funcs */
    lua_pushvalue(L, -3);
    lua_pushvalue(L, -3);
    lua_setfenv(L, -2);
    lua_pushvalue(L, -2);
    lua_setfield(L, LUA_REGISTRYINDEX, "tessera_loading");
    int rc = lua_pcall(L, 0, 0, 0);
    if (rc) {
        const char *msg = NULL;
        if (lua_istable(L, -1)) {
            lua_getfield(L, -1, "err");
            msg = lua_tostring(L, -1);
        }
        if (msg)
            snprintf(err, errlen, "ERR Error registering functions: %s", msg);
        else
            snprintf(err, errlen, "ERR Error registering functions: ERR %s",
                     lua_isstring(L, -1) ? lua_tostring(L, -1) : "error");
        lua_settop(L, top);
        return -1;
    }
    /* stack: chunk env funcs */
    lua_remove(L, -3);
    return 0;
}

/* ---- the registry (under the lock) ---- */

static struct fn_lib *find_lib(struct fn_lib *list, const char *name, size_t len)
{
    for (struct fn_lib *l = list; l; l = l->next)
        if (strlen(l->name) == len && memcmp(l->name, name, len) == 0) return l;
    return NULL;
}

static struct fn_func *find_func(struct fn_lib *list, const char *name, size_t len,
                                 struct fn_lib **owner)
{
    for (struct fn_lib *l = list; l; l = l->next)
        for (int i = 0; i < l->nfuncs; i++)
            if (strlen(l->funcs[i].name) == len && memcmp(l->funcs[i].name, name, len) == 0) {
                if (owner) *owner = l;
                return &l->funcs[i];
            }
    return NULL;
}

static lua_State *loading_state(void)
{
    if (!load_L) {
        load_L = luaL_newstate();
        if (load_L) {
            lua_pushcfunction(load_L, luaopen_base);
            lua_call(load_L, 0, 0);
        }
    }
    return load_L;
}

/* Runs a library's code in the loading state: a new library (not in the registry), or NULL with
 * the error. */
static struct fn_lib *compile_library(const char *code, size_t len, char *err, size_t errlen)
{
    char name[256];
    size_t skip;
    if (parse_metadata(code, len, name, sizeof name, &skip, err, errlen)) return NULL;
    lua_State *L = loading_state();
    if (!L) {
        snprintf(err, errlen, "ERR out of memory");
        return NULL;
    }
    if (run_library(L, code + skip, len - skip, err, errlen)) return NULL;
    struct fn_lib *lib = mem_calloc(1, sizeof *lib);
    lib->name = dup_n(name, strlen(name));
    lib->code = dup_n(code, len);
    lib->code_len = len;
    int n = 0;
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        n++;
        lua_pop(L, 1);
    }
    lib->funcs = mem_calloc((size_t)(n ? n : 1), sizeof *lib->funcs);
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        struct fn_func *f = &lib->funcs[lib->nfuncs++];
        size_t fl;
        const char *fname = lua_tolstring(L, -2, &fl);
        f->name = dup_n(fname, fl);
        lua_getfield(L, -1, "flags");
        f->flags = (int)lua_tointeger(L, -1);
        lua_getfield(L, -2, "desc");
        if (lua_isstring(L, -1)) f->desc = dup_n(lua_tostring(L, -1), lua_strlen(L, -1));
        lua_pop(L, 3);
    }
    lua_pop(L, 2);
    lua_pushnil(L);
    lua_setfield(L, LUA_REGISTRYINDEX, "tessera_loading");
    lua_gc(L, LUA_GCCOLLECT, 0);
    atomic_store(&load_vm_bytes,
                 (size_t)lua_gc(L, LUA_GCCOUNT, 0) * 1024 + (size_t)lua_gc(L, LUA_GCCOUNTB, 0));
    if (lib->nfuncs == 0) {
        snprintf(err, errlen, "ERR No functions registered");
        lib_free(lib);
        return NULL;
    }
    return lib;
}

static void unlink_lib(struct fn_lib *l)
{
    for (struct fn_lib **p = &libs; *p; p = &(*p)->next)
        if (*p == l) {
            *p = l->next;
            l->next = NULL;
            return;
        }
}

/* Joins the list src into the registry (Redis's libraryJoin): a library of the same name is an
 * error, or replaced with replace; a function name another library has is an error. On error
 * the registry is as it was and src is freed. */
static int join(struct fn_lib *src, int replace, int quote, char *err, size_t errlen)
{
    struct fn_lib *old = NULL; /* the replaced libraries, put back on error */
    for (struct fn_lib *l = src; l; l = l->next) {
        struct fn_lib *o = find_lib(libs, l->name, strlen(l->name));
        if (!o) continue;
        if (!replace) {
            snprintf(err, errlen,
                     quote ? "ERR Library '%s' already exists" : "ERR Library %s already exists",
                     l->name);
            goto fail;
        }
        unlink_lib(o);
        o->next = old;
        old = o;
    }
    for (struct fn_lib *l = src; l; l = l->next)
        for (int i = 0; i < l->nfuncs; i++)
            if (find_func(libs, l->funcs[i].name, strlen(l->funcs[i].name), NULL)) {
                snprintf(err, errlen, "ERR Function %s already exists", l->funcs[i].name);
                goto fail;
            }
    libs_free(old);
    while (src) {
        struct fn_lib *next = src->next;
        src->next = libs;
        libs = src;
        src = next;
    }
    atomic_fetch_add(&generation, 1);
    return 0;
fail:
    while (old) {
        struct fn_lib *next = old->next;
        old->next = libs;
        libs = old;
        old = next;
    }
    libs_free(src);
    return -1;
}

int function_load(const char *code, size_t len, int replace, char *name, size_t namelen, char *err,
                  size_t errlen)
{
    size_t skip;
    if (parse_metadata(code, len, name, namelen, &skip, err, errlen)) return -1;
    pthread_mutex_lock(&lock);
    int rc = -1;
    if (!replace && find_lib(libs, name, strlen(name))) {
        snprintf(err, errlen, "ERR Library '%s' already exists", name);
    } else {
        struct fn_lib *lib = compile_library(code, len, err, errlen);
        if (lib) rc = join(lib, replace, 1, err, errlen);
    }
    pthread_mutex_unlock(&lock);
    return rc;
}

int function_load_from_rdb(const char *code, size_t len, char *err, size_t errlen)
{
    pthread_mutex_lock(&lock);
    struct fn_lib *lib = compile_library(code, len, err, errlen);
    int rc = lib ? join(lib, 1, 1, err, errlen) : -1;
    pthread_mutex_unlock(&lock);
    return rc;
}

int function_delete(const char *name, size_t len)
{
    pthread_mutex_lock(&lock);
    struct fn_lib *l = find_lib(libs, name, len);
    if (l) {
        unlink_lib(l);
        lib_free(l);
        atomic_fetch_add(&generation, 1);
    }
    pthread_mutex_unlock(&lock);
    return l ? 0 : -1;
}

void function_flush(void)
{
    pthread_mutex_lock(&lock);
    libs_free(libs);
    libs = NULL;
    atomic_fetch_add(&generation, 1);
    pthread_mutex_unlock(&lock);
}

static void list_one(struct reply *out, const struct fn_lib *l, int withcode)
{
    reply_map(out, withcode ? 4 : 3);
    reply_bulk_cstr(out, "library_name");
    reply_bulk_cstr(out, l->name);
    reply_bulk_cstr(out, "engine");
    reply_bulk_cstr(out, "LUA");
    reply_bulk_cstr(out, "functions");
    reply_array(out, (size_t)l->nfuncs);
    for (int i = 0; i < l->nfuncs; i++) {
        const struct fn_func *f = &l->funcs[i];
        reply_map(out, 3);
        reply_bulk_cstr(out, "name");
        reply_bulk_cstr(out, f->name);
        reply_bulk_cstr(out, "description");
        if (f->desc)
            reply_bulk_cstr(out, f->desc);
        else
            reply_null(out);
        reply_bulk_cstr(out, "flags");
        size_t n = 0;
        for (size_t j = 0; j < NFLAGS; j++)
            if (f->flags & flag_names[j].flag) n++;
        reply_set(out, n);
        for (size_t j = 0; j < NFLAGS; j++)
            if (f->flags & flag_names[j].flag) reply_simple(out, flag_names[j].name);
    }
    if (withcode) {
        reply_bulk_cstr(out, "library_code");
        reply_bulk(out, l->code, l->code_len);
    }
}

void function_list(struct reply *out, const char *pattern, size_t plen, int withcode)
{
    pthread_mutex_lock(&lock);
    size_t n = 0;
    for (struct fn_lib *l = libs; l; l = l->next)
        if (!pattern || glob_match(pattern, plen, l->name, strlen(l->name), 0)) n++;
    reply_array(out, n);
    for (struct fn_lib *l = libs; l; l = l->next)
        if (!pattern || glob_match(pattern, plen, l->name, strlen(l->name), 0))
            list_one(out, l, withcode);
    pthread_mutex_unlock(&lock);
}

void function_counts(size_t *libraries, size_t *functions)
{
    pthread_mutex_lock(&lock);
    *libraries = *functions = 0;
    for (struct fn_lib *l = libs; l; l = l->next) {
        (*libraries)++;
        *functions += (size_t)l->nfuncs;
    }
    pthread_mutex_unlock(&lock);
}

size_t function_bytes(void)
{
    pthread_mutex_lock(&lock);
    size_t n = 0;
    for (struct fn_lib *l = libs; l; l = l->next) {
        n += sizeof *l + strlen(l->name) + l->code_len;
        for (int i = 0; i < l->nfuncs; i++)
            n += sizeof l->funcs[i] + strlen(l->funcs[i].name) +
                 (l->funcs[i].desc ? strlen(l->funcs[i].desc) : 0);
    }
    pthread_mutex_unlock(&lock);
    return n;
}

size_t function_vm_bytes(void)
{
    size_t n = atomic_load(&load_vm_bytes);
    return n ? n : 32768; /* Redis's empty functions VM */
}

/* ---- DUMP / RESTORE and snapshots ---- */

static void write_records(struct rdb_out *o)
{
    for (struct fn_lib *l = libs; l; l = l->next) {
        char op = (char)RDB_OPCODE_FUNCTION2;
        rdb_write_raw(o, &op, 1);
        rdb_write_string(o, l->code, l->code_len);
    }
}

char *function_rdb_records(size_t *len)
{
    struct rdb_out o;
    rdb_out_init(&o, 0);
    pthread_mutex_lock(&lock);
    write_records(&o);
    pthread_mutex_unlock(&lock);
    return rdb_out_take(&o, len);
}

char *function_dump(size_t *len)
{
    struct rdb_out o;
    rdb_out_init(&o, 0);
    pthread_mutex_lock(&lock);
    write_records(&o);
    pthread_mutex_unlock(&lock);
    unsigned char v[2] = {FN_RDB_VERSION & 0xff, FN_RDB_VERSION >> 8};
    rdb_write_raw(&o, v, 2);
    rdb_write_checksum(&o, crc64(0, o.buf, o.len));
    return rdb_out_take(&o, len);
}

int function_restore(const char *payload, size_t len, enum function_restore_policy policy,
                     char *err, size_t errlen)
{
    const unsigned char *u = (const unsigned char *)payload;
    if (len < 10) goto wrong;
    int version = u[len - 10] | u[len - 9] << 8;
    if (version > RDB_VERSION_READ) goto wrong;
    uint64_t crc = 0;
    for (int i = 0; i < 8; i++)
        crc |= (uint64_t)u[len - 8 + i] << (8 * i);
    if (crc64(0, u, len - 8) != crc) goto wrong;

    struct rdb_in in = {.p = u, .len = len - 10, .pos = 0, .version = version};
    struct fn_lib *list = NULL;
    pthread_mutex_lock(&lock);
    while (in.pos < in.len) {
        unsigned op;
        if (rdb_in_byte(&in, &op)) goto bad;
        if (op == RDB_OPCODE_FUNCTION_PRE_GA) {
            snprintf(err, errlen, "ERR Pre-GA function format not supported");
            goto fail;
        }
        if (op != RDB_OPCODE_FUNCTION2) {
            snprintf(err, errlen, "ERR given type is not a function");
            goto fail;
        }
        struct rdb_str s;
        if (rdb_in_string(&in, &s)) goto bad;
        struct fn_lib *lib = compile_library((const char *)s.p, s.len, err, errlen);
        rdb_str_free(&s);
        if (!lib) goto fail;
        if (find_lib(list, lib->name, strlen(lib->name))) {
            snprintf(err, errlen, "ERR Library %s already exists", lib->name);
            lib_free(lib);
            goto fail;
        }
        lib->next = list;
        list = lib;
    }
    int rc;
    if (policy == FN_RESTORE_FLUSH) {
        struct fn_lib *saved = libs;
        libs = NULL;
        rc = join(list, 0, 0, err, errlen);
        if (rc == 0)
            libs_free(saved);
        else
            libs = saved;
        if (rc == 0) atomic_fetch_add(&generation, 1);
    } else {
        rc = join(list, policy == FN_RESTORE_REPLACE, 0, err, errlen);
    }
    pthread_mutex_unlock(&lock);
    return rc;
bad:
    snprintf(err, errlen, "ERR %s", in.err[0] ? in.err : "bad payload");
fail:
    libs_free(list);
    pthread_mutex_unlock(&lock);
    return -1;
wrong:
    snprintf(err, errlen, "ERR DUMP payload version or checksum are wrong");
    return -1;
}

/* ---- a worker's VM ---- */

/* Compiles the library code into the worker's VM: its functions go into REG_FUNCS with the
 * flags the registry gives them, their environment the VM's globals once loaded. */
static int vm_load_library(lua_State *L, const char *code, size_t len)
{
    char err[512], name[256];
    size_t skip;
    if (parse_metadata(code, len, name, sizeof name, &skip, err, sizeof err)) return -1;
    if (run_library(L, code + skip, len - skip, err, sizeof err)) {
        log_msg(LOG_WARNING, "Loading function library %s failed: %s", name, err);
        return -1;
    }
    /* stack: env funcs. The functions now see the globals (read-only). */
    lua_newtable(L);
    lua_getmetatable(L, LUA_GLOBALSINDEX);
    lua_getfield(L, -1, "__index"); /* the real globals */
    lua_setfield(L, -3, "__index");
    lua_pop(L, 1);
    lua_pushcfunction(L, env_readonly);
    lua_setfield(L, -2, "__newindex");
    lua_setmetatable(L, -3);
    lua_getfield(L, LUA_REGISTRYINDEX, REG_FUNCS);
    lua_pushnil(L);
    while (lua_next(L, -3)) {
        lua_pushvalue(L, -2);
        lua_insert(L, -2);
        lua_rawset(L, -4);
    }
    lua_pop(L, 3);
    lua_pushnil(L);
    lua_setfield(L, LUA_REGISTRYINDEX, "tessera_loading");
    return 0;
}

static int vm_lookup(lua_State *L, const char *name, size_t len, int *flags)
{
    lua_getfield(L, LUA_REGISTRYINDEX, REG_FUNCS);
    lua_pushlstring(L, name, len);
    lua_rawget(L, -2);
    if (!lua_istable(L, -1)) {
        lua_pop(L, 2);
        return 0;
    }
    lua_getfield(L, -1, "cb");
    lua_replace(L, -3);
    lua_pop(L, 1);
    return 1;
}

int function_vm_push(lua_State *L, const char *name, size_t len, int *flags)
{
    uint64_t gen = atomic_load(&generation);
    lua_getfield(L, LUA_REGISTRYINDEX, REG_FGEN);
    uint64_t had = (uint64_t)lua_tonumber(L, -1);
    lua_pop(L, 1);
    if (had != gen) {
        lua_newtable(L);
        lua_setfield(L, LUA_REGISTRYINDEX, REG_FUNCS);
        lua_pushnumber(L, (lua_Number)gen);
        lua_setfield(L, LUA_REGISTRYINDEX, REG_FGEN);
    } else if (vm_lookup(L, name, len, flags)) {
        /* the flags are the registry's: kept with the function in the VM */
        lua_getfield(L, LUA_REGISTRYINDEX, REG_FUNCS);
        lua_pushlstring(L, name, len);
        lua_rawget(L, -2);
        lua_getfield(L, -1, "flags");
        *flags = (int)lua_tointeger(L, -1);
        lua_pop(L, 3);
        return 1;
    }
    pthread_mutex_lock(&lock);
    struct fn_lib *owner = NULL;
    struct fn_func *f = find_func(libs, name, len, &owner);
    char *code = NULL;
    size_t code_len = 0;
    if (f) {
        code = dup_n(owner->code, owner->code_len);
        code_len = owner->code_len;
        *flags = f->flags;
    }
    uint64_t now = atomic_load(&generation);
    pthread_mutex_unlock(&lock);
    if (!code) return 0;
    if (now != gen) {
        lua_pushnumber(L, (lua_Number)now);
        lua_setfield(L, LUA_REGISTRYINDEX, REG_FGEN);
        lua_newtable(L);
        lua_setfield(L, LUA_REGISTRYINDEX, REG_FUNCS);
    }
    int rc = vm_load_library(L, code, code_len);
    mem_free(code);
    if (rc || !vm_lookup(L, name, len, flags)) return 0;
    return 1;
}

void function_free_all(void)
{
    pthread_mutex_lock(&lock);
    libs_free(libs);
    libs = NULL;
    if (load_L) lua_close(load_L);
    load_L = NULL;
    pthread_mutex_unlock(&lock);
}
