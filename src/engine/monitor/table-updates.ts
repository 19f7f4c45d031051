/**
 * <table-updates> / <table-updates2> for a monitor: from a change set (a commit, or the net
 * change since a transaction), from the current rows (the initial dump), or from a condition
 * change (rows entering and leaving the selection). Each returns null when there is nothing to
 * send, so no notification goes out (an initial dump with nothing is `{}`).
 */
import type { JsonObject } from '../../ovsdb/json.js';
import type { Row } from '../../ovsdb/row.js';
import type { UpdateFormat } from './select.js';
import { SELECT_INITIAL } from './select.js';
import type { MonitorCondition } from './condition.js';
import type { MonitorSpec, TableMonitor } from './spec.js';
import type { ChangeSet } from './change-set.js';
import { put, rowUpdate } from './row-update.js';

/** Where the current rows come from; `candidates` may narrow a conditional scan. */
export interface RowSource {
  /** Every committed row of a table, by UUID. */
  rows(table: string): ReadonlyMap<string, Row>;
  /** A superset of the rows of `table` that `cond` can select, or null when only a scan can tell. */
  candidates?(table: string, cond: MonitorCondition): Iterable<Row> | null;
}

function addTable(out: JsonObject, table: string, rows: JsonObject | null): void {
  if (rows !== null) put(out, table, rows);
}

function nonEmpty(obj: JsonObject): JsonObject | null {
  for (const _ in obj) return obj;
  return null;
}

/** The update for a change set; `changes` may hold tables the monitor does not watch. */
export function composeChanges(spec: MonitorSpec, changes: ChangeSet, format: UpdateFormat): JsonObject | null {
  const out: JsonObject = {};
  for (const [table, rows] of changes) {
    const tm = spec.tables.get(table);
    if (tm === undefined || tm.select === 0) continue;
    let tableJson: JsonObject | null = null;
    for (const [uuid, change] of rows) {
      const u = rowUpdate(tm, format, false, change.old, change.new);
      if (u !== null) (tableJson ??= {})[uuid] = u;
    }
    addTable(out, table, tableJson);
  }
  return nonEmpty(out);
}

/** Rows of `table` worth looking at for `cond`s (all rows unless every condition allows a lookup). */
function rowsFor(source: RowSource, table: string, conds: readonly MonitorCondition[]): Iterable<Row> {
  const all = source.rows(table);
  if (source.candidates === undefined || conds.some((c) => c.mode === 'all')) return all.values();
  if (conds.every((c) => c.mode === 'none')) return [];
  const seen = new Map<string, Row>();
  for (const c of conds) {
    if (c.mode === 'none') continue;
    const rows = source.candidates(table, c);
    if (rows === null) return all.values();
    for (const r of rows) seen.set(r.uuid, r);
  }
  return seen.values();
}

function initialTable(tm: TableMonitor, table: string, source: RowSource, format: UpdateFormat): JsonObject | null {
  if (!(tm.select & SELECT_INITIAL)) return null;
  let tableJson: JsonObject | null = null;
  for (const row of rowsFor(source, table, [tm.condition])) {
    const u = rowUpdate(tm, format, true, null, row);
    if (u !== null) (tableJson ??= {})[row.uuid] = u;
  }
  return tableJson;
}

/** The initial dump: every selected row as "initial" (format 2) or "new" (format 1). */
export function composeInitial(spec: MonitorSpec, source: RowSource, format: UpdateFormat): JsonObject {
  const out: JsonObject = {};
  for (const [table, tm] of spec.tables) addTable(out, table, initialTable(tm, table, source, format));
  return out;
}

/**
 * The update a condition change causes (ovsdb-server(7) §4.1.13): rows selected only by the new
 * condition as "insert", rows selected only by the old one as "delete". `oldSpec` and `newSpec`
 * have the same tables and columns.
 */
export function composeConditionChange(oldSpec: MonitorSpec, newSpec: MonitorSpec, source: RowSource): JsonObject | null {
  const out: JsonObject = {};
  for (const [table, tm] of newSpec.tables) {
    const oldCond = oldSpec.tables.get(table)?.condition ?? tm.condition;
    const newCond = tm.condition;
    if (oldCond.key === newCond.key || tm.select === 0) continue;
    let tableJson: JsonObject | null = null;
    for (const row of rowsFor(source, table, [oldCond, newCond])) {
      const u = rowUpdate(tm, 2, false, row, row, oldCond, newCond);
      if (u !== null) (tableJson ??= {})[row.uuid] = u;
    }
    addTable(out, table, tableJson);
  }
  return nonEmpty(out);
}
