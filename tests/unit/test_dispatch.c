/* Unit tests of routing and the hold protocol (src/dispatch/, src/cmd/exec.c) over a fake Net
 * (fake_net.c): commands run here or travel as one batch per shard with replies kept in order;
 * multi-shard commands hold their shards in ascending order, defer other work behind the hold
 * and release; crossing transactions serialize under any delivery order; MULTI/EXEC and WATCH;
 * a blocked BLPOP served by a push from another worker. One thread plays every worker. */
#include <criterion/criterion.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dispatch/blocking.h"
#include "fake_net.h"
#include "shard/keyspace.h"
#include "tessera/slot.h"

/* A key named prefix<N> whose slot maps to the given shard (of g_nworkers). */
static void key_on(char *buf, size_t cap, const char *prefix, int shard)
{
    for (int i = 0;; i++) {
        snprintf(buf, cap, "%s%d", prefix, i);
        if (shard_of_slot(slot_of_key(buf, strlen(buf)), g_nworkers) == shard) return;
    }
}

/* printf into one of a few rotating buffers: request lines and expected replies. */
static const char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static const char *fmt(const char *f, ...)
{
    static char bufs[16][512];
    static int next;
    char *b = bufs[next++ % 16];
    va_list ap;
    va_start(ap, f);
    vsnprintf(b, sizeof bufs[0], f, ap);
    va_end(ap);
    return b;
}

/* The keys a shard holds in db 0, read as its current toucher. */
static uint64_t keys_in(int shard)
{
    struct shard *s = &g_workers[shard]->shard;
    int was = shard_thread_id;
    fake_on(s->toucher);
    uint64_t n = ks_size(s, 0);
    fake_on(was);
    return n;
}

static void expect_log(int i, int from, int to, int kind)
{
    cr_assert_lt(i, g_fake_nlog, "message %d was never sent", i);
    cr_assert(g_fake_log[i].from == from && g_fake_log[i].to == to && g_fake_log[i].kind == kind,
              "message %d: %d->%d kind %d, expected %d->%d kind %d", i, g_fake_log[i].from,
              g_fake_log[i].to, g_fake_log[i].kind, from, to, kind);
}

static void setup2(void)
{
    fake_setup(2);
}

static void setup3(void)
{
    fake_setup(3);
}

static void teardown(void)
{
    fake_teardown();
}

/* ---- 1. routing ---- */

TestSuite(route, .init = setup3, .fini = teardown);

Test(route, local_key_runs_at_once)
{
    char k0[32];
    key_on(k0, sizeof k0, "k", 0);
    struct fake_session *a = fake_session_new(0);
    fake_send(a, fmt("SET %s v", k0), NULL);
    cr_assert_str_eq(fake_take(a), "+OK\r\n", "the reply is there without any delivery");
    cr_assert_eq(g_fake_nlog, 0, "nothing went over the mesh");
    fake_send(a, fmt("GET %s", k0), NULL);
    cr_assert_str_eq(fake_take(a), "$1\r\nv\r\n");
}

Test(route, remote_key_waits_for_its_batch)
{
    char k1[32];
    key_on(k1, sizeof k1, "k", 1);
    struct fake_session *a = fake_session_new(0);
    fake_send(a, fmt("SET %s v", k1), NULL);
    cr_assert_str_eq(fake_take(a), "", "no reply before the batch comes back");
    cr_assert_eq(fake_pending(0, 1), 1);
    struct msg *m = fake_peek(0, 1);
    cr_assert_eq(m->kind, MSG_EXEC);
    cr_assert_eq(((struct exec_batch *)m)->shard, 1);
    cr_assert_eq(((struct exec_batch *)m)->ncmds, 1);
    cr_assert_eq(keys_in(1), 0, "the owner has not run it yet");

    cr_assert_eq(fake_deliver(0, 1), 1);
    cr_assert_eq(keys_in(1), 1, "the owner ran it on delivery");
    cr_assert_str_eq(fake_take(a), "", "the replies are still on their way home");
    cr_assert_eq(fake_pending(1, 0), 1);
    cr_assert_eq(fake_peek(1, 0)->kind, MSG_EXEC_DONE);
    fake_deliver(1, 0);
    cr_assert_str_eq(fake_take(a), "+OK\r\n");
}

Test(route, consecutive_commands_travel_as_one_message)
{
    char k1[32], k1b[32];
    key_on(k1, sizeof k1, "k", 1);
    key_on(k1b, sizeof k1b, "other", 1);
    struct fake_session *a = fake_session_new(0);
    fake_send(a, fmt("SET %s a", k1), fmt("SET %s b", k1b), fmt("GET %s", k1), fmt("GET %s", k1b),
              NULL);
    cr_assert_eq(fake_log_count(0, 1, MSG_EXEC), 1, "one message for four commands");
    cr_assert_eq(((struct exec_batch *)fake_peek(0, 1))->ncmds, 4);
    cr_assert_str_eq(fake_take(a), "");
    cr_assert_eq(fake_pump(), 2, "the batch there and back");
    cr_assert_str_eq(fake_take(a), "+OK\r\n+OK\r\n$1\r\na\r\n$1\r\nb\r\n");
}

Test(route, local_reply_after_a_batch_keeps_its_place)
{
    char k0[32], k1[32];
    key_on(k0, sizeof k0, "k", 0);
    key_on(k1, sizeof k1, "k", 1);
    struct fake_session *a = fake_session_new(0);
    fake_send(a, fmt("SET %s here", k0), NULL);
    cr_assert_str_eq(fake_take(a), "+OK\r\n");

    fake_send(a, fmt("SET %s there", k1), fmt("GET %s", k0), NULL);
    cr_assert_eq(fake_pending(0, 1), 1);
    cr_assert_eq(((struct exec_batch *)fake_peek(0, 1))->ncmds, 1, "GET ran here, not in it");
    cr_assert_str_eq(fake_take(a), "", "the local reply waits behind the batch's place");
    fake_pump();
    cr_assert_str_eq(fake_take(a), "+OK\r\n$4\r\nhere\r\n");
}

Test(route, batch_stops_growing_behind_a_local_reply)
{
    char k0[32], k1[32];
    key_on(k0, sizeof k0, "k", 0);
    key_on(k1, sizeof k1, "k", 1);
    struct fake_session *a = fake_session_new(0);
    fake_send(a, fmt("SET %s 0", k0), fmt("SET %s 1", k1), NULL);
    fake_pump();
    cr_assert_str_eq(fake_take(a), "+OK\r\n+OK\r\n");
    fake_log_clear();

    /* shard 1, shard 0, shard 1: the second GET cannot join the first batch, since its reply
     * would then come before the local one. */
    fake_send(a, fmt("GET %s", k1), fmt("GET %s", k0), fmt("GET %s", k1), NULL);
    cr_assert_eq(fake_log_count(0, 1, MSG_EXEC), 2);
    cr_assert_str_eq(fake_take(a), "");
    fake_pump();
    cr_assert_str_eq(fake_take(a), "$1\r\n1\r\n$1\r\n0\r\n$1\r\n1\r\n");
}

Test(route, replies_from_two_shards_leave_in_request_order)
{
    char k0[32], k1[32], k2[32];
    key_on(k0, sizeof k0, "k", 0);
    key_on(k1, sizeof k1, "k", 1);
    key_on(k2, sizeof k2, "k", 2);
    struct fake_session *a = fake_session_new(0);
    fake_send(a, fmt("SET %s one", k1), fmt("SET %s two", k2), fmt("GET %s", k0), NULL);
    cr_assert_eq(fake_log_count(0, 1, MSG_EXEC), 1);
    cr_assert_eq(fake_log_count(0, 2, MSG_EXEC), 1);
    /* Shard 2's batch comes home first: its reply, and the local one, wait for shard 1's. */
    fake_deliver(0, 2);
    fake_deliver(2, 0);
    cr_assert_str_eq(fake_take(a), "");
    fake_deliver(0, 1);
    fake_deliver(1, 0);
    cr_assert_str_eq(fake_take(a), "+OK\r\n+OK\r\n$-1\r\n");
    cr_assert_eq(fake_pump(), 0);
}

/* ---- 2. multi-shard commands hold their shards ---- */

TestSuite(hold, .init = setup3, .fini = teardown);

Test(hold, mset_holds_in_order_runs_when_held_and_releases)
{
    char k0[32], k1[32];
    key_on(k0, sizeof k0, "k", 0);
    key_on(k1, sizeof k1, "k", 1);
    struct fake_session *a = fake_session_new(0);
    fake_send(a, fmt("MSET %s v0 %s v1", k0, k1), NULL);

    /* Its own shard first, at once; then one request to shard 1. */
    struct txn *t = g_workers[0]->shard.holder;
    cr_assert_not_null(t, "the coordinator holds its own shard");
    cr_assert_eq(t->coord, 0);
    cr_assert_null(g_workers[1]->shard.holder);
    cr_assert_eq(g_fake_nlog, 1);
    expect_log(0, 0, 1, MSG_HOLD);
    cr_assert(a->s.waiting, "the client's further input waits");
    cr_assert_eq(keys_in(0) + keys_in(1), 0, "nothing runs before every shard is held");

    fake_deliver(0, 1);
    cr_assert_eq(g_workers[1]->shard.holder, t, "shard 1 granted to the same transaction");
    cr_assert_eq(g_workers[1]->shard.toucher, 0, "the coordinator may touch it now");
    expect_log(1, 1, 0, MSG_HELD);
    cr_assert_eq(keys_in(0) + keys_in(1), 0);
    cr_assert_str_eq(fake_take(a), "");

    fake_deliver(1, 0);
    cr_assert_str_eq(fake_take(a), "+OK\r\n", "it ran once MSG_HELD came");
    cr_assert_eq(keys_in(0), 1);
    cr_assert_eq(keys_in(1), 1);
    cr_assert_null(g_workers[0]->shard.holder, "its own shard is released at once");
    expect_log(2, 0, 1, MSG_RELEASE);
    cr_assert_eq(g_fake_nlog, 3);
    cr_assert_eq(fake_log_count(-1, 2, -1), 0, "shard 2 was never asked");

    fake_deliver(0, 1);
    cr_assert_null(g_workers[1]->shard.holder);
    cr_assert_eq(g_workers[1]->shard.toucher, 1);
    cr_assert_not(a->s.waiting);
    cr_assert_eq(fake_pump(), 0);

    struct fake_session *b = fake_session_new(2);
    fake_send(b, fmt("MGET %s %s", k0, k1), NULL);
    fake_pump();
    cr_assert_str_eq(fake_take(b), "*2\r\n$2\r\nv0\r\n$2\r\nv1\r\n");
}

Test(hold, batch_for_a_held_shard_waits_for_the_release)
{
    char k0[32], k1[32];
    key_on(k0, sizeof k0, "k", 0);
    key_on(k1, sizeof k1, "k", 1);
    struct fake_session *a = fake_session_new(0);
    struct fake_session *b = fake_session_new(2);
    fake_send(b, fmt("SET %s old", k1), NULL);
    fake_pump();
    cr_assert_str_eq(fake_take(b), "+OK\r\n");
    fake_log_clear();

    fake_send(a, fmt("MSET %s new0 %s new1", k0, k1), NULL);
    fake_deliver(0, 1); /* shard 1 is now held */
    cr_assert_not_null(g_workers[1]->shard.holder);

    fake_send(b, fmt("GET %s", k1), NULL);
    cr_assert_eq(fake_peek(2, 1)->kind, MSG_EXEC);
    struct msg *batch = fake_peek(2, 1);
    fake_deliver(2, 1);
    cr_assert_eq(g_workers[1]->shard.deferred_head, batch, "deferred behind the hold");
    cr_assert_eq(fake_pending(1, 2), 0, "and not run");

    fake_deliver(1, 0); /* MSG_HELD: the MSET runs and releases */
    cr_assert_str_eq(fake_take(a), "+OK\r\n");
    cr_assert_not_null(g_workers[1]->shard.deferred_head, "still waiting for MSG_RELEASE");
    cr_assert_str_eq(fake_take(b), "");

    fake_deliver(0, 1); /* MSG_RELEASE: shard 1 runs what waited */
    cr_assert_null(g_workers[1]->shard.holder);
    cr_assert_null(g_workers[1]->shard.deferred_head);
    cr_assert_null(g_workers[1]->shard.deferred_tail);
    cr_assert_eq(fake_pending(1, 2), 1);
    fake_deliver(1, 2);
    cr_assert_str_eq(fake_take(b), "$4\r\nnew1\r\n", "the deferred GET saw the MSET");

    expect_log(0, 0, 1, MSG_HOLD);
    expect_log(1, 1, 0, MSG_HELD);
    expect_log(2, 2, 1, MSG_EXEC);
    expect_log(3, 0, 1, MSG_RELEASE);
    expect_log(4, 1, 2, MSG_EXEC_DONE);
    cr_assert_eq(g_fake_nlog, 5);
}

Test(hold, local_command_on_a_held_shard_is_deferred_too)
{
    char k0[32], k1[32];
    key_on(k0, sizeof k0, "k", 0);
    key_on(k1, sizeof k1, "k", 1);
    struct fake_session *a = fake_session_new(0);
    struct fake_session *c = fake_session_new(1);
    fake_send(a, fmt("MSET %s x %s y", k0, k1), NULL);
    fake_deliver(0, 1); /* worker 1's own shard is held by worker 0's transaction */
    fake_send(c, fmt("GET %s", k1), NULL);
    cr_assert_not_null(g_workers[1]->shard.deferred_head);
    cr_assert_str_eq(fake_take(c), "");
    fake_pump();
    cr_assert_str_eq(fake_take(a), "+OK\r\n");
    cr_assert_str_eq(fake_take(c), "$1\r\ny\r\n");
}

/* ---- 3. crossing transactions: ascending order, no deadlock, serializable ---- */

/* Sessions on n workers each send "MSET <a key per shard> <their tag>" then "MGET <the keys>"
 * at once; the mesh delivers in a random order (FIFO per pair only). Every MGET must see one
 * tag on every shard, the last MGET the final value, and every shard must end free. */
static void crossing(int n, unsigned start)
{
    unsigned seed = start; /* the pump moves it on */
    char keys[FAKE_MAX_WORKERS][32];
    char kl[256] = "";
    for (int s = 0; s < n; s++) {
        key_on(keys[s], sizeof keys[s], "x", s);
        strcat(kl, " ");
        strcat(kl, keys[s]);
    }
    struct fake_session *fs[FAKE_MAX_WORKERS];
    for (int i = 0; i < n; i++)
        fs[i] = fake_session_new(i);
    /* Which worker starts first changes who holds what when the other starts. */
    for (int k = 0; k < n; k++) {
        int i = (int)((start + (unsigned)k) % (unsigned)n);
        char line[512] = "MSET";
        for (int s = 0; s < n; s++)
            strcat(line, fmt(" %s t%d", keys[s], i));
        fake_send(fs[i], line, fmt("MGET%s", kl), NULL);
    }
    fake_pump_random(&seed);

    for (int i = 0; i < n; i++)
        cr_assert_not(fs[i]->s.waiting, "seed %u: deadlock: every queue is empty, worker %d waits",
                      start, i);
    for (int s = 0; s < n; s++) {
        cr_assert_null(g_workers[s]->shard.holder, "seed %u: shard %d still held", start, s);
        cr_assert_null(g_workers[s]->shard.deferred_head);
    }
    /* the final value: the same tag on every shard */
    struct fake_session *probe = fake_session_new(0);
    fake_send(probe, fmt("MGET%s", kl), NULL);
    fake_pump();
    const char *fin = fake_take(probe);
    int last = -1;
    for (int s = 0; s < n; s++) {
        int tag;
        const char *p = strstr(fin, "$2\r\nt");
        cr_assert_not_null(p, "seed %u: final %s", start, fin);
        tag = p[5] - '0';
        cr_assert(last < 0 || tag == last, "seed %u: final values differ: %s", start, fin);
        last = tag;
        fin = p + 6;
    }
    int saw_final = 0;
    for (int i = 0; i < n; i++) {
        const char *out = fake_take(fs[i]);
        cr_assert_eq(strncmp(out, "+OK\r\n", 5), 0, "seed %u: worker %d's MSET: %s", start, i, out);
        out += 5;
        cr_assert_eq(strncmp(out, fmt("*%d\r\n", n), 4), 0, "seed %u: %s", start, out);
        int tag = out[9] - '0'; /* *N\r\n$2\r\ntK */
        for (int s = 0; s < n; s++)
            cr_assert_eq(strncmp(out + 4 + 8 * s, fmt("$2\r\nt%d\r\n", tag), 8), 0,
                         "seed %u: worker %d's MGET saw half of an MSET: %s", start, i, out);
        if (tag == last) saw_final = 1;
    }
    cr_assert(saw_final, "seed %u: no MGET ran after the last MSET", start);
}

/* Each seed sets up its own workers. */
Test(order, two_crossing_transactions_serialize_in_any_delivery_order)
{
    for (unsigned seed = 0; seed < 300; seed++) {
        fake_setup(2);
        crossing(2, seed);
        fake_teardown();
    }
}

Test(order, three_crossing_transactions_serialize_in_any_delivery_order)
{
    for (unsigned seed = 0; seed < 300; seed++) {
        fake_setup(3);
        crossing(3, seed);
        fake_teardown();
    }
}

Test(order, four_crossing_transactions_serialize_in_any_delivery_order)
{
    for (unsigned seed = 0; seed < 100; seed++) {
        fake_setup(4);
        crossing(4, seed);
        fake_teardown();
    }
}

/* The order that would deadlock shards held in arrival order: worker 1's transaction asks
 * shard 0 first and waits there without holding shard 1, so worker 0's gets shard 1. */
Test(hold, the_later_transaction_waits_at_the_lowest_shard)
{
    char k0[32], k1[32];
    key_on(k0, sizeof k0, "k", 0);
    key_on(k1, sizeof k1, "k", 1);
    struct fake_session *a = fake_session_new(0);
    struct fake_session *b = fake_session_new(1);
    fake_send(b, fmt("MSET %s b %s b", k0, k1), NULL);
    cr_assert_null(g_workers[1]->shard.holder, "worker 1 does not take its own shard first");
    expect_log(0, 1, 0, MSG_HOLD);
    fake_send(a, fmt("MSET %s a %s a", k0, k1), NULL);
    cr_assert_not_null(g_workers[0]->shard.holder);
    fake_deliver(1, 0); /* b's request meets a's hold: deferred */
    cr_assert_not_null(g_workers[0]->shard.deferred_head);
    fake_deliver(0, 1); /* a gets shard 1 */
    cr_assert_eq(g_workers[1]->shard.holder, g_workers[0]->shard.holder);
    fake_pump();
    cr_assert_str_eq(fake_take(a), "+OK\r\n");
    cr_assert_str_eq(fake_take(b), "+OK\r\n");
    fake_send(a, fmt("MGET %s %s", k0, k1), NULL);
    fake_pump();
    cr_assert_str_eq(fake_take(a), "*2\r\n$1\r\nb\r\n$1\r\nb\r\n", "b's ran after a's");
}

/* ---- 4. MULTI/EXEC and WATCH through cmd_execute ---- */

TestSuite(multi, .init = setup2, .fini = teardown);

Test(multi, exec_runs_the_queue_over_two_shards)
{
    char ka[32], kb[32];
    key_on(ka, sizeof ka, "a", 0);
    key_on(kb, sizeof kb, "b", 1);
    struct fake_session *s = fake_session_new(0);
    fake_send(s, "MULTI", fmt("SET %s 1", ka), fmt("SET %s 2", kb), "EXEC", NULL);
    cr_assert_str_eq(fake_take(s), "+OK\r\n+QUEUED\r\n+QUEUED\r\n");
    cr_assert_eq(keys_in(0) + keys_in(1), 0, "queued, not run");
    cr_assert(s->s.waiting);
    cr_assert_not_null(g_workers[0]->shard.holder, "EXEC holds the union of its shards");
    cr_assert_eq(fake_log_count(0, 1, MSG_HOLD), 1);
    fake_pump();
    cr_assert_str_eq(fake_take(s), "*2\r\n+OK\r\n+OK\r\n");
    cr_assert_null(g_workers[0]->shard.holder);
    cr_assert_null(g_workers[1]->shard.holder);

    struct fake_session *o = fake_session_new(1);
    fake_send(o, fmt("GET %s", ka), fmt("GET %s", kb), NULL);
    fake_pump();
    cr_assert_str_eq(fake_take(o), "$1\r\n1\r\n$1\r\n2\r\n");
}

Test(multi, watched_key_written_by_another_session_aborts_exec)
{
    char ka[32], kb[32];
    key_on(ka, sizeof ka, "a", 0);
    key_on(kb, sizeof kb, "b", 1);
    struct fake_session *s = fake_session_new(0);
    struct fake_session *o = fake_session_new(1);
    fake_send(s, fmt("WATCH %s", ka), NULL);
    cr_assert_str_eq(fake_take(s), "+OK\r\n");

    fake_send(o, fmt("SET %s other", ka), NULL);
    fake_pump();
    cr_assert_str_eq(fake_take(o), "+OK\r\n");

    fake_send(s, "MULTI", fmt("SET %s 3", kb), "EXEC", NULL);
    fake_pump();
    cr_assert_str_eq(fake_take(s), "+OK\r\n+QUEUED\r\n*-1\r\n");
    fake_send(s, fmt("GET %s", kb), NULL);
    fake_pump();
    cr_assert_str_eq(fake_take(s), "$-1\r\n", "the aborted block wrote nothing");
}

Test(multi, watched_key_on_another_shard_written_there_aborts_exec)
{
    char kb[32];
    key_on(kb, sizeof kb, "b", 1);
    struct fake_session *s = fake_session_new(0);
    struct fake_session *o = fake_session_new(1);
    fake_send(s, fmt("WATCH %s", kb), NULL);
    cr_assert_str_eq(fake_take(s), "", "WATCH runs where the key lives");
    fake_pump();
    cr_assert_str_eq(fake_take(s), "+OK\r\n");
    fake_send(o, fmt("SET %s other", kb), NULL); /* local on worker 1 */
    cr_assert_str_eq(fake_take(o), "+OK\r\n");
    cr_assert_eq(g_workers[1]->shard.watch.n, 1, "the key is in its shard's watch table");
    fake_send(s, "MULTI", fmt("SET %s mine", kb), "EXEC", NULL);
    fake_pump();
    cr_assert_str_eq(fake_take(s), "+OK\r\n+QUEUED\r\n*-1\r\n");
    cr_assert_eq(g_workers[1]->shard.watch.n, 0, "EXEC released the mark there");
}

Test(multi, untouched_watch_lets_exec_run)
{
    char ka[32], kb[32];
    key_on(ka, sizeof ka, "a", 0);
    key_on(kb, sizeof kb, "b", 1);
    struct fake_session *s = fake_session_new(0);
    struct fake_session *o = fake_session_new(1);
    fake_send(s, fmt("WATCH %s", ka), NULL);
    fake_send(o, fmt("SET %s other", kb), NULL); /* not watched */
    fake_pump();
    fake_send(s, "MULTI", fmt("SET %s 3", kb), "EXEC", NULL);
    fake_pump();
    cr_assert_str_eq(fake_take(s), "+OK\r\n+OK\r\n+QUEUED\r\n*1\r\n+OK\r\n");
    cr_assert_eq(g_workers[0]->shard.watch.n, 0, "EXEC released the mark");
}

/* ---- 5. blocking ---- */

TestSuite(blocking, .init = setup2, .fini = teardown);

/* A session on worker 0 blocks on a key of `shard`; a session on worker 1 pushes to it. */
static void blpop_served_by_rpush(int shard)
{
    char q[32];
    key_on(q, sizeof q, "queue", shard);
    struct fake_session *waiter = fake_session_new(0);
    struct fake_session *pusher = fake_session_new(1);
    fake_send(waiter, fmt("BLPOP %s 0", q), NULL);
    fake_pump();
    cr_assert_str_eq(fake_take(waiter), "", "nothing to pop: it waits");
    cr_assert_not_null(waiter->s.blocked);
    cr_assert_eq(g_workers[0]->nblocked, 1);
    cr_assert_null(g_workers[shard]->shard.holder, "its transaction let go of the shard");

    fake_send(pusher, fmt("RPUSH %s hello", q), NULL);
    fake_pump();
    cr_assert_str_eq(fake_take(pusher), ":1\r\n");
    cr_assert_str_eq(fake_take(waiter), fmt("*2\r\n$%zu\r\n%s\r\n$5\r\nhello\r\n", strlen(q), q));
    cr_assert_null(waiter->s.blocked);
    cr_assert_eq(g_workers[0]->nblocked, 0);
    cr_assert_not(waiter->s.waiting);

    fake_send(pusher, fmt("LLEN %s", q), NULL);
    fake_pump();
    cr_assert_str_eq(fake_take(pusher), ":0\r\n", "the element went to the waiter only");
    /* the waiter goes on with its input */
    fake_send(waiter, "PING", NULL);
    cr_assert_str_eq(fake_take(waiter), "+PONG\r\n");
}

Test(blocking, rpush_on_the_keys_owner_serves_blpop_of_another_worker)
{
    blpop_served_by_rpush(1); /* the push runs locally on worker 1 and tells worker 0 */
}

Test(blocking, rpush_batched_to_the_waiters_own_shard_serves_it)
{
    blpop_served_by_rpush(0); /* the push travels to worker 0 as a batch */
}

Test(blocking, blpop_waits_until_the_push_is_delivered)
{
    char q[32];
    key_on(q, sizeof q, "queue", 1);
    struct fake_session *waiter = fake_session_new(0);
    struct fake_session *pusher = fake_session_new(1);
    fake_send(waiter, fmt("BLPOP %s 0", q), NULL);
    fake_pump();
    fake_send(pusher, fmt("RPUSH %s one two", q), NULL);
    cr_assert_str_eq(fake_take(pusher), ":2\r\n");
    cr_assert_eq(fake_pending(1, 0), 1, "the waiter's worker is told by message");
    cr_assert_eq(fake_peek(1, 0)->kind, MSG_BLOCK_DONE);
    cr_assert_str_eq(fake_take(waiter), "");
    fake_pump();
    cr_assert_str_eq(fake_take(waiter), fmt("*2\r\n$%zu\r\n%s\r\n$3\r\none\r\n", strlen(q), q));
    fake_send(pusher, fmt("LRANGE %s 0 -1", q), NULL);
    cr_assert_str_eq(fake_take(pusher), "*1\r\n$3\r\ntwo\r\n");
}
