// ACL users from both clients: a user made with ACL SETUSER logs in with username and password
// (AUTH user pass in RESP2, HELLO 3 AUTH in RESP3), is held to its key and command rules with
// Redis's NOPERM texts, and a wrong password is refused with WRONGPASS.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { Harness } from './server.mjs';

const WRONGPASS = 'WRONGPASS invalid username-password pair or user is disabled.';
const NOPERM_KEY = 'NOPERM this user has no permissions to access one of the keys used as arguments';
const NOPERM_CMD = /^NOPERM this user has no permissions to run the 'flushall' command$/;

describe('acl', { timeout: 150000 }, () => {
    const h = new Harness();
    let srv;
    before(async () => {
        srv = await h.server();
        const admin = await h.ioredis(srv);
        assert.equal(await admin.call('ACL', 'SETUSER', 'app', 'on', '>app-pass', '~app:*', '+@all',
            '-@dangerous'), 'OK');
    });
    after(() => h.close());

    test('ioredis logs in as an ACL user and is held to its rules', { timeout: 30000 }, async () => {
        const c = await h.ioredis(srv, { username: 'app', password: 'app-pass' });
        assert.equal(await c.call('ACL', 'WHOAMI'), 'app');
        assert.equal(await c.set('app:1', 'v'), 'OK');
        assert.equal(await c.get('app:1'), 'v');
        await assert.rejects(c.set('other:1', 'v'), { message: NOPERM_KEY });
        await assert.rejects(c.flushall(), { message: NOPERM_CMD });
        assert.equal(await c.get('app:1'), 'v', 'the connection keeps working after a refusal');
    });

    test('node-redis logs in as an ACL user in RESP2 and RESP3', { timeout: 30000 }, async () => {
        for (const RESP of [2, 3]) {
            const c = await h.nodeRedis(srv, { RESP, username: 'app', password: 'app-pass' });
            assert.equal(await c.sendCommand(['ACL', 'WHOAMI']), 'app');
            assert.equal(await c.set(`app:r${RESP}`, 'v'), 'OK');
            await assert.rejects(c.get('other:2'), { message: NOPERM_KEY });
            assert.match(String(await c.sendCommand(['CLIENT', 'INFO'])), / user=app /);
        }
    });

    test('a wrong password is refused with WRONGPASS', { timeout: 30000 }, async () => {
        const c = await h.ioredis(srv);
        await assert.rejects(c.call('AUTH', 'app', 'nope'), { message: WRONGPASS });
        assert.equal(await c.call('AUTH', 'app', 'app-pass'), 'OK');
        assert.equal(await c.call('ACL', 'WHOAMI'), 'app');
    });
});
