/**
 * Transaction records of the standalone file, ovsdb(5) "Database File Format": after the schema,
 * each record is one committed transaction:
 *
 *   {"_date": <ms since epoch>,
 *    "<table>": {"<uuid>": <row> | null, …}, …,
 *    "_is_diff": true,
 *    "_comment": "<comment ops joined by \n>"}
 *
 * as ovsdb-server 3.1 writes it (checked against its files):
 * - a deleted row is `null`;
 * - an inserted row lists its persistent columns whose value is not the default, full values;
 * - a modified row lists the persistent columns whose value changed; with `_is_diff` the value
 *   is a diff (datum-diff.ts), without it (files from before OVS 2.15) the new value;
 * - ephemeral columns are never written; a row whose only changes are ephemeral is left out, and
 *   a transaction with nothing persistent to write writes no record at all (not even for its
 *   comment);
 * - no other member: ovsdb-server reads every member not starting with `_date`, `_comment`,
 *   `_is_diff` as a table name, and refuses unknown tables.
 */
import { isJsonObject, type Json, type JsonObject } from '../ovsdb/json.js';
import { encodeJson } from '../wire/json-encode.js';
import { ErrorTag, OvsdbError } from '../ovsdb/error.js';
import type { DatabaseSchema } from '../ovsdb/types.js';
import { datumFromJson, datumEquals, datumToJson, type Datum } from '../ovsdb/datum.js';
import { Row, tableLayout, type TableLayout } from '../ovsdb/row.js';
import { parseUuid } from '../ovsdb/uuid.js';
import type { TxnChanges } from '../engine/index.js';
import { datumApplyDiff, datumDiff, diffType } from './datum-diff.js';

export const DATE_MEMBER = '_date';
export const COMMENT_MEMBER = '_comment';
export const IS_DIFF_MEMBER = '_is_diff';

/** One row's change in a transaction (old null: inserted; new null: deleted). */
export interface RowChange {
  old: Row | null;
  new: Row | null;
}
export type { TxnChanges };

/**
 * The JSON text of the record for a committed transaction, or null when it changed nothing
 * persistent. `dateMs` is the commit's wall-clock time. The text is built directly (no JSON
 * value in between): this runs for every commit.
 *
 * Modified columns are written as diffs (`"_is_diff": true`), as ovsdb-server 3.1 does, unless
 * some diff has more or fewer elements than its column allows: ovsdb-server 3.1 parses diffs
 * with the column's own type and stops reading the file at such a record (it writes them itself
 * and then cannot read them back). Such a transaction is written with full new values and no
 * `_is_diff`, which every version reads.
 */
export function txnRecordText(changes: TxnChanges, dateMs: number, comment: string | null): string | null {
  const asDiff = buildRecord(changes, dateMs, comment, true);
  return asDiff !== undefined ? asDiff : (buildRecord(changes, dateMs, comment, false) ?? null);
}

/** Null when nothing persistent changed; undefined when `asDiff` and a diff does not fit. */
function buildRecord(changes: TxnChanges, dateMs: number, comment: string | null, asDiff: boolean): string | null | undefined {
  let text = `{"${DATE_MEMBER}":${dateMs}`;
  let any = false;
  for (const [table, rows] of changes) {
    let tableText = '';
    for (const [uuid, change] of rows) {
      const j = rowChangeText(change, asDiff);
      if (j === DIFF_DOES_NOT_FIT) return undefined;
      if (j !== undefined) tableText += `${tableText === '' ? '' : ','}${quote(uuid)}:${j}`;
    }
    if (tableText !== '') {
      text += `,${quote(table)}:{${tableText}}`;
      any = true;
    }
  }
  if (!any) return null;
  if (asDiff) text += `,"${IS_DIFF_MEMBER}":true`;
  if (comment !== null) text += `,"${COMMENT_MEMBER}":${quote(comment)}`;
  return text + '}';
}

const DIFF_DOES_NOT_FIT = Symbol('diff does not fit its column type');

function quote(s: string): string {
  return JSON.stringify(s);
}

/** `"<column>":` for each column of a layout, computed once. */
const columnKeys = new WeakMap<TableLayout, readonly string[]>();
function keysOf(layout: TableLayout): readonly string[] {
  let keys = columnKeys.get(layout);
  if (keys === undefined) {
    keys = layout.columns.map((c) => `${quote(c.name)}:`);
    columnKeys.set(layout, keys);
  }
  return keys;
}

/** A row's entry in a record; undefined when nothing persistent changed. */
function rowChangeText(change: RowChange, asDiff: boolean): string | undefined | typeof DIFF_DOES_NOT_FIT {
  const { old, new: now } = change;
  if (now === null) return old === null ? undefined : 'null';
  if (old === null) return insertedRowText(now);
  const cols = now.layout.columns;
  const keys = keysOf(now.layout);
  let text = '';
  for (let i = 0; i < cols.length; i++) {
    const col = cols[i]!;
    const a = old.data[i]!;
    const b = now.data[i]!;
    if (col.ephemeral || a === b || datumEquals(a, b, col.type)) continue;
    let d = b;
    if (asDiff) {
      d = datumDiff(a, b, col.type);
      if (d.keys.length < col.type.min || d.keys.length > col.type.max) return DIFF_DOES_NOT_FIT;
    }
    text += `${text === '' ? '' : ','}${keys[i]!}${encodeJson(datumToJson(d, col.type))}`;
  }
  return text === '' ? undefined : `{${text}}`;
}

/** Persistent columns that differ from their default, as JSON text: an insert, or a snapshot row. */
export function insertedRowText(row: Row): string {
  const cols = row.layout.columns;
  const defaults = row.layout.defaults;
  const keys = keysOf(row.layout);
  let text = '';
  for (let i = 0; i < cols.length; i++) {
    const col = cols[i]!;
    const d = row.data[i]!;
    if (col.ephemeral || d === defaults[i] || datumEquals(d, defaults[i]!, col.type)) continue;
    text += `${text === '' ? '' : ','}${keys[i]!}${encodeJson(datumToJson(d, col.type))}`;
  }
  return `{${text}}`;
}

/** A transaction record read from a file, checked against the schema's table names. */
export interface TxnRecord {
  readonly dateMs: number | null;
  readonly comment: string | null;
  readonly isDiff: boolean;
  /** Row entries by table, in file order. */
  readonly tables: readonly (readonly [TableLayout, readonly (readonly [string, JsonObject | null])[]])[];
}

function recordError(details: string): OvsdbError {
  return new OvsdbError(ErrorTag.SYNTAX_ERROR, details);
}

/** Reads the members of a transaction record (OVS `ovsdb_file_txn_from_json`). */
export function parseTxnRecord(json: Json, schema: DatabaseSchema): TxnRecord | OvsdbError {
  if (!isJsonObject(json)) return recordError('transaction record is not a JSON object');
  let dateMs: number | null = null;
  let comment: string | null = null;
  let isDiff = false;
  const tables: [TableLayout, [string, JsonObject | null][]][] = [];
  // Object.keys lists own members only, and `obj[key]` reads the own member even for
  // "__proto__"; cheaper than members() on the replay path.
  for (const name of Object.keys(json)) {
    const value = json[name]!;
    if (name === DATE_MEMBER) {
      if (typeof value !== 'number' && typeof value !== 'bigint') return recordError('_date is not a number');
      dateMs = Number(value);
    } else if (name === COMMENT_MEMBER) {
      if (typeof value !== 'string') return recordError('_comment is not a string');
      comment = value;
    } else if (name === IS_DIFF_MEMBER) {
      if (typeof value !== 'boolean') return recordError('_is_diff is not a boolean');
      isDiff = value;
    } else {
      const table = schema.tables.get(name);
      if (table === undefined) return recordError(`No table named ${name}.`);
      if (!isJsonObject(value)) return recordError(`table ${name} in transaction record is not a JSON object`);
      const rows: [string, JsonObject | null][] = [];
      for (const key of Object.keys(value)) {
        const row = value[key]!;
        const uuid = parseUuid(key);
        if (uuid === null) return recordError(`"${key}" is not a valid UUID`);
        if (row !== null && !isJsonObject(row)) return recordError(`row ${uuid} in table ${name} is not an object or null`);
        rows.push([uuid, row]);
      }
      tables.push([tableLayout(table), rows]);
    }
  }
  return { dateMs, comment, isDiff, tables };
}

/** Looks a current row up, by table name and UUID. */
export type RowLookup = (table: string, uuid: string) => Row | undefined;

/**
 * The changes a record makes to the database whose rows `lookup` finds. A row entry for a row
 * that exists modifies it (a diff when `isDiff`), otherwise it inserts it over the defaults
 * (never a diff); `null` deletes an existing row. `newVersion` supplies `_version` values;
 * `tick`, if given, is called once per row (progress reports).
 */
export function recordChanges(
  rec: TxnRecord,
  lookup: RowLookup,
  newVersion: () => string,
  tick?: () => void,
): TxnChanges | OvsdbError {
  const changes = new Map<string, Map<string, RowChange>>();
  for (const [layout, rows] of rec.tables) {
    const tableChanges = new Map<string, RowChange>();
    for (const [uuid, rowJson] of rows) {
      tick?.();
      const old = lookup(layout.name, uuid) ?? null;
      if (rowJson === null) {
        if (old === null) return recordError(`transaction deletes row ${uuid} that does not exist in table ${layout.name}`);
        tableChanges.set(uuid, { old, new: null });
        continue;
      }
      const data = rowData(layout, old, rowJson, rec.isDiff && old !== null);
      if (data instanceof OvsdbError) return data;
      tableChanges.set(uuid, { old, new: new Row(layout, uuid, newVersion(), data) });
    }
    changes.set(layout.name, tableChanges);
  }
  return changes;
}

function rowData(layout: TableLayout, old: Row | null, rowJson: JsonObject, isDiff: boolean): Datum[] | OvsdbError {
  const data = old === null ? [...layout.defaults] : [...old.data];
  for (const name of Object.keys(rowJson)) {
    const value = rowJson[name]!;
    const ordinal = layout.ordinal(name);
    if (ordinal === undefined || ordinal < 0) return recordError(`No column ${name} in table ${layout.name}.`);
    const type = layout.columns[ordinal]!.type;
    try {
      data[ordinal] = isDiff ? datumApplyDiff(data[ordinal]!, datumFromJson(value, diffType(type)), type) : datumFromJson(value, type);
    } catch (e) {
      const why = e instanceof OvsdbError ? (e.details ?? e.message) : String(e);
      return recordError(`bad value for column ${name} of row ${layout.name}: ${why}`);
    }
  }
  return data;
}
