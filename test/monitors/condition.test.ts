/**
 * Monitor conditions (a disjunction of clauses), the updates they filter, condition changes,
 * and the equality indexes that find a condition's rows without a scan.
 */
import { describe, expect, test } from 'vitest';
import type { Json } from '../../src/ovsdb/json.js';
import { ConditionIndexes, withConditions, parseConditionChanges } from '../../src/engine/monitor/index.js';
import { parseJson } from '../../src/wire/index.js';
import { Fixture, composeChanges, composeConditionChange, composeInitial, nthUuid } from './helpers.js';

/** Three rows a, b, c (UUIDs 0, 2, 4 of the generator; versions take the odd ones). */
function threeRows(): Fixture {
  const f = new Fixture();
  f.transact('{"op":"insert","table":"T","row":{"s":"a","i":1}}');
  f.transact('{"op":"insert","table":"T","row":{"s":"b","i":2,"mss":["map",[["x","1"]]]}}');
  f.transact('{"op":"insert","table":"T","row":{"s":"c","i":3}}');
  return f;
}
const A = nthUuid(0);
const B = nthUuid(2);
const C = nthUuid(4);

function selected(f: Fixture, where: string): string[] {
  const spec = f.spec(`{"T":{"columns":["s"],"where":${where}}}`);
  return Object.keys((composeInitial(spec, f.source, 2) as { T?: object }).T ?? {}).sort();
}

describe('which rows a condition selects', () => {
  const cases: [string, string[]][] = [
    ['[]', [A, B, C]],
    ['[true]', [A, B, C]],
    ['[false]', []],
    ['[false,["s","==","b"]]', [B]],
    ['[true,["s","==","b"]]', [A, B, C]],
    ['[["s","==","a"],["s","==","c"]]', [A, C]],
    ['[["i",">",1],["s","==","a"]]', [A, B, C]],
    ['[["mss","includes",["map",[["x","1"]]]]]', [B]],
    [`[["_uuid","==",["uuid","${C}"]]]`, [C]],
    ['[["s","!=","a"]]', [B, C]],
  ];
  test.each(cases)('where %s', (where, rows) => {
    expect(selected(threeRows(), where)).toEqual(rows);
  });
});

describe('rows moving in and out of a condition', () => {
  test('modify becomes insert or delete; a condition-only column change is an empty modify', () => {
    const f = threeRows();
    const spec = f.spec('{"T":{"columns":["s"],"where":[["i","<=",2]]}}');
    const step = (ops: string): Json | null => composeChanges(spec, f.transact(ops), 2);
    expect(step('{"op":"update","table":"T","where":[["s","==","c"]],"row":{"i":0}}')).toEqual({ T: { [C]: { insert: { s: 'c' } } } });
    expect(step('{"op":"update","table":"T","where":[["s","==","a"]],"row":{"i":9}}')).toEqual({ T: { [A]: { delete: null } } });
    expect(step('{"op":"update","table":"T","where":[["s","==","b"]],"row":{"i":-1}}')).toEqual({ T: { [B]: { modify: {} } } });
    expect(step('{"op":"update","table":"T","where":[["s","==","a"]],"row":{"i":10}}')).toBeNull();
  });
});

describe('monitor_cond_change', () => {
  function change(f: Fixture, from: string, to: string): Json | null {
    const oldSpec = f.spec(`{"T":{"columns":["s"],"where":${from}}}`);
    const conds = parseConditionChanges(f.schema, oldSpec, parseJson(`{"T":[{"where":${to}}]}`));
    return composeConditionChange(oldSpec, withConditions(oldSpec, conds), f.source);
  }
  test('rows entering are inserted, rows leaving deleted, rows staying silent', () => {
    expect(change(threeRows(), '[["s","==","a"],["s","==","b"]]', '[["s","==","b"],["s","==","c"]]')).toEqual({
      T: { [A]: { delete: null }, [C]: { insert: { s: 'c' } } },
    });
  });
  test('an unchanged condition sends nothing', () => {
    expect(change(threeRows(), '[["s","==","a"]]', '[["s","==","a"]]')).toBeNull();
    expect(change(threeRows(), '[]', '[true]')).toBeNull();
  });
  test('false then true', () => {
    expect(change(threeRows(), '[false]', '[true]')).toEqual({ T: { [A]: { insert: { s: 'a' } }, [B]: { insert: { s: 'b' } }, [C]: { insert: { s: 'c' } } } });
  });
  test('the last request for a table wins', () => {
    const f = threeRows();
    const spec = f.spec('{"T":{"columns":["s"]}}');
    const conds = parseConditionChanges(f.schema, spec, parseJson('{"T":[{"where":[["s","==","a"]]},{"where":[["s","==","b"]]}]}'));
    expect(conds.get('T')!.key).toBe(f.spec('{"T":{"columns":["s"],"where":[["s","==","b"]]}}').tables.get('T')!.condition.key);
  });
});

describe('equality indexes', () => {
  test('candidates follow commits and never miss a match', () => {
    const f = threeRows();
    const idx = new ConditionIndexes((t) => f.db.rows(t));
    const cond = (where: string) => f.spec(`{"T":{"where":${where}}}`).tables.get('T')!.condition;
    const uuids = (where: string) => idx.candidates('T', cond(where))?.map((r) => r.uuid).sort() ?? null;
    expect(uuids('[["s","==","b"]]')).toEqual([B]);
    expect(idx.size).toBe(1);
    idx.apply(f.transact('{"op":"update","table":"T","where":[["s","==","a"]],"row":{"s":"b"}}'));
    expect(uuids('[["s","==","b"]]')).toEqual([A, B]);
    idx.apply(f.transact('{"op":"delete","table":"T","where":[["s","==","b"]]}'));
    expect(uuids('[["s","==","b"]]')).toEqual([]);
    expect(uuids(`[["_uuid","==",["uuid","${C}"]],["s","==","c"]]`)).toEqual([C]);
    expect(uuids('[["s","!=","c"]]')).toBeNull();
    expect(uuids('[["i","==",3],["s","includes","c"]]')).toBeNull();
  });
});
