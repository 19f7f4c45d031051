/**
 * The JSON text of <table-updates> / <table-updates2> for a monitor: from a change set (a
 * commit, or the net change since a transaction), from the current rows (the initial dump), or
 * from a condition change (rows entering and leaving the selection). Written as text directly,
 * once per distinct monitor (STYLE.md §9). Each returns null when there is nothing to send, so
 * no notification goes out (an initial dump with nothing is `{}`).
 */
import type { Row } from '../../ovsdb/row.js';
import type { UpdateFormat } from './select.js';
import { SELECT_INITIAL } from './select.js';
import { matchesCondition, type MonitorCondition } from './condition.js';
import { initialTextKey, type MonitorSpec, type TableMonitor } from './spec.js';
import type { ChangeSet } from './change-set.js';
import { initialRowUpdate, rowUpdate } from './row-update.js';
import { nameText, type DatumWriter } from './datum-text.js';

/** Where the current rows come from; `candidates` may narrow a conditional scan. */
export interface RowSource {
  /** Every committed row of a table, by UUID. */
  rows(table: string): ReadonlyMap<string, Row>;
  /** A superset of the rows of `table` that `cond` can select, or null when only a scan can tell. */
  candidates?(table: string, cond: MonitorCondition): Iterable<Row> | null;
}

/** How to write: the format and the datum writer (datum-text.ts). */
export interface UpdateWriter {
  readonly format: UpdateFormat;
  readonly write: DatumWriter;
}

/** `{"<table>":{…},…}` from the non-empty tables, or null. */
function tablesText(tables: readonly string[]): string | null {
  return tables.length === 0 ? null : `{${tables.join(',')}}`;
}

function tableText(table: string, rows: readonly string[]): string | null {
  return rows.length === 0 ? null : `${nameText(table)}:{${rows.join(',')}}`;
}

/** The update for a change set; `changes` may hold tables the monitor does not watch. */
export function composeChanges(spec: MonitorSpec, changes: ChangeSet, w: UpdateWriter): string | null {
  const tables: string[] = [];
  for (const [table, rows] of changes) {
    const tm = spec.tables.get(table);
    if (tm === undefined || tm.select === 0) continue;
    const parts: string[] = [];
    for (const [uuid, change] of rows) {
      const u = rowUpdate(tm, w.format, w.write, false, change.old, change.new);
      if (u !== null) parts.push(`"${uuid}":${u}`);
    }
    const t = tableText(table, parts);
    if (t !== null) tables.push(t);
  }
  return tablesText(tables);
}

/** Rows of `table` worth looking at for `conds` (all rows unless every condition allows a lookup). */
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

/**
 * Where initial dumps keep the `"<uuid>":<row-update>` text of each row they wrote, for the next
 * dump to reuse: one map per `initialTextKey`, keyed by the Row object. Rows are immutable (a
 * change makes a new Row), so a kept text is that of the row as it is; a WeakMap keeps no row
 * alive.
 */
export interface InitialTextCache {
  texts(key: string): WeakMap<Row, string>;
}

function initialTable(tm: TableMonitor, table: string, source: RowSource, w: UpdateWriter, cache: InitialTextCache | null): string | null {
  if (!(tm.select & SELECT_INITIAL)) return null;
  const texts = cache?.texts(initialTextKey(tm, w.format)) ?? null;
  const parts: string[] = [];
  for (const row of rowsFor(source, table, [tm.condition])) {
    if (!matchesCondition(tm.condition, row)) continue;
    let text = texts?.get(row);
    if (text === undefined) {
      text = `"${row.uuid}":${initialRowUpdate(tm, w.format, w.write, row)}`;
      texts?.set(row, text);
    }
    parts.push(text);
  }
  return tableText(table, parts);
}

/**
 * The initial dump: every selected row as "initial" (format 2) or "new" (format 1). With a
 * cache, rows' texts are taken from and added to it.
 */
export function composeInitial(spec: MonitorSpec, source: RowSource, w: UpdateWriter, cache: InitialTextCache | null = null): string {
  const tables: string[] = [];
  for (const [table, tm] of spec.tables) {
    const t = initialTable(tm, table, source, w, cache);
    if (t !== null) tables.push(t);
  }
  return tablesText(tables) ?? '{}';
}

/**
 * The update a condition change causes (ovsdb-server(7) §4.1.13), in format 2: rows selected
 * only by the new condition as "insert", rows selected only by the old one as "delete".
 * `oldSpec` and `newSpec` have the same tables and columns.
 */
export function composeConditionChange(oldSpec: MonitorSpec, newSpec: MonitorSpec, source: RowSource, write: DatumWriter): string | null {
  const tables: string[] = [];
  for (const [table, tm] of newSpec.tables) {
    const oldCond = oldSpec.tables.get(table)?.condition ?? tm.condition;
    const newCond = tm.condition;
    if (oldCond.key === newCond.key || tm.select === 0) continue;
    const parts: string[] = [];
    for (const row of rowsFor(source, table, [oldCond, newCond])) {
      const u = rowUpdate(tm, 2, write, false, row, row, oldCond, newCond);
      if (u !== null) parts.push(`"${row.uuid}":${u}`);
    }
    const t = tableText(table, parts);
    if (t !== null) tables.push(t);
  }
  return tablesText(tables);
}
