/**
 * Transaction history for monitor_cond_since: bounds (count, atoms, at least one entry),
 * lookups, and the net change merged from several transactions.
 */
import { describe, expect, test } from 'vitest';
import { TxnHistory, atomDelta, mergeChanges, type MutableChangeSet } from '../../src/engine/monitor/index.js';
import { ZERO_UUID } from '../../src/ovsdb/uuid.js';
import { Fixture, composeChanges, nthUuid } from './helpers.js';

const id = (n: number) => `aaaaaaaa-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** A fixture and a history fed by its commits; each commit gets id(k) for k = 1, 2, … */
function run(ops: string[], maxEntries = 100, prefill?: string): { f: Fixture; h: TxnHistory } {
  const f = new Fixture();
  const h = new TxnHistory({ maxEntries, dbAtoms: prefill === undefined ? 0 : atomDelta(f.transact(prefill)) });
  ops.forEach((o, k) => {
    const changes = f.transact(o);
    h.append(id(k + 1), changes, atomDelta(changes));
  });
  return { f, h };
}

const insert = (s: string) => `{"op":"insert","table":"T","row":{"s":"${s}"}}`;
const rename = (from: string, to: string) => `{"op":"update","table":"T","where":[["s","==","${from}"]],"row":{"s":"${to}"}}`;

describe('TxnHistory', () => {
  test('found: only what changed after the given transaction, merged', () => {
    // Filler rows keep the database bigger than the history (the atom bound).
    const filler = Array.from({ length: 20 }, (_, k) => insert(`f${k}`)).join(',');
    const { f, h } = run([insert('a'), insert('b'), rename('a', 'a2'), rename('a2', 'a3'), '{"op":"delete","table":"T","where":[["s","==","b"]]}'], 100, filler);
    const spec = f.spec('{"T":{"columns":["s"]}}');
    const a = [...f.db.rows('T').values()].find((r) => r.get('s').keys[0] === 'a3')!.uuid;
    const b = nthUuid(42);
    expect(composeChanges(spec, h.since(id(2))!, 2)).toEqual({ T: { [a]: { modify: { s: 'a3' } }, [b]: { delete: null } } });
    expect(composeChanges(spec, h.since(id(1))!, 2)).toEqual({ T: { [a]: { modify: { s: 'a3' } } } });
    expect(h.since(id(5))!.size).toBe(0);
    expect(h.lastTxnId).toBe(id(5));
  });
  test('the newest id is found with nothing to send', () => {
    const { h } = run([insert('a'), insert('b')]);
    expect(h.since(id(2))!.size).toBe(0);
    expect(h.lastTxnId).toBe(id(2));
  });
  test('unknown, zero and never-seen ids are not found', () => {
    const { h } = run([insert('a')]);
    expect(h.since(ZERO_UUID)).toBeNull();
    expect(h.since(id(99))).toBeNull();
    expect(new TxnHistory().since(ZERO_UUID)).toBeNull();
    expect(new TxnHistory().lastTxnId).toBe(ZERO_UUID);
  });
  test('upper-case ids are the same ids', () => {
    const { h } = run([insert('a'), insert('b')]);
    expect(h.since(id(1).toUpperCase())).not.toBeNull();
  });
  test('bounded by count; the trimmed entry becomes the base and stays answerable', () => {
    const { h } = run(['a', 'b', 'c', 'd', 'e', 'f'].map(insert), 3);
    expect(h.size).toBe(3);
    expect(h.ids()).toEqual([id(4), id(5), id(6)]);
    expect(h.baseTxnId).toBe(id(3));
    expect(h.since(id(3))!.get('T')!.size).toBe(3);
    expect(h.since(id(2))).toBeNull();
  });
  test('bounded by atoms: never more atoms than the database holds, but at least one entry', () => {
    // Renaming one row many times: the database holds one row, the history one row per entry.
    const { h } = run([insert('a'), rename('a', 'b'), rename('b', 'c'), rename('c', 'd')]);
    expect(h.historyAtoms).toBeLessThanOrEqual(h.dbAtoms);
    expect(h.size).toBe(1);
    const { h: emptied } = run([insert('a'), '{"op":"delete","table":"T","where":[]}']);
    expect(emptied.dbAtoms).toBe(0);
    expect(emptied.size).toBe(1);
    expect(emptied.lastTxnId).toBe(id(2));
  });
});

describe('mergeChanges', () => {
  test('insert then delete vanishes; first old and last new are kept', () => {
    const f = new Fixture();
    const merged: MutableChangeSet = new Map();
    expect(mergeChanges(merged, f.transact(insert('a')))).toBe(1);
    expect(mergeChanges(merged, f.transact(rename('a', 'b')))).toBe(0);
    expect(merged.get('T')!.get(nthUuid(0))!.old).toBeNull();
    expect(mergeChanges(merged, f.transact('{"op":"delete","table":"T","where":[]}'))).toBe(-1);
    expect(merged.size).toBe(0);
  });
  test('tables outside the filter are skipped', () => {
    const f = new Fixture();
    const merged: MutableChangeSet = new Map();
    mergeChanges(merged, f.transact(insert('a')), (t) => t !== 'T');
    expect(merged.size).toBe(0);
  });
});
