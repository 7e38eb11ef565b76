/* The server log, in Redis's line format (`PID:M 24 Nov 2026 11:24:05.123 * message`), filtered
 * by g_config.loglevel. log_msg is callable from any thread; log_open and log_close belong to
 * the main thread (before the workers start, after they stopped). */
#ifndef TESSERA_LOG_H
#define TESSERA_LOG_H

#include "tessera/config.h" /* enum log_level */

/* Redis's LOG_MAX_LEN: a longer message is cut to this many bytes less one. */
#define LOG_MAX_LEN 1024

/* Sends the log to g_config.logfile (appending), or to standard output when it is "". */
void log_open(void);
/* One line at `level` (LOG_DEBUG .. LOG_WARNING), printf-style; written with one write(2), so
 * lines from different threads never interleave. */
void log_msg(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Closes the log file; later lines go to standard output. */
void log_close(void);

#endif
