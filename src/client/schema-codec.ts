/**
 * A database schema turned into per-table, per-column codecs (values.ts), and rows built from
 * their wire form (RFC 7047 §5.1 <row>).
 *
 * Rows are plain objects whose own properties are `_uuid` and the columns (names the schema
 * declares; RFC 7047 reserves names beginning with "_", so no column is `__proto__`, but a row is
 * still built by defining such a name, never by assigning it, which would set the prototype).
 * Map keys, which are user data, live in `Map`s.
 */
import { isJsonObject, members, type Json, type JsonObject } from '../ovsdb/json.js';
import type { ColumnType, DatabaseSchema, TableSchema } from '../ovsdb/types.js';
import { UUID_COLUMN, VERSION_COLUMN, UUID_TYPE } from '../ovsdb/row.js';
import { columnCodec, ValueError, type ColumnCodec } from './values.js';
import type { AnyRow, Value } from './model.js';

type MutableRow = { [column: string]: Value };

/** Set one property of a row object, safely for any name. */
export function setColumn(row: MutableRow, name: string, value: Value): void {
  if (name === '__proto__') Object.defineProperty(row, name, { value, enumerable: true, writable: true, configurable: true });
  else row[name] = value;
}

export class TableCodec {
  readonly name: string;
  readonly schema: TableSchema;
  /** Declared columns and `_uuid`, `_version`. */
  readonly #columns = new Map<string, ColumnCodec>();

  constructor(schema: TableSchema) {
    this.name = schema.name;
    this.schema = schema;
    const uuid = columnCodec(UUID_TYPE);
    this.#columns.set(UUID_COLUMN, uuid);
    this.#columns.set(VERSION_COLUMN, uuid);
    for (const [name, col] of schema.columns) this.#columns.set(name, columnCodec(col.type as ColumnType));
  }

  column(name: string): ColumnCodec | undefined {
    return this.#columns.get(name);
  }

  /** Declared column names in schema order (not `_uuid`, `_version`). */
  get columnNames(): string[] {
    return [...this.schema.columns.keys()];
  }

  /** A row as given by select: only the members present, each decoded. */
  decodeRow(json: Json): AnyRow {
    if (!isJsonObject(json)) throw new ValueError(`${this.name}: expected a row object`);
    const row: MutableRow = {};
    for (const [name, v] of members(json)) {
      const codec = this.#columns.get(name);
      if (codec === undefined) throw new ValueError(`${this.name}: server sent unknown column ${name}`);
      setColumn(row, name, codec.decode(v));
    }
    return row as AnyRow;
  }

  /**
   * A decoder of monitored rows: `_uuid`, then each of `columns` from the row's JSON or, when
   * absent, its default (update2 "initial"/"insert" leave out default values). The columns'
   * codecs are looked up once, not per row.
   */
  rowDecoder(columns: readonly string[]): (uuid: string, json: JsonObject) => AnyRow {
    const codecs = columns.map((name) => {
      const codec = this.#columns.get(name);
      if (codec === undefined) throw new ValueError(`${this.name}: unknown column ${name}`);
      return codec;
    });
    const n = columns.length;
    return (uuid, json) => {
      const row: MutableRow = { [UUID_COLUMN]: uuid };
      for (let i = 0; i < n; i++) {
        const name = columns[i] as string;
        const codec = codecs[i] as ColumnCodec;
        const v = json[name];
        setColumn(row, name, v !== undefined && Object.hasOwn(json, name) ? codec.decode(v) : codec.defaultValue);
      }
      return row as AnyRow;
    };
  }
}

export class DatabaseCodec {
  readonly schema: DatabaseSchema;
  readonly #tables = new Map<string, TableCodec>();

  constructor(schema: DatabaseSchema) {
    this.schema = schema;
    for (const [name, t] of schema.tables) this.#tables.set(name, new TableCodec(t));
  }

  get name(): string {
    return this.schema.name;
  }

  table(name: string): TableCodec | undefined {
    return this.#tables.get(name);
  }
}

