/* Listening sockets (see listener.h). Addresses as Redis's bind: "*" is every IPv4 address,
 * "::*" every IPv6 one, and a leading '-' makes an address optional (skipped if unavailable). */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "net/listener.h"
#include "tessera/config.h"

static int open_one(const char *addr, int port, char *err, size_t errlen)
{
    struct sockaddr_storage ss;
    socklen_t len;
    memset(&ss, 0, sizeof ss);
    int v6 = strchr(addr, ':') != NULL;
    if (v6) {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
        a->sin6_family = AF_INET6;
        a->sin6_port = htons((uint16_t)port);
        if (strcmp(addr, "::*") == 0)
            a->sin6_addr = in6addr_any;
        else if (inet_pton(AF_INET6, addr, &a->sin6_addr) != 1)
            return snprintf(err, errlen, "Invalid bind address '%s'", addr), -2;
        len = sizeof *a;
    } else {
        struct sockaddr_in *a = (struct sockaddr_in *)&ss;
        a->sin_family = AF_INET;
        a->sin_port = htons((uint16_t)port);
        if (strcmp(addr, "*") == 0)
            a->sin_addr.s_addr = htonl(INADDR_ANY);
        else if (inet_pton(AF_INET, addr, &a->sin_addr) != 1)
            return snprintf(err, errlen, "Invalid bind address '%s'", addr), -2;
        len = sizeof *a;
    }
    int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return snprintf(err, errlen, "socket: %s", strerror(errno)), -1;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
    if (v6) setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    if (bind(fd, (struct sockaddr *)&ss, len) < 0 ||
        listen(fd, g_config.tcp_backlog > 0 ? g_config.tcp_backlog : 511) < 0) {
        snprintf(err, errlen, "Could not create server TCP listening socket %s:%d: %s", addr, port,
                 strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

int listener_open_all(int *fds, int max, char *err, size_t errlen)
{
    return listener_open_port(fds, max, g_config.port, err, errlen);
}

int listener_open_port(int *fds, int max, int port, char *err, size_t errlen)
{
    char buf[1024];
    /* `bind ""` means Redis's default: every address. */
    snprintf(buf, sizeof buf, "%s", g_config.bind[0] ? g_config.bind : "* -::*");
    int n = 0;
    char *save = NULL;
    for (char *tok = strtok_r(buf, " ", &save); tok && n < max; tok = strtok_r(NULL, " ", &save)) {
        int optional = tok[0] == '-';
        int fd = open_one(tok + optional, port, err, errlen);
        if (fd >= 0) {
            fds[n++] = fd;
        } else if (!optional || fd == -2) {
            while (n > 0)
                close(fds[--n]);
            return 0;
        }
    }
    if (n == 0 && err[0] == '\0') snprintf(err, errlen, "no address to listen on");
    return n;
}
