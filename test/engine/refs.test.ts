/**
 * datumDelta / datumMinus (engine/refs.ts), the reference-count diff of two versions of a column,
 * against a direct definition (element of one datum looked up in the other), on random
 * canonical sets and maps of each key type. The merge must give the same elements in the same
 * (canonical) order.
 */
import { describe, expect, test } from 'vitest';
import { datumDelta, datumMinus } from '../../src/engine/refs.js';
import { compareAtoms } from '../../src/ovsdb/atom.js';
import { findKey, type Datum } from '../../src/ovsdb/datum.js';
import { randomDatums } from '../support/random-datum.js';
import type { Atom, AtomicType } from '../../src/ovsdb/types.js';

/** The definition: the elements (pairs) of `a` for which `b` has no equal element. */
function minusByLookup(a: Datum, b: Datum, kt: AtomicType, vt: AtomicType | null): Datum {
  const keys: Atom[] = [];
  const values: Atom[] | null = a.values === null ? null : [];
  a.keys.forEach((k, i) => {
    const j = findKey(b, k, kt);
    const same = j >= 0 && (vt === null || compareAtoms(a.values![i]!, b.values![j]!, vt) === 0);
    if (!same) {
      keys.push(k);
      values?.push(a.values![i]!);
    }
  });
  return { keys, values };
}

const gen = randomDatums(12345);
const randomDatum = (kt: AtomicType, vt: AtomicType | null, maxSize: number, pool: number): Datum =>
  gen.datum(kt, vt, maxSize, pool, 3);

const SHAPES: [AtomicType, AtomicType | null][] = [
  ['uuid', null],
  ['uuid', 'string'],
  ['string', 'uuid'],
  ['integer', null],
  ['string', 'string'],
  ['boolean', null],
  ['real', 'integer'],
];

describe('datumDelta', () => {
  for (const [kt, vt] of SHAPES) {
    test(`${vt === null ? 'set' : 'map'} of ${kt}${vt === null ? '' : ` → ${vt}`}`, () => {
      for (let round = 0; round < 300; round++) {
        const pool = [4, 20, 200][round % 3]!;
        const a = randomDatum(kt, vt, round % 7 === 0 ? 0 : 40, pool);
        const b = randomDatum(kt, vt, round % 11 === 0 ? 0 : 40, pool);
        const { removed, added } = datumDelta(a, b, kt, vt);
        expect(removed).toEqual(minusByLookup(a, b, kt, vt));
        expect(added).toEqual(minusByLookup(b, a, kt, vt));
        expect(datumMinus(a, b, kt, vt)).toEqual(removed);
      }
    });
  }

  test('a map key kept with another value is removed and added', () => {
    const a: Datum = { keys: ['k1', 'k2'], values: ['x', 'y'] };
    const b: Datum = { keys: ['k2', 'k3'], values: ['z', 'w'] };
    expect(datumDelta(a, b, 'string', 'string')).toEqual({
      removed: { keys: ['k1', 'k2'], values: ['x', 'y'] },
      added: { keys: ['k2', 'k3'], values: ['z', 'w'] },
    });
  });

  test('equal datums have no difference', () => {
    const a: Datum = { keys: ['a', 'b'], values: null };
    expect(datumDelta(a, { keys: ['a', 'b'], values: null }, 'string', null)).toEqual({
      removed: { keys: [], values: null },
      added: { keys: [], values: null },
    });
  });
});
