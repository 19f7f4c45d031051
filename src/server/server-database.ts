/**
 * The `_Server` database (ovsdb-server(5) "_Server"): one read-only `Database` row per database
 * served, including `_Server` itself. For a standalone server: model "standalone", connected and
 * leader true, no cid/sid/index; `schema` holds the database's schema as a JSON string with
 * members in sorted order, as ovsdb-server writes it. Clients cannot write to it (the engine refuses
 * writes to a reserved database); the server keeps it current through ordinary transactions.
 */
import type { Json, JsonObject } from '../ovsdb/json.js';
import type { DatabaseSchema } from '../ovsdb/types.js';
import { jsonText } from '../ovsdb/json-text.js';
import { Database } from '../engine/index.js';
import type { ServedDatabase } from './served-database.js';

export const SERVER_DB_NAME = '_Server';
export const SERVER_DB_TABLE = 'Database';
export const STANDALONE_MODEL = 'standalone';

/** The schema as ovsdb-server stores it in `_Server`: JSSF_SORT text (ovsdb/json-text.ts). */
export function schemaString(schemaJson: JsonObject): string {
  return jsonText(schemaJson);
}

function databaseRow(name: string, schemaJson: JsonObject): JsonObject {
  return {
    name,
    model: STANDALONE_MODEL,
    connected: true,
    leader: true,
    schema: schemaString(schemaJson),
  };
}

/**
 * Build the served `_Server` database listing `served` plus itself.
 * `served` are the user databases; the returned database is marked reserved.
 */
export function createServerDatabase(
  schema: DatabaseSchema,
  schemaJson: JsonObject,
  served: readonly ServedDatabase[],
): ServedDatabase {
  const db = new Database(schema);
  const rows = [...served.map((d) => databaseRow(d.name, d.schemaJson)), databaseRow(SERVER_DB_NAME, schemaJson)];
  const ops: Json[] = rows.map((row) => ({ op: 'insert', table: SERVER_DB_TABLE, row }));
  const prepared = db.execute(ops, { internal: true });
  if (!prepared.ok) throw new Error(`cannot build the _Server database: ${jsonText(prepared.results)}`);
  db.commit(prepared);
  return { name: SERVER_DB_NAME, schema, schemaJson, db, storage: null, reserved: true };
}
