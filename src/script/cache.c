/* The shared script cache (see cache.h): a chained hash table of bodies by SHA1 under a mutex. */
#include <ctype.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

#include "script/cache.h"
#include "tessera/mem.h"
#include "tessera/sha1.h"

#define NBUCKETS 1024

struct body {
    struct body *next;
    char sha[SHA1_HEX_LEN + 1];
    size_t len;
    char text[];
};

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct body *buckets[NBUCKETS];
static size_t count, bytes;
static _Atomic uint64_t generation;

void script_sha1hex(char *sha, const char *body, size_t len)
{
    static const char hex[] = "0123456789abcdef";
    struct sha1 c;
    unsigned char d[SHA1_LEN];
    sha1_init(&c);
    sha1_update(&c, body, len);
    sha1_final(&c, d);
    for (int i = 0; i < SHA1_LEN; i++) {
        sha[2 * i] = hex[d[i] >> 4];
        sha[2 * i + 1] = hex[d[i] & 15];
    }
    sha[SHA1_HEX_LEN] = '\0';
}

/* The lower-case form of a sha argument; 0 when it cannot be one (not 40 bytes). */
static int normalize(char *out, const char *sha, size_t len)
{
    if (len != SHA1_HEX_LEN) return 0;
    for (size_t i = 0; i < len; i++)
        out[i] = (char)tolower((unsigned char)sha[i]);
    out[len] = '\0';
    return 1;
}

static unsigned bucket_of(const char *sha)
{
    unsigned h = 0;
    for (int i = 0; i < 8; i++)
        h = h * 16 + (unsigned)(isdigit((unsigned char)sha[i]) ? sha[i] - '0' : sha[i] - 'a' + 10);
    return h % NBUCKETS;
}

static struct body *find(const char *sha)
{
    for (struct body *b = buckets[bucket_of(sha)]; b; b = b->next)
        if (memcmp(b->sha, sha, SHA1_HEX_LEN) == 0) return b;
    return NULL;
}

void script_cache_put(const char *sha, const char *body, size_t len)
{
    pthread_mutex_lock(&lock);
    if (!find(sha)) {
        struct body *b = mem_alloc(sizeof *b + len + 1);
        memcpy(b->sha, sha, SHA1_HEX_LEN + 1);
        b->len = len;
        memcpy(b->text, body, len);
        b->text[len] = '\0';
        unsigned i = bucket_of(sha);
        b->next = buckets[i];
        buckets[i] = b;
        count++;
        bytes += len;
    }
    pthread_mutex_unlock(&lock);
}

char *script_cache_get(const char *sha, size_t shalen, size_t *len)
{
    char key[SHA1_HEX_LEN + 1];
    if (!normalize(key, sha, shalen)) return NULL;
    char *copy = NULL;
    pthread_mutex_lock(&lock);
    struct body *b = find(key);
    if (b) {
        copy = mem_alloc(b->len + 1);
        memcpy(copy, b->text, b->len + 1);
        *len = b->len;
    }
    pthread_mutex_unlock(&lock);
    return copy;
}

int script_cache_has(const char *sha, size_t shalen)
{
    char key[SHA1_HEX_LEN + 1];
    if (!normalize(key, sha, shalen)) return 0;
    pthread_mutex_lock(&lock);
    int found = find(key) != NULL;
    pthread_mutex_unlock(&lock);
    return found;
}

static void drop_all(void)
{
    for (int i = 0; i < NBUCKETS; i++) {
        while (buckets[i]) {
            struct body *b = buckets[i];
            buckets[i] = b->next;
            mem_free(b);
        }
    }
    count = bytes = 0;
}

void script_cache_flush(void)
{
    pthread_mutex_lock(&lock);
    drop_all();
    atomic_fetch_add(&generation, 1);
    pthread_mutex_unlock(&lock);
}

uint64_t script_cache_generation(void)
{
    return atomic_load_explicit(&generation, memory_order_acquire);
}

size_t script_cache_count(void)
{
    pthread_mutex_lock(&lock);
    size_t n = count;
    pthread_mutex_unlock(&lock);
    return n;
}

size_t script_cache_bytes(void)
{
    pthread_mutex_lock(&lock);
    size_t n = bytes;
    pthread_mutex_unlock(&lock);
    return n;
}

void script_cache_free(void)
{
    pthread_mutex_lock(&lock);
    drop_all();
    pthread_mutex_unlock(&lock);
}
