// (7) Start-up with 100,000 ports in the file: the same file (written by ovsdb-server, then
// compacted by `ovsdb-tool compact` into one snapshot record) copied for each start; the time
// from spawn until the server answers list_dbs on its unix socket (both servers read their
// databases before they listen), then a check that every row is there.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { connectMany } from '../lib/client.js';
import { DB, preload } from '../lib/data.js';
import { OVS, findTool, launch } from '../lib/servers.js';
import { loadGeneratorCpuMs, processCpuMs } from '../lib/proc.js';

async function prepare(p) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-startup-'));
  const file = path.join(dir, 'ovnnb.db');
  const server = await launch(OVS);
  try {
    const [conn] = await connectMany(server.remote, 1);
    await preload(conn, 'start', p.ports);
    conn.close();
  } finally {
    await server.stop({ beforeRemove: () => fs.copyFileSync(path.join(server.dir, 'ovnnb.db'), file) });
  }
  const r = spawnSync(findTool('ovsdb-tool'), ['compact', file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ovsdb-tool compact: ${r.stderr}`);
  return { dir, file, bytes: fs.statSync(file).size };
}

export const startup = {
  group: 7,
  title: 'start-up',
  fresh: true,
  params: {
    full: { ports: 100000 },
    quick: { ports: 5000 },
  },
  prepare,
  cleanup: (shared) => fs.rmSync(shared.dir, { recursive: true, force: true }),
  cases: [
    {
      id: '7',
      title: (p) => `start-up with ${p.ports.toLocaleString('en')} ports in the file`,
      unit: 'ms',
      better: 'lower',
      target: { max: 1.0 },
      async measure({ launch: start, shared, p }) {
        const gen0 = loadGeneratorCpuMs();
        const server = await start({ dbFile: shared.file });
        const timing = { wallMs: server.readyMs, serverCpuMs: processCpuMs(server.pid), loadgenCpuMs: loadGeneratorCpuMs() - gen0 };
        const [conn] = await connectMany(server.remote, 1);
        try {
          const result = await conn.transact(DB, [{ op: 'select', table: 'Logical_Switch_Port', where: [], columns: ['_uuid'] }]);
          if (result[0].rows.length !== p.ports) throw new Error(`${result[0].rows.length} ports after start-up, expected ${p.ports}`);
        } finally {
          conn.close();
        }
        return { value: server.readyMs, timing, extra: { fileBytes: shared.bytes } };
      },
    },
  ],
};
