/**
 * Unit tests without sockets: remotes, backoff, value codecs (decode, encode, update2 diffs),
 * rows with hostile column names, operation encoding, transact results, and the replica's
 * store fed with the exact table updates ovsdb-server 3.1 sent for a scripted session.
 */
import { describe, it, expect } from 'vitest';
import type { Json } from '../../src/ovsdb/json.js';
import { schemaFromJson } from '../../src/ovsdb/schema-parse.js';
import { columnTypeFromJson } from '../../src/ovsdb/schema-type.js';
import { parseClientRemote, parseClientRemotes } from '../../src/client/remote.js';
import { Backoff } from '../../src/client/backoff.js';
import { columnCodec, integerIsNumber, ValueError } from '../../src/client/values.js';
import { DatabaseCodec } from '../../src/client/schema-codec.js';
import { encodeOperation, OperationBuilder } from '../../src/client/operations.js';
import { decodeTransactResult } from '../../src/client/transaction.js';
import { ReplicaStore, type AnyChange } from '../../src/client/replica/store.js';
import { NamedUuid, type AnyModel } from '../../src/client/model.js';
import { cond, mut } from '../../src/client/conditions.js';
import { ovsdbErrorFromJson } from '../../src/client/errors.js';

const type = (json: Json) => columnTypeFromJson(json);

describe('remotes', () => {
  it.each([
    ['tcp:127.0.0.1:6641', { kind: 'tcp', host: '127.0.0.1', port: 6641, path: '' }],
    ['tcp:[::1]:6641', { kind: 'tcp', host: '::1', port: 6641, path: '' }],
    ['ssl:ovsdb.example:6641', { kind: 'ssl', host: 'ovsdb.example', port: 6641, path: '' }],
    ['unix:/run/ovn/ovnnb_db.sock', { kind: 'unix', host: '', port: 0, path: '/run/ovn/ovnnb_db.sock' }],
  ])('%s', (spec, want) => {
    expect(parseClientRemote(spec)).toEqual({ ...want, spec });
  });
  it.each([
    ['ptcp:6641', /passive remotes are for servers/],
    ['tcp:127.0.0.1', /expected IP:PORT/],
    ['tcp:127.0.0.1:70000', /bad port number/],
    ['unix:', /missing socket path/],
    ['http://x', /unknown connection method "http"/],
  ])('refuses %s', (spec, why) => {
    expect(() => parseClientRemote(spec)).toThrow(why);
  });
  it('splits a comma-separated list', () => {
    expect(parseClientRemotes('tcp:1.2.3.4:1, unix:/s').map((r) => r.spec)).toEqual(['tcp:1.2.3.4:1', 'unix:/s']);
    expect(() => parseClientRemotes(' , ')).toThrow(/no remote/);
  });
});

describe('backoff', () => {
  it('doubles from min to max, resets after a connection that stayed up, and jitters downwards', () => {
    const noJitter = new Backoff({ minMs: 100, maxMs: 500, random: () => 0 });
    expect([null, null, null, null, null].map(() => noJitter.next(null))).toEqual([100, 200, 400, 500, 500]);
    expect(noJitter.next(10)).toBe(500); // up less than the backoff: still failing
    expect(noJitter.next(600)).toBe(100);
    const full = new Backoff({ minMs: 100, maxMs: 500, jitter: 0.5, random: () => 0.999999 });
    expect([full.next(null), full.next(null), full.next(null)]).toEqual([50, 100, 200]);
  });
});

describe('values', () => {
  it('integers are numbers only when the schema keeps them within 2^53', () => {
    expect(integerIsNumber(type({ key: { type: 'integer', minInteger: 0, maxInteger: 4095 } }).key)).toBe(true);
    expect(integerIsNumber(type('integer').key)).toBe(false);
    expect(integerIsNumber(type({ key: { type: 'integer', enum: ['set', [1, 2]] } }).key)).toBe(true);
    expect(columnCodec(type('integer')).decode(9223372036854775807n)).toBe(9223372036854775807n);
    expect(columnCodec(type('integer')).decode(5)).toBe(5n);
  });

  it.each([
    ['scalar string', 'string', 'a', 'a', 'a'],
    ['optional integer, empty', { key: { type: 'integer', minInteger: 0, maxInteger: 9 }, min: 0, max: 1 }, ['set', []], null, ['set', []]],
    ['optional integer, bare', { key: { type: 'integer', minInteger: 0, maxInteger: 9 }, min: 0, max: 1 }, 7, 7, 7],
    ['uuid', 'uuid', ['uuid', 'AB0E0000-0000-0000-0000-000000000001'], 'ab0e0000-0000-0000-0000-000000000001', ['uuid', 'ab0e0000-0000-0000-0000-000000000001']],
    ['set, one bare element', { key: 'string', min: 0, max: 'unlimited' }, 'x', ['x'], 'x'],
    ['set', { key: 'string', min: 0, max: 'unlimited' }, ['set', ['x', 'y']], ['x', 'y'], ['set', ['x', 'y']]],
    ['map', { key: 'string', value: 'integer', min: 0, max: 'unlimited' }, ['map', [['k', 1]]], new Map([['k', 1n]]), ['map', [['k', 1n]]]],
  ] as const)('%s: decode and encode', (_name, t, wire, value, back) => {
    const codec = columnCodec(type(t as Json));
    expect(codec.decode(wire as Json)).toEqual(value);
    expect(codec.encode(value)).toEqual(back);
  });

  it('encodes named uuids and refuses values of the wrong type', () => {
    const refs = columnCodec(type({ key: 'uuid', min: 0, max: 'unlimited' }));
    expect(refs.encode([new NamedUuid('p'), 'a'])).toEqual(['set', [['named-uuid', 'p'], ['uuid', 'a']]]);
    expect(() => columnCodec(type('integer')).encode(1.5)).toThrow(ValueError);
    expect(() => columnCodec(type('string')).encode(1)).toThrow(ValueError);
    expect(() => columnCodec(type({ key: 'string', value: 'string', min: 0, max: 'unlimited' })).encode({ a: 'b' })).toThrow(ValueError);
  });

  it('applies update2 diffs: sets toggle, maps add/remove/replace, optional and scalar replace', () => {
    const set = columnCodec(type({ key: 'string', min: 0, max: 'unlimited' }));
    expect(set.applyDiff(['a', 'b'], ['set', ['a', 'c']])).toEqual(['b', 'c']);
    const map = columnCodec(type({ key: 'string', value: 'string', min: 0, max: 'unlimited' }));
    const m = new Map([['x', '1'], ['y', '2']]);
    expect(map.applyDiff(m, ['map', [['y', '3'], ['z', '4']]])).toEqual(new Map([['x', '1'], ['y', '3'], ['z', '4']]));
    expect(map.applyDiff(m, ['map', [['x', '1']]])).toEqual(new Map([['y', '2']]));
    expect(m).toEqual(new Map([['x', '1'], ['y', '2']]));
    const optional = columnCodec(type({ key: { type: 'integer', minInteger: 1, maxInteger: 4095 }, min: 0, max: 1 }));
    expect([optional.applyDiff(5, 7), optional.applyDiff(7, ['set', []]), optional.applyDiff(null, 9)]).toEqual([7, null, 9]);
  });

  it('a map of at most one pair takes the whole new value from a diff, as the server sends it', () => {
    const one = columnCodec(type({ key: 'string', value: 'string', min: 0, max: 1 }));
    const old = new Map([['a', '1']]);
    expect(one.applyDiff(old, ['map', []])).toEqual(new Map());
    expect(one.applyDiff(old, ['map', [['b', '2']]])).toEqual(new Map([['b', '2']]));
  });
});

const SCHEMA = schemaFromJson(
  JSON.parse(`{"name": "T", "version": "1.0.0", "tables": {"Port": {"isRoot": true, "columns": {
    "name": {"type": "string"},
    "tag": {"type": {"key": {"type": "integer", "minInteger": 0, "maxInteger": 4095}, "min": 0, "max": 1}},
    "addresses": {"type": {"key": "string", "min": 0, "max": "unlimited"}},
    "options": {"type": {"key": "string", "value": "string", "min": 0, "max": "unlimited"}},
    "peer": {"type": {"key": {"type": "uuid", "refTable": "Port", "refType": "weak"}, "min": 0, "max": 1}},
    "constructor": {"type": "string"}}}}}`) as Json,
);
const DB = new DatabaseCodec(SCHEMA);

describe('rows', () => {
  it('a column named constructor and a map key __proto__ are plain data', () => {
    const row = DB.table('Port')?.decodeRow(JSON.parse('{"constructor":"x","options":["map",[["__proto__","y"]]]}') as Json);
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(row?.['constructor']).toBe('x');
    expect(row?.['options']).toEqual(new Map([['__proto__', 'y']]));
    const encoded = encodeOperation(new OperationBuilder<AnyModel>().insert('Port', { options: new Map([['__proto__', 'z']]) }), DB);
    expect(JSON.stringify(encoded)).toBe('{"op":"insert","table":"Port","row":{"options":["map",[["__proto__","z"]]]}}');
  });
});

describe('operations', () => {
  const op = new OperationBuilder<AnyModel>();
  it.each([
    ['insert with uuid-name', op.insert('Port', { name: 'a', tag: null, peer: new NamedUuid('b') }, 'a'), {
      op: 'insert', table: 'Port', 'uuid-name': 'a', row: { name: 'a', tag: ['set', []], peer: ['named-uuid', 'b'] },
    }],
    ['select, ordering on an optional column takes an atom', op.select('Port', [cond.lt('tag', 5), cond.includes('addresses', ['x'])], ['name']), {
      op: 'select', table: 'Port', where: [['tag', '<', 5], ['addresses', 'includes', 'x']], columns: ['name'],
    }],
    ['mutate: arithmetic, set insert of one element, map delete by keys and by pairs', op.mutate('Port', [], [
      mut.add('tag', 1), mut.insert('addresses', 'x'), mut.delete('options', ['k']), mut.delete('options', new Map([['k', 'v']])),
    ]), {
      op: 'mutate', table: 'Port', where: [], mutations: [['tag', '+=', 1], ['addresses', 'insert', ['set', ['x']]], ['options', 'delete', ['set', ['k']]], ['options', 'delete', ['map', [['k', 'v']]]]],
    }],
    ['wait with timeout', op.wait('Port', [], ['name'], '!=', [{ name: 'a' }], 0), {
      op: 'wait', table: 'Port', where: [], columns: ['name'], until: '!=', rows: [{ name: 'a' }], timeout: 0,
    }],
    ['unknown table: values sent as given, for the server to refuse', op.insert('Nope', { a: [1, 2], m: new Map([['k', 'v']]) }), {
      op: 'insert', table: 'Nope', row: { a: ['set', [1, 2]], m: ['map', [['k', 'v']]] },
    }],
    ['commit', op.commit(true), { op: 'commit', durable: true }],
    ['assert', op.assert('L'), { op: 'assert', lock: 'L' }],
  ])('%s', (_name, spec, wire) => {
    expect(encodeOperation(spec, DB)).toEqual(wire);
  });

  it('decodes results; an error makes the result a failure with its position', () => {
    const ops = [op.insert('Port', {}), op.select('Port', []), op.delete('Port', [])];
    const ok = decodeTransactResult([{ uuid: ['uuid', 'u1'] }, { rows: [{ name: 'a', tag: ['set', []] }] }, { count: 2 }], ops, DB);
    expect(ok).toEqual({ ok: true, results: [{ uuid: 'u1' }, { rows: [{ name: 'a', tag: null }] }, { count: 2 }] });
    const failed = decodeTransactResult([{ uuid: ['uuid', 'u1'] }, { error: 'syntax error', details: 'd', syntax: 's' }, null], ops, DB);
    expect(failed.ok === false && [failed.index, failed.error.tag, failed.error.details, failed.error.syntax, failed.results.length]).toEqual([1, 'syntax error', 'd', 's', 3]);
    const atCommit = decodeTransactResult([{ uuid: ['uuid', 'u1'] }, { rows: [] }, { count: 0 }, { error: 'referential integrity violation' }], ops, DB);
    expect(atCommit.ok === false && atCommit.index).toBe(3);
  });

  it('server errors keep their shape: bare strings and objects', () => {
    expect(ovsdbErrorFromJson('unknown method').toJson()).toEqual({ error: 'unknown method' });
    expect(ovsdbErrorFromJson({ error: 'unknown database', details: 'x', syntax: '["Nope"]' }).toJson()).toEqual({ error: 'unknown database', details: 'x', syntax: '["Nope"]' });
    expect(ovsdbErrorFromJson([1]).tag).toBe('unrecognized error');
  });
});

describe('replica store', () => {
  const U = '5e685aab-2dc7-4be7-8dc3-009a6dfaaee1';
  const sel = [{ table: 'Port', columns: ['name', 'tag', 'addresses', 'options'], where: null }];
  const describe_ = (c: AnyChange): string =>
    c.kind === 'update' ? `update ${JSON.stringify([c.old['tag'], c.new['tag']])}` : `${c.kind} ${String((c.kind === 'insert' ? c.row : c.old)['name'])}`;

  it('follows update2 as ovsdb-server sent it (insert without defaults, diffs, delete)', () => {
    const store = new ReplicaStore(DB, sel);
    const sink: AnyChange[] = [];
    store.applyDelta({ Port: { [U]: { insert: { addresses: ['set', ['a', 'b']], name: 'p', options: ['map', [['x', '1'], ['y', '2']]], tag: 5 } } } }, 2, sink);
    store.applyDelta({ Port: { [U]: { modify: { addresses: ['set', ['a', 'c']], options: ['map', [['y', '3'], ['z', '4']]], tag: 7 } } } }, 2, sink);
    expect(store.rows('Port').get(U)).toEqual({ _uuid: U, name: 'p', tag: 7, addresses: ['b', 'c'], options: new Map([['x', '1'], ['y', '3'], ['z', '4']]) });
    store.applyDelta({ Port: { [U]: { modify: { options: ['map', [['x', '1'], ['y', '3'], ['z', '4']]], tag: ['set', []] } } } }, 2, sink);
    expect(store.rows('Port').get(U)).toEqual({ _uuid: U, name: 'p', tag: null, addresses: ['b', 'c'], options: new Map() });
    store.applyDelta({ Port: { [U]: { delete: null } } }, 2, sink);
    expect(sink.map(describe_)).toEqual(['insert p', 'update [5,7]', 'update [7,null]', 'delete p']);
    expect(store.size).toBe(0);
    expect(() => store.applyDelta({ Port: { [U]: { modify: { tag: 1 } } } }, 2, null)).toThrow(ValueError);
  });

  it('follows update (version 1): new, old and new, old', () => {
    const store = new ReplicaStore(DB, sel);
    const sink: AnyChange[] = [];
    store.applyDelta({ Port: { [U]: { new: { name: 'p', tag: ['set', []], addresses: ['set', []], options: ['map', []] } } } }, 1, sink);
    store.applyDelta({ Port: { [U]: { new: { name: 'p', tag: 9, addresses: ['set', []], options: ['map', []] }, old: { tag: ['set', []] } } } }, 1, sink);
    store.applyDelta({ Port: { [U]: { old: { name: 'p', tag: 9 } } } }, 1, sink);
    expect(sink.map(describe_)).toEqual(['insert p', 'update [null,9]', 'delete p']);
  });

  it('a complete state replacing the copy reports only the differences and keeps unchanged rows', () => {
    const store = new ReplicaStore(DB, sel);
    const V = '00000000-0000-0000-0000-000000000002';
    const W = '00000000-0000-0000-0000-000000000003';
    store.replaceAll({ Port: { [U]: { initial: { name: 'p', tag: 1 } }, [V]: { initial: { name: 'q' } } } }, 2, null);
    const keep = store.rows('Port').get(V);
    const sink: AnyChange[] = [];
    const n = store.replaceAll({ Port: { [U]: { initial: { name: 'p', tag: 2 } }, [V]: { initial: { name: 'q' } }, [W]: { initial: { name: 'r' } } } }, 2, sink);
    expect([n, sink.map(describe_)]).toEqual([2, ['update [1,2]', 'insert r']]);
    expect(store.rows('Port').get(V)).toBe(keep);
    store.replaceAll({}, 2, sink);
    expect(sink.slice(2).map(describe_).sort()).toEqual(['delete p', 'delete q', 'delete r']);
  });
});
