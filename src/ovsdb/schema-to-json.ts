/**
 * A schema as ovsdb-server 3.1 serializes it for `get_schema` (RFC 7047 §4.1.2) and for
 * `_Server.Database.schema`: defaults are left out, checked member by member against the server.
 *
 * - "version" only when non-empty, "cksum" only when set.
 * - "isRoot" only where it differs from the default, which is true when every table is a root
 *   (then no table carries it) and false otherwise (then roots carry `"isRoot": true`).
 * - Table "mutable" only when false; "maxRows" only when limited; "indexes" only when any.
 * - Column "mutable" only when false, "ephemeral" only when true.
 * - A <type> with min 1, max 1, no value and an unconstrained key is the bare atomic-type name;
 *   otherwise an object with "key", "value" if a map, "min" unless 1, "max" unless 1
 *   ("unlimited" for no limit).
 * - A <base-type> without constraints is the bare atomic-type name; otherwise "type", "enum"
 *   (a bare atom when it has one element, else `["set", [...]]`, uuids as `["uuid", "…"]`),
 *   the limits that are set, "refTable", and "refType" only when "weak".
 * Integers are JSON numbers when safe and bigints otherwise. Member order is ours (JSON object
 * order carries no meaning and ovsdb-server's is hash order).
 */
import { jsonObject, type Json, type JsonObject } from './json.js';
import type { BaseType, ColumnSchema, ColumnType, DatabaseSchema, TableSchema } from './types.js';
import { UNLIMITED } from './schema-type.js';
import { atomToJson } from './atom.js';

export function schemaToJson(schema: DatabaseSchema): JsonObject {
  const all = [...schema.tables.values()];
  const defaultIsRoot = all.every((t) => t.isRoot);
  const out: JsonObject = { name: schema.name };
  if (schema.version !== '') out['version'] = schema.version;
  if (schema.cksum !== null && schema.cksum !== '') out['cksum'] = schema.cksum;
  out['tables'] = jsonObject(all.map((t) => [t.name, tableToJson(t, defaultIsRoot)]));
  return out;
}

function tableToJson(t: TableSchema, defaultIsRoot: boolean): JsonObject {
  const out: JsonObject = {
    columns: jsonObject([...t.columns.values()].map((c) => [c.name, columnToJson(c)])),
  };
  if (t.maxRows !== Infinity) out['maxRows'] = t.maxRows;
  if (t.isRoot !== defaultIsRoot) out['isRoot'] = t.isRoot;
  if (t.mutable === false) out['mutable'] = false;
  if (t.indexes.length > 0) out['indexes'] = t.indexes.map((index) => [...index]);
  return out;
}

export function columnToJson(c: ColumnSchema): JsonObject {
  const out: JsonObject = {};
  if (!c.mutable) out['mutable'] = false;
  if (c.ephemeral) out['ephemeral'] = true;
  out['type'] = columnTypeToJson(c.type);
  return out;
}

export function columnTypeToJson(type: ColumnType): Json {
  if (type.min === 1 && type.max === 1 && type.value === null && !hasConstraints(type.key)) {
    return type.key.type;
  }
  const out: JsonObject = { key: baseTypeToJson(type.key) };
  if (type.value !== null) out['value'] = baseTypeToJson(type.value);
  if (type.min !== 1) out['min'] = type.min;
  if (type.max === Infinity) out['max'] = UNLIMITED;
  else if (type.max !== 1) out['max'] = type.max;
  return out;
}

/** ovsdb-server `ovsdb_base_type_has_constraints`. */
export function hasConstraints(b: BaseType): boolean {
  return (
    b.enum !== null ||
    b.minInteger !== null ||
    b.maxInteger !== null ||
    b.minReal !== null ||
    b.maxReal !== null ||
    b.minLength !== null ||
    b.maxLength !== null ||
    b.refTable !== null
  );
}

export function baseTypeToJson(b: BaseType): Json {
  if (!hasConstraints(b)) return b.type;
  const out: JsonObject = { type: b.type };
  if (b.enum !== null) {
    const atoms = b.enum.map((a) => atomToJson(a, b.type));
    out['enum'] = atoms.length === 1 ? (atoms[0] as Json) : ['set', atoms];
  }
  if (b.minInteger !== null) out['minInteger'] = atomToJson(b.minInteger, 'integer');
  if (b.maxInteger !== null) out['maxInteger'] = atomToJson(b.maxInteger, 'integer');
  if (b.minReal !== null) out['minReal'] = b.minReal;
  if (b.maxReal !== null) out['maxReal'] = b.maxReal;
  if (b.minLength !== null) out['minLength'] = b.minLength;
  if (b.maxLength !== null) out['maxLength'] = b.maxLength;
  if (b.refTable !== null) {
    out['refTable'] = b.refTable;
    if (b.refType === 'weak') out['refType'] = 'weak';
  }
  return out;
}
