/* The script cache every worker shares: script bodies by their SHA1 (EVAL, SCRIPT LOAD add,
 * SCRIPT FLUSH empties it). Each worker compiles a body into its own Lua VM the first time it
 * runs it (vm.h); the cache's generation tells the VMs that SCRIPT FLUSH dropped everything.
 * Any thread; a mutex guards it (it is not on the path of a script already compiled). */
#ifndef TESSERA_SCRIPT_CACHE_H
#define TESSERA_SCRIPT_CACHE_H

#include <stddef.h>
#include <stdint.h>

#define SHA1_HEX_LEN 40

/* The lower-case hex SHA1 of a body (sha: 41 bytes). */
void script_sha1hex(char *sha, const char *body, size_t len);
/* Adds a body (sha: its script_sha1hex); nothing when it is there already. */
void script_cache_put(const char *sha, const char *body, size_t len);
/* A copy of the body of sha (any case; mem_free it), or NULL. */
char *script_cache_get(const char *sha, size_t shalen, size_t *len);
int script_cache_has(const char *sha, size_t shalen);
/* Drops every script (SCRIPT FLUSH): the generation moves on. */
void script_cache_flush(void);
uint64_t script_cache_generation(void);
/* INFO: number_of_cached_scripts, used_memory_scripts_eval. */
size_t script_cache_count(void);
size_t script_cache_bytes(void);
/* At exit (main thread, workers stopped). */
void script_cache_free(void);

#endif
