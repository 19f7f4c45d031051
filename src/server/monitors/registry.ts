/**
 * The server's monitor state: per served database (MonitoredDatabase) and per session
 * (SessionMonitors), with the options in force. One registry per OvsdbServer.
 */
import type { OvsdbServer } from '../server.js';
import type { ServedDatabase } from '../served-database.js';
import type { Session } from '../session.js';
import { MonitoredDatabase, type HistorySeed } from './monitored-database.js';
import { SessionMonitors } from './session-monitors.js';
import { resolveMonitorOptions, type MonitorOptions, type ResolvedMonitorOptions } from './options.js';

export class MonitorRegistry {
  options: ResolvedMonitorOptions;
  readonly #databases = new Map<ServedDatabase, MonitoredDatabase>();
  readonly #sessions = new WeakMap<Session, SessionMonitors>();

  constructor(
    readonly server: OvsdbServer,
    opts: MonitorOptions = {},
  ) {
    this.options = resolveMonitorOptions(opts);
  }

  /** The monitor state of a served database, created on first use. */
  database(served: ServedDatabase): MonitoredDatabase {
    let db = this.#databases.get(served);
    if (db === undefined) {
      db = new MonitoredDatabase(served, this.options.historyEntries);
      const seed = storageHistory(served);
      if (seed !== null) db.seed(seed);
      this.#databases.set(served, db);
    }
    return db;
  }

  /** The monitors of a session, created (with its hooks) on first use. */
  sessionMonitors(session: Session): SessionMonitors {
    let sm = this.#sessions.get(session);
    if (sm === undefined) {
      sm = new SessionMonitors(session, this.options);
      this.#sessions.set(session, sm);
    }
    return sm;
  }

  /** Monitors of a session (none when it never monitored). */
  peekSession(session: Session): SessionMonitors | undefined {
    return this.#sessions.get(session);
  }
}

/**
 * The history a file-backed database's storage replayed, when the storage offers one
 * (src/storage's Storage has `history: {baseTxnId, entries}`), so that monitor_cond_since
 * resumes across a restart without further wiring; null otherwise.
 */
function storageHistory(served: ServedDatabase): HistorySeed | null {
  const storage: object | null = served.storage;
  if (storage === null || !('history' in storage)) return null;
  const h = storage.history;
  if (typeof h !== 'object' || h === null || !('baseTxnId' in h) || !('entries' in h)) return null;
  if (typeof h.baseTxnId !== 'string' || !Array.isArray(h.entries)) return null;
  return h as HistorySeed;
}
