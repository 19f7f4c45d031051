/**
 * flags → databases: open each DBFILE through storage (creating it from --schema when missing),
 * or, with --in-memory, a fresh database per --schema; then add the `_Server` database.
 */
import path from 'node:path';
import type { CliOptions } from './cli-options.js';
import { SCHEMA_DIR } from './cli-options.js';
import { loadSchemaFile } from './ovsdb/schema-load.js';
import { parseJson } from './wire/index.js';
import { Database } from './engine/index.js';
import type { ServedDatabase } from './server/served-database.js';
import { createServerDatabase } from './server/server-database.js';

export const SERVER_SCHEMA_FILE = path.join(SCHEMA_DIR, '_server.ovsschema');

export interface OpenedDatabases {
  readonly databases: readonly ServedDatabase[];
  close(): Promise<void>;
}

function inMemory(schemaFile: string): ServedDatabase {
  const { schema, json } = loadSchemaFile(schemaFile, parseJson);
  return { name: schema.name, schema, schemaJson: json, db: new Database(schema), storage: null };
}

export function openDatabases(opts: CliOptions): OpenedDatabases {
  if (!opts.inMemory) throw new Error('database files are not supported yet: use --in-memory --schema=FILE');
  const served = opts.schemas.map(inMemory);
  const names = new Set<string>();
  for (const d of served) {
    if (names.has(d.name)) throw new Error(`${d.name}: database is served twice`);
    names.add(d.name);
  }
  const serverSchema = loadSchemaFile(SERVER_SCHEMA_FILE, parseJson);
  const serverDb = createServerDatabase(serverSchema.schema, serverSchema.json, served);
  return { databases: [...served, serverDb], close: async () => {} };
}
