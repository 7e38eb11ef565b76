/* The function libraries every worker shares (FUNCTION LOAD / DELETE / FLUSH / RESTORE change
 * them): each library's name, code and the functions its code registers (name, flags,
 * description). A mutex guards the registry; its generation moves on every change, and each
 * worker's VM compiles the library of a function the first time it calls it after a change
 * (function_vm_push). Loading runs the code once in a Lua state of the registry's own, where only
 * redis.register_function, redis.log and the version constants exist, as in Redis 7.0. */
#ifndef TESSERA_SCRIPT_FUNCTION_H
#define TESSERA_SCRIPT_FUNCTION_H

#include <stddef.h>
#include <stdint.h>

struct lua_State;
struct reply;

enum function_restore_policy { FN_RESTORE_APPEND, FN_RESTORE_REPLACE, FN_RESTORE_FLUSH };

/* FUNCTION LOAD: the library's name in name (size namelen), or -1 with Redis's error text. */
int function_load(const char *code, size_t len, int replace, char *name, size_t namelen, char *err,
                  size_t errlen);
/* FUNCTION DELETE: 0, or -1 when there is no such library. */
int function_delete(const char *name, size_t len);
void function_flush(void);
/* FUNCTION LIST's reply (pattern NULL: every library). */
void function_list(struct reply *out, const char *pattern, size_t plen, int withcode);
/* FUNCTION STATS' engines part: the counts. */
void function_counts(size_t *libraries, size_t *functions);
/* INFO used_memory_functions, used_memory_vm_functions. */
size_t function_bytes(void);
size_t function_vm_bytes(void);

/* FUNCTION DUMP's payload (mem_free it). */
char *function_dump(size_t *len);
/* The libraries as RDB records (RDB_OPCODE_FUNCTION2 and the code) for a snapshot; mem_free. */
char *function_rdb_records(size_t *len);
/* FUNCTION RESTORE: 0, or -1 with Redis's error text. */
int function_restore(const char *payload, size_t len, enum function_restore_policy policy,
                     char *err, size_t errlen);
/* A library read from a snapshot (RDB_OPCODE_FUNCTION2's code): loaded, replacing one of the
 * same name. 0, or -1 with the error. */
int function_load_from_rdb(const char *code, size_t len, char *err, size_t errlen);

/* Pushes onto L (a worker's VM) the callback of the function name and returns 1 with its flags
 * (vm.h's SCRIPT_FLAG_*), compiling its library into L first when needed; 0 when there is no
 * such function. */
int function_vm_push(struct lua_State *L, const char *name, size_t len, int *flags);

/* At exit (main thread, workers stopped). */
void function_free_all(void);

#endif
