/**
 * ovsdb/datum-delta.ts: the delta a mutation remembers must be exactly what diffing the two
 * versions gives (the commit trusts it for reference counts, file records and monitor updates);
 * datumDiff (update2 "modify", `_is_diff` records) against its definition in ovsdb-server(7)
 * §4.1.14, whether the delta was remembered or computed.
 */
import { describe, expect, test } from 'vitest';
import { applyMutation, type Mutation } from '../../src/ovsdb/mutation.js';
import { compareAtoms } from '../../src/ovsdb/atom.js';
import { findKey, type Datum } from '../../src/ovsdb/datum.js';
import { changeOf, datumDelta, datumDiff, forgetDeltas, rememberedDelta } from '../../src/ovsdb/datum-delta.js';
import { randomDatums } from '../support/random-datum.js';
import type { Atom, AtomicType, BaseType, ColumnType } from '../../src/ovsdb/types.js';

function base(type: AtomicType): BaseType {
  return { type, enum: null, minInteger: null, maxInteger: null, minReal: null, maxReal: null, minLength: null, maxLength: null, refTable: null, refType: 'strong' };
}

function columnType(kt: AtomicType, vt: AtomicType | null): ColumnType {
  return { key: base(kt), value: vt === null ? null : base(vt), min: 0, max: Infinity };
}

function mutation(type: ColumnType, mutator: 'insert' | 'delete', arg: Datum, argIsKeys = false): Mutation {
  return { ordinal: 0, name: 'c', type, mutator, arg, argIsKeys };
}

/** ovsdb-server(7) §4.1.14: elements in exactly one version; a changed map value as its new pair. */
function diffByDefinition(a: Datum, b: Datum, type: ColumnType): Datum {
  const kt = type.key.type;
  const pairs: [Atom, Atom | null][] = [];
  a.keys.forEach((k, i) => {
    if (findKey(b, k, kt) < 0) pairs.push([k, a.values?.[i] ?? null]);
  });
  b.keys.forEach((k, j) => {
    const i = findKey(a, k, kt);
    const changed = i >= 0 && type.value !== null && compareAtoms(a.values![i]!, b.values![j]!, type.value.type) !== 0;
    if (i < 0 || changed) pairs.push([k, b.values?.[j] ?? null]);
  });
  pairs.sort((x, y) => compareAtoms(x[0], y[0], kt));
  return { keys: pairs.map((p) => p[0]), values: type.value === null ? null : pairs.map((p) => p[1]!) };
}

/** RFC 7047 §5.1 "delete": elements of dst whose key (map: pair, or key when given keys) arg holds go. */
function deleteByDefinition(dst: Datum, arg: Datum, byKeys: boolean, kt: AtomicType, vt: AtomicType | null): Datum {
  const keep = dst.keys.flatMap((k, i) => {
    const j = findKey(arg, k, kt);
    const drop = j >= 0 && (vt === null || byKeys || compareAtoms(dst.values![i]!, arg.values![j]!, vt) === 0);
    return drop ? [] : [i];
  });
  return { keys: keep.map((i) => dst.keys[i]!), values: dst.values === null ? null : keep.map((i) => dst.values![i]!) };
}

const gen = randomDatums(4242);
const SHAPES: [AtomicType, AtomicType | null][] = [
  ['uuid', null],
  ['string', null],
  ['integer', null],
  ['string', 'string'],
  ['uuid', 'integer'],
];

describe('a mutation remembers its delta', () => {
  for (const [kt, vt] of SHAPES) {
    const type = columnType(kt, vt);
    const vType = vt;
    test(`${vt === null ? 'set' : 'map'} of ${kt}${vt === null ? '' : ` → ${vt}`}`, () => {
      let remembered = 0;
      for (let round = 0; round < 400; round++) {
        const pool = [4, 30, 300][round % 3]!;
        const dst = gen.datum(kt, vt, round % 5 === 0 ? 0 : 50, pool, 5);
        // Small arguments take the binary-search path of "insert", larger ones the merge.
        const arg = gen.datum(kt, vt, round % 7 === 0 ? 0 : round % 2 === 0 ? 6 : 40, pool, 5);
        const kind = round % 3 === 0 ? 'delete' : 'insert';
        const byKeys = kind === 'delete' && vt !== null && round % 2 === 1;
        const m = mutation(type, kind, byKeys ? { keys: arg.keys, values: null } : arg, byKeys);
        const next = applyMutation(m, dst);
        if (kind === 'delete') expect(next).toEqual(deleteByDefinition(dst, m.arg, byKeys, kt, vt));
        // Remembered by the mutation itself (nothing diffed yet), and right.
        const known = rememberedDelta(dst, next);
        if (next !== dst) {
          expect(known).toBeDefined();
          remembered++;
        }
        const { removed, added } = changeOf(dst, next, kt, vType);
        expect({ removed, added }).toEqual(datumDelta(dst, next, kt, vType));
        expect(datumDiff(dst, next, type)).toEqual(diffByDefinition(dst, next, type));
      }
      expect(remembered).toBeGreaterThan(100);
    });
  }
});

test('forgetDeltas drops what mutations remembered; changeOf then computes it again', () => {
  const type = columnType('uuid', null);
  const dst = gen.datum('uuid', null, 30, 300, 5);
  const arg = gen.datum('uuid', null, 3, 300, 5);
  const next = applyMutation(mutation(type, 'insert', arg), dst);
  expect(next).not.toBe(dst);
  expect(rememberedDelta(dst, next)).toBeDefined();
  forgetDeltas();
  expect(rememberedDelta(dst, next)).toBeUndefined();
  const { removed, added } = changeOf(dst, next, 'uuid', null);
  expect({ removed, added }).toEqual(datumDelta(dst, next, 'uuid', null));
});

describe('datumDiff', () => {
  for (const [kt, vt] of SHAPES) {
    const type = columnType(kt, vt);
    test(`unrelated versions, ${vt === null ? 'set' : 'map'} of ${kt}`, () => {
      for (let round = 0; round < 300; round++) {
        const pool = [4, 20, 200][round % 3]!;
        const a = gen.datum(kt, vt, round % 7 === 0 ? 0 : 40, pool, 3);
        const b = gen.datum(kt, vt, round % 11 === 0 ? 0 : 40, pool, 3);
        expect(datumDiff(a, b, type)).toEqual(diffByDefinition(a, b, type));
      }
    });
  }

  test('a column of at most one element: the new value', () => {
    const type: ColumnType = { key: base('string'), value: null, min: 0, max: 1 };
    const b: Datum = { keys: ['y'], values: null };
    expect(datumDiff({ keys: ['x'], values: null }, b, type)).toBe(b);
  });

  test('a map value changed by a later version: its new pair only', () => {
    const type = columnType('string', 'string');
    const a: Datum = { keys: ['k1', 'k2', 'k3'], values: ['a', 'b', 'c'] };
    const b: Datum = { keys: ['k2', 'k3', 'k4'], values: ['B', 'c', 'd'] };
    expect(datumDiff(a, b, type)).toEqual({ keys: ['k1', 'k2', 'k4'], values: ['a', 'B', 'd'] });
  });
});
