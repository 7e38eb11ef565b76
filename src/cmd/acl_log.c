/* ACL LOG: the denied commands, keys, channels and failed logins, newest first, with Redis's
 * grouping of repeats. Any worker thread; takes acl_lock. */
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "cmd/acl.h"
#include "cmd/acl_internal.h"
#include "cmd/session.h"
#include "tessera/config.h"
#include "tessera/mem.h"
#include "tessera/reply.h"

struct log_entry {
    long long count;
    enum acl_result reason;
    int multi;
    char *object, *username, *client_info;
    long long ctime_ms;
};

static struct log_entry *acllog; /* newest first */
static size_t nlog;

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void entry_free(struct log_entry *e)
{
    mem_free(e->object);
    mem_free(e->username);
    mem_free(e->client_info);
}

void acl_log_add(struct session *s, enum acl_result reason, int multi, const char *object,
                 size_t olen, const char *username)
{
    struct reply info;
    reply_init(&info, 2);
    session_describe(s, &info);
    size_t ilen = info.len;
    while (ilen && (info.data[ilen - 1] == '\n' || info.data[ilen - 1] == '\r'))
        ilen--;
    long long now = now_ms();
    long long maxlen = CONFIG_GET(acllog_max_len);
    pthread_mutex_lock(&acl_lock);
    /* Redis groups a repeat of a recent entry (same reason, context, object and user). */
    size_t found = nlog;
    for (size_t i = 0; i < nlog; i++) {
        struct log_entry *e = &acllog[i];
        if (e->reason == reason && e->multi == multi && strlen(e->object) == olen &&
            memcmp(e->object, object, olen) == 0 && strcmp(e->username, username) == 0 &&
            now - e->ctime_ms < 60000) {
            found = i;
            break;
        }
    }
    struct log_entry e;
    if (found < nlog) {
        e = acllog[found];
        e.count++;
        e.ctime_ms = now;
        mem_free(e.client_info);
        e.client_info = mem_strndup(info.data, ilen);
        memmove(&acllog[1], &acllog[0], found * sizeof e);
    } else {
        e = (struct log_entry){.count = 1,
                               .reason = reason,
                               .multi = multi,
                               .object = mem_strndup(object, olen),
                               .username = mem_strndup(username, strlen(username)),
                               .client_info = mem_strndup(info.data, ilen),
                               .ctime_ms = now};
        acllog = mem_realloc(acllog, (nlog + 1) * sizeof *acllog);
        memmove(&acllog[1], &acllog[0], nlog * sizeof e);
        nlog++;
    }
    acllog[0] = e;
    while (nlog > 0 && (long long)nlog > maxlen)
        entry_free(&acllog[--nlog]);
    pthread_mutex_unlock(&acl_lock);
    reply_free(&info);
}

static const char *reason_name(enum acl_result r)
{
    switch (r) {
    case ACL_DENIED_CMD:
        return "command";
    case ACL_DENIED_KEY:
        return "key";
    case ACL_DENIED_CHANNEL:
        return "channel";
    case ACL_DENIED_AUTH:
        return "auth";
    default:
        return "unknown";
    }
}

void acl_log_reply(struct reply *r, long count)
{
    pthread_mutex_lock(&acl_lock);
    size_t n = count < 0 || (size_t)count > nlog ? nlog : (size_t)count;
    long long now = now_ms();
    reply_array(r, n);
    for (size_t i = 0; i < n; i++) {
        const struct log_entry *e = &acllog[i];
        reply_map(r, 7);
        reply_bulk_cstr(r, "count");
        reply_int(r, e->count);
        reply_bulk_cstr(r, "reason");
        reply_bulk_cstr(r, reason_name(e->reason));
        reply_bulk_cstr(r, "context");
        reply_bulk_cstr(r, e->multi == 2 ? "lua" : e->multi ? "multi" : "toplevel");
        reply_bulk_cstr(r, "object");
        reply_bulk_cstr(r, e->object);
        reply_bulk_cstr(r, "username");
        reply_bulk_cstr(r, e->username);
        reply_bulk_cstr(r, "age-seconds");
        reply_double(r, (double)(now - e->ctime_ms) / 1000.0);
        reply_bulk_cstr(r, "client-info");
        reply_bulk_cstr(r, e->client_info);
    }
    pthread_mutex_unlock(&acl_lock);
}

void acl_log_reset(void)
{
    pthread_mutex_lock(&acl_lock);
    for (size_t i = 0; i < nlog; i++)
        entry_free(&acllog[i]);
    nlog = 0;
    pthread_mutex_unlock(&acl_lock);
}
