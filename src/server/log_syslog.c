/* syslog-enabled: log lines also go to syslog(3), as Redis sends them (see log_syslog.h). */
#include <syslog.h>

#include "server/log_syslog.h"

void log_syslog_open(const char *ident, int facility)
{
    static const int facilities[] = {LOG_USER,   LOG_LOCAL0, LOG_LOCAL1, LOG_LOCAL2, LOG_LOCAL3,
                                     LOG_LOCAL4, LOG_LOCAL5, LOG_LOCAL6, LOG_LOCAL7};
    if (facility < 0 || facility > 8) facility = 1;
    openlog(ident, LOG_PID | LOG_NDELAY | LOG_NOWAIT, facilities[facility]);
}

void log_syslog(int level, const char *msg)
{
    static const int priorities[] = {LOG_DEBUG, LOG_INFO, LOG_NOTICE, LOG_WARNING};
    if (level < 0) level = 0;
    if (level > 3) level = 3;
    syslog(priorities[level], "%s", msg);
}

void log_syslog_close(void)
{
    closelog();
}
