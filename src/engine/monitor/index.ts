/**
 * Monitors' pure part (RFC 7047 §4.1.5-7, ovsdb-server(7) §4.1.12-15): parsing monitor
 * requests against the schema, monitor conditions, composing update/update2/update3 table
 * updates from change sets, rows or condition changes, and the transaction history behind
 * monitor_cond_since. Synchronous, no I/O; the server's session wiring lives in
 * src/server/monitors/.
 */
export * from './select.js';
export * from './condition.js';
export * from './spec.js';
export * from './request.js';
export * from './row-update.js';
export * from './change-set.js';
export * from './table-updates.js';
export * from './history.js';
export * from './condition-index.js';
export * from './datum-text.js';
