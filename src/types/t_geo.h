/* Geo commands (see t_geo.c): geo sets are sorted sets scored by Redis's 52-bit geohash. */
#ifndef TESSERA_T_GEO_H
#define TESSERA_T_GEO_H

#include "cmd/cmd.h"

void cmd_geoadd(struct cmd_ctx *ctx);
void cmd_geodist(struct cmd_ctx *ctx);
void cmd_geohash(struct cmd_ctx *ctx);
void cmd_geopos(struct cmd_ctx *ctx);
void cmd_georadius(struct cmd_ctx *ctx);
void cmd_georadius_ro(struct cmd_ctx *ctx);
void cmd_georadiusbymember(struct cmd_ctx *ctx);
void cmd_georadiusbymember_ro(struct cmd_ctx *ctx);
void cmd_geosearch(struct cmd_ctx *ctx);
void cmd_geosearchstore(struct cmd_ctx *ctx);

/* Key finders of GEORADIUS and GEORADIUSBYMEMBER (cmd_getkeys_fn): the source, the keys after
 * the first STORE and the first STOREDIST (Redis's key specs), and the one the command stores
 * into (after the last of them) if it is another. */
int geo_getkeys_georadius(int argc, const struct resp_arg *argv, int *keys, int max);
int geo_getkeys_georadiusbymember(int argc, const struct resp_arg *argv, int *keys, int max);

#endif
