/* The `redis` table scripts see: call, pcall, error_reply, status_reply, sha1hex, log, setresp,
 * set_repl, replicate_commands, breakpoint, debug, acl_check_cmd, the version and the LOG_* and
 * REPL_* constants. redis.call runs its command through the execution path for scripts
 * (cmd/exec_script.h). Worker threads. */
#ifndef TESSERA_SCRIPT_API_H
#define TESSERA_SCRIPT_API_H

struct lua_State;

/* Makes the global `redis` (before the sandbox protects it). */
void script_api_register(struct lua_State *L);
/* redis.log(level, ...): also in the environment FUNCTION LOAD runs a library's code in. */
int script_api_log(struct lua_State *L);
/* Pushes Redis's error table {err = "CODE message"} for text ("-CODE message", "CODE message"
 * or a message without a code, which gets ERR). */
void script_push_error(struct lua_State *L, const char *text, size_t len);

#endif
