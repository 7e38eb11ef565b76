/* Unit tests of the mailbox mesh: FIFO order per pair, back-pressure when full, and a producer
 * and a consumer thread passing a million messages without loss or reordering. */
#include <criterion/criterion.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>

#include "tessera/mailbox.h"

Test(mailbox, fifo_per_pair_and_full_ring)
{
    struct mailbox_mesh *m = mailbox_mesh_new(3, 8);
    for (uintptr_t i = 1; i <= 7; i++)
        cr_assert(mailbox_send(m, 0, 1, (void *)i));
    cr_assert_not(mailbox_send(m, 0, 1, (void *)8), "a full ring refuses");
    cr_assert(mailbox_send(m, 2, 1, (void *)100), "other pairs are independent");
    cr_assert_eq(mailbox_pending(m, 0, 1), 7);
    for (uintptr_t i = 1; i <= 7; i++)
        cr_assert_eq((uintptr_t)mailbox_recv(m, 0, 1), i);
    cr_assert_null(mailbox_recv(m, 0, 1));
    cr_assert_eq((uintptr_t)mailbox_recv(m, 2, 1), 100);
    mailbox_mesh_free(m);
}

#define COUNT 1000000

static void *producer(void *arg)
{
    struct mailbox_mesh *m = arg;
    for (uintptr_t i = 1; i <= COUNT; i++)
        while (!mailbox_send(m, 0, 1, (void *)i))
            sched_yield();
    return NULL;
}

Test(mailbox, threads_pass_every_message_in_order)
{
    struct mailbox_mesh *m = mailbox_mesh_new(2, 1024);
    pthread_t t;
    pthread_create(&t, NULL, producer, m);
    uintptr_t expect = 1;
    while (expect <= COUNT) {
        void *p = mailbox_recv(m, 0, 1);
        if (!p) {
            sched_yield();
            continue;
        }
        cr_assert_eq((uintptr_t)p, expect, "message %lu out of order", (unsigned long)expect);
        expect++;
    }
    pthread_join(t, NULL);
    cr_assert_null(mailbox_recv(m, 0, 1));
    mailbox_mesh_free(m);
}
