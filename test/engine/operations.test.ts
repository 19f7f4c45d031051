/**
 * Operations, conditions and mutations: results and errors as ovsdb-server 3.1 gives them for
 * the same requests (texts copied from its replies; UUIDs normalised).
 */
import { describe, expect, test } from 'vitest';
import { openDb, runAll, transact, Normaliser } from './harness.js';

const se = (syntax: string, details: string) => ({ error: 'syntax error', details, syntax });
const parseFail = (syntax: string, msg: string) => se(syntax, `Parsing ovsdb operation 1 of 1 failed: ${msg}`);
const SEED =
  '{"op":"insert","table":"T","row":{"i":5,"r":2.5,"si":["set",[1,2,3]],"s13":["set",[1,2]],"mss":["map",[["a","1"],["b","2"]]],"oi":7,"sr":["set",[1.5]]}}';

function afterSeed(op: string): unknown {
  return runAll('types', [SEED, op])[1];
}

describe('operation parsing', () => {
  const cases: [string, string, unknown][] = [
    ['unknown members', '{"op":"insert","table":"T","row":{},"x":1,"y":2,"z":3}',
      parseFail('{"op":"insert","row":{},"table":"T","x":1,"y":2,"z":3}', "Member 'y' and 2 other members are present but not allowed here.")],
    ['one unknown member', '{"op":"insert","table":"T","row":{},"x":1}',
      parseFail('{"op":"insert","row":{},"table":"T","x":1}', "Member 'x' is present but not allowed here.")],
    ['where not array', '{"op":"select","table":"T","where":{}}',
      parseFail('{"op":"select","table":"T","where":{}}', "Type mismatch for member 'where'.")],
    ['where missing', '{"op":"select","table":"T"}', parseFail('{"op":"select","table":"T"}', "Required 'where' member is missing.")],
    ['unknown table', '{"op":"select","table":"Nope","where":[]}',
      parseFail('{"op":"select","table":"Nope","where":[]}', 'No table named Nope.')],
    ['table missing', '{"op":"select"}', parseFail('{"op":"select"}', "Required 'table' member is missing.")],
    ['unknown op', '{"op":"frob"}', parseFail('{"op":"frob"}', 'No operation "frob"')],
    ['op not string', '{"op":5}', parseFail('{"op":5}', "Type mismatch for member 'op'.")],
    ['uuid-name not id', '{"op":"insert","table":"T","row":{},"uuid-name":"1abc"}',
      parseFail('{"op":"insert","row":{},"table":"T","uuid-name":"1abc"}', "Type mismatch for member 'uuid-name'.")],
    ['commit without durable', '{"op":"commit"}', parseFail('{"op":"commit"}', "Required 'durable' member is missing.")],
    ['bad uuid', '{"op":"insert","table":"T","row":{},"uuid":"abc"}', se('"abc"', 'bad uuid')],
    ['columns unknown', '{"op":"select","table":"T","where":[],"columns":["nosuch"]}', se('["nosuch"]', 'nosuch is not a valid column name')],
    ['columns not strings', '{"op":"select","table":"T","where":[],"columns":[1]}', se('[1]', 'array of distinct column names expected')],
    ['columns repeated', '{"op":"select","table":"T","where":[],"columns":["i","i"]}', se('["i","i"]', 'array of distinct column names expected')],
  ];
  test.each(cases)('%s', (_n, op, expected) => {
    expect(runAll('types', [op])[0]).toEqual([expected]);
  });
  test('not an object', () => {
    expect(runAll('types', ['5'])[0]).toEqual([
      { error: 'syntax error', details: 'Parsing ovsdb operation 1 of 1 failed: Object expected.' },
    ]);
  });
  test('later operations are null after a failure', () => {
    expect(runAll('types', ['{"op":"comment","comment":"x"},{"op":"abort"},{"op":"select","table":"T","where":[]}'])[0]).toEqual([
      {},
      { error: 'aborted', details: 'aborted by request' },
      null,
    ]);
  });
});

describe('insert', () => {
  test('uuid-name, caller uuid, duplicates', () => {
    const r = runAll('types', [
      '{"op":"insert","table":"T","row":{},"uuid":"ABCDEF01-0000-0000-0000-000000000000"}',
      '{"op":"insert","table":"T","row":{},"uuid":"abcdef01-0000-0000-0000-000000000000"}',
      '{"op":"insert","table":"T","row":{},"uuid":"abcdef01-0000-0000-0000-000000000002","uuid-name":"x"},{"op":"insert","table":"T","row":{},"uuid-name":"x"}',
    ]);
    expect(r[0]).toEqual([{ uuid: ['uuid', '<0>'] }]);
    expect(r[1]).toEqual([{
      error: 'duplicate uuid',
      details: 'This UUID would duplicate a UUID already present within the table or deleted within the same transaction.',
      syntax: '"<0>"',
    }]);
    expect(r[2]).toEqual([
      { uuid: ['uuid', '<1>'] },
      { error: 'duplicate uuid-name', details: 'This "uuid-name" appeared on an earlier "insert" operation.', syntax: '"x"' },
      ]);
  });
  test('a named-uuid used before its insert resolves to the inserted row', () => {
    const db = openDb('types');
    const n = new Normaliser();
    const r = n.json(transact(db, '{"op":"insert","table":"T","row":{"u":["named-uuid","later"]}},{"op":"insert","table":"T","row":{},"uuid-name":"later"},{"op":"select","table":"T","where":[["u","!=",["uuid","00000000-0000-0000-0000-000000000000"]]],"columns":["u"]}'));
    expect(r).toEqual([{ uuid: ['uuid', '<0>'] }, { uuid: ['uuid', '<1>'] }, { rows: [{ u: ['uuid', '<1>'] }] }]);
  });
  test('_uuid and _version in "row" are ignored', () => {
    const r = runAll('types', ['{"op":"insert","table":"T","row":{"_uuid":["uuid","abcdef01-0000-0000-0000-000000000000"]},"uuid-name":"q"},{"op":"select","table":"T","where":[["_uuid","==",["named-uuid","q"]]],"columns":["_uuid"]}']);
    expect(r[0]).toEqual([{ uuid: ['uuid', '<0>'] }, { rows: [{ _uuid: ['uuid', '<0>'] }] }]);
  });
});

describe('select and canonical order', () => {
  test('sets and maps print sorted, one-element sets bare', () => {
    const r = runAll('types', ['{"op":"insert","table":"T","row":{"ss":["set",["b","a","B","é","aa",""]],"si":["set",[3,-1,2]],"sb":["set",[true,false]],"su":["set",[["uuid","ffffffff-0000-0000-0000-000000000000"],["uuid","00000000-0000-0000-0000-000000000001"]]],"mis":["map",[[2,"x"],[1,"y"]]],"sr":["set",[1.5]]},"uuid-name":"q"},{"op":"select","table":"T","where":[["_uuid","==",["named-uuid","q"]]],"columns":["ss","si","sb","su","mis","oi","os","i","sr"]}']);
    expect(r[0]).toEqual([{ uuid: ['uuid', '<0>'] }, { rows: [{
      ss: ['set', ['', 'B', 'a', 'aa', 'b', 'é']], si: ['set', [-1, 2, 3]], sb: ['set', [false, true]],
      su: ['set', [['uuid', '<1>'], ['uuid', '<2>']]], mis: ['map', [[1, 'y'], [2, 'x']]], oi: ['set', []], os: ['set', []], i: 0, sr: 1.5,
    }] }]);
  });
  test('"columns" makes rows distinct; [] gives one empty row', () => {
    const r = runAll('types', ['{"op":"insert","table":"T","row":{"i":1}},{"op":"insert","table":"T","row":{"i":1}},{"op":"insert","table":"T","row":{"i":2}}',
      '{"op":"select","table":"T","where":[],"columns":["i"]},{"op":"select","table":"T","where":[],"columns":[]},{"op":"select","table":"T","where":[],"columns":["i"],"sort":["i"]}']);
    expect(r[1]).toEqual([{ rows: [{ i: 1 }, { i: 2 }] }, { rows: [{}] }, { rows: [{ i: 1 }, { i: 2 }] }]);
  });
});

describe('conditions', () => {
  const S = (clause: string) => `{"op":"select","table":"T","where":[${clause}],"columns":["i"]}`;
  const errors: [string, unknown][] = [
    ['["s","<","x"]', se('["s","<","x"]', 'Type mismatch: "<" operator may not be applied to column s of type string.')],
    ['["si","<",1]', se('["si","<",1]', 'Type mismatch: "<" operator may not be applied to column si of type set of integers.')],
    ['["os","<",["set",[]]]', se('["os","<",["set",[]]]', 'Type mismatch: "<" operator may not be applied to column os of type set of up to 1 strings.')],
    ['["ob","<",true]', se('["ob","<",true]', 'Type mismatch: "<" operator may not be applied to column ob of type set of up to 1 booleans.')],
    ['["u","<",["uuid","00000000-0000-0000-0000-000000000005"]]', se('["u","<",["uuid","<0>"]]', 'Type mismatch: "<" operator may not be applied to column u of type uuid.')],
    ['["oi","<",["set",[]]]', se('["set",[]]', 'set must have exactly one member but 0 are present')],
    ['["i","frob",1]', { error: 'unknown function', details: 'No function named frob.' }],
    ['["i","==",1,2]', se('["i","==",1,2]', 'Parse error in condition.')],
    ['5', se('5', 'Parse error in condition.')],
    ['[1,"==",1]', se('[1,"==",1]', 'Parse error in condition.')],
    ['["nosuch","==",1]', { error: 'unknown column', details: 'No column nosuch in table T.', syntax: '["nosuch","==",1]' }],
    ['["i","==","x"]', se('"x"', 'expected integer')],
    ['["s13","==",["set",[]]]', se('["set",[]]', 'set must have 1 to 3 members but 0 are present')],
    ['["s13","includes",["set",[1,2,3,4]]]', se('["set",[1,2,3,4]]', 'set must have 0 to 3 members but 4 are present')],
    ['["i","includes",["set",[]]]', se('["set",[]]', 'set must have exactly one member but 0 are present')],
    ['["s13","includes",["set",[1,1]]]', { error: 'ovsdb error', details: 'set contains duplicate' }],
  ];
  test.each(errors)('%s', (clause, expected) => {
    expect(runAll('types', [S(clause)])[0]).toEqual([expected]);
  });
  test('constraint checks apply to arguments', () => {
    expect(runAll('constraints', ['{"op":"select","table":"C","where":[["imin","==",1]]}'])[0]).toEqual([
      { error: 'constraint violation', details: '1 is less than minimum allowed value 3' },
    ]);
  });

  const matches: [string, boolean][] = [
    ['["oi","<",5]', true], ['["oi",">",2]', true], ['["oi","<=",3]', true], ['["oi",">=",4]', false],
    ['["oi","includes",3]', true], ['["oi","excludes",3]', false], ['["oi","!=",3]', false], ['["oi","==",["set",[]]]', false],
    ['["os","==",["set",[]]]', true], ['["os","!=",["set",[]]]', false], ['["os","includes",["set",[]]]', true],
    ['["os","excludes",["set",[]]]', true], ['["os","includes","m"]', false], ['["os","excludes","m"]', true],
    ['["si","includes",["set",[1,3]]]', true], ['["si","includes",["set",[1,4]]]', false],
    ['["si","excludes",["set",[4,5]]]', true], ['["si","excludes",["set",[3,4]]]', false],
    ['["si","==",["set",[3,2,1]]]', true], ['["si","!=",["set",[1,2]]]', true],
    ['["mss","includes",["map",[["a","1"]]]]', true], ['["mss","includes",["map",[["a","9"]]]]', false],
    ['["mss","excludes",["map",[["a","9"]]]]', true], ['["mss","excludes",["map",[["a","1"]]]]', false],
    ['["m12","includes",["map",[]]]', true], ['["r","<",2.6]', true], ['["r",">",2.5]', false],
    ['true', true], ['false', false], ['["_version","!=",["uuid","00000000-0000-0000-0000-000000000000"]]', true],
  ];
  test.each(matches)('%s matches: %s', (clause, yes) => {
    const seed = '{"op":"insert","table":"T","row":{"oi":3,"r":2.5,"si":["set",[1,2,3]],"mss":["map",[["a","1"],["b","2"]]],"m12":["map",[["k",1]]],"s13":1}}';
    expect(runAll('types', [seed, S(clause)])[1]).toEqual([{ rows: yes ? [{ i: 0 }] : [] }]);
  });
});

describe('mutations', () => {
  const M = (m: string) => `{"op":"mutate","table":"T","where":[],"mutations":[${m}]}`;
  const errors: [string, unknown][] = [
    ['["i","/=",0]', { error: 'domain error', details: 'Division by zero.' }],
    ['["i","%=",0]', { error: 'domain error', details: 'Division by zero.' }],
    ['["r","/=",0]', { error: 'domain error', details: 'Division by zero.' }],
    ['["r","%=",2]', se('["r","%=",2]', 'Type mismatch: "%=" operator may not be applied to column r of type real.')],
    ['["i","*=",9223372036854775807]', { error: 'range error', details: 'Result of "*=" operation is out of range.' }],
    ['["i","+=",9223372036854775807]', { error: 'range error', details: 'Result of "+=" operation is out of range.' }],
    ['["i","-=",-9223372036854775807]', { error: 'range error', details: 'Result of "-=" operation is out of range.' }],
    ['["r","*=",1e308]', { error: 'range error', details: 'Result of "*=" operation is out of range.' }],
    ['["si","*=",0]', { error: 'constraint violation', details: 'Result of "*=" operation contains duplicates.' }],
    ['["s13","insert",["set",[3,4]]]', { error: 'constraint violation', details: 'Attempted to store 4 elements in set of 1 to 3 integers.' }],
    ['["s13","delete",["set",[1,2]]]', { error: 'constraint violation', details: 'Attempted to store 0 elements in set of 1 to 3 integers.' }],
    ['["oi","insert",8]', { error: 'constraint violation', details: 'Attempted to store 2 elements in set of up to 1 integers.' }],
    ['["s","+=","x"]', se('["s","+=","x"]', 'Type mismatch: "+=" operator may not be applied to column s of type string.')],
    ['["mss","+=","x"]', se('["mss","+=","x"]', 'Type mismatch: "+=" operator may not be applied to column mss of type map of (string, string) pairs.')],
    ['["i","insert",1]', se('["i","insert",1]', 'Type mismatch: "insert" operator may not be applied to column i of type integer.')],
    ['["i","frob",1]', { error: 'unknown mutator', details: 'No mutator named frob.' }],
    ['["nosuch","+=",1]', { error: 'unknown column', details: 'No column nosuch in table T.', syntax: '["nosuch","+=",1]' }],
    ['["_uuid","+=",1]', { error: 'constraint violation', details: 'Cannot mutate immutable column _uuid in table T.', syntax: '["_uuid","+=",1]' }],
    ['["_version","+=",1]', { error: 'constraint violation', details: 'Cannot mutate immutable column _version in table T.', syntax: '["_version","+=",1]' }],
    ['["i","+=",1,2]', se('["i","+=",1,2]', 'Parse error in mutation.')],
    ['5', se('5', 'Parse error in mutation.')],
    ['["i","+=",1.5]', se('1.5', 'expected integer')],
  ];
  test.each(errors)('%s', (m, expected) => {
    expect(afterSeed(M(m))).toEqual([expected]);
  });
  test('INT64_MIN / -1', () => {
    const r = runAll('types', ['{"op":"insert","table":"T","row":{}}', M('["i","+=",-9223372036854775808],["i","/=",-1]')]);
    expect(r[1]).toEqual([
      { error: 'range error', details: 'Result of "/=" operation is out of range.' },
    ]);
  });
  test('map insert keeps existing values; delete by pairs or keys', () => {
    const sel = '{"op":"select","table":"T","where":[],"columns":["mss"]}';
    const r = runAll('types', [SEED, `${M('["mss","insert",["map",[["a","9"],["c","3"]]]]')},${sel}`,
      `${M('["mss","delete",["set",["a","zz"]]]')},${sel}`, `${M('["mss","delete",["map",[["a","9"],["b","2"]]]]')},${sel}`]);
    expect(r[1]).toEqual([{ count: 1 }, { rows: [{ mss: ['map', [['a', '1'], ['b', '2'], ['c', '3']]] }] }]);
    expect(r[2]).toEqual([{ count: 1 }, { rows: [{ mss: ['map', [['b', '2'], ['c', '3']]] }] }]);
    expect(r[3]).toEqual([{ count: 1 }, { rows: [{ mss: ['map', [['c', '3']]] }] }]);
  });
  test('arithmetic on optional scalar; _version changes only when the row changes', () => {
    const db = openDb('types');
    transact(db, SEED);
    const v0 = [...db.rows('T').values()][0]!.version;
    transact(db, M('["oi","+=",8]'));
    const v1 = [...db.rows('T').values()][0]!.version;
    expect(v1).not.toBe(v0);
    expect(transact(db, '{"op":"select","table":"T","where":[],"columns":["oi"]}')).toEqual([{ rows: [{ oi: 15 }] }]);
    transact(db, M('["i","+=",0]'));
    expect([...db.rows('T').values()][0]!.version).toBe(v1);
  });
  const cons: [string, unknown][] = [
    ['["imin","-=",3]', '1 is less than minimum allowed value 3'],
    ['["irange","+=",20]', '21 is not in the valid range -5 to 10 (inclusive)'],
    ['["slen","insert","a"]', '"a" length 1 is less than minimum allowed length 2'],
    ['["mval","delete",["set",["abcd"]]]', '"abcd" length 4 is greater than maximum allowed length 3'],
  ];
  test.each(cons)('constraints after %s', (m, details) => {
    const seed = '{"op":"insert","table":"C","row":{"ei":1,"defrange":5,"smin":"x","imin":4,"irange":["set",[1,2]]}}';
    expect(runAll('constraints', [seed, `{"op":"mutate","table":"C","where":[],"mutations":[${m}]}`])[1]).toEqual([
      { error: 'constraint violation', details },
    ]);
  });
  test('map delete falls back to a set of keys', () => {
    const seed = '{"op":"insert","table":"C","row":{"ei":1,"defrange":5,"smin":"x"}}';
    const r = runAll('constraints', [seed, '{"op":"mutate","table":"C","where":[],"mutations":[["mval","delete",["map",[["abcd",1]]]]]}']);
    expect(r[1]).toEqual([se('["map",[["abcd",1]]]', 'expected string')]);
  });
});

describe('update, delete, wait, assert, comment, read-only', () => {
  test('immutable columns', () => {
    const r = runAll('indexes', ['{"op":"update","table":"I","where":[],"row":{"k":"x"}}', '{"op":"update","table":"I","where":[],"row":{"k":"x","nosuch":1}}', '{"op":"update","table":"T","where":[],"row":{}}']);
    expect(r[0]).toEqual([{ error: 'constraint violation', details: 'Cannot update immutable column k in table I.', syntax: '{"op":"update","row":{"k":"x"},"table":"I","where":[]}' }]);
    expect(r[1]).toEqual([{ error: 'unknown column', details: 'No column nosuch in table I.', syntax: '{"k":"x","nosuch":1}' }]);
  });
  test('wait timeout 0', () => {
    const r = runAll('types', ['{"op":"wait","table":"T","where":[],"until":"==","rows":[{"i":1}],"timeout":0}', '{"op":"wait","table":"T","where":[],"until":"==","rows":[],"timeout":0}', '{"op":"wait","table":"T","where":[],"until":"!=","rows":[],"timeout":-1}', '{"op":"wait","table":"T","where":[],"until":"<","rows":[],"timeout":0}']);
    expect(r[0]).toEqual([{ error: 'timed out', details: '"where" clause test failed' }]);
    expect(r[1]).toEqual([{}]);
    expect(r[2]).toEqual([se('-1', 'timeout must be nonnegative')]);
    expect(r[3]).toEqual([se('"<"', '"until" must be "==" or "!="')]);
  });
  test('wait with columns; blocked wait', () => {
    const db = openDb('types');
    transact(db, '{"op":"insert","table":"T","row":{"i":1,"s":"a"}}');
    expect(transact(db, '{"op":"wait","table":"T","where":[],"columns":["i"],"until":"==","rows":[{"i":1}],"timeout":0}')).toEqual([{}]);
    const p = db.execute([{ op: 'wait', table: 'T', where: [], columns: ['i'], until: '!=', rows: [{ i: 1 }], timeout: 500 }]);
    expect(p.ok).toBe(false);
    expect(p.blocked).toEqual({ tables: new Set(['T']), timeoutMs: 500 });
    const q = db.execute([{ op: 'wait', table: 'T', where: [], columns: ['i'], until: '!=', rows: [{ i: 1 }], timeout: 500 }], { elapsedMs: 501 });
    expect(q.results).toEqual([{ error: 'timed out', details: '"wait" timed out after 501 ms' }]);
  });
  test('a blocked transaction retries at the blocking wait\'s timeout, not an earlier passing one', () => {
    const db = openDb('types');
    transact(db, '{"op":"insert","table":"T","row":{"i":1,"s":"a"}}');
    const passing = { op: 'wait', table: 'T', where: [], columns: ['i'], until: '==', rows: [{ i: 1 }], timeout: 100 };
    const blocking = { op: 'wait', table: 'T', where: [], columns: ['i'], until: '!=', rows: [{ i: 1 }], timeout: 5000 };
    expect(db.execute([passing, blocking]).blocked?.timeoutMs).toBe(5000);
    expect(db.execute([passing, blocking], { elapsedMs: 200 }).blocked?.timeoutMs).toBe(5000);
    const { timeout: _t, ...forever } = blocking;
    expect(db.execute([passing, forever]).blocked?.timeoutMs).toBe(Infinity);
  });
  test('assert, comment, durable', () => {
    const db = openDb('types');
    expect(transact(db, '{"op":"assert","lock":"nolock"}')).toEqual([{ error: 'not owner', details: 'Asserted lock nolock not held.' }]);
    expect(transact(db, '{"op":"assert","lock":"mine"}', { isLockOwner: (n) => n === 'mine' })).toEqual([{}]);
    const p = db.execute([{ op: 'comment', comment: 'a' }, { op: 'comment', comment: 'b' }, { op: 'commit', durable: true }]);
    expect(p.comment).toBe('a\nb');
    expect(p.durable).toBe(true);
    expect(p.results).toEqual([{}, {}, {}]);
  });
  test('read-only', () => {
    const r = runAll('types', ['{"op":"select","table":"T","where":[]},{"op":"insert","table":"T","row":{}}'], { readOnly: true });
    expect(r[0]).toEqual([{ rows: [] }, { error: 'not allowed', details: 'insert operation not allowed when database server is in read only mode' }]);
  });
});

describe('fault order inside one row (ovsdb-server walks members by name hash)', () => {
  test.each([
    ['{"op":"insert","table":"T","row":{"i":"x","s":5,"b":1}}', se('1', 'expected boolean')],
    ['{"op":"update","table":"T","where":[],"row":{"i":1,"_uuid":["uuid","00000000-0000-0000-0000-000000000000"],"k":1}}',
      { error: 'unknown column', details: 'No column k in table T.', syntax: '{"_uuid":["uuid","<0>"],"i":1,"k":1}' }],
    ['{"op":"wait","table":"T","where":[],"until":"==","rows":[5],"timeout":0}', se('5', 'row must be JSON object')],
  ])('%s', (op, expected) => {
    expect(runAll('types', [op])[0]).toEqual([expected]);
  });
});
