/**
 * Reading a whole standalone database file: the schema record first, then transaction records,
 * up to the end or the first record that is torn or corrupt (ovsdb(5); record.ts frames them).
 *
 * A file that does not even start with a good schema record is not a database: that is an error,
 * never something to truncate. A bad record later on is what a crash in the middle of a write
 * leaves (or a flipped bit): the caller truncates the file there, as ovsdb-server does before its
 * first write, and logs what was dropped.
 */
import fs from 'node:fs';
import { Buffer } from 'node:buffer';
import { isJsonObject, type JsonObject } from '../ovsdb/json.js';
import { ErrorTag, OvsdbError } from '../ovsdb/error.js';
import { readRecordAt, type BadRecord, type EndOfLog, type GoodRecord } from './record.js';

export interface LogContents {
  readonly path: string;
  readonly bytes: Buffer;
  readonly schemaRecord: GoodRecord;
  /** The schema record's JSON, as stored. */
  readonly schemaJson: JsonObject;
}

export function ioError(details: string): OvsdbError {
  return new OvsdbError(ErrorTag.IO_ERROR, details);
}

/** Reads `path` and checks that it starts with a schema record. */
export function readLogFile(path: string): LogContents | OvsdbError {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(path);
  } catch (e) {
    return ioError(`${path}: open failed (${(e as Error).message})`);
  }
  return parseLogStart(path, bytes);
}

export function parseLogStart(path: string, bytes: Buffer): LogContents | OvsdbError {
  if (bytes.length === 0) return ioError(`${path}: file is empty, not an OVSDB database`);
  const first = readRecordAt(bytes, 0);
  if (first.kind === 'bad') {
    if (first.clustered) {
      return ioError(`${path}: is a clustered database; ovsdb-ts serves standalone files only (see ovsdb-tool cluster-to-standalone)`);
    }
    return ioError(`${path}: not a standalone OVSDB database: ${first.reason}`);
  }
  if (first.kind !== 'record' || !isJsonObject(first.json)) {
    return ioError(`${path}: the first record is not a database schema`);
  }
  return { path, bytes, schemaRecord: first, schemaJson: first.json };
}

/**
 * The records after the schema, in order. The generator's return value tells how the log ended:
 * cleanly (`end`) or at a bad record (`bad`, whose offset is where the good part ends).
 */
export function* logRecords(log: LogContents): Generator<GoodRecord, EndOfLog | BadRecord> {
  let offset = log.schemaRecord.end;
  for (;;) {
    const r = readRecordAt(log.bytes, offset);
    if (r.kind !== 'record') return r;
    yield r;
    offset = r.end;
  }
}

/** The log line for a dropped tail, e.g. after a crash in the middle of a write. */
export function droppedTailMessage(path: string, bad: BadRecord, fileSize: number): string {
  const n = fileSize - bad.offset;
  return `${path}: dropped ${n} byte${n === 1 ? '' : 's'} at offset ${bad.offset} (of ${fileSize}): ${bad.reason}`;
}
