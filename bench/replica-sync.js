// The client library's replica against both servers: initial sync of 50,000 rows (500 logical
// switches with 99 ports each, every column of both tables), and the resync after a reconnection
// during which 100 ports changed (ovsdb-ts resumes from the last transaction id and sends only
// those; standalone ovsdb-server sends everything again, which the replica reconciles).
//   npx tsc -p tsconfig.json && node bench/replica-sync.js [rows=50000] [--rounds=3]
// The time measured: a fresh client connects, subscribes, and holds every row decoded
// (connect → `whenSynced()`); the same client process does the decoding in both cases, and its
// CPU time over the sync is shown apart (the rest is the server's work and the transfer).
// Both servers run from a database file with their default settings (bench/lib/servers.js), over a
// unix socket. Needs ovsdb-server and ovsdb-tool for the comparison (skipped without them).
import { parseArgs } from 'node:util';
import { launch, killAll, findTool, versions, TS, OVS } from './lib/servers.js';
import { OvsdbClient, OVN_NORTHBOUND, cond, namedUuid, unwrap } from '../dist/index.js';
import { setLogLevel } from '../dist/log.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { rounds: { type: 'string', default: '3' } } });
const ROWS = Number(positionals[0] ?? 50_000);
const ROUNDS = Number(values.rounds);
const PORTS_PER_SWITCH = 99;
const SWITCHES = Math.round(ROWS / (PORTS_PER_SWITCH + 1));
const IN_FLIGHT = 16;
const CHANGED = 100;
const RECONNECT_MS = 5000;
setLogLevel('warn');

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (x) => `${x.toFixed(0)} ms`;

async function load(remote) {
  const client = await OvsdbClient.connect(remote);
  const nb = client.database(OVN_NORTHBOUND);
  const { op } = nb;
  const one = async (s) => {
    const ops = [];
    for (let p = 0; p < PORTS_PER_SWITCH; p++) {
      const i = s * PORTS_PER_SWITCH + p;
      ops.push(
        op.insert('Logical_Switch_Port', {
          name: `lsp-${s}-${p}`,
          addresses: [`0a:58:0a:f4:${(s % 256).toString(16).padStart(2, '0')}:${p.toString(16).padStart(2, '0')} 10.244.${s % 250}.${p + 2}`],
          external_ids: new Map([['namespace', `ns-${i % 40}`], ['pod', 'true']]),
          options: new Map([['requested-chassis', `node-${i % 30}`]]),
          tag_request: i % 4095,
          up: true,
        }, `p${p}`),
      );
    }
    const ports = Array.from({ length: PORTS_PER_SWITCH }, (_, p) => namedUuid(`p${p}`));
    ops.push(op.insert('Logical_Switch', { name: `ls-${s}`, ports, external_ids: new Map([['k8s', 'true']]) }));
    unwrap(await nb.transact(...ops));
  };
  let next = 0;
  await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
    while (next < SWITCHES) await one(next++);
  }));
  return client;
}

const SPEC = { Logical_Switch: true, Logical_Switch_Port: true };

async function initialSync(remote) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const client = await OvsdbClient.connect(remote);
  const replica = client.database(OVN_NORTHBOUND).replicate(SPEC);
  const info = await replica.whenSynced();
  const elapsed = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  await replica.close();
  await client.close();
  if (info.rows !== SWITCHES * (PORTS_PER_SWITCH + 1)) throw new Error(`synced ${info.rows} rows`);
  return { elapsed, info, clientCpu: (cpu.user + cpu.system) / 1000 };
}

/** Drop a synced replica's connection, change CHANGED ports meanwhile, time reconnection → synced. */
async function resync(remote, loader) {
  const client = await OvsdbClient.connect(remote, { backoff: { minMs: RECONNECT_MS, maxMs: RECONNECT_MS, jitter: 0 } });
  const replica = client.database(OVN_NORTHBOUND).replicate(SPEC);
  await replica.whenSynced();
  let changes = 0;
  replica.on('change', () => changes++);
  const nb = loader.database(OVN_NORTHBOUND);
  const round = Math.floor(Math.random() * 4000);
  const reconnected = new Promise((resolve) => client.on('connected', resolve));
  client.reconnect();
  for (let i = 0; i < CHANGED; i++) {
    unwrap(await nb.transact(nb.op.update('Logical_Switch_Port', [cond.eq('name', `lsp-${i}-0`)], { tag_request: (round + i) % 4095 })));
  }
  if (client.connected) throw new Error(`reconnected before the ${CHANGED} changes were made`);
  await reconnected;
  const t0 = performance.now();
  const info = await replica.whenSynced();
  const elapsed = performance.now() - t0;
  await replica.close();
  await client.close();
  return { elapsed, info, changes };
}

const progress = (m) => process.stderr.write(`${m}\n`);

async function measure(kind) {
  const server = await launch(kind);
  try {
    progress(`${kind}: loading ${ROWS} rows`);
    const loader = await load(server.remote);
    const syncs = [];
    const resyncs = [];
    for (let r = 0; r < ROUNDS; r++) {
      syncs.push(await initialSync(server.remote));
      progress(`${kind}: initial sync ${ms(syncs[r].elapsed)}`);
      resyncs.push(await resync(server.remote, loader));
      progress(`${kind}: resync ${ms(resyncs[r].elapsed)} (resumed ${resyncs[r].info.resumed})`);
    }
    await loader.close();
    const last = resyncs[resyncs.length - 1];
    return {
      sync: median(syncs.map((s) => s.elapsed)),
      clientCpu: median(syncs.map((s) => s.clientCpu)),
      method: syncs[0].info.method,
      resync: median(resyncs.map((s) => s.elapsed)),
      resumed: last.info.resumed,
      resyncChanges: last.changes,
    };
  } finally {
    await server.stop();
  }
}

const haveOvs = ['ovsdb-server', 'ovsdb-tool'].every((t) => findTool(t) !== null);
process.on('exit', killAll);
try {
  const results = { [TS]: await measure(TS), [OVS]: haveOvs ? await measure(OVS) : null };
  const rows = SWITCHES * (PORTS_PER_SWITCH + 1);
  const cell = (kind, f) => (results[kind] === null ? 'n/a' : f(results[kind]));
  console.log(`replica initial sync, ${rows} rows (${SWITCHES} switches x ${PORTS_PER_SWITCH} ports, all columns), median of ${ROUNDS}`);
  console.log(haveOvs ? `  ${versions()[OVS]} / ${versions()[TS]}` : '  (ovsdb-server not installed)');
  console.log('| | ovsdb-ts | ovsdb-server |');
  console.log('|---|---|---|');
  console.log(`| initial sync (connect → all rows decoded) | ${cell(TS, (r) => ms(r.sync))} | ${cell(OVS, (r) => ms(r.sync))} |`);
  console.log(`| of which client CPU (framing, decoding, the copy) | ${cell(TS, (r) => ms(r.clientCpu))} | ${cell(OVS, (r) => ms(r.clientCpu))} |`);
  console.log(`| rows/s | ${cell(TS, (r) => Math.round(rows / (r.sync / 1000)))} | ${cell(OVS, (r) => Math.round(rows / (r.sync / 1000)))} |`);
  console.log(`| method | ${cell(TS, (r) => r.method)} | ${cell(OVS, (r) => r.method)} |`);
  console.log(`| resync after reconnect, ${CHANGED} ports changed meanwhile | ${cell(TS, (r) => ms(r.resync))} | ${cell(OVS, (r) => ms(r.resync))} |`);
  console.log(`| resync resumed from last txn id (delta only) | ${cell(TS, (r) => String(r.resumed))} | ${cell(OVS, (r) => String(r.resumed))} |`);
  console.log(`| changes reported by the resync | ${cell(TS, (r) => r.resyncChanges)} | ${cell(OVS, (r) => r.resyncChanges)} |`);
} catch (e) {
  console.error(e);
  process.exitCode = 1;
} finally {
  // Clients left reconnecting after a failure must not keep the process alive.
  process.exit();
}
