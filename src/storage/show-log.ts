/**
 * `ovsdb-tool show-log` for a standalone file, without OVS installed: one line per record, and
 * with more verbosity the rows each transaction touched (1) and their column values (2), in the
 * layout ovsdb-tool 3.1 prints:
 *
 *   record 0: "OVN_Northbound" schema, version="7.0.0", cksum="94023179 33468"
 *
 *   record 1: 2024-01-01 12:00:00.123 "comment"
 *     table Logical_Switch insert row "sw0" (558847ec):
 *       name=sw0
 *
 * Tables, rows and columns come in ovsdb-tool's (hash) order. Rows are named by their "name" column when they have one (JSON text), else by the first 8
 * digits of their UUID. Values are parsed with the column's type, so a diff that breaks the
 * type's size limits is printed as JSON, as ovsdb-tool does. Times are UTC. Reading stops at the
 * first bad record, which is reported.
 */
import { isJsonObject, member, members, type Json, type JsonObject } from '../ovsdb/json.js';
import { OvsdbError } from '../ovsdb/error.js';
import type { ColumnType, DatabaseSchema } from '../ovsdb/types.js';
import { datumFromJson, datumToString, type Datum } from '../ovsdb/datum.js';
import { schemaFromJson } from '../ovsdb/schema-parse.js';
import { encodeJson } from '../wire/json-encode.js';
import { ovsHashOrder } from '../ovsdb/ovs-order.js';
import { logRecords, readLogFile } from './log-file.js';
import { COMMENT_MEMBER, DATE_MEMBER, IS_DIFF_MEMBER } from './txn-record.js';

const SHORT_UUID = 8;

/** The text `ovsdb-tool [-m…] show-log` prints for `path`. Throws OvsdbError for a non-database. */
export function showLog(path: string, verbosity = 0): string {
  const log = readLogFile(path);
  if (log instanceof OvsdbError) throw log;
  const out: string[] = [];
  out.push(`record 0: ${schemaLine(log.schemaJson)}`, '');
  let schema: DatabaseSchema | null = null;
  try {
    schema = schemaFromJson(log.schemaJson);
  } catch {
    schema = null; // still show the records; values are then printed as JSON
  }
  const names = new Map<string, string>();
  const it = logRecords(log);
  let n = 1;
  for (let r = it.next(); ; r = it.next(), n++) {
    if (r.done === true) {
      if (r.value.kind === 'bad') out.push(`${path}: stopped at offset ${r.value.offset}: ${r.value.reason}`);
      break;
    }
    const json = r.value.json;
    out.push(`record ${n}:${isJsonObject(json) ? recordHeading(json) : ''}`);
    if (verbosity > 0 && isJsonObject(json)) {
      const lines = changeLines(json, schema, names, verbosity);
      if (lines.length > 0) out.push(...lines, '');
    }
  }
  return out.join('\n') + '\n';
}

function schemaLine(schema: JsonObject): string {
  const q = (k: string): string => {
    const v = member(schema, k);
    return typeof v === 'string' ? `"${v}"` : '""';
  };
  return `${q('name')} schema, version=${q('version')}, cksum=${q('cksum')}`;
}

function recordHeading(rec: JsonObject): string {
  let s = '';
  const date = member(rec, DATE_MEMBER);
  if (typeof date === 'number' || typeof date === 'bigint') s += ' ' + formatDate(Number(date));
  const comment = member(rec, COMMENT_MEMBER);
  if (typeof comment === 'string') s += ` "${comment}"`;
  return s;
}

/** `YYYY-MM-DD HH:MM:SS.mmm` in UTC. */
export function formatDate(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

function changeLines(rec: JsonObject, schema: DatabaseSchema | null, names: Map<string, string>, verbosity: number): string[] {
  const isDiff = member(rec, IS_DIFF_MEMBER) === true;
  const lines: string[] = [];
  for (const [table, rows] of inOvsOrder(rec)) {
    if (table.startsWith('_') || !isJsonObject(rows)) continue;
    for (const [uuid, row] of inOvsOrder(rows)) {
      const oldName = names.get(uuid);
      const nameJson = isJsonObject(row) ? member(row, 'name') : undefined;
      const newName = nameJson === undefined ? undefined : encodeJson(nameJson);
      const short = uuid.slice(0, SHORT_UUID);
      if (oldName === undefined) {
        lines.push(`  table ${table} insert row ${newName === undefined ? short : `${newName} (${short})`}:`);
      } else {
        lines.push(`  table ${table} row ${oldName} (${short})${isDiff ? ' diff' : ''}:`);
      }
      if (row === null) {
        lines.push('    delete row');
        names.delete(uuid);
        continue;
      }
      if (!isJsonObject(row)) continue;
      if (verbosity > 1) {
        for (const [column, value] of inOvsOrder(row)) {
          const type = schema?.tables.get(table)?.columns.get(column)?.type;
          lines.push(`    ${column}=${valueText(value, type)}`);
        }
      }
      if (newName !== undefined) names.set(uuid, newName);
      else if (oldName === undefined) names.set(uuid, short);
    }
  }
  return lines;
}

/** Members in the order ovsdb-tool walks them (its JSON objects are hash maps). */
function inOvsOrder(obj: JsonObject): [string, Json][] {
  return ovsHashOrder(members(obj), ([k]) => k);
}

/** The value as ovsdb-tool prints it: parsed with the column's type (even a diff), else JSON. */
function valueText(value: Json, type: ColumnType | undefined): string {
  if (type === undefined) return encodeJson(value);
  let datum: Datum;
  try {
    datum = datumFromJson(value, type);
  } catch {
    return encodeJson(value);
  }
  return datumToString(datum, type);
}
