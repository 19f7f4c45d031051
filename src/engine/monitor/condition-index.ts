/**
 * Equality indexes for monitor conditions, so that the rows a condition like
 * `[["name","==","sw0"],["_uuid","==",["uuid",…]]]` selects are found without scanning the table
 * (initial dumps, monitor_cond_change, monitor_cond_since). `_uuid` needs no index; any other
 * column gets a hash index (value → row UUIDs) the first time a condition asks for it, kept up to
 * date with every committed change set after that.
 */
import type { Row } from '../../ovsdb/row.js';
import { UUID_ORDINAL } from '../../ovsdb/row.js';
import { datumKey } from '../../ovsdb/datum.js';
import type { ChangeSet } from './change-set.js';
import { equalityLookups, type MonitorCondition } from './condition.js';

type ValueIndex = Map<string, Set<string>>;

export class ConditionIndexes {
  /** table → column ordinal → index */
  readonly #indexes = new Map<string, Map<number, ValueIndex>>();

  constructor(readonly rows: (table: string) => ReadonlyMap<string, Row>) {}

  /** Number of column indexes built (for tests and memory reports). */
  get size(): number {
    let n = 0;
    for (const t of this.#indexes.values()) n += t.size;
    return n;
  }

  #index(table: string, ordinal: number): ValueIndex {
    let byColumn = this.#indexes.get(table);
    if (byColumn === undefined) {
      byColumn = new Map();
      this.#indexes.set(table, byColumn);
    }
    let index = byColumn.get(ordinal);
    if (index === undefined) {
      index = new Map();
      for (const row of this.rows(table).values()) add(index, datumKey(row.data[ordinal]!), row.uuid);
      byColumn.set(ordinal, index);
    }
    return index;
  }

  /** Keeps the built indexes current; call after the database applied `changes`. */
  apply(changes: ChangeSet): void {
    for (const [table, rows] of changes) {
      const byColumn = this.#indexes.get(table);
      if (byColumn === undefined) continue;
      for (const [ordinal, index] of byColumn) {
        for (const [uuid, c] of rows) {
          if (c.old !== null && c.new !== null && c.old.data[ordinal] === c.new.data[ordinal]) continue;
          const before = c.old === null ? null : datumKey(c.old.data[ordinal]!);
          const after = c.new === null ? null : datumKey(c.new.data[ordinal]!);
          if (before === after) continue;
          if (before !== null) remove(index, before, uuid);
          if (after !== null) add(index, after, uuid);
        }
      }
    }
  }

  /** A superset of the rows `cond` selects, or null when the condition needs a scan. */
  candidates(table: string, cond: MonitorCondition): Row[] | null {
    const lookups = equalityLookups(cond);
    if (lookups === null) return null;
    const rows = this.rows(table);
    const out = new Map<string, Row>();
    for (const [ordinal, clause] of lookups) {
      if (ordinal === UUID_ORDINAL) {
        const row = rows.get(clause.arg.keys[0] as string);
        if (row !== undefined) out.set(row.uuid, row);
        continue;
      }
      const uuids = this.#index(table, ordinal).get(datumKey(clause.arg));
      if (uuids === undefined) continue;
      for (const u of uuids) out.set(u, rows.get(u)!);
    }
    return [...out.values()];
  }
}

function add(index: ValueIndex, key: string, uuid: string): void {
  let set = index.get(key);
  if (set === undefined) {
    set = new Set();
    index.set(key, set);
  }
  set.add(uuid);
}

function remove(index: ValueIndex, key: string, uuid: string): void {
  const set = index.get(key);
  if (set === undefined) return;
  set.delete(uuid);
  if (set.size === 0) index.delete(key);
}
