/**
 * A parsed monitor: per table, the columns it reports, what it selects and its condition
 * (RFC 7047 §4.1.5 <monitor-request>, ovsdb-server(7) §4.1.12 <monitor-cond-request>).
 *
 * `tableSpecKey`/`monitorSpecKey` give canonical texts: two monitors with equal keys receive
 * byte-identical table updates for every change, so they can share one serialization.
 */
import type { ColumnType } from '../../ovsdb/types.js';
import type { TableLayout } from '../../ovsdb/row.js';
import type { MonitorCondition } from './condition.js';
import { SELECT_INITIAL, type UpdateFormat } from './select.js';

export interface MonitoredColumn {
  readonly ordinal: number;
  readonly name: string;
  /** `name` as a JSON string, written once per column instead of once per row update. */
  readonly nameText: string;
  readonly type: ColumnType;
  /** The selection of the request that named this column (SELECT_* bits). */
  readonly select: number;
}

export interface TableMonitor {
  readonly layout: TableLayout;
  /** Reported columns, in request order, each at most once. */
  readonly columns: readonly MonitoredColumn[];
  /** Union of the selections of the table's requests. */
  readonly select: number;
  readonly condition: MonitorCondition;
  /**
   * Ordinals whose change makes a row "modified": the reported columns plus the columns the
   * condition reads (ovsdb-server tracks both, so a change to a condition-only column of a row
   * that stays selected gives an empty "modify").
   */
  readonly tracked: readonly number[];
}

export interface MonitorSpec {
  /** By table name, in the order the tables were parsed. */
  readonly tables: ReadonlyMap<string, TableMonitor>;
}

/** The tracked ordinals for a table's columns and condition, sorted, without duplicates. */
export function trackedOrdinals(columns: readonly MonitoredColumn[], condition: MonitorCondition, previous: readonly number[] = []): number[] {
  const set = new Set<number>(previous);
  for (const c of columns) set.add(c.ordinal);
  for (const o of condition.columns) set.add(o);
  return [...set].sort((a, b) => a - b);
}

export function tableSpecKey(tm: TableMonitor): string {
  const cols = tm.columns.map((c) => `${c.ordinal}:${c.select}`).join(',');
  return `${tm.select}|${cols}|${tm.tracked.join(',')}|${tm.condition.key}`;
}

/**
 * What a row's "initial" update text depends on besides the row (row-update.ts
 * `initialRowUpdate`): the format and the columns whose request selected "initial", in order.
 */
export function initialTextKey(tm: TableMonitor, format: UpdateFormat): string {
  const cols = tm.columns.filter((c) => c.select & SELECT_INITIAL).map((c) => c.ordinal);
  return `${format}|${tm.layout.name}|${cols.join(',')}`;
}

export function monitorSpecKey(spec: MonitorSpec): string {
  const parts: string[] = [];
  for (const [name, tm] of spec.tables) parts.push(`${JSON.stringify(name)}=${tableSpecKey(tm)}`);
  return parts.sort().join(';');
}

/** The same monitor with some tables' conditions replaced (monitor_cond_change). */
export function withConditions(spec: MonitorSpec, conditions: ReadonlyMap<string, MonitorCondition>): MonitorSpec {
  const tables = new Map<string, TableMonitor>();
  for (const [name, tm] of spec.tables) {
    const condition = conditions.get(name);
    if (condition === undefined) tables.set(name, tm);
    else tables.set(name, { ...tm, condition, tracked: trackedOrdinals(tm.columns, condition, tm.tracked) });
  }
  return { tables };
}
