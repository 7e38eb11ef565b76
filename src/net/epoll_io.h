/* The epoll fallback of a worker's I/O, for where io_uring cannot be set up (container seccomp
 * profiles refuse it) or `io-backend epoll` asks for it. It gives worker.c the same completions
 * io_uring would: multishot accept and recv (into the worker's own receive buffers, handed out as
 * io_uring's provided-buffer ring hands them), sends that complete with the bytes sent, the
 * eventfd's read, and -ECANCELED for a cancelled recv. Sockets are non-blocking and watched
 * level-triggered; an fd is registered only while something waits on it. Worker thread only. */
#ifndef TESSERA_EPOLL_IO_H
#define TESSERA_EPOLL_IO_H

#include <stddef.h>
#include <stdint.h>

struct epoll_io;

/* One completion, with io_uring's meaning of res and flags (IORING_CQE_F_MORE, the buffer id
 * at IORING_CQE_BUFFER_SHIFT). */
struct epoll_cqe {
    uint64_t user_data;
    int32_t res;
    uint32_t flags;
};

/* nbufs receive buffers of bufsize bytes at bufs. NULL when epoll cannot be set up. */
struct epoll_io *epoll_io_new(char *bufs, unsigned nbufs, size_t bufsize);
void epoll_io_free(struct epoll_io *e);

void epoll_io_arm_accept(struct epoll_io *e, int lfd, uint64_t user_data);
/* A listener about to be closed: never look at its fd again. */
void epoll_io_forget(struct epoll_io *e, int fd);
void epoll_io_arm_read(struct epoll_io *e, int fd, void *buf, size_t len, uint64_t user_data);
void epoll_io_arm_recv(struct epoll_io *e, int fd, uint64_t user_data);
void epoll_io_cancel_recv(struct epoll_io *e, int fd);
void epoll_io_send(struct epoll_io *e, int fd, const char *data, size_t len, uint64_t user_data);
void epoll_io_return_buffer(struct epoll_io *e, unsigned bid);

/* Waits up to timeout_ns (0: only looks) unless completions are already waiting, then turns
 * ready fds into completions. */
void epoll_io_wait(struct epoll_io *e, long long timeout_ns);
/* How many completions are ready, and the i-th (by value: handlers may queue more, which moves
 * the queue); after handling the first n, epoll_io_consumed(e, n) drops them. */
unsigned epoll_io_ready(const struct epoll_io *e);
struct epoll_cqe epoll_io_cqe(const struct epoll_io *e, unsigned i);
void epoll_io_consumed(struct epoll_io *e, unsigned n);

#endif
