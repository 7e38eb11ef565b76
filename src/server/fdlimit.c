/* The descriptor limit (see fdlimit.h), as Redis's adjustOpenFilesLimit raises it: so that
 * running out of descriptors shows as "max number of clients reached", never as a failing
 * accept. */
#include <errno.h>
#include <string.h>
#include <sys/resource.h>

#include "server/fdlimit.h"
#include "server/log.h"

/* Descriptors kept for everything but clients: Redis's 32, and per worker its io_uring, its
 * eventfd and a listener per address. */
#define RESERVED_FDS_BASE       32
#define RESERVED_FDS_PER_WORKER 4
#define DECREMENT_STEP          16

/* Tries the wanted limit, then less and less, down to the one in force; returns what it got. */
static rlim_t raise_limit(const struct rlimit *now, rlim_t want, int *error)
{
    rlim_t best = want;
    while (best > now->rlim_cur) {
        struct rlimit try = {.rlim_cur = best, .rlim_max = best};
        if (now->rlim_max == RLIM_INFINITY || now->rlim_max > best) try.rlim_max = now->rlim_max;
        if (setrlimit(RLIMIT_NOFILE, &try) == 0) return best;
        *error = errno;
        best = best > DECREMENT_STEP ? best - DECREMENT_STEP : 0;
    }
    return now->rlim_cur;
}

int fdlimit_fit(int maxclients, int nworkers)
{
    rlim_t reserved = RESERVED_FDS_BASE + (rlim_t)RESERVED_FDS_PER_WORKER * (rlim_t)nworkers;
    rlim_t want = (rlim_t)maxclients + reserved;
    struct rlimit limit;
    if (getrlimit(RLIMIT_NOFILE, &limit) == -1) {
        log_msg(LOG_WARNING,
                "Unable to obtain the current NOFILE limit (%s), assuming 1024 and setting the max "
                "clients configuration accordingly.",
                strerror(errno));
        limit.rlim_cur = 1024;
        limit.rlim_max = 1024;
    }
    if (limit.rlim_cur >= want) return maxclients;
    int error = 0;
    rlim_t old = limit.rlim_cur;
    rlim_t best = raise_limit(&limit, want, &error);
    if (best >= want) {
        log_msg(LOG_NOTICE,
                "Increased maximum number of open files to %llu (it was originally set to %llu).",
                (unsigned long long)want, (unsigned long long)old);
        return maxclients;
    }
    if (best <= reserved) {
        log_msg(LOG_WARNING,
                "Your current 'ulimit -n' of %llu is not enough for the server to start. Please "
                "increase your open file limit to at least %llu. Exiting.",
                (unsigned long long)old, (unsigned long long)want);
        return 0;
    }
    int fit = (int)(best - reserved);
    log_msg(LOG_WARNING,
            "You requested maxclients of %d requiring at least %llu max file descriptors.",
            maxclients, (unsigned long long)want);
    log_msg(LOG_WARNING, "Server can't set maximum open files to %llu because of OS error: %s.",
            (unsigned long long)want, strerror(error));
    log_msg(LOG_WARNING,
            "Current maximum open files is %llu. maxclients has been reduced to %d to compensate "
            "for low ulimit. If you need higher maxclients increase 'ulimit -n'.",
            (unsigned long long)best, fit);
    return fit;
}
