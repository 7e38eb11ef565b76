// Pipelines and transactions through both clients: ioredis pipeline() and multi(), node-redis
// multi().exec() / execAsPipeline() and its automatic pipelining; WATCH aborting EXEC (a null
// reply); an error inside a pipeline or a transaction belongs to that command only.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { ErrorReply, MultiErrorReply, WatchError } from 'redis';

import { Harness, spreadKeys } from './server.mjs';

const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value';

describe('pipeline', { timeout: 150000 }, () => {
    const h = new Harness();
    let srv, io, io2, nr2, nr3;
    before(async () => {
        srv = await h.server();
        io = await h.ioredis(srv);
        io2 = await h.ioredis(srv);
        nr2 = await h.nodeRedis(srv);
        nr3 = await h.nodeRedis(srv, { RESP: 3 });
    });
    after(() => h.close());

    test('ioredis pipeline over many shards', { timeout: 30000 }, async () => {
        const { keys } = spreadKeys('iop', 40);
        const p = io.pipeline();
        keys.forEach((k, i) => p.set(k, String(i)));
        keys.forEach((k) => p.incr(k));
        p.mget(keys);
        const res = await p.exec();
        assert.equal(res.length, 2 * keys.length + 1);
        assert.ok(res.every(([err]) => err === null));
        assert.deepEqual(res.at(-1)[1], keys.map((_, i) => String(i + 1)));
    });

    test('ioredis pipeline of 2000 commands keeps reply order', { timeout: 30000 }, async () => {
        const { keys } = spreadKeys('ioo', 16);
        const p = io.pipeline();
        for (let i = 0; i < 2000; i++) {
            if (i % 3 === 2) p.get(keys[i % keys.length]);
            else p.incr(keys[i % keys.length]);
        }
        const res = await p.exec();
        const counts = new Map();
        res.forEach(([err, v], i) => {
            assert.equal(err, null);
            const k = keys[i % keys.length];
            if (i % 3 === 2) {
                assert.equal(v, counts.has(k) ? String(counts.get(k)) : null, `reply ${i}`);
            } else {
                counts.set(k, (counts.get(k) ?? 0) + 1);
                assert.equal(v, counts.get(k), `reply ${i}`);
            }
        });
    });

    test('ioredis pipeline with a WRONGTYPE error', { timeout: 30000 }, async () => {
        await io.set('iop:str', 'v');
        const res = await io.pipeline()
            .set('iop:a', '1')
            .lpush('iop:str', 'x')
            .get('iop:a')
            .call('NOSUCHCMD')
            .incr('iop:a')
            .exec();
        assert.equal(res[0][1], 'OK');
        assert.equal(res[1][0].message, WRONGTYPE);
        assert.equal(res[2][0], null);
        assert.equal(res[2][1], '1');
        assert.match(res[3][0].message, /^ERR unknown command 'NOSUCHCMD'/);
        assert.deepEqual(res[4], [null, 2]);
        assert.equal(await io.get('iop:str'), 'v');
    });

    test('ioredis MULTI EXEC across shards', { timeout: 30000 }, async () => {
        const { keys } = spreadKeys('iom', 8);
        const res = await io.multi()
            .mset(...keys.flatMap((k) => [k, k]))
            .incr('iom:counter')
            .mget(keys)
            .exec();
        assert.deepEqual(res, [[null, 'OK'], [null, 1], [null, keys]]);
        // an error at run time fails that command only; the rest are applied
        await io.set('iom:str', 'v');
        const res2 = await io.multi().incr('iom:counter').hset('iom:str', 'f', 'v').incr('iom:counter').exec();
        assert.deepEqual(res2[0], [null, 2]);
        assert.equal(res2[1][0].message, WRONGTYPE);
        assert.deepEqual(res2[2], [null, 3]);
    });

    test('ioredis MULTI with a queue-time error aborts', { timeout: 30000 }, async () => {
        await io.set('iom:x', 'before');
        await assert.rejects(
            io.multi().set('iom:x', 'after').call('NOSUCHCMD').exec(),
            { message: /^EXECABORT Transaction discarded because of previous errors/ });
        assert.equal(await io.get('iom:x'), 'before');
        assert.equal(await io.ping(), 'PONG');
    });

    test('ioredis WATCH abort returns null', { timeout: 30000 }, async () => {
        const { keys } = spreadKeys('iow', 4);
        await io.mset(keys[0], '1', keys[1], '1');
        assert.equal(await io.watch(keys[0], keys[1]), 'OK');
        await io2.set(keys[1], 'touched');
        assert.equal(await io.multi().set(keys[0], 'mine').set(keys[2], 'mine').exec(), null);
        assert.equal(await io.get(keys[0]), '1');
        assert.equal(await io.exists(keys[2]), 0);
        // watched, untouched: applies
        await io.watch(keys[0]);
        assert.deepEqual(await io.multi().set(keys[0], 'mine').exec(), [[null, 'OK']]);
        // UNWATCH forgets
        await io.watch(keys[3]);
        await io2.set(keys[3], 'x');
        await io.unwatch();
        assert.deepEqual(await io.multi().get(keys[3]).exec(), [[null, 'x']]);
    });

    test('node-redis automatic pipelining and execAsPipeline', { timeout: 30000 }, async () => {
        for (const c of [nr2, nr3]) {
            const { keys } = spreadKeys(`nrp${c === nr3 ? 3 : 2}`, 40);
            // commands issued in one tick go out as one write
            const replies = await Promise.all(keys.map((k, i) => c.set(k, String(i))));
            assert.ok(replies.every((r) => r === 'OK'));
            const res = await c.multi().incr(keys[0]).get(keys[1]).mGet(keys).execAsPipeline();
            assert.deepEqual(res, [1, '1', keys.map((_, i) => String(i === 0 ? 1 : i))]);
        }
    });

    test('node-redis execAsPipeline with a WRONGTYPE error', { timeout: 30000 }, async () => {
        for (const c of [nr2, nr3]) {
            await c.set('nrp:str', 'v');
            await c.del('nrp:n');
            // node-redis 5 awaits the pipeline's replies with Promise.all, so execAsPipeline
            // rejects with the failing command's error; the commands around it still ran
            await assert.rejects(
                c.multi().incr('nrp:n').lPush('nrp:str', 'x').incr('nrp:n').execAsPipeline(),
                (e) => e instanceof ErrorReply && e.message === WRONGTYPE);
            assert.equal(await c.get('nrp:n'), '2');
            assert.equal(await c.get('nrp:str'), 'v');
            await c.set('nrp:n', '2');
            // and outside any batch: that command's promise rejects, its neighbours resolve
            const [a, b, d] = await Promise.allSettled([c.incr('nrp:n'), c.sAdd('nrp:str', 'm'), c.get('nrp:n')]);
            assert.equal(a.value, 3);
            assert.equal(b.reason.message, WRONGTYPE);
            assert.equal(d.value, '3');
        }
    });

    test('node-redis MULTI EXEC across shards', { timeout: 30000 }, async () => {
        for (const c of [nr2, nr3]) {
            const { keys } = spreadKeys(`nrm${c === nr3 ? 3 : 2}`, 8);
            const res = await c.multi()
                .mSet(keys.map((k) => [k, k]))
                .del(keys.slice(0, 4))
                .mGet(keys)
                .exec();
            assert.deepEqual(res, ['OK', 4, [null, null, null, null, ...keys.slice(4)]]);
            // a run-time error inside EXEC: MultiErrorReply naming that command
            await c.set('nrm:str', 'v');
            await assert.rejects(c.multi().set('nrm:ok', '1').zAdd('nrm:str', { score: 1, value: 'm' }).exec(),
                (e) => e instanceof MultiErrorReply && e.errorIndexes.length === 1 && e.errorIndexes[0] === 1
                    && e.replies[0] === 'OK' && e.replies[1].message === WRONGTYPE);
            assert.equal(await c.get('nrm:ok'), '1');
        }
    });

    test('node-redis WATCH abort', { timeout: 30000 }, async () => {
        for (const c of [nr2, nr3]) {
            const { keys } = spreadKeys(`nrw${c === nr3 ? 3 : 2}`, 3);
            await c.mSet([[keys[0], '0'], [keys[1], '0']]);
            // WATCH needs a connection of its own: an isolated client from the pool is
            // node-redis 5's way, a duplicate() does as well
            const w = await h.duplicate(c);
            assert.equal(await w.watch([keys[0], keys[1]]), 'OK');
            await c.set(keys[1], 'changed');
            await assert.rejects(w.multi().set(keys[0], 'mine').set(keys[2], 'mine').exec(),
                (e) => e instanceof WatchError);
            assert.equal(await c.get(keys[0]), '0');
            assert.equal(await c.exists(keys[2]), 0);
            // the raw EXEC reply is a null (RESP2 *-1, RESP3 _)
            await w.watch(keys[0]);
            await c.set(keys[0], 'changed');
            assert.equal(await w.sendCommand(['MULTI']), 'OK');
            assert.equal(await w.sendCommand(['SET', keys[0], 'mine']), 'QUEUED');
            assert.equal(await w.sendCommand(['EXEC']), null);
            assert.equal(await c.get(keys[0]), 'changed');
            // untouched: applies
            await w.watch(keys[0]);
            assert.deepEqual(await w.multi().set(keys[0], 'mine').exec(), ['OK']);
            assert.equal(await c.get(keys[0]), 'mine');
        }
    });

    test('DISCARD and MULTI errors', { timeout: 30000 }, async () => {
        const c = nr3;
        assert.equal(await c.sendCommand(['MULTI']), 'OK');
        await assert.rejects(c.sendCommand(['MULTI']), { message: 'ERR MULTI calls can not be nested' });
        assert.equal(await c.sendCommand(['SET', 'disc', '1']), 'QUEUED');
        assert.equal(await c.sendCommand(['DISCARD']), 'OK');
        assert.equal(await c.exists('disc'), 0);
        await assert.rejects(c.sendCommand(['EXEC']), { message: 'ERR EXEC without MULTI' });
        await assert.rejects(io.discard(), { message: 'ERR DISCARD without MULTI' });
    });
});
