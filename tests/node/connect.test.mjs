// Connecting with each client in RESP2 and RESP3: what the client sends on connect (HELLO 3,
// CLIENT SETINFO lib-name / lib-ver) works and shows in CLIENT INFO / CLIENT LIST; a command the
// server does not know gets an error and the connection keeps working.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';

import { Harness, IS_REDIS } from './server.mjs';

const IOREDIS_VERSION = '5.9.2';
// What node-redis sends as lib-ver: the version in the package.json its dist/ requires, which in
// the 5.9.0 release still says 5.9.0-beta.3 (a packaging slip of node-redis, not the server's).
const NODE_REDIS_VERSION = JSON.parse(fs.readFileSync(
    new URL('./node_modules/@redis/client/dist/package.json', import.meta.url), 'utf8')).version;

/** CLIENT INFO / a CLIENT LIST line as an object of its fields. */
function fields(line) {
    const out = {};
    for (const kv of String(line).trim().split(' ')) {
        const i = kv.indexOf('=');
        out[kv.slice(0, i)] = kv.slice(i + 1);
    }
    return out;
}

/** The CLIENT LIST line of the connection with this id. */
function listEntry(list, id) {
    const line = String(list).split('\n').find((l) => fields(l).id === String(id));
    assert.ok(line, `CLIENT LIST has no line with id=${id}:\n${list}`);
    return fields(line);
}

/** lib-name / lib-ver as the connection registered them (CLIENT SETINFO arrived in Redis 7.2:
 *  7.0, the reference, refuses it, which the clients ignore, and has no such fields). */
function checkLib(info, name, version) {
    if (IS_REDIS) {
        assert.equal(info['lib-name'], undefined);
        return;
    }
    assert.equal(info['lib-name'], name);
    assert.equal(info['lib-ver'], version);
}

describe('connect', { timeout: 150000 }, () => {
    const h = new Harness();
    let srv;
    before(async () => { srv = await h.server(); });
    after(() => h.close());

    test('ioredis RESP2 with CLIENT SETINFO', { timeout: 30000 }, async () => {
        const c = await h.ioredis(srv, { connectionName: 'io-conn' });
        assert.equal(await c.ping(), 'PONG');
        const info = fields(await c.client('INFO'));
        assert.equal(info.resp, '2');
        assert.equal(info.name, 'io-conn');
        checkLib(info, 'ioredis', IOREDIS_VERSION);
        const id = await c.client('ID');
        const entry = listEntry(await c.client('LIST'), id);
        checkLib(entry, 'ioredis', IOREDIS_VERSION);
        assert.equal(entry.name, 'io-conn');
        // the server says which Redis it follows (clients gate features on it)
        assert.match(await c.info('server'), /^redis_version:7\.0\.15\r$/m);
    });

    test('ioredis clientInfoTag', { timeout: 30000 }, async () => {
        const c = await h.ioredis(srv, { clientInfoTag: 'tessera' });
        checkLib(fields(await c.client('INFO')), 'ioredis(tessera)', IOREDIS_VERSION);
    });

    test('node-redis RESP2 with CLIENT SETINFO', { timeout: 30000 }, async () => {
        const c = await h.nodeRedis(srv, { name: 'nr2' });
        assert.equal(await c.ping(), 'PONG');
        const info = fields(await c.sendCommand(['CLIENT', 'INFO']));
        assert.equal(info.resp, '2');
        assert.equal(info.name, 'nr2');
        checkLib(info, 'node-redis', NODE_REDIS_VERSION);
        const id = await c.clientId();
        checkLib(listEntry(await c.sendCommand(['CLIENT', 'LIST']), id), 'node-redis', NODE_REDIS_VERSION);
        // node-redis's own parse of CLIENT INFO
        const parsed = await c.clientInfo();
        assert.equal(parsed.id, id);
        assert.equal(parsed.name, 'nr2');
    });

    test('node-redis RESP3 sends HELLO 3', { timeout: 30000 }, async () => {
        const c = await h.nodeRedis(srv, { RESP: 3, name: 'nr3' });
        assert.equal(await c.ping(), 'PONG');
        const info = fields(await c.sendCommand(['CLIENT', 'INFO']));
        assert.equal(info.resp, '3');
        assert.equal(info.name, 'nr3'); // HELLO 3 SETNAME nr3
        checkLib(info, 'node-redis', NODE_REDIS_VERSION);
        const id = await c.clientId();
        const entry = listEntry(await c.sendCommand(['CLIENT', 'LIST']), id);
        assert.equal(entry.resp, '3');
        checkLib(entry, 'node-redis', NODE_REDIS_VERSION);
        // HELLO again: a RESP3 map, decoded by node-redis into an object
        const hello = await c.hello(3);
        assert.equal(hello.server, 'redis');
        assert.equal(hello.proto, 3);
        assert.equal(hello.version, '7.0.15');
        assert.equal(hello.id, id);
        assert.equal(hello.mode, 'standalone');
        assert.equal(hello.role, 'master');
        assert.deepEqual([...hello.modules], []);
        // RESP3 replies: a map for HGETALL, a double for ZSCORE, null for a missing key
        await c.hSet('nr3:h', { a: '1', b: '2' });
        assert.deepEqual({ ...(await c.hGetAll('nr3:h')) }, { a: '1', b: '2' });
        await c.zAdd('nr3:z', { score: 1.5, value: 'm' });
        assert.equal(await c.zScore('nr3:z', 'm'), 1.5);
        assert.equal(await c.get('nr3:missing'), null);
        const raw = await c.sendCommand(['ZSCORE', 'nr3:z', 'm']);
        assert.equal(raw, 1.5); // a RESP3 double, not the bulk string "1.5" of RESP2
    });

    test('node-redis clientInfoTag and RESP2 after RESP3', { timeout: 30000 }, async () => {
        const c = await h.nodeRedis(srv, { RESP: 3, clientInfoTag: 'tessera' });
        checkLib(fields(await c.sendCommand(['CLIENT', 'INFO'])), 'node-redis(tessera)', NODE_REDIS_VERSION);
        // the same server speaks RESP2 on another connection meanwhile
        const c2 = await h.nodeRedis(srv);
        assert.equal(await c2.sendCommand(['ZSCORE', 'nr3:z', 'm']), '1.5');
    });

    test('unknown command with ioredis', { timeout: 30000 }, async () => {
        const c = await h.ioredis(srv);
        await assert.rejects(c.call('NOSUCHCMD', 'a', 'b'), (e) => {
            assert.match(e.message, /^ERR unknown command 'NOSUCHCMD', with args beginning with: 'a' 'b'/);
            return true;
        });
        assert.equal(await c.set('after-bad', 'ok'), 'OK');
        assert.equal(await c.get('after-bad'), 'ok');
        assert.equal(c.status, 'ready');
    });

    test('unknown command with node-redis', { timeout: 30000 }, async () => {
        for (const RESP of [2, 3]) {
            const c = await h.nodeRedis(srv, { RESP });
            await assert.rejects(c.sendCommand(['NOSUCHCMD']), (e) => {
                assert.match(e.message, /^ERR unknown command 'NOSUCHCMD', with args beginning with: $/);
                return true;
            });
            // a wrong arity is an error for that command only too
            await assert.rejects(c.sendCommand(['GET']),
                { message: /^ERR wrong number of arguments for 'get' command$/ });
            assert.equal(await c.ping(), 'PONG');
            assert.equal(c.isReady, true);
        }
    });
});
