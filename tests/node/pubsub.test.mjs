// Pub/sub through both clients: SUBSCRIBE and PSUBSCRIBE with messages published on other
// connections (so across the server's workers), UNSUBSCRIBE, sharded SSUBSCRIBE, and node-redis
// in RESP3, where messages arrive as pushes on a connection that keeps running commands.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Harness, waitUntil } from './server.mjs';

describe('pubsub', { timeout: 150000 }, () => {
    const h = new Harness();
    let srv, pubIo, pubNr;
    before(async () => {
        srv = await h.server();
        pubIo = await h.ioredis(srv);
        pubNr = await h.nodeRedis(srv, { RESP: 3 });
    });
    after(() => h.close());

    test('ioredis SUBSCRIBE PSUBSCRIBE UNSUBSCRIBE', { timeout: 30000 }, async () => {
        // several subscriber connections: with 4 workers some sit on other workers than the publisher
        const subs = await Promise.all([0, 1, 2, 3].map(() => h.ioredis(srv)));
        const got = subs.map(() => []);
        subs.forEach((s, i) => {
            s.on('message', (ch, msg) => got[i].push(`${ch}:${msg}`));
            s.on('pmessage', (pat, ch, msg) => got[i].push(`${pat}|${ch}:${msg}`));
        });
        for (const s of subs) {
            assert.equal(await s.subscribe('io:ch1', 'io:ch2'), 2);
            assert.equal(await s.psubscribe('io:news.*'), 3);
        }
        assert.equal(await pubIo.publish('io:ch1', 'hello'), 4);
        assert.equal(await pubNr.publish('io:news.tech', 'n1'), 4);
        for (let i = 0; i < 50; i++) await pubIo.publish('io:ch2', String(i));
        const want = ['io:ch1:hello', 'io:news.*|io:news.tech:n1',
            ...Array.from({ length: 50 }, (_, i) => `io:ch2:${i}`)];
        await waitUntil(() => got.every((g) => g.length >= want.length), 5000, 'messages');
        for (const g of got) assert.deepEqual(g, want); // all of them, in publishing order
        assert.deepEqual(await pubIo.pubsub('NUMSUB', 'io:ch1', 'io:none'), ['io:ch1', 4, 'io:none', 0]);
        assert.equal(await pubIo.pubsub('NUMPAT'), 1); // distinct patterns, not subscriptions
        // leave everything: no more deliveries, and the connection runs commands again
        // (named: ioredis 5.9.2's promise for a bare UNSUBSCRIBE never settles while a pattern
        // subscription remains, against Redis as well)
        for (const s of subs) {
            assert.equal(await s.unsubscribe('io:ch1', 'io:ch2'), 1);
            assert.equal(await s.punsubscribe(), 0);
        }
        assert.equal(await pubIo.publish('io:ch1', 'late'), 0);
        assert.equal(await pubIo.publish('io:news.x', 'late'), 0);
        assert.equal(await subs[0].set('io:after', '1'), 'OK');
        assert.equal(await subs[0].ping(), 'PONG');
    });

    test('ioredis binary messages', { timeout: 30000 }, async () => {
        const sub = await h.ioredis(srv);
        const got = [];
        sub.on('messageBuffer', (ch, msg) => got.push(msg));
        await sub.subscribe('io:bin');
        const payload = Buffer.from([0, 1, 2, 13, 10, 255, 254]);
        assert.equal(await pubIo.publish('io:bin', payload), 1);
        await waitUntil(() => got.length === 1, 5000, 'a binary message');
        assert.deepEqual(got[0], payload);
    });

    test('node-redis RESP2 subscriber', { timeout: 30000 }, async () => {
        const base = await h.nodeRedis(srv);
        const sub = await h.duplicate(base);
        const got = [];
        await sub.subscribe('nr:ch', (msg, ch) => got.push(`${ch}:${msg}`));
        await sub.pSubscribe('nr:p.*', (msg, ch) => got.push(`p|${ch}:${msg}`));
        assert.equal(await pubIo.publish('nr:ch', 'a'), 1);
        assert.equal(await base.publish('nr:p.1', 'b'), 1);
        await waitUntil(() => got.length === 2, 5000, 'messages');
        assert.deepEqual(got, ['nr:ch:a', 'p|nr:p.1:b']);
        await sub.unsubscribe('nr:ch');
        assert.equal(await base.publish('nr:ch', 'c'), 0);
        await sub.pUnsubscribe();
        assert.equal(await base.publish('nr:p.1', 'd'), 0);
        // out of subscribed mode the RESP2 connection takes commands again (node-redis decodes
        // this reply with its pub/sub mapping, as a Buffer)
        assert.equal(String(await sub.ping()), 'PONG');
        assert.equal(String(await sub.sendCommand(['ECHO', 'back'])), 'back');
    });

    test('node-redis RESP3 pushes beside commands', { timeout: 30000 }, async () => {
        const c = await h.nodeRedis(srv, { RESP: 3 });
        const got = [];
        await c.subscribe(['nr3:a', 'nr3:b'], (msg, ch) => got.push(`${ch}:${msg}`));
        await c.pSubscribe('nr3:p*', (msg, ch) => got.push(`p|${ch}:${msg}`));
        // RESP3: the subscribed connection still runs ordinary commands, replies and pushes mixed
        assert.equal(await c.set('nr3:k', 'v'), 'OK');
        const pubs = [];
        for (let i = 0; i < 20; i++) {
            pubs.push(pubIo.publish(i % 2 ? 'nr3:a' : 'nr3:b', String(i)));
            pubs.push(c.get('nr3:k'));
        }
        const replies = await Promise.all(pubs);
        for (let i = 0; i < 20; i++) {
            assert.equal(replies[2 * i], 1);
            assert.equal(replies[2 * i + 1], 'v');
        }
        assert.equal(await pubNr.publish('nr3:pX', 'pat'), 1);
        await waitUntil(() => got.length === 21, 5000, 'pushes');
        assert.deepEqual(got, [...Array.from({ length: 20 }, (_, i) => `${i % 2 ? 'nr3:a' : 'nr3:b'}:${i}`),
            'p|nr3:pX:pat']);
        const info = await c.sendCommand(['CLIENT', 'INFO']);
        assert.match(String(info), / sub=2 psub=1 /);
        // (named: node-redis 5.9.0's bare unsubscribe() never settles in RESP3, against Redis too)
        await c.unsubscribe(['nr3:a', 'nr3:b']);
        await c.pUnsubscribe('nr3:p*');
        assert.equal(await pubIo.publish('nr3:a', 'late'), 0);
        assert.equal(await c.get('nr3:k'), 'v');
        await new Promise((r) => setTimeout(r, 50));
        assert.equal(got.length, 21);
    });

    test('node-redis sharded SSUBSCRIBE', { timeout: 30000 }, async () => {
        const c = await h.nodeRedis(srv, { RESP: 3 });
        const got = [];
        await c.sSubscribe('nr:{shard}ch', (msg, ch) => got.push(`${ch}:${msg}`));
        assert.equal(await pubNr.sPublish('nr:{shard}ch', 'sharded'), 1);
        await waitUntil(() => got.length === 1, 5000, 'a sharded message');
        assert.deepEqual(got, ['nr:{shard}ch:sharded']);
        await c.sUnsubscribe('nr:{shard}ch');
        assert.equal(await pubNr.sPublish('nr:{shard}ch', 'late'), 0);
    });
});
