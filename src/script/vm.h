/* The Lua VM of a worker: Lua 5.1 with the libraries and the sandbox Redis gives scripts
 * (read-only globals and library tables, no os/io/package/loadfile/dofile/print, no bytecode,
 * Redis's math.random), the redis API (api.c), and the scripts this worker compiled, by SHA1.
 * Made on the worker's first script; remade when SCRIPT FLUSH moved the cache's generation.
 * The worker's own thread only. */
#ifndef TESSERA_SCRIPT_VM_H
#define TESSERA_SCRIPT_VM_H

#include <stddef.h>

struct lua_State;
struct resp_arg;
struct worker;

/* Shebang flags of a script (#!lua flags=...), Redis's SCRIPT_FLAG_* meaning. */
#define SCRIPT_FLAG_NO_WRITES   (1 << 0)
#define SCRIPT_FLAG_ALLOW_OOM   (1 << 1)
#define SCRIPT_FLAG_ALLOW_STALE (1 << 2)
#define SCRIPT_FLAG_NO_CLUSTER  (1 << 3)
#define SCRIPT_FLAG_CROSS_SLOT  (1 << 4)
#define SCRIPT_FLAG_EVAL_COMPAT (1 << 5) /* no shebang: Redis 6's rules */

/* The worker's VM (made, or remade after SCRIPT FLUSH, as needed). */
struct lua_State *script_vm(struct worker *w);
/* Pushes the compiled script sha (40 lower-case hex) and returns 1 with its flags, else 0. */
int script_vm_lookup(struct lua_State *L, const char *sha, int *flags);
/* Compiles body as script sha with its flags; 0, or -1 with Redis's error text in err. */
int script_vm_compile(struct lua_State *L, const char *sha, const char *body, size_t len, int flags,
                      char *err, size_t errlen);
/* Sets the globals KEYS and ARGV of an EVAL. */
void script_vm_set_global_array(struct lua_State *L, const char *name, int n,
                                const struct resp_arg *args);
/* Pushes the error handler every run uses (adds where the error happened). */
void script_vm_push_error_handler(struct lua_State *L);
/* The bytes the worker's VM holds (INFO used_memory_vm_eval); 0 when it has none. */
size_t script_vm_memory(struct worker *w);
void script_vm_free(struct worker *w);

/* Makes the table on top of the stack read-only for scripts: replaces it with a proxy whose
 * writes fail with Redis's "Attempt to modify a readonly table" (functions use it too). */
void script_vm_protect(struct lua_State *L);

#endif
