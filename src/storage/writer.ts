/**
 * Appending records to the log file, and making them durable.
 *
 * Writes are synchronous (`fs.writeSync` at a tracked offset): the server's commit path is
 * prepare → write → apply → notify → reply, and memory must never get ahead of the file
 * (ovsdb-server's ovsdb_log_write() also writes and flushes before the commit is applied).
 * A failed or short write truncates the file back to the last whole record (as ovsdb-server does)
 * and is returned as an I/O error; the transaction then fails and memory is untouched. If even
 * the truncation fails the writer is broken and refuses every later write.
 *
 * fsync is asynchronous (libuv's thread pool), so it never stalls the event loop. A waiter for
 * "everything up to write N is on disk" is satisfied by an fsync that *started* after write N;
 * writes made while an fsync runs are covered by the next one, so concurrent durable commits
 * share fsyncs (group commit).
 *
 * The fsync policy (`--fsync`), i.e. when a commit's reply waits for fsync:
 * - `never` (default, as ovsdb-server): a commit is written to the kernel before its reply but
 *   only fsynced when the transaction asks for it (`{"op":"commit","durable":true}`, RFC 7047
 *   §5.2.12). Fast; an OS crash or power loss may lose recently acknowledged transactions, a
 *   crash of ovsdb-ts itself loses nothing.
 * - `always`: every commit is fsynced before its reply. Survives power loss; each reply costs a
 *   disk flush (concurrent commits share one).
 * - `group:N`: every commit is fsynced before its reply, but the fsync is delayed up to N ms to
 *   gather more commits into it. Survives power loss; higher latency, fewer flushes under load.
 */
import fs from 'node:fs';
import { ErrorTag, OvsdbError } from '../ovsdb/error.js';

export type FsyncPolicy =
  | { readonly kind: 'never' }
  | { readonly kind: 'always' }
  | { readonly kind: 'group'; readonly windowMs: number };

export const DEFAULT_FSYNC_POLICY: FsyncPolicy = { kind: 'never' };

/** Parses `never`, `always` or `group:N` (N milliseconds, a non-negative integer). */
export function parseFsyncPolicy(text: string): FsyncPolicy | Error {
  if (text === 'never' || text === 'always') return { kind: text };
  const m = /^group:([0-9]{1,6})$/.exec(text);
  if (m !== null) return { kind: 'group', windowMs: Number(m[1]) };
  return new Error(`--fsync: "${text}" is not never, always or group:MS`);
}

export function fsyncPolicyToString(p: FsyncPolicy): string {
  return p.kind === 'group' ? `group:${p.windowMs}` : p.kind;
}

interface Waiter {
  readonly seq: number;
  resolve(): void;
  reject(e: OvsdbError): void;
}

/** Writes all of `bytes` at `position`, over as many writes as the OS needs; throws if one writes nothing. */
export function writeAllSync(fd: number, bytes: Uint8Array, position: number): void {
  for (let done = 0; done < bytes.length; ) {
    const n = fs.writeSync(fd, bytes, done, bytes.length - done, position + done);
    if (n <= 0) throw new Error('short write');
    done += n;
  }
}

export class LogWriter {
  #fd: number;
  #offset: number;
  #broken: OvsdbError | null = null;
  /** Number of appends so far; an fsync started after append N covers 1..N. */
  #seq = 0;
  #syncedSeq = 0;
  #syncing = false;
  #timer: NodeJS.Timeout | null = null;
  #waiters: Waiter[] = [];
  #closed = false;
  /** A directory fsync that later fsyncs must wait for (after compaction's rename). */
  #barrier: Promise<void> | null = null;

  constructor(
    readonly path: string,
    fd: number,
    offset: number,
    readonly policy: FsyncPolicy = DEFAULT_FSYNC_POLICY,
  ) {
    this.#fd = fd;
    this.#offset = offset;
  }

  /** Bytes in the file: the offset of the next record. */
  get offset(): number {
    return this.#offset;
  }

  /** The error that broke the writer, if any; every write fails with it. */
  get broken(): OvsdbError | null {
    return this.#broken;
  }

  /**
   * Appends `bytes` synchronously. Returns null when the data need not wait for fsync, a
   * promise that resolves once it is on disk (per `durable` and the policy), or an I/O error
   * (nothing was written).
   */
  append(bytes: Uint8Array, durable: boolean): Promise<void> | null | OvsdbError {
    if (this.#broken !== null) return this.#broken;
    if (this.#closed) return new OvsdbError(ErrorTag.IO_ERROR, `${this.path}: log is closed`);
    const err = this.#writeAll(bytes);
    if (err !== null) return err;
    this.#seq++;
    if (!durable && this.policy.kind === 'never') return null;
    return this.#waitFor(this.#seq, durable);
  }

  /** Resolves once everything appended so far is on disk. */
  sync(): Promise<void> {
    if (this.#syncedSeq >= this.#seq) return Promise.resolve();
    return this.#waitFor(this.#seq, true);
  }

  /**
   * Points the writer at another file (after compaction renamed it into place). The new file must
   * already hold, on disk, everything appended so far, and its name must be durable once
   * `renamed` resolves (the directory's fsync): every waiter, and every later fsync, is satisfied
   * only after that.
   */
  switchTo(fd: number, offset: number, renamed: Promise<void>): void {
    const old = this.#fd;
    const seq = this.#seq;
    this.#fd = fd;
    this.#offset = offset;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    const barrier = renamed.then(
      () => {
        this.#syncedSeq = Math.max(this.#syncedSeq, seq);
        this.#resolveUpTo(seq);
      },
      (e: Error) => {
        this.#broken ??= new OvsdbError(ErrorTag.IO_ERROR, `${this.path}: fsync of directory failed (${e.message})`);
        this.#rejectAll(this.#broken);
      },
    );
    this.#barrier = barrier.finally(() => {
      if (this.#barrier === tracked) this.#barrier = null;
      if (this.#waiters.length > 0) this.#schedule(0);
    });
    const tracked = this.#barrier;
    // An fsync running on the old fd closes it when it returns; else close it now.
    if (!this.#syncing) closeLater(old);
  }

  /** Syncs what was written, then closes the file. */
  async close(): Promise<void> {
    if (this.#closed) return;
    try {
      if (this.#broken === null) await this.sync();
    } finally {
      this.#closed = true;
      await this.#barrier?.catch(() => undefined);
      fs.closeSync(this.#fd);
    }
  }

  #writeAll(bytes: Uint8Array): OvsdbError | null {
    try {
      writeAllSync(this.#fd, bytes, this.#offset);
    } catch (e) {
      const err = new OvsdbError(ErrorTag.IO_ERROR, `${this.path}: write failed (${(e as Error).message})`);
      try {
        fs.ftruncateSync(this.#fd, this.#offset);
      } catch (e2) {
        this.#broken = new OvsdbError(
          ErrorTag.IO_ERROR,
          `${this.path}: write failed and cannot truncate to length ${this.#offset} (${(e2 as Error).message})`,
        );
      }
      return err;
    }
    this.#offset += bytes.length;
    return null;
  }

  #waitFor(seq: number, immediate: boolean): Promise<void> {
    const p = new Promise<void>((resolve, reject) => this.#waiters.push({ seq, resolve, reject }));
    const delay = this.policy.kind === 'group' && !immediate ? this.policy.windowMs : 0;
    this.#schedule(delay);
    return p;
  }

  #schedule(delayMs: number): void {
    // The running fsync's (or the barrier's) completion schedules the next one.
    if (this.#syncing || this.#barrier !== null) return;
    if (delayMs === 0) {
      if (this.#timer !== null) clearTimeout(this.#timer);
      this.#timer = null;
      this.#startSync();
    } else if (this.#timer === null) {
      this.#timer = setTimeout(() => {
        this.#timer = null;
        this.#startSync();
      }, delayMs);
    }
  }

  #startSync(): void {
    if (this.#waiters.length === 0) return;
    const upTo = this.#seq;
    const fd = this.#fd;
    this.#syncing = true;
    fs.fdatasync(fd, (e) => {
      this.#syncing = false;
      if (fd !== this.#fd) {
        // The file was replaced meanwhile (compaction): its waiters are the new file's business.
        closeLater(fd);
        if (this.#waiters.length > 0) this.#schedule(0);
        return;
      }
      if (e) {
        this.#broken ??= new OvsdbError(ErrorTag.IO_ERROR, `${this.path}: fsync failed (${e.message})`);
        this.#rejectAll(this.#broken);
        return;
      }
      this.#syncedSeq = Math.max(this.#syncedSeq, upTo);
      this.#resolveUpTo(upTo);
      if (this.#waiters.length > 0) this.#schedule(0);
    });
  }

  #resolveUpTo(seq: number): void {
    const still: Waiter[] = [];
    for (const w of this.#waiters) {
      if (w.seq <= seq) w.resolve();
      else still.push(w);
    }
    this.#waiters = still;
  }

  #rejectAll(e: OvsdbError): void {
    const ws = this.#waiters;
    this.#waiters = [];
    for (const w of ws) w.reject(e);
  }
}

/** Closes `fd` in the thread pool: closing a replaced file's last fd frees its blocks, slowly. */
function closeLater(fd: number): void {
  fs.close(fd, () => undefined);
}
