// Lua scripts as the two clients send them: ioredis defineCommand (EVAL on a connection's first
// use, EVALSHA after, EVAL again after NOSCRIPT) alone, in a pipeline and in MULTI; node-redis
// scripts (defineScript in the `scripts` option: EVALSHA / EVALSHA_RO first, EVAL after NOSCRIPT;
// EVAL then EVALSHA inside one MULTI) and its eval / evalSha / scriptLoad; SCRIPT FLUSH; the
// conversion of Lua values to replies and the errors a script raises. Skipped, test by test,
// while the server answers "unknown command" to EVAL (issue 13).

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';

import { defineScript } from 'redis';

import { Harness, firstUnknown, shardOf, spreadKeys } from './server.mjs';

const NOSCRIPT = 'NOSCRIPT No matching script. Please use EVAL.';
const WRONGTYPE = /^WRONGTYPE Operation against a key holding the wrong kind of value/;

// INCR a key and set its time to live: the script of bench/scripting.sh too.
const INCR_EXPIRE = "local v = redis.call('INCR', KEYS[1]) redis.call('EXPIRE', KEYS[1], ARGV[1]) return v";
// Moves ARGV[1] from KEYS[1] to KEYS[2]; both totals back.
const TRANSFER = "return {redis.call('DECRBY', KEYS[1], ARGV[1]), redis.call('INCRBY', KEYS[2], ARGV[1])}";
// The sum of every key's integer value (numberOfKeys given at each call).
const SUM = "local s = 0 for _, k in ipairs(KEYS) do s = s + tonumber(redis.call('GET', k) or '0') end return s";
// One value of each kind: integers, strings, nested tables, a status, a float (truncated),
// booleans (true is 1, false is a null), and the array going on after the false.
const KINDS = "return {1, 'two', {3, {4}}, {ok='fine'}, 3.99, true, false, 'after'}";
const KINDS_REPLY = [1, 'two', [3, [4]], 'fine', 3, 1, null, 'after'];

const sha1 = (s) => createHash('sha1').update(s).digest('hex');

// node-redis scripts: the client sends EVALSHA (EVALSHA_RO when read-only) with NUMBER_OF_KEYS.
const scripts = {
    incrExpire: defineScript({
        SCRIPT: INCR_EXPIRE,
        NUMBER_OF_KEYS: 1,
        parseCommand(parser, key, ttl) {
            parser.pushKey(key);
            parser.push(String(ttl));
        },
        transformReply: undefined,
    }),
    readTwo: defineScript({
        SCRIPT: "return {redis.call('GET', KEYS[1]), redis.call('GET', KEYS[2])}",
        NUMBER_OF_KEYS: 2,
        IS_READ_ONLY: true,
        parseCommand(parser, a, b) {
            parser.pushKey(a);
            parser.pushKey(b);
        },
        transformReply: undefined,
    }),
};

describe('scripts', { timeout: 150000 }, () => {
    const h = new Harness();
    let srv, io, io2, nr2, nr3, missing;
    before(async () => {
        srv = await h.server();
        io = await h.ioredis(srv);
        io2 = await h.ioredis(srv);
        nr2 = await h.nodeRedis(srv, { scripts });
        nr3 = await h.nodeRedis(srv, { RESP: 3, scripts });
        missing = await firstUnknown(io, ['EVAL', 'return 1', '0']);
        for (const c of [io, io2]) {
            c.defineCommand('incrExpire', { numberOfKeys: 1, lua: INCR_EXPIRE });
            c.defineCommand('transfer', { numberOfKeys: 2, lua: TRANSFER });
            c.defineCommand('sum', { lua: SUM }); // the caller passes the number of keys
        }
    });
    after(() => h.close());

    /** Skips test t (returns true) while the server has no EVAL. */
    const lacking = (t) => {
        if (missing) t.skip(`the server has no ${missing} yet (issue 13)`);
        return Boolean(missing);
    };

    test('ioredis defineCommand with numberOfKeys', { timeout: 30000 }, async (t) => {
        if (lacking(t)) return;
        // the first call on a connection is an EVAL, the next ones EVALSHA
        assert.equal(await io.incrExpire('dc:a', 100), 1);
        assert.equal(await io.incrExpire('dc:a', 200), 2);
        assert.equal(await io.get('dc:a'), '2');
        const ttl = await io.ttl('dc:a');
        assert.ok(ttl > 190 && ttl <= 200, `ttl ${ttl}`);
        // two keys on different shards
        const pair = spreadKeys('dc:t', 8).keys;
        const [from, to] = [pair[0], pair.find((k) => shardOf(k) !== shardOf(pair[0]))];
        await io.set(from, '10');
        assert.deepEqual(await io.transfer(from, to, 3), [7, 3]);
        assert.deepEqual(await io.transfer(from, to, 7), [0, 10]);
        // numberOfKeys at the call: keys on every shard
        const { keys, shards } = spreadKeys('dc:sum', 12);
        assert.equal(shards.size, 4);
        await io.mset(...keys.flatMap((k, i) => [k, String(i)]));
        assert.equal(await io.sum(keys.length, ...keys), 66);
        assert.equal(await io.sum(0), 0);
        // the client's SHA1 is the server's
        assert.equal(await io.script('LOAD', INCR_EXPIRE), sha1(INCR_EXPIRE));
        assert.deepEqual(await io.script('EXISTS', sha1(INCR_EXPIRE), sha1('return 0')), [1, 0]);
    });

    test('ioredis defineCommand in a pipeline', { timeout: 30000 }, async (t) => {
        if (lacking(t)) return;
        const { keys } = spreadKeys('dcp', 16);
        const p = io2.pipeline();
        for (let i = 0; i < 400; i++) {
            if (i % 4 === 3) p.get(keys[i % keys.length]);
            else p.incrExpire(keys[i % keys.length], 100);
        }
        p.sum(keys.length, ...keys);
        const res = await p.exec();
        const counts = new Map();
        res.slice(0, -1).forEach(([err, v], i) => {
            assert.equal(err, null, `reply ${i}`);
            const k = keys[i % keys.length];
            if (i % 4 === 3) {
                assert.equal(v, counts.has(k) ? String(counts.get(k)) : null, `reply ${i}`);
            } else {
                counts.set(k, (counts.get(k) ?? 0) + 1);
                assert.equal(v, counts.get(k), `reply ${i}`);
            }
        });
        assert.deepEqual(res.at(-1), [null, 300]);
    });

    test('ioredis defineCommand in MULTI', { timeout: 30000 }, async (t) => {
        if (lacking(t)) return;
        const { keys } = spreadKeys('dcm', 5);
        await io.set(keys[0], '5');
        const res = await io.multi()
            .incrExpire(keys[0], 100)
            .transfer(keys[0], keys[1], 2)
            .sum(2, keys[0], keys[1])
            .get(keys[1])
            .exec();
        assert.deepEqual(res, [[null, 6], [null, [4, 2]], [null, 6], [null, '2']]);
        // WATCH aborts an EXEC holding a script, which then never ran
        await io.watch(keys[2]);
        await io2.set(keys[2], 'other');
        assert.equal(await io.multi().incrExpire(keys[3], 100).exec(), null);
        assert.equal(await io.exists(keys[3]), 0);
        // a script error inside EXEC belongs to that command only
        await io.hset(keys[4], 'f', 'v');
        const mixed = await io.multi().incrExpire(keys[4], 100).incrExpire(keys[3], 100).exec();
        assert.match(mixed[0][0].message, WRONGTYPE);
        assert.deepEqual(mixed[1], [null, 1]);
    });

    test('ioredis EVALSHA falls back to EVAL after SCRIPT FLUSH', { timeout: 30000 }, async (t) => {
        if (lacking(t)) return;
        const sha = sha1(INCR_EXPIRE);
        assert.equal(await io.incrExpire('fl:a', 100), 1);
        assert.equal(await io.script('FLUSH'), 'OK');
        assert.deepEqual(await io.script('EXISTS', sha), [0]);
        await assert.rejects(io.evalsha(sha, 1, 'fl:a', 100), { message: NOSCRIPT });
        // EVALSHA -> NOSCRIPT, then EVAL, which caches the script again
        assert.equal(await io.incrExpire('fl:a', 100), 2);
        assert.deepEqual(await io.script('EXISTS', sha), [1]);
        assert.equal(await io.evalsha(sha, 1, 'fl:a', 100), 3);

        // in a pipeline: the EVALSHAs fail without running, the GET between sees that, and
        // ioredis sends them again after the pipeline (EVAL, then EVALSHA)
        await io.script('FLUSH');
        const p = await io.pipeline().incrExpire('fl:a', 100).incrExpire('fl:b', 100).get('fl:a').exec();
        assert.deepEqual(p, [[null, 4], [null, 1], [null, '3']]);

        // in MULTI the EVALSHA is queued and fails inside EXEC; nothing ran
        await io.script('FLUSH');
        const m = await io.multi().incrExpire('fl:a', 100).get('fl:a').exec();
        assert.equal(m[0][0].message, NOSCRIPT);
        assert.deepEqual(m[1], [null, '4']);
        assert.equal(await io.incrExpire('fl:a', 100), 5); // and the next call recovers
    });

    test('ioredis script errors and Lua values', { timeout: 30000 }, async (t) => {
        if (lacking(t)) return;
        await io.hset('err:h', 'f', 'v');
        await assert.rejects(io.eval("return redis.call('INCR', KEYS[1])", 1, 'err:h'), { message: WRONGTYPE });
        await assert.rejects(io.eval("return redis.pcall('INCR', KEYS[1])", 1, 'err:h'), { message: WRONGTYPE });
        await assert.rejects(io.eval("return redis.error_reply('MYERR custom')", 0), { message: 'MYERR custom' });
        await assert.rejects(io.eval("return {err='OTHER plain'}", 0), { message: 'OTHER plain' });
        await assert.rejects(io.eval('retur 1', 0), { message: /^ERR Error compiling script/ });
        await assert.rejects(io.eval("return redis.call('NOSUCHCMD')", 0), { message: /^ERR Unknown Redis command called from script/ });
        await assert.rejects(io.call('EVAL_RO', "return redis.call('SET', KEYS[1], 'x')", 1, 'err:ro'),
            { message: /^ERR Write commands are not allowed from read-only scripts/ });
        assert.equal(await io.exists('err:ro'), 0);
        // the connection goes on
        assert.deepEqual(await io.eval(KINDS, 0), KINDS_REPLY);
        assert.deepEqual(await io.eval('return {KEYS[1], KEYS[2], ARGV[1], #ARGV}', 2, 'k1', 'k2', 'a1', 'a2'),
            ['k1', 'k2', 'a1', 2]);
        assert.equal(await io.eval('return nil', 0), null);
        assert.equal(await io.call('EVAL_RO', "return redis.call('HGET', KEYS[1], 'f')", 1, 'err:h'), 'v');
    });

    for (const resp of [2, 3]) {
        test(`node-redis scripts option (RESP${resp})`, { timeout: 30000 }, async (t) => {
            if (lacking(t)) return;
            const c = resp === 2 ? nr2 : nr3;
            const k = `nrs${resp}`;
            // EVALSHA -> NOSCRIPT -> EVAL the first time (the cache may hold it already: same SHA)
            await c.scriptFlush();
            assert.equal(await c.incrExpire(`${k}:a`, 100), 1);
            assert.equal(await c.incrExpire(`${k}:a`, 100), 2);
            assert.ok((await c.ttl(`${k}:a`)) > 90);
            // EVALSHA_RO, and EVAL (not EVAL_RO) after NOSCRIPT
            await c.set(`${k}:b`, 'bee');
            await c.scriptFlush();
            assert.deepEqual(await c.readTwo(`${k}:a`, `${k}:b`), ['2', 'bee']);
            assert.deepEqual(await c.readTwo(`${k}:b`, `${k}:none`), ['bee', null]);
            // MULTI: EVAL for the first use of a script in it, EVALSHA for the next
            const res = await c.multi()
                .incrExpire(`${k}:a`, 100)
                .incrExpire(`${k}:c`, 100)
                .readTwo(`${k}:a`, `${k}:c`)
                .get(`${k}:a`)
                .exec();
            assert.deepEqual(res, [3, 1, ['3', '1'], '3']);
            // automatic pipelining of many script calls at once
            const many = await Promise.all(Array.from({ length: 200 }, (_, i) => c.incrExpire(`${k}:p${i % 10}`, 100)));
            assert.deepEqual(many, Array.from({ length: 200 }, (_, i) => Math.floor(i / 10) + 1));
        });

        test(`node-redis eval, evalSha, scriptLoad (RESP${resp})`, { timeout: 30000 }, async (t) => {
            if (lacking(t)) return;
            const c = resp === 2 ? nr2 : nr3;
            const k = `nre${resp}`;
            assert.equal(await c.eval(INCR_EXPIRE, { keys: [`${k}:a`], arguments: ['100'] }), 1);
            const sha = await c.scriptLoad(SUM);
            assert.equal(sha, sha1(SUM));
            assert.deepEqual(await c.scriptExists([sha, sha1('return 0')]), [1, 0]);
            await c.set(`${k}:b`, '41');
            assert.equal(await c.evalSha(sha, { keys: [`${k}:a`, `${k}:b`] }), 42);
            assert.equal(await c.evalShaRo(sha, { keys: [`${k}:b`] }), 41);
            assert.equal(await c.evalRo("return redis.call('GET', KEYS[1])", { keys: [`${k}:b`] }), '41');
            assert.deepEqual(await c.eval(KINDS), KINDS_REPLY);
            assert.equal(await c.eval('return false'), null);
            assert.equal(await c.scriptFlush(), 'OK');
            await assert.rejects(c.evalSha(sha, { keys: [`${k}:a`] }), { message: NOSCRIPT });
            await c.hSet(`${k}:h`, 'f', 'v');
            await assert.rejects(c.eval("return redis.call('INCR', KEYS[1])", { keys: [`${k}:h`] }),
                { message: WRONGTYPE });
            assert.equal(await c.ping(), 'PONG');
        });
    }
});
