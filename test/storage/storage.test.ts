/**
 * openStorage end to end with the engine: write, replay, recovery, txn ids, write errors, and
 * round trips through the reference tools in both directions.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import { join } from 'node:path';
import type { Json } from '../../src/ovsdb/json.js';
import { OvsdbError } from '../../src/ovsdb/error.js';
import { openStorage, type Storage } from '../../src/storage/index.js';
import { NB, NB_SCHEMA, NB_TXNS, captureLog, dumpDb, expectSameDump, normalizeRows, tempDir } from './helpers.js';
import { queryFile, requireOvsTools, serveFile, tool, transact } from './oracle.js';

let dir: string;
const open: Storage[] = [];
beforeEach(() => {
  dir = tempDir('e2e');
});
afterEach(async () => {
  vi.restoreAllMocks();
  for (const s of open.splice(0)) await s.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function openDb(path: string, opts: Parameters<typeof openStorage>[1] = {}): Promise<Storage> {
  const s = await openStorage(path, { lockWaitMs: 200, ...opts });
  open.push(s);
  return s;
}
async function closeDb(s: Storage): Promise<void> {
  open.splice(open.indexOf(s), 1);
  await s.close();
}

function runAll(store: Storage, txns: Json[][]): string[] {
  return txns.map((ops) => {
    const p = store.db.execute(ops);
    if (!p.ok) throw new Error(`failed: ${JSON.stringify(p.results)}`);
    const id = store.write(p).txnId;
    store.db.commit(p);
    return id;
  });
}

function selectAll(tables: readonly string[]): Json {
  return [NB, ...tables.map((table) => ({ op: 'select', table, where: [] }))];
}
const NB_TABLES = ['Logical_Switch', 'Logical_Switch_Port', 'NB_Global'];

function referenceDump(results: Json[]): Record<string, Json[]> {
  const out: Record<string, Json[]> = {};
  NB_TABLES.forEach((t, i) => (out[t] = normalizeRows((results[i] as { rows: Record<string, Json>[] }).rows)));
  return out;
}
function ourDump(store: Storage): Record<string, Json[]> {
  const all = dumpDb(store.db);
  return Object.fromEntries(NB_TABLES.map((t) => [t, all[t]!]));
}

describe('write and replay', () => {
  it('replays what it wrote, with the same txn ids and history', async () => {
    const path = join(dir, 'nb.db');
    const s1 = await openDb(path, { createFrom: NB_SCHEMA, historySize: 5 });
    const ids = runAll(s1, NB_TXNS);
    expect(new Set(ids).size).toBe(ids.length);
    expect(s1.lastTxnId).toBe(ids.at(-1));
    const before = ourDump(s1);
    await closeDb(s1);

    const s2 = await openDb(path, { historySize: 5 });
    expectSameDump(ourDump(s2), before);
    expect(s2.lastTxnId).toBe(ids.at(-1));
    expect(s2.history.entries.map((e) => e.txnId)).toEqual(ids.slice(-5));
    expect(s2.history.baseTxnId).toBe(ids.at(-6));
    const lastChanges = s2.history.entries.at(-1)!.changes;
    expect([...lastChanges.get('Logical_Switch')!.values()].map((c) => c.new)).toEqual([null]);
  });

  it('fails a transaction whose write fails, and leaves file and memory as they were', async () => {
    const path = join(dir, 'nb.db');
    const s = await openDb(path, { createFrom: NB_SCHEMA });
    runAll(s, NB_TXNS.slice(0, 2));
    const size = s.stats().fileBytes;
    const before = ourDump(s);
    vi.spyOn(fs, 'writeSync').mockImplementation(() => {
      throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
    });
    const p = s.db.execute([{ op: 'insert', table: 'Logical_Switch', row: { name: 'lost' } }]);
    expect(() => s.write(p)).toThrow(OvsdbError);
    expect(() => s.write(p)).toThrow(/I\/O error/);
    vi.restoreAllMocks();
    expectSameDump(ourDump(s), before);
    expect(fs.statSync(path).size).toBe(size);
    runAll(s, NB_TXNS.slice(2, 3));
    await closeDb(s);
    const again = await openDb(path);
    expect(ourDump(again)['Logical_Switch']!.map((r) => (r as { name: string }).name)).toEqual(['sw0']);
  });

  it('truncates a torn tail and logs what it dropped', async () => {
    const path = join(dir, 'nb.db');
    const s = await openDb(path, { createFrom: NB_SCHEMA });
    runAll(s, NB_TXNS.slice(0, 3));
    const good = s.stats().fileBytes;
    const kept = ourDump(s);
    runAll(s, NB_TXNS.slice(3, 4));
    await closeDb(s);
    const full = fs.statSync(path).size;
    fs.truncateSync(path, full - 3);
    const { value: s2, lines } = await captureLog(() => openDb(path));
    expectSameDump(ourDump(s2), kept);
    expect(lines.join('\n')).toMatch(new RegExp(`dropped ${full - 3 - good} bytes at offset ${good} \\(of ${full - 3}\\)`));
    expect(fs.statSync(path).size).toBe(good);
    runAll(s2, NB_TXNS.slice(3));
    const final = ourDump(s2);
    await closeDb(s2);
    expectSameDump(ourDump(await openDb(path)), final);
  });

  it('stops with a clear message at an intact record that makes no sense, changing nothing', async () => {
    const path = join(dir, 'nb.db');
    const s = await openDb(path, { createFrom: NB_SCHEMA });
    runAll(s, NB_TXNS.slice(0, 1));
    await closeDb(s);
    const body = '{"_date":1,"No_Such_Table":{}}\n';
    const { createHash } = await import('node:crypto');
    const sha = createHash('sha1').update(body).digest('hex');
    fs.appendFileSync(path, `OVSDB JSON ${Buffer.byteLength(body)} ${sha}\n${body}`);
    const size = fs.statSync(path).size;
    await expect(openStorage(path)).rejects.toThrow(/cannot be replayed: No table named No_Such_Table/);
    expect(fs.statSync(path).size).toBe(size);
  });

  it('writes no record for a transaction that changes only ephemeral columns', async () => {
    const path = join(dir, 'nb.db');
    const s = await openDb(path, { createFrom: NB_SCHEMA });
    runAll(s, [[
      { op: 'insert', table: 'Connection', row: { target: 'ptcp:6641', status: ['map', [['state', 'ACTIVE']]] }, 'uuid-name': 'c' },
      { op: 'insert', table: 'NB_Global', row: { connections: ['named-uuid', 'c'] } },
    ]]);
    const size = fs.statSync(path).size;
    const id = s.lastTxnId;
    const volatile = runAll(s, [[{ op: 'update', table: 'Connection', where: [], row: { is_connected: true, status: ['map', [['state', 'IDLE']]] } }]]);
    expect(fs.statSync(path).size).toBe(size);
    expect(volatile[0]).not.toBe(id);
    expect(s.lastTxnId).toBe(id);
    await closeDb(s);
    const again = await openDb(path);
    const conn = dumpDb(again.db)['Connection']![0] as Record<string, Json>;
    expect(conn['target']).toBe('ptcp:6641');
    expect(conn['status']).toEqual(['map', []]);
    expect(conn['is_connected']).toBe(false);
  });

  it('logs progress (percent, rows loaded) when replay takes more than a second', async () => {
    const path = join(dir, 'nb.db');
    const s = await openDb(path, { createFrom: NB_SCHEMA });
    for (let t = 0; t < 20; t++) {
      runAll(s, [Array.from({ length: 100 }, (_, i): Json => ({ op: 'insert', table: 'Logical_Switch', row: { name: `s${t}-${i}` } }))]);
    }
    await closeDb(s);
    // A clock that moves 300 ms each time it is read makes this small replay "slow".
    let now = Date.now();
    vi.spyOn(Date, 'now').mockImplementation(() => (now += 300));
    const { lines } = await captureLog(() => openDb(path));
    vi.restoreAllMocks();
    const progress = lines.filter((l) => /replaying: \d+% \(\d+ rows loaded\)/.test(l));
    expect(progress.length).toBeGreaterThan(0);
    expect(lines.some((l) => /replayed 20 transactions, 2000 rows in \d+ ms/.test(l))).toBe(true);
  });

  it('refuses a second user of the same file', async () => {
    const path = join(dir, 'nb.db');
    await openDb(path, { createFrom: NB_SCHEMA });
    await expect(openStorage(path, { lockWaitMs: 100 })).rejects.toThrow(/failed to lock lockfile/);
  });

  it('says clearly when the file does not exist', async () => {
    await expect(openStorage(join(dir, 'none.db'))).rejects.toThrow(/does not exist/);
  });
});

describe('round trips through the reference tools', () => {
  it('a file written by ovsdb-ts is read by ovsdb-tool and ovsdb-server, which can go on writing it', async (ctx) => {
    requireOvsTools(ctx);
    const path = join(dir, 'nb.db');
    const s = await openDb(path, { createFrom: NB_SCHEMA });
    runAll(s, NB_TXNS);
    const ours = ourDump(s);
    await closeDb(s);

    expect(tool('ovsdb-tool', 'db-cksum', path).trim()).toBe(tool('ovsdb-tool', 'schema-cksum', NB_SCHEMA).trim());
    expect(tool('ovsdb-tool', 'show-log', path).split('\n').filter((l) => l.startsWith('record')).length).toBe(NB_TXNS.length + 1);
    expectSameDump(referenceDump(queryFile(path, selectAll(NB_TABLES))), ours);

    const server = await serveFile(path, dir);
    let theirs: Record<string, Json[]>;
    try {
      expectSameDump(referenceDump(transact(server.sock, selectAll(NB_TABLES))), ours);
      transact(server.sock, [NB, { op: 'insert', table: 'Logical_Switch', row: { name: 'by-ovsdb-server' } },
        { op: 'mutate', table: 'NB_Global', where: [], mutations: [['nb_cfg', '+=', 10]] }]);
      theirs = referenceDump(transact(server.sock, selectAll(NB_TABLES)));
    } finally {
      await server.stop();
    }
    const back = await openDb(path);
    expectSameDump(ourDump(back), theirs);
  });

  it('writes a change ovsdb-server 3.1 could not read back as a diff in full instead', async (ctx) => {
    requireOvsTools(ctx);
    const path = join(dir, 'types.db');
    const s = await openDb(path, { createFrom: new URL('../fixtures/schemas/types.ovsschema', import.meta.url).pathname });
    const ins = s.db.execute([{ op: 'insert', table: 'T', row: { s13: 7, m12: ['map', [['a', 1]]] } }]);
    s.write(ins);
    s.db.commit(ins);
    const upd = s.db.execute([{ op: 'update', table: 'T', where: [], row: { s13: ['set', [1, 2, 3]], m12: ['map', [['b', 2], ['c', 3]]] } }]);
    s.write(upd);
    s.db.commit(upd);
    await closeDb(s);
    const got = queryFile(path, ['types', { op: 'select', table: 'T', where: [], columns: ['s13', 'm12'] }]);
    expect((got[0] as { rows: Json[] }).rows).toEqual([{ s13: ['set', [1, 2, 3]], m12: ['map', [['b', 2], ['c', 3]]] }]);
  });

  it('a file written by ovsdb-server opens with the same contents', async (ctx) => {
    requireOvsTools(ctx);
    const path = join(dir, 'nb.db');
    tool('ovsdb-tool', 'create', path, NB_SCHEMA);
    const server = await serveFile(path, dir);
    let theirs: Record<string, Json[]>;
    try {
      for (const ops of NB_TXNS) transact(server.sock, [NB, ...ops]);
      theirs = referenceDump(transact(server.sock, selectAll(NB_TABLES)));
    } finally {
      await server.stop();
    }
    const s = await openDb(path);
    expectSameDump(ourDump(s), theirs);
    expect(s.history.entries.length).toBe(NB_TXNS.length);
  });
});
