/**
 * `OvsdbClient`: an OVSDB client (RFC 7047 §4.1, ovsdb-server(7) §4) over `tcp:`, `unix:` and
 * `ssl:`, reconnecting with backoff (connection.ts).
 *
 *   const client = await OvsdbClient.connect('tcp:127.0.0.1:6641');
 *   const nb = client.database(OVN_NORTHBOUND);     // typed by the generated model
 *   const r = await nb.transact(nb.op.insert('Logical_Switch', { name: 'sw0' }));
 *
 * Errors: a request rejects with the server's `OvsdbError` (its tag, details and syntax as
 * sent) or with `ConnectionError`; a transaction's operation errors are values (transaction.ts).
 *
 * Events: `connected` (after each (re)connection), `disconnected`, `locked` (this client now
 * holds a lock, whether at once or by notification), `stolen`, and `error` (a listener threw,
 * or a notification could not be understood).
 */
import type { Json } from '../ovsdb/json.js';
import { isJsonObject, member } from '../ovsdb/json.js';
import type { DatabaseSchema } from '../ovsdb/types.js';
import { schemaFromJson } from '../ovsdb/schema-parse.js';
import { logger, type Logger } from '../log.js';
import { Connection, type ConnectionOptions } from './connection.js';
import { Emitter, type Listener } from './events.js';
import { ValueError } from './values.js';
import { LockState } from './locks.js';
import { parseClientRemotes } from './remote.js';
import { DatabaseCodec } from './schema-codec.js';
import { Database } from './database.js';
import type { AnyModel, DatabaseModel, DatabaseRef } from './model.js';
import { MONITOR_CANCELED, MONITOR_NOTIFICATIONS } from '../ovsdb/monitor-methods.js';

export interface ClientOptions extends ConnectionOptions {
  readonly log?: Logger;
}

export type ClientEvents = {
  connected: [remote: string];
  disconnected: [reason: string];
  locked: [lock: string];
  stolen: [lock: string];
  error: [error: unknown];
};

/**
 * Receives a monitor's notifications with their params: `update`, `update2`, `update3`, and
 * `monitor_canceled` (ovsdb-server(7) §4.1.16: the server ended the monitor, e.g. because the
 * database was converted or removed).
 */
export type MonitorHandler = (method: string, params: Json[]) => void;


export class OvsdbClient {
  readonly #conn: Connection;
  readonly #log: Logger;
  readonly #events: Emitter<ClientEvents>;
  readonly #locks = new LockState();
  readonly #monitors = new Map<string, MonitorHandler>();
  #codecs = new Map<string, Promise<DatabaseCodec>>();
  #monitorSeq = 0;
  #reportingError = false;

  private constructor(remotes: string | readonly string[], opts: ClientOptions) {
    this.#log = opts.log ?? logger('ovsdb_client');
    this.#events = new Emitter<ClientEvents>((e) => this.#onListenerError(e));
    this.#conn = new Connection(parseClientRemotes(remotes), opts, {
      connected: (remote) => this.#onConnected(remote.spec),
      disconnected: (reason) => this.#onDisconnected(reason),
      notification: (method, params) => this.#onNotification(method, params),
    }, this.#log);
  }

  /**
   * Connect to `remote` ("tcp:IP:PORT", "ssl:IP:PORT", "unix:PATH", or several separated by
   * commas). Resolves once connected; rejects with `ConnectionError` if no remote answers.
   */
  static async connect(remote: string | readonly string[], opts: ClientOptions = {}): Promise<OvsdbClient> {
    const client = new OvsdbClient(remote, opts);
    await client.#conn.start();
    return client;
  }

  get connected(): boolean {
    return this.#conn.connected;
  }
  /** The remote currently connected to, or null. */
  get remote(): string | null {
    return this.#conn.remote?.spec ?? null;
  }

  on<K extends keyof ClientEvents>(event: K, listener: Listener<ClientEvents[K]>): () => void {
    return this.#events.on(event, listener);
  }

  /** Resolves at once when connected, else at the next connection. */
  async whenConnected(): Promise<void> {
    if (!this.connected) await this.#events.once('connected');
  }

  /** A raw JSON-RPC request (RFC 7047 §4.1). */
  request(method: string, params: Json[]): Promise<Json> {
    return this.#conn.request(method, params);
  }

  database<M extends DatabaseModel = AnyModel>(db: string | DatabaseRef<M>): Database<M> {
    return new Database<M>(this, typeof db === 'string' ? db : db.name);
  }

  /** RFC 7047 §4.1.1. */
  async listDbs(): Promise<string[]> {
    const r = await this.request('list_dbs', []);
    if (!Array.isArray(r) || !r.every((x) => typeof x === 'string')) throw new ValueError('list_dbs: expected an array of names');
    return r as string[];
  }

  /** RFC 7047 §4.1.2; cached for the life of the connection. */
  async getSchema(db: string): Promise<DatabaseSchema> {
    return (await this.codec(db)).schema;
  }

  /** RFC 7047 §4.1.11: resolves with the params echoed. */
  async echo(...params: Json[]): Promise<Json> {
    return this.request('echo', params);
  }

  /** The schema's codecs (schema-codec.ts), fetched once per connection. */
  codec(db: string): Promise<DatabaseCodec> {
    let p = this.#codecs.get(db);
    if (p === undefined) {
      p = this.request('get_schema', [db]).then((json) => new DatabaseCodec(schemaFromJson(json)));
      p.catch(() => this.#codecs.delete(db));
      this.#codecs.set(db, p);
    }
    return p;
  }

  /**
   * RFC 7047 §4.1.8: ask for `name`; true when granted at once, else the server grants it later
   * (event `locked`). The lock is asked for again after each reconnection until `unlock`.
   */
  async lock(name: string): Promise<boolean> {
    this.#locks.want(name);
    return this.#lockRequest('lock', name);
  }
  /** RFC 7047 §4.1.9: take `name` from its holder (who is told `stolen`). */
  async steal(name: string): Promise<void> {
    this.#locks.want(name);
    await this.#lockRequest('steal', name);
  }
  /** RFC 7047 §4.1.10: give up `name`, or stop waiting for it. */
  async unlock(name: string): Promise<void> {
    this.#locks.drop(name);
    await this.request('unlock', [name]);
  }
  hasLock(name: string): boolean {
    return this.#locks.holds(name);
  }
  /** Resolves once this client holds `name` (after `lock`). */
  async waitForLock(name: string): Promise<void> {
    while (!this.#locks.holds(name)) await this.#events.once('locked');
  }

  /** A fresh id for a monitor on this client. */
  newMonitorId(prefix = 'monitor'): string {
    return `${prefix}-${++this.#monitorSeq}`;
  }
  /** Route notifications for `monitorId` to `handler` until the connection ends or the returned function is called. */
  registerMonitor(monitorId: string, handler: MonitorHandler): () => void {
    this.#monitors.set(monitorId, handler);
    return () => {
      if (this.#monitors.get(monitorId) === handler) this.#monitors.delete(monitorId);
    };
  }

  /** Drop the current connection as if the network had failed (tests, failover). */
  reconnect(): void {
    this.#conn.drop('reconnect requested');
  }

  /** Close the connection and stop reconnecting. */
  async close(): Promise<void> {
    this.#conn.close();
  }

  async #lockRequest(method: 'lock' | 'steal', name: string): Promise<boolean> {
    const r = await this.request(method, [name]);
    const locked = isJsonObject(r) && member(r, 'locked') === true;
    if (locked && this.#locks.wants(name) && this.#locks.acquired(name)) this.#events.emit('locked', name);
    return locked;
  }

  #onConnected(remote: string): void {
    this.#codecs = new Map();
    this.#monitors.clear();
    for (const name of this.#locks.wanted) {
      this.#lockRequest('lock', name).catch((e: unknown) => this.#log.dbg(`re-lock ${name}: ${String(e)}`));
    }
    this.#events.emit('connected', remote);
  }

  #onDisconnected(reason: string): void {
    this.#monitors.clear();
    this.#locks.disconnected();
    this.#events.emit('disconnected', reason);
  }

  #onNotification(method: string, params: Json[]): void {
    if (MONITOR_NOTIFICATIONS.has(method)) {
      const id = params[0];
      const handler = typeof id === 'string' ? this.#monitors.get(id) : undefined;
      // A canceled monitor may mean a new schema: fetch it again.
      if (method === MONITOR_CANCELED) this.#codecs = new Map();
      if (handler !== undefined) handler(method, params);
      else this.#log.dbg(`${method} for unknown monitor`);
      return;
    }
    const name = params[0];
    if (typeof name !== 'string') return;
    if (method === 'locked' && this.#locks.wants(name) && this.#locks.acquired(name)) this.#events.emit('locked', name);
    if (method === 'stolen') {
      this.#locks.lost(name);
      this.#events.emit('stolen', name);
    }
  }

  #onListenerError(e: unknown): void {
    if (!this.#reportingError && this.#events.listenerCount('error') > 0) {
      this.#reportingError = true;
      try {
        this.#events.emit('error', e);
      } finally {
        this.#reportingError = false;
      }
    } else this.#log.err(`client error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }

  /** Report a problem to `error` listeners (or the log). */
  reportError(e: unknown): void {
    this.#onListenerError(e);
  }
}
