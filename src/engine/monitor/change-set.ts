/**
 * Change sets: per table, per row UUID, the row before and after (null for insert / delete).
 * The engine's TxnChanges is one; merging several in commit order gives the net change, which is
 * what a monitor needs after a gap (history replay, a slow reader's coalesced backlog).
 */
import type { Row } from '../../ovsdb/row.js';

export interface RowChange {
  readonly old: Row | null;
  readonly new: Row | null;
}

export type ChangeSet = ReadonlyMap<string, ReadonlyMap<string, RowChange>>;
export type MutableChangeSet = Map<string, Map<string, RowChange>>;

/**
 * Merges `later` into `into` (in place): a row keeps its first "old" and takes the latest "new";
 * a row inserted and then deleted within the merged span disappears. Only tables accepted by
 * `keep` are merged. Returns the number of row entries added (negative when entries vanished).
 */
export function mergeChanges(into: MutableChangeSet, later: ChangeSet, keep?: (table: string) => boolean): number {
  let delta = 0;
  for (const [table, rows] of later) {
    if (keep !== undefined && !keep(table)) continue;
    let target = into.get(table);
    if (target === undefined) {
      target = new Map();
      into.set(table, target);
    }
    for (const [uuid, change] of rows) {
      const prev = target.get(uuid);
      if (prev === undefined) {
        target.set(uuid, change);
        delta++;
      } else if (prev.old === null && change.new === null) {
        target.delete(uuid);
        delta--;
      } else {
        target.set(uuid, { old: prev.old, new: change.new });
      }
    }
    if (target.size === 0) into.delete(table);
  }
  return delta;
}

/** Number of atoms a row holds (OVS counts atoms to bound the transaction history). */
export function rowAtoms(row: Row): number {
  let n = 0;
  for (const d of row.data) n += d.values === null ? d.keys.length : 2 * d.keys.length;
  return n;
}

/** Atoms of a change set: each changed row counted in its newest form (its old one if deleted). */
export function changeSetAtoms(changes: ChangeSet): number {
  let n = 0;
  for (const rows of changes.values()) for (const c of rows.values()) n += rowAtoms((c.new ?? c.old)!);
  return n;
}

/** How the database's atom count moves with a change set. */
export function atomDelta(changes: ChangeSet): number {
  let n = 0;
  for (const rows of changes.values()) {
    for (const c of rows.values()) n += (c.new === null ? 0 : rowAtoms(c.new)) - (c.old === null ? 0 : rowAtoms(c.old));
  }
  return n;
}
