/**
 * Index uniqueness at commit (ovsdb(7) "indexes"; ovsdb-server's `check_index_uniqueness`),
 * with ovsdb-server's error text.
 */
import { ErrorTag, OvsdbError } from '../ovsdb/error.js';
import { compareDatums, datumEquals, datumToString } from '../ovsdb/datum.js';
import type { Row } from '../ovsdb/row.js';
import type { Txn, TxnTable } from './txn.js';
import { rowKey } from './table.js';
import { ovsHashOrderBy, ovsUuidHash } from '../ovsdb/ovs-order.js';

/** "a", "a and b", "a, b, and c" (OVS `english_list_delimiter`). */
export function englishList(items: readonly string[]): string {
  return items
    .map((s, i) => {
      if (i === 0) return s;
      if (items.length === 2) return ` and ${s}`;
      return i < items.length - 1 ? `, ${s}` : `, and ${s}`;
    })
    .join('');
}

function indexValues(row: Row, ordinals: readonly number[]): string {
  return englishList(ordinals.map((o) => datumToString(row.at(o), row.layout.column(o).type)));
}

function describe(t: TxnTable, row: Row, ordinals: readonly number[], title: string): string {
  const head = `${title} row, with UUID ${row.uuid}, `;
  const tr = t.rows.get(row.uuid);
  if (tr === undefined || tr.old === tr.new) {
    return head + 'existed in the database before this transaction and was not modified by the transaction.';
  }
  if (tr.old === null) return head + 'was inserted by this transaction.';
  const same = ordinals.every((o) => datumEquals(tr.old!.at(o), tr.new!.at(o), row.layout.column(o).type));
  if (same) {
    return head + "existed in the database before this transaction, which modified some of the row's columns but not any columns in this index.";
  }
  return head + `had the following index values before the transaction: ${indexValues(tr.old, ordinals)}.`;
}

/** ovsdb-server orders the two rows by all columns (its walk order), greater first. */
function compareRows(a: Row, b: Row): number {
  for (const o of a.layout.ovsOrder) {
    const c = compareDatums(a.at(o), b.at(o), a.layout.column(o).type);
    if (c !== 0) return c;
  }
  return 0;
}

function duplicateError(t: TxnTable, ordinals: readonly number[], x: Row, y: Row): OvsdbError {
  const [a, b] = compareRows(x, y) < 0 ? [y, x] : [x, y];
  const names = ordinals.map((o) => `"${a.layout.column(o).name}"`);
  const on = names.length === 1 ? `column ${names[0]}` : `columns ${englishList(names)}`;
  const text =
    `Transaction causes multiple rows in "${t.name}" table to have identical values (${indexValues(a, ordinals)}) ` +
    `for index on ${on}.  ${describe(t, a, ordinals, 'First')}  ${describe(t, b, ordinals, 'Second')}`;
  return new OvsdbError(ErrorTag.CONSTRAINT_VIOLATION, text);
}

/** `ovsOrder` walks rows in ovsdb-server's order (slower; used to pick among several faults). */
export function checkIndexUniqueness(txn: Txn, ovsOrder: boolean): OvsdbError | null {
  for (const t of txn.rowTables) {
    const indexes = t.state.indexes;
    if (indexes.length === 0 || t.rows.size === 0) continue;
    const seen = indexes.map(() => new Map<string, Row>());
    const rows = ovsOrder ? ovsHashOrderBy([...t.rows.values()], (r) => ovsUuidHash(r.uuid)) : t.rows.values();
    for (const r of rows) {
      if (r.new === null) continue;
      for (let i = 0; i < indexes.length; i++) {
        const idx = indexes[i]!;
        const key = rowKey(r.new, idx.ordinals);
        const mine = seen[i]!.get(key);
        if (mine !== undefined) return duplicateError(t, idx.ordinals, mine, r.new);
        const hit = idx.map.get(key);
        if (hit !== undefined && !t.rows.has(hit)) return duplicateError(t, idx.ordinals, t.state.rows.get(hit)!, r.new);
        seen[i]!.set(key, r.new);
      }
    }
  }
  return null;
}
