/**
 * Datums: the value of one column (RFC 7047 §5.1 <value>: <atom>, <set>, <map>).
 *
 * A `Datum` is immutable and canonical: `keys` strictly ascending in the key type's canonical
 * order (see atom.ts), `values` (maps only, else null) aligned with `keys`. Being immutable,
 * one datum may be shared by many rows and by a row's old and new versions.
 *
 * Wire form (`datumToJson`), as ovsdb-server prints it: a map is always `["map", [[k, v], …]]`;
 * a set of exactly one element is the bare atom (scalars included); any other set is
 * `["set", […]]`; a UUID atom is `["uuid", "…"]`. On input, a set column also accepts a bare
 * atom for a one-element set.
 */
import type { Json } from './json.js';
import type { Atom, AtomicType, ColumnType } from './types.js';
import { OvsdbError } from './error.js';
import {
  atomComparator,
  atomFromJson,
  atomToJson,
  atomToString,
  checkAtom,
  compareAtoms,
  defaultAtom,
  syntaxError,
} from './atom.js';
import type { SymbolTable } from './symtab.js';

export interface Datum {
  readonly keys: readonly Atom[];
  /** Aligned with `keys` for maps; null for sets and scalars. */
  readonly values: readonly Atom[] | null;
}

/** The tag ovsdb-server uses for duplicate set elements or map keys. */
export const OVSDB_ERROR_TAG = 'ovsdb error';

export const EMPTY_SET: Datum = Object.freeze({ keys: Object.freeze([]), values: null });
export const EMPTY_MAP: Datum = Object.freeze({ keys: Object.freeze([]), values: Object.freeze([]) });

/** Exactly one element, no value: RFC 7047 "scalar". */
export function isScalarType(type: ColumnType): boolean {
  return type.min === 1 && type.max === 1 && type.value === null;
}

export function isOptionalScalarType(type: ColumnType): boolean {
  return type.min === 0 && type.max === 1 && type.value === null;
}

const defaults = new WeakMap<ColumnType, Datum>();

/** RFC 7047 §5.1 default: `min` default atoms (so empty for optional and set columns). */
export function defaultDatum(type: ColumnType): Datum {
  let d = defaults.get(type);
  if (d === undefined) {
    if (type.min === 0) d = type.value === null ? EMPTY_SET : EMPTY_MAP;
    else {
      d = Object.freeze({
        keys: Object.freeze([defaultAtom(type.key.type)]),
        values: type.value === null ? null : Object.freeze([defaultAtom(type.value.type)]),
      });
    }
    defaults.set(type, d);
  }
  return d;
}

export function isDefaultDatum(datum: Datum, type: ColumnType): boolean {
  return datumEquals(datum, defaultDatum(type), type);
}

/** OVS `ovsdb_type_to_english`: "integer", "set of up to 4 strings", "map of (string, uuid) pairs". */
export function typeToEnglish(type: ColumnType): string {
  const key = type.key.type;
  if (isScalarType(type)) return key;
  const kind = type.value === null ? 'set' : 'map';
  let range: string;
  if (type.max === Infinity) range = type.min > 0 ? ` of ${type.min} or more` : ' of';
  else if (type.min > 0) range = ` of ${type.min} to ${type.max}`;
  else range = ` of up to ${type.max}`;
  const what = type.value === null ? ` ${key}s` : ` (${key}, ${type.value.type}) pairs`;
  return `${kind}${range}${what}`;
}

/** Sorts parsed elements into canonical order; duplicates are an "ovsdb error". */
function canonicalize(keys: Atom[], values: Atom[] | null, keyType: AtomicType): Datum {
  const cmp = atomComparator(keyType);
  let sorted = true;
  for (let i = 1; i < keys.length; i++) {
    const c = cmp(keys[i - 1]!, keys[i]!);
    if (c >= 0) {
      sorted = false;
      break;
    }
  }
  if (!sorted) {
    const idx = keys.map((_, i) => i).sort((a, b) => cmp(keys[a]!, keys[b]!));
    const k2 = idx.map((i) => keys[i]!);
    for (let i = 1; i < k2.length; i++) {
      if (cmp(k2[i - 1]!, k2[i]!) === 0) {
        throw new OvsdbError(OVSDB_ERROR_TAG, values === null ? 'set contains duplicate' : 'map contains duplicate key');
      }
    }
    keys = k2;
    if (values !== null) values = idx.map((i) => values![i]!);
  }
  return { keys, values };
}

function sizeError(json: Json, kind: string, type: ColumnType, n: number): OvsdbError {
  if (type.min === 1 && type.max === 1) {
    return syntaxError(json, `${kind} must have exactly one member but ${n} are present`);
  }
  const max = type.max === Infinity ? 4294967295 : type.max;
  return syntaxError(json, `${kind} must have ${type.min} to ${max} members but ${n} are present`);
}

function isTagged(json: Json, tag: string): json is [string, Json] {
  return Array.isArray(json) && json.length > 0 && json[0] === tag;
}

/**
 * Parses a datum of `type` from its wire form, checking each atom's constraints and the
 * element count (OVS `ovsdb_datum_from_json`). Throws OvsdbError. `symtab` enables named-uuids.
 */
export function datumFromJson(json: Json, type: ColumnType, symtab?: SymbolTable): Datum {
  const isMap = type.value !== null;
  if (!isMap && !isTagged(json, 'set')) {
    return { keys: [atomFromJson(json, type.key, symtab)], values: null };
  }
  const kind = isMap ? 'map' : 'set';
  if (!Array.isArray(json) || json.length !== 2 || json[0] !== kind || !Array.isArray(json[1])) {
    throw syntaxError(json, `expected ["${kind}", <array>]`);
  }
  const inner = json[1];
  const n = inner.length;
  if (n < type.min || n > type.max) throw sizeError(json, kind, type, n);
  if (n === 0) return isMap ? EMPTY_MAP : EMPTY_SET;
  const keys: Atom[] = new Array<Atom>(n);
  const values: Atom[] | null = isMap ? new Array<Atom>(n) : null;
  for (let i = 0; i < n; i++) {
    const element = inner[i]!;
    if (values === null) {
      keys[i] = atomFromJson(element, type.key, symtab);
      continue;
    }
    if (!Array.isArray(element) || element.length !== 2) throw syntaxError(element, 'expected 2-element array');
    keys[i] = atomFromJson(element[0]!, type.key, symtab);
    values[i] = atomFromJson(element[1]!, type.value!, symtab);
  }
  return canonicalize(keys, values, type.key.type);
}

export function datumToJson(datum: Datum, type: ColumnType): Json {
  const kt = type.key.type;
  if (type.value !== null) {
    const vt = type.value.type;
    const vals = datum.values!;
    return ['map', datum.keys.map((k, i) => [atomToJson(k, kt), atomToJson(vals[i]!, vt)])];
  }
  if (datum.keys.length === 1) return atomToJson(datum.keys[0]!, kt);
  return ['set', datum.keys.map((k) => atomToJson(k, kt))];
}

export function datumEquals(a: Datum, b: Datum, type: ColumnType): boolean {
  if (a === b) return true;
  const n = a.keys.length;
  if (n !== b.keys.length) return false;
  const kc = atomComparator(type.key.type);
  for (let i = 0; i < n; i++) if (kc(a.keys[i]!, b.keys[i]!) !== 0) return false;
  if (type.value !== null) {
    const vc = atomComparator(type.value.type);
    for (let i = 0; i < n; i++) if (vc(a.values![i]!, b.values![i]!) !== 0) return false;
  }
  return true;
}

/** OVS `ovsdb_datum_compare_3way`: by size, then keys, then values. */
export function compareDatums(a: Datum, b: Datum, type: ColumnType): number {
  if (a.keys.length !== b.keys.length) return a.keys.length < b.keys.length ? -1 : 1;
  for (let i = 0; i < a.keys.length; i++) {
    const c = compareAtoms(a.keys[i]!, b.keys[i]!, type.key.type);
    if (c !== 0) return c;
  }
  if (type.value !== null) {
    for (let i = 0; i < a.keys.length; i++) {
      const c = compareAtoms(a.values![i]!, b.values![i]!, type.value.type);
      if (c !== 0) return c;
    }
  }
  return 0;
}

/** Index of `key` in the datum's keys, or -1 (binary search). */
export function findKey(datum: Datum, key: Atom, keyType: AtomicType): number {
  const cmp = atomComparator(keyType);
  const i = lowerBound(datum.keys, key, cmp);
  return i < datum.keys.length && cmp(datum.keys[i]!, key) === 0 ? i : -1;
}

/** Index of the first key of `keys` (ascending) not below `key`. */
export function lowerBound(keys: readonly Atom[], key: Atom, cmp: (a: Atom, b: Atom) => number): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cmp(keys[mid]!, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Does `b` hold element i of `a` (for maps: the same key with the same value)? */
function holdsElement(b: Datum, a: Datum, i: number, type: ColumnType): boolean {
  const j = findKey(b, a.keys[i]!, type.key.type);
  if (j < 0) return false;
  if (type.value === null) return true;
  return compareAtoms(a.values![i]!, b.values![j]!, type.value.type) === 0;
}

/** Every element (pair) of `a` is in `b` (RFC 7047 §5.1 "includes"). */
export function datumIncludesAll(a: Datum, b: Datum, type: ColumnType): boolean {
  for (let i = 0; i < a.keys.length; i++) if (!holdsElement(b, a, i, type)) return false;
  return true;
}

/** No element (pair) of `a` is in `b` (RFC 7047 §5.1 "excludes"). */
export function datumExcludesAll(a: Datum, b: Datum, type: ColumnType): boolean {
  for (let i = 0; i < a.keys.length; i++) if (holdsElement(b, a, i, type)) return false;
  return true;
}

/** Checks every atom's constraints (after a mutation, or for default values). */
export function checkDatumConstraints(datum: Datum, type: ColumnType): OvsdbError | null {
  for (const k of datum.keys) {
    const e = checkAtom(k, type.key);
    if (e !== null) return e;
  }
  if (type.value !== null) {
    for (const v of datum.values!) {
      const e = checkAtom(v, type.value);
      if (e !== null) return e;
    }
  }
  return null;
}

/**
 * A string that identifies the datum's value: equal datums of one type give equal strings.
 * Used for index keys and for de-duplicating rows.
 */
export function datumKey(datum: Datum): string {
  let s = '';
  const { keys, values } = datum;
  for (let i = 0; i < keys.length; i++) {
    s += atomKey(keys[i]!);
    if (values !== null) s += '=' + atomKey(values[i]!);
    s += ',';
  }
  return s;
}

function atomKey(a: Atom): string {
  switch (typeof a) {
    case 'string':
      return JSON.stringify(a);
    case 'number':
      return Object.is(a, -0) ? '0' : String(a);
    default:
      return String(a);
  }
}

/** OVS `ovsdb_datum_to_string`: `x`, `[a, b]`, `{k=v}`. */
export function datumToString(d: Datum, type: ColumnType): string {
  const isMap = type.value !== null;
  const bracket = type.max > 1 || d.keys.length === 0;
  const parts = d.keys.map((k, i) => {
    const s = atomToString(k, type.key.type);
    return isMap ? `${s}=${atomToString(d.values![i]!, type.value!.type)}` : s;
  });
  const body = parts.join(', ');
  if (!bracket) return body;
  return isMap ? `{${body}}` : `[${body}]`;
}
