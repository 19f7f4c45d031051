/**
 * A database as the server serves it: its schema (parsed, and as JSON for get_schema), the
 * engine's Database, and (for file-backed databases) the storage that makes commits durable.
 */
import type { DatabaseSchema } from '../ovsdb/types.js';
import type { JsonObject } from '../ovsdb/json.js';
import type { Database, PreparedTxn } from '../engine/index.js';
import type { HistorySeed } from './monitors/monitored-database.js';

/** What the commit pipeline needs from storage (src/storage's Storage implements it). */
export interface DatabaseStorage {
  /**
   * Write the transaction's record synchronously, before the engine applies it. Returns the
   * transaction id derived from the record, and null or a promise the reply must wait for
   * (durable: true, or the --fsync policy). Throws on a write error: the transaction then fails
   * with "I/O error" and memory is left unchanged.
   */
  write(prepared: PreparedTxn): { readonly txnId: string; readonly wait: Promise<void> | null };
  close(): Promise<void>;
  /** The last transactions replayed at start-up, that monitor_cond_since resumes from. */
  readonly history?: HistorySeed;
}

export interface ServedDatabase {
  readonly name: string;
  readonly schema: DatabaseSchema;
  /** What get_schema returns (ovsdb-server's serialization of the schema). */
  readonly schemaJson: JsonObject;
  readonly db: Database;
  /** null for in-memory databases and for _Server. */
  readonly storage: DatabaseStorage | null;
  /** _Server: clients may read but not write (the engine refuses with "not allowed"). */
  readonly reserved?: boolean;
}
