/**
 * JSON text for a Json value, as ovsdb-server writes it (lib/json.c `json_serialize`, checked
 * against ovsdb-server 3.1):
 * - `bigint` → its exact decimal digits (RFC 7047 §3.1 integers are 64-bit).
 * - a safe integer `number` → plain digits, as OVS prints its integers (`%lld`);
 * - any other `number` is a real, printed like C `printf("%.15g")` (OVS uses `%.*g` with
 *   DBL_DIG = 15): 0.1 → `0.1`, 1/3 → `0.333333333333333`, 1e300 → `1e+300`, 1e16 → `1e+16`.
 *   This loses precision past 15 digits exactly as ovsdb-server does. NaN and ±Infinity have no
 *   JSON form and throw a RangeError (they cannot come from the wire).
 * - Strings are escaped as `JSON.stringify` does, which matches OVS for every string a peer can
 *   send: `"`, `\`, \b \f \n \r \t by name, other controls as `\u00xx` (lowercase), everything else
 *   raw UTF-8 (DEL, U+2028 included). Only lone surrogates differ, and those never come from
 *   valid UTF-8.
 * - Object members in insertion order, no whitespace.
 */
import { Buffer } from 'node:buffer';
import type { Json } from '../ovsdb/json.js';
import { formatFiniteReal } from '../ovsdb/real-text.js';


export function encodeJson(v: Json): string {
  if (isPlain(v)) return JSON.stringify(v);
  return encodeValue(v);
}

export function encodeJsonBytes(v: Json): Buffer {
  return Buffer.from(encodeJson(v), 'utf8');
}

/**
 * Whether `JSON.stringify` already writes `v` as OVS would: no bigint, every number a safe
 * integer. One cheap walk; it fails fast on the first bigint or real.
 */
function isPlain(v: Json): boolean {
  switch (typeof v) {
    case 'number':
      return Number.isSafeInteger(v);
    case 'bigint':
      return false;
    case 'object':
      if (v === null) return true;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) if (!isPlain(v[i]!)) return false;
        return true;
      }
      for (const k in v) if (!isPlain(v[k]!)) return false;
      return true;
    default:
      return true;
  }
}

function encodeValue(v: Json): string {
  switch (typeof v) {
    case 'number':
      return formatNumber(v);
    case 'bigint':
      return v.toString();
    case 'string':
    case 'boolean':
      return JSON.stringify(v);
    default:
      if (v === null) return 'null';
      if (Array.isArray(v)) return encodeArray(v);
      return encodeObject(v);
  }
}

function encodeArray(a: Json[]): string {
  let s = '[';
  for (let i = 0; i < a.length; i++) {
    if (i > 0) s += ',';
    s += encodeValue(a[i]!);
  }
  return s + ']';
}

function encodeObject(o: { [key: string]: Json }): string {
  let s = '{';
  let first = true;
  for (const k in o) {
    if (!Object.hasOwn(o, k)) continue;
    if (!first) s += ',';
    first = false;
    s += JSON.stringify(k) + ':' + encodeValue(o[k]!);
  }
  return s + '}';
}

/** A number as OVS prints it: safe integers as digits, everything else as `%.15g`. */
export function formatNumber(x: number): string {
  if (Number.isSafeInteger(x)) return String(x === 0 ? 0 : x);
  if (!Number.isFinite(x)) throw new RangeError(`${x} has no JSON representation`);
  return formatFiniteReal(x);
}

/** C `printf("%.15g", x)` for a finite `x` (ovsdb/real-text.ts). */
export const formatReal = formatFiniteReal;
