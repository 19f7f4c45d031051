/**
 * Incremental framing of a JSON-RPC 1.0 byte stream into JSON values (RFC 7047 §4: JSON-RPC 1.0
 * over a stream, messages back to back, no length prefix, optional whitespace between them).
 *
 * Contract:
 * - `push(chunk)` returns the values completed by this chunk, in order. Work is O(n) over the
 *   whole stream: the scanner keeps its state (depth, in-string, escape) between chunks and never
 *   looks at a byte twice; a message's bytes are kept as slices and decoded once, as UTF-8, when
 *   its last byte arrives (so a character split across chunks is decoded correctly).
 * - The framer keeps views into the chunks it is given until their message completes: do not
 *   modify a chunk after pushing it (node sockets never do).
 * - Each message must be a JSON object or array, as ovsdb-server requires (a bare `1` or `"x"`
 *   is "syntax error at beginning of input" there). Top-level arrays are yielded: refusing a
 *   batch is the rpc layer's business.
 * - Errors throw FramingError; after one, the framer is dead and every later push throws too.
 *   Values completed before the bad bytes within the failing push are in `error.values`.
 * - Invalid UTF-8 is an `encoding` error. (ovsdb-server passes such bytes through untouched;
 *   a JS string cannot hold them, so we refuse the message rather than alter it.)
 *
 * Decoding: most messages go to `JSON.parse`. While scanning, a message is marked "slow" if it has
 * an integer run of more than 15 digits, a number with an exponent, a `-0…` number, or a `\u`
 * escape: those are the only places where `JSON.parse` disagrees with ovsdb-server (lost int64
 * precision, `1e400`, negative zero, `\u0000`, unpaired surrogates). Slow messages go to `parseJson`.
 */
import { Buffer, isUtf8 } from 'node:buffer';
import type { Json } from '../ovsdb/json.js';
import { FramingError } from './framing-error.js';
import { DEFAULT_MAX_DEPTH, parseJson } from './json-parse.js';

export const DEFAULT_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

export interface JsonFramerOptions {
  /** Largest message accepted, in bytes, whitespace between messages not counted. */
  maxMessageBytes?: number;
  /** Deepest nesting accepted; the outermost object counts as 1. ovsdb-server: 1000. */
  maxDepth?: number;
}

/** Longest digit run `JSON.parse` is trusted with: 15 digits are always a safe integer. */
const MAX_FAST_DIGITS = 15;
/** Nesting levels a framer starts with room for; it doubles as needed up to maxDepth. */
const INITIAL_STACK = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LOWER_U = 0x75;
const LOWER_E = 0x65;
const CASE_BIT = 0x20;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;
/** `}` is `{` + 2 and `]` is `[` + 2. */
const CLOSER_DELTA = 2;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const MINUS = 0x2d;

function isWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

export class JsonFramer {
  readonly maxMessageBytes: number;
  readonly maxDepth: number;

  /** Open containers of the current message, by opening byte. */
  /** Grows on demand up to maxDepth (a connection's framer costs little until it nests deep). */
  #stack: Uint8Array;
  #depth = 0;
  #inString = false;
  #escape = false;
  #digitRun = 0;
  #slow = false;
  /** The last byte was '-': a following 0 may be -0, which JSON.parse keeps and OVS does not. */
  #minus = false;
  /** Bytes of the current message from earlier chunks. */
  #parts: Uint8Array[] = [];
  #partBytes = 0;
  /** Stream offset of the current chunk's first byte, and of the current message's. */
  #chunkOffset = 0;
  #messageOffset = 0;
  #error: FramingError | undefined;

  constructor(opts: JsonFramerOptions = {}) {
    this.maxMessageBytes = opts.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    this.maxDepth = opts.maxDepth ?? DEFAULT_MAX_DEPTH;
    this.#stack = new Uint8Array(Math.min(this.maxDepth, INITIAL_STACK));
  }

  /** Bytes held for a message not yet complete (0 between messages). */
  get bufferedBytes(): number {
    return this.#partBytes;
  }

  /** Whether a message has begun and not ended: at end of stream, it is truncated. */
  get inMessage(): boolean {
    return this.#depth > 0;
  }

  push(chunk: Uint8Array): Json[] {
    if (this.#error !== undefined) {
      const e = this.#error;
      throw new FramingError(e.code, e.message, e.offset);
    }
    const out: Json[] = [];
    try {
      this.#pushInto(chunk, out);
    } catch (e) {
      const err = e instanceof FramingError ? e : new FramingError('syntax', `syntax error: ${String(e)}`);
      err.values = out;
      this.#error = err;
      throw err;
    }
    return out;
  }

  #pushInto(chunk: Uint8Array, out: Json[]): void {
    const n = chunk.length;
    let start = this.#depth > 0 ? 0 : -1;
    let i = 0;
    while (i < n) {
      if (start < 0) {
        i = this.#skipToMessage(chunk, i);
        if (i === n) break;
        start = i;
        this.#messageOffset = this.#chunkOffset + i;
      }
      i = this.#scan(chunk, i);
      if (i < 0) {
        this.#keepPartial(chunk.subarray(start));
        break;
      }
      out.push(this.#complete(chunk.subarray(start, i)));
      start = -1;
    }
    this.#chunkOffset += n;
  }

  /** Skips whitespace between messages; returns the index of `{` or `[`, or `chunk.length`. */
  #skipToMessage(chunk: Uint8Array, i: number): number {
    for (; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (c === OPEN_OBJECT || c === OPEN_ARRAY) return i;
      if (!isWhitespace(c)) {
        throw this.#syntax(this.#chunkOffset + i, 'syntax error at beginning of input (a message must be a JSON object or array)');
      }
    }
    return i;
  }

  /**
   * Scans message bytes from `i`; returns the index just past the message's closing bracket,
   * or -1 if the chunk ends first. State lives in locals in the loop and in fields between calls.
   */
  #scan(chunk: Uint8Array, i: number): number {
    const n = chunk.length;
    let stack = this.#stack;
    let depth = this.#depth;
    let inString = this.#inString;
    let escape = this.#escape;
    let run = this.#digitRun;
    let slow = this.#slow;
    let minus = this.#minus;
    let end = -1;
    while (i < n) {
      let c = chunk[i++]!;
      if (inString) {
        if (escape) {
          escape = false;
          if (c === LOWER_U) slow = true;
          continue;
        }
        while (c !== QUOTE && c !== BACKSLASH && i < n) c = chunk[i++]!;
        if (c === QUOTE) inString = false;
        else if (c === BACKSLASH) escape = true;
        continue;
      }
      if (c >= DIGIT_0 && c <= DIGIT_9) {
        if (++run > MAX_FAST_DIGITS || (minus && c === DIGIT_0)) slow = true;
        minus = false;
        continue;
      }
      if (run > 0 && (c | CASE_BIT) === LOWER_E) slow = true;
      run = 0;
      minus = c === MINUS;
      if (c === QUOTE) {
        inString = true;
      } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        if (depth >= stack.length) {
          if (depth >= this.maxDepth) throw this.#tooDeep(i - 1);
          stack = this.#growStack();
        }
        stack[depth++] = c;
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        if (stack[--depth] !== c - CLOSER_DELTA) throw this.#syntax(this.#chunkOffset + i - 1, `mismatched '${String.fromCharCode(c)}'`);
        if (depth === 0) {
          end = i;
          break;
        }
      }
    }
    this.#depth = depth;
    this.#inString = inString;
    this.#escape = escape;
    this.#digitRun = run;
    this.#slow = slow;
    this.#minus = minus;
    return end;
  }

  #growStack(): Uint8Array {
    const bigger = new Uint8Array(Math.min(this.maxDepth, this.#stack.length * 2));
    bigger.set(this.#stack);
    this.#stack = bigger;
    return bigger;
  }

  #keepPartial(bytes: Uint8Array): void {
    this.#partBytes += bytes.length;
    if (this.#partBytes > this.maxMessageBytes) throw this.#tooLarge();
    if (bytes.length > 0) this.#parts.push(bytes);
  }

  /** Decodes a finished message: `tail` is its part in the current chunk. */
  #complete(tail: Uint8Array): Json {
    const size = this.#partBytes + tail.length;
    if (size > this.maxMessageBytes) throw this.#tooLarge();
    let bytes: Buffer;
    if (this.#parts.length === 0) {
      bytes = Buffer.from(tail.buffer, tail.byteOffset, tail.byteLength);
    } else {
      this.#parts.push(tail);
      bytes = Buffer.concat(this.#parts, size);
      this.#parts = [];
    }
    this.#partBytes = 0;
    const slow = this.#slow;
    this.#slow = false;
    this.#digitRun = 0;
    return this.#decode(bytes, slow);
  }

  #decode(bytes: Buffer, slow: boolean): Json {
    if (!isUtf8(bytes)) {
      const at = this.#messageOffset + firstInvalidUtf8(bytes);
      throw new FramingError('encoding', `invalid UTF-8 at byte ${at}`, at);
    }
    const text = bytes.toString('utf8');
    try {
      return slow ? parseJson(text, this.maxDepth) : (JSON.parse(text) as Json);
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      const code = e instanceof FramingError ? e.code : 'syntax';
      throw new FramingError(code, `error in message at byte ${this.#messageOffset}: ${detail}`, this.#messageOffset);
    }
  }

  #syntax(at: number, what: string): FramingError {
    return new FramingError('syntax', `syntax error at byte ${at}: ${what}`, at);
  }

  #tooDeep(i: number): FramingError {
    const at = this.#chunkOffset + i;
    return new FramingError('too-deep', `JSON nesting exceeds ${this.maxDepth} levels at byte ${at}`, at);
  }

  #tooLarge(): FramingError {
    return new FramingError(
      'too-large',
      `message at byte ${this.#messageOffset} exceeds maximum size of ${this.maxMessageBytes} bytes`,
      this.#messageOffset,
    );
  }
}

/** Index of the first byte that starts an invalid UTF-8 sequence (RFC 3629 §4), or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    const len = utf8SequenceLength(c);
    if (len === 0 || i + len > n) return i;
    const second = b[i + 1]!;
    const [lo, hi] = secondByteRange(c);
    if (second < lo || second > hi) return i;
    for (let k = 2; k < len; k++) {
      if ((b[i + k]! & 0xc0) !== 0x80) return i;
    }
    i += len;
  }
  return -1;
}

function utf8SequenceLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** Allowed range of the byte after `lead`: excludes overlongs, surrogates, > U+10FFFF. */
function secondByteRange(lead: number): [number, number] {
  switch (lead) {
    case 0xe0: return [0xa0, 0xbf];
    case 0xed: return [0x80, 0x9f];
    case 0xf0: return [0x90, 0xbf];
    case 0xf4: return [0x80, 0x8f];
    default: return [0x80, 0xbf];
  }
}
