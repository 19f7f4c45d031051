/**
 * Parsing a <row> object (RFC 7047 §5.1) and a column list against a table, with
 * ovsdb-server's errors. When a row has several faults, the one ovsdb-server reports is the
 * first in its walk order of the object's members (see ovs-order.ts); that order is only
 * computed on the error path.
 */
import type { Json, JsonObject } from '../ovsdb/json.js';
import { isOvsdbError, OvsdbError } from '../ovsdb/error.js';
import { syntaxError } from '../ovsdb/atom.js';
import { datumFromJson, type Datum } from '../ovsdb/datum.js';
import type { TableLayout } from '../ovsdb/row.js';
import type { SymbolTable } from '../ovsdb/symtab.js';
import { ovsKeyOrder } from '../ovsdb/ovs-order.js';

export interface ParsedRow {
  /** Ordinals of the columns given (may include UUID_ORDINAL/VERSION_ORDINAL). */
  readonly ordinals: number[];
  readonly datums: Datum[];
}

function parseMember(layout: TableLayout, obj: JsonObject, name: string, symtab?: SymbolTable): [number, Datum] {
  const ordinal = layout.ordinal(name);
  if (ordinal === undefined) {
    throw syntaxError(obj, `No column ${name} in table ${layout.name}.`, 'unknown column');
  }
  return [ordinal, datumFromJson(obj[name]!, layout.column(ordinal).type, symtab)];
}

/** OVS `ovsdb_row_from_json`. Throws OvsdbError. */
export function rowFromJson(layout: TableLayout, obj: JsonObject, symtab?: SymbolTable): ParsedRow {
  const ordinals: number[] = [];
  const datums: Datum[] = [];
  const names = Object.keys(obj);
  try {
    for (const name of names) {
      const [o, d] = parseMember(layout, obj, name, symtab);
      ordinals.push(o);
      datums.push(d);
    }
  } catch (e) {
    if (!isOvsdbError(e)) throw e;
    for (const name of ovsKeyOrder(names)) parseMember(layout, obj, name, symtab);
    throw e;
  }
  return { ordinals, datums };
}

/** The given members of a parsed row in ovsdb-server's walk order (for first-fault checks). */
export function ovsMemberOrder(obj: JsonObject, parsed: ParsedRow): number[] {
  const names = Object.keys(obj);
  const pos = new Map(names.map((n, i) => [n, i]));
  return ovsKeyOrder(names).map((n) => parsed.ordinals[pos.get(n)!]!);
}

const DISTINCT = 'array of distinct column names expected';

/**
 * OVS `ovsdb_column_set_from_json`: a list of distinct column names, or (absent) all columns.
 * Returns ordinals, or null for "all columns".
 */
export function columnSetFromJson(layout: TableLayout, json: Json | undefined): number[] | null {
  if (json === undefined) return null;
  if (!Array.isArray(json)) throw syntaxError(json, DISTINCT);
  const out: number[] = [];
  for (const e of json) {
    if (typeof e !== 'string') throw syntaxError(json, DISTINCT);
    const o = layout.ordinal(e);
    if (o === undefined) throw syntaxError(json, `${e} is not a valid column name`);
    if (out.includes(o)) throw syntaxError(json, DISTINCT);
    out.push(o);
  }
  return out;
}

export { OvsdbError };
