/**
 * Resource caps (ovsdb-server has none; these protect a server from runaway clients). The defaults
 * are far above what an OVN deployment uses: ovn-northd, ovn-nbctl and the IDLs keep one
 * transaction in flight per connection, and even large deployments connect a few thousand
 * ovn-controllers to the Southbound database.
 */

/** Sessions beyond this are refused at connect time, with a log line (--max-sessions). */
export const DEFAULT_MAX_SESSIONS = 16384;

/**
 * Transactions one session may have waiting (queued behind an earlier one, or blocked in a
 * "wait") before further ones are answered with an error (--max-pending-requests).
 */
export const DEFAULT_MAX_PENDING_REQUESTS = 1000;

