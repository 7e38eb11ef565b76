/* The descriptor limit and maxclients (Redis's adjustOpenFilesLimit): at start and on CONFIG SET
 * maxclients. Main thread at start, the CONFIG SET worker later. */
#ifndef TESSERA_FDLIMIT_H
#define TESSERA_FDLIMIT_H

/* Raises RLIMIT_NOFILE as far as the system allows towards what `maxclients` clients and
 * `nworkers` workers need, and returns how many clients the limit in force leaves room for:
 * `maxclients` when it fits, fewer when it does not (logged as Redis logs it), or 0 when the
 * limit is too low to serve anyone. */
int fdlimit_fit(int maxclients, int nworkers);

#endif
