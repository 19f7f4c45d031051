/**
 * The server's monitor state: per served database (MonitoredDatabase) and per session
 * (SessionMonitors), with the options in force. One registry per OvsdbServer.
 */
import type { OvsdbServer } from '../server.js';
import type { ServedDatabase } from '../served-database.js';
import type { Session } from '../session.js';
import { MonitoredDatabase } from './monitored-database.js';
import { SessionMonitors } from './session-monitors.js';
import { resolveMonitorOptions, type MonitorOptions, type ResolvedMonitorOptions } from './options.js';

export class MonitorRegistry {
  readonly options: ResolvedMonitorOptions;
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
      const seed = served.storage?.history;
      if (seed !== undefined) db.seed(seed);
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
}
