/**
 * Transaction ids survive a restart (ovsdb-server(7) §4.1.15 monitor_cond_since): ids are derived
 * from the file's records, and the server seeds its monitor history from what storage replayed,
 * so a client that reconnects to a restarted server with its last id gets only what it missed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { join } from 'node:path';
import type { Json } from '../../src/ovsdb/json.js';
import { hasBuiltCli, startOvsdbTs } from '../support/ovsdb-ts.js';
import { RpcClient } from '../support/rpc-client.js';
import { NB, NB_SCHEMA, tempDir } from './helpers.js';

const ZERO = '00000000-0000-0000-0000-000000000000';
let dir: string;
beforeEach(() => {
  dir = tempDir('history');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function withServer<T>(db: string, fn: (c: RpcClient) => Promise<T>): Promise<T> {
  const server = await startOvsdbTs({ schemas: [NB_SCHEMA], persistent: true, extraArgs: [db] });
  const c = await RpcClient.connect({ port: server.tcpPort });
  try {
    return await fn(c);
  } finally {
    await c.close();
    await server.stop();
  }
}

const since = (c: RpcClient, id: string): Promise<Json[]> =>
  c
    .request('monitor_cond_since', [NB, 'm', { Logical_Switch: [{ columns: ['name'] }] }, id])
    .then((r) => r.result as Json[]);

async function insert(c: RpcClient, name: string): Promise<void> {
  const r = await c.request('transact', [NB, { op: 'insert', table: 'Logical_Switch', row: { name } }]);
  expect(JSON.stringify(r.result)).not.toContain('error');
}

describe('monitor_cond_since across a restart', () => {
  it('resumes from the last id seen before the restart', async (ctx) => {
    if (!hasBuiltCli()) {
      if (process.env['CI'] === 'true') throw new Error('dist/cli.js missing: build first');
      ctx.skip('dist/cli.js missing');
    }
    const db = join(dir, 'nb.db');
    const seen = await withServer(db, async (c) => {
      await insert(c, 'a');
      await insert(c, 'b');
      const [found, last] = await since(c, ZERO);
      expect(found).toBe(false);
      return last as string;
    });
    expect(seen).not.toBe(ZERO);
    await withServer(db, async (c) => {
      const [found, last, updates] = await since(c, seen);
      expect(found).toBe(true);
      expect(last).toBe(seen);
      expect(updates).toEqual({});
      await insert(c, 'c');
    });
    await withServer(db, async (c) => {
      const [found, , updates] = await since(c, seen);
      expect(found).toBe(true);
      const rows = Object.values((updates as Record<string, Record<string, { insert?: { name: string } }>>)['Logical_Switch'] ?? {});
      expect(rows.map((r) => r.insert?.name)).toEqual(['c']);
    });
  });
});
