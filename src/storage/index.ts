/**
 * Durable storage of one database in a standalone OVSDB file (ovsdb(5)), interchangeable with
 * ovsdb-server's: a file written by either opens in the other.
 *
 * How the server uses it (the commit pipeline, STYLE.md §8):
 *
 *   const store = await openStorage(path, { fsync, createFrom });  // lock, read, replay
 *   // store.db is the replayed engine Database, store.schema its schema.
 *   // For each successful transaction, synchronously in one turn of the event loop:
 *   const { txnId, wait } = store.write(prepared);   // throws OvsdbError ("I/O error"): fail
 *                                                   //   the transaction, memory unchanged
 *   store.db.commit(prepared);             // apply
 *   notifyMonitors(prepared.changes, txnId);
 *   if (wait) await wait;                  // an fsync (durable: true, or --fsync always/group)
 *   reply();
 *
 * Transaction ids (txn-id.ts) are derived from the records, so they are the same after a
 * restart; `store.history` holds the last transactions replayed from the file (their ids and
 * change sets) so that monitor_cond_since can resume across a restart. A compaction snapshot
 * resets that history (clients older than the snapshot get a full resync), but not the id.
 * `write` returns a fresh random id for a transaction with nothing persistent to write (only
 * ephemeral columns changed): no record, so nothing to derive an id from, and nothing to resume.
 *
 * If the fsync that `wait` stands for fails, the promise rejects with an I/O error: the
 * transaction is applied (as in ovsdb-server, whose memory is ahead of a failed fsync too) but
 * must not be reported as durable; the store refuses every later write.
 *
 * Compaction (compact.ts) runs automatically once the file has grown to `compactGrowth` times its
 * size after the last compaction (or after opening) and past `compactMinBytes` (ovsdb-server: 2x
 * and 10 MiB), or on demand with `store.compact()`: the CLI maps SIGUSR2 to it for every file it
 * serves (SIGUSR1 belongs to Node's inspector), like `ovs-appctl ovsdb-server/compact`.
 * It never blocks commits: they go on being written to the old file and are copied to the new
 * one before it is renamed into place. A crash at any point leaves either the old or the new
 * file, both complete. The work is done in slices of `compactSliceMs` (default 5 ms) between
 * which the server goes on serving.
 *
 * `--in-memory` needs no storage at all: the server uses an engine Database without a store.
 */
import fs from 'node:fs';
import { dirname } from 'node:path';
import { Buffer } from 'node:buffer';
import { OvsdbError, ErrorTag } from '../ovsdb/error.js';
import type { DatabaseSchema } from '../ovsdb/types.js';
import type { Row } from '../ovsdb/row.js';
import { randomUuid } from '../ovsdb/uuid.js';
import type { Database, PreparedTxn } from '../engine/index.js';
import { logger } from '../log.js';
import { frameRecord } from './record.js';
import { droppedTailMessage, readLogFile } from './log-file.js';
import { lockDatabaseFile, type FileLock } from './lock.js';
import { DEFAULT_FSYNC_POLICY, LogWriter, type FsyncPolicy } from './writer.js';
import { txnRecordText } from './txn-record.js';
import { nextTxnId, snapshotComment } from './txn-id.js';
import { replayLog, type TxnHistory } from './replay.js';
import { createDatabaseFile, fsyncDirectoryAsync } from './create.js';
import { DEFAULT_SLICE_MS, TempLog, buildSnapshotRecord } from './compact.js';

export { createDatabaseFile } from './create.js';
export { showLog } from './show-log.js';
export { parseFsyncPolicy, fsyncPolicyToString, type FsyncPolicy } from './writer.js';
export type { TxnHistory, TxnHistoryEntry } from './replay.js';
export { lockFileName } from './lock.js';

const log = logger('ovsdb_storage');

/** ovsdb-server compacts when the log exceeds 10 MiB and has doubled since the last snapshot. */
export const DEFAULT_COMPACT_MIN_BYTES = 10 * 1024 * 1024;
export const DEFAULT_COMPACT_GROWTH = 2;
/** After a failed compaction, wait this long before trying again automatically. */
const COMPACT_RETRY_MS = 60_000;
const TEMP_SUFFIX = '.tmp';
const PERMISSION_BITS = 0o7777;
/** As ovsdb-server creates files: 0666, less the umask. */
const DEFAULT_FILE_MODE = 0o666;
/** Asynchronous rounds of copying late commits into the new file before the final, synchronous one. */
const CATCH_UP_ROUNDS = 3;

export interface StorageOptions {
  /** When the reply waits for fsync (writer.ts). Default: `never`, as ovsdb-server. */
  readonly fsync?: FsyncPolicy;
  /** Create the file from this schema file when it does not exist. */
  readonly createFrom?: string;
  /** Automatic compaction; `false` turns it off. */
  readonly autoCompact?: boolean;
  readonly compactMinBytes?: number;
  readonly compactGrowth?: number;
  /** Longest piece of compaction work between two yields to the event loop, in ms. */
  readonly compactSliceMs?: number;
  /** Transactions kept in `history` from replay (default 100). */
  readonly historySize?: number;
  /** Log progress during a long replay (default true). */
  readonly progress?: boolean;
  /** How long to wait for the lock of a just-killed ovsdb-ts to go away (default 3 s). */
  readonly lockWaitMs?: number;
}

export interface StorageStats {
  readonly fileBytes: number;
  /** Size of the file right after the last compaction (or when opened). */
  readonly baseBytes: number;
  readonly compactions: number;
  readonly compacting: boolean;
}

export interface CompactionResult {
  readonly beforeBytes: number;
  readonly afterBytes: number;
  readonly rows: number;
  readonly ms: number;
}

/** What `Storage.write` did: the transaction's id, and the fsync its reply waits for (or null). */
export interface WrittenTxn {
  readonly txnId: string;
  readonly wait: Promise<void> | null;
}

export class Storage {
  readonly #lock: FileLock;
  readonly #writer: LogWriter;
  readonly #opts: StorageOptions;
  readonly #schemaBody: string;
  #lastTxnId: string;
  #baseBytes: number;
  #compactions = 0;
  /** Records written since the current compaction's snapshot instant; null when not compacting. */
  #pending: Buffer[] | null = null;
  /** Some record in #pending waits for fsync (durable, or the policy). */
  #pendingNeedsSync = false;
  #compaction: Promise<CompactionResult> | null = null;
  #noAutoCompactUntil = 0;
  #closing = false;
  /** The file itself, symlinks resolved: compaction replaces it, never a symlink to it. */
  readonly #realPath: string;

  /** Use openStorage(). */
  constructor(
    readonly path: string,
    readonly db: Database,
    readonly schema: DatabaseSchema,
    readonly history: TxnHistory,
    lastTxnId: string,
    schemaBody: string,
    lock: FileLock,
    writer: LogWriter,
    opts: StorageOptions,
  ) {
    this.#lastTxnId = lastTxnId;
    this.#schemaBody = schemaBody;
    this.#lock = lock;
    this.#writer = writer;
    this.#opts = opts;
    this.#baseBytes = writer.offset;
    this.#realPath = fs.realpathSync(path);
  }

  /** The permission bits of the current file, which the compacted one keeps. */
  #fileMode(): number {
    try {
      return fs.statSync(this.#realPath).mode & PERMISSION_BITS;
    } catch {
      return DEFAULT_FILE_MODE;
    }
  }

  /** The id of the last transaction written (or replayed). */
  get lastTxnId(): string {
    return this.#lastTxnId;
  }

  get fsyncPolicy(): FsyncPolicy {
    return this.#writer.policy;
  }

  /**
   * Writes the record of a prepared, successful transaction, before the engine applies it.
   * Returns the transaction's id, and what its reply must wait for: an fsync when the transaction
   * was durable or the policy says so (rejects with an I/O error when fsync fails), else null.
   * Throws an OvsdbError ("I/O error") when the write fails: the file is then as it was, and the
   * transaction must fail.
   */
  write(prepared: PreparedTxn): WrittenTxn {
    const text = txnRecordText(prepared.changes, Date.now(), prepared.comment);
    if (text === null) return { txnId: randomUuid(), wait: null };
    const framed = frameRecord(text);
    const wait = this.#writer.append(framed.bytes, prepared.durable);
    if (wait instanceof OvsdbError) throw wait;
    if (this.#pending !== null) {
      this.#pending.push(framed.bytes);
      if (wait !== null) this.#pendingNeedsSync = true;
    }
    this.#lastTxnId = nextTxnId(this.#lastTxnId, framed.sha1);
    this.#maybeAutoCompact();
    return { txnId: this.#lastTxnId, wait };
  }

  /** Resolves once everything written so far is on disk. */
  sync(): Promise<void> {
    return this.#writer.sync();
  }

  stats(): StorageStats {
    return {
      fileBytes: this.#writer.offset,
      baseBytes: this.#baseBytes,
      compactions: this.#compactions,
      compacting: this.#compaction !== null,
    };
  }

  /** Compacts now (or joins the compaction under way). Rejects with an OvsdbError on failure. */
  compact(): Promise<CompactionResult> {
    if (this.#closing) return Promise.reject(new OvsdbError(ErrorTag.IO_ERROR, `${this.path}: storage is closed`));
    this.#compaction ??= this.#compact().finally(() => {
      this.#compaction = null;
      this.#pending = null;
    });
    return this.#compaction;
  }

  /** Finishes (or abandons) a compaction, syncs, closes the file and releases the lock. */
  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    await this.#compaction?.catch(() => undefined);
    try {
      await this.#writer.close();
    } finally {
      await this.#lock.release();
    }
  }

  #maybeAutoCompact(): void {
    if (this.#opts.autoCompact === false || this.#compaction !== null || this.#closing) return;
    const size = this.#writer.offset;
    const min = this.#opts.compactMinBytes ?? DEFAULT_COMPACT_MIN_BYTES;
    const growth = this.#opts.compactGrowth ?? DEFAULT_COMPACT_GROWTH;
    if (size < min || size < growth * this.#baseBytes || Date.now() < this.#noAutoCompactUntil) return;
    setImmediate(() => {
      if (this.#compaction !== null || this.#closing) return;
      this.compact().catch((e: unknown) => {
        this.#noAutoCompactUntil = Date.now() + COMPACT_RETRY_MS;
        log.err(`${this.path}: automatic compaction failed: ${e instanceof Error ? e.message : String(e)}`);
      });
    });
  }

  async #compact(): Promise<CompactionResult> {
    const start = Date.now();
    const before = this.#writer.offset;
    const { tables, rows } = this.#captureRows();
    this.#pending = [];
    this.#pendingNeedsSync = false;
    const comment = snapshotComment(this.#lastTxnId);
    const aborted = (): boolean => this.#closing || this.#writer.broken !== null;
    let tmp: TempLog | null = null;
    try {
      const sliceMs = this.#opts.compactSliceMs ?? DEFAULT_SLICE_MS;
      const snap = await buildSnapshotRecord(tables, Date.now(), comment, sliceMs, aborted);
      if (snap === null) throw abandoned();
      tmp = await TempLog.create(this.#realPath + TEMP_SUFFIX, this.#fileMode());
      await tmp.append([frameRecord(this.#schemaBody).bytes, ...snap.chunks]);
      await tmp.sync();
      await this.#catchUp(tmp, aborted);
      const size = this.#install(tmp);
      tmp = null;
      const result = { beforeBytes: before, afterBytes: size, rows, ms: Date.now() - start };
      log.info(`${this.path}: compacted ${before} → ${size} bytes (${rows} rows) in ${result.ms} ms`);
      return result;
    } catch (e) {
      await tmp?.discard();
      throw e instanceof OvsdbError ? e : new OvsdbError(ErrorTag.IO_ERROR, `${this.path}: compaction failed (${(e as Error).message})`);
    }
  }

  /** The snapshot instant: rows are immutable, so arrays of them are a consistent copy. */
  #captureRows(): { tables: [string, Row[]][]; rows: number } {
    const tables: [string, Row[]][] = [];
    let rows = 0;
    for (const name of this.schema.tables.keys()) {
      const t = [...this.db.rows(name).values()];
      rows += t.length;
      tables.push([name, t]);
    }
    return { tables, rows };
  }

  /**
   * Copies the records committed since the snapshot instant into the temporary file, a few
   * rounds asynchronously (append, fsync), while commits go on.
   */
  async #catchUp(tmp: TempLog, aborted: () => boolean): Promise<void> {
    const pending = this.#pending!;
    for (let round = 0; round < CATCH_UP_ROUNDS && pending.length > 0; round++) {
      this.#pendingNeedsSync = false;
      await tmp.append(pending.splice(0));
      await tmp.sync();
      if (aborted()) throw abandoned();
    }
  }

  /**
   * Synchronously, so that no commit slips in between: writes the remainder of late commits
   * (fsynced only if one of them waits for durability: the rest of the file already is), renames
   * the temporary file over the database, and points the writer at the new file; fsyncs wait for
   * the directory's fsync that makes the rename durable. Returns the new file's size.
   */
  #install(tmp: TempLog): number {
    const rest = this.#pending!.splice(0);
    if (rest.length > 0) {
      tmp.appendSync(rest);
      if (this.#pendingNeedsSync || this.#writer.policy.kind !== 'never') tmp.syncSync();
    }
    fs.renameSync(tmp.path, this.#realPath);
    const size = tmp.size;
    this.#writer.switchTo(tmp.release(), size, fsyncDirectoryAsync(dirname(this.#realPath)));
    this.#baseBytes = size;
    this.#compactions++;
    return size;
  }
}

function abandoned(): OvsdbError {
  return new OvsdbError(ErrorTag.IO_ERROR, 'compaction abandoned (storage closing or broken)');
}

/**
 * Opens (or, with `createFrom`, creates) the database file at `path`: takes the lock, reads and
 * replays it, truncates a torn or corrupt tail (logging what was dropped), and returns the store.
 * Throws an OvsdbError with a clear message when the file cannot be used.
 */
export async function openStorage(path: string, opts: StorageOptions = {}): Promise<Storage> {
  if (!fs.existsSync(path)) {
    if (opts.createFrom === undefined) throw new OvsdbError(ErrorTag.IO_ERROR, `${path}: database file does not exist`);
    createDatabaseFile(path, opts.createFrom);
    log.info(`${path}: created from ${opts.createFrom}`);
  }
  const lock = await lockDatabaseFile(path, { orphanWaitMs: opts.lockWaitMs });
  if (lock instanceof OvsdbError) throw lock;
  try {
    return openLocked(path, lock, opts);
  } catch (e) {
    await lock.release();
    throw e;
  }
}

function openLocked(path: string, lock: FileLock, opts: StorageOptions): Storage {
  // Whoever left a temporary file died compacting; the database itself is intact.
  fs.rmSync(fs.realpathSync(path) + TEMP_SUFFIX, { force: true });
  const contents = readLogFile(path);
  if (contents instanceof OvsdbError) throw contents;
  const replay = replayLog(contents, { historySize: opts.historySize, progress: opts.progress });
  if (replay instanceof OvsdbError) throw replay;
  if (replay.bad !== null) {
    log.warn(droppedTailMessage(path, replay.bad, contents.bytes.length));
    fs.truncateSync(path, replay.goodEnd);
  }
  let fd: number;
  try {
    fd = fs.openSync(path, 'r+');
  } catch (e) {
    throw new OvsdbError(ErrorTag.IO_ERROR, `${path}: open failed (${(e as Error).message})`);
  }
  if (replay.bad !== null) fs.fsyncSync(fd);
  const schemaRecord = contents.bytes.subarray(contents.schemaRecord.offset, contents.schemaRecord.end).toString('utf8');
  const writer = new LogWriter(path, fd, replay.goodEnd, opts.fsync ?? DEFAULT_FSYNC_POLICY);
  return new Storage(
    path,
    replay.db,
    replay.schema,
    replay.history,
    replay.lastTxnId,
    schemaBodyText(schemaRecord),
    lock,
    writer,
    opts,
  );
}

/** The JSON text of a whole framed record (header line dropped, trailing newline dropped). */
function schemaBodyText(record: string): string {
  const nl = record.indexOf('\n');
  return record.slice(nl + 1).replace(/\n$/, '');
}
