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

/** C's DBL_DIG, the precision OVS prints reals with. */
const REAL_DIGITS = 15;
/** printf %g switches to exponent form when the exponent is below this (or ≥ precision). */
const MIN_FIXED_EXPONENT = -4;

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
  return formatReal(x);
}

/** C `printf("%.15g", x)` for a finite `x`, with glibc's round-half-even on exact ties. */
export function formatReal(x: number): string {
  if (x === 0) return '0';
  const sign = x < 0 ? '-' : '';
  const [digits, exp] = roundTo15(Math.abs(x));
  if (exp < MIN_FIXED_EXPONENT || exp >= REAL_DIGITS) {
    const frac = digits.slice(1).replace(/0+$/, '');
    const mantissa = frac === '' ? digits[0]! : `${digits[0]}.${frac}`;
    const e = Math.abs(exp);
    return `${sign}${mantissa}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  }
  let int: string;
  let frac: string;
  if (exp >= 0) {
    int = digits.slice(0, exp + 1);
    frac = digits.slice(exp + 1);
  } else {
    int = '0';
    frac = '0'.repeat(-exp - 1) + digits;
  }
  frac = frac.replace(/0+$/, '');
  return frac === '' ? sign + int : `${sign}${int}.${frac}`;
}

/**
 * The 15 significant decimal digits of positive `x` and the decimal exponent of the first.
 * `toExponential` rounds exact ties away from zero where glibc rounds them to even, so a tie
 * (16 exact significant digits ending in 5) is rounded here from the exact value.
 */
function roundTo15(x: number): [string, number] {
  const s16 = x.toExponential(REAL_DIGITS);
  const ePos = s16.indexOf('e');
  if (s16[ePos - 1] === '5' && isExact(x, s16)) {
    const digits16 = s16[0]! + s16.slice(2, ePos);
    let exp = Number(s16.slice(ePos + 1));
    const head = BigInt(digits16.slice(0, REAL_DIGITS));
    const rounded = head % 2n === 0n ? head : head + 1n;
    let digits = rounded.toString();
    if (digits.length > REAL_DIGITS) {
      digits = digits.slice(0, REAL_DIGITS);
      exp++;
    }
    return [digits, exp];
  }
  const s = x.toExponential(REAL_DIGITS - 1);
  const e = s.indexOf('e');
  return [s[0]! + s.slice(2, e), Number(s.slice(e + 1))];
}

/** Whether the decimal `d.ddde±x` is exactly the double `x`. */
function isExact(x: number, decimal: string): boolean {
  const [mant = '', expText = '0'] = decimal.split('e');
  const digits = mant.replace('.', '');
  const pow10 = Number(expText) - (digits.length - 1);
  const [m, pow2] = binaryParts(x);
  // digits·10^pow10 == m·2^pow2  ⇔  digits·5^pow10·2^pow10 == m·2^pow2
  let left = BigInt(digits);
  let right = m;
  if (pow10 >= 0) left *= 5n ** BigInt(pow10);
  else right *= 5n ** BigInt(-pow10);
  const shift = pow10 - pow2;
  if (shift >= 0) left <<= BigInt(shift);
  else right <<= BigInt(-shift);
  return left === right;
}

/** Positive finite `x` as integer mantissa and power of two: x = m·2^e. */
function binaryParts(x: number): [bigint, number] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  if (biased === 0) return [fraction, -1074];
  return [fraction | (1n << 52n), biased - 1075];
}
