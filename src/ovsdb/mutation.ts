/**
 * Mutations (RFC 7047 §5.1 <mutation>, §5.2.4 "mutate"): parsing with ovsdb-server's checks and
 * error texts, and application to a column value.
 *
 * Arithmetic (`+= -= *= /= %=`) applies to integer or real columns holding one value or a set
 * of values, element by element; 64-bit integer overflow is a "range error", division or
 * remainder by zero a "domain error"; afterwards the column's constraints are checked again and
 * a set that acquired duplicates is a "constraint violation". `insert`/`delete` apply to sets
 * and maps; `delete` on a map takes either a map (pairs) or a set (keys). The element count is
 * checked against the column's min/max afterwards.
 */
import type { Json } from './json.js';
import { INT64_MAX, INT64_MIN, type Atom, type ColumnType } from './types.js';
import { OvsdbError, ErrorTag } from './error.js';
import { atomComparator, checkAtom, compareAtoms, constraintError, isInt64, syntaxError } from './atom.js';
import { datumFromJson, findKey, isScalarType, lowerBound, typeToEnglish, type Datum } from './datum.js';
import { rememberDelta } from './datum-delta.js';
import type { TableLayout } from './row.js';
import type { SymbolTable } from './symtab.js';

export const MUTATORS = ['+=', '-=', '*=', '/=', '%=', 'insert', 'delete'] as const;
export type Mutator = (typeof MUTATORS)[number];

export interface Mutation {
  readonly ordinal: number;
  readonly name: string;
  readonly type: ColumnType;
  readonly mutator: Mutator;
  readonly arg: Datum;
  /** For `delete` on a map: the argument is a set of keys rather than a map. */
  readonly argIsKeys: boolean;
}

function isMutator(s: string): s is Mutator {
  return (MUTATORS as readonly string[]).includes(s);
}

function isSetType(type: ColumnType): boolean {
  return type.value === null && (type.min !== 1 || type.max !== 1);
}

function typeMismatch(m: string, name: string, type: ColumnType, json: Json): OvsdbError {
  return syntaxError(
    json,
    `Type mismatch: "${m}" operator may not be applied to column ${name} of type ${typeToEnglish(type)}.`,
  );
}

/** Removes value constraints: arithmetic arguments are checked only through the result. */
function unconstrained(type: ColumnType): ColumnType {
  const key = {
    ...type.key,
    enum: null,
    minInteger: null,
    maxInteger: null,
    minReal: null,
    maxReal: null,
  };
  return { key, value: null, min: 1, max: 1 };
}

export function mutationFromJson(layout: TableLayout, json: Json, symtab?: SymbolTable): Mutation {
  if (!Array.isArray(json) || json.length !== 3 || typeof json[0] !== 'string' || typeof json[1] !== 'string') {
    throw syntaxError(json, 'Parse error in mutation.');
  }
  const [name, mName, argJson] = json as [string, string, Json];
  const ordinal = layout.ordinal(name);
  if (ordinal === undefined) throw syntaxError(json, `No column ${name} in table ${layout.name}.`, 'unknown column');
  const column = layout.column(ordinal);
  if (!column.mutable) {
    throw syntaxError(json, `Cannot mutate immutable column ${name} in table ${layout.name}.`, ErrorTag.CONSTRAINT_VIOLATION);
  }
  if (!isMutator(mName)) throw new OvsdbError('unknown mutator', `No mutator named ${mName}.`);
  const type = column.type;
  if (mName === 'insert' || mName === 'delete') {
    if (!isSetType(type) && type.value === null) throw typeMismatch(mName, name, type, json);
    const argType: ColumnType = { ...type, min: 0, max: mName === 'delete' ? Infinity : type.max };
    try {
      return { ordinal, name, type, mutator: mName, arg: datumFromJson(argJson, argType, symtab), argIsKeys: false };
    } catch (e) {
      if (!(mName === 'delete' && type.value !== null)) throw e;
      const keysType: ColumnType = { ...argType, value: null };
      return { ordinal, name, type, mutator: mName, arg: datumFromJson(argJson, keysType, symtab), argIsKeys: true };
    }
  }
  const kt = type.key.type;
  if ((!isScalarType(type) && !isSetType(type)) || (kt !== 'integer' && kt !== 'real') || (mName === '%=' && kt === 'real')) {
    throw typeMismatch(mName, name, type, json);
  }
  return { ordinal, name, type, mutator: mName, arg: datumFromJson(argJson, unconstrained(type), symtab), argIsKeys: false };
}

export function mutationsFromJson(layout: TableLayout, json: readonly Json[], symtab?: SymbolTable): Mutation[] {
  return json.map((m) => mutationFromJson(layout, m, symtab));
}

const INT64_BITS = 64;

function outOfRange(op: string): OvsdbError {
  return new OvsdbError(ErrorTag.RANGE_ERROR, `Result of "${op}" operation is out of range.`);
}

function divisionByZero(): OvsdbError {
  return new OvsdbError(ErrorTag.DOMAIN_ERROR, 'Division by zero.');
}

/**
 * `x *= y` with ovsdb-server's overflow test (mutation.c, after Hacker's Delight), which is not
 * exact and is copied as is because it decides what is stored:
 *   - x > 0, y > 0: range error when x >= INT64_MAX / y, so `1 *= INT64_MAX` fails although the
 *     product fits;
 *   - x > 0, y <= 0 and x <= 0, y > 0: exact;
 *   - x <= 0, y <= 0: range error when x != 0 and y < INT64_MAX / y. The test looks at y alone, so
 *     a product that does not fit passes it and wraps (two's complement), e.g. `-2^62 *= -2`
 *     stores INT64_MIN, as ovsdb-server stores.
 * Deliberate difference: with x < 0 and y = 0 ovsdb-server 3.1 divides by zero in that test and
 * crashes; ovsdb-ts stores the product, 0.
 * (BigInt division truncates toward zero like C's.)
 */
function multiply(x: bigint, y: bigint): bigint {
  let overflow: boolean;
  if (x > 0n) overflow = y > 0n ? x >= INT64_MAX / y : y < INT64_MIN / x;
  else if (y > 0n) overflow = x < INT64_MIN / y;
  else overflow = x !== 0n && y !== 0n && y < INT64_MAX / y;
  if (overflow) throw outOfRange('*=');
  return BigInt.asIntN(INT64_BITS, x * y);
}

function integerOp(op: Mutator, x: bigint, y: bigint): bigint {
  let r: bigint;
  switch (op) {
    case '+=':
      r = x + y;
      break;
    case '-=':
      r = x - y;
      break;
    case '*=':
      return multiply(x, y);
    case '/=':
      if (y === 0n) throw divisionByZero();
      if (x === INT64_MIN && y === -1n) throw outOfRange(op);
      r = x / y;
      break;
    default:
      if (y === 0n) throw divisionByZero();
      // ovsdb-server refuses INT64_MIN % -1 as it refuses INT64_MIN / -1 (mutation.c).
      if (x === INT64_MIN && y === -1n) throw outOfRange(op);
      r = x % y;
      break;
  }
  if (!isInt64(r)) throw outOfRange(op);
  return r;
}

function realOp(op: Mutator, x: number, y: number): number {
  let r: number;
  switch (op) {
    case '+=':
      r = x + y;
      break;
    case '-=':
      r = x - y;
      break;
    case '*=':
      r = x * y;
      break;
    default:
      if (y === 0) throw divisionByZero();
      r = x / y;
      break;
  }
  if (!Number.isFinite(r)) throw outOfRange(op);
  return r;
}

function applyArithmetic(m: Mutation, dst: Datum): Datum {
  const base = m.type.key;
  const y = m.arg.keys[0]!;
  const keys: Atom[] =
    base.type === 'integer'
      ? dst.keys.map((x) => integerOp(m.mutator, x as bigint, y as bigint))
      : dst.keys.map((x) => realOp(m.mutator, x as number, y as number));
  for (const k of keys) {
    const e = checkAtom(k, base);
    if (e !== null) throw e;
  }
  keys.sort((a, b) => compareAtoms(a, b, base.type));
  for (let i = 1; i < keys.length; i++) {
    if (compareAtoms(keys[i - 1]!, keys[i]!, base.type) === 0) {
      throw constraintError(`Result of "${m.mutator}" operation contains duplicates.`);
    }
  }
  return { keys, values: null };
}

/** No elements; `values` is fixed up per type by `derived`. */
const EMPTY_PART: Datum = { keys: [], values: null };

/**
 * `next`, remembered as `dst` minus `removed` plus `added` (ovsdb/datum-delta.ts), so that the
 * commit's reference counts, file record and monitor updates need not diff the whole column.
 */
function derived(dst: Datum, next: Datum, type: ColumnType, removed: Datum, added: Datum): Datum {
  const valueType = type.value === null ? null : type.value.type;
  const part = (d: Datum): Datum => (d === EMPTY_PART ? { keys: [], values: valueType === null ? null : [] } : d);
  rememberDelta(dst, next, type.key.type, valueType, { removed: part(removed), added: part(added) });
  return next;
}

/** Up to this many new elements are placed by binary search and a native array copy. */
const FEW_INSERTS = 8;

/**
 * `union` for a small `arg` (the usual "add a port to a switch"): each new element's place is
 * found by binary search and the arrays are copied natively (toSpliced), O(k·|dst| + k log |dst|).
 */
function unionFew(dst: Datum, arg: Datum, type: ColumnType, cmp: (a: Atom, b: Atom) => number): Datum {
  let keys = dst.keys;
  let values = dst.values;
  let shift = 0;
  const addedKeys: Atom[] = [];
  const addedValues: Atom[] | null = type.value === null ? null : [];
  for (let j = 0; j < arg.keys.length; j++) {
    const key = arg.keys[j]!;
    const pos = lowerBound(dst.keys, key, cmp);
    if (pos < dst.keys.length && cmp(dst.keys[pos]!, key) === 0) continue;
    // One exact-size copy per new element (no copy-then-grow).
    keys = keys.toSpliced(pos + shift, 0, key);
    if (values !== null) values = values.toSpliced(pos + shift, 0, arg.values![j]!);
    addedKeys.push(key);
    addedValues?.push(arg.values![j]!);
    shift++;
  }
  if (shift === 0) return dst;
  return derived(dst, { keys, values }, type, EMPTY_PART, { keys: addedKeys, values: addedValues });
}

/**
 * Elements of `dst` plus those of `arg` whose keys `dst` lacks (RFC 7047 §5.1 "insert"): one merge
 * pass over the two canonical (sorted) datums, O(|dst| + |arg|); `dst` itself when nothing is new.
 */
function union(dst: Datum, arg: Datum, type: ColumnType): Datum {
  const cmp = atomComparator(type.key.type);
  if (arg.keys.length <= FEW_INSERTS) return unionFew(dst, arg, type, cmp);
  const isMap = type.value !== null;
  const keys: Atom[] = [];
  const values: Atom[] | null = isMap ? [] : null;
  const addedKeys: Atom[] = [];
  const addedValues: Atom[] | null = isMap ? [] : null;
  const nd = dst.keys.length;
  const na = arg.keys.length;
  let i = 0;
  let j = 0;
  while (i < nd || j < na) {
    const c = i === nd ? 1 : j === na ? -1 : cmp(dst.keys[i]!, arg.keys[j]!);
    if (c <= 0) {
      keys.push(dst.keys[i]!);
      values?.push(dst.values![i]!);
      i++;
      if (c === 0) j++;
    } else {
      keys.push(arg.keys[j]!);
      values?.push(arg.values![j]!);
      addedKeys.push(arg.keys[j]!);
      addedValues?.push(arg.values![j]!);
      j++;
    }
  }
  if (addedKeys.length === 0) return dst;
  return derived(dst, { keys, values }, type, EMPTY_PART, { keys: addedKeys, values: addedValues });
}

/** `dst` without the elements (map: matching pairs, or keys) of `arg` (RFC 7047 §5.1 "delete"). */
function subtract(dst: Datum, arg: Datum, type: ColumnType, argIsKeys: boolean): Datum {
  if (arg.keys.length <= FEW_INSERTS) return subtractFew(dst, arg, type, argIsKeys);
  const keep: number[] = [];
  const gone: number[] = [];
  for (let i = 0; i < dst.keys.length; i++) {
    const j = findKey(arg, dst.keys[i]!, type.key.type);
    let drop = j >= 0;
    if (drop && type.value !== null && !argIsKeys) {
      drop = compareAtoms(dst.values![i]!, arg.values![j]!, type.value.type) === 0;
    }
    (drop ? gone : keep).push(i);
  }
  if (gone.length === 0) return dst;
  const pick = (at: readonly number[]): Datum => ({
    keys: at.map((i) => dst.keys[i]!),
    values: dst.values === null ? null : at.map((i) => dst.values![i]!),
  });
  return derived(dst, pick(keep), type, pick(gone), EMPTY_PART);
}

/**
 * `subtract` for a small `arg` (the usual "remove a port from a switch"): each element is found
 * by binary search and cut out with a native copy, O(k·|dst|) copying and no per-element lookup.
 */
function subtractFew(dst: Datum, arg: Datum, type: ColumnType, argIsKeys: boolean): Datum {
  const cmp = atomComparator(type.key.type);
  const at: number[] = [];
  for (let j = 0; j < arg.keys.length; j++) {
    const key = arg.keys[j]!;
    const i = lowerBound(dst.keys, key, cmp);
    if (i === dst.keys.length || cmp(dst.keys[i]!, key) !== 0) continue;
    if (type.value !== null && !argIsKeys && compareAtoms(dst.values![i]!, arg.values![j]!, type.value.type) !== 0) continue;
    at.push(i);
  }
  if (at.length === 0) return dst;
  let keys = dst.keys;
  let values = dst.values;
  // `arg` is canonical, so the positions ascend: cut from the last one.
  for (let k = at.length - 1; k >= 0; k--) {
    keys = keys.toSpliced(at[k]!, 1);
    if (values !== null) values = values.toSpliced(at[k]!, 1);
  }
  const gone: Datum = { keys: at.map((i) => dst.keys[i]!), values: dst.values === null ? null : at.map((i) => dst.values![i]!) };
  return derived(dst, { keys, values }, type, gone, EMPTY_PART);
}

function checkCount(d: Datum, type: ColumnType): void {
  const n = d.keys.length;
  if (n < type.min || n > type.max) {
    throw constraintError(`Attempted to store ${n} elements in ${typeToEnglish(type)}.`);
  }
}

/** The column value after one mutation. Throws OvsdbError. */
export function applyMutation(m: Mutation, dst: Datum): Datum {
  switch (m.mutator) {
    case 'insert': {
      const d = union(dst, m.arg, m.type);
      checkCount(d, m.type);
      return d;
    }
    case 'delete': {
      const d = subtract(dst, m.arg, m.type, m.argIsKeys);
      checkCount(d, m.type);
      return d;
    }
    default:
      return applyArithmetic(m, dst);
  }
}
