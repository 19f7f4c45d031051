/**
 * Atoms (RFC 7047 §3.1 <atom>, §5.1): parsing from JSON with the base type's constraints
 * (RFC 7047 §3.2 <base-type>), canonical comparison, and JSON/text forms, with ovsdb-server's
 * error tags and texts.
 *
 * Canonical order is ovsdb-server's: integers and reals numerically, false < true, strings by
 * UTF-8 bytes (= Unicode code points), UUIDs by their 128-bit value (= lowercase text order).
 */
import type { Json } from './json.js';
import { INT64_MAX, INT64_MIN, type Atom, type AtomicType, type BaseType } from './types.js';
import { ErrorTag, OvsdbError } from './error.js';
import { formatReal, isJsonInteger, jsonText, quoteString } from './json-text.js';
import { isId, type SymbolTable } from './symtab.js';
import { parseUuid, ZERO_UUID } from './uuid.js';


/** An error about a JSON value, with that value's text as "syntax" (OVS `ovsdb_syntax_error`). */
export function syntaxError(json: Json | undefined, details: string, tag: string = ErrorTag.SYNTAX_ERROR): OvsdbError {
  return new OvsdbError(tag, details, json === undefined ? undefined : jsonText(json));
}

export function constraintError(details: string): OvsdbError {
  return new OvsdbError(ErrorTag.CONSTRAINT_VIOLATION, details);
}

/** Code point order of two strings (UTF-16 order differs above U+D7FF). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x !== y) {
      if (x >= 0xd800 && y >= 0xd800) {
        x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
        y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
      }
      return x < y ? -1 : 1;
    }
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

export type AtomComparator = (a: Atom, b: Atom) => number;

const cmpNumeric: AtomComparator = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
const cmpBoolean: AtomComparator = (a, b) => (a === b ? 0 : a ? 1 : -1);
const cmpString: AtomComparator = (a, b) => compareStrings(a as string, b as string);
const cmpUuid: AtomComparator = (a, b) => (a < b ? -1 : a > b ? 1 : 0);

const COMPARATORS: Record<AtomicType, AtomComparator> = {
  integer: cmpNumeric,
  real: cmpNumeric,
  boolean: cmpBoolean,
  string: cmpString,
  uuid: cmpUuid,
};

export function atomComparator(type: AtomicType): AtomComparator {
  return COMPARATORS[type];
}

export function compareAtoms(a: Atom, b: Atom, type: AtomicType): number {
  return COMPARATORS[type](a, b);
}

const DEFAULT_ATOMS: Record<AtomicType, Atom> = {
  integer: 0n,
  real: 0,
  boolean: false,
  string: '',
  uuid: ZERO_UUID,
};

/** RFC 7047 §5.1 default atom: 0, 0.0, false, "", the all-zero UUID. */
export function defaultAtom(type: AtomicType): Atom {
  return DEFAULT_ATOMS[type];
}

/** Parses a UUID atom: ["uuid", "…"], or ["named-uuid", "name"] when a symbol table is given. */
function uuidFromJson(json: Json, symtab: SymbolTable | undefined): string {
  if (Array.isArray(json) && json.length === 2 && typeof json[1] === 'string') {
    const [tag, text] = json as [Json, string];
    if (tag === 'uuid') {
      const uuid = parseUuid(text);
      if (uuid === null) throw syntaxError(json, `"${text}" is not a valid UUID`);
      return uuid;
    }
    if (tag === 'named-uuid' && symtab !== undefined) {
      if (!isId(text)) throw syntaxError(json, 'named-uuid string is not a valid <id>');
      return symtab.insert(text).uuid;
    }
  }
  throw syntaxError(json, 'expected ["uuid", <string>]');
}

/** Parses one atom of `type` without checking constraints. Throws OvsdbError. */
export function atomFromJsonUnchecked(json: Json, type: AtomicType, symtab?: SymbolTable): Atom {
  switch (type) {
    case 'integer':
      if (isJsonInteger(json)) return BigInt(json);
      break;
    case 'real':
      if (typeof json === 'number') return json;
      if (typeof json === 'bigint') return Number(json);
      break;
    case 'boolean':
      if (typeof json === 'boolean') return json;
      break;
    case 'string':
      if (typeof json === 'string') return json;
      break;
    case 'uuid':
      return uuidFromJson(json, symtab);
  }
  throw syntaxError(json, `expected ${type}`);
}

/** Parses one atom and checks the base type's constraints (OVS `ovsdb_atom_from_json`). */
export function atomFromJson(json: Json, base: BaseType, symtab?: SymbolTable): Atom {
  const atom = atomFromJsonUnchecked(json, base.type, symtab);
  const error = checkAtom(atom, base);
  if (error !== null) throw error;
  return atom;
}

export function atomToJson(atom: Atom, type: AtomicType): Json {
  if (type === 'uuid') return ['uuid', atom as string];
  if (type === 'integer') {
    const n = atom as bigint;
    return n >= -9007199254740991n && n <= 9007199254740991n ? Number(n) : n;
  }
  return atom;
}

/** A string atom as ovsdb-server prints it in messages: bare when it looks like an id. */
function stringAtomText(s: string): string {
  const bare = /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(s) && s !== 'true' && s !== 'false';
  return bare ? s : quoteString(s);
}

/** OVS `ovsdb_atom_to_string`: the text used inside error messages. */
export function atomToString(atom: Atom, type: AtomicType): string {
  switch (type) {
    case 'integer':
      return (atom as bigint).toString();
    case 'real':
      return formatReal(atom as number);
    case 'boolean':
      return atom ? 'true' : 'false';
    case 'string':
      return stringAtomText(atom as string);
    case 'uuid':
      return atom as string;
  }
}

/** Number of Unicode code points (RFC 7047 §3.2 minLength/maxLength). */
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      n--;
      i++;
    }
  }
  return n;
}

function rangeError<T extends bigint | number>(v: T, min: T | null, max: T | null, text: (x: T) => string): OvsdbError | null {
  const low = min !== null && v < min;
  const high = max !== null && v > max;
  if (!low && !high) return null;
  if (min !== null && max !== null) {
    return constraintError(`${text(v)} is not in the valid range ${text(min)} to ${text(max)} (inclusive)`);
  }
  if (low) return constraintError(`${text(v)} is less than minimum allowed value ${text(min!)}`);
  return constraintError(`${text(v)} is greater than maximum allowed value ${text(max!)}`);
}

function enumError(atom: Atom, base: BaseType, allowed: readonly Atom[]): OvsdbError | null {
  const cmp = COMPARATORS[base.type];
  for (const a of allowed) if (cmp(a, atom) === 0) return null;
  const list = [...allowed].sort(cmp).map((a) => atomToString(a, base.type)).join(', ');
  return constraintError(`${atomToString(atom, base.type)} is not one of the allowed values ([${list}])`);
}

function stringLengthError(s: string, base: BaseType): OvsdbError | null {
  if (base.minLength === null && base.maxLength === null) return null;
  const len = codePointLength(s);
  if (base.minLength !== null && len < base.minLength) {
    return constraintError(`"${s}" length ${len} is less than minimum allowed length ${base.minLength}`);
  }
  if (base.maxLength !== null && len > base.maxLength) {
    return constraintError(`"${s}" length ${len} is greater than maximum allowed length ${base.maxLength}`);
  }
  return null;
}

/** RFC 7047 §3.2 constraints of one atom (OVS `ovsdb_atom_check_constraints`); null when it passes. */
export function checkAtom(atom: Atom, base: BaseType): OvsdbError | null {
  if (base.enum !== null) return enumError(atom, base, base.enum);
  switch (base.type) {
    case 'integer':
      if (base.minInteger === null && base.maxInteger === null) return null;
      return rangeError(atom as bigint, base.minInteger, base.maxInteger, (x) => x.toString());
    case 'real':
      if (base.minReal === null && base.maxReal === null) return null;
      return rangeError(atom as number, base.minReal, base.maxReal, formatReal);
    case 'string':
      return stringLengthError(atom as string, base);
    default:
      return null;
  }
}

export function isInt64(n: bigint): boolean {
  return n >= INT64_MIN && n <= INT64_MAX;
}
