/* OBJECT and MEMORY: what a key's value is made of (see t_object.c). */
#ifndef TESSERA_T_OBJECT_H
#define TESSERA_T_OBJECT_H

struct cmd_ctx;

void cmd_object(struct cmd_ctx *ctx);
void cmd_object_encoding(struct cmd_ctx *ctx);
void cmd_object_freq(struct cmd_ctx *ctx);
void cmd_object_idletime(struct cmd_ctx *ctx);
void cmd_object_refcount(struct cmd_ctx *ctx);
void cmd_object_help(struct cmd_ctx *ctx);
void cmd_memory(struct cmd_ctx *ctx);
void cmd_memory_usage(struct cmd_ctx *ctx);
void cmd_memory_help(struct cmd_ctx *ctx);

#endif
