/**
 * Commit-time checks, as a named pipeline in the order ovsdb-server applies them
 * (`ovsdb_txn_precommit`), which decides which error is reported first:
 *   determineChanges → updateRefCounts (referential integrity) → collectGarbage → checkMaxRows
 *   → assessWeakRefs → checkIndexUniqueness → updateVersions.
 * Each step works on the transaction overlay only (rows touched), never on the whole database.
 */
import { ErrorTag, OvsdbError } from '../ovsdb/error.js';
import type { Datum } from '../ovsdb/datum.js';
import { Row, rowsDiffer } from '../ovsdb/row.js';
import { ZERO_UUID } from '../ovsdb/uuid.js';
import type { Txn, TxnRow, TxnTable } from './txn.js';
import { forEachRef, refColumns, strongRefDelta } from './refs.js';
import { checkIndexUniqueness } from './index-check.js';
import type { DatabaseState } from './state.js';
import { ovsHashOrderBy, ovsUuidHash } from '../ovsdb/ovs-order.js';

type Deltas = Map<TxnTable, Map<string, number>>;

interface Pipeline {
  readonly txn: Txn;
  readonly db: DatabaseState;
  readonly deltas: Deltas;
  /** Walk rows in ovsdb-server's order (its hash map of txn rows), to report the same first fault. */
  readonly ovsOrder?: boolean;
  /**
   * Rows whose content this transaction changed: found by determineChanges, plus those whose
   * weak references assessWeakRefs removes. Like ovsdb-server's per-row `changed` bitmap, a
   * row stays here even when the weak-reference removal restores its committed content; it
   * still gets a new `_version` and is reported to monitors (a modify of `_version` alone).
   */
  readonly changed: Set<TxnRow>;
}

/**
 * Calls `fn` for every row of the overlay, table by table in `rowTables` order; stops at the
 * first call that returns a value (an error) and returns it, else null. Tables may enter
 * rowTables during the walk (rows touched by a check): they are walked too. A table's rows are
 * taken when the walk reaches it (the check may delete or add rows meanwhile), in first-touch
 * order or, where `ovsOrder` says so (for every table, or for the tables it accepts), in
 * ovsdb-server's hash order. This runs several times per commit: no per-row allocation.
 */
function eachTxnRow<E>(
  txn: Txn,
  ovsOrder: boolean | ((t: TxnTable) => boolean),
  fn: (t: TxnTable, r: TxnRow) => E | null | undefined | void,
): E | null {
  const tables = txn.rowTables;
  for (let i = 0; i < tables.length; i++) {
    const t = tables[i]!;
    if (t.rows.size === 0) continue;
    const rows = Array.from(t.rows.values());
    const ovs = typeof ovsOrder === 'boolean' ? ovsOrder : ovsOrder(t);
    const ordered = ovs ? ovsHashOrderBy(rows, (r) => ovsUuidHash(r.uuid)) : rows;
    for (let j = 0; j < ordered.length; j++) {
      const e = fn(t, ordered[j]!);
      if (e !== undefined && e !== null) return e;
    }
  }
  return null;
}

function rowChanged(r: TxnRow): boolean {
  if (r.old === null || r.new === null) return true;
  return r.old !== r.new && rowsDiffer(r.old, r.new);
}

/** Drops modifications that changed nothing. Returns false when nothing is left to commit. */
function determineChanges(p: Pipeline): boolean {
  eachTxnRow(p.txn, false, (t, r) => {
    if (rowChanged(r)) p.changed.add(r);
    else t.rows.delete(r.uuid);
  });
  return p.changed.size > 0;
}

function refCount(p: Pipeline, t: TxnTable, uuid: string): number {
  return t.state.refCount(uuid) + (p.deltas.get(t)?.get(uuid) ?? 0);
}

function addDelta(p: Pipeline, t: TxnTable, uuid: string, delta: number): void {
  let m = p.deltas.get(t);
  if (m === undefined) p.deltas.set(t, (m = new Map()));
  m.set(uuid, (m.get(uuid) ?? 0) + delta);
}

/** Reference counts and referential integrity of strong references (RFC 7047 §3.2 refType). */
function updateRefCounts(p: Pipeline): OvsdbError | null {
  const error = updateRefCounts__(p);
  if (error === null || p.ovsOrder === true) return error;
  // Several faults are possible: report the one ovsdb-server meets first.
  return updateRefCounts__({ ...p, deltas: new Map(), ovsOrder: true });
}

function updateRefCounts__(p: Pipeline): OvsdbError | null {
  const ovsOrder = p.ovsOrder === true;
  const refError = eachTxnRow(p.txn, ovsOrder, (t, r) => {
    let error: OvsdbError | null = null;
    strongRefDelta(t.state.layout, r.old, r.new, (tableName, uuid, delta, ordinal) => {
      if (error !== null) return;
      const target = p.txn.table(tableName)!;
      if (target.touch(uuid) === undefined) {
        const col = t.state.layout.columns[ordinal]!.name;
        error = new OvsdbError(
          ErrorTag.REFERENTIAL_INTEGRITY,
          `Table ${t.name} column ${col} row ${r.uuid} references nonexistent row ${uuid} in table ${tableName}.`,
        );
        return;
      }
      addDelta(p, target, uuid, delta);
    });
    return error;
  });
  if (refError !== null) return refError;
  return eachTxnRow(p.txn, ovsOrder, (t, r) => {
    if (r.new !== null) return null;
    const n = refCount(p, t, r.uuid);
    if (n === 0) return null;
    return new OvsdbError(
      ErrorTag.REFERENTIAL_INTEGRITY,
      `cannot delete ${t.name} row ${r.uuid} because of ${n} remaining reference(s)`,
    );
  });
}

function deleteGarbage(p: Pipeline, t: TxnTable, r: TxnRow): void {
  if (t.state.schema.isRoot || r.new === null) return;
  const row = r.new;
  t.delete(r.uuid);
  for (const col of refColumns(t.state.layout).strong) {
    forEachRef(col, row.data[col.ordinal]!, (tableName, uuid) => {
      if (uuid === row.uuid) return;
      const target = p.txn.table(tableName)!;
      const tr = target.touch(uuid);
      if (tr === undefined) return;
      addDelta(p, target, uuid, -1);
      if (refCount(p, target, uuid) === 0) deleteGarbage(p, target, tr);
    });
  }
}

/** Deletes rows of non-root tables that nothing references any more (RFC 7047 §3.2 isRoot). */
function collectGarbage(p: Pipeline): void {
  let work = true;
  while (work) {
    work = false;
    eachTxnRow(p.txn, false, (t, r) => {
      if (r.new !== null && !t.state.schema.isRoot && refCount(p, t, r.uuid) === 0) {
        deleteGarbage(p, t, r);
        work = true;
      }
    });
  }
}

/** RFC 7047 §3.2 maxRows. */
function checkMaxRows(p: Pipeline): OvsdbError | null {
  for (const t of p.txn.rowTables) {
    if (t.rows.size === 0) continue;
    const max = t.state.schema.maxRows;
    if (t.size > max) {
      return new OvsdbError(
        ErrorTag.CONSTRAINT_VIOLATION,
        `transaction causes "${t.name}" table to contain ${t.size} rows, greater than the schema-defined limit of ${max} row(s)`,
      );
    }
  }
  return null;
}

/** Pulls in rows that weakly reference rows deleted by this transaction. */
function touchWeakReferrers(p: Pipeline): void {
  eachTxnRow(p.txn, false, (t, r) => {
    if (r.old === null || r.new !== null) return;
    const referrers = p.db.weakReferrers(r.uuid);
    if (referrers === undefined) return;
    for (const [src, table] of referrers) {
      if (table === t.name && src === r.uuid) continue;
      p.txn.table(table)!.touch(src);
    }
  });
}

function weakRefError(col: string, t: TxnTable, r: TxnRow, removed: number, zero: boolean): OvsdbError {
  if (zero && r.old === null) {
    return new OvsdbError(
      ErrorTag.CONSTRAINT_VIOLATION,
      `Weak reference column "${col}" in "${t.name}" row ${r.uuid} (inserted within this transaction) contained all-zeros UUID (probably as the default value for this column) but deleting this value caused a constraint volation because this column is not allowed to be empty.`,
    );
  }
  const inserted = r.old === null ? '(inserted within this transaction) ' : '';
  return new OvsdbError(
    ErrorTag.CONSTRAINT_VIOLATION,
    `Deletion of ${removed} weak reference(s) to deleted (or never-existing) rows from column "${col}" in "${t.name}" row ${r.uuid} ${inserted}caused this column to become empty, but constraints on this column disallow an empty column.`,
  );
}

/** Some weak reference column of the table must not be empty, so removing references may fail. */
function mayFailWeakRefs(t: TxnTable): boolean {
  const layout = t.state.layout;
  return refColumns(layout).weak.some((c) => layout.columns[c.ordinal]!.type.min > 0);
}

/**
 * Removes weak references to rows that do not exist after the transaction; then enforces `min`.
 * Where that can fail, rows are walked in ovsdb-server's order, which decides the row reported
 * (the check changes rows as it goes, so it cannot be re-run in that order after a failure).
 */
function assessWeakRefs(p: Pipeline): OvsdbError | null {
  touchWeakReferrers(p);
  return eachTxnRow(p.txn, mayFailWeakRefs, (t, r) => {
    const row = r.new;
    if (row === null) return null;
    const layout = t.state.layout;
    for (const col of refColumns(layout).weak) {
      const d = row.data[col.ordinal]!;
      if (d.keys.length === 0) continue;
      const type = layout.columns[col.ordinal]!.type;
      let zero = false;
      const exists = (table: string | null, uuid: string): boolean => {
        if (table === null || uuid === r.uuid) return true;
        if (p.txn.table(table)!.get(uuid) !== undefined) return true;
        if (uuid === ZERO_UUID) zero = true;
        return false;
      };
      const keep: number[] = [];
      for (let i = 0; i < d.keys.length; i++) {
        const okKey = exists(col.keyTable, d.keys[i] as string);
        const okValue = col.valueTable === null || exists(col.valueTable, d.values![i] as string);
        if (okKey && okValue) keep.push(i);
      }
      if (keep.length === d.keys.length) continue;
      const next: Datum = {
        keys: keep.map((i) => d.keys[i]!),
        values: d.values === null ? null : keep.map((i) => d.values![i]!),
      };
      const { data } = t.modify(r.uuid);
      data[col.ordinal] = next;
      p.changed.add(r);
      if (next.keys.length < type.min) {
        return weakRefError(layout.columns[col.ordinal]!.name, t, r, d.keys.length - next.keys.length, zero);
      }
    }
    return null;
  });
}

/**
 * New `_version` for every modified row (see Pipeline.changed); rows only touched for
 * reference counting leave the overlay (ovsdb-server's `update_version`).
 */
function updateVersions(p: Pipeline): void {
  eachTxnRow(p.txn, false, (t, r) => {
    if (r.old === null || r.new === null) return;
    if (!p.changed.has(r)) t.rows.delete(r.uuid);
    else r.new = new Row(r.new.layout, r.uuid, p.txn.newUuid(), r.new.data);
  });
}

/** Runs every commit check; on success the overlay holds exactly the rows to change. */
export function precommit(txn: Txn, db: DatabaseState): OvsdbError | null {
  const p: Pipeline = { txn, db, deltas: new Map(), changed: new Set() };
  if (!determineChanges(p)) return null;
  const steps: (() => OvsdbError | null | void)[] = [
    () => updateRefCounts(p),
    () => collectGarbage(p),
    () => checkMaxRows(p),
    () => assessWeakRefs(p),
    () => checkIndexUniqueness(txn, false) && checkIndexUniqueness(txn, true),
    () => updateVersions(p),
  ];
  for (const step of steps) {
    const e = step();
    if (e) return e;
  }
  return null;
}
