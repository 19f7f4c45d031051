import { describe, expect, it } from 'vitest';
import type { Json } from '../../src/ovsdb/json.js';
import { UuidNormalizer, canonicalText, normalizeTranscript } from './normalize.js';

const A = '0a1b2c3d-0000-4000-8000-000000000001';
const B = 'ffffffff-0000-4000-8000-000000000002';
const C = '12345678-0000-4000-8000-000000000003';

describe('UuidNormalizer', () => {
  it('numbers UUIDs in order of first appearance', () => {
    const n = new UuidNormalizer();
    expect(n.text([{ uuid: ['uuid', B] }, { uuid: ['uuid', A] }, { uuid: ['uuid', B] }])).toBe(
      '[{"uuid":["uuid","<0>"]},{"uuid":["uuid","<1>"]},{"uuid":["uuid","<0>"]}]',
    );
    expect(n.uuidAt(0)).toBe(B);
    expect(n.uuidAt(1)).toBe(A);
  });

  it('keeps numbering across the values of one transcript', () => {
    expect(normalizeTranscript([['uuid', A], ['uuid', B], ['uuid', A]])).toEqual(['["uuid","<0>"]', '["uuid","<1>"]', '["uuid","<0>"]']);
  });

  it('replaces UUIDs inside details text, case-insensitively', () => {
    const n = new UuidNormalizer();
    n.normalize(['uuid', A]);
    expect(n.text({ details: `row ${A.toUpperCase()} references ${B}` })).toBe('{"details":"row <0> references <1>"}');
  });

  it('keeps the all-zero UUID', () => {
    const zero = '00000000-0000-0000-0000-000000000000';
    expect(new UuidNormalizer().text(['uuid', zero])).toBe(`["uuid","${zero}"]`);
  });

  it('sorts object members recursively but keeps array order', () => {
    const v: Json = { b: 1, a: [{ z: 1, y: 2 }, 3, 'x'] };
    expect(new UuidNormalizer().text(v)).toBe('{"a":[{"y":2,"z":1},3,"x"],"b":1}');
  });

  it('keeps the order of sets without UUIDs', () => {
    expect(new UuidNormalizer().text(['set', [3, 1, 2]])).toBe('["set",[3,1,2]]');
  });

  it('orders select rows independent of server order', () => {
    const r1: Json = { rows: [{ _uuid: ['uuid', A], i: 2 }, { _uuid: ['uuid', B], i: 1 }] };
    const r2: Json = { rows: [{ _uuid: ['uuid', C], i: 1 }, { _uuid: ['uuid', A], i: 2 }] };
    expect(new UuidNormalizer().text(r1)).toBe(new UuidNormalizer().text(r2));
  });

  it('orders rows by already-numbered UUIDs', () => {
    const n1 = new UuidNormalizer();
    n1.normalize([['uuid', A], ['uuid', B]]);
    const n2 = new UuidNormalizer();
    n2.normalize([['uuid', C], ['uuid', A]]);
    // Row of the first-inserted uuid then the second, in opposite wire order on each side.
    const t1 = n1.text({ rows: [{ _uuid: ['uuid', B] }, { _uuid: ['uuid', A] }] });
    const t2 = n2.text({ rows: [{ _uuid: ['uuid', C] }, { _uuid: ['uuid', A] }] });
    expect(t1).toBe(t2);
    expect(t1).toBe('{"rows":[{"_uuid":["uuid","<0>"]},{"_uuid":["uuid","<1>"]}]}');
  });

  it('still tells different rows apart', () => {
    const t1 = new UuidNormalizer().text({ rows: [{ i: 1 }, { i: 2 }] });
    const t2 = new UuidNormalizer().text({ rows: [{ i: 1 }, { i: 3 }] });
    expect(t1).not.toBe(t2);
  });

  it('orders uuid sets and maps by known numbers', () => {
    const n1 = new UuidNormalizer();
    n1.normalize([['uuid', A], ['uuid', B]]);
    const n2 = new UuidNormalizer();
    n2.normalize([['uuid', B], ['uuid', A]]);
    expect(n1.text(['set', [['uuid', B], ['uuid', A]]])).toBe('["set",[["uuid","<0>"],["uuid","<1>"]]]');
    expect(n2.text(['set', [['uuid', B], ['uuid', A]]])).toBe('["set",[["uuid","<0>"],["uuid","<1>"]]]');
    expect(n1.text(['map', [['k', ['uuid', B]], ['j', ['uuid', A]]]])).toBe('["map",[["j",["uuid","<0>"]],["k",["uuid","<1>"]]]]');
  });

  it('numbers UUID object keys by their content, not by hash order', () => {
    const t1 = new UuidNormalizer().text({ [A]: { name: 'x' }, [B]: { name: 'y' } });
    const t2 = new UuidNormalizer().text({ [B]: { name: 'y' }, [C]: { name: 'x' } });
    expect(t1).toBe(t2);
  });

  it('canonicalises syntax text of error objects only', () => {
    const n = new UuidNormalizer();
    expect(n.text({ error: 'syntax error', syntax: '{"b":1,"a":2}' })).toBe('{"error":"syntax error","syntax":"{\\"a\\":2,\\"b\\":1}"}');
    expect(n.text({ syntax: '{"b":1,"a":2}' })).toBe('{"syntax":"{\\"b\\":1,\\"a\\":2}"}');
  });

  it('resolves placeholders to the real UUIDs', () => {
    const n = new UuidNormalizer();
    n.normalize(['uuid', A]);
    expect(n.resolve(['_uuid', '==', ['uuid', '<0>']])).toEqual(['_uuid', '==', ['uuid', A]]);
    expect(n.resolve({ '<0>': 'x<0>' })).toEqual({ [A]: 'x<0>' });
    expect(() => n.resolve('<1>')).toThrow(/no UUID/);
  });

  it('is safe for __proto__ members', () => {
    const v = JSON.parse('{"__proto__":{"x":1},"a":2}') as Json;
    expect(new UuidNormalizer().text(v)).toBe('{"__proto__":{"x":1},"a":2}');
  });
});

describe('canonicalText', () => {
  it('renders bigints exactly and numbers by value', () => {
    expect(canonicalText([9223372036854775807n, 1.5, -0, 'a"b', null, true])).toBe('[9223372036854775807,1.5,0,"a\\"b",null,true]');
  });
});

describe('index uniqueness details', () => {
  const msg = (x: string, dx: string, y: string, dy: string): string =>
    `Transaction causes multiple rows in "T" table to have identical values (a) for index on column "k".  First row, with UUID ${x}, ${dx}.  Second row, with UUID ${y}, ${dy}.`;

  it('are the same whichever row ovsdb-server names first', () => {
    const n1 = new UuidNormalizer();
    n1.normalize([['uuid', A], ['uuid', B]]);
    const n2 = new UuidNormalizer();
    n2.normalize([['uuid', A], ['uuid', B]]);
    const ins = 'was inserted by this transaction';
    const old = 'existed in the database before this transaction and was not modified by the transaction';
    expect(n1.text({ details: msg(A, ins, B, old) })).toBe(n2.text({ details: msg(B, old, A, ins) }));
    expect(n1.text({ details: msg(A, ins, B, old) })).toContain('First row, with UUID <0>, was inserted');
  });

  it('still differ when the descriptions differ', () => {
    const n = new UuidNormalizer();
    n.normalize([['uuid', A], ['uuid', B]]);
    expect(n.text({ details: msg(A, 'x', B, 'y') })).not.toBe(n.text({ details: msg(A, 'x', B, 'z') }));
  });
});
