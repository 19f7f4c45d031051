/**
 * Types of the engine's public API (see index.ts for the contract of each).
 */
import type { Json } from '../ovsdb/json.js';
import type { Row } from '../ovsdb/row.js';

export interface TxnContext {
  /** RFC 7047 §5.2.11 assert: is this session the owner of lock `name`? Default: nobody owns any lock → "not owner". */
  isLockOwner?(name: string): boolean;
  /**
   * Milliseconds since the transaction was first received (ovsdb-server's trigger "elapsed").
   * A wait with "timeout" t whose test fails fails with "timed out" once elapsedMs >= t, and
   * blocks before that. Default 0 (so "timeout": 0 fails at once with
   * `"where" clause test failed`; a later expiry says `"wait" timed out after N ms`).
   * Give 0 (or nothing) on a transaction's first try, whatever time it spent queued: ovsdb-server
   * tries a transaction when it receives it, so only tries after a block report elapsed time
   * (also for a "timeout": 0 wait reached only on such a retry).
   */
  elapsedMs?: number;
  /**
   * The deadline of the waits has passed: a failing wait that has a "timeout" fails with
   * "timed out" instead of blocking (details use elapsedMs, or the wait's own timeout when
   * elapsedMs is not given). A failing wait without "timeout" still blocks.
   */
  waitsExpired?: boolean;
  /**
   * Reject every write operation as ovsdb-server does in read-only mode
   * (`"<op> operation not allowed when database server is in read only mode"`, tag "not allowed").
   * Writes to a database whose name starts with "_" (_Server) are always rejected
   * (`"<op> operation not allowed on table in reserved database _Server"`).
   */
  readOnly?: boolean;
  /** The server itself is writing (it keeps _Server current): no read-only or reserved checks. */
  internal?: boolean;
}

/** Per table name: per row uuid: the row before (null for insert) and after (null for delete). */
export type TxnChanges = Map<string, Map<string, { old: Row | null; new: Row | null }>>;

export interface PreparedTxn {
  /** Every op and every commit check succeeded (false also when blocked). */
  readonly ok: boolean;
  /** The transact result array, exactly as ovsdb-server gives it (meaningless when blocked). */
  readonly results: Json[];
  /** What commit() will apply; empty when !ok or nothing changed. */
  readonly changes: TxnChanges;
  /** A commit op asked for durable:true. */
  readonly durable: boolean;
  /** Comment ops joined with "\n" (ovsdb-server writes it to the log as _comment), or null. */
  readonly comment: string | null;
  /**
   * Set when a wait failed before its timeout (or had none): send no reply; re-run the
   * transaction after a commit touching one of `tables`, or when `timeoutMs` (measured from
   * when the transaction was received; Infinity = never) has elapsed, with ctx.elapsedMs.
   */
  readonly blocked: null | { readonly tables: ReadonlySet<string>; readonly timeoutMs: number };
}
