/**
 * The commit pipeline (STYLE.md §8, ovsdb-server(1) standalone semantics):
 *   prepare (engine.execute, no state change) → persist (storage.write, synchronous)
 *   → apply (engine.commit) → notify commit listeners (monitors, waiting transactions)
 *   → reply (after fsync when the transaction asked for durable: true).
 * Everything up to the notification runs synchronously in one turn of the event loop, so no
 * other transaction can run in between and memory never gets ahead of disk.
 */
import type { Json } from '../ovsdb/json.js';
import { OvsdbError, ErrorTag, isOvsdbError } from '../ovsdb/error.js';
import type { PreparedTxn, TxnChanges } from '../engine/index.js';
import { logger } from '../log.js';
import type { ServedDatabase } from './served-database.js';
import { ok, type Outcome } from './method-types.js';

const log = logger('ovsdb_server');

/** Told of every committed transaction that changed something, before its reply is sent. */
export type CommitListener = (served: ServedDatabase, changes: TxnChanges, txnId: string | null) => void;

function ioError(served: ServedDatabase, e: unknown): OvsdbError {
  const err = isOvsdbError(e) ? e : new OvsdbError(ErrorTag.IO_ERROR, e instanceof Error ? e.message : String(e));
  log.err(`${served.name}: writing transaction failed: ${err.message}`);
  return err;
}

/** Persist and apply a prepared transaction; the outcome is the transact reply. */
export function commitPrepared(
  served: ServedDatabase,
  prepared: PreparedTxn,
  listeners: readonly CommitListener[],
): Outcome | Promise<Outcome> {
  if (!prepared.ok || prepared.changes.size === 0) return ok(prepared.results);
  let txnId: string | null = null;
  let wait: Promise<void> | null = null;
  if (served.storage !== null) {
    try {
      ({ txnId, wait } = served.storage.write(prepared));
    } catch (e) {
      return ok([...prepared.results, ioError(served, e).toJson()]);
    }
  }
  served.db.commit(prepared);
  for (const listener of listeners) listener(served, prepared.changes, txnId);
  const results: Json = prepared.results;
  if (wait === null) return ok(results);
  // The transaction is applied and written, but fsync failed: say so instead of "success".
  return wait.then(
    () => ok(results),
    (e: unknown) => ok([...prepared.results, ioError(served, e).toJson()]),
  );
}
