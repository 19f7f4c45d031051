/**
 * Monitor state of one served database: its monitor groups, its transaction history
 * (monitor_cond_since), the equality indexes conditions use, and the fan-out of each committed
 * transaction to the groups that watch the tables it changed.
 *
 * Transaction ids: a file-backed database's storage returns an id derived from the record it
 * wrote (src/storage/txn-id.ts), so ids survive a restart; an in-memory database gets a random
 * UUID per commit. The history can be seeded at start-up from what storage replayed
 * (`seed`, from the storage's replayed `history`, see register.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Row } from '../../ovsdb/row.js';
import {
  ConditionIndexes,
  TxnHistory,
  atomDelta,
  monitorSpecKey,
  rowAtoms,
  type ChangeSet,
  type MonitorCondition,
  type MonitorSpec,
  type RowSource,
} from '../../engine/monitor/index.js';
import type { ServedDatabase } from '../served-database.js';
import { INITIAL_CACHE_MS, MonitorGroup, type GroupMember } from './group.js';
import type { UpdateMethod } from './wire.js';
import { InitialTexts } from './initial-texts.js';

/** A group member that can take a commit's update (see session-monitors.ts). */
export interface Subscriber extends GroupMember {
  deliver(seq: number, changes: ChangeSet, txnId: string): void;
}

/** What storage replayed: the id before the first entry, and the entries, oldest first. */
export interface HistorySeed {
  readonly baseTxnId: string;
  readonly entries: readonly { readonly txnId: string; readonly changes: ChangeSet }[];
}

function countAtoms(served: ServedDatabase): number {
  let n = 0;
  for (const table of served.schema.tables.keys()) for (const row of served.db.rows(table).values()) n += rowAtoms(row);
  return n;
}

export class MonitoredDatabase {
  /** Number of commits seen; names the database state for caches. */
  seq = 0;
  history: TxnHistory;
  readonly indexes: ConditionIndexes;
  readonly groups = new Map<string, MonitorGroup<Subscriber>>();
  readonly source: RowSource;
  /** Rows' initial-update texts, shared by the dumps of every group (initial-texts.ts). */
  readonly initialTexts = new InitialTexts();
  /** Groups without members, kept a while (see leave), with the sweeps they have seen so. */
  readonly #idle = new Map<MonitorGroup<Subscriber>, number>();
  #sweeper: ReturnType<typeof setInterval> | null = null;

  constructor(
    readonly served: ServedDatabase,
    readonly historyEntries: number,
  ) {
    const rows = (table: string): ReadonlyMap<string, Row> => served.db.rows(table);
    this.indexes = new ConditionIndexes(rows);
    this.source = { rows, candidates: (table: string, cond: MonitorCondition) => this.indexes.candidates(table, cond) };
    this.history = new TxnHistory({ maxEntries: historyEntries, dbAtoms: countAtoms(served) });
  }

  get lastTxnId(): string {
    return this.history.lastTxnId;
  }

  /** Replace the history with what storage replayed (at start-up, before any commit). */
  seed(seed: HistorySeed): void {
    const history = new TxnHistory({ maxEntries: this.historyEntries, baseTxnId: seed.baseTxnId, dbAtoms: this.history.dbAtoms });
    for (const e of seed.entries) history.append(e.txnId, e.changes, 0);
    this.history = history;
    this.seq++;
  }

  /** The group for a spec and method, created on first use. */
  group(spec: MonitorSpec, method: UpdateMethod): MonitorGroup<Subscriber> {
    const key = `${method}|${monitorSpecKey(spec)}`;
    let g = this.groups.get(key);
    if (g === undefined) {
      g = new MonitorGroup<Subscriber>(key, spec, method);
      this.groups.set(key, g);
    }
    return g;
  }

  join(group: MonitorGroup<Subscriber>, s: Subscriber): void {
    group.members.add(s);
    this.#idle.delete(group);
  }

  /**
   * A group whose last member leaves is kept for another INITIAL_CACHE_MS to twice that, with
   * its cached initial dump, so that a client that connects, monitors and leaves
   * again and again (each `ovn-nbctl` command) finds the dump of an unchanged database ready.
   */
  leave(group: MonitorGroup<Subscriber>, s: Subscriber): void {
    group.members.delete(s);
    if (group.members.size !== 0 || this.groups.get(group.key) !== group) return;
    this.#idle.set(group, 0);
    this.#sweeper ??= setInterval(() => this.#sweepIdle(), INITIAL_CACHE_MS).unref();
  }

  /** Drop the groups that stayed without members since the last sweep. */
  #sweepIdle(): void {
    for (const [group, sweeps] of this.#idle) {
      if (sweeps === 0) {
        this.#idle.set(group, 1);
        continue;
      }
      this.#idle.delete(group);
      group.clear();
      if (this.groups.get(group.key) === group) this.groups.delete(group.key);
    }
    if (this.#idle.size === 0 && this.#sweeper !== null) {
      clearInterval(this.#sweeper);
      this.#sweeper = null;
    }
  }

  /** A committed transaction (called by the commit listener before the transact reply). */
  onCommit(changes: ChangeSet, txnId: string | null): void {
    const id = txnId ?? randomUUID();
    const seq = ++this.seq;
    this.history.append(id, changes, atomDelta(changes));
    this.indexes.apply(changes);
    for (const group of this.groups.values()) {
      if (!group.watches(changes)) continue;
      group.dropInitial();
      for (const s of group.members) s.deliver(seq, changes, id);
    }
  }
}
