/**
 * A unique index may name `_uuid` (ovsdb-tool and ovsdb-server 3.1 accept the schema, and such an
 * index never conflicts): rows are keyed by their special columns too (table.ts rowKey), for
 * inserts, lookups through the index, updates and deletes.
 */
import { describe, expect, test } from 'vitest';
import { Database } from '../../src/engine/index.js';
import { schemaFromJson } from '../../src/ovsdb/schema-parse.js';
import type { Json } from '../../src/ovsdb/json.js';

const SCHEMA: Json = {
  name: 'T',
  tables: { A: { columns: { n: { type: 'string' } }, indexes: [['_uuid'], ['n', '_uuid']], isRoot: true } },
};

describe('an index over _uuid', () => {
  test('inserts rows with equal other values, finds, updates and deletes them', () => {
    const db = new Database(schemaFromJson(SCHEMA));
    const run = (ops: Json[]) => {
      const p = db.execute(ops);
      expect(p.ok, JSON.stringify(p.results)).toBe(true);
      db.commit(p);
      return p.results as { uuid?: [string, string]; rows?: unknown[]; count?: number }[];
    };
    const [a, b] = run([
      { op: 'insert', table: 'A', row: { n: 'x' } },
      { op: 'insert', table: 'A', row: { n: 'x' } },
    ]);
    const ua = a!.uuid![1];
    const found = run([{ op: 'select', table: 'A', where: [['n', '==', 'x'], ['_uuid', '==', ['uuid', ua]]], columns: ['n'] }]);
    expect(found[0]!.rows).toEqual([{ n: 'x' }]);
    expect(run([{ op: 'update', table: 'A', where: [], row: { n: 'y' } }])[0]!.count).toBe(2);
    const after = run([{ op: 'select', table: 'A', where: [['n', '==', 'y'], ['_uuid', '==', ['uuid', b!.uuid![1]]]], columns: ['n'] }]);
    expect(after[0]!.rows).toHaveLength(1);
    expect(run([{ op: 'delete', table: 'A', where: [['_uuid', '==', ['uuid', ua]]] }])[0]!.count).toBe(1);
    expect(db.rows('A').size).toBe(1);
  });
});
