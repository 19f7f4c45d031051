/**
 * Column values: the wire form (RFC 7047 §5.1 <value>) ⇄ the client's value model (model.ts),
 * driven by the column's schema type, and the update2 diffs of ovsdb-server(7) §4.1.14.
 *
 * Contracts:
 * - `decode` accepts what servers send: a set as `["set", […]]` or, for one element, the bare
 *   atom; a map as `["map", [[k, v], …]]`; a uuid as `["uuid", "…"]`. Anything else throws
 *   `ValueError` (a server bug, never a user error).
 * - `encode` writes the forms ovsdb-server prints; a `NamedUuid` becomes `["named-uuid", name]`.
 *   A value that cannot be of the column's type throws `ValueError` before anything is sent;
 *   constraints (ranges, enums, lengths) are left to the server, which reports them as values.
 * - Values are treated as immutable: `applyDiff` returns a new value.
 */
import type { Json } from '../ovsdb/json.js';
import type { BaseType, ColumnType } from '../ovsdb/types.js';
import { ZERO_UUID } from '../ovsdb/uuid.js';
import { isCompositeType } from '../ovsdb/datum-delta.js';
import { encodeJson } from '../wire/index.js';
import { NamedUuid, type AtomValue, type Value } from './model.js';

export class ValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ValueError';
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const SET_TAG = 'set';
const MAP_TAG = 'map';
const UUID_TAG = 'uuid';
const NAMED_UUID_TAG = 'named-uuid';

/** Integer atoms are `number` when the schema keeps them within ±(2^53 − 1), else `bigint`. */
export function integerIsNumber(base: BaseType): boolean {
  if (base.type !== 'integer') return false;
  const safe = (n: bigint): boolean => n >= -MAX_SAFE && n <= MAX_SAFE;
  if (base.enum !== null) return base.enum.every((a) => typeof a === 'bigint' && safe(a));
  return base.minInteger !== null && base.maxInteger !== null && safe(base.minInteger) && safe(base.maxInteger);
}

export type Shape = 'scalar' | 'optional' | 'set' | 'map';

export function shapeOf(type: ColumnType): Shape {
  if (type.value !== null) return MAP_TAG;
  if (type.max === 1) return type.min === 1 ? 'scalar' : 'optional';
  return SET_TAG;
}

function describe(json: unknown): string {
  try {
    return encodeJson(json as Json);
  } catch {
    return String(json);
  }
}

interface AtomCodec {
  decode(json: Json): AtomValue;
  encode(v: unknown): Json;
  readonly defaultValue: AtomValue;
}

function bad(what: string, v: unknown): never {
  throw new ValueError(`expected ${what}, got ${describe(v)}`);
}

function integerCodec(asNumber: boolean): AtomCodec {
  return {
    decode: (j) => {
      if (typeof j === 'bigint') return asNumber ? Number(j) : j;
      if (typeof j === 'number' && Number.isInteger(j)) return asNumber ? j : BigInt(j);
      return bad('integer', j);
    },
    encode: (v) => (typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v)) ? v : bad('integer', v)),
    defaultValue: asNumber ? 0 : 0n,
  };
}

const REAL: AtomCodec = {
  decode: (j) => (typeof j === 'number' ? j : typeof j === 'bigint' ? Number(j) : bad('real', j)),
  encode: (v) => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : bad('real', v)),
  defaultValue: 0,
};
const BOOLEAN: AtomCodec = {
  decode: (j) => (typeof j === 'boolean' ? j : bad('boolean', j)),
  encode: (v) => (typeof v === 'boolean' ? v : bad('boolean', v)),
  defaultValue: false,
};
const STRING: AtomCodec = {
  decode: (j) => (typeof j === 'string' ? j : bad('string', j)),
  encode: (v) => (typeof v === 'string' ? v : bad('string', v)),
  defaultValue: '',
};
const UUID: AtomCodec = {
  decode: (j) =>
    Array.isArray(j) && j.length === 2 && j[0] === UUID_TAG && typeof j[1] === 'string' ? j[1].toLowerCase() : bad('["uuid", <string>]', j),
  encode: (v) => {
    if (v instanceof NamedUuid) return [NAMED_UUID_TAG, v.name];
    return typeof v === 'string' ? [UUID_TAG, v] : bad('uuid string or NamedUuid', v);
  },
  defaultValue: ZERO_UUID,
};

function atomCodec(base: BaseType): AtomCodec {
  switch (base.type) {
    case 'integer':
      return integerCodec(integerIsNumber(base));
    case 'real':
      return REAL;
    case 'boolean':
      return BOOLEAN;
    case 'string':
      return STRING;
    case 'uuid':
      return UUID;
  }
}

function isTagged(json: Json, tag: string): json is [string, Json[]] {
  return Array.isArray(json) && json.length === 2 && json[0] === tag && Array.isArray(json[1]);
}

/** The elements of a set value as sent: `["set", […]]` or one bare atom. */
function setElements(json: Json): readonly Json[] {
  return isTagged(json, SET_TAG) ? json[1] : [json];
}

function setEquals(a: readonly AtomValue[], b: readonly AtomValue[]): boolean {
  if (a.length !== b.length) return false;
  if (a.length <= 1) return a[0] === b[0];
  const s = new Set(a);
  return b.every((x) => s.has(x));
}

function mapEquals(a: ReadonlyMap<AtomValue, AtomValue>, b: ReadonlyMap<AtomValue, AtomValue>): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (!b.has(k) || b.get(k) !== v) return false;
  return true;
}

export interface ColumnCodec {
  readonly type: ColumnType;
  readonly shape: Shape;
  /** The column's default (RFC 7047 §5.1): what initial/insert updates leave out. */
  readonly defaultValue: Value;
  decode(json: Json): Value;
  encode(value: unknown): Json;
  /** One atom of the key type (condition arguments of <, >, mutation arguments of +=…). */
  encodeKey(value: unknown): Json;
  /** A set of keys: map keys for `delete`, set elements for `insert`/`delete`. */
  encodeKeySet(values: Iterable<unknown>): Json;
  /** ovsdb-server(7) update2 "modify": the new value given the old one and the diff. */
  applyDiff(old: Value, diff: Json): Value;
  equals(a: Value, b: Value): boolean;
}

function encodeMap(key: AtomCodec, value: AtomCodec, v: unknown): Json {
  if (!(v instanceof Map)) return bad('Map', v);
  const pairs: Json[] = [];
  for (const [k, x] of v as Map<unknown, unknown>) pairs.push([key.encode(k), value.encode(x)]);
  return [MAP_TAG, pairs];
}

function encodeSet(key: AtomCodec, v: unknown): Json {
  if (v === null) return [SET_TAG, []];
  if (Array.isArray(v)) return v.length === 1 ? key.encode(v[0]) : [SET_TAG, v.map((x) => key.encode(x))];
  return key.encode(v);
}

function mapCodec(type: ColumnType, key: AtomCodec, val: AtomCodec): ColumnCodec {
  const decodeMap = (json: Json): Map<AtomValue, AtomValue> => {
    if (!isTagged(json, MAP_TAG)) return bad('["map", <array>]', json);
    const m = new Map<AtomValue, AtomValue>();
    for (const pair of json[1]) {
      if (!Array.isArray(pair) || pair.length !== 2) return bad('[key, value] pair', pair);
      m.set(key.decode(pair[0] as Json), val.decode(pair[1] as Json));
    }
    return m;
  };
  return {
    type,
    shape: MAP_TAG,
    defaultValue: new Map(),
    decode: decodeMap,
    encode: (v) => encodeMap(key, val, v),
    encodeKey: (v) => key.encode(v),
    encodeKeySet: (vs) => [SET_TAG, [...vs].map((x) => key.encode(x))],
    // A map of at most one pair gets its whole new value (ovsdb-server(7) §4.1.14). Otherwise a
    // diff pair for a new key adds it; for an existing key with the same value removes it; with
    // another value replaces it.
    applyDiff: (old, diff) => {
      if (!isCompositeType(type)) return decodeMap(diff);
      const m = new Map(old as ReadonlyMap<AtomValue, AtomValue>);
      for (const [k, v] of decodeMap(diff)) {
        if (m.has(k) && m.get(k) === v) m.delete(k);
        else m.set(k, v);
      }
      return m;
    },
    equals: (a, b) => mapEquals(a as ReadonlyMap<AtomValue, AtomValue>, b as ReadonlyMap<AtomValue, AtomValue>),
  };
}

function setCodec(type: ColumnType, key: AtomCodec): ColumnCodec {
  const decode = (json: Json): AtomValue[] => setElements(json).map((e) => key.decode(e));
  return {
    type,
    shape: SET_TAG,
    defaultValue: [],
    decode,
    encode: (v) => encodeSet(key, v),
    encodeKey: (v) => key.encode(v),
    encodeKeySet: (vs) => [SET_TAG, [...vs].map((x) => key.encode(x))],
    // The diff holds the elements to toggle: present ones are removed, absent ones added.
    applyDiff: (old, diff) => {
      const toggle = new Set(decode(diff));
      const next = (old as readonly AtomValue[]).filter((x) => !toggle.delete(x));
      for (const x of toggle) next.push(x);
      return next;
    },
    equals: (a, b) => setEquals(a as readonly AtomValue[], b as readonly AtomValue[]),
  };
}

/** Scalars and optional values: a diff is simply the new value (as ovsdb-server sends it). */
function singleCodec(type: ColumnType, key: AtomCodec, optional: boolean): ColumnCodec {
  const decode = (json: Json): Value => {
    if (!optional) return key.decode(json);
    const elements = setElements(json);
    if (elements.length > 1) return bad('at most one element', json);
    return elements.length === 0 ? null : key.decode(elements[0] as Json);
  };
  return {
    type,
    shape: optional ? 'optional' : 'scalar',
    defaultValue: optional ? null : key.defaultValue,
    decode,
    encode: (v) => (optional ? encodeSet(key, v) : key.encode(v)),
    encodeKey: (v) => key.encode(v),
    encodeKeySet: (vs) => [SET_TAG, [...vs].map((x) => key.encode(x))],
    applyDiff: (_old, diff) => decode(diff),
    equals: (a, b) => a === b,
  };
}

const codecs = new WeakMap<ColumnType, ColumnCodec>();

export function columnCodec(type: ColumnType): ColumnCodec {
  let c = codecs.get(type);
  if (c === undefined) {
    const key = atomCodec(type.key);
    const shape = shapeOf(type);
    if (shape === MAP_TAG) c = mapCodec(type, key, atomCodec(type.value as BaseType));
    else if (shape === SET_TAG) c = setCodec(type, key);
    else c = singleCodec(type, key, shape === 'optional');
    codecs.set(type, c);
  }
  return c;
}

/**
 * For a column the schema does not know (the server will refuse it with "unknown column"): the
 * value in wire form by its JavaScript shape, so that the server's error is what the caller sees.
 */
export function encodeUntyped(v: unknown): Json {
  if (v instanceof NamedUuid) return [NAMED_UUID_TAG, v.name];
  if (v === null) return [SET_TAG, []];
  if (v instanceof Map) return [MAP_TAG, [...(v as Map<unknown, unknown>)].map(([k, x]) => [encodeUntyped(k), encodeUntyped(x)])];
  if (Array.isArray(v)) return [SET_TAG, v.map(encodeUntyped)];
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return v;
  return bad('an OVSDB value', v);
}
