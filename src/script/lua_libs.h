/* The two C libraries Redis gives scripts that Debian does not package: `struct` (binary
 * pack/unpack, as Roberto Ierusalimschy's struct 0.2 bundled with Redis) and `cmsgpack`
 * (MessagePack, as antirez's lua-cmsgpack 0.4.0). Called on the thread that owns the lua_State. */
#ifndef TESSERA_SCRIPT_LUA_LIBS_H
#define TESSERA_SCRIPT_LUA_LIBS_H

#include <lua.h>

/* Each opener leaves the library table on the stack, sets the global of the same name and
 * returns 1, like a luaopen_* function. */
int tessera_open_struct(lua_State *L);
int tessera_open_cmsgpack(lua_State *L);

#endif
