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

let seed = 12345;
const rnd = (n: number): number => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
};

function atom(type: AtomicType, pool: number): Atom {
  const x = rnd(pool);
  switch (type) {
    case 'uuid':
      return `${x.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
    case 'string':
      return ['a', 'b', 'é', '\u{1F600}', 'z'][x % 5]! + String(x);
    case 'integer':
      return BigInt(x - Math.floor(pool / 2));
    case 'real':
      return x / 4;
    case 'boolean':
      return x % 2 === 1;
  }
}

/** A canonical datum: distinct keys in ascending order, values aligned. */
function randomDatum(kt: AtomicType, vt: AtomicType | null, maxSize: number, pool: number): Datum {
  const byKey = new Map<string, [Atom, Atom | null]>();
  const n = rnd(maxSize + 1);
  for (let i = 0; i < n; i++) {
    const k = atom(kt, pool);
    byKey.set(String(k), [k, vt === null ? null : atom(vt, 3)]);
  }
  const pairs = [...byKey.values()].sort((x, y) => compareAtoms(x[0], y[0], kt));
  return { keys: pairs.map((p) => p[0]), values: vt === null ? null : pairs.map((p) => p[1]!) };
}

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
