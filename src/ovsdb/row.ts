/**
 * Rows (RFC 7047 §3.2 <table-schema> columns plus `_uuid` and `_version`) and their JSON forms.
 *
 * A row keeps its column values as an array of datums by column ordinal (the order of
 * `TableSchema.columns`); `_uuid` and `_version` are the fields `uuid` and `version`. Rows are
 * immutable: a modification makes a new Row that shares the unchanged datums.
 */
import type { JsonObject } from './json.js';
import { plainBaseType, type ColumnSchema, type ColumnType, type TableSchema } from './types.js';
import { setMember } from './json.js';
import { datumEquals, datumToJson, defaultDatum, type Datum } from './datum.js';
import { ovsColumnOrder } from './ovs-order.js';

export const UUID_COLUMN = '_uuid';
export const VERSION_COLUMN = '_version';

const UUID_BASE = plainBaseType('uuid');

/** The type of `_uuid` and `_version`: one UUID. */
export const UUID_TYPE: ColumnType = { key: UUID_BASE, value: null, min: 1, max: 1 };

/** `_uuid` and `_version` as ovsdb-server declares them: immutable, not ephemeral. */
export const UUID_COLUMN_SCHEMA: ColumnSchema = { name: UUID_COLUMN, type: UUID_TYPE, ephemeral: false, mutable: false };
export const VERSION_COLUMN_SCHEMA: ColumnSchema = {
  name: VERSION_COLUMN,
  type: UUID_TYPE,
  ephemeral: false,
  mutable: false,
};

/** Ordinals of `_uuid` and `_version` in column lists (schema columns have 0…n-1). */
export const UUID_ORDINAL = -1;
export const VERSION_ORDINAL = -2;

/** Per-table column layout: ordinals, schemas and defaults, computed once per TableSchema. */
export class TableLayout {
  readonly columns: readonly ColumnSchema[];
  readonly names: readonly string[];
  readonly #ordinals = new Map<string, number>();
  /** Default datums by ordinal (the row every insert starts from). */
  readonly defaults: readonly Datum[];

  constructor(readonly schema: TableSchema) {
    this.columns = [...schema.columns.values()];
    this.names = this.columns.map((c) => c.name);
    this.columns.forEach((c, i) => this.#ordinals.set(c.name, i));
    this.#ordinals.set(UUID_COLUMN, UUID_ORDINAL);
    this.#ordinals.set(VERSION_COLUMN, VERSION_ORDINAL);
    this.defaults = this.columns.map((c) => defaultDatum(c.type));
  }

  #ovsOrder: number[] | null = null;

  /**
   * Ordinals (with UUID_ORDINAL/VERSION_ORDINAL) in the order ovsdb-server walks the table's
   * columns; it decides which of several faults is reported (see ovs-order.ts).
   */
  get ovsOrder(): readonly number[] {
    if (this.#ovsOrder === null) this.#ovsOrder = ovsColumnOrder(this.names).map((n) => this.ordinal(n)!);
    return this.#ovsOrder;
  }

  get name(): string {
    return this.schema.name;
  }

  /** Ordinal of a column (UUID_ORDINAL/VERSION_ORDINAL for the special ones), or undefined. */
  ordinal(name: string): number | undefined {
    return this.#ordinals.get(name);
  }

  /** The schema of a column by ordinal, including the special ones. */
  column(ordinal: number): ColumnSchema {
    if (ordinal === UUID_ORDINAL) return UUID_COLUMN_SCHEMA;
    if (ordinal === VERSION_ORDINAL) return VERSION_COLUMN_SCHEMA;
    return this.columns[ordinal]!;
  }

  /** Every ordinal, as ovsdb-server lists "all columns": the schema's, then _uuid, _version. */
  allOrdinals(): number[] {
    return [...this.columns.keys(), UUID_ORDINAL, VERSION_ORDINAL];
  }
}

const layouts = new WeakMap<TableSchema, TableLayout>();

export function tableLayout(schema: TableSchema): TableLayout {
  let layout = layouts.get(schema);
  if (layout === undefined) {
    layout = new TableLayout(schema);
    layouts.set(schema, layout);
  }
  return layout;
}

export class Row {
  constructor(
    readonly layout: TableLayout,
    readonly uuid: string,
    readonly version: string,
    /** Column values by ordinal; never mutated once the row is published. */
    readonly data: readonly Datum[],
  ) {}

  /** A column's value by ordinal (special ordinals give `_uuid`/`_version` datums). */
  at(ordinal: number): Datum {
    if (ordinal >= 0) return this.data[ordinal]!;
    return { keys: [ordinal === UUID_ORDINAL ? this.uuid : this.version], values: null };
  }

  /** A column's value by name; throws for an unknown column. */
  get(column: string): Datum {
    const ordinal = this.layout.ordinal(column);
    if (ordinal === undefined) throw new Error(`no column ${column} in table ${this.layout.name}`);
    return this.at(ordinal);
  }
}

/** The JSON object of a row with the given columns (RFC 7047 §5.1 <row>), as select returns it. */
export function rowToJson(row: Row, ordinals: readonly number[]): JsonObject {
  const obj: JsonObject = {};
  for (const ord of ordinals) {
    const col = row.layout.column(ord);
    setMember(obj, col.name, datumToJson(row.at(ord), col.type));
  }
  return obj;
}

/** Does schema column `i` hold different values in two versions of a row? */
function columnDiffers(oldRow: Row, newRow: Row, i: number): boolean {
  const a = oldRow.data[i]!;
  const b = newRow.data[i]!;
  return a !== b && !datumEquals(a, b, oldRow.layout.columns[i]!.type);
}

/** Ordinals of the schema columns whose values differ between two versions of a row. */
export function changedOrdinals(oldRow: Row, newRow: Row): number[] {
  const out: number[] = [];
  for (let i = 0; i < oldRow.layout.columns.length; i++) if (columnDiffers(oldRow, newRow, i)) out.push(i);
  return out;
}

/** Whether some schema column differs between two versions of a row (`changedOrdinals` is not empty). */
export function rowsDiffer(oldRow: Row, newRow: Row): boolean {
  for (let i = 0; i < oldRow.layout.columns.length; i++) if (columnDiffers(oldRow, newRow, i)) return true;
  return false;
}
