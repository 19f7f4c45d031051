/**
 * Replaying a standalone file into an engine Database (ovsdb(5); OVS `ovsdb_file_read`).
 *
 * The schema record gives the schema; each transaction record is turned into a change set
 * (txn-record.ts) and applied with `Database.applyChanges`, without re-running commit checks:
 * the file holds only committed transactions, including the rows that garbage collection and
 * weak-reference cleanup removed. Replay stops at the first torn or corrupt record (the caller
 * truncates there); a record that is intact but makes no sense for the schema (unknown table or
 * column, deleting a missing row) stops replay with an error instead, since truncating it would
 * silently throw away committed data.
 *
 * Replay also rebuilds the transaction ids (txn-id.ts) and keeps the last `historySize` change
 * sets, so that monitor_cond_since history survives a restart. A snapshot record resets that
 * history: a client whose last id is older than the snapshot gets a full resync.
 *
 * When replay takes longer than a second, a progress line (percent of bytes, rows loaded) is
 * logged every second.
 */
import { ErrorTag, OvsdbError } from '../ovsdb/error.js';
import type { Row } from '../ovsdb/row.js';
import type { DatabaseSchema } from '../ovsdb/types.js';
import { schemaFromJson } from '../ovsdb/schema-parse.js';
import { randomUuid } from '../ovsdb/uuid.js';
import { Database } from '../engine/index.js';
import { logger } from '../log.js';
import { logRecords, type LogContents } from './log-file.js';
import type { BadRecord, EndOfLog, GoodRecord } from './record.js';
import { parseTxnRecord, recordChanges, type TxnChanges } from './txn-record.js';
import { isSnapshotComment, nextTxnId, schemaTxnId, snapshotTxnId } from './txn-id.js';

const log = logger('ovsdb_storage');

/** How many transactions' changes replay keeps for monitor history, by default. */
export const DEFAULT_HISTORY_SIZE = 100;
const PROGRESS_AFTER_MS = 1000;
const PROGRESS_EVERY_MS = 1000;
const PERCENT = 100;

export interface TxnHistoryEntry {
  readonly txnId: string;
  readonly changes: TxnChanges;
}

/**
 * The last transactions of the file, oldest first. `baseTxnId` is the id of the state just
 * before `entries[0]` (the current id when there are no entries): a monitor that last saw
 * `baseTxnId` or any entry's id can be brought up to date from these entries alone.
 */
export interface TxnHistory {
  readonly baseTxnId: string;
  readonly entries: readonly TxnHistoryEntry[];
}

export interface ReplayResult {
  readonly db: Database;
  readonly schema: DatabaseSchema;
  /** Transaction records applied (the schema not counted). */
  readonly records: number;
  /** Rows in the database after replay. */
  readonly rows: number;
  /** The id of the last record: the database's current transaction id. */
  readonly lastTxnId: string;
  readonly history: TxnHistory;
  /** Where the good part of the file ends; the next record goes here. */
  readonly goodEnd: number;
  /** The torn or corrupt tail, if any (not yet truncated). */
  readonly bad: BadRecord | null;
}

export interface ReplayOptions {
  readonly historySize?: number;
  /** Log progress lines when replay takes long (default true). */
  readonly progress?: boolean;
}

/** Replays `log`; returns an OvsdbError for a bad schema or a record that makes no sense. */
export function replayLog(log: LogContents, opts: ReplayOptions = {}): ReplayResult | OvsdbError {
  let schema: DatabaseSchema;
  try {
    schema = schemaFromJson(log.schemaJson, log.path);
  } catch (e) {
    return e instanceof OvsdbError ? e : new OvsdbError(ErrorTag.SYNTAX_ERROR, `${log.path}: ${String(e)}`);
  }
  const replay = new Replay(log, schema, opts);
  const it = logRecords(log);
  let r = it.next();
  for (; r.done !== true; r = it.next()) {
    const error = replay.apply(r.value);
    if (error !== null) return error;
  }
  return replay.finish(r.value);
}

class Replay {
  readonly db: Database;
  readonly #historySize: number;
  readonly #progress: Progress;
  readonly #lookup = (table: string, uuid: string): Row | undefined => this.db.rows(table).get(uuid);
  #txnId: string;
  #baseTxnId: string;
  #entries: TxnHistoryEntry[] = [];
  #records = 0;
  #rows = 0;

  constructor(
    readonly log: LogContents,
    readonly schema: DatabaseSchema,
    opts: ReplayOptions,
  ) {
    this.db = new Database(schema);
    this.#historySize = opts.historySize ?? DEFAULT_HISTORY_SIZE;
    this.#progress = new Progress(log.path, log.bytes.length, opts.progress !== false);
    this.#txnId = schemaTxnId(log.schemaRecord.sha1);
    this.#baseTxnId = this.#txnId;
  }

  /** Applies one record; an error when it cannot be replayed. */
  apply(record: GoodRecord): OvsdbError | null {
    const rec = parseTxnRecord(record.json, this.schema);
    if (rec instanceof OvsdbError) return this.#error(record, rec);
    // Progress within a record (a snapshot holds every row): rows parsed, bytes pro rata.
    const total = rec.tables.reduce((n, [, rows]) => n + rows.length, 0);
    let done = 0;
    const tick = (): void => {
      done++;
      this.#progress.tick(record.offset + ((record.end - record.offset) * done) / total, this.#rows + done);
    };
    const changes = recordChanges(rec, this.#lookup, randomUuid, tick);
    if (changes instanceof OvsdbError) return this.#error(record, changes);
    this.db.applyChanges(changes);
    this.#rows += rowDelta(changes);
    this.#records++;
    if (isSnapshotComment(rec.comment)) {
      this.#txnId = snapshotTxnId(rec.comment) ?? nextTxnId(this.#txnId, record.sha1);
      this.#baseTxnId = this.#txnId;
      this.#entries = [];
    } else {
      this.#txnId = nextTxnId(this.#txnId, record.sha1);
      this.#entries.push({ txnId: this.#txnId, changes });
      if (this.#entries.length > this.#historySize) this.#baseTxnId = this.#entries.shift()!.txnId;
    }
    return null;
  }

  finish(end: EndOfLog | BadRecord): ReplayResult {
    this.#progress.done(this.#records, this.#rows);
    return {
      db: this.db,
      schema: this.schema,
      records: this.#records,
      rows: this.#rows,
      lastTxnId: this.#txnId,
      history: { baseTxnId: this.#baseTxnId, entries: this.#entries },
      goodEnd: end.offset,
      bad: end.kind === 'bad' ? end : null,
    };
  }

  #error(record: GoodRecord, e: OvsdbError): OvsdbError {
    const why = e.details ?? e.message;
    return new OvsdbError(e.tag, `${this.log.path}: transaction record at offset ${record.offset} cannot be replayed: ${why}`);
  }
}

/** Rows inserted minus rows deleted. */
export function rowDelta(changes: TxnChanges): number {
  let n = 0;
  for (const rows of changes.values()) {
    for (const c of rows.values()) {
      if (c.old === null && c.new !== null) n++;
      else if (c.old !== null && c.new === null) n--;
    }
  }
  return n;
}

/** Progress lines for a long replay: `FILE: replaying: 42% (120000 rows loaded)`. */
class Progress {
  readonly #start = Date.now();
  #next = this.#start + PROGRESS_AFTER_MS;
  #printed = false;
  #calls = 0;

  constructor(
    readonly path: string,
    readonly total: number,
    readonly enabled: boolean,
  ) {}

  tick(offset: number, rows: number): void {
    // Date.now() is cheap, but not free; look at the clock every 256 calls.
    if (!this.enabled || (++this.#calls & 255) !== 0) return;
    const now = Date.now();
    if (now < this.#next) return;
    this.#next = now + PROGRESS_EVERY_MS;
    this.#printed = true;
    const pct = this.total === 0 ? PERCENT : Math.floor((offset * PERCENT) / this.total);
    log.info(`${this.path}: replaying: ${pct}% (${rows} rows loaded)`);
  }

  done(records: number, rows: number): void {
    if (!this.#printed) return;
    log.info(`${this.path}: replayed ${records} transactions, ${rows} rows in ${Date.now() - this.#start} ms`);
  }
}
