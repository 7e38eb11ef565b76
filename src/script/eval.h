/* EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT LOAD / EXISTS / FLUSH / KILL / HELP: Redis 7.0's
 * scripting commands over the worker's VM (vm.h) and the shared cache (cache.h). EVAL's family
 * runs as a transaction over its keys' shards (CMD_SCRIPT); SCRIPT on the client's worker. */
#ifndef TESSERA_SCRIPT_EVAL_H
#define TESSERA_SCRIPT_EVAL_H

#include <stddef.h>

struct cmd_ctx;
struct resp_arg;

void cmd_eval(struct cmd_ctx *ctx);
void cmd_evalsha(struct cmd_ctx *ctx);
void cmd_eval_ro(struct cmd_ctx *ctx);
void cmd_evalsha_ro(struct cmd_ctx *ctx);
void cmd_script(struct cmd_ctx *ctx);
void cmd_script_load(struct cmd_ctx *ctx);
void cmd_script_exists(struct cmd_ctx *ctx);
void cmd_script_flush(struct cmd_ctx *ctx);
void cmd_script_kill(struct cmd_ctx *ctx);
void cmd_script_help(struct cmd_ctx *ctx);
/* The keys of EVAL's family and FCALL's: numkeys at argv[2]. */
int script_getkeys(int argc, const struct resp_arg *argv, int *keys, int max);

/* A shebang line (#!lua flags=...): its flags (vm.h's SCRIPT_FLAG_*, EVAL_COMPAT without one) and
 * the bytes it takes (the code starts there, at its newline, so line numbers stay). 0, or -1 with
 * Redis's error text in err. */
int script_parse_shebang(const char *body, size_t len, int *flags, size_t *skip, char *err,
                         size_t errlen);

#endif
