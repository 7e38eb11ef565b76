/* TLS on tls-port: one OpenSSL context built at start-up, and per connection an SSL object over
 * two memory BIOs, so the event loop (io_uring or epoll) moves ciphertext unchanged and the
 * client's plaintext paths stay as they are. tls_setup: main thread; the rest: worker thread. */
#ifndef TESSERA_TLS_H
#define TESSERA_TLS_H

#include <stddef.h>

struct client;
struct tls_conn;

/* Builds the context when tls-port is set (certificate, key, CAs, protocols, ciphers, session
 * cache). Returns 0, or -1 with the reason in err: start-up stops then. */
int tls_setup(char *err, size_t errlen);
/* Frees the context (at exit). */
void tls_teardown(void);

/* Makes c a TLS connection (accepted on tls-port); -1 when OpenSSL could not. */
int tls_attach(struct client *c);
void tls_detach(struct client *c);
/* Ciphertext received: runs the handshake, then hands the plaintext to client_on_plain. */
void tls_on_data(struct client *c, const char *data, size_t len);
/* Encrypts (a part of) the plaintext reply and sends it; client_on_sent_plain hears how much of
 * the plaintext went once its records are sent. */
void tls_send(struct client *c, const char *data, size_t len);
/* A send of ciphertext completed (res: bytes or -errno). */
void tls_on_sent(struct client *c, int res);
/* Part of a record or of the handshake has come and waits for the rest. */
int tls_mid_input(const struct client *c);
/* Best effort close_notify before the socket closes. */
void tls_close(struct client *c);

#endif
