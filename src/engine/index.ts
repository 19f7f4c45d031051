/**
 * The OVSDB engine: an in-memory database that executes RFC 7047 transactions.
 * Synchronous, deterministic given its UUID source, no I/O, no timers; imports only src/ovsdb/.
 *
 * API (as agreed with the server; differences from the brief are marked "+"):
 *   new Database(schema, options?)           + options.newUuid: UUID source (tests pass sequentialUuids())
 *   db.execute(ops, ctx?) → PreparedTxn      runs the ops after the db name without changing state
 *   db.commit(prepared)                      applies a prepared, ok, unblocked transaction
 *   db.applyChanges(changes)                 storage replay / internal writers (_Server)
 *   db.rows(table) → ReadonlyMap<uuid, Row>  committed rows
 *   TxnContext                               isLockOwner, readOnly, waitsExpired, + elapsedMs
 *   PreparedTxn                              ok, results, changes, durable, comment, blocked
 *   checkTransactParams(params, hasDb)       + the RPC-level checks ovsdb-server makes before executing
 *
 * Rows (src/ovsdb/row.ts) keep datums by column ordinal; `row.get(name)`, `row.at(ordinal)`,
 * `rowToJson(row, ordinals)`, `changedOrdinals(old, new)` serve monitors and persistence.
 * Datums (src/ovsdb/datum.ts): datumFromJson/datumToJson/datumEquals/defaultDatum.
 */
export { Database, type DatabaseOptions } from './database.js';
export type { PreparedTxn, TxnChanges, TxnContext } from './types.js';
export { Row, rowToJson, changedOrdinals, tableLayout, TableLayout } from '../ovsdb/row.js';
export { checkTransactParams } from './rpc-checks.js';
