/** The Database API contract: prepare without change, commit, applyChanges, RPC checks. */
import { expect, test } from 'vitest';
import { fileURLToPath } from 'node:url';
import { openDb, transact } from './harness.js';
import { Database, checkTransactParams, changedOrdinals } from '../../src/engine/index.js';
import { loadSchemaFile } from '../../src/ovsdb/schema-load.js';
import { parseJson } from '../../src/wire/index.js';
import type { TxnChanges } from '../../src/engine/index.js';

test('execute does not change the database; commit applies; changes are exact', () => {
  const db = openDb('types');
  const p = db.execute([{ op: 'insert', table: 'T', row: { i: 1 } }]);
  expect(db.rows('T').size).toBe(0);
  expect(p.ok).toBe(true);
  const t = p.changes.get('T')!;
  expect(t.size).toBe(1);
  const [[uuid, ch]] = [...t];
  expect(ch.old).toBeNull();
  expect(ch.new!.get('i')).toEqual({ keys: [1n], values: null });
  db.commit(p);
  expect(db.rows('T').get(uuid)).toBe(ch.new);
  const q = db.execute([{ op: 'update', table: 'T', where: [], row: { i: 2, s: 'x' } }]);
  const m = q.changes.get('T')!.get(uuid)!;
  expect(changedOrdinals(m.old!, m.new!).map((o) => m.new!.layout.names[o])).toEqual(['i', 's']);
  expect(m.new!.version).not.toBe(m.old!.version);
});

test('applyChanges maintains indexes and reference counts', () => {
  const src = openDb('refs');
  const p = src.execute(parseJson('[{"op":"insert","table":"Root","row":{"strong":["named-uuid","c"]}},{"op":"insert","table":"Child","row":{"name":"c"},"uuid-name":"c"}]') as never);
  expect(p.ok).toBe(true);
  const replica = openDb('refs');
  replica.applyChanges(p.changes as TxnChanges);
  expect(transact(replica, '{"op":"delete","table":"Child","where":[]}')[1]).toMatchObject({ error: 'referential integrity violation' });
  const child = [...replica.rows('Child').keys()][0]!;
  expect(transact(replica, `{"op":"select","table":"Child","where":[["_uuid","==",["uuid","${child}"]]],"columns":["name"]}`)).toEqual([{ rows: [{ name: 'c' }] }]);
});

test('writes to a reserved database are not allowed', () => {
  const file = fileURLToPath(new URL('../../schema/_server.ovsschema', import.meta.url));
  const db = new Database(loadSchemaFile(file, (t) => parseJson(t)).schema);
  const p = db.execute([{ op: 'insert', table: 'Database', row: { model: 'standalone' } }]);
  expect(p.results).toEqual([{ error: 'not allowed', details: 'insert operation not allowed on table in reserved database _Server' }]);
});

test('transact params checks', () => {
  const has = (n: string) => n === 'OVN_Northbound';
  expect(checkTransactParams(['OVN_Northbound'], has)).toBeNull();
  expect(checkTransactParams(['Nope', { op: 'insert' }], has)?.toJson()).toEqual({
    error: 'unknown database', details: 'transact request specifies unknown database Nope', syntax: '["Nope",{"op":"insert"}]',
  });
  expect(checkTransactParams([], has)?.toJson()).toEqual({
    error: 'syntax error', details: 'transact request params must begin with <db-name>', syntax: '[]',
  });
  expect(checkTransactParams([1], has)?.toJson()).toEqual({
    error: 'syntax error', details: 'transact request params must begin with <db-name>', syntax: '[1]',
  });
});
