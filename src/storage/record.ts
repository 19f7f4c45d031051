/**
 * Record framing of the standalone OVSDB file, ovsdb(5) "Database File Format":
 *
 *   OVSDB JSON <length> <sha1>\n<json>\n
 *
 * `<length>` is the decimal byte count and `<sha1>` the lowercase hex SHA-1 of the bytes after
 * the header line: the JSON text *and* its trailing newline (ovsdb-server writes the newline as
 * part of the body; checked against ovsdb-server 3.1). A reader takes exactly `<length>` bytes and
 * parses them as one JSON value, so a body without the newline is read as well.
 *
 * Everything here is pure: bytes in, values out. Reading never throws on bad input; it returns a
 * `bad` result that says where and why, so recovery can truncate there.
 */
import { createHash } from 'node:crypto';
import { Buffer } from 'node:buffer';
import type { Json } from '../ovsdb/json.js';
import { JsonFramer } from '../wire/json-framer.js';

export const RECORD_MAGIC = 'OVSDB JSON ';
/** A clustered (Raft) file starts with this magic instead; ovsdb(5) "Clustered format". */
export const CLUSTER_MAGIC = 'OVSDB CLUSTER ';
/** ovsdb-server reads a header line into a 128-byte buffer; a longer line is not a header. */
export const MAX_HEADER_BYTES = 128;
const NEWLINE = 0x0a;
const HEADER_RE = /^OVSDB JSON ([0-9]+) ([0-9a-fA-F]{40})\n$/;

export function sha1Hex(bytes: Uint8Array | string): string {
  return createHash('sha1').update(bytes).digest('hex');
}

export interface FramedRecord {
  /** Header and body, ready to append. */
  readonly bytes: Buffer;
  /** SHA-1 of the body, as in the header. */
  readonly sha1: string;
}

/** Frames one record around `jsonText` (a serialized JSON object, no trailing newline). */
export function frameRecord(jsonText: string): FramedRecord {
  const body = Buffer.from(jsonText + '\n', 'utf8');
  const sha1 = sha1Hex(body);
  const header = recordHeader(body.length, sha1);
  return { bytes: Buffer.concat([header, body], header.length + body.length), sha1 };
}

/** The header line of a record whose body (newline included) has `length` bytes and SHA-1 `sha1`. */
export function recordHeader(length: number, sha1: string): Buffer {
  return Buffer.from(`${RECORD_MAGIC}${length} ${sha1}\n`, 'latin1');
}

/** One good record: `offset` is where its header starts, `end` where the next record starts. */
export interface GoodRecord {
  readonly kind: 'record';
  readonly offset: number;
  readonly end: number;
  readonly sha1: string;
  readonly json: Json;
}
/** Clean end of file at `offset`. */
export interface EndOfLog {
  readonly kind: 'end';
  readonly offset: number;
}
/** The bytes from `offset` on are not a good record: torn, corrupt, or not a record at all. */
export interface BadRecord {
  readonly kind: 'bad';
  readonly offset: number;
  readonly reason: string;
  /** The header was a clustered-format header (only meaningful at offset 0). */
  readonly clustered: boolean;
}
export type ReadResult = GoodRecord | EndOfLog | BadRecord;

function bad(offset: number, reason: string, clustered = false): BadRecord {
  return { kind: 'bad', offset, reason, clustered };
}

/** Reads the record that starts at `offset` in `buf` (the whole file, or a prefix of it). */
export function readRecordAt(buf: Uint8Array, offset: number): ReadResult {
  if (offset >= buf.length) return { kind: 'end', offset };
  const limit = Math.min(buf.length, offset + MAX_HEADER_BYTES);
  let nl = -1;
  for (let i = offset; i < limit; i++) {
    if (buf[i] === NEWLINE) {
      nl = i;
      break;
    }
  }
  const headerText = Buffer.from(buf.buffer, buf.byteOffset + offset, (nl < 0 ? limit : nl + 1) - offset).toString('latin1');
  if (headerText.startsWith(CLUSTER_MAGIC)) {
    return bad(offset, 'clustered database file (OVSDB CLUSTER record)', true);
  }
  if (nl < 0) {
    const what = limit === buf.length ? 'truncated header' : 'header line too long';
    return bad(offset, `${what} "${printable(headerText)}"`);
  }
  const m = HEADER_RE.exec(headerText);
  const length = m === null ? 0 : Number(m[1]);
  if (m === null || length === 0 || !Number.isSafeInteger(length)) {
    return bad(offset, `parse error in header line "${printable(headerText.slice(0, -1))}"`);
  }
  const bodyStart = nl + 1;
  const end = bodyStart + length;
  if (end > buf.length) {
    return bad(offset, `truncated record: header announces ${length} bytes, ${buf.length - bodyStart} present`);
  }
  const body = buf.subarray(bodyStart, end);
  const expected = (m[2] ?? '').toLowerCase();
  const actual = sha1Hex(body);
  if (actual !== expected) {
    return bad(offset, `${length} bytes starting at offset ${bodyStart} have SHA-1 hash ${actual} but should have hash ${expected}`);
  }
  const parsed = parseBody(body);
  if (typeof parsed === 'string') {
    return bad(offset, `${length} bytes starting at offset ${bodyStart} are not valid JSON (${parsed})`);
  }
  return { kind: 'record', offset, end, sha1: actual, json: parsed.value };
}

/** One JSON object or array, optionally followed by whitespace; else a reason. */
function parseBody(body: Uint8Array): { value: Json } | string {
  const framer = new JsonFramer({ maxMessageBytes: Number.MAX_SAFE_INTEGER });
  let values: Json[];
  try {
    values = framer.push(body);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  if (framer.inMessage) return 'unexpected end of input';
  if (values.length !== 1) return values.length === 0 ? 'empty record' : 'more than one JSON value';
  return { value: values[0] as Json };
}

/** Control characters shown escaped so a log line stays one line. */
function printable(s: string): string {
  return s.replace(/[\x00-\x1f\x7f-\xff]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
