/**
 * One row's update in a monitor notification (RFC 7047 §4.1.6 <row-update>, ovsdb-server(7)
 * §4.1.14 <row-update2>), decided and composed as ovsdb-server does (ovsdb/monitor.c):
 *
 * Kind: initial (initial dump), insert (no old), delete (no new), modify (both). For a
 * conditional monitor, the old row is judged by the old condition and the new row by the new
 * one (they differ only during monitor_cond_change): a modify whose old row was not selected
 * becomes an insert, one whose new row is not selected becomes a delete, and a row selected by
 * neither gives nothing. The kind must be in the table's selection, and a modify must change
 * some tracked column (reported or read by the condition); otherwise nothing is sent.
 *
 * Format 1 (`update`): "new" holds every reported column whose request selected the kind
 * (defaults included); "old" holds, for a delete, the same columns of the old row and, for a
 * modify, only the changed ones.
 * Format 2 (`update2`/`update3`): {"initial"|"insert": row without default-valued columns},
 * {"delete": null}, or {"modify": the changed columns, each as the difference: for a column
 * that may hold several values, the elements (map pairs) added or removed, a changed map value
 * given as its new pair; for any other column, the new value}.
 */
import type { Row } from '../../ovsdb/row.js';
import { datumEquals, isDefaultDatum } from '../../ovsdb/datum.js';
import { datumDiff } from '../../ovsdb/datum-delta.js';
import { SELECT_DELETE, SELECT_INITIAL, SELECT_INSERT, SELECT_MODIFY, UPDATE_NONE, type UpdateFormat } from './select.js';
import { matchesCondition, type MonitorCondition } from './condition.js';
import type { TableMonitor } from './spec.js';
import type { DatumWriter } from './datum-text.js';

/** The kind of update for a row change, conditions applied (OVS `ovsdb_monitor_row_update_type_condition`). */
export function updateKind(
  initial: boolean,
  old: Row | null,
  next: Row | null,
  oldCond: MonitorCondition,
  newCond: MonitorCondition,
): number {
  const oldIn = old !== null && matchesCondition(oldCond, old);
  const newIn = next !== null && matchesCondition(newCond, next);
  if (initial) return newIn ? SELECT_INITIAL : UPDATE_NONE;
  if (old === null) return newIn ? SELECT_INSERT : UPDATE_NONE;
  if (next === null) return oldIn ? SELECT_DELETE : UPDATE_NONE;
  if (!oldIn) return newIn ? SELECT_INSERT : UPDATE_NONE;
  return newIn ? SELECT_MODIFY : SELECT_DELETE;
}

/** Tracked ordinals whose values differ between the two rows. */
function changedSet(tm: TableMonitor, old: Row, next: Row): Set<number> | null {
  let changed: Set<number> | null = null;
  for (const o of tm.tracked) {
    const a = old.at(o);
    const b = next.at(o);
    if (a !== b && !datumEquals(a, b, tm.layout.column(o).type)) (changed ??= new Set()).add(o);
  }
  return changed;
}

function update1(
  tm: TableMonitor,
  kind: number,
  old: Row | null,
  next: Row | null,
  changed: Set<number> | null,
  write: DatumWriter,
): string {
  const hasOld = (kind & (SELECT_DELETE | SELECT_MODIFY)) !== 0;
  const hasNew = (kind & (SELECT_INITIAL | SELECT_INSERT | SELECT_MODIFY)) !== 0;
  const oldParts: string[] = [];
  const newParts: string[] = [];
  for (const c of tm.columns) {
    if (!(c.select & kind)) continue;
    if (kind === SELECT_DELETE || (kind === SELECT_MODIFY && changed!.has(c.ordinal))) {
      oldParts.push(`${c.nameText}:${write(old!.at(c.ordinal), c.type)}`);
    }
    if (hasNew) newParts.push(`${c.nameText}:${write(next!.at(c.ordinal), c.type)}`);
  }
  const members: string[] = [];
  if (hasOld) members.push(`"old":{${oldParts.join(',')}}`);
  if (hasNew) members.push(`"new":{${newParts.join(',')}}`);
  return `{${members.join(',')}}`;
}

const KIND_NAMES = new Map<number, string>([
  [SELECT_INITIAL, 'initial'],
  [SELECT_INSERT, 'insert'],
  [SELECT_MODIFY, 'modify'],
]);

function update2(
  tm: TableMonitor,
  kind: number,
  old: Row | null,
  next: Row | null,
  changed: Set<number> | null,
  write: DatumWriter,
): string {
  if (kind === SELECT_DELETE) return '{"delete":null}';
  const parts: string[] = [];
  for (const c of tm.columns) {
    if (!(c.select & kind)) continue;
    const value = next!.at(c.ordinal);
    if (kind === SELECT_MODIFY) {
      if (!changed!.has(c.ordinal)) continue;
      parts.push(`${c.nameText}:${write(datumDiff(old!.at(c.ordinal), value, c.type), c.type)}`);
    } else if (!isDefaultDatum(value, c.type)) {
      parts.push(`${c.nameText}:${write(value, c.type)}`);
    }
  }
  return `{"${KIND_NAMES.get(kind)!}":{${parts.join(',')}}}`;
}

/**
 * The JSON text of a row's "initial" update (format 1: {"new":…}, format 2: {"initial":…}),
 * the table selecting initial rows and the row being selected by the condition (the caller
 * checks both). It depends only on the row and on `initialTextKey(tm, format)`.
 */
export function initialRowUpdate(tm: TableMonitor, format: UpdateFormat, write: DatumWriter, row: Row): string {
  return format === 1 ? update1(tm, SELECT_INITIAL, null, row, null, write) : update2(tm, SELECT_INITIAL, null, row, null, write);
}

/**
 * The JSON text of the <row-update> (format 1) or <row-update2> (format 2) for one row, or null
 * when nothing is to be sent. `oldCond`/`newCond` judge the old and the new row (both the
 * table's condition except during monitor_cond_change).
 */
export function rowUpdate(
  tm: TableMonitor,
  format: UpdateFormat,
  write: DatumWriter,
  initial: boolean,
  old: Row | null,
  next: Row | null,
  oldCond: MonitorCondition = tm.condition,
  newCond: MonitorCondition = tm.condition,
): string | null {
  const kind = updateKind(initial, old, next, oldCond, newCond);
  if (kind === UPDATE_NONE || !(tm.select & kind)) return null;
  let changed: Set<number> | null = null;
  if (kind === SELECT_MODIFY) {
    changed = changedSet(tm, old!, next!);
    if (changed === null) return null;
  }
  return format === 1 ? update1(tm, kind, old, next, changed, write) : update2(tm, kind, old, next, changed, write);
}
