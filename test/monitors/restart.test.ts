/**
 * monitor_cond_since across a restart of a file-backed database: transaction ids are derived
 * from the records (src/storage/txn-id.ts) and the history is rebuilt from the file, so a client
 * that saw transaction X before the restart is answered `found: true` with only what changed
 * after X.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { Json } from '../../src/ovsdb/json.js';
import { hasBuiltCli, startOvsdbTs, type OvsdbTs } from '../support/ovsdb-ts.js';
import { RpcClient } from '../support/rpc-client.js';

const NB_SCHEMA = fileURLToPath(new URL('../../schema/ovn-nb.ovsschema', import.meta.url));
const NB = 'OVN_Northbound';
const ZERO = '00000000-0000-0000-0000-000000000000';
const REQUESTS = { Logical_Switch: [{ columns: ['name'] }] };

let dir: string | undefined;
let server: OvsdbTs | undefined;
afterEach(async () => {
  await server?.stop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

function start(file: string): Promise<OvsdbTs> {
  return startOvsdbTs({ schemas: [NB_SCHEMA], persistent: true, extraArgs: [file] });
}

async function since(port: number, lastId: string): Promise<Json[]> {
  const c = await RpcClient.connect({ port });
  try {
    const r = await c.request('monitor_cond_since', [NB, 'm', REQUESTS, lastId]);
    return r.result as Json[];
  } finally {
    await c.close();
  }
}

async function transact(port: number, ...ops: Json[]): Promise<void> {
  const c = await RpcClient.connect({ port });
  try {
    await c.request('transact', [NB, ...ops]);
  } finally {
    await c.close();
  }
}

const insert = (name: string): Json => ({ op: 'insert', table: 'Logical_Switch', row: { name } });

describe('monitor_cond_since after a restart', () => {
  it('answers found: true with only the changes after the last id the client saw', async () => {
    expect(hasBuiltCli(), 'dist/cli.js must be built').toBe(true);
    dir = mkdtempSync(join(tmpdir(), 'ovsdb-ts-monitors-'));
    const file = join(dir, 'nb.db');
    server = await start(file);
    await transact(server.tcpPort, insert('a'), insert('b'));
    const [found0, lastId] = (await since(server.tcpPort, ZERO)) as [boolean, string];
    expect(found0).toBe(false);
    expect(lastId).not.toBe(ZERO);
    await server.stop();

    server = await start(file);
    expect(await since(server.tcpPort, lastId)).toEqual([true, lastId, {}]);
    await transact(server.tcpPort, insert('c'));
    const [found, newId, updates] = (await since(server.tcpPort, lastId)) as [boolean, string, Record<string, Record<string, Json>>];
    expect(found).toBe(true);
    expect(newId).not.toBe(lastId);
    expect(Object.values(updates['Logical_Switch'] ?? {})).toEqual([{ insert: { name: 'c' } }]);
    await server.stop();

    server = await start(file);
    const [foundAgain, sameId] = (await since(server.tcpPort, newId)) as [boolean, string];
    expect([foundAgain, sameId]).toEqual([true, newId]);
  });
});
