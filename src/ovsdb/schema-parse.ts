/**
 * An OVSDB database schema from JSON: RFC 7047 §3.2 <database-schema>, ovsdb(7) "Schemas",
 * with ovsdb-server 3.1's rules and normalisations (checked with `ovsdb-tool` and `get_schema`):
 *
 * - The shape is checked first by the JSON Schema in schema-json-schema.ts.
 * - "version" may be omitted (ovsdb-server(7) §3.2): it is then "" and `get_schema` omits it.
 *   "cksum" "" counts as absent, as in ovsdb-server.
 * - If no table says `"isRoot": true`, every table is a root (pre-garbage-collection schemas).
 * - A column whose key or value is a weak reference is mutable, whatever it says
 *   (ovsdb-server(7) §3.2).
 * - An ephemeral column holding a strong reference to a non-root table is made persistent
 *   (replaying the log would otherwise lose the referenced rows).
 * - `maxRows` of 4294967295 or more means no limit (ovsdb-server keeps it in an unsigned int).
 * - An index names declared columns or `_uuid` (not `_version`, which is ephemeral), each once,
 *   none ephemeral as declared; an empty index is refused.
 * - Every refTable names a table of the schema.
 *
 * Maps keep the file's order of tables and columns.
 */
import { member, members, type Json, type JsonObject } from './json.js';
import type { BaseType, ColumnSchema, DatabaseSchema, TableSchema } from './types.js';
import { ROOT_PATH, SchemaError, childPath } from './schema-error.js';
import { UINT_MAX, validateSchemaShape } from './schema-json-schema.js';
import { int64FromJson } from './schema-enum.js';
import { parseColumnType } from './schema-type.js';

export { SchemaError, isSchemaError } from './schema-error.js';
export { baseTypeFromJson, columnTypeFromJson, plainBaseType, scalarColumnType } from './schema-type.js';

/** The implicit columns every table has (RFC 7047 §3.2 "_uuid", "_version"). */
export const UUID_COLUMN = '_uuid';
export const VERSION_COLUMN = '_version';

/**
 * Parses and checks a whole schema. Throws `SchemaError` (naming `source` when given) at the
 * first problem found.
 */
export function schemaFromJson(json: Json, source?: string): DatabaseSchema {
  try {
    return parseSchema(json);
  } catch (e) {
    if (e instanceof SchemaError && source !== undefined) throw e.withSource(source);
    throw e;
  }
}

function parseSchema(json: Json): DatabaseSchema {
  validateSchemaShape(json, 'database', ROOT_PATH);
  const obj = json as JsonObject;
  const tablesPath = childPath(ROOT_PATH, 'tables');
  const declared = new Map<string, TableSchema>();
  for (const [name, t] of members(member(obj, 'tables') as JsonObject)) {
    declared.set(name, parseTable(name, t as JsonObject, childPath(tablesPath, name)));
  }
  const noRoots = [...declared.values()].every((t) => !t.isRoot);
  const roots = new Set([...declared.values()].filter((t) => t.isRoot || noRoots).map((t) => t.name));
  const tables = new Map<string, TableSchema>();
  for (const t of declared.values()) {
    const path = childPath(tablesPath, t.name);
    tables.set(t.name, { ...t, isRoot: roots.has(t.name), columns: checkReferences(t, roots, declared, path) });
  }
  const version = member(obj, 'version');
  const cksum = member(obj, 'cksum');
  return {
    name: member(obj, 'name') as string,
    version: typeof version === 'string' ? version : '',
    cksum: typeof cksum === 'string' && cksum !== '' ? cksum : null,
    tables,
  };
}

function parseTable(name: string, obj: JsonObject, path: string): TableSchema {
  const columnsPath = childPath(path, 'columns');
  const columns = new Map<string, ColumnSchema>();
  for (const [colName, c] of members(member(obj, 'columns') as JsonObject)) {
    columns.set(colName, parseColumn(colName, c as JsonObject, childPath(columnsPath, colName)));
  }
  const mutable = member(obj, 'mutable');
  return {
    name,
    columns,
    maxRows: parseMaxRows(member(obj, 'maxRows'), childPath(path, 'maxRows')),
    isRoot: member(obj, 'isRoot') === true,
    mutable: mutable !== false,
    indexes: parseIndexes(member(obj, 'indexes'), columns, childPath(path, 'indexes')),
  };
}

function parseMaxRows(json: Json | undefined, path: string): number {
  if (json === undefined) return Infinity;
  const n = int64FromJson(json);
  if (n === null) throw new SchemaError(path, 'maxRows is not a 64-bit signed integer');
  return n >= BigInt(UINT_MAX) ? Infinity : Number(n);
}

function parseColumn(name: string, obj: JsonObject, path: string): ColumnSchema {
  const type = parseColumnType(member(obj, 'type') as Json, childPath(path, 'type'));
  const weak = isWeakRef(type.key) || (type.value !== null && isWeakRef(type.value));
  return {
    name,
    type,
    ephemeral: member(obj, 'ephemeral') === true,
    mutable: weak || member(obj, 'mutable') !== false,
  };
}

function isWeakRef(base: BaseType): boolean {
  return base.refTable !== null && base.refType === 'weak';
}

function parseIndexes(
  json: Json | undefined,
  columns: ReadonlyMap<string, ColumnSchema>,
  path: string,
): string[][] {
  if (json === undefined) return [];
  return (json as string[][]).map((index, i) => {
    const indexPath = childPath(path, i);
    index.forEach((col, j) => {
      const colPath = childPath(indexPath, j);
      if (col === UUID_COLUMN) return;
      if (col === VERSION_COLUMN) {
        throw new SchemaError(colPath, `ephemeral columns (such as ${col}) may not be indexed`);
      }
      const column = columns.get(col);
      if (column === undefined) throw new SchemaError(colPath, `index names unknown column ${JSON.stringify(col)}`);
      if (column.ephemeral) throw new SchemaError(colPath, `ephemeral columns (such as ${col}) may not be indexed`);
    });
    return [...index];
  });
}

/**
 * Checks that every refTable of table `t` exists, and makes persistent any ephemeral column
 * holding a strong reference to a non-root table. Returns the (possibly adjusted) columns.
 */
function checkReferences(
  t: TableSchema,
  roots: ReadonlySet<string>,
  tables: ReadonlyMap<string, TableSchema>,
  tablePath: string,
): Map<string, ColumnSchema> {
  const out = new Map<string, ColumnSchema>();
  for (const col of t.columns.values()) {
    const typePath = childPath(childPath(childPath(tablePath, 'columns'), col.name), 'type');
    let strongToNonRoot = false;
    for (const [which, base] of [['key', col.type.key], ['value', col.type.value]] as const) {
      if (base === null || base.refTable === null) continue;
      if (!tables.has(base.refTable)) {
        const p = childPath(childPath(typePath, which), 'refTable');
        throw new SchemaError(p, `column ${col.name} ${which} refers to undefined table ${base.refTable}`);
      }
      if (base.refType === 'strong' && !roots.has(base.refTable)) strongToNonRoot = true;
    }
    out.set(col.name, strongToNonRoot && col.ephemeral ? { ...col, ephemeral: false } : col);
  }
  return out;
}
