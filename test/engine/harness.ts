/**
 * Test harness: run transactions (JSON text, as sent to ovsdb-server) against a fresh Database
 * and normalise UUIDs to <0>, <1>, … in order of first appearance (also inside error details).
 */
import { fileURLToPath } from 'node:url';
import { loadSchemaFile } from '../../src/ovsdb/schema-load.js';
import { parseJson } from '../../src/wire/index.js';
import { Database } from '../../src/engine/index.js';
import type { TxnContext } from '../../src/engine/index.js';
import { sequentialUuids } from '../../src/ovsdb/uuid.js';
import type { Json } from '../../src/ovsdb/json.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function schemaPath(name: string): string {
  if (name === 'ovn-nb') return `${ROOT}schema/ovn-nb.ovsschema`;
  return `${ROOT}test/fixtures/schemas/${name}.ovsschema`;
}

export function openDb(name: string): Database {
  const { schema } = loadSchemaFile(schemaPath(name), (t) => parseJson(t));
  return new Database(schema, { newUuid: sequentialUuids(0x100) });
}

const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

export class Normaliser {
  readonly #names = new Map<string, string>();
  text(s: string): string {
    return s.replace(UUID_RE, (u) => {
      let n = this.#names.get(u);
      if (n === undefined) this.#names.set(u, (n = `<${this.#names.size}>`));
      return n;
    });
  }
  json(v: Json): Json {
    if (typeof v === 'string') return this.text(v);
    if (Array.isArray(v)) return v.map((e) => this.json(e));
    if (v !== null && typeof v === 'object') {
      const o: Record<string, Json> = {};
      for (const [k, x] of Object.entries(v)) o[k] = this.json(x);
      return o;
    }
    return v;
  }
}

/** Executes and commits (when ok) a transact whose params after the db name are `opsText`. */
export function transact(db: Database, opsText: string, ctx?: TxnContext): Json[] {
  const ops = parseJson(`[${opsText}]`) as Json[];
  const prepared = db.execute(ops, ctx);
  if (prepared.ok) db.commit(prepared);
  return prepared.results;
}

/** Runs transactions in sequence and returns normalised results. */
export function runAll(name: string, txns: string[], ctx?: TxnContext): Json[] {
  const db = openDb(name);
  const norm = new Normaliser();
  return txns.map((t) => norm.json(transact(db, t, ctx)));
}
