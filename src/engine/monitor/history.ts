/**
 * The transaction history behind monitor_cond_since (ovsdb-server(7) §4.1.15): the ids and
 * change sets of the latest committed transactions, so that a client that last saw transaction
 * X receives only what changed after X.
 *
 * Bounds, as ovsdb-server keeps them for clustered databases: at most `maxEntries` (100)
 * transactions, and no more atoms in the history than the database holds (past that a full
 * dump is cheaper), but always at least one entry once there has been a commit.
 *
 * `lastTxnId` is the id of the newest transaction (or `baseTxnId` when no entry is kept); the
 * state right before `entries[0]` has the id of the newest transaction already trimmed away
 * (`baseTxnId`), so a client that last saw it can still be answered.
 */
import { ZERO_UUID } from '../../ovsdb/uuid.js';
import { mergeChanges, changeSetAtoms, type ChangeSet, type MutableChangeSet } from './change-set.js';

export const DEFAULT_HISTORY_ENTRIES = 100;

export interface HistoryEntry {
  readonly txnId: string;
  readonly changes: ChangeSet;
  readonly atoms: number;
}

export interface HistoryOptions {
  readonly maxEntries?: number;
  /** Id of the current state before any entry (ZERO_UUID: none; never answered as found). */
  readonly baseTxnId?: string;
  /** Atoms the database holds now. */
  readonly dbAtoms?: number;
}

export class TxnHistory {
  readonly maxEntries: number;
  #entries: HistoryEntry[] = [];
  #head = 0;
  #base: string;
  #historyAtoms = 0;
  #dbAtoms: number;

  constructor(opts: HistoryOptions = {}) {
    this.maxEntries = Math.max(1, opts.maxEntries ?? DEFAULT_HISTORY_ENTRIES);
    this.#base = opts.baseTxnId ?? ZERO_UUID;
    this.#dbAtoms = opts.dbAtoms ?? 0;
  }

  get size(): number {
    return this.#entries.length - this.#head;
  }
  get historyAtoms(): number {
    return this.#historyAtoms;
  }
  get dbAtoms(): number {
    return this.#dbAtoms;
  }
  get baseTxnId(): string {
    return this.#base;
  }
  get lastTxnId(): string {
    return this.size === 0 ? this.#base : this.#entries[this.#entries.length - 1]!.txnId;
  }
  /** Ids of the kept entries, oldest first. */
  ids(): string[] {
    return this.#entries.slice(this.#head).map((e) => e.txnId);
  }

  /** Records a committed transaction; `atomDelta` is how the database's atom count moved. */
  append(txnId: string, changes: ChangeSet, atomDelta: number): void {
    const atoms = changeSetAtoms(changes);
    this.#entries.push({ txnId, changes, atoms });
    this.#historyAtoms += atoms;
    this.#dbAtoms += atomDelta;
    this.#trim();
  }

  #trim(): void {
    while (this.size > 1 && (this.size > this.maxEntries || this.#historyAtoms > this.#dbAtoms)) {
      const e = this.#entries[this.#head++]!;
      this.#historyAtoms -= e.atoms;
      this.#base = e.txnId;
    }
    if (this.#head > 64 && this.#head * 2 > this.#entries.length) {
      this.#entries = this.#entries.slice(this.#head);
      this.#head = 0;
    }
  }

  /**
   * The net change since the transaction `txnId`: an empty change set when it is the newest,
   * null when it is unknown (too old, never seen, or the all-zero id).
   */
  since(txnId: string): ChangeSet | null {
    const id = txnId.toLowerCase();
    if (id === ZERO_UUID) return null;
    let start: number;
    if (id === this.#base) start = this.#head;
    else {
      const i = this.#entries.findIndex((e, k) => k >= this.#head && e.txnId === id);
      if (i < 0) return null;
      start = i + 1;
    }
    const merged: MutableChangeSet = new Map();
    for (let k = start; k < this.#entries.length; k++) mergeChanges(merged, this.#entries[k]!.changes);
    return merged;
  }
}
