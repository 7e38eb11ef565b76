/* tessera-server's entry point: configuration from an optional config file and `--name value`
 * options (Redis's order: the command line wins), then the server. Main thread. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "server/info.h"
#include "net/metrics.h"
#include "server/log.h"
#include "server/server.h"
#include "tessera/config.h"
#include "tessera/mem.h"

static void usage(void)
{
    fprintf(stderr, "Usage: tessera-server [/path/to/tessera.conf] [options]\n"
                    "       tessera-server -v or --version\n"
                    "       tessera-server -h or --help\n\n"
                    "Examples:\n"
                    "       tessera-server (run the server with default config)\n"
                    "       tessera-server /etc/tessera/6379.conf\n"
                    "       tessera-server --port 7777 --threads 4\n"
                    "       tessera-server /etc/mytessera.conf --loglevel verbose\n");
}

int main(int argc, char **argv)
{
    mem_thread_init(0);
    if (argc >= 2 && (!strcmp(argv[1], "-v") || !strcmp(argv[1], "--version"))) {
        printf("Tessera server v=%s (Redis 7.0.15 compatible)\n", TESSERA_VERSION);
        return 0;
    }
    if (argc >= 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
        usage();
        return 0;
    }
    config_defaults(&g_config);
    config_rename_command = cmd_table_rename;
    char err[2048] = "";
    const char *config_file = NULL;
    int first = 1;
    if (argc >= 2 && strncmp(argv[1], "--", 2) != 0) {
        config_file = argv[1];
        first = 2;
        if (config_load_file(&g_config, config_file, err, sizeof err) < 0) {
            fprintf(stderr, "%s", err);
            return 1;
        }
    }
    if (config_load_args(&g_config, argc - first, argv + first, err, sizeof err) < 0) {
        fprintf(stderr, "%s", err);
        return 1;
    }
    if (g_config.daemonize && daemon(1, 0) < 0) {
        perror("daemon");
        return 1;
    }
    log_open();
    config_log_inert();
    info_init(argv[0], config_file);
    if (metrics_start(err, sizeof err) < 0) {
        log_msg(LOG_WARNING, "Metrics endpoint: %s", err);
        fprintf(stderr, "Metrics endpoint: %s\n", err);
        return 1;
    }
    int rc = server_run();
    metrics_stop();
    log_close();
    return rc;
}
