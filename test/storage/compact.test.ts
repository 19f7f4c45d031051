/**
 * Compaction (src/storage/compact.ts and Storage.compact): a valid snapshot the reference tools
 * read, nothing lost under concurrent writes, stable transaction ids, automatic triggering, and a
 * valid database whatever the moment of a crash.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { join } from 'node:path';
import type { Json } from '../../src/ovsdb/json.js';
import { openStorage, showLog, type Storage } from '../../src/storage/index.js';
import { NB_SCHEMA, commit, dumpDb, expectSameDump, normalizeRows, tempDir } from './helpers.js';
import { queryFile, requireOvsTools, serveFile, tool, transact } from './oracle.js';

let dir: string;
let path: string;
const open: Storage[] = [];
beforeEach(() => {
  dir = tempDir('compact');
  path = join(dir, 'nb.db');
});
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function openDb(opts: Parameters<typeof openStorage>[1] = {}): Promise<Storage> {
  const s = await openStorage(path, { lockWaitMs: 200, createFrom: NB_SCHEMA, ...opts });
  open.push(s);
  return s;
}
async function reopen(s: Storage, opts: Parameters<typeof openStorage>[1] = {}): Promise<Storage> {
  open.splice(open.indexOf(s), 1);
  await s.close();
  return openDb(opts);
}

function addSwitches(s: Storage, from: number, n: number): void {
  const ops: Json[] = [];
  for (let i = from; i < from + n; i++) {
    ops.push({ op: 'insert', table: 'Logical_Switch', row: { name: `sw${i}`, external_ids: ['map', [['i', String(i)]]] } });
  }
  commit(s, ops);
}
const names = (s: Storage): string[] =>
  [...s.db.rows('Logical_Switch').values()].map((r) => r.get('name').keys[0] as string).sort();

describe('compaction', () => {
  it('writes schema + one snapshot; replay gives the same rows and the same txn id', async () => {
    const s = await openDb();
    for (let i = 0; i < 20; i++) addSwitches(s, i * 5, 5);
    commit(s, [{ op: 'delete', table: 'Logical_Switch', where: [['name', '==', 'sw7']] }]);
    commit(s, [{ op: 'update', table: 'Logical_Switch', where: [['name', '==', 'sw8']], row: { other_config: ['map', [['x', 'y']]] } }]);
    const before = dumpDb(s.db);
    const id = s.lastTxnId;
    const r = await s.compact();
    expect(r.afterBytes).toBeLessThan(r.beforeBytes);
    expect(r.rows).toBe(99);
    expect(s.stats().fileBytes).toBe(fs.statSync(path).size);
    expect(showLog(path).match(/^record \d+/gm)).toEqual(['record 0', 'record 1']);
    const s2 = await reopen(s);
    expectSameDump(dumpDb(s2.db), before);
    expect(s2.lastTxnId).toBe(id);
    expect(s2.history).toEqual({ baseTxnId: id, entries: [] });
    addSwitches(s2, 1000, 1);
    const s3 = await reopen(s2);
    expect(names(s3)).toContain('sw1000');
    expect(s3.history.entries.length).toBe(1);
  });

  it('loses nothing that was committed while it ran', async () => {
    const s = await openDb({ compactSliceMs: 1 });
    for (let i = 0; i < 20; i++) addSwitches(s, i * 100, 100);
    const done = s.compact();
    let finished = false;
    void done.finally(() => (finished = true));
    let n = 2000;
    let during = 0;
    while (!finished) {
      addSwitches(s, n++, 1);
      during++;
      await new Promise((r) => setImmediate(r));
    }
    await done;
    expect(during).toBeGreaterThan(1);
    addSwitches(s, n++, 1);
    const id = s.lastTxnId;
    const want = names(s);
    expect(want.length).toBe(n);
    const s2 = await reopen(s);
    expect(names(s2)).toEqual(want);
    expect(s2.lastTxnId).toBe(id);
  });

  it('runs by itself once the file has doubled past the floor', async () => {
    const s = await openDb({ compactMinBytes: 20_000, compactGrowth: 2 });
    const MAX_TXNS = 3000;
    let written = 0;
    // Insert and delete until two compactions have run (each takes a few turns of the loop).
    for (let i = 0; i < MAX_TXNS && s.stats().compactions < 2; i++) {
      const before = s.stats().fileBytes;
      addSwitches(s, i, 1);
      commit(s, [{ op: 'delete', table: 'Logical_Switch', where: [['name', '==', `sw${i}`]] }]);
      written += s.stats().fileBytes - before;
      await new Promise((r) => setTimeout(r, 1));
    }
    while (s.stats().compacting) await new Promise((r) => setTimeout(r, 5));
    expect(s.stats().compactions).toBeGreaterThanOrEqual(2);
    // Each compaction shrinks the file back to about the schema (15 kB).
    expect(s.stats().fileBytes).toBeLessThan(15_000 + written / 2);
    const s2 = await reopen(s);
    expect(names(s2)).toEqual([]);
  });

  it('leaves a valid database when it dies at any point', async () => {
    const s = await openDb();
    addSwitches(s, 0, 10);
    const want = names(s);
    // Died while writing the temporary file: the database is untouched, the leftover removed.
    fs.writeFileSync(`${path}.tmp`, 'OVSDB JSON 999 0000');
    const s2 = await reopen(s);
    expect(names(s2)).toEqual(want);
    expect(fs.existsSync(`${path}.tmp`)).toBe(false);
    // Died right after the rename: the new file is complete.
    await s2.compact();
    const s3 = await reopen(s2);
    expect(names(s3)).toEqual(want);
  });

  it('replaces the file a symlink points to, keeping the symlink and the permissions', async () => {
    const real = join(dir, 'real.db');
    const s0 = await openStorage(real, { createFrom: NB_SCHEMA });
    await s0.close();
    fs.chmodSync(real, 0o600);
    fs.symlinkSync(real, path);
    const s = await openDb();
    addSwitches(s, 0, 3);
    await s.compact();
    expect(fs.lstatSync(path).isSymbolicLink()).toBe(true);
    expect(fs.statSync(real).mode & 0o777).toBe(0o600);
    const s2 = await reopen(s);
    expect(names(s2)).toEqual(['sw0', 'sw1', 'sw2']);
  });

  it('its snapshot is read by ovsdb-tool and ovsdb-server, and reads theirs', async (ctx) => {
    requireOvsTools(ctx);
    const s = await openDb();
    for (let i = 0; i < 5; i++) addSwitches(s, i * 3, 3);
    await s.compact();
    addSwitches(s, 100, 2);
    const ours = dumpDb(s.db)['Logical_Switch']!;
    open.splice(open.indexOf(s), 1);
    await s.close();
    const select: Json = ['OVN_Northbound', { op: 'select', table: 'Logical_Switch', where: [] }];
    const rows = (r: Json[]): Json[] => normalizeRows((r[0] as { rows: Record<string, Json>[] }).rows);
    expectSameDump({ t: rows(queryFile(path, select)) }, { t: ours });
    const server = await serveFile(path, dir);
    try {
      expectSameDump({ t: rows(transact(server.sock, select)) }, { t: ours });
    } finally {
      await server.stop();
    }
    tool('ovsdb-tool', 'compact', path);
    const s2 = await openDb();
    expectSameDump({ t: dumpDb(s2.db)['Logical_Switch']! }, { t: ours });
    expect(s2.history.entries).toEqual([]);
  });
});
