// A server started with --requirepass: commands before AUTH get NOAUTH, a wrong password gets
// Redis's WRONGPASS text, the right one works, and both clients' password options (AUTH in
// RESP2, HELLO 3 AUTH in RESP3 for node-redis) log in.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Harness } from './server.mjs';

const PASSWORD = 's3cret pass'; // with a space: the option is one argument
const NOAUTH = /^NOAUTH Authentication required\.?$/;
const HELLO_NOAUTH = 'NOAUTH HELLO must be called with the client already authenticated, otherwise the '
    + 'HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP '
    + 'protocol version at the same time';
const WRONGPASS = 'WRONGPASS invalid username-password pair or user is disabled.';

describe('auth', { timeout: 150000 }, () => {
    const h = new Harness();
    let srv;
    before(async () => { srv = await h.server(['--requirepass', PASSWORD]); });
    after(() => h.close());

    test('ioredis without a password gets NOAUTH, then AUTH', { timeout: 30000 }, async () => {
        const c = await h.ioredis(srv, { enableReadyCheck: false });
        await assert.rejects(c.get('k'), { message: NOAUTH });
        await assert.rejects(c.auth('wrong'), { message: WRONGPASS });
        await assert.rejects(c.auth('default', 'wrong'), { message: WRONGPASS });
        await assert.rejects(c.auth('nosuchuser', PASSWORD), { message: WRONGPASS });
        await assert.rejects(c.set('k', 'v'), { message: NOAUTH });
        assert.equal(await c.auth(PASSWORD), 'OK');
        assert.equal(await c.set('k', 'v'), 'OK');
        assert.equal(await c.get('k'), 'v');
    });

    test('ioredis password option', { timeout: 30000 }, async () => {
        const c = await h.ioredis(srv, { password: PASSWORD });
        assert.equal(await c.get('k'), 'v');
        const u = await h.ioredis(srv, { username: 'default', password: PASSWORD });
        assert.equal(await u.ping(), 'PONG');
        assert.match(String(await u.client('INFO')), / user=default /);
    });

    test('ioredis wrong password option', { timeout: 30000 }, async () => {
        const errors = [];
        const Redis = (await import('ioredis')).default;
        const c = new Redis({ host: '127.0.0.1', port: srv.port, password: 'wrong', lazyConnect: true,
            retryStrategy: () => null, maxRetriesPerRequest: 0 });
        c.on('error', (e) => errors.push(e.message));
        h.clients.push(c);
        await c.connect().catch(() => {});
        await assert.rejects(c.get('k'));
        assert.ok(errors.includes(WRONGPASS), `errors: ${JSON.stringify(errors)}`);
    });

    test('node-redis password option RESP2 and RESP3', { timeout: 30000 }, async () => {
        for (const RESP of [2, 3]) {
            const c = await h.nodeRedis(srv, { RESP, password: PASSWORD });
            assert.equal(await c.get('k'), 'v');
            assert.match(String(await c.sendCommand(['CLIENT', 'INFO'])), new RegExp(` resp=${RESP}\\b`));
            const u = await h.nodeRedis(srv, { RESP, username: 'default', password: PASSWORD });
            assert.equal(await u.ping(), 'PONG');
        }
    });

    test('node-redis wrong password RESP2 and RESP3', { timeout: 30000 }, async () => {
        for (const RESP of [2, 3]) {
            await assert.rejects(h.nodeRedis(srv, { RESP, password: 'wrong' }), { message: WRONGPASS });
        }
        // no password at all: RESP2 connects and commands get NOAUTH; HELLO 3 without AUTH is refused
        const c = await h.nodeRedis(srv);
        await assert.rejects(c.get('k'), { message: NOAUTH });
        await assert.rejects(c.sendCommand(['AUTH', 'wrong']), { message: WRONGPASS });
        assert.equal(await c.sendCommand(['AUTH', PASSWORD]), 'OK');
        assert.equal(await c.get('k'), 'v');
        await assert.rejects(h.nodeRedis(srv, { RESP: 3 }), { message: HELLO_NOAUTH });
    });
});
