/**
 * The CLI's file tools (create, show-log, schema-cksum) and on-demand compaction (SIGUSR2),
 * compared with ovsdb-tool where it has the same command.
 */
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { CLI_PATH, REPO_ROOT, startOvsdbTs } from '../support/ovsdb-ts.js';
import { requireOvsTools } from '../support/ovsdb-server.js';
import { RpcClient } from '../support/rpc-client.js';
import { pollUntil } from '../support/process.js';

const NB_SCHEMA = join(REPO_ROOT, 'schema', 'ovn-nb.ovsschema');
const TIMEOUT_MS = 15_000;
let dir: string;

function ours(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI_PATH, ...args], { encoding: 'utf8', timeout: TIMEOUT_MS });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
function tool(...args: string[]): string {
  return execFileSync('ovsdb-tool', args, { encoding: 'utf8', timeout: TIMEOUT_MS });
}

beforeEach(() => {
  dir = fs.mkdtempSync(join(os.tmpdir(), 'cli-cmd-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('ovsdb-ts subcommands', () => {
  it('create makes a file ovsdb-tool reads, and refuses to overwrite it', (ctx) => {
    requireOvsTools(ctx);
    const db = join(dir, 'nb.db');
    expect(ours('create', db, NB_SCHEMA).status).toBe(0);
    expect(tool('db-name', db)).toBe('OVN_Northbound\n');
    expect(tool('db-cksum', db)).toBe('94023179 33468\n');
    const again = ours('create', db, NB_SCHEMA);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already exists/);
  });

  it('show-log prints what ovsdb-tool show-log prints', (ctx) => {
    requireOvsTools(ctx);
    const db = join(dir, 'nb.db');
    tool('create', db, NB_SCHEMA);
    tool('transact', db, '["OVN_Northbound",{"op":"insert","table":"Logical_Switch","row":{"name":"a"}},{"op":"comment","comment":"hello"}]');
    for (const flags of [[], ['-m'], ['-mm']]) {
      expect(ours('show-log', ...flags, db).stdout).toBe(tool('show-log', ...flags, db));
    }
  });

  it('schema-cksum prints the checksum; bad usage exits 2', () => {
    expect(ours('schema-cksum', NB_SCHEMA)).toMatchObject({ status: 0, stdout: '94023179 33468\n' });
    expect(ours('schema-cksum').status).toBe(2);
    expect(ours('create').status).toBe(2);
  });
});

describe('SIGUSR2', () => {
  it('compacts the database file now, keeping the data', async () => {
    const db = join(dir, 'nb.db');
    const server = await startOvsdbTs({ schemas: [NB_SCHEMA], persistent: true, extraArgs: [db] });
    try {
      const c = await RpcClient.connect({ port: server.tcpPort });
      for (let i = 0; i < 20; i++) {
        await c.request('transact', ['OVN_Northbound', { op: 'insert', table: 'Logical_Switch', row: { name: `s${i}` } }]);
      }
      const recordsBefore = fs.readFileSync(db, 'utf8').split('OVSDB JSON ').length - 1;
      expect(recordsBefore).toBe(21);
      process.kill(server.pid, 'SIGUSR2');
      await pollUntil(() => /compacted \d+ → \d+ bytes/.test(server.log()), TIMEOUT_MS, 'compaction log line');
      expect(fs.readFileSync(db, 'utf8').split('OVSDB JSON ').length - 1).toBe(2);
      const r = await c.request('transact', ['OVN_Northbound', { op: 'select', table: 'Logical_Switch', where: [], columns: ['name'] }]);
      expect((r.result as { rows: unknown[] }[])[0]?.rows).toHaveLength(20);
      await c.close();
    } finally {
      await server.stop();
    }
  });
});
