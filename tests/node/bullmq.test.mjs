// BullMQ (pinned in package.json) on the server under test, with its default key prefix `bull:`
// and no hash tags, so one queue's keys (and one script's) lie on several shards: 1,000 jobs
// through two competing Workers, each processed exactly once (QueueEvents, reading the events
// stream, counts them too); delayed jobs not processed before their delay; failed jobs retried
// with fixed and exponential backoff; a FlowProducer parent whose children run in another queue
// first. Skipped while the server answers "unknown command" to EVAL or XADD (BullMQ's scripts
// write its events to a stream). Every test closes its queues and workers, within a bound.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { FlowProducer, Queue, QueueEvents, Worker } from 'bullmq';

import { Harness, firstUnknown, shardOf, waitUntil } from './server.mjs';

const CLOSE_LIMIT_MS = 10000;

/** Closes BullMQ objects (the last made first), each within CLOSE_LIMIT_MS (else drops its
 *  connections, so no reconnecting client keeps the process alive); throws the first error. */
async function closeAll(objects) {
    const errors = [];
    for (const o of objects.splice(0).reverse()) {
        let timer;
        const limit = new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`${o.constructor.name} ${o.name ?? ''} did not close in time`)),
                CLOSE_LIMIT_MS);
        });
        try {
            await Promise.race([o.close(), limit]);
        } catch (e) {
            errors.push(e);
            o.disconnect?.().catch(() => {}); // not awaited: it may hang the same way
        } finally {
            clearTimeout(timer);
        }
    }
    if (errors.length) throw errors[0];
}

/** A promise resolved by the returned function's n-th call, rejected after limitMs. */
function countdown(n, limitMs, what) {
    let count = 0, resolve, reject;
    const done = new Promise((res, rej) => { resolve = res; reject = rej; });
    const timer = setTimeout(() => reject(new Error(`timed out after ${limitMs} ms: ${count} of ${n} ${what}`)), limitMs);
    const tick = () => {
        if (++count === n) { clearTimeout(timer); resolve(); }
    };
    tick.done = done;
    tick.count = () => count;
    return tick;
}

describe('bullmq', { timeout: 150000 }, () => {
    const h = new Harness();
    let srv, io, connection, missing;
    const open = []; // the BullMQ objects of the running test, closed after it
    before(async () => {
        srv = await h.server();
        io = await h.ioredis(srv);
        missing = await firstUnknown(io, ['EVAL', 'return 1', '0'], ['XADD', 'bullmq:probe', '*', 'f', 'v']);
        await io.del('bullmq:probe').catch(() => {});
        connection = { host: '127.0.0.1', port: srv.port };
    });
    after(async () => {
        try { await closeAll(open); } finally { await h.close(); }
    });

    /** Skips test t (returns true) while the server lacks what BullMQ needs. */
    const lacking = (t) => {
        if (missing) t.skip(`the server has no ${missing} yet${missing === 'EVAL' ? ' (issue 13)' : ''}`);
        return Boolean(missing);
    };

    // Each object is closed by the test that made it (and by after() when that test failed).
    const queue = (name, opts = {}) => { const q = new Queue(name, { connection, ...opts }); open.push(q); return q; };
    const worker = (name, fn, opts = {}) => {
        const w = new Worker(name, fn, { connection, ...opts });
        w.on('error', () => {}); // surfaced by the test's own checks
        open.push(w);
        return w;
    };

    test('1000 jobs, two workers, each job processed once', { timeout: 60000 }, async (t) => {
        if (lacking(t)) return;
        const N = 1000;
        const q = queue('thousand');
        const events = new QueueEvents('thousand', { connection, lastEventId: '0-0' });
        open.push(events);
        await events.waitUntilReady();
        const streamDone = countdown(N, 45000, 'completed events on the stream');
        const streamIds = new Set();
        events.on('completed', ({ jobId }) => { streamIds.add(jobId); streamDone(); });

        const runs = new Map(); // job index -> times processed
        const completedIds = new Set();
        const allDone = countdown(N, 45000, 'jobs completed');
        const fn = async (job) => {
            runs.set(job.data.i, (runs.get(job.data.i) ?? 0) + 1);
            return job.data.i * 2;
        };
        const onCompleted = (job, result) => {
            assert.equal(result, job.data.i * 2);
            completedIds.add(job.id);
            allDone();
        };
        const w1 = worker('thousand', fn, { concurrency: 8 });
        const w2 = worker('thousand', fn, { concurrency: 8 });
        w1.on('completed', onCompleted);
        w2.on('completed', onCompleted);

        const added = [];
        for (let i = 0; i < N; i += 100) {
            const chunk = Array.from({ length: 100 }, (_, j) => ({ name: 'double', data: { i: i + j } }));
            added.push(...await q.addBulk(chunk));
        }
        assert.equal(new Set(added.map((j) => j.id)).size, N);
        await allDone.done;
        await streamDone.done;

        assert.equal(runs.size, N);
        assert.ok([...runs.values()].every((n) => n === 1), 'a job processed more than once');
        assert.equal(allDone.count(), N);
        assert.equal(completedIds.size, N);
        assert.deepEqual([...streamIds].sort(), added.map((j) => j.id).sort());
        const counts = await q.getJobCounts('completed', 'failed', 'waiting', 'active', 'delayed');
        assert.deepEqual(counts, { completed: N, failed: 0, waiting: 0, active: 0, delayed: 0 });
        // the default prefix, no hash tag: the queue's keys are spread over the shards
        const keys = await io.keys('bull:thousand:*');
        assert.ok(keys.length > N, `${keys.length} keys`);
        assert.ok(new Set(keys.map(shardOf)).size > 1);
        assert.equal(await io.type('bull:thousand:events'), 'stream');
        await closeAll(open);
    });

    test('delayed jobs run at their time, not before', { timeout: 30000 }, async (t) => {
        if (lacking(t)) return;
        const q = queue('delayed');
        const delays = [1500, 0, 700, 300];
        const jobs = [];
        for (const delay of delays) jobs.push(await q.add('later', { delay }, { delay }));
        assert.equal(await q.getDelayedCount(), 3);
        assert.equal(await jobs[0].getState(), 'delayed');

        const ran = []; // [delay, time processed]
        const allDone = countdown(delays.length, 20000, 'delayed jobs processed');
        const w = worker('delayed', async (job) => { ran.push([job.data.delay, Date.now()]); });
        w.on('completed', () => allDone());
        await allDone.done;

        assert.deepEqual(ran.map(([d]) => d), [0, 300, 700, 1500]);
        for (const [i, job] of jobs.entries()) {
            const [, at] = ran.find(([d]) => d === delays[i]);
            const fresh = await q.getJob(job.id);
            assert.ok(at >= job.timestamp + delays[i], `delay ${delays[i]} ran ${at - job.timestamp} ms after adding`);
            assert.ok(fresh.processedOn >= job.timestamp + delays[i]);
            assert.ok(at < job.timestamp + delays[i] + 10000, `delay ${delays[i]}: ran ${at - job.timestamp} ms late`);
        }
        assert.equal(await q.getDelayedCount(), 0);
        assert.equal(await q.getCompletedCount(), delays.length);
        await closeAll(open);
    });

    test('failed jobs retried with backoff', { timeout: 30000 }, async (t) => {
        if (lacking(t)) return;
        const q = queue('retries');
        const fixed = await q.add('flaky', { failures: 2 }, { attempts: 3, backoff: { type: 'fixed', delay: 300 } });
        const expo = await q.add('flaky', { failures: 2 }, { attempts: 4, backoff: { type: 'exponential', delay: 200 } });
        const doomed = await q.add('flaky', { failures: 9 }, { attempts: 2, backoff: { type: 'fixed', delay: 100 } });

        const starts = new Map(); // job id -> processing start times
        const completed = [];
        const failed = []; // [job id, attemptsMade at the event]
        const settled = countdown(3, 20000, 'jobs completed or failed for good');
        const w = worker('retries', async (job) => {
            const s = starts.get(job.id) ?? [];
            s.push(Date.now());
            starts.set(job.id, s);
            if (s.length <= job.data.failures) throw new Error(`failure ${s.length}`);
            return `done after ${s.length}`;
        });
        w.on('completed', (job) => { completed.push(job.id); settled(); });
        w.on('failed', (job) => {
            failed.push([job.id, job.attemptsMade]);
            if (job.attemptsMade >= job.opts.attempts) settled();
        });
        await settled.done;

        assert.deepEqual(completed.sort(), [fixed.id, expo.id].sort());
        assert.deepEqual(failed.filter(([id]) => id === fixed.id), [[fixed.id, 1], [fixed.id, 2]]);
        assert.deepEqual(failed.filter(([id]) => id === doomed.id), [[doomed.id, 1], [doomed.id, 2]]);
        for (const [job, gaps] of [[fixed, [300, 300]], [expo, [200, 400]], [doomed, [100]]]) {
            const s = starts.get(job.id);
            assert.equal(s.length, gaps.length + 1);
            gaps.forEach((gap, i) => assert.ok(s[i + 1] - s[i] >= gap, `attempt ${i + 2} after ${s[i + 1] - s[i]} ms`));
        }
        const f = await q.getJob(fixed.id);
        assert.equal(await f.getState(), 'completed');
        assert.equal(f.attemptsMade, 3);
        assert.equal(f.returnvalue, 'done after 3');
        assert.equal(f.stacktrace.length, 2);
        assert.equal((await q.getJob(expo.id)).attemptsMade, 3);
        const d = await q.getJob(doomed.id);
        assert.equal(await d.getState(), 'failed');
        assert.equal(d.attemptsMade, 2);
        assert.equal(d.failedReason, 'failure 2');
        assert.deepEqual(await q.getJobCounts('completed', 'failed', 'delayed', 'waiting'),
            { completed: 2, failed: 1, delayed: 0, waiting: 0 });
        await closeAll(open);
    });

    test('a flow: the parent runs after its children in another queue', { timeout: 30000 }, async (t) => {
        if (lacking(t)) return;
        const flow = new FlowProducer({ connection });
        open.push(flow);
        const tree = await flow.add({
            name: 'sum',
            queueName: 'flow-parents',
            data: { what: 'parent' },
            children: [1, 2, 3].map((n) => ({
                name: 'square',
                queueName: 'flow-children',
                data: { n },
                // the third child has a child of its own, in the parents' queue
                children: n === 3 ? [{ name: 'square', queueName: 'flow-parents', data: { n: 10 } }] : undefined,
            })),
        });
        const parent = tree.job;
        assert.equal(await parent.getState(), 'waiting-children');
        assert.deepEqual(await parent.getDependenciesCount(), { processed: 0, unprocessed: 3, ignored: 0, failed: 0 });

        const finished = new Map(); // job name:n -> time done
        const parentDone = countdown(1, 20000, 'parent completed');
        let parentResult;
        worker('flow-children', async (job) => {
            const below = Object.values(await job.getChildrenValues());
            await sleep(20);
            finished.set(`child:${job.data.n}`, Date.now());
            return job.data.n * job.data.n + below.reduce((a, b) => a + b, 0);
        }, { concurrency: 3 });
        worker('flow-parents', async (job) => {
            if (job.name === 'square') {
                finished.set(`grandchild:${job.data.n}`, Date.now());
                return job.data.n * job.data.n;
            }
            const values = await job.getChildrenValues();
            parentResult = { started: Date.now(), values };
            return Object.values(values).reduce((a, b) => a + b, 0);
        }).on('completed', (job) => { if (job.name === 'sum') parentDone(); });
        await parentDone.done;

        assert.equal(finished.size, 4);
        for (const [what, at] of finished) assert.ok(at <= parentResult.started, `${what} finished after the parent started`);
        assert.ok(finished.get('grandchild:10') <= finished.get('child:3'));
        const children = tree.children.map((c) => c.job);
        assert.deepEqual(parentResult.values, Object.fromEntries(children.map((c, i) =>
            [`bull:flow-children:${c.id}`, [1, 4, 109][i]])));
        const done = await queue('flow-parents').getJob(parent.id);
        assert.equal(done.returnvalue, 114);
        assert.equal(await parent.getState(), 'completed');
        await closeAll(open);
    });
});
