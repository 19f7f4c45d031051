/**
 * Change sets → update (format 1) and update2/update3 (format 2) for every selection and kind,
 * per-column selections, default omission, and set/map differences. Expected values follow
 * ovsdb-server 3.1's output for the same monitors and transactions (checked by sending the
 * same requests to it; see test/monitors/differential.test.ts for the live comparison).
 */
import { describe, expect, test } from 'vitest';
import type { Json } from '../../src/ovsdb/json.js';
import type { UpdateFormat } from '../../src/engine/monitor/index.js';
import { datumDiff } from '../../src/ovsdb/datum-delta.js';
import { datumFromJson, datumToJson } from '../../src/ovsdb/datum.js';
import type { ColumnType } from '../../src/ovsdb/types.js';
import { Fixture, composeChanges, composeInitial } from './helpers.js';

const U = '00000000-0000-0000-0000-000000000100';
const V0 = '00000000-0000-0000-0000-000000000101';
const INSERT = '{"op":"insert","table":"T","row":{"i":1,"ss":["set",["a","b"]],"mss":["map",[["k","v"]]]}}';
const MODIFY = '{"op":"update","table":"T","where":[],"row":{"i":2,"ss":["set",["b","c"]],"mss":["map",[["k","w"],["x","y"]]]}}';
const MODIFY_S = '{"op":"update","table":"T","where":[],"row":{"s":"text"}}';
const DELETE = '{"op":"delete","table":"T","where":[]}';

/** Runs insert, modify, delete; returns the three updates for a monitor of `requests`. */
function lifecycle(requests: string, format: UpdateFormat, extra = MODIFY): (Json | null)[] {
  const f = new Fixture();
  const spec = f.spec(requests, format === 2);
  return [INSERT, extra, DELETE].map((ops) => composeChanges(spec, f.transact(ops), format));
}

describe('format 2 (update2/update3)', () => {
  const cols = '["i","s","ss","mss"]';
  test('insert omits defaults; modify carries differences; delete is null', () => {
    expect(lifecycle(`{"T":{"columns":${cols}}}`, 2)).toEqual([
      { T: { [U]: { insert: { i: 1, ss: ['set', ['a', 'b']], mss: ['map', [['k', 'v']]] } } } },
      { T: { [U]: { modify: { i: 2, ss: ['set', ['a', 'c']], mss: ['map', [['k', 'w'], ['x', 'y']]] } } } },
      { T: { [U]: { delete: null } } },
    ]);
  });
  const table: [string, (Json | null)[]][] = [
    ['{"insert":false}', [null, { T: { [U]: { modify: { i: 2, ss: ['set', ['a', 'c']], mss: ['map', [['k', 'w'], ['x', 'y']]] } } } }, { T: { [U]: { delete: null } } }]],
    ['{"modify":false}', [{ T: { [U]: { insert: { i: 1, ss: ['set', ['a', 'b']], mss: ['map', [['k', 'v']]] } } } }, null, { T: { [U]: { delete: null } } }]],
    ['{"delete":false}', [{ T: { [U]: { insert: { i: 1, ss: ['set', ['a', 'b']], mss: ['map', [['k', 'v']]] } } } }, { T: { [U]: { modify: { i: 2, ss: ['set', ['a', 'c']], mss: ['map', [['k', 'w'], ['x', 'y']]] } } } }, null]],
    ['{"insert":false,"modify":false,"delete":false}', [null, null, null]],
  ];
  test.each(table)('select %s', (select, expected) => {
    expect(lifecycle(`{"T":{"columns":${cols},"select":${select}}}`, 2)).toEqual(expected);
  });
  test('per-column selections: a modify of only unselected columns is an empty modify', () => {
    const req = '{"T":[{"columns":["s"],"select":{"modify":false}},{"columns":["i"],"select":{"insert":false}}]}';
    expect(lifecycle(req, 2, MODIFY_S)).toEqual([
      { T: { [U]: { insert: {} } } },
      { T: { [U]: { modify: {} } } },
      { T: { [U]: { delete: null } } },
    ]);
  });
  test('a modify of unmonitored columns sends nothing', () => {
    expect(lifecycle('{"T":{"columns":["i"]}}', 2, MODIFY_S)[1]).toBeNull();
  });
});

describe('format 1 (update)', () => {
  test('new holds every column, old the changed ones; _version is reported by default', () => {
    const [ins, mod, del] = lifecycle('{"T":{"columns":["i","s","ss"]}}', 1);
    expect(ins).toEqual({ T: { [U]: { new: { i: 1, s: '', ss: ['set', ['a', 'b']] } } } });
    expect(mod).toEqual({ T: { [U]: { old: { i: 1, ss: ['set', ['a', 'b']] }, new: { i: 2, s: '', ss: ['set', ['b', 'c']] } } } });
    expect(del).toEqual({ T: { [U]: { old: { i: 2, s: '', ss: ['set', ['b', 'c']] } } } });
  });
  test('without columns: every column and _version, never _uuid', () => {
    const [ins] = lifecycle('{"T":{}}', 1);
    const row = (ins as { T: Record<string, { new: Record<string, Json> }> }).T[U]!.new;
    expect(Object.keys(row).sort()).toContain('_version');
    expect(Object.keys(row)).not.toContain('_uuid');
    expect(row['_version']).toEqual(['uuid', V0]);
    expect(Object.keys(row).length).toBe(23);
  });
  test('per-column selections filter old and new', () => {
    const req = '{"T":[{"columns":["s"],"select":{"initial":false,"modify":false}},{"columns":["i","ss"],"select":{"insert":false,"delete":false}}]}';
    expect(lifecycle(req, 1, MODIFY)).toEqual([
      { T: { [U]: { new: { s: '' } } } },
      { T: { [U]: { old: { i: 1, ss: ['set', ['a', 'b']] }, new: { i: 2, ss: ['set', ['b', 'c']] } } } },
      { T: { [U]: { old: { s: '' } } } },
    ]);
    expect(lifecycle(req, 1, MODIFY_S)[1]).toEqual({ T: { [U]: { old: {}, new: { i: 1, ss: ['set', ['a', 'b']] } } } });
  });
});

describe('initial dumps', () => {
  test.each<[UpdateFormat, Json]>([
    [1, { T: { [U]: { new: { i: 1, s: '' } } } }],
    [2, { T: { [U]: { initial: { i: 1 } } } }],
  ])('format %s', (format, expected) => {
    const f = new Fixture();
    f.transact(INSERT);
    expect(composeInitial(f.spec('{"T":{"columns":["i","s"]}}', format === 2), f.source, format)).toEqual(expected);
    expect(composeInitial(f.spec('{"T":{"columns":["i","s"],"select":{"initial":false}}}', format === 2), f.source, format)).toEqual({});
  });
});

describe('datum differences (OVS ovsdb_datum_diff)', () => {
  const set: ColumnType = { key: base('string'), value: null, min: 0, max: Infinity };
  const map: ColumnType = { key: base('string'), value: base('integer'), min: 0, max: Infinity };
  const opt: ColumnType = { key: base('integer'), value: null, min: 0, max: 1 };
  const cases: [string, ColumnType, Json, Json, Json][] = [
    ['set: added and removed', set, ['set', ['a', 'b', 'c']], ['set', ['b', 'd']], ['set', ['a', 'c', 'd']]],
    ['set: to empty', set, ['set', ['a']], ['set', []], 'a'],
    ['set: unchanged', set, ['set', ['a']], ['set', ['a']], ['set', []]],
    ['map: changed value gives the new pair', map, ['map', [['a', 1], ['b', 2]]], ['map', [['a', 1], ['b', 3], ['c', 4]]], ['map', [['b', 3], ['c', 4]]]],
    ['map: removed key gives the old pair', map, ['map', [['a', 1]]], ['map', []], ['map', [['a', 1]]]],
    ['optional scalar: the new value', opt, 5, ['set', []], ['set', []]],
    ['optional scalar: set', opt, ['set', []], 7, 7],
  ];
  test.each(cases)('%s', (_name, type, a, b, expected) => {
    expect(datumToJson(datumDiff(datumFromJson(a, type), datumFromJson(b, type), type), type)).toEqual(expected);
  });
});

function base(type: 'string' | 'integer') {
  return { type, enum: null, minInteger: null, maxInteger: null, minReal: null, maxReal: null, minLength: null, maxLength: null, refTable: null, refType: 'strong' } as const;
}
