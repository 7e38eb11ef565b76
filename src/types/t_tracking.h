/* CLIENT TRACKING, CACHING, GETREDIR and TRACKINGINFO: client-side caching's commands (the
 * mechanism is cmd/tracking.c). Connection commands: the client's own worker thread. */
#ifndef TESSERA_T_TRACKING_H
#define TESSERA_T_TRACKING_H

#include "cmd/cmd.h"

void cmd_client_tracking(struct cmd_ctx *ctx);
void cmd_client_caching(struct cmd_ctx *ctx);
void cmd_client_getredir(struct cmd_ctx *ctx);
void cmd_client_trackinginfo(struct cmd_ctx *ctx);

#endif
