/**
 * Parsing monitor requests against the schema, with ovsdb-server's checks, order and error
 * texts (RFC 7047 §4.1.5, ovsdb-server(7) §4.1.12-13):
 *
 *   <monitor-requests>  {"<table>": <monitor-request> | [<monitor-request>*], …}
 *   <monitor-request>   {"columns": [<column>*], "select": <monitor-select>, "where": [<clause>*]}
 *                        ("where" only for monitor_cond / monitor_cond_since)
 *   <monitor-cond-update-requests>  {"<table>": [{"where": [<clause>*]}*], …}  (monitor_cond_change)
 *
 * Without "columns", every column but `_uuid` is reported (`_version` included). A column may be
 * named once per table across its requests. Each column keeps the selection of its own request;
 * the table's selection is the union. When a table has several requests, the first one's "where"
 * is the condition (a request without "where" selects every row); in monitor_cond_change the last
 * one wins. Tables are visited in ovsdb-server's hash order so that the same error is reported.
 */
import type { Json } from '../../ovsdb/json.js';
import { isJsonObject } from '../../ovsdb/json.js';
import type { DatabaseSchema } from '../../ovsdb/types.js';
import { ErrorTag, OvsdbError } from '../../ovsdb/error.js';
import { syntaxError } from '../../ovsdb/atom.js';
import { ovsKeyOrder } from '../../ovsdb/ovs-order.js';
import { tableLayout, UUID_COLUMN, type TableLayout } from '../../ovsdb/row.js';
import { OpParser, OP } from '../parser.js';
import { SELECT_ALL, SELECT_MEMBERS } from './select.js';
import { MATCH_ALL, monitorConditionFromJson, type MonitorCondition } from './condition.js';
import { nameText } from './datum-text.js';
import { trackedOrdinals, type MonitoredColumn, type MonitorSpec, type TableMonitor } from './spec.js';

/** What ovsdb-server prints as "syntax" when the monitor-requests param is missing. */
const MISSING_PARAM_SYNTAX: Json = false;

interface TableBuilder {
  readonly layout: TableLayout;
  readonly columns: MonitoredColumn[];
  readonly seen: Set<number>;
  select: number;
  condition: MonitorCondition | null;
}

function tableError(details: string): OvsdbError {
  return new OvsdbError(ErrorTag.SYNTAX_ERROR, details);
}

function parseSelect(json: Json | undefined, table: string): number {
  if (json === undefined) return SELECT_ALL;
  const p = new OpParser(json, `table ${table} select`);
  let select = 0;
  for (const [name, bit] of SELECT_MEMBERS) {
    const v = p.member(name, OP.BOOLEAN | OP.OPTIONAL);
    if (v !== false) select |= bit;
  }
  const error = p.finish();
  if (error !== null) throw error;
  return select;
}

function addColumn(b: TableBuilder, name: string, select: number, syntax: Json | undefined): void {
  const ordinal = b.layout.ordinal(name)!;
  if (b.seen.has(ordinal)) throw syntaxError(syntax, `column ${name} mentioned more than once`);
  b.seen.add(ordinal);
  b.columns.push({ ordinal, name, nameText: nameText(name), type: b.layout.column(ordinal).type, select });
}

function addColumns(b: TableBuilder, columns: Json | undefined, select: number): void {
  if (columns === undefined) {
    const names = ovsKeyOrder([...b.layout.names, UUID_COLUMN, '_version']).filter((n) => n !== UUID_COLUMN);
    for (const name of names) addColumn(b, name, select, undefined);
    return;
  }
  const list = columns as Json[];
  for (const c of list) {
    if (typeof c !== 'string') throw syntaxError(columns, 'array of column names expected');
    if (b.layout.ordinal(c) === undefined) throw syntaxError(columns, `${c} is not a valid column name`);
    addColumn(b, c, select, columns);
  }
}

/** One <monitor-request> (OVS `ovsdb_jsonrpc_parse_monitor_request`). */
function parseRequest(b: TableBuilder, json: Json, conditional: boolean): void {
  const name = b.layout.name;
  const p = new OpParser(json, `table ${name}`);
  const where = conditional ? p.array('where', OP.ARRAY | OP.OPTIONAL) : undefined;
  const columns = p.member('columns', OP.ARRAY | OP.OPTIONAL);
  const selectJson = p.member('select', OP.OBJECT | OP.OPTIONAL);
  const error = p.finish();
  if (error !== null) throw error;
  const select = parseSelect(selectJson, name);
  b.select |= select;
  addColumns(b, columns, select);
  if (conditional) {
    const condition = where === undefined ? MATCH_ALL : monitorConditionFromJson(b.layout, where);
    b.condition ??= condition;
  }
}

/**
 * Parses the <monitor-requests> param (`undefined` when the request has none). `conditional` is
 * true for monitor_cond and monitor_cond_since, which accept "where". Throws OvsdbError.
 */
export function parseMonitorRequests(schema: DatabaseSchema, json: Json | undefined, conditional: boolean): MonitorSpec {
  if (!isJsonObject(json)) throw syntaxError(json ?? MISSING_PARAM_SYNTAX, 'monitor-requests must be object');
  const builders = new Map<string, TableBuilder>();
  for (const name of ovsKeyOrder(Object.keys(json))) {
    const ts = schema.tables.get(name);
    if (ts === undefined) throw tableError(`no table named ${name}`);
    const b: TableBuilder = { layout: tableLayout(ts), columns: [], seen: new Set(), select: 0, condition: null };
    builders.set(name, b);
    const value = json[name]!;
    if (Array.isArray(value)) for (const r of value) parseRequest(b, r, conditional);
    else parseRequest(b, value, conditional);
  }
  const tables = new Map<string, TableMonitor>();
  for (const [name, b] of builders) {
    const condition = b.condition ?? MATCH_ALL;
    tables.set(name, {
      layout: b.layout,
      columns: b.columns,
      select: b.select,
      condition,
      tracked: trackedOrdinals(b.columns, condition),
    });
  }
  return { tables };
}

/** One <monitor-cond-update-request> of monitor_cond_change; null for a monitor without conditions. */
function parseCondChangeRequest(layout: TableLayout, json: Json, conditional: boolean): MonitorCondition | null {
  const p = new OpParser(json, `table ${layout.name}`);
  const columns = p.member('columns', OP.ARRAY | OP.OPTIONAL);
  const where = p.array('where', OP.ARRAY | OP.OPTIONAL);
  const error = p.finish();
  if (error !== null) throw error;
  if (columns !== undefined) throw syntaxError(json, 'changing columns is unsupported');
  if (!conditional) return null;
  return where === undefined ? MATCH_ALL : monitorConditionFromJson(layout, where);
}

/**
 * Parses the <monitor-cond-update-requests> of monitor_cond_change for a monitor `spec`:
 * the new condition of each table named. A `monitor` (not `conditional`) accepts the request
 * but ignores its "where" (ovsdb-server only renames it). Throws OvsdbError.
 */
export function parseConditionChanges(
  schema: DatabaseSchema,
  spec: MonitorSpec,
  json: Json | undefined,
  conditional = true,
): Map<string, MonitorCondition> {
  if (!isJsonObject(json)) throw tableError('monitor-cond-change-requests must be object');
  const out = new Map<string, MonitorCondition>();
  for (const name of ovsKeyOrder(Object.keys(json))) {
    const ts = schema.tables.get(name);
    if (ts === undefined) throw tableError(`no table named ${name}`);
    const tm = spec.tables.get(name);
    if (tm === undefined) throw tableError(`no table named ${name} in monitor session`);
    const value = json[name]!;
    if (!Array.isArray(value)) throw tableError(`table ${name} no monitor-cond-change JSON array`);
    for (const r of value) {
      const condition = parseCondChangeRequest(tm.layout, r, conditional);
      if (condition !== null) out.set(name, condition);
    }
  }
  return out;
}
