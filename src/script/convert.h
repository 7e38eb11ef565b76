/* Conversions between Redis replies and Lua values, exactly as Redis's scripting does them:
 * a command's reply (RESP2 or RESP3 bytes, as the script asked with redis.setresp) becomes a Lua
 * value for redis.call; the value a script returns becomes the client's reply. */
#ifndef TESSERA_SCRIPT_CONVERT_H
#define TESSERA_SCRIPT_CONVERT_H

#include <stddef.h>

struct lua_State;
struct reply;

/* Pushes the Lua value of the one reply in p[0..n) (errors become {err=...} tables). Returns
 * 1 when the reply is an error. */
int script_push_reply(struct lua_State *L, const char *p, size_t n);
/* Writes the value on top of the stack (popped) as the client's reply; script_resp is the
 * protocol the script chose (booleans follow it, as in Redis). Returns 1 when it wrote an
 * error reply, with its text's start in *err (for the error statistics). */
int script_write_result(struct lua_State *L, struct reply *out, int script_resp);

#endif
