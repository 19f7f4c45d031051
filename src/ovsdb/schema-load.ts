/**
 * Reading a schema file (ovsdb(7) "Schemas"; the `.ovsschema` files ovsdb-tool and
 * ovsdb-server take). Every failure, from a missing file to a bad refTable, is one
 * `SchemaError` whose message names the file, the JSON path and the problem.
 */
import { readFileSync } from 'node:fs';
import type { Json, JsonObject } from './json.js';
import type { DatabaseSchema } from './types.js';
import { ROOT_PATH, SchemaError } from './schema-error.js';
import { schemaFromJson } from './schema-parse.js';
import { schemaToJson } from './schema-to-json.js';
import { schemaCksum } from './schema-cksum.js';

export interface LoadedSchema {
  /** The parsed schema; its cksum is the file's (null when the file has none, as ovsdb-server keeps it). */
  readonly schema: DatabaseSchema;
  /** The schema as get_schema serves it (schema-to-json.ts): exactly ovsdb-server's reply. */
  readonly json: JsonObject;
  /** The file's "cksum", or the one computed as OVS's build computes it (schema-cksum.ts). */
  readonly cksum: string;
  /** The file's text as read. */
  readonly text: string;
}

/**
 * Turns JSON text into a value. `JSON.parse` loses integers beyond 2^53; callers outside the
 * ovsdb layer should pass the wire layer's exact parser (`parseJson` in src/wire).
 */
export type JsonTextParser = (text: string) => Json;

/**
 * Reads, parses and checks the schema file at `file`; throws `SchemaError` naming `file`.
 * `parse` is required: this layer may not import the wire layer's exact parser, and a silent
 * `JSON.parse` default would round integers beyond 2^53 (e.g. minInteger) without a word.
 */
export function loadSchemaFile(file: string, parse: JsonTextParser): LoadedSchema {
  const text = readText(file);
  let json: Json;
  try {
    json = parse(text);
  } catch (e) {
    throw new SchemaError(ROOT_PATH, `invalid JSON: ${jsonProblem(e, text)}`, file);
  }
  const schema = schemaFromJson(json, file);
  return { schema, json: schemaToJson(schema), cksum: schema.cksum ?? schemaCksum(text), text };
}

function readText(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new SchemaError(ROOT_PATH, `cannot read file: ${e instanceof Error ? e.message : String(e)}`, file);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new SchemaError(ROOT_PATH, 'file is not valid UTF-8', file);
  }
}

/** The parser's complaint, with line and column when it tells a character position. */
function jsonProblem(e: unknown, text: string): string {
  const message = e instanceof Error ? e.message : String(e);
  // JSON.parse says "position N", the wire parser "character N": both are offsets in `text`.
  const m = /(?:position|character) (\d+)/.exec(message);
  if (m === null) return message;
  const pos = Number(m[1]);
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const column = pos - before.lastIndexOf('\n');
  return `${message} (line ${line}, column ${column})`;
}
