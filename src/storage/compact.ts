/**
 * Writing a snapshot for compaction (ovsdb(5): a compacted file is the schema record followed by
 * one record that inserts every row, as ovsdb-server's online compaction writes it, with
 * `"_comment": "compacting database online…"`).
 *
 * The snapshot is of the rows at one instant (the caller captures each table's rows, which are
 * immutable, in one synchronous step). Its text is built in slices of at most `sliceMs` of work,
 * yielding to the event loop between slices, so that serving goes on while a large database is
 * compacted; then it is written to `<db>.tmp` and fsynced without blocking the event loop.
 * The caller appends the transactions committed in the meantime, fsyncs again, and renames the
 * temporary file over the database (atomic), then fsyncs the directory.
 */
import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { Buffer } from 'node:buffer';
import { promisify } from 'node:util';
import type { Row } from '../ovsdb/row.js';
import { encodeJson } from '../wire/json-encode.js';
import { recordHeader } from './record.js';
import { writeAllSync } from './writer.js';
import { COMMENT_MEMBER, DATE_MEMBER, IS_DIFF_MEMBER, insertedRowText } from './txn-record.js';

export const DEFAULT_SLICE_MS = 5;
/** Look at the clock once per this many rows (a cold row can take 100 µs to serialize). */
const ROWS_PER_CLOCK_CHECK = 8;

function writeAsync(fd: number, buf: Uint8Array, off: number, len: number, pos: number): Promise<number> {
  return new Promise((resolve, reject) => fs.write(fd, buf, off, len, pos, (e, n) => (e ? reject(e) : resolve(n))));
}
const fdatasyncAsync = promisify(fs.fdatasync);
const openAsync = promisify(fs.open);
const closeAsync = promisify(fs.close);

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Rows by table, as captured at the snapshot instant. */
export type SnapshotRows = readonly (readonly [string, readonly Row[]])[];

export interface SnapshotText {
  /** Header and body of the snapshot record. */
  readonly chunks: readonly Buffer[];
  readonly bytes: number;
  readonly sha1: string;
}

/**
 * Builds the snapshot record in slices. `aborted()` is polled between slices; when it returns
 * true the work stops and null is returned.
 */
export async function buildSnapshotRecord(
  tables: SnapshotRows,
  dateMs: number,
  comment: string,
  sliceMs: number,
  aborted: () => boolean,
): Promise<SnapshotText | null> {
  const hash = createHash('sha1');
  const body: Buffer[] = [];
  let bodyBytes = 0;
  let text = `{${encodeJson(DATE_MEMBER)}:${dateMs}`;
  const flush = (): void => {
    const b = Buffer.from(text, 'utf8');
    hash.update(b);
    body.push(b);
    bodyBytes += b.length;
    text = '';
  };
  let sliceStart = Date.now();
  for (const [table, rows] of tables) {
    if (rows.length === 0) continue;
    text += `,${encodeJson(table)}:{`;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      text += `${i === 0 ? '' : ','}"${row.uuid}":${insertedRowText(row)}`;
      if (i % ROWS_PER_CLOCK_CHECK === 0 && Date.now() - sliceStart >= sliceMs) {
        flush();
        await yieldToEventLoop();
        if (aborted()) return null;
        sliceStart = Date.now();
      }
    }
    text += '}';
  }
  text += `,${encodeJson(IS_DIFF_MEMBER)}:true,${encodeJson(COMMENT_MEMBER)}:${encodeJson(comment)}}\n`;
  flush();
  const sha1 = hash.digest('hex');
  const header = recordHeader(bodyBytes, sha1);
  return { chunks: [header, ...body], bytes: header.length + bodyBytes, sha1 };
}

/** An open temporary file being filled asynchronously. */
export class TempLog {
  #size = 0;
  #closed = false;

  private constructor(
    readonly path: string,
    readonly fd: number,
  ) {}

  /** Creates (or truncates) `path` for writing, with permission bits `mode`. */
  static async create(path: string, mode: number): Promise<TempLog> {
    const fd = await openAsync(path, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC, mode);
    fs.fchmodSync(fd, mode);
    return new TempLog(path, fd);
  }

  get size(): number {
    return this.#size;
  }

  /** Appends without blocking the event loop. */
  async append(chunks: readonly Uint8Array[]): Promise<void> {
    for (const c of chunks) {
      let done = 0;
      while (done < c.length) {
        const n = await writeAsync(this.fd, c, done, c.length - done, this.#size + done);
        if (n <= 0) throw new Error('short write');
        done += n;
      }
      this.#size += c.length;
    }
  }

  /** Appends synchronously (the small final remainder of a compaction). */
  appendSync(chunks: readonly Uint8Array[]): void {
    for (const c of chunks) {
      writeAllSync(this.fd, c, this.#size);
      this.#size += c.length;
    }
  }

  sync(): Promise<void> {
    return fdatasyncAsync(this.fd);
  }

  syncSync(): void {
    fs.fdatasyncSync(this.fd);
  }

  /** Gives up: closes and removes the file. */
  async discard(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      await closeAsync(this.fd).catch(() => undefined);
    }
    fs.rmSync(this.path, { force: true });
  }

  /** The fd now belongs to someone else (the log writer). */
  release(): number {
    this.#closed = true;
    return this.fd;
  }
}
