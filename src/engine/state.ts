/**
 * The committed state of a database and its incremental maintenance: tables, reference counts,
 * and the reverse index of weak references (who weakly references a row), all updated from
 * change sets only.
 */
import type { DatabaseSchema } from '../ovsdb/types.js';
import type { Row, TableLayout } from '../ovsdb/row.js';
import { TableState } from './table.js';
import { refColumns, strongRefDelta, weakTargets } from './refs.js';
import type { TxnChanges } from './types.js';

/** Whether some weak reference column differs between the two versions and is not empty in both. */
function weakRefsChange(layout: TableLayout, old: Row | null, next: Row | null): boolean {
  for (const col of refColumns(layout).weak) {
    const o = old?.data[col.ordinal];
    const n = next?.data[col.ordinal];
    if (o !== n && ((o?.keys.length ?? 0) > 0 || (n?.keys.length ?? 0) > 0)) return true;
  }
  return false;
}

export class DatabaseState {
  readonly tables = new Map<string, TableState>();
  /** Weakly referenced row UUID → (referring row UUID → its table). */
  readonly #weak = new Map<string, Map<string, string>>();

  constructor(readonly schema: DatabaseSchema) {
    for (const ts of schema.tables.values()) this.tables.set(ts.name, new TableState(ts));
  }

  weakReferrers(uuid: string): ReadonlyMap<string, string> | undefined {
    return this.#weak.get(uuid);
  }

  #weakSet(table: string, row: Row | null): Set<string> {
    const s = new Set<string>();
    if (row !== null) weakTargets(this.tables.get(table)!.layout, row, (_t, u) => s.add(u));
    return s;
  }

  #updateWeak(table: string, uuid: string, old: Row | null, next: Row | null): void {
    const before = this.#weakSet(table, old);
    const after = this.#weakSet(table, next);
    for (const target of before) {
      if (after.has(target)) continue;
      const m = this.#weak.get(target);
      m?.delete(uuid);
      if (m?.size === 0) this.#weak.delete(target);
    }
    for (const target of after) {
      if (before.has(target)) continue;
      let m = this.#weak.get(target);
      if (m === undefined) this.#weak.set(target, (m = new Map()));
      m.set(uuid, table);
    }
  }

  /** Applies a change set: rows, indexes, reference counts, weak reverse index. */
  apply(changes: TxnChanges): void {
    for (const [name, rows] of changes) {
      const table = this.tables.get(name);
      if (table === undefined) throw new Error(`applyChanges: unknown table ${name}`);
      for (const [uuid, { new: next }] of rows) {
        // Maintain from the committed row, whatever the caller passed as "old".
        const old = table.rows.get(uuid) ?? null;
        strongRefDelta(table.layout, old, next, (target, ref, delta) => {
          this.tables.get(target)?.adjustRefCount(ref, delta);
        });
        if (weakRefsChange(table.layout, old, next)) this.#updateWeak(name, uuid, old, next);
        table.replaceRow(uuid, old, next);
      }
    }
  }
}
