/**
 * Record framing and recovery scanning (src/storage/record.ts, log-file.ts) on a file written by
 * ovsdb-server 3.1 (test/fixtures/storage/types-server.db: `ovsdb-tool create` with
 * types.ovsschema, then transactions through ovsdb-server).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import { frameRecord, readRecordAt, type GoodRecord } from '../../src/storage/record.js';
import { logRecords, parseLogStart } from '../../src/storage/log-file.js';
import { OvsdbError } from '../../src/ovsdb/error.js';

const FIXTURE = new URL('../fixtures/storage/types-server.db', import.meta.url);
const bytes = readFileSync(FIXTURE);

function allRecords(buf: Buffer): { records: GoodRecord[]; end: ReturnType<typeof readRecordAt> } {
  const records: GoodRecord[] = [];
  let offset = 0;
  for (;;) {
    const r = readRecordAt(buf, offset);
    if (r.kind !== 'record') return { records, end: r };
    records.push(r);
    offset = r.end;
  }
}

const good = allRecords(bytes);

describe('record framing', () => {
  it('reads every record of an ovsdb-server file, to a clean end', () => {
    expect(good.records.length).toBe(9);
    expect(good.end).toEqual({ kind: 'end', offset: bytes.length });
    const schema = good.records[0]!.json as { name: string };
    expect(schema.name).toBe('types');
  });

  it('frames a body exactly as ovsdb-server does (length and SHA-1 cover the newline)', () => {
    for (const r of good.records) {
      const original = bytes.subarray(r.offset, r.end);
      const nl = original.indexOf(0x0a);
      const body = original.subarray(nl + 1, original.length - 1).toString('utf8');
      const framed = frameRecord(body);
      expect(framed.bytes.equals(original)).toBe(true);
      expect(framed.sha1).toBe(r.sha1);
    }
  });

  it('keeps 64-bit integers exact', () => {
    const first = good.records[1]!.json as Record<string, Record<string, Record<string, unknown>>>;
    const row = Object.values(first['T']!)[0]!;
    expect(row['i']).toBe(9223372036854775807n);
    expect(row['oi']).toBe(-9223372036854775808n);
  });

  it('refuses a zero length, a bad hash, a long header line', () => {
    const cases: [string, RegExp][] = [
      ['OVSDB JSON 0 da39a3ee5e6b4b0d3255bfef95601890afd80709\n', /parse error in header/],
      ['OVSDB JSON 3 da39a3ee5e6b4b0d3255bfef95601890afd80709\n{}\n', /have SHA-1 hash/],
      ['OVSDB JSON 3 xx39a3ee5e6b4b0d3255bfef95601890afd80709\n{}\n', /parse error in header/],
      ['OVSDB JSON ' + '1'.repeat(200) + '\n', /header line too long/],
      ['OVSDB JSON 3 da39a3ee5e6b4b0d3255bfef95601890afd8070', /truncated header/],
      ['OVSDB CLUSTER 3 da39a3ee5e6b4b0d3255bfef95601890afd80709\n{}\n', /clustered/],
    ];
    for (const [text, re] of cases) {
      const r = readRecordAt(Buffer.from(text, 'latin1'), 0);
      expect(r.kind, text).toBe('bad');
      if (r.kind === 'bad') expect(r.reason).toMatch(re);
    }
  });

  it('refuses a body that is not one JSON object', () => {
    for (const body of ['{"a":1', '{} {}', '"str"', 'nul', '{"a":1e999}']) {
      const r = readRecordAt(frameRecord(body).bytes, 0);
      expect(r.kind, body).toBe('bad');
    }
  });
});

describe('recovery scan', () => {
  const schemaEnd = good.records[0]!.end;
  /** Offsets where records start, plus the end of file. */
  const starts = good.records.map((r) => r.offset).concat(bytes.length);

  it('stops at the last whole record for a torn tail of every length', () => {
    for (let cut = schemaEnd; cut < bytes.length; cut++) {
      const log = parseLogStart('t.db', bytes.subarray(0, cut));
      expect(log).not.toBeInstanceOf(OvsdbError);
      if (log instanceof OvsdbError) return;
      const it = logRecords(log);
      let n = 0;
      let r = it.next();
      for (; r.done !== true; r = it.next()) n++;
      const lastStart = Math.max(...starts.filter((s) => s <= cut));
      expect(r.value.offset).toBe(lastStart);
      expect(r.value.kind).toBe(lastStart === cut ? 'end' : 'bad');
      expect(n).toBe(starts.indexOf(lastStart) - 1);
    }
  });

  it('stops at the record holding a flipped byte, whichever byte it is', () => {
    for (let i = schemaEnd; i < bytes.length; i += 7) {
      const copy = Buffer.from(bytes);
      copy[i] = copy[i]! ^ 0x04;
      const log = parseLogStart('t.db', copy);
      if (log instanceof OvsdbError) throw log;
      const it = logRecords(log);
      let r = it.next();
      while (r.done !== true) r = it.next();
      const hit = Math.max(...starts.filter((s) => s <= i));
      // A flip in a header's digits may still announce a longer record: either way the scan
      // stops at the record holding the flipped byte, never later.
      expect(r.value.kind).toBe('bad');
      expect(r.value.offset).toBe(hit);
    }
  });

  it('refuses a file whose schema record is damaged, without touching anything', () => {
    expect(parseLogStart('t.db', Buffer.alloc(0))).toBeInstanceOf(OvsdbError);
    expect(parseLogStart('t.db', bytes.subarray(0, schemaEnd - 1))).toBeInstanceOf(OvsdbError);
    const copy = Buffer.from(bytes);
    copy[40] = copy[40]! ^ 1;
    const e = parseLogStart('t.db', copy);
    expect(e).toBeInstanceOf(OvsdbError);
    expect((e as OvsdbError).message).toMatch(/not a standalone OVSDB database/);
    const clustered = parseLogStart('t.db', Buffer.from('OVSDB CLUSTER 3 da39a3ee5e6b4b0d3255bfef95601890afd80709\n{}\n'));
    expect((clustered as OvsdbError).message).toMatch(/clustered/);
  });
});
