/**
 * Unit-test helpers for monitors: a fresh engine Database per schema with sequential UUIDs,
 * transactions that return their change sets, and monitor specs parsed from JSON text.
 */
import { fileURLToPath } from 'node:url';
import { loadSchemaFile } from '../../src/ovsdb/schema-load.js';
import { formatNumber, parseJson } from '../../src/wire/index.js';
import { Database, type TxnChanges } from '../../src/engine/index.js';
import { sequentialUuids } from '../../src/ovsdb/uuid.js';
import type { Json } from '../../src/ovsdb/json.js';
import {
  composeChanges as composeChangesText,
  composeConditionChange as composeConditionChangeText,
  composeInitial as composeInitialText,
  datumTextWriter,
  parseMonitorRequests,
  type ChangeSet,
  type MonitorSpec,
  type RowSource,
  type UpdateFormat,
} from '../../src/engine/monitor/index.js';

export const WRITE = datumTextWriter(formatNumber);
const writer = (format: UpdateFormat) => ({ format, write: WRITE });
const parsed = (text: string | null): Json | null => (text === null ? null : parseJson(text));

/** The composers, with their text parsed back (the tests compare values). */
export function composeChanges(spec: MonitorSpec, changes: ChangeSet, format: UpdateFormat): Json | null {
  return parsed(composeChangesText(spec, changes, writer(format)));
}
export function composeInitial(spec: MonitorSpec, source: RowSource, format: UpdateFormat): Json {
  return parsed(composeInitialText(spec, source, writer(format)));
}
export function composeConditionChange(oldSpec: MonitorSpec, newSpec: MonitorSpec, source: RowSource): Json | null {
  return parsed(composeConditionChangeText(oldSpec, newSpec, source, WRITE));
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export function schemaFile(name: string): string {
  if (name === 'ovn-nb') return `${ROOT}schema/ovn-nb.ovsschema`;
  return `${ROOT}test/fixtures/schemas/${name}.ovsschema`;
}

export class Fixture {
  readonly db: Database;

  constructor(schemaName = 'types') {
    const { schema } = loadSchemaFile(schemaFile(schemaName), (t) => parseJson(t));
    this.db = new Database(schema, { newUuid: sequentialUuids(0x100) });
  }

  get schema() {
    return this.db.schema;
  }

  /** Executes and commits the ops (JSON text of the operations); returns the change set. */
  transact(opsText: string): TxnChanges {
    const prepared = this.db.execute(parseJson(`[${opsText}]`) as Json[]);
    if (!prepared.ok) throw new Error(`transaction failed: ${JSON.stringify(prepared.results)}`);
    this.db.commit(prepared);
    return prepared.changes;
  }

  spec(requestsText: string, conditional = true): MonitorSpec {
    return parseMonitorRequests(this.db.schema, parseJson(requestsText), conditional);
  }

  get source(): RowSource {
    return { rows: (t) => this.db.rows(t) };
  }
}

/** The first row UUID the fixture's generator hands out, and the n-th after it. */
export function nthUuid(n: number): string {
  return `00000000-0000-0000-0000-${(0x100 + n).toString(16).padStart(12, '0')}`;
}
