/**
 * A strict recursive-descent JSON parser with ovsdb-server's number and string rules.
 *
 * The framer uses it only for the rare message that `JSON.parse` would get wrong: one with an
 * integer literal too long to be safe, an exponent, or a `\u` escape. Rules (lib/json.c in
 * Open vSwitch, checked against ovsdb-server 3.1):
 * - A number literal whose exact value is an integer in the signed 64-bit range is an integer,
 *   however spelled (`1.0`, `1e2`, `1.5e18`): a safe one becomes a `number`, any other a `bigint`
 *   (RFC 7047 §3.1 "integer" is 64-bit). Anything else is a real (`number`); a real that
 *   overflows or is subnormal is a syntax error ("number outside valid range"), one that
 *   underflows to zero is 0. Negative zero becomes 0.
 * - Strings: `\u0000` is refused ("null bytes not supported"), as is an escaped surrogate that
 *   is not part of a proper pair; raw control characters are refused.
 * - Duplicate object keys: the last wins. Every key, "__proto__" included, becomes an own
 *   enumerable property, exactly as `JSON.parse` does.
 * - Whitespace is space, tab, CR and LF only. Any JSON value is accepted at top level here; the
 *   framer is the one that insists on an object or array.
 */
import { setMember, type Json, type JsonObject } from '../ovsdb/json.js';
import { FramingError } from './framing-error.js';
import { INT64_MAX, INT64_MIN } from '../ovsdb/types.js';

/** ovsdb-server's JSON_MAX_HEIGHT: containers may nest 1000 deep, not 1001. */
export const DEFAULT_MAX_DEPTH = 1000;

/** Smallest positive normal double; glibc's strtod reports ERANGE below it. */
const MIN_NORMAL = 2.2250738585072014e-308;
/** More digits than any int64 has: such a literal cannot be an integer in range. */
const MAX_INT64_DIGITS = 19;
/** An exponent this large (either sign) makes the value non-integral or out of range. */
const MAX_SANE_EXPONENT = 400;

const NUMBER_RE = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

const ESCAPES = new Map<number, string>([
  [0x22, '"'], [0x5c, '\\'], [0x2f, '/'], [0x62, '\b'],
  [0x66, '\f'], [0x6e, '\n'], [0x72, '\r'], [0x74, '\t'],
]);

/** Parses one JSON text. Throws FramingError('syntax' | 'too-deep'); never anything else. */
export function parseJson(text: string, maxDepth: number = DEFAULT_MAX_DEPTH): Json {
  return new Parser(text, maxDepth).parseText();
}

/**
 * The value of one number literal under ovsdb-server's rules (see the file comment).
 * `literal` must match the JSON number grammar.
 */
export function numberFromLiteral(literal: string): number | bigint {
  const m = /^(-?)([0-9]+)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/.exec(literal);
  if (m === null) throw new FramingError('syntax', `syntax error in number "${literal}"`);
  const exact = exactInteger(m[1] === '-', m[2] ?? '', m[3] ?? '', m[4] ?? '0');
  if (exact !== undefined) {
    return exact >= -Number.MAX_SAFE_INTEGER && exact <= Number.MAX_SAFE_INTEGER ? Number(exact) : exact;
  }
  const real = Number(literal);
  const mag = Math.abs(real);
  if (!Number.isFinite(real) || (mag !== 0 && mag < MIN_NORMAL)) {
    throw new FramingError('syntax', `number outside valid range: ${literal}`);
  }
  return real === 0 ? 0 : real;
}

/** The literal's value if it is an integer within int64 (0 for any zero), else undefined. */
function exactInteger(negative: boolean, int: string, frac: string, expText: string): bigint | undefined {
  let digits = (int + frac).replace(/^0+/, '');
  if (digits === '') return 0n;
  const exp = Number(expText);
  if (Math.abs(exp) > MAX_SANE_EXPONENT) return undefined;
  let pow10 = exp - frac.length;
  while (pow10 < 0 && digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    pow10++;
  }
  if (pow10 < 0 || digits.length + pow10 > MAX_INT64_DIGITS) return undefined;
  const magnitude = BigInt(digits) * 10n ** BigInt(pow10);
  const value = negative ? -magnitude : magnitude;
  return value >= INT64_MIN && value <= INT64_MAX ? value : undefined;
}

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

class Parser {
  #pos = 0;
  #depth = 0;

  constructor(
    readonly text: string,
    readonly maxDepth: number,
  ) {}

  parseText(): Json {
    const value = this.#value();
    this.#skipWhitespace();
    if (this.#pos < this.text.length) this.#fail('trailing garbage at end of input');
    return value;
  }

  #fail(what: string): never {
    throw new FramingError('syntax', `syntax error at character ${this.#pos}: ${what}`);
  }

  #skipWhitespace(): void {
    const t = this.text;
    while (this.#pos < t.length && isWhitespace(t.charCodeAt(this.#pos))) this.#pos++;
  }

  #value(): Json {
    this.#skipWhitespace();
    const c = this.text.charCodeAt(this.#pos);
    switch (c) {
      case 0x7b: return this.#object();
      case 0x5b: return this.#array();
      case 0x22: return this.#string();
      case 0x74: return this.#keyword('true', true);
      case 0x66: return this.#keyword('false', false);
      case 0x6e: return this.#keyword('null', null);
      default:
        if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return this.#number();
        return this.#fail(Number.isNaN(c) ? 'unexpected end of input' : 'syntax error expecting value');
    }
  }

  #keyword(word: string, value: Json): Json {
    if (!this.text.startsWith(word, this.#pos)) this.#fail('invalid keyword');
    this.#pos += word.length;
    return value;
  }

  #number(): number | bigint {
    NUMBER_RE.lastIndex = this.#pos;
    const m = NUMBER_RE.exec(this.text);
    if (m === null) return this.#fail('syntax error in number');
    this.#pos += m[0].length;
    try {
      return numberFromLiteral(m[0]);
    } catch (e) {
      return this.#fail((e as Error).message);
    }
  }

  #enter(): void {
    if (++this.#depth > this.maxDepth) {
      throw new FramingError('too-deep', `input exceeds maximum nesting depth ${this.maxDepth}`);
    }
    this.#pos++;
  }

  /** Consumes `close` if it is next (after whitespace); else expects a ','. */
  #endOrComma(close: number, what: string): boolean {
    this.#skipWhitespace();
    const c = this.text.charCodeAt(this.#pos++);
    if (c === close) return true;
    if (c !== 0x2c) this.#fail(`syntax error expecting '${what}' or ','`);
    return false;
  }

  #array(): Json[] {
    this.#enter();
    const out: Json[] = [];
    this.#skipWhitespace();
    if (this.text.charCodeAt(this.#pos) === 0x5d) {
      this.#pos++;
    } else {
      do out.push(this.#value());
      while (!this.#endOrComma(0x5d, ']'));
    }
    this.#depth--;
    return out;
  }

  #object(): JsonObject {
    this.#enter();
    const out: JsonObject = {};
    this.#skipWhitespace();
    if (this.text.charCodeAt(this.#pos) === 0x7d) {
      this.#pos++;
    } else {
      do this.#member(out);
      while (!this.#endOrComma(0x7d, '}'));
    }
    this.#depth--;
    return out;
  }

  #member(out: JsonObject): void {
    this.#skipWhitespace();
    if (this.text.charCodeAt(this.#pos) !== 0x22) this.#fail('syntax error parsing object expecting string');
    const key = this.#string();
    this.#skipWhitespace();
    if (this.text.charCodeAt(this.#pos++) !== 0x3a) this.#fail("syntax error parsing object expecting ':'");
    const value = this.#value();
    setMember(out, key, value);
  }

  #string(): string {
    const t = this.text;
    const start = ++this.#pos;
    let i = start;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === 0x22) break;
      if (c === 0x5c) return this.#escapedString(start, i);
      if (c < 0x20 || Number.isNaN(c)) this.#failAt(i, Number.isNaN(c) ? 'unexpected end of input in quoted string' : 'control character must be escaped in quoted string');
      i++;
    }
    this.#pos = i + 1;
    return t.slice(start, i);
  }

  #failAt(pos: number, what: string): never {
    this.#pos = pos;
    return this.#fail(what);
  }

  /** The rest of a string from its first backslash at `i`. */
  #escapedString(start: number, i: number): string {
    const t = this.text;
    let out = '';
    let run = start;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c >= 0x20 && c !== 0x22 && c !== 0x5c) {
        i++;
        continue;
      }
      out += t.slice(run, i);
      if (c === 0x22) break;
      if (c !== 0x5c) {
        this.#failAt(i, Number.isNaN(c) ? 'unexpected end of input in quoted string' : 'control character must be escaped in quoted string');
      }
      const simple = ESCAPES.get(t.charCodeAt(i + 1));
      if (simple !== undefined) {
        out += simple;
        i += 2;
      } else if (t.charCodeAt(i + 1) === 0x75) {
        const [s, next] = this.#unicodeEscape(i);
        out += s;
        i = next;
      } else {
        this.#failAt(i, 'bad escape');
      }
      run = i;
    }
    this.#pos = i + 1;
    return out;
  }

  /** `\uXXXX` at `i`, with a second one if the first is a leading surrogate. */
  #unicodeEscape(i: number): [string, number] {
    const hi = this.#hex4(i + 2);
    if (hi === 0) this.#failAt(i, 'null bytes not supported in quoted strings');
    if (hi >= 0xdc00 && hi <= 0xdfff) this.#failAt(i, 'unpaired trailing surrogate in \\u escape');
    if (hi < 0xd800 || hi > 0xdbff) return [String.fromCharCode(hi), i + 6];
    if (this.text.charCodeAt(i + 6) !== 0x5c || this.text.charCodeAt(i + 7) !== 0x75) {
      this.#failAt(i, 'malformed escaped surrogate pair');
    }
    const lo = this.#hex4(i + 8);
    if (lo < 0xdc00 || lo > 0xdfff) {
      this.#failAt(i, 'second half of escaped surrogate pair is not trailing surrogate');
    }
    return [String.fromCharCode(hi, lo), i + 12];
  }

  #hex4(i: number): number {
    const h = this.text.slice(i, i + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(h)) this.#failAt(i, 'malformed \\u escape');
    return parseInt(h, 16);
  }
}
