/**
 * Random OVSDB values for a column type (RFC 7047 §5.1 <value>): mostly valid for the schema's
 * constraints, sometimes not (out of range, outside an enum, too long, wrong type, too many
 * elements), so that both servers' checks are exercised.
 */
import type { Json } from '../../../src/ovsdb/json.js';
import type { BaseType, ColumnType } from '../../../src/ovsdb/types.js';
import { canonicalText } from '../../support/normalize.js';
import type { Prng } from './prng.js';

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;
const INTS: Json[] = [0, 1, -1, 2, 3, 7, 42, 100, 4095, 65536, 2147483648, -100, INT64_MAX, INT64_MIN];
const REALS: Json[] = [0, 0.5, -1.5, 2.25, 3, 1e10, -1e-3, 123.456];
const STRINGS = ['', 'a', 'b', 'ab', 'abc', 'x y', 'é', '😀', 'long string value', 'k1', 'k2', 'tcp', 'red', 'drop'];
const FIXED_UUIDS = ['11111111-1111-4111-8111-111111111111', '22222222-2222-4222-8222-222222222222'];
export const GHOST_UUID = '99999999-9999-4999-8999-999999999999';

/** Where uuids for reference columns come from. */
export interface RefSource {
  /** Placeholders ("<k>") of rows believed to exist in `table`. */
  knownRows(table: string): readonly string[];
  /** uuid-names declared so far in the transaction being built, for `table`. */
  namedRows(table: string): readonly string[];
}

export class ValueGen {
  /** Probability of a deliberately invalid value; set per transaction by the generator. */
  invalidRate = 0;

  constructor(private readonly rng: Prng) {}

  atom(base: BaseType, refs: RefSource): Json {
    const r = this.rng;
    const bad = r.chance(this.invalidRate);
    if (base.enum !== null && !bad) return this.#enumAtom(base);
    switch (base.type) {
      case 'integer':
        return this.#integer(base, bad);
      case 'real':
        return this.#real(base, bad);
      case 'boolean':
        return bad ? r.pick<Json>(['true', 0]) : r.chance(0.5);
      case 'string':
        return this.#string(base, bad);
      case 'uuid':
        return this.#uuid(base, refs, bad);
    }
  }

  #enumAtom(base: BaseType): Json {
    return this.rng.pick(base.enum ?? []);
  }

  #integer(base: BaseType, bad: boolean): Json {
    const r = this.rng;
    if (bad) return r.pick<Json>([1.5, 'one', INT64_MAX, INT64_MIN, 4294967296, -5, 100000]);
    const lo = base.minInteger ?? -1000n;
    const hi = base.maxInteger ?? 1000n;
    if ((base.minInteger !== null || base.maxInteger !== null) && r.chance(0.7)) {
      const span = hi - lo;
      const off = span > 1000n ? BigInt(r.int(1000)) : BigInt(r.int(Number(span) + 1));
      return r.chance(0.5) ? Number(lo + off) : Number(hi - off);
    }
    return r.pick(INTS);
  }

  #real(base: BaseType, bad: boolean): Json {
    const r = this.rng;
    if (bad) return r.pick<Json>(['x', true, 1.7e308]);
    if (base.minReal !== null || base.maxReal !== null) {
      const lo = base.minReal ?? -1000;
      const hi = base.maxReal ?? 1000;
      return Math.round((lo + r.next() * (hi - lo)) * 4) / 4;
    }
    return r.pick(REALS);
  }

  #string(base: BaseType, bad: boolean): Json {
    const r = this.rng;
    if (bad) return r.pick<Json>([5, 'x'.repeat(70), null]);
    const min = base.minLength ?? 0;
    const max = base.maxLength ?? Infinity;
    const fits = STRINGS.filter((s) => [...s].length >= min && [...s].length <= max);
    return fits.length > 0 ? r.pick(fits) : 'x'.repeat(min);
  }

  #uuid(base: BaseType, refs: RefSource, bad: boolean): Json {
    const r = this.rng;
    if (bad) return r.pick<Json>([GHOST_UUID, ['uuid', 'nope'], ['named-uuid', 'undeclared']]);
    if (base.refTable === null) return ['uuid', r.pick(FIXED_UUIDS)];
    const known = refs.knownRows(base.refTable);
    const named = refs.namedRows(base.refTable);
    const choices: Json[] = [
      ...known.map((k): Json => ['uuid', k]),
      ...named.map((n): Json => ['named-uuid', n]),
    ];
    if (choices.length === 0 || r.chance(this.invalidRate)) return ['uuid', GHOST_UUID];
    return r.pick(choices);
  }

  /** A value of a whole column type: an atom, a set or a map. */
  datum(type: ColumnType, refs: RefSource): Json {
    const r = this.rng;
    const sizeBad = r.chance(this.invalidRate / 2);
    const cap = Math.min(type.max, 4);
    let n = r.range(type.min, Math.max(type.min, cap));
    if (sizeBad) n = r.chance(0.5) ? type.min - 1 : Math.min(type.max, 6) + 1;
    n = Math.max(n, 0);
    if (type.value === null) {
      const atoms = this.#distinct(n, () => this.atom(type.key, refs));
      if (atoms.length === 1 && type.max === 1 && r.chance(0.7)) return atoms[0] as Json;
      return ['set', atoms];
    }
    const keys = this.#distinct(n, () => this.atom(type.key, refs));
    const value = type.value;
    return ['map', keys.map((k): Json => [k, this.atom(value, refs)])];
  }

  /** Up to n atoms with distinct text; occasionally a duplicate slips in on purpose. */
  #distinct(n: number, make: () => Json): Json[] {
    const seen = new Set<string>();
    const out: Json[] = [];
    for (let tries = 0; out.length < n && tries < n * 4; tries++) {
      const a = make();
      const key = canonicalText(a);
      if (seen.has(key) && !this.rng.chance(this.invalidRate / 4)) continue;
      seen.add(key);
      out.push(a);
    }
    return out;
  }
}
