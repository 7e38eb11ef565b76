// Blocking pops through both clients: BLPOP / BRPOP served by another connection's push (keys on
// other shards than the waiter's first), a timeout answering null, BLMOVE between shards.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Harness, shardOf, waitUntil } from './server.mjs';

/** Waits until the server counts n clients blocked. */
async function blocked(c, n) {
    await waitUntil(async () => {
        const info = await c.info('clients');
        return new RegExp(`^blocked_clients:${n}\\r$`, 'm').test(info);
    }, 5000, `${n} blocked clients`);
}

/** Two keys on different shards (for Redis any two keys do). */
function twoShards(prefix) {
    const a = `${prefix}:a`;
    let i = 0;
    while (shardOf(`${prefix}:b${i}`) === shardOf(a)) i++;
    return [a, `${prefix}:b${i}`];
}

describe('blocking', { timeout: 150000 }, () => {
    const h = new Harness();
    let srv, io, nr;
    before(async () => {
        srv = await h.server();
        io = await h.ioredis(srv);
        nr = await h.nodeRedis(srv, { RESP: 3 });
    });
    after(() => h.close());

    test('ioredis BLPOP served by a push', { timeout: 30000 }, async () => {
        const [k1, k2] = twoShards('io:bl');
        const waiter = await h.ioredis(srv);
        const pending = waiter.blpop(k1, k2, 5);
        await blocked(io, 1);
        assert.equal(await nr.rPush(k2, ['x', 'y']), 2);
        assert.deepEqual(await pending, [k2, 'x']);
        assert.deepEqual(await io.lrange(k2, 0, -1), ['y']);
        // two waiters on one key are served in the order they blocked
        const w2 = await h.ioredis(srv);
        const first = waiter.brpop(k1, 5);
        await blocked(io, 1);
        const second = w2.brpop(k1, 5);
        await blocked(io, 2);
        await io.lpush(k1, 'a', 'b');
        assert.deepEqual(await first, [k1, 'a']);
        assert.deepEqual(await second, [k1, 'b']);
    });

    test('ioredis BLPOP timeout returns null', { timeout: 30000 }, async () => {
        const t0 = Date.now();
        assert.equal(await io.blpop('io:bl:none', 0.3), null);
        const took = Date.now() - t0;
        assert.ok(took >= 250 && took < 3000, `took ${took} ms`);
        assert.equal(await io.ping(), 'PONG');
    });

    test('ioredis BLMOVE across shards', { timeout: 30000 }, async () => {
        const [src, dst] = twoShards('io:bm');
        const waiter = await h.ioredis(srv);
        const pending = waiter.blmove(src, dst, 'LEFT', 'RIGHT', 5);
        await blocked(io, 1);
        await io.rpush(src, 'm1', 'm2');
        assert.equal(await pending, 'm1');
        assert.deepEqual(await io.lrange(dst, 0, -1), ['m1']);
        assert.deepEqual(await io.lrange(src, 0, -1), ['m2']);
        assert.equal(await io.blmove('io:bm:none', dst, 'LEFT', 'LEFT', 0.2), null);
    });

    test('node-redis BLPOP BRPOP BLMOVE', { timeout: 30000 }, async () => {
        for (const RESP of [2, 3]) {
            const c = await h.nodeRedis(srv, { RESP });
            const waiter = await h.duplicate(c);
            const [k1, k2] = twoShards(`nr${RESP}:bl`);
            const pending = waiter.blPop([k1, k2], 5);
            await blocked(io, 1);
            await c.lPush(k1, 'v');
            assert.deepEqual({ ...(await pending) }, { key: k1, element: 'v' });
            assert.equal(await waiter.brPop(k1, 0.2), null);
            const pendingMove = waiter.blMove(k2, k1, 'RIGHT', 'LEFT', 5);
            await blocked(io, 1);
            await io.rpush(k2, 'e1', 'e2');
            assert.equal(await pendingMove, 'e2');
            assert.deepEqual(await c.lRange(k1, 0, -1), ['e2']);
            assert.equal(await waiter.blMove('nr:none', k1, 'LEFT', 'LEFT', 0.2), null);
            assert.equal(await waiter.ping(), 'PONG');
        }
    });

    test('BLPOP without a timeout served by MULTI EXEC', { timeout: 30000 }, async () => {
        const [k1, k2] = twoShards('tx:bl');
        const waiter = await h.ioredis(srv);
        const pending = waiter.blpop(k1, 0);
        await blocked(io, 1);
        // the push inside a transaction across shards wakes it once EXEC ran, with the state after it
        const res = await nr.multi().rPush(k1, ['a', 'b']).set(k2, 'x').lPop(k1).exec();
        assert.deepEqual(res, [2, 'OK', 'a']);
        assert.deepEqual(await pending, [k1, 'b']);
        assert.equal(await io.exists(k1), 0);
    });

    test('BLMOVE rotating one list', { timeout: 30000 }, async () => {
        const waiter = await h.ioredis(srv);
        const pending = waiter.blmove('rot', 'rot', 'RIGHT', 'LEFT', 5);
        await blocked(io, 1);
        await nr.rPush('rot', ['1', '2', '3']);
        assert.equal(await pending, '3');
        assert.deepEqual(await io.lrange('rot', 0, -1), ['3', '1', '2']);
    });

    test('BZPOPMIN served by ZADD', { timeout: 30000 }, async () => {
        const waiter = await h.ioredis(srv);
        const pending = waiter.bzpopmin('bz:z', 5);
        await blocked(io, 1);
        await nr.zAdd('bz:z', [{ score: 2, value: 'b' }, { score: 1, value: 'a' }]);
        assert.deepEqual(await pending, ['bz:z', 'a', '1']);
    });
});
