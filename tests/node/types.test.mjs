// Every data type through both clients: strings (binary Buffers too), the INCR family,
// EXPIRE/TTL, hashes, lists, sets, sorted sets, each client's SCAN iterator, and many keys that
// land on different shards in one MGET / MSET / DEL.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { RESP_TYPES } from 'redis';

import { Harness, IS_REDIS, THREADS, spreadKeys } from './server.mjs';

// Every byte value, a CRLF and a NUL: a value no text encoding round-trips.
const BINARY = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from('\r\n\0end')]);

describe('types', { timeout: 150000 }, () => {
    const h = new Harness();
    let srv, io, nr2, nr3;
    before(async () => {
        srv = await h.server();
        io = await h.ioredis(srv);
        nr2 = await h.nodeRedis(srv);
        nr3 = await h.nodeRedis(srv, { RESP: 3 });
    });
    after(() => h.close());

    test('ioredis strings and binary Buffers', { timeout: 30000 }, async () => {
        assert.equal(await io.set('io:s', 'hello'), 'OK');
        assert.equal(await io.get('io:s'), 'hello');
        assert.equal(await io.append('io:s', ' world'), 11);
        assert.equal(await io.strlen('io:s'), 11);
        assert.equal(await io.getrange('io:s', 0, 4), 'hello');
        assert.equal(await io.set('io:s', 'x', 'NX'), null);
        assert.equal(await io.set('io:s', 'new', 'XX', 'GET'), 'hello world');
        assert.equal(await io.set('io:bin', BINARY), 'OK');
        assert.deepEqual(await io.getBuffer('io:bin'), BINARY);
        assert.equal(await io.strlen('io:bin'), BINARY.length);
        // a binary key too
        const bkey = Buffer.from([0xff, 0x00, 0x0d, 0x0a, 0x80]);
        await io.set(bkey, BINARY.subarray(0, 10));
        assert.deepEqual(await io.getBuffer(bkey), BINARY.subarray(0, 10));
        assert.equal(await io.exists(bkey), 1);
        assert.equal(await io.get('io:missing'), null);
        assert.equal(await io.getdel('io:s'), 'new');
        assert.equal(await io.exists('io:s'), 0);
    });

    test('node-redis strings and binary Buffers', { timeout: 30000 }, async () => {
        for (const c of [nr2, nr3]) {
            assert.equal(await c.set('nr:s', 'hello'), 'OK');
            assert.equal(await c.get('nr:s'), 'hello');
            assert.equal(await c.append('nr:s', '!'), 6);
            assert.equal(await c.set('nr:s', 'x', { condition: 'NX' }), null);
            assert.equal(await c.set('nr:bin', BINARY), 'OK');
            const buf = c.withTypeMapping({ [RESP_TYPES.BLOB_STRING]: Buffer });
            assert.deepEqual(await buf.get('nr:bin'), BINARY);
            assert.deepEqual(await buf.getRange('nr:bin', 250, 260), BINARY.subarray(250, 261));
            assert.equal(await c.getDel('nr:s'), 'hello!');
        }
    });

    test('ioredis INCR family', { timeout: 30000 }, async () => {
        assert.equal(await io.incr('io:n'), 1);
        assert.equal(await io.incrby('io:n', 41), 42);
        assert.equal(await io.decr('io:n'), 41);
        assert.equal(await io.decrby('io:n', 50), -9);
        assert.equal(await io.incrbyfloat('io:n', '0.5'), '-8.5');
        // stringNumbers keeps 64-bit integers exact (a JS number cannot hold them)
        const exact = await h.ioredis(srv, { stringNumbers: true });
        await io.set('io:big', '9223372036854775806');
        assert.equal(await exact.incr('io:big'), '9223372036854775807');
        await assert.rejects(io.incr('io:big'), { message: 'ERR increment or decrement would overflow' });
        assert.equal(await exact.incrby('io:big', -7), '9223372036854775800');
        await io.set('io:txt', 'abc');
        await assert.rejects(io.incr('io:txt'), { message: 'ERR value is not an integer or out of range' });
    });

    test('node-redis INCR family', { timeout: 30000 }, async () => {
        for (const c of [nr2, nr3]) {
            await c.del('nr:n');
            assert.equal(await c.incr('nr:n'), 1);
            assert.equal(await c.incrBy('nr:n', 9), 10);
            assert.equal(await c.decr('nr:n'), 9);
            assert.equal(await c.decrBy('nr:n', 10), -1);
            assert.equal(String(await c.incrByFloat('nr:n', 1.25)), '0.25');
        }
    });

    test('ioredis EXPIRE and TTL', { timeout: 30000 }, async () => {
        await io.set('io:e', 'v');
        assert.equal(await io.ttl('io:e'), -1);
        assert.equal(await io.expire('io:e', 100), 1);
        const ttl = await io.ttl('io:e');
        assert.ok(ttl > 95 && ttl <= 100, `ttl ${ttl}`);
        assert.equal(await io.expire('io:e', 50, 'GT'), 0);
        assert.ok(await io.pttl('io:e') > 95000);
        assert.equal(await io.persist('io:e'), 1);
        assert.equal(await io.ttl('io:e'), -1);
        assert.equal(await io.ttl('io:none'), -2);
        await io.set('io:px', 'v', 'PX', 100);
        await new Promise((r) => setTimeout(r, 250));
        assert.equal(await io.get('io:px'), null);
        assert.equal(await io.exists('io:px'), 0);
    });

    test('node-redis EXPIRE and TTL', { timeout: 30000 }, async () => {
        for (const c of [nr2, nr3]) {
            await c.set('nr:e', 'v', { expiration: { type: 'EX', value: 100 } });
            const ttl = await c.ttl('nr:e');
            assert.ok(ttl > 95 && ttl <= 100, `ttl ${ttl}`);
            assert.equal(await c.expire('nr:e', 10, 'LT'), 1);
            assert.ok(await c.ttl('nr:e') <= 10);
            const at = await c.expireTime('nr:e');
            assert.ok(Math.abs(at - (Date.now() / 1000 + 10)) < 3, `expiretime ${at}`);
            await c.pExpire('nr:e', 50);
            await new Promise((r) => setTimeout(r, 200));
            assert.equal(await c.exists('nr:e'), 0);
        }
    });

    test('ioredis hashes', { timeout: 30000 }, async () => {
        assert.equal(await io.hset('io:h', { a: '1', b: '2', c: '3' }), 3);
        assert.equal(await io.hget('io:h', 'a'), '1');
        assert.deepEqual(await io.hmget('io:h', 'a', 'x', 'c'), ['1', null, '3']);
        assert.deepEqual(await io.hgetall('io:h'), { a: '1', b: '2', c: '3' });
        assert.equal(await io.hincrby('io:h', 'a', 10), 11);
        assert.equal(await io.hincrbyfloat('io:h', 'b', '0.5'), '2.5');
        assert.equal(await io.hdel('io:h', 'c', 'zz'), 1);
        assert.equal(await io.hlen('io:h'), 2);
        assert.equal(await io.hexists('io:h', 'c'), 0);
        assert.deepEqual((await io.hkeys('io:h')).sort(), ['a', 'b']);
        await io.hset('io:hbin', 'f', BINARY);
        assert.deepEqual(await io.hgetBuffer('io:hbin', 'f'), BINARY);
        // a big hash (past the listpack limits) through hscanStream
        const big = {};
        for (let i = 0; i < 700; i++) big[`f${i}`] = `v${i}`;
        await io.hset('io:hbig', big);
        const seen = {};
        for await (const batch of io.hscanStream('io:hbig', { count: 50 })) {
            for (let i = 0; i < batch.length; i += 2) seen[batch[i]] = batch[i + 1];
        }
        assert.deepEqual(seen, big);
    });

    test('node-redis hashes', { timeout: 30000 }, async () => {
        for (const c of [nr2, nr3]) {
            await c.del('nr:h');
            assert.equal(await c.hSet('nr:h', { a: '1', b: '2' }), 2);
            assert.equal(await c.hSet('nr:h', 'c', '3'), 1);
            assert.deepEqual({ ...(await c.hGetAll('nr:h')) }, { a: '1', b: '2', c: '3' });
            assert.deepEqual(await c.hmGet('nr:h', ['a', 'nope']), ['1', null]);
            assert.equal(await c.hIncrBy('nr:h', 'a', 4), 5);
            assert.equal(await c.hExists('nr:h', 'b'), 1);
            assert.equal(await c.hLen('nr:h'), 3);
            const seen = {};
            for await (const entries of c.hScanIterator('nr:h')) {
                for (const { field, value } of entries) seen[field] = value;
            }
            assert.deepEqual(seen, { a: '5', b: '2', c: '3' });
        }
    });

    test('ioredis lists', { timeout: 30000 }, async () => {
        assert.equal(await io.rpush('io:l', 'a', 'b', 'c'), 3);
        assert.equal(await io.lpush('io:l', 'z'), 4);
        assert.deepEqual(await io.lrange('io:l', 0, -1), ['z', 'a', 'b', 'c']);
        assert.equal(await io.lindex('io:l', -1), 'c');
        assert.equal(await io.linsert('io:l', 'BEFORE', 'b', 'x'), 5);
        assert.equal(await io.lpos('io:l', 'x'), 2);
        assert.equal(await io.lset('io:l', 0, 'Z'), 'OK');
        assert.deepEqual(await io.lpop('io:l', 2), ['Z', 'a']);
        assert.equal(await io.rpop('io:l'), 'c');
        assert.equal(await io.llen('io:l'), 2);
        assert.equal(await io.lmove('io:l', 'io:l2', 'LEFT', 'RIGHT'), 'x');
        assert.equal(await io.ltrim('io:l', 1, -1), 'OK');
        assert.equal(await io.exists('io:l'), 0);
        assert.deepEqual(await io.lrange('io:l2', 0, -1), ['x']);
    });

    test('node-redis lists', { timeout: 30000 }, async () => {
        for (const c of [nr2, nr3]) {
            await c.del(['nr:l', 'nr:l2']);
            assert.equal(await c.rPush('nr:l', ['1', '2', '3', '4']), 4);
            assert.deepEqual(await c.lRange('nr:l', 1, 2), ['2', '3']);
            assert.equal(await c.lRem('nr:l', 0, '2'), 1);
            assert.deepEqual(await c.lmPop(['nr:none', 'nr:l'], 'RIGHT', { COUNT: 2 }), ['nr:l', ['4', '3']]);
            assert.equal(await c.rPopLPush('nr:l', 'nr:l2'), '1');
            assert.equal(await c.lLen('nr:l2'), 1);
        }
    });

    test('ioredis sets', { timeout: 30000 }, async () => {
        assert.equal(await io.sadd('io:set1', 'a', 'b', 'c'), 3);
        assert.equal(await io.sadd('io:set2', 'b', 'c', 'd'), 3);
        assert.equal(await io.sismember('io:set1', 'a'), 1);
        assert.deepEqual(await io.smismember('io:set1', 'a', 'd'), [1, 0]);
        assert.deepEqual((await io.sinter('io:set1', 'io:set2')).sort(), ['b', 'c']);
        assert.deepEqual((await io.sunion('io:set1', 'io:set2')).sort(), ['a', 'b', 'c', 'd']);
        assert.deepEqual(await io.sdiff('io:set1', 'io:set2'), ['a']);
        assert.equal(await io.sinterstore('io:set3', 'io:set1', 'io:set2'), 2);
        assert.equal(await io.scard('io:set3'), 2);
        assert.equal(await io.smove('io:set1', 'io:set2', 'a'), 1);
        assert.equal(await io.srem('io:set2', 'a', 'q'), 1);
        // integers (an intset) and a big set through sscanStream
        const members = Array.from({ length: 600 }, (_, i) => String(i * 7));
        await io.sadd('io:ints', members);
        const seen = new Set();
        for await (const batch of io.sscanStream('io:ints', { count: 100 })) batch.forEach((m) => seen.add(m));
        assert.deepEqual([...seen].sort(), [...members].sort());
    });

    test('node-redis sets', { timeout: 30000 }, async () => {
        for (const c of [nr2, nr3]) {
            await c.del(['nr:set1', 'nr:set2']);
            assert.equal(await c.sAdd('nr:set1', ['x', 'y', 'z']), 3);
            await c.sAdd('nr:set2', ['y']);
            assert.deepEqual((await c.sMembers('nr:set1')).sort(), ['x', 'y', 'z']);
            assert.equal(await c.sIsMember('nr:set1', 'x'), 1);
            assert.equal(await c.sInterCard(['nr:set1', 'nr:set2']), 1);
            assert.deepEqual((await c.sDiff(['nr:set1', 'nr:set2'])).sort(), ['x', 'z']);
            const seen = [];
            for await (const members of c.sScanIterator('nr:set1')) seen.push(...members);
            assert.deepEqual(seen.sort(), ['x', 'y', 'z']);
        }
    });

    test('ioredis sorted sets', { timeout: 30000 }, async () => {
        assert.equal(await io.zadd('io:z', 1, 'one', 2, 'two', 3, 'three', '2.5', 'two.5'), 4);
        assert.deepEqual(await io.zrange('io:z', 0, -1), ['one', 'two', 'two.5', 'three']);
        assert.deepEqual(await io.zrange('io:z', 0, 1, 'WITHSCORES'), ['one', '1', 'two', '2']);
        assert.deepEqual(await io.zrange('io:z', '(1', '3', 'BYSCORE', 'LIMIT', 1, 2), ['two.5', 'three']);
        assert.deepEqual(await io.zrangebyscore('io:z', '-inf', '+inf', 'WITHSCORES', 'LIMIT', 0, 1), ['one', '1']);
        assert.deepEqual(await io.zrevrange('io:z', 0, 0), ['three']);
        assert.equal(await io.zscore('io:z', 'two.5'), '2.5');
        assert.equal(await io.zincrby('io:z', '0.25', 'one'), '1.25');
        assert.equal(await io.zrank('io:z', 'three'), 3);
        assert.equal(await io.zcount('io:z', 2, 3), 3);
        assert.deepEqual(await io.zpopmin('io:z'), ['one', '1.25']);
        assert.equal(await io.zadd('io:z', 'GT', 'CH', 1, 'two'), 0);
        assert.equal(await io.zcard('io:z'), 3);
        await io.zadd('io:lex', 0, 'a', 0, 'b', 0, 'c', 0, 'd');
        assert.deepEqual(await io.zrangebylex('io:lex', '[b', '(d'), ['b', 'c']);
        const seen = [];
        for await (const batch of io.zscanStream('io:z')) seen.push(...batch);
        assert.deepEqual(seen.filter((_, i) => i % 2 === 0).sort(), ['three', 'two', 'two.5']);
    });

    test('node-redis sorted sets', { timeout: 30000 }, async () => {
        for (const c of [nr2, nr3]) {
            await c.del('nr:z');
            assert.equal(await c.zAdd('nr:z', [{ score: 1, value: 'a' }, { score: 2, value: 'b' },
                { score: 3, value: 'c' }]), 3);
            assert.deepEqual(await c.zRange('nr:z', 0, -1), ['a', 'b', 'c']);
            assert.deepEqual(await c.zRangeWithScores('nr:z', 1, 3, { BY: 'SCORE' }),
                [{ value: 'a', score: 1 }, { value: 'b', score: 2 }, { value: 'c', score: 3 }]);
            assert.deepEqual(await c.zRange('nr:z', '+inf', '-inf', { BY: 'SCORE', REV: true,
                LIMIT: { offset: 0, count: 2 } }), ['c', 'b']);
            assert.equal(await c.zScore('nr:z', 'b'), 2);
            assert.equal(await c.zIncrBy('nr:z', 1.5, 'a'), 2.5);
            assert.deepEqual(await c.zmScore('nr:z', ['a', 'zz']), [2.5, null]);
            assert.deepEqual(await c.zPopMax('nr:z'), { value: 'c', score: 3 });
            assert.equal(await c.zRank('nr:z', 'a'), 1);
            const seen = [];
            for await (const members of c.zScanIterator('nr:z')) seen.push(...members);
            assert.deepEqual(seen.map(({ value, score }) => `${value}=${score}`).sort(), ['a=2.5', 'b=2']);
        }
    });

    test('ioredis scanStream over many keys', { timeout: 30000 }, async () => {
        const keys = Array.from({ length: 300 }, (_, i) => `io:scan:${i}`);
        await io.mset(Object.fromEntries(keys.map((k) => [k, 'v'])));
        await io.sadd('io:scan:set', 'm');
        const seen = new Set();
        for await (const batch of io.scanStream({ match: 'io:scan:*', count: 37 })) batch.forEach((k) => seen.add(k));
        assert.deepEqual([...seen].sort(), [...keys, 'io:scan:set'].sort());
        const typed = [];
        for await (const batch of io.scanStream({ match: 'io:scan:*', type: 'set' })) typed.push(...batch);
        assert.deepEqual(typed, ['io:scan:set']);
    });

    test('node-redis scanIterator over many keys', { timeout: 30000 }, async () => {
        const keys = Array.from({ length: 300 }, (_, i) => `nr:scan:${i}`);
        await nr3.mSet(keys.map((k) => [k, 'v']));
        await nr3.zAdd('nr:scan:z', { score: 0, value: 'm' });
        for (const c of [nr2, nr3]) {
            const seen = new Set();
            for await (const batch of c.scanIterator({ MATCH: 'nr:scan:*', COUNT: 41 })) batch.forEach((k) => seen.add(k));
            assert.deepEqual([...seen].sort(), [...keys, 'nr:scan:z'].sort());
            const typed = [];
            for await (const batch of c.scanIterator({ MATCH: 'nr:scan:*', TYPE: 'zset' })) typed.push(...batch);
            assert.deepEqual(typed, ['nr:scan:z']);
        }
    });

    test('keys on every shard in one MSET MGET DEL', { timeout: 30000 }, async () => {
        const { keys, shards } = spreadKeys('multi', 64);
        if (!IS_REDIS) assert.equal(shards.size, THREADS, 'the keys reach every shard');
        const values = keys.map((k, i) => `${k}=${i}`);
        assert.equal(await io.mset(...keys.flatMap((k, i) => [k, values[i]])), 'OK');
        assert.deepEqual(await io.mget(keys), values);
        assert.deepEqual(await nr3.mGet(keys), values);
        assert.deepEqual(await nr2.mGet([...keys, 'multi:none']), [...values, null]);
        assert.equal(await nr3.exists(keys), keys.length);
        assert.equal(await nr2.mSetNX(['multi:0', 'x', 'multi:new', 'y']), 0);
        assert.equal(await io.del(keys.slice(0, 32)), 32);
        assert.equal(await nr3.unlink(keys), 32);
        assert.deepEqual(await io.mget(keys), keys.map(() => null));
        assert.equal(await nr2.exists('multi:new'), 0);
        // the hash tag puts keys on one shard: a fast path, same answers
        const tagged = keys.map((k) => `{tag}${k}`);
        await nr3.mSet(tagged.map((k) => [k, k]));
        assert.deepEqual(await io.mget(tagged), tagged);
        assert.equal(await nr2.del(tagged), tagged.length);
    });

    test('TYPE and OBJECT ENCODING through both clients', { timeout: 30000 }, async () => {
        await io.set('enc:s', '12345');
        await io.rpush('enc:l', 'a');
        await io.sadd('enc:set', '1');
        await io.zadd('enc:z', 1, 'a');
        await io.hset('enc:h', 'f', 'v');
        assert.deepEqual(await Promise.all(['enc:s', 'enc:l', 'enc:set', 'enc:z', 'enc:h', 'enc:none']
            .map((k) => nr3.type(k))), ['string', 'list', 'set', 'zset', 'hash', 'none']);
        assert.deepEqual(await Promise.all(['enc:s', 'enc:l', 'enc:set', 'enc:z', 'enc:h']
            .map((k) => io.object('ENCODING', k))), ['int', 'quicklist', 'intset', 'listpack', 'listpack']);
    });
});
