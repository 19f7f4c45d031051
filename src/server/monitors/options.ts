/**
 * Tunables of monitor delivery. A slow reader (a session whose output backlog grows) costs
 * bounded memory: above `softBacklogBytes` of unsent output the server stops reading that
 * session's requests and, instead of queueing more notifications, merges each monitor's pending
 * changes into one change set (ovsdb-server's behaviour), sent as one update when the backlog
 * drains or before the session's next reply. Two hard limits end a session that still falls
 * behind: a monitor whose pending change set holds more than `maxPendingRows` rows is canceled
 * with a `monitor_canceled` notification (the client may monitor again, e.g. with
 * monitor_cond_since), and a session whose unsent output exceeds `hardBacklogBytes` is
 * disconnected. Both are logged.
 */
import { DEFAULT_HISTORY_ENTRIES } from '../../engine/monitor/index.js';

export interface MonitorOptions {
  /** Unsent output above which updates are coalesced and requests not read (default 256 KiB, least 16 KiB). */
  readonly softBacklogBytes?: number;
  /** Unsent output at which the session is disconnected (default 512 MiB). */
  readonly hardBacklogBytes?: number;
  /** Rows a monitor's coalesced changes may hold before it is canceled (default: no limit). */
  readonly maxPendingRows?: number;
  /** Transactions kept for monitor_cond_since (default 100; also bounded by the database's size). */
  readonly historyEntries?: number;
}

export type ResolvedMonitorOptions = Required<MonitorOptions>;

export const DEFAULT_SOFT_BACKLOG_BYTES = 256 * 1024;
/**
 * The least soft limit in force: a stream signals 'drain' (which ends congestion) only after a
 * write found it above its high-water mark, Node's default for sockets being 16 KiB.
 */
export const MIN_SOFT_BACKLOG_BYTES = 16 * 1024;
export const DEFAULT_HARD_BACKLOG_BYTES = 512 * 1024 * 1024;

export function resolveMonitorOptions(opts: MonitorOptions = {}): ResolvedMonitorOptions {
  return {
    softBacklogBytes: Math.max(MIN_SOFT_BACKLOG_BYTES, opts.softBacklogBytes ?? DEFAULT_SOFT_BACKLOG_BYTES),
    hardBacklogBytes: opts.hardBacklogBytes ?? DEFAULT_HARD_BACKLOG_BYTES,
    maxPendingRows: opts.maxPendingRows ?? Infinity,
    historyEntries: opts.historyEntries ?? DEFAULT_HISTORY_ENTRIES,
  };
}
