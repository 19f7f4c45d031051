/**
 * The "insert" mutator (RFC 7047 §5.1) merges two canonical datums; checked against its
 * definition (every element of dst, plus each element of arg whose key dst lacks, sorted) on
 * random sets and maps of each key type, and for the size limit of the column type.
 */
import { describe, expect, test } from 'vitest';
import { applyMutation, type Mutation } from '../../src/ovsdb/mutation.js';
import { compareAtoms } from '../../src/ovsdb/atom.js';
import { findKey, type Datum } from '../../src/ovsdb/datum.js';
import { randomDatums } from '../support/random-datum.js';
import type { Atom, AtomicType, BaseType, ColumnType } from '../../src/ovsdb/types.js';

function base(type: AtomicType): BaseType {
  return { type, enum: null, minInteger: null, maxInteger: null, minReal: null, maxReal: null, minLength: null, maxLength: null, refTable: null, refType: 'strong' };
}

function columnType(kt: AtomicType, vt: AtomicType | null, max = Infinity): ColumnType {
  return { key: base(kt), value: vt === null ? null : base(vt), min: 0, max };
}

function insert(type: ColumnType, arg: Datum): Mutation {
  return { ordinal: 0, name: 'c', type, mutator: 'insert', arg, argIsKeys: false };
}

/** The definition. */
function unionByDefinition(dst: Datum, arg: Datum, type: ColumnType): Datum {
  const pairs: [Atom, Atom | null][] = dst.keys.map((k, i) => [k, dst.values?.[i] ?? null]);
  arg.keys.forEach((k, i) => {
    if (findKey(dst, k, type.key.type) < 0) pairs.push([k, arg.values?.[i] ?? null]);
  });
  pairs.sort((a, b) => compareAtoms(a[0], b[0], type.key.type));
  return { keys: pairs.map((p) => p[0]), values: type.value === null ? null : pairs.map((p) => p[1]!) };
}

const gen = randomDatums(777);
const randomDatum = (kt: AtomicType, vt: AtomicType | null, maxSize: number, pool: number): Datum =>
  gen.datum(kt, vt, maxSize, pool, 5);

const SHAPES: [AtomicType, AtomicType | null][] = [
  ['uuid', null],
  ['string', null],
  ['integer', null],
  ['real', null],
  ['boolean', null],
  ['string', 'string'],
  ['uuid', 'integer'],
  ['integer', 'uuid'],
];

describe('insert mutator', () => {
  for (const [kt, vt] of SHAPES) {
    test(`${vt === null ? 'set' : 'map'} of ${kt}${vt === null ? '' : ` → ${vt}`}`, () => {
      const type = columnType(kt, vt);
      for (let round = 0; round < 300; round++) {
        const pool = [4, 30, 300][round % 3]!;
        const dst = randomDatum(kt, vt, round % 5 === 0 ? 0 : 50, pool);
        // Small arguments take the binary-search path, larger ones the merge.
        const arg = randomDatum(kt, vt, round % 7 === 0 ? 0 : round % 2 === 0 ? 8 : 40, pool);
        const got = applyMutation(insert(type, arg), dst);
        expect(got).toEqual(unionByDefinition(dst, arg, type));
        // Nothing new: the very same datum comes back (rows keep sharing it).
        if (got.keys.length === dst.keys.length) expect(got).toBe(dst);
      }
    });
  }

  test('a map key already present keeps its value', () => {
    const type = columnType('string', 'string');
    const dst: Datum = { keys: ['a', 'c'], values: ['1', '3'] };
    const arg: Datum = { keys: ['a', 'b', 'd'], values: ['9', '2', '4'] };
    expect(applyMutation(insert(type, arg), dst)).toEqual({ keys: ['a', 'b', 'c', 'd'], values: ['1', '2', '3', '4'] });
  });

  test('the column size limit still applies to the result', () => {
    const type = columnType('integer', null, 3);
    const dst: Datum = { keys: [1n, 2n], values: null };
    expect(applyMutation(insert(type, { keys: [2n, 3n], values: null }), dst)).toEqual({ keys: [1n, 2n, 3n], values: null });
    expect(() => applyMutation(insert(type, { keys: [0n, 4n], values: null }), dst)).toThrow(/Attempted to store 4 elements/);
  });
});
