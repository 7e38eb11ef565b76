/* The log's syslog(3) side (syslog-enabled): kept apart from log.h because <syslog.h> defines
 * LOG_DEBUG, LOG_NOTICE and LOG_WARNING as macros, which are our log levels' names. */
#ifndef TESSERA_LOG_SYSLOG_H
#define TESSERA_LOG_SYSLOG_H

/* openlog with ident and the facility at `facility` in user, local0 .. local7, as Redis. */
void log_syslog_open(const char *ident, int facility);
/* One message at our level (0 debug, 1 verbose, 2 notice, 3 warning). */
void log_syslog(int level, const char *msg);
void log_syslog_close(void);

#endif
