// Persistence against ovsdb-server in the same run: the same 100,000 rows (1,000 logical switches
// with 99 ports each, one transaction per switch) written by both, then
//   - file size: the transaction log, and after compaction;
//   - start-up: time to open (replay) the compacted file of 100,000 rows;
//   - compaction stall: the longest event-loop stall while compacting 100,000 rows, idle and
//     under a write load (ovsdb-server: the longest echo round trip during its compaction).
// Run: npx tsc -p tsconfig.json && node bench/storage.js [rows=100000]
// Needs ovsdb-server, ovsdb-tool and ovs-appctl for the comparison (skipped without them).
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { openStorage } from '../dist/storage/index.js';
import { JsonFramer, encodeJson } from '../dist/wire/index.js';
import { setLogLevel } from '../dist/log.js';

const ROWS = Number(process.argv[2] ?? 100_000);
const PORTS_PER_SWITCH = 99;
const SWITCHES = Math.round(ROWS / (PORTS_PER_SWITCH + 1));
const SCHEMA = new URL('../schema/ovn-nb.ovsschema', import.meta.url).pathname;
const DB = 'OVN_Northbound';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-storage-'));
setLogLevel('warn');

let seed = 7;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const hex = (n) => Array.from({ length: n }, () => Math.floor(rnd() * 16).toString(16)).join('');

function switchTxn(s) {
  const ops = [];
  const ports = [];
  for (let p = 0; p < PORTS_PER_SWITCH; p++) {
    const i = s * PORTS_PER_SWITCH + p;
    ops.push({
      op: 'insert',
      table: 'Logical_Switch_Port',
      'uuid-name': `p${p}`,
      row: {
        name: `lsp-${s}-${p}-${hex(6)}`,
        addresses: ['set', [`0a:58:0a:f4:${hex(2)}:${hex(2)} 10.244.${s % 250}.${p + 2}`]],
        external_ids: ['map', [['namespace', `ns-${i % 40}`], ['pod', 'true'], ['owner', `pod-${hex(8)}`]]],
        options: ['map', [['requested-chassis', `node-${i % 30}`]]],
        tag_request: i % 4095,
        up: true,
      },
    });
    ports.push(['named-uuid', `p${p}`]);
  }
  ops.push({ op: 'insert', table: 'Logical_Switch', row: { name: `ls-${s}`, ports: ['set', ports], external_ids: ['map', [['k8s', 'true']]] } });
  ops.push({ op: 'comment', comment: `bench: switch ${s}` });
  return ops;
}
const txns = Array.from({ length: SWITCHES }, (_, s) => switchTxn(s));

const mib = (b) => `${(b / 1048576).toFixed(1)} MiB`;
const ms = (x) => `${x.toFixed(0)} ms`;
const results = [];
const report = (what, ours, theirs) => results.push({ what, 'ovsdb-ts': ours, 'ovsdb-server': theirs ?? 'n/a' });

function which(name) {
  for (const d of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/bin']) {
    if (d && fs.existsSync(path.join(d, name))) return path.join(d, name);
  }
  return null;
}
const haveOvs = ['ovsdb-server', 'ovsdb-tool', 'ovs-appctl'].every((t) => which(t) !== null);

// ---- ovsdb-ts ---------------------------------------------------------------------------------
async function oursWrite(file) {
  const store = await openStorage(file, { createFrom: SCHEMA, autoCompact: false });
  const t0 = performance.now();
  for (const ops of txns) {
    const p = store.db.execute(ops);
    if (!p.ok) throw new Error(JSON.stringify(p.results.at(-1)));
    store.write(p);
    store.db.commit(p);
  }
  const writeMs = performance.now() - t0;
  await store.close();
  return writeMs;
}

async function oursOpen(file) {
  const t0 = performance.now();
  const store = await openStorage(file, { autoCompact: false });
  const t = performance.now() - t0;
  let rows = 0;
  for (const name of store.schema.tables.keys()) rows += store.db.rows(name).size;
  return { store, ms: t, rows };
}

/** Longest gap between 1 ms ticks (and the event-loop-delay histogram) while `work` runs. */
async function measureStall(work) {
  const h = monitorEventLoopDelay({ resolution: 1 });
  let last = performance.now();
  let worst = 0;
  const probe = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, 1);
  h.enable();
  const t0 = performance.now();
  const extra = await work();
  const total = performance.now() - t0;
  h.disable();
  clearInterval(probe);
  return { worst, p99: h.percentile(99) / 1e6, total, extra };
}

async function oursCompactStall(file, withLoad) {
  const { store } = await oursOpen(file);
  let commits = 0;
  const r = await measureStall(async () => {
    let running = true;
    const load = (async () => {
      let i = 0;
      while (running && withLoad) {
        const p = store.db.execute([{ op: 'update', table: 'Logical_Switch', where: [['name', '==', `ls-${i++ % SWITCHES}`]], row: { other_config: ['map', [['n', String(i)]]] } }]);
        store.write(p);
        store.db.commit(p);
        commits++;
        await new Promise((res) => setImmediate(res));
      }
    })();
    const c = await store.compact();
    running = false;
    await load;
    return c;
  });
  await store.close();
  return { ...r, commits };
}

// ---- ovsdb-server -------------------------------------------------------------------------------
class Rpc {
  constructor(sock) {
    this.framer = new JsonFramer({ maxMessageBytes: 1 << 30 });
    this.waiting = new Map();
    this.id = 0;
    this.sock = sock;
    sock.on('data', (b) => {
      for (const msg of this.framer.push(b)) this.waiting.get(msg.id)?.(msg);
    });
  }
  static connect(p) {
    return new Promise((res, rej) => {
      const s = net.connect(p, () => res(new Rpc(s)));
      s.once('error', rej);
    });
  }
  call(method, params) {
    const id = ++this.id;
    return new Promise((res) => {
      this.waiting.set(id, (m) => {
        this.waiting.delete(id);
        res(m);
      });
      this.sock.write(encodeJson({ id, method, params }));
    });
  }
  close() {
    this.sock.destroy();
  }
}

async function startServer(file, tag) {
  const sock = path.join(dir, `${tag}.sock`);
  const ctl = path.join(dir, `${tag}.ctl`);
  const t0 = performance.now();
  const child = spawn(which('ovsdb-server'), [`--remote=punix:${sock}`, `--unixctl=${ctl}`, '--no-chdir', '-vconsole:off', file], { stdio: 'ignore' });
  for (;;) {
    try {
      const rpc = await Rpc.connect(sock);
      await rpc.call('list_dbs', []);
      return { child, rpc, ctl, startMs: performance.now() - t0 };
    } catch {
      if (child.exitCode !== null) throw new Error('ovsdb-server exited');
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}
async function stopServer(s) {
  s.rpc.close();
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGTERM');
  await exited;
}

async function theirsWrite(file) {
  spawnSync(which('ovsdb-tool'), ['create', file, SCHEMA]);
  const s = await startServer(file, 'w');
  const t0 = performance.now();
  for (const ops of txns) {
    const r = await s.rpc.call('transact', [DB, ...ops]);
    if (r.error) throw new Error(JSON.stringify(r.error));
  }
  const writeMs = performance.now() - t0;
  await stopServer(s);
  return writeMs;
}

async function theirsCompactStall(file) {
  const s = await startServer(file, 'c');
  let worst = 0;
  let running = true;
  const pinger = (async () => {
    while (running) {
      const t0 = performance.now();
      await s.rpc.call('echo', []);
      worst = Math.max(worst, performance.now() - t0);
    }
  })();
  const t0 = performance.now();
  spawnSync(which('ovs-appctl'), ['-t', s.ctl, 'ovsdb-server/compact']);
  const total = performance.now() - t0;
  await new Promise((r) => setTimeout(r, 50));
  running = false;
  await pinger;
  await stopServer(s);
  return { worst, total, startMs: s.startMs };
}

// ---- run ------------------------------------------------------------------------------------------
try {
  console.log(`${SWITCHES} switches × ${PORTS_PER_SWITCH + 1} rows = ${SWITCHES * (PORTS_PER_SWITCH + 1)} rows in ${SWITCHES} transactions`);
  const ours = path.join(dir, 'ours.db');
  const theirs = path.join(dir, 'theirs.db');
  const ourWriteMs = await oursWrite(ours);
  const theirWriteMs = haveOvs ? await theirsWrite(theirs) : null;
  report('write all transactions', ms(ourWriteMs), theirWriteMs === null ? null : ms(theirWriteMs) + ' (incl. RPC)');
  report('log file size', mib(fs.statSync(ours).size), haveOvs ? mib(fs.statSync(theirs).size) : null);

  // Compact both, then compare sizes and start-up on the compacted files.
  const compactedOurs = path.join(dir, 'ours-compact.db');
  fs.copyFileSync(ours, compactedOurs);
  {
    const { store } = await oursOpen(compactedOurs);
    await store.compact();
    await store.close();
  }
  const compactedTheirs = path.join(dir, 'theirs-compact.db');
  if (haveOvs) {
    fs.copyFileSync(theirs, compactedTheirs);
    spawnSync(which('ovsdb-tool'), ['compact', compactedTheirs]);
  }
  report('compacted file size', mib(fs.statSync(compactedOurs).size), haveOvs ? mib(fs.statSync(compactedTheirs).size) : null);

  const openOurs = await oursOpen(compactedOurs);
  await openOurs.store.close();
  let openTheirFile = null;
  let theirStart = null;
  if (haveOvs) {
    const o = await oursOpen(compactedTheirs);
    openTheirFile = o.ms;
    await o.store.close();
    const s = await startServer(compactedTheirs, 's');
    theirStart = s.startMs;
    await stopServer(s);
  }
  report(`start-up, ${openOurs.rows} rows (replay of compacted file)`, ms(openOurs.ms) + ' (in-process open)', theirStart === null ? null : ms(theirStart) + ' (spawn → first reply)');
  if (openTheirFile !== null) report('start-up on the file ovsdb-server compacted', ms(openTheirFile), null);
  const openLog = await oursOpen(ours);
  await openLog.store.close();
  report(`start-up, uncompacted log of ${SWITCHES} transactions`, ms(openLog.ms), null);

  const idle = await oursCompactStall(compactedOurs, false);
  report('compaction: total time (idle)', ms(idle.total), null);
  report('compaction: longest event-loop stall (idle)', ms(idle.worst) + ` (p99 ${ms(idle.p99)})`, null);
  const loaded = await oursCompactStall(compactedOurs, true);
  report('compaction under write load: longest stall', ms(loaded.worst) + ` (p99 ${ms(loaded.p99)}, ${loaded.commits} commits during ${ms(loaded.total)})`, null);
  if (haveOvs) {
    const t = await theirsCompactStall(compactedTheirs);
    report('compaction: longest echo round trip during it', ms(loaded.worst), ms(t.worst) + ` (compaction ${ms(t.total)})`);
  }
  console.table(results);
  console.log(`load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs (wall-clock times scale with it)`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
