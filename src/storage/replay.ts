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
import { OvsdbError } from '../ovsdb/error.js';
import type { DatabaseSchema } from '../ovsdb/types.js';
import { schemaFromJson } from '../ovsdb/schema-parse.js';
import { randomUuid } from '../ovsdb/uuid.js';
import { Database } from '../engine/index.js';
import { logger } from '../log.js';
import { logRecords, type LogContents } from './log-file.js';
import type { BadRecord } from './record.js';
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
    return e instanceof OvsdbError ? e : new OvsdbError('syntax error', `${log.path}: ${String(e)}`);
  }
  const db = new Database(schema);
  const historySize = opts.historySize ?? DEFAULT_HISTORY_SIZE;
  const progress = new Progress(log.path, log.bytes.length, opts.progress !== false);
  let txnId = schemaTxnId(log.schemaRecord.sha1);
  let baseTxnId = txnId;
  let entries: TxnHistoryEntry[] = [];
  let records = 0;
  let rows = 0;
  const lookup = (table: string, uuid: string) => db.rows(table).get(uuid);
  const it = logRecords(log);
  let r = it.next();
  for (; r.done !== true; r = it.next()) {
    const rec = parseTxnRecord(r.value.json, schema);
    const changes = rec instanceof OvsdbError ? rec : recordChanges(rec, lookup, randomUuid, () => progress.tick(r.value.offset, rows));
    if (changes instanceof OvsdbError) {
      return new OvsdbError(changes.tag, `${log.path}: transaction record at offset ${r.value.offset} cannot be replayed: ${changes.details ?? changes.message}`);
    }
    db.applyChanges(changes);
    rows += rowDelta(changes);
    records++;
    const comment = (rec as { comment: string | null }).comment;
    if (isSnapshotComment(comment)) {
      txnId = snapshotTxnId(comment) ?? nextTxnId(txnId, r.value.sha1);
      baseTxnId = txnId;
      entries = [];
    } else {
      txnId = nextTxnId(txnId, r.value.sha1);
      entries.push({ txnId, changes });
      if (entries.length > historySize) baseTxnId = entries.shift()!.txnId;
    }
    progress.tick(r.value.end, rows);
  }
  const end = r.value;
  progress.done(records, rows);
  return {
    db,
    schema,
    records,
    rows,
    lastTxnId: txnId,
    history: { baseTxnId, entries },
    goodEnd: end.offset,
    bad: end.kind === 'bad' ? end : null,
  };
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
    // Date.now() is cheap, but not free; look at the clock every 64 calls.
    if (!this.enabled || (++this.#calls & 63) !== 0) return;
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
