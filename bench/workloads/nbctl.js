// (8) Real `ovn-nbctl lsp-add` commands, one after another (each process connects, reads
// _Server, monitors the tables it needs, transacts, exits): the mean time per command. The load
// generator's CPU time includes the ovn-nbctl processes'.
import { spawn } from 'node:child_process';
import { connectMany } from '../lib/client.js';
import { DB } from '../lib/data.js';
import { findTool } from '../lib/servers.js';
import { timed } from '../lib/harness.js';

const SWITCH = 'sw0';
const COMMAND_TIMEOUT_MS = 30_000;

function nbctl(remote, args) {
  const env = { ...process.env };
  delete env.OVN_NB_DAEMON;
  delete env.OVN_NB_DB;
  return new Promise((resolve, reject) => {
    const child = spawn(findTool('ovn-nbctl'), [`--db=${remote}`, `--timeout=${COMMAND_TIMEOUT_MS / 1000}`, ...args], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ovn-nbctl ${args.join(' ')}: exit ${code}: ${err.trim()}`))));
  });
}

async function run(server, state, count) {
  for (let k = 0; k < count; k++) await nbctl(server.remote, ['lsp-add', SWITCH, `p${state.next++}`]);
}

export const nbctlLspAdd = {
  group: 8,
  title: 'ovn-nbctl',
  params: {
    full: { commands: 200, warmup: 20, jitWarmupPairs: 150 },
    quick: { commands: 20, warmup: 5, jitWarmupPairs: 0 },
  },
  async setup({ server }) {
    if (findTool('ovn-nbctl') === null) throw new Error('ovn-nbctl not found (install ovn-central)');
    const [conn] = await connectMany(server.remote, 1);
    try {
      await conn.transact(DB, [{ op: 'insert', table: 'Logical_Switch', row: { name: SWITCH } }]);
    } finally {
      conn.close();
    }
    return { next: 0 };
  },
  async warmup({ server, state, p }) {
    // Enough commands for V8 to optimise the per-connection paths (a server runs for days), as
    // lsp-add/lsp-del pairs so that the database the measured commands see is unchanged.
    for (let k = 0; k < p.jitWarmupPairs; k++) {
      await nbctl(server.remote, ['lsp-add', SWITCH, `jit${k}`]);
      await nbctl(server.remote, ['lsp-del', `jit${k}`]);
    }
    await run(server, state, p.warmup);
  },
  cases: [
    {
      id: '8',
      title: (p) => `${p.commands} sequential lsp-add`,
      unit: 'ms/command',
      better: 'lower',
      target: { max: 1.0 },
      async measure({ server, state, p }) {
        const { timing } = await timed(server.pid, () => run(server, state, p.commands));
        return { value: timing.wallMs / p.commands, timing };
      },
    },
  ],
};
