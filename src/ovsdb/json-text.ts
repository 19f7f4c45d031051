/**
 * JSON text exactly as ovsdb-server writes it into an error's "syntax" member
 * (`json_to_string(json, JSSF_SORT)`): object members sorted by name (byte order), no spaces,
 * integers in decimal, reals as C `%.15g`, strings escaped as OVS escapes them
 * (`\"`, `\\`, `\b \f \n \r \t`, other control characters as `\u00XX`, everything else raw).
 *
 * A number is an integer when it is integral and fits in 64 bits, as the OVS lexer decides.
 */
import type { Json } from './json.js';
import { formatFiniteReal } from './real-text.js';
import { INT64_MAX, INT64_MIN } from './types.js';

const TWO_63 = 2 ** 63;

/** Would ovsdb-server's JSON lexer have read this value as an integer? */
export function isJsonInteger(v: Json): v is number | bigint {
  if (typeof v === 'bigint') return v >= INT64_MIN && v <= INT64_MAX;
  return typeof v === 'number' && Number.isInteger(v) && v >= -TWO_63 && v < TWO_63;
}

/** C `printf("%.15g", x)`, with the texts glibc gives -0, NaN and infinities. */
export function formatReal(x: number): string {
  if (Object.is(x, -0)) return '-0';
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  return formatFiniteReal(x);
}

const ESCAPES = new Map<string, string>([
  ['"', '\\"'],
  ['\\', '\\\\'],
  ['\b', '\\b'],
  ['\f', '\\f'],
  ['\n', '\\n'],
  ['\r', '\\r'],
  ['\t', '\\t'],
]);

// eslint-disable-next-line no-control-regex
const NEEDS_ESCAPE = /["\\\u0000-\u001f]/g;

export function quoteString(s: string): string {
  return `"${s.replace(NEEDS_ESCAPE, (c) => ESCAPES.get(c) ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}

function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** JSON text of `v` as ovsdb-server prints it; `sort` orders object members by name. */
export function jsonText(v: Json, sort = true): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'string':
      return quoteString(v);
    case 'number':
    case 'bigint':
      if (isJsonInteger(v)) return typeof v === 'bigint' ? v.toString() : String(v);
      return formatReal(Number(v));
    default:
      break;
  }
  if (Array.isArray(v)) return `[${v.map((e) => jsonText(e, sort)).join(',')}]`;
  const keys = Object.keys(v);
  if (sort) keys.sort(compareBytes);
  return `{${keys.map((k) => `${quoteString(k)}:${jsonText(v[k]!, sort)}`).join(',')}}`;
}
