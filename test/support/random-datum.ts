/**
 * Random canonical datums for property tests: a seeded generator (so a failure replays), atoms of
 * every type drawn from a small pool (so two datums share elements), distinct keys in canonical
 * order with values aligned.
 */
import { compareAtoms } from '../../src/ovsdb/atom.js';
import { Prng } from './prng.js';
import type { Datum } from '../../src/ovsdb/datum.js';
import type { Atom, AtomicType } from '../../src/ovsdb/types.js';

/** Strings mixing ASCII, 2-byte, BMP-high and astral characters, where UTF-16 and code-point order differ. */
const STRING_STEMS = ['a', 'é', '\u{1F600}', '\uffff', 'z'];

export interface RandomDatums {
  atom(type: AtomicType, pool: number): Atom;
  /** Up to `maxSize` distinct keys from a pool of `pool`; map values from a pool of `valuePool`. */
  datum(kt: AtomicType, vt: AtomicType | null, maxSize: number, pool: number, valuePool?: number): Datum;
  int(n: number): number;
}

export function randomDatums(seed: number): RandomDatums {
  const p = new Prng(seed);
  const int = (n: number): number => p.int(n);
  const atom = (type: AtomicType, pool: number): Atom => {
    const x = int(pool);
    switch (type) {
      case 'uuid':
        return `${x.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;
      case 'string':
        return STRING_STEMS[x % STRING_STEMS.length]! + String(x);
      case 'integer':
        return BigInt(x - Math.floor(pool / 2));
      case 'real':
        return x / 4;
      case 'boolean':
        return x % 2 === 1;
    }
  };
  const datum = (kt: AtomicType, vt: AtomicType | null, maxSize: number, pool: number, valuePool = 3): Datum => {
    const byKey = new Map<string, [Atom, Atom | null]>();
    const n = int(maxSize + 1);
    for (let i = 0; i < n; i++) {
      const k = atom(kt, pool);
      byKey.set(String(k), [k, vt === null ? null : atom(vt, valuePool)]);
    }
    const pairs = [...byKey.values()].sort((x, y) => compareAtoms(x[0], y[0], kt));
    return { keys: pairs.map((p) => p[0]), values: vt === null ? null : pairs.map((p) => p[1]!) };
  };
  return { atom, datum, int };
}
