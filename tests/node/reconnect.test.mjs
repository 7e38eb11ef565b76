// Reconnecting: the server stops (SIGTERM) and starts again on the same port; each client
// reconnects by itself (ioredis retryStrategy, node-redis reconnectStrategy), runs what was sent
// while the server was down, says HELLO / CLIENT SETINFO again, and resubscribes its channels.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Harness, IS_REDIS, waitUntil } from './server.mjs';

describe('reconnect', { timeout: 150000 }, () => {
    const h = new Harness();
    let srv;
    before(async () => { srv = await h.server(); });
    after(() => h.close());

    test('both clients reconnect after a server restart', { timeout: 30000 }, async () => {
        const io = await h.ioredis(srv, { retryStrategy: (times) => Math.min(times * 20, 200),
            maxRetriesPerRequest: null });
        const nr2 = await h.nodeRedis(srv, { socket: { reconnectStrategy: (retries) => Math.min(retries * 20, 200) } });
        const nr3 = await h.nodeRedis(srv, { RESP: 3,
            socket: { reconnectStrategy: (retries) => Math.min(retries * 20, 200) } });
        const ioSub = await h.ioredis(srv, { retryStrategy: () => 50 });
        const nrSub = await h.nodeRedis(srv, { RESP: 3, socket: { reconnectStrategy: () => 50 } });
        const got = [];
        ioSub.on('message', (ch, msg) => got.push(`io:${msg}`));
        await ioSub.subscribe('rc:ch');
        await nrSub.subscribe('rc:ch', (msg) => got.push(`nr:${msg}`));
        assert.equal(await io.set('rc:k', 'before'), 'OK');
        const id3 = await nr3.clientId();

        // (events.once would reject on the 'error' node-redis emits when the socket closes)
        const ioDown = new Promise((resolve) => io.once('close', resolve));
        const nrDown = new Promise((resolve) => nr3.once('reconnecting', resolve));
        assert.equal(await srv.stop(), 0, 'server exit status after SIGTERM');
        await ioDown;
        await nrDown;
        // sent while the server is down: queued offline, run after the reconnect
        const queued = [io.incr('rc:n'), nr2.incr('rc:n'), nr3.incr('rc:n')];
        await srv.restart();

        const results = await Promise.all(queued);
        assert.deepEqual(results.slice().sort(), [1, 2, 3]);
        // --save '': nothing was kept; the restarted server is a fresh one
        assert.equal(await io.get('rc:k'), null);
        assert.equal(await nr2.set('rc:k', 'after'), 'OK');
        assert.equal(await nr3.get('rc:k'), 'after');
        assert.equal(await io.get('rc:k'), 'after');
        assert.equal(io.status, 'ready');
        assert.ok(nr2.isReady && nr3.isReady);
        // a new connection: HELLO 3 and CLIENT SETINFO again
        const info = String(await nr3.sendCommand(['CLIENT', 'INFO']));
        assert.match(info, / resp=3\b/);
        if (!IS_REDIS) assert.match(info, / lib-name=node-redis /);
        assert.notEqual(await nr3.clientId(), undefined);
        assert.ok(id3 !== undefined);
        // the subscribers came back subscribed
        await waitUntil(async () => (await io.publish('rc:ch', 'hi')) === 2, 5000, 'both subscribers back');
        await waitUntil(() => got.includes('io:hi') && got.includes('nr:hi'), 5000, 'messages after the restart');
    });
});
