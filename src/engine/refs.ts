/**
 * Which columns of a table hold references (RFC 7047 §3.2 refTable/refType), and helpers to walk
 * the references of a row or of the difference between two versions of a row.
 */
import type { Datum } from '../ovsdb/datum.js';
import { changeOf } from '../ovsdb/datum-delta.js';
import type { Row, TableLayout } from '../ovsdb/row.js';

export interface RefColumn {
  readonly ordinal: number;
  /** Referenced table of the keys / of the values, or null when they are not references. */
  readonly keyTable: string | null;
  readonly valueTable: string | null;
}

export interface RefColumns {
  readonly strong: readonly RefColumn[];
  readonly weak: readonly RefColumn[];
}

const cache = new WeakMap<TableLayout, RefColumns>();

/** Reference columns in ovsdb-server's column walk order (see TableLayout.ovsOrder). */
export function refColumns(layout: TableLayout): RefColumns {
  let rc = cache.get(layout);
  if (rc !== undefined) return rc;
  const strong: RefColumn[] = [];
  const weak: RefColumn[] = [];
  for (const ordinal of layout.ovsOrder) {
    if (ordinal < 0) continue;
    const t = layout.columns[ordinal]!.type;
    const pick = (kind: 'strong' | 'weak'): RefColumn | null => {
      const k = t.key.refTable !== null && t.key.refType === kind ? t.key.refTable : null;
      const v = t.value !== null && t.value.refTable !== null && t.value.refType === kind ? t.value.refTable : null;
      return k === null && v === null ? null : { ordinal, keyTable: k, valueTable: v };
    };
    const s = pick('strong');
    if (s !== null) strong.push(s);
    const w = pick('weak');
    if (w !== null) weak.push(w);
  }
  rc = { strong, weak };
  cache.set(layout, rc);
  return rc;
}

/** Calls `fn(table, uuid)` for every reference of the given columns in a datum. */
export function forEachRef(col: RefColumn, d: Datum, fn: (table: string, uuid: string) => void): void {
  if (col.keyTable !== null) for (const k of d.keys) fn(col.keyTable, k as string);
  if (col.valueTable !== null) for (const v of d.values!) fn(col.valueTable, v as string);
}

/**
 * Strong references removed and added between two versions (either may be null) of a row:
 * `fn` sees, column by column in ovsdb-server's walk order, the removed references (delta -1)
 * in key order, then the added ones (+1) in key order. References of a row to itself are skipped.
 */
export function strongRefDelta(
  layout: TableLayout,
  old: Row | null,
  next: Row | null,
  fn: (table: string, uuid: string, delta: number, column: number) => void,
): void {
  const self = (old ?? next)!.uuid;
  for (const col of refColumns(layout).strong) {
    const o = old?.data[col.ordinal];
    const n = next?.data[col.ordinal];
    if (o === n) continue;
    let removed: Datum | null = o ?? null;
    let added: Datum | null = n ?? null;
    if (o !== undefined && n !== undefined) {
      const t = layout.columns[col.ordinal]!.type;
      ({ removed, added } = changeOf(o, n, t.key.type, t.value === null ? null : t.value.type));
    }
    if (removed !== null) visitRefs(col, removed, self, -1, fn);
    if (added !== null) visitRefs(col, added, self, 1, fn);
  }
}

/** `fn` for each reference of `d` in `col` (keys, then values), except those to `self`. */
function visitRefs(
  col: RefColumn,
  d: Datum,
  self: string,
  delta: number,
  fn: (table: string, uuid: string, delta: number, column: number) => void,
): void {
  if (col.keyTable !== null) {
    for (const k of d.keys) if (k !== self) fn(col.keyTable, k as string, delta, col.ordinal);
  }
  if (col.valueTable !== null) {
    for (const v of d.values!) if (v !== self) fn(col.valueTable, v as string, delta, col.ordinal);
  }
}

/** Every weakly referenced UUID of a row (with repeats). */
export function weakTargets(layout: TableLayout, row: Row, fn: (table: string, uuid: string) => void): void {
  for (const col of refColumns(layout).weak) {
    forEachRef(col, row.data[col.ordinal]!, (table, uuid) => {
      if (uuid !== row.uuid) fn(table, uuid);
    });
  }
}
