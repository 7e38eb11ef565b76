/* The server log (see log.h). Every line is formatted in a stack buffer and written with a single
 * write(2) on an O_APPEND descriptor, which keeps lines whole across threads without a lock.
 * log_msg: any thread; log_open/log_close: main thread. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "server/log.h"
#include "server/log_syslog.h"
#include "tessera/config.h"

/* Where lines go. Read by every logging thread, changed by log_open/log_close only. */
static int log_fd = STDOUT_FILENO;
static int to_syslog; /* syslog-enabled, fixed at log_open (the option is immutable) */

void log_open(void)
{
    const char *path = g_config.logfile;
    int fd = STDOUT_FILENO;
    if (path && path[0]) {
        fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0) {
            /* The config loader already proved the file opens; if it stopped opening since, the
             * log stays on standard output rather than being lost. */
            dprintf(STDERR_FILENO, "Can't open the log file: %s\n", strerror(errno));
            fd = STDOUT_FILENO;
        }
    }
    int old = __atomic_exchange_n(&log_fd, fd, __ATOMIC_RELEASE);
    if (old > STDERR_FILENO) close(old);
    if (g_config.syslog_enabled && !to_syslog) {
        static char ident[128];
        config_copy_string(&g_config.syslog_ident, ident, sizeof ident);
        log_syslog_open(ident, g_config.syslog_facility);
        to_syslog = 1;
    }
}

void log_close(void)
{
    int old = __atomic_exchange_n(&log_fd, STDOUT_FILENO, __ATOMIC_RELEASE);
    if (old > STDERR_FILENO) close(old);
    if (to_syslog) log_syslog_close();
    to_syslog = 0;
}

void log_msg(int level, const char *fmt, ...)
{
    static const char marks[] = ".-*#";
    if (level < CONFIG_GET(loglevel)) return;
    if (level < LOG_DEBUG) level = LOG_DEBUG;
    if (level > LOG_WARNING) level = LOG_WARNING;

    char line[LOG_MAX_LEN + 96];
    struct timeval tv;
    struct tm tm;
    gettimeofday(&tv, NULL);
    localtime_r(&tv.tv_sec, &tm);
    int off = snprintf(line, sizeof line, "%d:M ", (int)getpid());
    off += (int)strftime(line + off, sizeof line - (size_t)off, "%d %b %Y %H:%M:%S.", &tm);
    off += snprintf(line + off, sizeof line - (size_t)off, "%03d %c ", (int)(tv.tv_usec / 1000),
                    marks[level]);

    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line + off, LOG_MAX_LEN, fmt, ap);
    va_end(ap);
    if (n < 0) n = 0;
    if (n > LOG_MAX_LEN - 1) n = LOG_MAX_LEN - 1;
    if (to_syslog) log_syslog(level, line + off); /* the message alone: syslog stamps it */
    off += n;
    line[off++] = '\n';

    int fd = __atomic_load_n(&log_fd, __ATOMIC_ACQUIRE);
    const char *p = line;
    size_t left = (size_t)off;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return; /* nowhere left to report a failing log */
        p += w;
        left -= (size_t)w;
    }
}
