/* TLS connections over memory BIOs (see tls.h). Received ciphertext is written into the read
 * BIO; SSL_do_handshake and SSL_read turn it into plaintext for client_on_plain. A reply is
 * encrypted in parts of at most TLS_CHUNK bytes into the write BIO, whose bytes go out through
 * worker_send like a plain reply; the part counts as sent (client_on_sent_plain) when all its
 * records are. The handshake's own bytes go out the same way as they come. */
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "net/client.h"
#include "net/tls.h"
#include "net/worker.h"
#include "server/log.h"
#include "shard/keyspace.h"
#include "tessera/config.h"
#include "tessera/mem.h"

#define TLS_CHUNK    (256 * 1024) /* plaintext encrypted per send */
#define TLS_READ_BUF (16 * 1024)  /* one record's plaintext */

struct tls_conn {
    SSL *ssl;
    BIO *rbio, *wbio; /* owned by ssl */
    char *obuf;       /* ciphertext being sent: obuf[ooff..olen) */
    size_t olen, ooff, ocap;
    size_t plain; /* plaintext whose records are in wbio or obuf, reported once they are sent */
    unsigned handshaken : 1;
    unsigned dead : 1; /* a fatal error: no close_notify, no more writes */
};

/* tls-auth-clients, Redis's order (config_inert.c's names) */
enum { TLS_AUTH_NO = 0, TLS_AUTH_YES = 1, TLS_AUTH_OPTIONAL = 2 };

#define TLS_MAX_WORKERS 256 /* the threads option's maximum */

/* The context CONFIG SET may replace: the current one holds a reference, and each worker holds
 * one to the context it accepts with, taken again when the generation moved on. */
static pthread_mutex_t ctx_lock = PTHREAD_MUTEX_INITIALIZER;
static SSL_CTX *ctx_current;
static _Atomic unsigned ctx_gen;
static struct worker_ctx {
    SSL_CTX *ctx;
    unsigned gen;
} worker_ctx[TLS_MAX_WORKERS];

/* The first OpenSSL error of this thread, as text, and the queue cleared. */
static const char *ssl_error(char *buf, size_t len)
{
    unsigned long e = ERR_get_error();
    if (e)
        ERR_error_string_n(e, buf, len);
    else
        snprintf(buf, len, "unknown error");
    ERR_clear_error();
    return buf;
}

static int key_password(char *buf, int size, int rwflag, void *u)
{
    const char *pass = u;
    int n = (int)strlen(pass);
    if (n > size) n = size;
    memcpy(buf, pass, (size_t)n);
    return n;
}

/* tls-protocols as SSL_OP_NO_* options: "" is TLSv1.2 and TLSv1.3, as in Redis. */
static int protocol_options(const char *spec, long *opts)
{
    static const struct {
        const char *name;
        long op;
    } protos[] = {{"tlsv1", SSL_OP_NO_TLSv1},
                  {"tlsv1.1", SSL_OP_NO_TLSv1_1},
                  {"tlsv1.2", SSL_OP_NO_TLSv1_2},
                  {"tlsv1.3", SSL_OP_NO_TLSv1_3}};
    long all = SSL_OP_NO_TLSv1 | SSL_OP_NO_TLSv1_1 | SSL_OP_NO_TLSv1_2 | SSL_OP_NO_TLSv1_3;
    if (!spec[0]) {
        *opts = SSL_OP_NO_TLSv1 | SSL_OP_NO_TLSv1_1;
        return 0;
    }
    char buf[256];
    snprintf(buf, sizeof buf, "%s", spec);
    long keep = 0;
    char *save = NULL;
    for (char *tok = strtok_r(buf, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        size_t i;
        for (i = 0; i < sizeof protos / sizeof protos[0]; i++)
            if (strcasecmp(tok, protos[i].name) == 0) break;
        if (i == sizeof protos / sizeof protos[0]) return -1;
        keep |= protos[i].op;
    }
    if (!keep) return -1;
    *opts = all & ~keep;
    return 0;
}

/* The context as the configuration in force describes it; NULL with the reason in err. */
static SSL_CTX *build_ctx(char *err, size_t errlen)
{
    char ebuf[256];
    const char *cert = CONFIG_GET_STR(inert.tls_cert_file),
               *key = CONFIG_GET_STR(inert.tls_key_file);
    const char *pass = CONFIG_GET_STR(inert.tls_key_file_pass);
    const char *ca_file = CONFIG_GET_STR(inert.tls_ca_cert_file);
    const char *ca_dir = CONFIG_GET_STR(inert.tls_ca_cert_dir);
    long proto_opts;
    if (!cert[0]) return snprintf(err, errlen, "No tls-cert-file configured!"), NULL;
    if (!key[0]) return snprintf(err, errlen, "No tls-key-file configured!"), NULL;
    if (CONFIG_GET(inert.tls_auth_clients) != TLS_AUTH_NO && !ca_file[0] && !ca_dir[0])
        return snprintf(err, errlen,
                        "Either tls-ca-cert-file or tls-ca-cert-dir must be specified when "
                        "tls-auth-clients is enabled!"),
               NULL;
    if (protocol_options(CONFIG_GET_STR(inert.tls_protocols), &proto_opts) < 0)
        return snprintf(err, errlen,
                        "Invalid tls-protocols specified. Use a combination of 'TLSv1', "
                        "'TLSv1.1', 'TLSv1.2' and 'TLSv1.3'."),
               NULL;
    SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
    if (!ctx)
        return snprintf(err, errlen, "Failed to create TLS context: %s",
                        ssl_error(ebuf, sizeof ebuf)),
               NULL;
    SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | proto_opts);
    if (CONFIG_GET(inert.tls_prefer_server_ciphers))
        SSL_CTX_set_options(ctx, SSL_OP_CIPHER_SERVER_PREFERENCE);
    /* Idle connections give their record buffers back. */
    SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);
    if (CONFIG_GET(inert.tls_session_caching)) {
        SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_SERVER);
        SSL_CTX_sess_set_cache_size(ctx, CONFIG_GET(inert.tls_session_cache_size));
        SSL_CTX_set_timeout(ctx, CONFIG_GET(inert.tls_session_cache_timeout));
        SSL_CTX_set_session_id_context(ctx, (const unsigned char *)"tessera", 7);
    } else {
        SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    }
    if (pass[0]) {
        SSL_CTX_set_default_passwd_cb(ctx, key_password);
        SSL_CTX_set_default_passwd_cb_userdata(ctx, (void *)pass);
    }
    if (SSL_CTX_use_certificate_chain_file(ctx, cert) <= 0) {
        snprintf(err, errlen, "Failed to load certificate: %s: %s", cert,
                 ssl_error(ebuf, sizeof ebuf));
        goto fail;
    }
    if (SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) <= 0) {
        snprintf(err, errlen, "Failed to load private key: %s: %s", key,
                 ssl_error(ebuf, sizeof ebuf));
        goto fail;
    }
    if (SSL_CTX_check_private_key(ctx) <= 0) {
        snprintf(err, errlen, "Private key %s does not match certificate %s: %s", key, cert,
                 ssl_error(ebuf, sizeof ebuf));
        goto fail;
    }
    if ((ca_file[0] || ca_dir[0]) &&
        SSL_CTX_load_verify_locations(ctx, ca_file[0] ? ca_file : NULL,
                                      ca_dir[0] ? ca_dir : NULL) <= 0) {
        snprintf(err, errlen, "Failed to configure CA certificate(s) file/directory: %s",
                 ssl_error(ebuf, sizeof ebuf));
        goto fail;
    }
    const char *ciphers = CONFIG_GET_STR(inert.tls_ciphers);
    if (ciphers[0] && !SSL_CTX_set_cipher_list(ctx, ciphers)) {
        snprintf(err, errlen, "Failed to configure ciphers: %s", ciphers);
        goto fail;
    }
    const char *suites = CONFIG_GET_STR(inert.tls_ciphersuites);
    if (suites[0] && !SSL_CTX_set_ciphersuites(ctx, suites)) {
        snprintf(err, errlen, "Failed to configure ciphersuites: %s", suites);
        goto fail;
    }
    const char *dh_file = CONFIG_GET_STR(inert.tls_dh_params_file);
    if (dh_file[0]) {
        BIO *b = BIO_new_file(dh_file, "r");
        EVP_PKEY *dh = b ? PEM_read_bio_Parameters(b, NULL) : NULL;
        BIO_free(b);
        if (!dh || !SSL_CTX_set0_tmp_dh_pkey(ctx, dh)) {
            EVP_PKEY_free(dh);
            snprintf(err, errlen, "Failed to load %s: %s", dh_file, ssl_error(ebuf, sizeof ebuf));
            goto fail;
        }
    }
    /* The password is read only while the key loads. */
    SSL_CTX_set_default_passwd_cb_userdata(ctx, NULL);
    return ctx;
fail:
    ERR_clear_error();
    SSL_CTX_free(ctx);
    return NULL;
}

/* Swaps ctx in as the current context (consumes its reference). */
static void publish_ctx(SSL_CTX *ctx)
{
    pthread_mutex_lock(&ctx_lock);
    SSL_CTX *old = ctx_current;
    ctx_current = ctx;
    atomic_fetch_add_explicit(&ctx_gen, 1, memory_order_release);
    pthread_mutex_unlock(&ctx_lock);
    SSL_CTX_free(old); /* connections made with it hold references of their own */
}

/* The tls-port the listeners were opened on (0: none). */
static long long port_open;

int tls_setup(char *err, size_t errlen)
{
    port_open = CONFIG_GET(inert.tls_port);
    if (port_open == 0) return 0;
    SSL_CTX *ctx = build_ctx(err, errlen);
    if (!ctx) return -1;
    publish_ctx(ctx);
    return 0;
}

int worker_tls_reload(char *err, size_t errlen)
{
    if (CONFIG_GET(inert.tls_port) != port_open) {
        snprintf(err, errlen, "tls-port can't change at run time (listening on %lld)", port_open);
        return -2;
    }
    if (port_open == 0) return 0; /* kept for when TLS is on at the next start */
    SSL_CTX *ctx = build_ctx(err, errlen);
    if (!ctx) return -1;
    publish_ctx(ctx);
    log_msg(LOG_NOTICE, "TLS configuration reloaded");
    return 0;
}

void tls_teardown(void)
{
    for (int i = 0; i < TLS_MAX_WORKERS; i++) {
        SSL_CTX_free(worker_ctx[i].ctx);
        worker_ctx[i].ctx = NULL;
    }
    SSL_CTX_free(ctx_current);
    ctx_current = NULL;
}

/* This worker's reference to the current context: refreshed, under the lock, only after a
 * CONFIG SET replaced it, so accepting takes no lock otherwise. */
static SSL_CTX *worker_ctx_get(int id)
{
    struct worker_ctx *wc = &worker_ctx[id];
    unsigned gen = atomic_load_explicit(&ctx_gen, memory_order_acquire);
    if (wc->ctx && wc->gen == gen) return wc->ctx;
    SSL_CTX *old = wc->ctx;
    pthread_mutex_lock(&ctx_lock);
    wc->ctx = ctx_current;
    if (wc->ctx) SSL_CTX_up_ref(wc->ctx);
    wc->gen = atomic_load_explicit(&ctx_gen, memory_order_relaxed);
    pthread_mutex_unlock(&ctx_lock);
    SSL_CTX_free(old);
    return wc->ctx;
}

int tls_attach(struct client *c)
{
    int id = c->s.w->id;
    SSL_CTX *ctx = id >= 0 && id < TLS_MAX_WORKERS ? worker_ctx_get(id) : NULL;
    if (!ctx) return -1;
    struct tls_conn *t = mem_calloc(1, sizeof *t);
    t->ssl = SSL_new(ctx);
    t->rbio = BIO_new(BIO_s_mem());
    t->wbio = BIO_new(BIO_s_mem());
    if (!t->ssl || !t->rbio || !t->wbio) {
        SSL_free(t->ssl);
        BIO_free(t->rbio);
        BIO_free(t->wbio);
        mem_free(t);
        ERR_clear_error();
        return -1;
    }
    /* An empty read BIO means "wait for more", not end of file. */
    BIO_set_mem_eof_return(t->rbio, -1);
    BIO_set_mem_eof_return(t->wbio, -1);
    SSL_set_bio(t->ssl, t->rbio, t->wbio);
    SSL_set_accept_state(t->ssl);
    switch (CONFIG_GET(inert.tls_auth_clients)) {
    case TLS_AUTH_NO:
        SSL_set_verify(t->ssl, SSL_VERIFY_NONE, NULL);
        break;
    case TLS_AUTH_OPTIONAL:
        SSL_set_verify(t->ssl, SSL_VERIFY_PEER, NULL);
        break;
    default:
        SSL_set_verify(t->ssl, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, NULL);
        break;
    }
    c->tls = t;
    return 0;
}

void tls_detach(struct client *c)
{
    struct tls_conn *t = c->tls;
    if (!t) return;
    SSL_free(t->ssl); /* and both BIOs */
    mem_free(t->obuf);
    mem_free(t);
    c->tls = NULL;
}

/* Sends what the write BIO holds, unless a send is under way (its completion comes back here). */
static void pump(struct client *c)
{
    struct tls_conn *t = c->tls;
    if (c->send_inflight) return;
    size_t n = BIO_ctrl_pending(t->wbio);
    if (n == 0) return;
    if (n > TLS_CHUNK + 4096) n = TLS_CHUNK + 4096;
    if (n > t->ocap) {
        mem_free(t->obuf);
        t->obuf = mem_alloc(n);
        t->ocap = n;
    }
    int got = BIO_read(t->wbio, t->obuf, (int)n);
    if (got <= 0) return;
    t->olen = (size_t)got;
    t->ooff = 0;
    worker_send(c->s.w, c, t->obuf, t->olen);
}

/* A TLS error: the alert OpenSSL wrote, if any, goes out, then the connection closes. */
static void fail(struct client *c, const char *when, int ssl_err)
{
    char ebuf[256];
    struct tls_conn *t = c->tls;
    t->dead = 1;
    log_msg(LOG_VERBOSE, "TLS error %s (client id=%llu addr=%s): %s", when,
            (unsigned long long)c->s.id, c->s.addr,
            ssl_err == SSL_ERROR_SYSCALL ? "unexpected end of stream"
                                         : ssl_error(ebuf, sizeof ebuf));
    ERR_clear_error();
    pump(c);
    client_close_after_reply(c);
}

void tls_on_data(struct client *c, const char *data, size_t len)
{
    struct tls_conn *t = c->tls;
    c->last_interaction_ms = ks_now_ms();
    if (c->s.closing || c->s.close_after || t->dead) return;
    if (BIO_write(t->rbio, data, (int)len) != (int)len) {
        fail(c, "buffering input", SSL_ERROR_SSL);
        return;
    }
    ERR_clear_error();
    if (!t->handshaken) {
        int r = SSL_do_handshake(t->ssl);
        if (r != 1) {
            int e = SSL_get_error(t->ssl, r);
            if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE)
                pump(c);
            else
                fail(c, "accepting a client connection", e);
            return;
        }
        t->handshaken = 1;
    }
    char buf[TLS_READ_BUF];
    while (!c->s.closing && !c->s.close_after) {
        int n = SSL_read(t->ssl, buf, sizeof buf);
        if (n > 0) {
            client_on_plain(c, buf, (size_t)n);
            continue;
        }
        int e = SSL_get_error(t->ssl, n);
        if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) break;
        if (e == SSL_ERROR_ZERO_RETURN) { /* close_notify: as the end of the stream */
            if (c->s.blocked)
                client_close(c);
            else
                client_close_after_reply(c);
            break;
        }
        fail(c, "reading", e);
        return;
    }
    if (!c->s.closing) pump(c); /* tickets, alerts, key updates */
}

void tls_send(struct client *c, const char *data, size_t len)
{
    struct tls_conn *t = c->tls;
    if (len > TLS_CHUNK) len = TLS_CHUNK;
    ERR_clear_error();
    int n = t->dead || !t->handshaken ? -1 : SSL_write(t->ssl, data, (int)len);
    if (n != (int)len) {
        /* A memory BIO takes everything: only a broken connection refuses. */
        t->dead = 1;
        ERR_clear_error();
        client_close(c);
        return;
    }
    t->plain = len;
    pump(c);
}

void tls_on_sent(struct client *c, int res)
{
    struct tls_conn *t = c->tls;
    c->send_inflight = 0;
    if (res <= 0 || c->s.closing) {
        t->plain = 0;
        client_on_sent_plain(c, res); /* closes or releases */
        return;
    }
    t->ooff += (size_t)res;
    if (t->ooff < t->olen) {
        worker_send(c->s.w, c, t->obuf + t->ooff, t->olen - t->ooff);
        return;
    }
    t->olen = t->ooff = 0;
    if (t->ocap > 2 * TLS_READ_BUF) { /* a big reply's buffer goes back */
        mem_free(t->obuf);
        t->obuf = NULL;
        t->ocap = 0;
    }
    if (BIO_ctrl_pending(t->wbio)) {
        pump(c);
        return;
    }
    size_t plain = t->plain;
    t->plain = 0;
    if (plain) {
        client_on_sent_plain(c, (int)plain);
        return;
    }
    /* Handshake bytes or an alert went out: replies or a close may wait behind them. */
    client_mark_dirty(c);
}

int tls_mid_input(const struct client *c)
{
    const struct tls_conn *t = c->tls;
    return !t->handshaken || BIO_ctrl_pending(t->rbio) > 0 || SSL_has_pending(t->ssl);
}

void tls_close(struct client *c)
{
    struct tls_conn *t = c->tls;
    if (!t->handshaken || t->dead || c->send_inflight || c->fd_shut) return;
    if (BIO_ctrl_pending(t->wbio)) return; /* records of a reply still unsent */
    ERR_clear_error();
    SSL_shutdown(t->ssl);
    char buf[256];
    int n = BIO_read(t->wbio, buf, sizeof buf);
    if (n > 0) {
        ssize_t ignored = send(c->fd, buf, (size_t)n, MSG_DONTWAIT | MSG_NOSIGNAL);
        (void)ignored;
    }
    ERR_clear_error();
    t->dead = 1;
}
