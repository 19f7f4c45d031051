// Steady-state cost of workload (1), lsp-add-style transactions, as server CPU time per
// transaction (utime + stime from /proc, with the system share), which moves far less between
// runs on a shared machine than throughput does. For before/after comparisons of two builds and
// for profiling; `npm run bench` stays the reference for the ratios.
//
//   node bench/steady.js [ts|ovs] [--clients=1,8,32] [--txns=15000] [--cli=OTHER/dist/cli.js]
//                        [--node="--cpu-prof --cpu-prof-dir=DIR"]
//
// 64 switches are created, 6,000 transactions from 8 clients warm the server up, then each
// client count sends --txns transactions (each client one at a time, as in workload 1).
import { parseArgs } from 'node:util';
import { launch, OVS, TS } from './lib/servers.js';
import { connectMany } from './lib/client.js';
import { DB, createSwitches, lspAddOps } from './lib/data.js';
import { processCpuTimes } from './lib/proc.js';

const SWITCHES = 64;
const WARMUP = 6000;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { clients: { type: 'string' }, txns: { type: 'string' }, cli: { type: 'string' }, node: { type: 'string' } },
});
const kind = positionals[0] === 'ovs' ? OVS : TS;
const clientCounts = (values.clients ?? '1,8,32').split(',').map(Number);
const txns = Number(values.txns ?? 15000);

/** [user, system] CPU time of a process in ms. */
function cpuMs(pid) {
  const t = processCpuTimes(pid);
  if (t === null) throw new Error(`process ${pid} is gone`);
  return [t.userMs, t.systemMs];
}

const server = await launch(kind, {
  ...(values.cli === undefined ? {} : { cli: values.cli }),
  ...(values.node === undefined ? {} : { nodeArgs: values.node.split(' ').filter((a) => a !== '') }),
});
try {
  const [first] = await connectMany(server.remote, 1);
  const switches = await createSwitches(first, 'steady', SWITCHES);
  first.close();
  let next = 0;
  const run = async (clients, total) => {
    const conns = await connectMany(server.remote, clients);
    const [u0, s0] = cpuMs(server.pid);
    const t0 = performance.now();
    await Promise.all(
      conns.map(async (c) => {
        for (let k = 0; k < total / clients; k++) {
          const i = next++;
          await c.transact(DB, lspAddOps(switches[i % SWITCHES], `steady-${i}`, i));
        }
      }),
    );
    const wallMs = performance.now() - t0;
    const [u1, s1] = cpuMs(server.pid);
    for (const c of conns) c.close();
    return { rate: total / (wallMs / 1000), cpuUs: ((u1 - u0 + s1 - s0) * 1000) / total, sysUs: ((s1 - s0) * 1000) / total };
  };
  await run(8, WARMUP);
  for (const n of clientCounts) {
    const r = await run(n, txns);
    console.log(
      `${kind} ${n} client(s): ${Math.round(r.rate)} txn/s, server CPU ${r.cpuUs.toFixed(0)} µs/txn (system ${r.sysUs.toFixed(0)}), ` +
        `${Math.round(next / SWITCHES)} ports per switch at the end`,
    );
  }
} finally {
  await server.stop();
}
