/**
 * The OVSDB service: the databases served, the sessions, the method tables and the listeners.
 * It adapts any Duplex stream into a session (`attach`), so transports stay outside of it.
 */
import { randomUUID } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { logger } from '../log.js';
import type { ServedDatabase } from './served-database.js';
import type { MethodTable, NotificationTable } from './method-table.js';
import { Session } from './session.js';
import { DEFAULT_INACTIVITY_PROBE_MS, type Remote } from '../ovsdb/remote.js';
import { listenPlain, type Listener } from './listen.js';
import { parseRemoteSpec } from './remote-spec.js';
import { listenTls, loadTlsConfig, type TlsFiles } from './tls.js';
import { ActiveRemote, dialerFor, type BackoffOptions } from './active-remote.js';
import { DEFAULT_MAX_SESSIONS } from './limits.js';
import { registerBasicMethods } from './methods/basic.js';
import { registerTransactMethod } from './methods/transact.js';
import { registerLockMethods, isLockOwner } from './methods/locks.js';
import { registerSessionMethods } from './methods/session.js';
import type { CommitListener } from './commit.js';
import { registerMonitors, type MonitorOptions } from './monitors/index.js';

const log = logger('ovsdb_server');

/** ovsdb-server's default inactivity probe for TCP/TLS sessions; unix sockets get none. */
export { DEFAULT_INACTIVITY_PROBE_MS } from '../ovsdb/remote.js';

export interface ServerOptions {
  /** Probe interval for tcp/ssl sessions; 0 disables. */
  readonly inactivityProbeMs?: number;
  readonly maxMessageBytes?: number;
  readonly maxBacklogBytes?: number;
  /** PKI files for pssl:/ssl: remotes (--private-key, --certificate, --ca-cert). */
  readonly tls?: TlsFiles;
  /** Connections beyond this many sessions are refused with a log line (limits.ts). */
  readonly maxSessions?: number;
  /** Transactions a session may have waiting before more are refused (limits.ts). */
  readonly maxPendingRequests?: number;
  /** Reconnection backoff of active remotes (tests shorten it). */
  readonly activeBackoff?: BackoffOptions;
  /** Slow-reader limits and history size of monitors (monitors/options.ts). */
  readonly monitors?: MonitorOptions;
}

export interface ListenOptions {
  /** Sessions of this remote may not write or lock (also: a "read-only:" prefix on the spec). */
  readonly readOnly?: boolean;
}

export interface AttachOptions {
  readonly name: string;
  readonly inactivityProbeMs?: number;
  readonly readOnly?: boolean;
}

export class OvsdbServer {
  readonly serverId: string = randomUUID();
  readonly databases = new Map<string, ServedDatabase>();
  readonly methods: MethodTable = new Map();
  readonly notifications: NotificationTable = new Map();
  readonly sessions = new Set<Session>();
  /** Told of every committed change (monitors, waiting transactions), before the reply. */
  readonly commitListeners: CommitListener[] = [];
  readonly #listeners: Listener[] = [];
  readonly #opts: ServerOptions;
  #closing = false;

  constructor(databases: readonly ServedDatabase[], opts: ServerOptions = {}) {
    this.#opts = opts;
    for (const db of databases) this.databases.set(db.name, db);
    registerBasicMethods(this.methods);
    registerTransactMethod(this.methods);
    registerLockMethods(this.methods);
    registerSessionMethods(this.methods, this.notifications);
    registerMonitors(this, opts.monitors);
  }

  get options(): ServerOptions {
    return this.#opts;
  }

  /** RFC 7047 §5.2.11 assert: does `session` own lock `name`? */
  isLockOwner(session: Session, name: string): boolean {
    return isLockOwner(session, name);
  }

  /** Serve one connection. */
  attach(stream: Duplex, opts: AttachOptions): Session {
    const session = new Session(this, stream, {
      name: opts.name,
      inactivityProbeMs: opts.inactivityProbeMs ?? this.#opts.inactivityProbeMs ?? DEFAULT_INACTIVITY_PROBE_MS,
      readOnly: opts.readOnly ?? false,
      ...(this.#opts.maxMessageBytes === undefined ? {} : { maxMessageBytes: this.#opts.maxMessageBytes }),
      ...(this.#opts.maxBacklogBytes === undefined ? {} : { maxBacklogBytes: this.#opts.maxBacklogBytes }),
    });
    this.sessions.add(session);
    return session;
  }

  /** Called by a session once it is closed. */
  sessionClosed(session: Session): void {
    this.sessions.delete(session);
  }

  /**
   * Start a remote (ovsdb(7) "Connection Methods"): bind a passive one (ptcp:, pssl:, punix:) or
   * dial an active one (tcp:, ssl:, unix:), which reconnects with backoff whenever it drops.
   * A "read-only:" prefix (remote-spec.ts) makes the remote's sessions read-only.
   * Returns the bound name ("tcp:127.0.0.1:6641") or, for an active remote, the dialled one.
   */
  async listen(spec: string | Remote, opts: ListenOptions = {}): Promise<string> {
    const parsed = typeof spec === 'string' ? parseRemoteSpec(spec) : { remote: spec, readOnly: false };
    const remote = parsed.remote;
    const readOnly = parsed.readOnly || opts.readOnly === true;
    const probe = remote.kind === 'unix' ? 0 : this.#opts.inactivityProbeMs ?? DEFAULT_INACTIVITY_PROBE_MS;
    const tlsConfig = remote.kind === 'ssl' ? loadTlsConfig(this.#opts.tls ?? {}, remote.spec) : null;
    const admit = (stream: Duplex, name: string): void => this.#admit(stream, { name, inactivityProbeMs: probe, readOnly });
    if (!remote.passive) {
      const active = new ActiveRemote(remote, dialerFor(remote, tlsConfig), admit, this.#opts.activeBackoff);
      this.#listeners.push(active);
      active.start();
      return active.name;
    }
    const listener = tlsConfig === null ? await listenPlain(remote, admit) : await listenTls(remote, tlsConfig, admit);
    this.#listeners.push(listener);
    log.info(`listening on ${listener.name}${readOnly ? ' (read-only)' : ''}`);
    return listener.name;
  }

  /** Attach a new connection unless the server is closing or has its maximum of sessions. */
  #admit(stream: Duplex, opts: AttachOptions): void {
    const max = this.#opts.maxSessions ?? DEFAULT_MAX_SESSIONS;
    if (this.#closing) {
      stream.destroy();
    } else if (this.sessions.size >= max) {
      log.warn(`${opts.name}: refusing connection: already ${this.sessions.size} sessions (--max-sessions=${max})`);
      stream.destroy();
    } else {
      this.attach(stream, opts);
    }
  }

  get listenerNames(): string[] {
    return this.#listeners.map((l) => l.name);
  }

  /** Close listeners and sessions. */
  async close(): Promise<void> {
    this.#closing = true;
    for (const s of [...this.sessions]) s.close('server shutting down');
    await Promise.all(this.#listeners.splice(0).map((l) => l.close()));
  }
}
