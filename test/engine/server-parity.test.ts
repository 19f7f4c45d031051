/**
 * Behaviours where ovsdb-server 3.1 departs from a plain reading of RFC 7047 and ovsdb-ts copies
 * it (found by the differential suite; texts and results copied from ovsdb-server's replies to the
 * same requests, UUIDs normalised).
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import { openDb, runAll, transact } from './harness.js';
import { changedOrdinals, type Database } from '../../src/engine/index.js';
import { parseMonitorRequests } from '../../src/engine/monitor/index.js';
import { parseJson } from '../../src/wire/index.js';
import type { Json } from '../../src/ovsdb/json.js';
import { composeChanges } from '../monitors/helpers.js';
import { TriggerQueue, type TxnTry } from '../../src/server/triggers.js';
import type { Session } from '../../src/server/session.js';

const se = (syntax: string, details: string) => ({ error: 'syntax error', details, syntax });

describe('"excludes" lifts the operand size limits of a non-scalar column (condition.c)', () => {
  const SEED = '{"op":"insert","table":"T","row":{"oi":3,"s13":["set",[1,2]],"m12":["map",[["k",1]]],"sb":["set",[true]]}}';
  const S = (clause: string) => `{"op":"select","table":"T","where":[${clause}],"columns":["i"]}`;
  const many = JSON.stringify(Array.from({ length: 260 }, (_, i) => i + 3));
  const cases: [string, unknown][] = [
    ['["s13","excludes",["set",[4,5,6,7]]]', { rows: [{ i: 0 }] }],
    ['["s13","excludes",["set",[2,5,6,7]]]', { rows: [] }],
    [`["s13","excludes",["set",${many}]]`, { rows: [{ i: 0 }] }],
    ['["s13","excludes",["set",[]]]', { rows: [{ i: 0 }] }],
    ['["m12","excludes",["map",[["a",1],["b",2],["c",3]]]]', { rows: [{ i: 0 }] }],
    ['["m12","excludes",["map",[["a",1],["k",1],["c",3]]]]', { rows: [] }],
    ['["oi","excludes",["set",[4,5]]]', { rows: [{ i: 0 }] }],
    ['["oi","excludes",["set",[3,5]]]', { rows: [] }],
    ['["oi","excludes",["set",[5,3]]]', { rows: [] }],
    // Still parsed as a set, so duplicates are caught once the size no longer is.
    ['["sb","excludes",["set",[false,true,false]]]', { error: 'ovsdb error', details: 'set contains duplicate' }],
    // Not relaxed: a scalar column, "includes" above max, "==".
    ['["i","excludes",["set",[1,2]]]', se('["set",[1,2]]', 'set must have exactly one member but 2 are present')],
    ['["oi","includes",["set",[3,5]]]', se('["set",[3,5]]', 'set must have 0 to 1 members but 2 are present')],
    ['["m12","includes",["map",[["a",1],["b",2],["c",3]]]]',
      se('["map",[["a",1],["b",2],["c",3]]]', 'map must have 0 to 2 members but 3 are present')],
    ['["m12","==",["map",[["a",1],["b",2],["c",3]]]]',
      se('["map",[["a",1],["b",2],["c",3]]]', 'map must have 1 to 2 members but 3 are present')],
  ];
  test.each(cases)('%s', (clause, expected) => {
    expect(runAll('types', [SEED, S(clause)])[1]).toEqual([expected]);
  });
});

describe('"*=" uses ovsdb-server\'s inexact overflow test (mutation.c)', () => {
  const RANGE = { error: 'range error', details: 'Result of "*=" operation is out of range.' };
  const txn = (x: string, y: string) =>
    `{"op":"insert","table":"T","row":{"i":${x}}},{"op":"mutate","table":"T","where":[],"mutations":[["i","*=",${y}]]},` +
    '{"op":"select","table":"T","where":[],"columns":["i"]}';
  const cases: [string, string, unknown][] = [
    // x > 0, y > 0: x >= INT64_MAX / y fails even where the product fits.
    ['1', '9223372036854775807', RANGE],
    ['2', '4611686018427387903', RANGE],
    ['3037000499', '3037000499', 9223372030926249001n],
    ['3037000499', '3037000500', RANGE],
    // Mixed signs: exact.
    ['-3', '3074457345618258602', -9223372036854775806n],
    ['-3', '3074457345618258603', RANGE],
    ['3', '-3074457345618258602', -9223372036854775806n],
    ['3', '-3074457345618258603', RANGE],
    ['1', '-9223372036854775808', -9223372036854775808n],
    ['-1', '9223372036854775807', -9223372036854775807n],
    // x <= 0, y <= 0: only y is tested; products that do not fit wrap.
    ['-4611686018427387904', '-2', -9223372036854775808n],
    ['-9223372036854775808', '-1', -9223372036854775808n],
    ['-5', '-3037000499', 15185002495],
    ['-5', '-3037000500', RANGE],
    ['-1', '-9223372036854775808', RANGE],
    ['0', '0', 0],
    ['0', '-5', 0],
    ['5', '0', 0],
    // Deliberate difference: ovsdb-server 3.1 crashes (division by zero in its test) on a
    // negative integer *= 0; ovsdb-ts stores the product.
    ['-1', '0', 0],
    ['-9223372036854775808', '0', 0],
  ];
  test.each(cases)('%s *= %s', (x, y, expected) => {
    const r = runAll('types', [txn(x, y)])[0] as unknown[];
    if (expected === RANGE) expect(r).toEqual([{ uuid: ['uuid', '<0>'] }, RANGE, null]);
    else expect(r[2]).toEqual({ rows: [{ i: expected }] });
  });
});

describe('a row changed by the transaction gets a new _version even if weak-reference removal undoes the change', () => {
  const GHOST = '12345678-1234-1234-1234-123456789abc';
  const ADD_GHOST = `{"op":"mutate","table":"Root","where":[],"mutations":[["weak","insert",["set",[["uuid","${GHOST}"]]]]]}`;
  const SELECT = '{"op":"select","table":"Root","where":[],"columns":["_version","weak"]}';

  function setup(): { db: Database; uuid: string; version: string } {
    const db = openDb('refs');
    transact(db, '{"op":"insert","table":"Root","row":{"name":"p1"}}');
    const [row] = [...db.rows('Root').values()];
    return { db, uuid: row!.uuid, version: row!.version };
  }

  test('the row is in the changes with its old content and a new _version; monitors see _version alone', () => {
    const { db, uuid, version } = setup();
    const p = db.execute(parseJson(`[${ADD_GHOST},${SELECT}]`) as Json[]);
    // The select runs before the commit checks: it still sees the reference.
    expect(p.results).toEqual([{ count: 1 }, { rows: [{ _version: ['uuid', version], weak: ['uuid', GHOST] }] }]);
    const change = p.changes.get('Root')?.get(uuid);
    expect(change).toBeDefined();
    expect(change!.new!.version).not.toBe(version);
    expect(changedOrdinals(change!.old!, change!.new!)).toEqual([]);
    const all = parseMonitorRequests(db.schema, parseJson('{"Root":{}}'), true);
    const some = parseMonitorRequests(db.schema, parseJson('{"Root":{"columns":["name","weak"]}}'), false);
    const newVersion = change!.new!.version;
    expect(composeChanges(all, p.changes, 2)).toEqual({ Root: { [uuid]: { modify: { _version: ['uuid', newVersion] } } } });
    expect(composeChanges(some, p.changes, 1)).toBeNull();
    db.commit(p);
    expect(transact(db, SELECT)).toEqual([{ rows: [{ _version: ['uuid', newVersion], weak: ['set', []] }] }]);
  });

  test('a no-op mutate or update keeps _version', () => {
    const { db, uuid, version } = setup();
    for (const op of [
      '{"op":"mutate","table":"Root","where":[],"mutations":[["weak","delete",["set",[]]]]}',
      '{"op":"update","table":"Root","where":[],"row":{"name":"p1"}}',
    ]) {
      const p = db.execute(parseJson(`[${op}]`) as Json[]);
      expect(p.changes.size).toBe(0);
      db.commit(p);
      expect(db.rows('Root').get(uuid)!.version).toBe(version);
    }
  });
});

describe('wait: only a retry reports elapsed time (ovsdb-server trigger.c / execution.c)', () => {
  const FAILS_NOW = '{"op":"wait","table":"T","where":[],"columns":["i"],"until":"==","rows":[],"timeout":0}';
  const BLOCKS = '{"op":"wait","table":"T","where":[],"columns":["i"],"until":"==","rows":[{"i":7}],"timeout":5000}';
  const WHERE_FAILED = { error: 'timed out', details: '"where" clause test failed' };

  test('a first try (elapsed 0) of a failing "timeout": 0 wait says the where clause failed', () => {
    const db = openDb('types');
    transact(db, '{"op":"insert","table":"T","row":{"i":1}}');
    expect(transact(db, FAILS_NOW)).toEqual([WHERE_FAILED]);
    expect(transact(db, FAILS_NOW, { elapsedMs: 0 })).toEqual([WHERE_FAILED]);
  });

  test('a retry after a block reports the elapsed time, also for a "timeout": 0 wait', () => {
    const db = openDb('types');
    const ops = parseJson(`[${BLOCKS},${FAILS_NOW}]`) as Json[];
    expect(db.execute(ops, { elapsedMs: 0 }).blocked).toEqual({ tables: new Set(['T']), timeoutMs: 5000 });
    transact(db, '{"op":"insert","table":"T","row":{"i":7}}');
    // What ovsdb-server 3.1 answered when the row came 301 ms after the transaction.
    expect(db.execute(ops, { elapsedMs: 301 }).results).toEqual([{}, { error: 'timed out', details: '"wait" timed out after 301 ms' }]);
  });
});

describe('the trigger queue gives a first try elapsed 0, even after time spent queued', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  test('a transaction queued behind a blocked one: first try 0, retry the time since receipt', async () => {
    vi.useFakeTimers();
    const sent: Json[] = [];
    const session = { name: 'unix#0', sendOutcome: (id: Json) => sent.push(id), addCloseHook: () => undefined } as unknown as Session;
    const q = new TriggerQueue();
    const blocked = (timeoutMs: number): TxnTry => ({ kind: 'blocked', tables: new Set(['T']), timeoutMs });
    const done: TxnTry = { kind: 'done', outcome: { result: [] } };
    const script = (answers: TxnTry[], tries: number[]) => (ms: number): TxnTry => (tries.push(ms), answers.shift()!);
    const first: number[] = [];
    const second: number[] = [];
    q.submit(session, 1, ['db'], 'db', script([blocked(Infinity), done], first));
    q.submit(session, 2, ['db'], 'db', script([blocked(100), done], second));
    await vi.advanceTimersByTimeAsync(250);
    q.committed('db', new Set(['T']));
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toEqual([1]);
    expect(first).toEqual([0, 250]);
    expect(second).toEqual([0]);
    // Its own timeout (100 ms from receipt) has passed: retried shortly, with the real elapsed time.
    await vi.advanceTimersByTimeAsync(50);
    expect(sent).toEqual([1, 2]);
    expect(second[1]).toBeGreaterThanOrEqual(250);
  });
});

describe('commit checks walk tables in the order rows entered them (ovsdb-server txn_tables)', () => {
  const BAD_ROOT = '{"op":"insert","table":"Root","row":{"strong":["uuid","00000000-0000-0000-0000-0000000000aa"]}}';
  const BAD_OTHER = '{"op":"insert","table":"Other","row":{"self":["uuid","00000000-0000-0000-0000-0000000000bb"]}}';
  const ri = (details: string) => ({ error: 'referential integrity violation', details });
  const ROOT_FAULT = ri('Table Root column strong row <1> references nonexistent row <3> in table Child.');
  const OTHER_FAULT = ri('Table Other column self row <2> references nonexistent row <3> in table Other.');
  const cases: [string, string, unknown][] = [
    ['a select puts no table first', '{"op":"select","table":"Other","where":[],"columns":[]}', ROOT_FAULT],
    ['an update that changes nothing puts no table first', '{"op":"update","table":"Other","where":[],"row":{"name":"o"}}', ROOT_FAULT],
    ['a passing wait puts no table first', '{"op":"wait","table":"Other","where":[],"until":"!=","rows":[],"timeout":0}', ROOT_FAULT],
    // A mutate makes a row of every match, even one it leaves as it was.
    ['a mutate that changes nothing does', '{"op":"mutate","table":"Other","where":[],"mutations":[["self","delete",["set",[]]]]}', OTHER_FAULT],
  ];
  test.each(cases)('%s', (_name, first, fault) => {
    const r = runAll('refs', ['{"op":"insert","table":"Other","row":{"name":"o"}}', `${first},${BAD_ROOT},${BAD_OTHER}`]);
    expect((r[1] as unknown[])[3]).toEqual(fault);
  });
});

describe('weak-reference "min" faults are reported for the row ovsdb-server meets first (UUID hash order)', () => {
  // 6ffcae15… comes before 22d58882… in a 4-bucket hash map (buckets 1 and 2), whatever the order of insertion.
  const A = '{"op":"insert","table":"WeakMin","uuid":"22d58882-43ec-47f6-abcd-d4225900a21d","row":{}}';
  const B = '{"op":"insert","table":"WeakMin","uuid":"6ffcae15-0934-42ad-89e8-8a311db60d9d","row":{"w":["uuid","00000000-0000-0000-0000-0000000000bb"]}}';
  const FAULT = {
    error: 'constraint violation',
    details: 'Deletion of 1 weak reference(s) to deleted (or never-existing) rows from column "w" in "WeakMin" row 6ffcae15-0934-42ad-89e8-8a311db60d9d (inserted within this transaction) caused this column to become empty, but constraints on this column disallow an empty column.',
  };
  test.each([[`${A},${B}`], [`${B},${A}`]])('%s', (ops) => {
    const db = openDb('refs');
    expect(transact(db, ops)[2]).toEqual(FAULT);
  });
});
