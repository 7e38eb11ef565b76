/* Redis's sdssplitargs, the one copy: splits a line into arguments the way redis-cli, inline
 * requests and config files do ("double quotes" with \n \r \t \b \a \xHH and \<any> escapes,
 * 'single quotes' with \' only, a closing quote must end the word). Pure, any thread. */
#ifndef TESSERA_SPLITARGS_H
#define TESSERA_SPLITARGS_H

#include <stddef.h>

/* Splits line[0..n) (a NUL byte ends the line, as in Redis's C-string version). Unquoted bytes
 * are written to out, which must hold n bytes (output never outgrows input); emit receives each
 * argument as it completes, pointing into out, and returns 0 to stop with an error.
 * Returns 1 when the line split, 0 on unbalanced quotes, -1 when emit failed. */
int splitargs(const char *line, size_t n, char *out,
              int (*emit)(const char *arg, size_t len, void *ctx), void *ctx);

#endif
