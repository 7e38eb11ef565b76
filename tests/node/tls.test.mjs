// TLS on tls-port with both clients: a CA, a server certificate for 127.0.0.1 and a client
// certificate made with the openssl command; the server asks for client certificates
// (tls-auth-clients yes). ioredis and node-redis (RESP2 and RESP3) talk over TLS beside a plain
// client on the plain port; a client without a certificate is refused; a large value and a
// pipeline cross TLS records; pub/sub pushes arrive over TLS.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { Harness, freePort } from './server.mjs';

function openssl(dir, ...args) {
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

/** ca.crt, server.crt/.key (for 127.0.0.1) and client.crt/.key in a new folder. */
function makeCertificates() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-node-tls-'));
    openssl(dir, 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=Test CA',
        '-keyout', 'ca.key', '-out', 'ca.crt');
    fs.writeFileSync(path.join(dir, 'san.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
    for (const who of ['server', 'client']) {
        openssl(dir, 'req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${who}`,
            '-keyout', `${who}.key`, '-out', `${who}.csr`);
        openssl(dir, 'x509', '-req', '-in', `${who}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key',
            '-CAcreateserial', '-days', '2', '-extfile', 'san.ext', '-out', `${who}.crt`);
    }
    const read = (f) => fs.readFileSync(path.join(dir, f));
    return { dir, ca: read('ca.crt'), cert: read('client.crt'), key: read('client.key') };
}

describe('tls', { timeout: 150000 }, () => {
    const h = new Harness();
    let srv, tlsPort, certs;
    before(async () => {
        certs = makeCertificates();
        tlsPort = await freePort();
        srv = await h.server(['--tls-port', String(tlsPort),
            '--tls-cert-file', path.join(certs.dir, 'server.crt'),
            '--tls-key-file', path.join(certs.dir, 'server.key'),
            '--tls-ca-cert-file', path.join(certs.dir, 'ca.crt'),
            '--tls-auth-clients', 'yes']);
    });
    after(async () => {
        await h.close();
        fs.rmSync(certs.dir, { recursive: true, force: true });
    });

    const tls = () => ({ ca: certs.ca, cert: certs.cert, key: certs.key, servername: 'localhost' });

    test('ioredis over TLS beside a plain client', { timeout: 30000 }, async () => {
        const c = await h.ioredis(srv, { port: tlsPort, tls: tls() });
        const plain = await h.ioredis(srv);
        assert.equal(await c.set('tls:k', 'over tls'), 'OK');
        assert.equal(await plain.get('tls:k'), 'over tls', 'the plain port sees the same data');
        const big = Buffer.alloc(3 * 1024 * 1024 + 7, 'x');
        assert.equal(await c.set('tls:big', big), 'OK');
        assert.deepEqual(await c.getBuffer('tls:big'), big, 'a value spanning many TLS records');
        const p = c.pipeline();
        for (let i = 0; i < 2000; i++) p.incr('tls:n');
        const res = await p.exec();
        assert.equal(res.length, 2000);
        assert.deepEqual(res[1999], [null, 2000]);
    });

    test('node-redis over TLS in RESP2 and RESP3', { timeout: 30000 }, async () => {
        for (const RESP of [2, 3]) {
            const c = await h.nodeRedis(srv, { RESP, socket: { port: tlsPort, tls: true, ...tls() } });
            assert.equal(await c.set(`tls:r${RESP}`, 'v'), 'OK');
            assert.equal(await c.get(`tls:r${RESP}`), 'v');
            assert.match(String(await c.sendCommand(['CLIENT', 'INFO'])), new RegExp(` resp=${RESP}\\b`));
            const hash = await c.hGetAll('tls:none');
            assert.deepEqual({ ...hash }, {});
        }
    });

    test('a client without a certificate is refused', { timeout: 30000 }, async () => {
        const Redis = (await import('ioredis')).default;
        const errors = [];
        const c = new Redis({ host: '127.0.0.1', port: tlsPort, tls: { ca: certs.ca, servername: 'localhost' },
            lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
        c.on('error', (e) => errors.push(e.message));
        h.clients.push(c);
        await c.connect().catch((e) => errors.push(e.message));
        await assert.rejects(c.ping());
        assert.ok(errors.length > 0, 'the handshake or the first command fails');
        const ok = await h.ioredis(srv, { port: tlsPort, tls: tls() });
        assert.equal(await ok.ping(), 'PONG', 'the server keeps serving TLS clients');
    });

    test('pub/sub pushes over TLS with node-redis RESP3', { timeout: 30000 }, async () => {
        const sub = await h.nodeRedis(srv, { RESP: 3, socket: { port: tlsPort, tls: true, ...tls() } });
        const pub = await h.nodeRedis(srv, { socket: { port: tlsPort, tls: true, ...tls() } });
        const got = new Promise((resolve) => sub.subscribe('tls:ch', (m) => resolve(m)));
        await new Promise((r) => setTimeout(r, 100));
        assert.equal(await pub.publish('tls:ch', 'hello'), 1);
        assert.equal(await got, 'hello');
    });
});
