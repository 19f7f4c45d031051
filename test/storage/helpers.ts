/**
 * Helpers for storage tests: transactions through the engine and the store (the server's commit
 * pipeline in miniature), and a canonical dump of a database for comparisons.
 */
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Json } from '../../src/ovsdb/json.js';
import type { Database } from '../../src/engine/index.js';
import type { Storage } from '../../src/storage/index.js';
import { setLogSink } from '../../src/log.js';

export const fixture = (rel: string): string => new URL(`../fixtures/${rel}`, import.meta.url).pathname;
export const NB_SCHEMA = new URL('../../schema/ovn-nb.ovsschema', import.meta.url).pathname;

export function tempDir(tag: string): string {
  return fs.mkdtempSync(join(tmpdir(), `storage-${tag}-`));
}

/** Runs `ops` like the server does: execute → write → commit. Returns the results. */
export function commit(store: Storage, ops: Json[]): Json[] {
  const p = store.db.execute(ops);
  if (!p.ok) throw new Error(`transaction failed: ${JSON.stringify(p.results, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`);
  store.write(p);
  store.db.commit(p);
  return p.results;
}

/** Every table's rows as select returns them, minus `_version`, sorted by `_uuid`. */
export function dumpDb(db: Database): Record<string, Json[]> {
  const out: Record<string, Json[]> = {};
  for (const table of db.schema.tables.keys()) {
    const p = db.execute([{ op: 'select', table, where: [] }]);
    const rows = ((p.results[0] as { rows: Json[] }).rows ?? []) as Record<string, Json>[];
    out[table] = normalizeRows(rows);
  }
  return out;
}

/** Select results (from anyone) without `_version`, sorted by `_uuid`. */
export function normalizeRows(rows: Record<string, Json>[]): Json[] {
  return rows
    .map((r) => {
      const copy: Record<string, Json> = {};
      for (const k of Object.keys(r).sort()) if (k !== '_version') copy[k] = r[k]!;
      return copy;
    })
    .sort((a, b) => String((a['_uuid'] as Json[])[1]).localeCompare(String((b['_uuid'] as Json[])[1])));
}

/** Captures log lines while `fn` runs. */
export async function captureLog<T>(fn: () => Promise<T>): Promise<{ value: T; lines: string[] }> {
  const lines: string[] = [];
  const prev = setLogSink((l) => lines.push(l));
  try {
    return { value: await fn(), lines };
  } finally {
    setLogSink(prev);
  }
}

export function expectSameDump(a: Record<string, Json[]>, b: Record<string, Json[]>): void {
  expect(JSON.stringify(a, bigints)).toBe(JSON.stringify(b, bigints));
}

export function bigints(_k: string, v: unknown): unknown {
  return typeof v === 'bigint' ? `${v}n` : v;
}

export const NB = 'OVN_Northbound';
/** A mix of NB transactions: refs, maps, sets, int64, comments, deletions, GC. */
export const NB_TXNS: Json[][] = [
  [
    { op: 'insert', table: 'Logical_Switch', row: { name: 'sw0', other_config: ['map', [['a', 'b']]] }, 'uuid-name': 'sw' },
    { op: 'insert', table: 'Logical_Switch_Port', row: { name: 'p0', addresses: ['set', ['00:00:00:00:00:01 10.0.0.1']] }, 'uuid-name': 'p' },
    { op: 'mutate', table: 'Logical_Switch', where: [['name', '==', 'sw0']], mutations: [['ports', 'insert', ['set', [['named-uuid', 'p']]]]] },
    { op: 'comment', comment: 'create sw0' },
  ],
  [{ op: 'insert', table: 'NB_Global', row: { nb_cfg: 9223372036854775807n, options: ['map', [['k', 'v']]] } }],
  [{ op: 'update', table: 'Logical_Switch', where: [], row: { other_config: ['map', [['a', 'c'], ['x', 'y']]] } }],
  [{ op: 'insert', table: 'Logical_Switch_Port', row: { name: 'p1', tag_request: 7 }, 'uuid-name': 'q' },
    { op: 'mutate', table: 'Logical_Switch', where: [], mutations: [['ports', 'insert', ['set', [['named-uuid', 'q']]]]] }],
  [{ op: 'mutate', table: 'Logical_Switch', where: [], mutations: [['ports', 'delete', ['set', []]]] },
    { op: 'update', table: 'NB_Global', where: [], row: { nb_cfg: -5 } }],
  [{ op: 'update', table: 'Logical_Switch', where: [], row: { ports: ['set', []] } }, { op: 'commit', durable: true }],
  [{ op: 'insert', table: 'Logical_Switch', row: { name: 'sw1 ☃ "q"', external_ids: ['map', [['k', 'v']]] } }],
  [{ op: 'delete', table: 'Logical_Switch', where: [['name', '==', 'sw0']] }],
];
