/**
 * The committed state of one table: rows by UUID, unique indexes (RFC 7047 §3.2 "indexes",
 * ovsdb(7)), and the count of strong references each row receives.
 *
 * All three are maintained incrementally (`replaceRow`, `adjustRefCount`), never recomputed.
 */
import type { TableSchema } from '../ovsdb/types.js';
import { datumKey, type Datum } from '../ovsdb/datum.js';
import { Row, tableLayout, type TableLayout } from '../ovsdb/row.js';

export interface UniqueIndex {
  /** Column ordinals of the index, in schema order of the index declaration. */
  readonly ordinals: readonly number[];
  /** Index key (see `rowKey`) → UUID of the row holding it. */
  readonly map: Map<string, string>;
}

/**
 * The key of a row's values in some columns (`_uuid`/`_version` included): equal values ⇔ equal
 * keys. Unique indexes, select's distinct rows and wait's row sets all key rows by it.
 */
export function rowKey(row: Row, ordinals: readonly number[]): string {
  if (ordinals.length === 1) return datumKey(row.at(ordinals[0]!));
  let s = '';
  for (const o of ordinals) s += datumKey(row.at(o)) + '|';
  return s;
}

/** `rowKey` of a row whose values in those columns are `datums`, in the same order. */
export function datumsKey(datums: readonly Datum[]): string {
  if (datums.length === 1) return datumKey(datums[0]!);
  let s = '';
  for (const d of datums) s += datumKey(d) + '|';
  return s;
}

export class TableState {
  readonly layout: TableLayout;
  readonly rows = new Map<string, Row>();
  readonly indexes: readonly UniqueIndex[];
  /** Strong references received, by row UUID (absent = 0; self-references do not count). */
  readonly refCounts = new Map<string, number>();

  constructor(readonly schema: TableSchema) {
    this.layout = tableLayout(schema);
    this.indexes = schema.indexes.map((cols) => ({
      ordinals: cols.map((c) => this.layout.ordinal(c)!),
      map: new Map<string, string>(),
    }));
  }

  get name(): string {
    return this.schema.name;
  }

  refCount(uuid: string): number {
    return this.refCounts.get(uuid) ?? 0;
  }

  adjustRefCount(uuid: string, delta: number): void {
    const n = (this.refCounts.get(uuid) ?? 0) + delta;
    if (n === 0) this.refCounts.delete(uuid);
    else this.refCounts.set(uuid, n);
  }

  /** Replaces `old` by `next` (either may be null) in rows and indexes. */
  replaceRow(uuid: string, old: Row | null, next: Row | null): void {
    if (next === null) this.rows.delete(uuid);
    else this.rows.set(uuid, next);
    for (const idx of this.indexes) {
      // A modification that left the index's columns alone (same datums) keeps its key.
      if (old !== null && next !== null && idx.ordinals.every((o) => o >= 0 && old.data[o] === next.data[o])) continue;
      if (old !== null) {
        const k = rowKey(old, idx.ordinals);
        if (idx.map.get(k) === uuid) idx.map.delete(k);
      }
      if (next !== null) idx.map.set(rowKey(next, idx.ordinals), uuid);
    }
  }
}
