/**
 * datumDelta (ovsdb/datum-delta.ts), the reference-count diff of two versions of a column,
 * against a direct definition (element of one datum looked up in the other), on random
 * canonical sets and maps of each key type. The merge must give the same elements in the same
 * (canonical) order; and strongRefDelta's order of callbacks and its reuse of a diff.
 */
import { describe, expect, test } from 'vitest';
import { fileURLToPath } from 'node:url';
import { strongRefDelta } from '../../src/engine/refs.js';
import { datumDelta } from '../../src/ovsdb/datum-delta.js';
import { compareAtoms } from '../../src/ovsdb/atom.js';
import { defaultDatum, findKey, type Datum } from '../../src/ovsdb/datum.js';
import { Row, tableLayout } from '../../src/ovsdb/row.js';
import { loadSchemaFile } from '../../src/ovsdb/schema-load.js';
import { randomDatums } from '../support/random-datum.js';
import type { Atom, AtomicType } from '../../src/ovsdb/types.js';
import { parseJson } from '../../src/wire/index.js';

const NB_SCHEMA = fileURLToPath(new URL('../../schema/ovn-nb.ovsschema', import.meta.url));

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

describe('strongRefDelta', () => {
  const { schema } = loadSchemaFile(NB_SCHEMA, parseJson);
  const layout = tableLayout(schema.tables.get('Logical_Switch')!);
  const ports = layout.ordinal('ports')!;
  const uuid = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
  const set = (...ns: number[]): Datum => ({ keys: ns.map(uuid), values: null });
  const row = (d: Datum): Row =>
    new Row(layout, uuid(999), uuid(998), layout.columns.map((c, i) => (i === ports ? d : defaultDatum(c.type))));
  const deltas = (old: Row | null, next: Row | null): [string, number][] => {
    const out: [string, number][] = [];
    strongRefDelta(layout, old, next, (table, u, delta) => out.push([`${table}:${u.slice(-3)}`, delta]));
    return out;
  };

  test('removed references first, then added ones, each in key order', () => {
    expect(deltas(row(set(1, 2, 3)), row(set(2, 4, 5)))).toEqual([
      ['Logical_Switch_Port:001', -1],
      ['Logical_Switch_Port:003', -1],
      ['Logical_Switch_Port:004', 1],
      ['Logical_Switch_Port:005', 1],
    ]);
    expect(deltas(null, row(set(7)))).toEqual([['Logical_Switch_Port:007', 1]]);
    expect(deltas(row(set(7)), null)).toEqual([['Logical_Switch_Port:007', -1]]);
  });

  test('the same old version diffed against several new ones (the second diff is cached)', () => {
    const old = row(set(1, 2, 3));
    const a = row(set(1, 2, 3, 4));
    const b = row(set(2, 3));
    for (let k = 0; k < 2; k++) {
      expect(deltas(old, a)).toEqual([['Logical_Switch_Port:004', 1]]);
      expect(deltas(old, b)).toEqual([['Logical_Switch_Port:001', -1]]);
    }
  });
});
