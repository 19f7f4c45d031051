/**
 * `ovsdb-tool create DB SCHEMA` without OVS installed: a new standalone file holding only the
 * schema record (ovsdb(5)). Like ovsdb-tool, it refuses to overwrite an existing file, writes the
 * schema as ovsdb-server serializes it (defaults left out), and makes the new file and its
 * directory entry durable before returning.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { DatabaseSchema } from '../ovsdb/types.js';
import { loadSchemaFile } from '../ovsdb/schema-load.js';
import { parseJson } from '../wire/json-parse.js';
import { encodeJson } from '../wire/json-encode.js';
import { frameRecord } from './record.js';
import { writeAllSync } from './writer.js';
import { ioError } from './log-file.js';

/**
 * Creates `dbPath` from the schema file `schemaPath`. Throws a SchemaError for a bad schema and
 * an OvsdbError ("I/O error") when the file exists or cannot be written.
 */
export function createDatabaseFile(dbPath: string, schemaPath: string): DatabaseSchema {
  // The schema record: the file's schema, normalised, with its own cksum (if it has one).
  const { schema, json } = loadSchemaFile(schemaPath, parseJson);
  writeNewLog(dbPath, [encodeJson(json)]);
  return schema;
}

/** Writes a new file (never overwriting one) holding the given record bodies, durably. */
export function writeNewLog(dbPath: string, bodies: readonly string[]): void {
  let fd: number;
  try {
    fd = fs.openSync(dbPath, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o666);
  } catch (e) {
    throw ioError(`${dbPath}: create failed (${(e as Error).message})`);
  }
  try {
    let offset = 0;
    for (const body of bodies) {
      const { bytes } = frameRecord(body);
      writeAllSync(fd, bytes, offset);
      offset += bytes.length;
    }
    fs.fsyncSync(fd);
  } catch (e) {
    fs.closeSync(fd);
    fs.rmSync(dbPath, { force: true });
    throw ioError(`${dbPath}: write failed (${(e as Error).message})`);
  }
  fs.closeSync(fd);
  fsyncDirectory(path.dirname(dbPath));
}

/** Like fsyncDirectory, in the thread pool; never rejects for a filesystem that refuses. */
export function fsyncDirectoryAsync(dir: string): Promise<void> {
  return new Promise((resolve) => {
    fs.open(dir, 'r', (e, fd) => {
      if (e) return resolve();
      fs.fsync(fd, () => fs.close(fd, () => resolve()));
    });
  });
}

/** Makes a directory's entries (a new or renamed file) durable. Best effort where unsupported. */
export function fsyncDirectory(dir: string): void {
  let fd: number;
  try {
    fd = fs.openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fs.fsyncSync(fd);
  } catch {
    /* some filesystems refuse fsync on directories */
  } finally {
    fs.closeSync(fd);
  }
}

