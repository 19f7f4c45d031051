/**
 * flags → databases: open each DBFILE through storage (creating it from --schema when missing),
 * or, with --in-memory, a fresh database per --schema; then add the `_Server` database.
 */
import path from 'node:path';
import { existsSync, mkdirSync } from 'node:fs';
import type { CliOptions } from './cli-options.js';
import { SCHEMA_DIR } from './cli-options.js';
import { loadSchemaFile } from './ovsdb/schema-load.js';
import { schemaToJson } from './ovsdb/schema-to-json.js';
import { parseJson } from './wire/index.js';
import { Database } from './engine/index.js';
import { openStorage, type Storage, type FsyncPolicy } from './storage/index.js';
import type { ServedDatabase } from './server/served-database.js';
import { createServerDatabase } from './server/server-database.js';

export const SERVER_SCHEMA_FILE = path.join(SCHEMA_DIR, '_server.ovsschema');

export interface OpenedDatabases {
  readonly databases: readonly ServedDatabase[];
  /** The file-backed ones, for admin commands (compaction) and shutdown. */
  readonly storages: readonly Storage[];
  close(): Promise<void>;
}

export interface OpenOptions {
  readonly fsync?: FsyncPolicy;
}

function inMemory(schemaFile: string): ServedDatabase {
  const { schema, json } = loadSchemaFile(schemaFile, parseJson);
  return { name: schema.name, schema, schemaJson: json, db: new Database(schema), storage: null };
}

/** The schema to create DBFILE number `i` from: the i-th --schema, or the only one. */
function schemaFor(opts: CliOptions, i: number): string | undefined {
  return opts.schemas.length === 1 ? opts.schemas[0] : opts.schemas[i];
}

async function fromFile(file: string, createFrom: string | undefined, o: OpenOptions): Promise<[ServedDatabase, Storage]> {
  // A database created from a schema may live in a directory that does not exist yet (./data/).
  if (createFrom !== undefined && !existsSync(file)) mkdirSync(path.dirname(file), { recursive: true });
  const store = await openStorage(file, {
    ...(createFrom === undefined ? {} : { createFrom }),
    ...(o.fsync === undefined ? {} : { fsync: o.fsync }),
  });
  const served: ServedDatabase = {
    name: store.schema.name,
    schema: store.schema,
    schemaJson: schemaToJson(store.schema),
    db: store.db,
    storage: store,
  };
  return [served, store];
}

export async function openDatabases(opts: CliOptions, o: OpenOptions = {}): Promise<OpenedDatabases> {
  const served: ServedDatabase[] = [];
  const storages: Storage[] = [];
  const closeAll = async (): Promise<void> => {
    await Promise.all(storages.map((s) => s.close()));
  };
  try {
    if (opts.inMemory) served.push(...opts.schemas.map(inMemory));
    for (const [i, file] of opts.dbFiles.entries()) {
      const [db, store] = await fromFile(file, schemaFor(opts, i), o);
      served.push(db);
      storages.push(store);
    }
    const names = new Set<string>();
    for (const d of served) {
      if (names.has(d.name)) throw new Error(`${d.name}: database is served twice`);
      names.add(d.name);
    }
    const serverSchema = loadSchemaFile(SERVER_SCHEMA_FILE, parseJson);
    const serverDb = createServerDatabase(serverSchema.schema, serverSchema.json, served);
    return { databases: [...served, serverDb], storages, close: closeAll };
  } catch (e) {
    await closeAll();
    throw e;
  }
}
