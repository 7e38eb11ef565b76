// BullMQ jobs per second against a running server, for bench/scripting.sh: adds JOBS jobs to a
// fresh queue with addBulk (BATCH jobs per call), then one Worker with concurrency CONCURRENCY
// processes them (an empty processor returning its input), and the clock stops at the last
// completion. Uses BullMQ and ioredis from tests/node/node_modules (`npm ci` in tests/node, or
// tools/node_tests.sh, installs them), with BullMQ's default key prefix `bull:`.
//
//   node bench/bullmq_bench.mjs PORT SERVER_PID [JOBS [CONCURRENCY [BATCH]]]
//
// Prints one line of key=value figures: jobs, concurrency, add_s, add_per_s, work_s, jobs_per_s,
// the server's CPU time (utime+stime of /proc/PID/stat, every thread) per job added
// (srv_us_per_add) and per job processed (srv_us_per_job), how busy the server was while the
// worker ran (srv_cpu_pct; add_srv_cpu_pct while adding) and how busy this process was
// (gen_cpu_pct, add_gen_cpu_pct: near 100 means the client, not the server, held the pace). Exit status 0 when done, 3 when the server answered
// "unknown command" (EVAL or XADD missing), 2 on any other error or after LIMIT_S seconds.

import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';

const require = createRequire(new URL('../tests/node/package.json', import.meta.url));
let bullmq;
try {
    bullmq = require('bullmq');
} catch {
    console.log('error: bullmq is not installed: run `npm ci` in tests/node');
    process.exit(2);
}
const { Queue, Worker } = bullmq;

const [port, serverPid] = process.argv.slice(2, 4).map(Number);
const JOBS = Number(process.argv[4] ?? 5000);
const CONCURRENCY = Number(process.argv[5] ?? 16);
const BATCH = Number(process.argv[6] ?? 500);
const LIMIT_S = Number(process.env.LIMIT_S ?? 120);
if (!port || !serverPid) {
    console.error('usage: node bench/bullmq_bench.mjs PORT SERVER_PID [JOBS [CONCURRENCY [BATCH]]]');
    process.exit(2);
}

const TICK_S = 1 / 100; // USER_HZ: Linux reports /proc times in 1/100 s
/** The server's CPU seconds so far, every thread. */
function serverCpu() {
    const stat = fs.readFileSync(`/proc/${serverPid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // fields from 3 (state) on
    return (Number(f[11]) + Number(f[12])) * TICK_S; // utime (14) + stime (15)
}
const ownCpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1e6; };
const now = () => Number(process.hrtime.bigint()) / 1e9;

function fail(e) {
    const unknown = /unknown (redis )?command/i.test(e?.message ?? ''); // sent, or called by a script
    console.log(`${unknown ? 'unsupported' : 'error'}: ${e?.message ?? e}`);
    process.exit(unknown ? 3 : 2);
}
setTimeout(() => fail(new Error(`not done within ${LIMIT_S} s`)), LIMIT_S * 1000).unref();

const connection = { host: '127.0.0.1', port };
const name = `bench-${os.hostname()}-${process.pid}`;
const queue = new Queue(name, { connection });
queue.on('error', fail);

try {
    await queue.waitUntilReady();
    const jobs = Array.from({ length: JOBS }, (_, i) => ({ name: 'j', data: { i } }));

    let t0 = now(), c0 = serverCpu(), g0 = ownCpu();
    for (let i = 0; i < JOBS; i += BATCH) await queue.addBulk(jobs.slice(i, i + BATCH));
    const addS = now() - t0, addCpu = serverCpu() - c0, addGen = ownCpu() - g0;

    let done = 0, finished;
    const allDone = new Promise((resolve) => { finished = resolve; });
    const worker = new Worker(name, async (job) => job.data.i, { connection, concurrency: CONCURRENCY, autorun: false });
    worker.on('error', fail);
    worker.on('failed', (job, e) => fail(e));
    worker.on('completed', () => { if (++done === JOBS) finished(); });
    await worker.waitUntilReady();

    t0 = now(); c0 = serverCpu(); g0 = ownCpu();
    worker.run().catch(fail);
    await allDone;
    const workS = now() - t0, workCpu = serverCpu() - c0, genCpu = ownCpu() - g0;

    const counts = await queue.getJobCounts('completed', 'failed', 'waiting', 'active');
    if (counts.completed !== JOBS) fail(new Error(`counts after the run: ${JSON.stringify(counts)}`));
    await worker.close();
    await queue.obliterate({ force: true });
    await queue.close();
    console.log([
        `jobs=${JOBS}`, `concurrency=${CONCURRENCY}`,
        `add_s=${addS.toFixed(4)}`, `add_per_s=${(JOBS / addS).toFixed(0)}`,
        `work_s=${workS.toFixed(4)}`, `jobs_per_s=${(JOBS / workS).toFixed(0)}`,
        `srv_us_per_add=${(addCpu * 1e6 / JOBS).toFixed(2)}`, `srv_us_per_job=${(workCpu * 1e6 / JOBS).toFixed(2)}`,
        `add_srv_cpu_pct=${Math.round(100 * addCpu / addS)}`, `add_gen_cpu_pct=${Math.round(100 * addGen / addS)}`,
        `srv_cpu_pct=${Math.round(100 * workCpu / workS)}`, `gen_cpu_pct=${Math.round(100 * genCpu / workS)}`,
    ].join(' '));
    process.exit(0);
} catch (e) {
    fail(e);
}
