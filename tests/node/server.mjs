// Starts the real server binary for the Node client tests and stops it by PID; also makes the
// clients (ioredis, node-redis) the tests use and closes them. Runs in each test file's process.
//
// TESSERA_SERVER names the binary (default build/tessera-server, from the repository root); a
// binary named redis-server is Redis, the reference, which gets no --threads.
// TESSERA_TEST_IO_BACKEND=epoll adds --io-backend epoll for Tessera, as in tests/integration.

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

import Redis from 'ioredis';
import { createClient } from 'redis';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const SERVER_BINARY = path.resolve(ROOT, process.env.TESSERA_SERVER || 'build/tessera-server');
export const IS_REDIS = path.basename(SERVER_BINARY).startsWith('redis-server');
export const THREADS = 4;
const STOP_GRACE_MS = 5000;
const START_LIMIT_MS = 10000;

// Every server still running: killed (SIGKILL) when this process exits however it exits.
const live = new Set();
process.on('exit', () => {
    for (const s of live) {
        try { process.kill(s.pid, 'SIGKILL'); } catch { /* already gone */ }
    }
});
for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, () => process.exit(128 + os.constants.signals[sig]));
}

/** A TCP port of 127.0.0.1 that was free a moment ago (the kernel's choice for port 0). */
export function freePort() {
    return new Promise((resolve, reject) => {
        const s = net.createServer();
        s.unref();
        s.on('error', reject);
        s.listen(0, '127.0.0.1', () => {
            const { port } = s.address();
            s.close(() => resolve(port));
        });
    });
}

/** True when a raw PING on port gets +PONG, or -NOAUTH from a password-protected server. */
function answersPing(port) {
    return new Promise((resolve) => {
        let got = '';
        const sock = net.connect({ host: '127.0.0.1', port });
        const done = (v) => { sock.destroy(); resolve(v); };
        sock.setTimeout(1000, () => done(false));
        sock.on('error', () => done(false));
        sock.on('connect', () => sock.write('*1\r\n$4\r\nPING\r\n'));
        sock.on('data', (d) => {
            got += d.toString('latin1');
            if (got.includes('\r\n')) done(got.startsWith('+PONG') || got.startsWith('-NOAUTH'));
        });
    });
}

/** One server process on 127.0.0.1 with its own temporary --dir (removed by stop()). */
export class Server {
    constructor(extraArgs = []) {
        this.extraArgs = extraArgs;
        this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-node-'));
        this.logPath = path.join(this.dir, 'server.log');
        this.port = null;
        this.proc = null;
        this.exitStatus = null;
    }

    argv() {
        const args = ['--port', String(this.port), '--bind', '127.0.0.1', '--save', ''];
        if (!IS_REDIS) {
            args.push('--threads', String(THREADS));
            // the Python suite's switch: run the workers over epoll instead of io_uring
            if (process.env.TESSERA_TEST_IO_BACKEND) args.push('--io-backend', process.env.TESSERA_TEST_IO_BACKEND);
        }
        args.push('--dir', this.dir, ...this.extraArgs);
        return args;
    }

    /** Starts the process (on a free port, or on port) and waits until it answers PING. */
    async start(port = null) {
        for (let attempt = 0; ; attempt++) {
            this.port = port ?? await freePort();
            try {
                await this.#startOn();
                return this;
            } catch (e) {
                // another process took the free port between our look and the bind: try another
                if (port !== null || attempt >= 2 || !/in use/i.test(e.message)) throw e;
            }
        }
    }

    async #startOn() {
        const log = fs.openSync(this.logPath, 'a');
        let proc;
        try {
            // Same process group as the tests: a timeout that kills the group kills the server.
            proc = spawn(SERVER_BINARY, this.argv(), { cwd: this.dir, stdio: ['ignore', log, log] });
        } finally {
            fs.closeSync(log);
        }
        this.proc = proc;
        this.exitStatus = null;
        const exited = new Promise((resolve) => proc.once('exit', (code, signal) => {
            live.delete(this);
            this.exitStatus = code ?? `signal ${signal}`;
            resolve(this.exitStatus);
        }));
        proc.once('error', () => {});
        this.exited = exited;
        if (proc.pid === undefined) {
            throw new Error(`cannot run ${SERVER_BINARY}`);
        }
        live.add(this);
        const deadline = Date.now() + START_LIMIT_MS;
        while (Date.now() < deadline) {
            if (this.exitStatus !== null) {
                throw new Error(`server exited with status ${this.exitStatus} during start-up: ${this.logTail()}`);
            }
            if (await answersPing(this.port)) return;
            await sleep(20);
        }
        await this.stop();
        throw new Error(`server did not answer PING within ${START_LIMIT_MS / 1000} s: ${this.logTail()}`);
    }

    get pid() { return this.proc?.pid; }

    alive() { return this.proc !== null && this.exitStatus === null; }

    /** SIGTERM by PID, SIGKILL after 5 s; resolves to the exit status (a number or 'signal X'). */
    async stop() {
        if (!this.alive()) return this.exitStatus;
        try { process.kill(this.pid, 'SIGTERM'); } catch { /* gone already */ }
        const timer = setTimeout(() => {
            try { process.kill(this.pid, 'SIGKILL'); } catch { /* gone already */ }
        }, STOP_GRACE_MS);
        const status = await this.exited;
        clearTimeout(timer);
        return status;
    }

    /** Stops the process, then starts the same binary again on the same port and --dir. */
    async restart() {
        await this.stop();
        await this.#retryStartOn();
        return this;
    }

    async #retryStartOn() {
        // the old listener may linger for a moment; the port is ours, so retry a few times
        for (let attempt = 0; ; attempt++) {
            try {
                await this.#startOn();
                return;
            } catch (e) {
                if (attempt >= 20 || !/in use/i.test(e.message)) throw e;
                await sleep(100);
            }
        }
    }

    /** Stops the server and removes its directory; throws if it did not exit with status 0
     *  or its log holds a sanitizer report (a sanitized build under test). */
    async cleanup() {
        const wasAlive = this.alive();
        const status = await this.stop();
        const tail = this.logTail();
        let report = null;
        try {
            const log = fs.readFileSync(this.logPath, 'utf8');
            report = /^.*(ERROR: AddressSanitizer|ERROR: LeakSanitizer|WARNING: ThreadSanitizer|runtime error:).*$/m
                .exec(log)?.[0] ?? null;
        } catch { /* no log */ }
        fs.rmSync(this.dir, { recursive: true, force: true });
        if (wasAlive && status !== 0) {
            throw new Error(`server on port ${this.port} exited with status ${status} after SIGTERM: ${tail}`);
        }
        if (report) throw new Error(`sanitizer report in the server's log: ${report}`);
    }

    logTail(lines = 15) {
        try {
            return fs.readFileSync(this.logPath, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
        } catch {
            return '(no log)';
        }
    }
}

/** Starts a server (extra command-line arguments appended) and waits until it answers. */
export async function startServer(extraArgs = []) {
    return new Server(extraArgs).start();
}

/**
 * What one test file uses: its servers and clients, all closed by close() (call it from an
 * after() hook, so it runs even when a test failed). Clients are closed first, then servers.
 */
export class Harness {
    constructor() {
        this.servers = [];
        this.clients = [];
    }

    async server(extraArgs = []) {
        const s = new Server(extraArgs);
        this.servers.push(s);
        return s.start();
    }

    /** An ioredis client (RESP2: ioredis speaks nothing else), connected and ready. */
    async ioredis(server, options = {}) {
        const c = new Redis({
            host: '127.0.0.1',
            port: server.port,
            lazyConnect: true,
            maxRetriesPerRequest: 1,
            retryStrategy: () => null, // no reconnecting unless a test asks for it
            ...options,
        });
        c.on('error', () => {}); // connection errors reach the commands that fail
        this.clients.push(c);
        await c.connect();
        return c;
    }

    /** A node-redis client, RESP 2 unless options.RESP is 3, connected. */
    async nodeRedis(server, options = {}) {
        const { socket, ...rest } = options;
        const c = createClient({
            socket: { host: '127.0.0.1', port: server.port, reconnectStrategy: false, ...socket },
            ...rest,
        });
        c.on('error', () => {});
        this.clients.push(c);
        await c.connect();
        return c;
    }

    /** node-redis's duplicate() (same options), connected and closed with the rest. */
    async duplicate(client, options) {
        const d = client.duplicate(options);
        d.on('error', () => {});
        this.clients.push(d);
        await d.connect();
        return d;
    }

    async close() {
        for (const c of this.clients.splice(0)) {
            try {
                if (c instanceof Redis) c.disconnect();
                else if (c.isOpen) c.destroy();
            } catch { /* closed already */ }
        }
        const errors = [];
        for (const s of this.servers.splice(0)) {
            try { await s.cleanup(); } catch (e) { errors.push(e.message); }
        }
        if (errors.length) throw new Error(errors.join('; '));
    }
}

// --- keys on distinct shards: Redis Cluster slot (CRC16 of the hash tag) mod the shard count ----

const CRC16_TABLE = (() => {
    const t = new Uint16Array(256);
    for (let i = 0; i < 256; i++) {
        let c = i << 8;
        for (let j = 0; j < 8; j++) c = (c & 0x8000) ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff;
        t[i] = c;
    }
    return t;
})();

export function keySlot(key) {
    let b = Buffer.from(key);
    const open = b.indexOf('{');
    if (open >= 0) {
        const close = b.indexOf('}', open + 1);
        if (close > open + 1) b = b.subarray(open + 1, close);
    }
    let crc = 0;
    for (const x of b) crc = ((crc << 8) & 0xffff) ^ CRC16_TABLE[((crc >> 8) ^ x) & 0xff];
    return crc & 0x3fff;
}

export function shardOf(key) {
    return keySlot(key) % THREADS;
}

/** n keys prefix:0, prefix:1 ... and the set of shards they land on. */
export function spreadKeys(prefix, n) {
    const keys = Array.from({ length: n }, (_, i) => `${prefix}:${i}`);
    return { keys, shards: new Set(keys.map(shardOf)) };
}

/**
 * The first of the commands (each an argument array) that an ioredis client's server answers
 * "unknown command" to, or null when it knows them all: a test needing a feature the server
 * lacks yet skips with `the server has no <NAME>` instead of failing. Other errors do not count.
 */
export async function firstUnknown(client, ...commands) {
    for (const argv of commands) {
        try {
            await client.call(...argv);
        } catch (e) {
            if (/^ERR unknown command/i.test(e.message)) return argv[0].toUpperCase();
        }
    }
    return null;
}

/** Polls cond (sync or async) every 10 ms until it is truthy or limitMs passes. */
export async function waitUntil(cond, limitMs = 5000, what = 'condition') {
    const deadline = Date.now() + limitMs;
    for (;;) {
        if (await cond()) return;
        if (Date.now() > deadline) throw new Error(`timed out after ${limitMs} ms waiting for ${what}`);
        await sleep(10);
    }
}
