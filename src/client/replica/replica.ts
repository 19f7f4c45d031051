/**
 * A replica: a local copy of chosen tables and columns of one database, kept current by a
 * monitor, as the OVS IDL keeps one (ovsdb-server(7) §4.1.12–4.1.15).
 *
 * Contracts:
 * - It subscribes on every connection of its client: first with `monitor_cond_since` (from the
 *   last transaction id seen, so that a server that kept the history sends only the changes),
 *   falling back to `monitor_cond` and then `monitor` when the server answers "unknown method".
 *   The method that worked is remembered for the next reconnection.
 * - Between a disconnection and the next sync the copy keeps its last state (stale, not empty).
 * - Every change to the copy is reported: `change` once per row, then `update` once per batch
 *   (a sync or one server notification), after the copy reflects the whole batch. A sync that
 *   could not resume reports only what differs from the copy (store.ts).
 * - `synced` after each successful subscription. A failed subscription (e.g. "unknown table")
 *   is reported on `error` and rejects `whenSynced()`; it is tried again after a reconnection.
 * - Notifications that arrive before the subscription's reply is handled wait for it.
 * - When the server cancels the monitor (`monitor_canceled`), the replica subscribes again.
 * - `setWhere` changes a table's condition in place (`monitor_cond_change`, ovsdb-server(7)
 *   §4.1.13): rows leaving it are deleted from the copy and rows entering it inserted, reported
 *   like any other change, before the returned promise resolves (the server sends that update
 *   before its reply). While no monitor is established, the new condition applies from the next
 *   subscription.
 */
import type { Json } from '../../ovsdb/json.js';
import { MONITOR_CANCELED } from '../../ovsdb/monitor-methods.js';
import { jsonText } from '../../ovsdb/json-text.js';
import { schemaToJson } from '../../ovsdb/schema-to-json.js';
import { OvsdbError, ErrorTag } from '../../ovsdb/error.js';
import type { OvsdbClient } from '../client.js';
import { Emitter, type Listener } from '../events.js';
import type { Clause, ClauseRow, DatabaseModel, Uuid } from '../model.js';
import type { DatabaseCodec } from '../schema-codec.js';
import {
  MONITOR_METHODS,
  conditionChangeParams,
  monitorParams,
  parseMonitorReply,
  parseNotification,
  updatesVersion,
  type MonitorReply,
  type Selection,
} from './request.js';
import { ReplicaStore, type AnyChange } from './store.js';
import type { MonitorMethod, ReplicaChange, ReplicaOptions, ReplicaRow, ReplicaTable, SyncInfo } from './types.js';

export type ReplicaEvents<C> = {
  change: [change: C];
  update: [changes: readonly C[]];
  synced: [info: SyncInfo];
  error: [error: unknown];
};

type Where = readonly (readonly [string, string, unknown])[];

/** Normalise a spec value (true | columns | {columns, where}) into a Selection. */
export function selectionsOf(spec: object): Selection[] {
  return Object.entries(spec)
    .filter(([, v]) => v !== undefined && v !== false)
    .map(([table, v]: [string, unknown]): Selection => {
      if (v === true) return { table, columns: null, where: null };
      if (Array.isArray(v)) return { table, columns: v as string[], where: null };
      const s = v as { columns?: readonly string[]; where?: Where };
      return { table, columns: s.columns ?? null, where: s.where ?? null };
    });
}

function sameSchema(a: DatabaseCodec, b: DatabaseCodec): boolean {
  return jsonText(schemaToJson(a.schema)) === jsonText(schemaToJson(b.schema));
}

function noConditions(): OvsdbError {
  return new OvsdbError(ErrorTag.NOT_SUPPORTED, 'the server supports neither monitor_cond nor monitor_cond_since, which conditions need');
}

export class Replica<M extends DatabaseModel, S> {
  readonly database: string;
  readonly #client: OvsdbClient;
  #selections: readonly Selection[];
  readonly #events: Emitter<ReplicaEvents<ReplicaChange<M, S>>>;
  readonly #offs: (() => void)[] = [];
  #store: ReplicaStore | null = null;
  #method: MonitorMethod;
  #txnId: string | null = null;
  #info: SyncInfo | null = null;
  #monitorId: string | null = null;
  #unregister: (() => void) | null = null;
  #generation = 0;
  #closed = false;
  #waiters: { resolve(i: SyncInfo): void; reject(e: unknown): void }[] = [];

  constructor(client: OvsdbClient, database: string, spec: object, opts: ReplicaOptions = {}) {
    this.database = database;
    this.#client = client;
    this.#selections = selectionsOf(spec);
    this.#method = opts.method ?? 'monitor_cond_since';
    this.#events = new Emitter((e) => client.reportError(e));
    this.#offs.push(client.on('connected', () => void this.#subscribe()));
    this.#offs.push(client.on('disconnected', () => this.#onDisconnected()));
    if (client.connected) void this.#subscribe();
  }

  /** The method in use (or to be tried first). */
  get method(): MonitorMethod {
    return this.#method;
  }
  /** The last transaction id the server reported (monitor_cond_since), else null. */
  get lastTxnId(): string | null {
    return this.#txnId;
  }
  /** True from a successful sync until the connection is lost. */
  get synced(): boolean {
    return this.#monitorId !== null;
  }
  /** Rows held, over every table. */
  get size(): number {
    return this.#store?.size ?? 0;
  }

  on<K extends keyof ReplicaEvents<ReplicaChange<M, S>>>(event: K, listener: Listener<ReplicaEvents<ReplicaChange<M, S>>[K]>): () => void {
    return this.#events.on(event, listener);
  }

  /** Resolves when the copy is in sync (at once if it is), rejects if subscribing fails. */
  whenSynced(): Promise<SyncInfo> {
    if (this.#monitorId !== null && this.#info !== null) return Promise.resolve(this.#info);
    if (this.#closed) return Promise.reject(new Error('replica closed'));
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  rows<T extends ReplicaTable<M, S>>(table: T): ReadonlyMap<Uuid, ReplicaRow<M, S, T>> {
    return (this.#store?.rows(table) ?? new Map()) as ReadonlyMap<Uuid, ReplicaRow<M, S, T>>;
  }

  get<T extends ReplicaTable<M, S>>(table: T, uuid: Uuid): ReplicaRow<M, S, T> | undefined {
    return this.rows(table).get(uuid);
  }

  /**
   * Hold the rows of `table` that match `where` from now on (null: every row); see the contract
   * above. Rejects when the table is not replicated, when the server refuses the condition (the
   * old one then stays), or when conditions are impossible (the server only knows `monitor`).
   */
  async setWhere<T extends ReplicaTable<M, S>>(table: T, clauses: readonly Clause<ClauseRow<M, T>>[] | null): Promise<void> {
    const name = table as string;
    const where = clauses as Where | null;
    const i = this.#selections.findIndex((s) => s.table === name);
    if (i < 0) throw new Error(`table ${name} is not replicated`);
    if (this.#closed) throw new Error('replica closed');
    if (where !== null && this.#method === 'monitor') throw noConditions();
    const old = this.#selections;
    const changed = { ...old[i]!, where };
    this.#selections = old.map((s, k) => (k === i ? changed : s));
    const id = this.#monitorId;
    if (id === null || this.#method === 'monitor') {
      // No monitor to change (or one without conditions): subscribe again with the new selection.
      if (this.#client.connected) await this.#resubscribe(id);
      return;
    }
    const db = await this.#client.codec(this.database);
    try {
      await this.#client.request('monitor_cond_change', conditionChangeParams(db, id, changed));
    } catch (e) {
      this.#selections = old;
      throw e;
    }
  }

  /** Drop the monitor `oldId` (if any) and subscribe again; resolves once synced. */
  async #resubscribe(oldId: string | null): Promise<void> {
    void this.#subscribe(); // stops the current monitor at once (synchronously)
    const synced = this.whenSynced();
    if (oldId !== null) await this.#client.request('monitor_cancel', [oldId]).catch(() => undefined);
    await synced;
  }

  /** Cancel the monitor (monitor_cancel) and stop following the client. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#generation++;
    for (const off of this.#offs) off();
    const id = this.#monitorId;
    this.#stop();
    this.#settle({ error: new Error('replica closed') });
    if (id !== null && this.#client.connected) await this.#client.request('monitor_cancel', [id]).catch(() => undefined);
  }

  #stop(): void {
    this.#unregister?.();
    this.#unregister = null;
    this.#monitorId = null;
  }

  #onDisconnected(): void {
    this.#generation++;
    this.#stop();
  }

  /** Settle every `whenSynced()` waiting: with the sync's info, or with an error. */
  #settle(outcome: { info: SyncInfo } | { error: unknown }): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) {
      if ('info' in outcome) w.resolve(outcome.info);
      else w.reject(outcome.error);
    }
  }

  #fail(error: unknown): void {
    this.#events.emit('error', error);
    this.#settle({ error });
  }

  async #subscribe(): Promise<void> {
    const generation = ++this.#generation;
    this.#stop();
    let db: DatabaseCodec;
    try {
      db = await this.#client.codec(this.database);
    } catch (e) {
      if (generation === this.#generation) this.#fail(e);
      return;
    }
    if (generation !== this.#generation) return;
    if (this.#store?.db !== db) {
      // First sync, or the client fetched the schema anew (a reconnection, a canceled monitor):
      // decode with it from now on. A schema that changed gets a complete state, not a resumption.
      if (this.#store !== null && !sameSchema(this.#store.db, db)) this.#txnId = null;
      this.#store = new ReplicaStore(db, this.#selections, this.#store);
    }
    for (let i = MONITOR_METHODS.indexOf(this.#method); i < MONITOR_METHODS.length; i++) {
      const method = MONITOR_METHODS[i] as MonitorMethod;
      const outcome = await this.#try(method, db, generation);
      if (outcome !== 'unknown method') return;
    }
  }

  /** One subscription attempt; 'unknown method' means: try the next method. */
  async #try(method: MonitorMethod, db: DatabaseCodec, generation: number): Promise<'done' | 'unknown method'> {
    if (method === 'monitor' && this.#selections.some((s) => s.where !== null)) {
      this.#fail(noConditions());
      return 'done';
    }
    const id = this.#client.newMonitorId('replica');
    const early: [string, Json[]][] = [];
    let ready = false;
    const unregister = this.#client.registerMonitor(id, (m, p) => (ready ? this.#onNotification(m, p) : early.push([m, p])));
    let reply: MonitorReply;
    try {
      const json = await this.#client.request(method, monitorParams(method, db, id, this.#selections, this.#txnId));
      reply = parseMonitorReply(method, json);
    } catch (e) {
      unregister();
      if (e instanceof OvsdbError && e.tag === ErrorTag.UNKNOWN_METHOD && method !== 'monitor') return 'unknown method';
      if (generation === this.#generation) this.#fail(e);
      return 'done';
    }
    if (generation !== this.#generation) {
      unregister();
      return 'done';
    }
    this.#method = method;
    this.#monitorId = id;
    this.#unregister = unregister;
    const resumed = method === 'monitor_cond_since' && reply.found;
    const changes = this.#applyBatch(reply, !resumed);
    ready = true;
    this.#info = { method, resumed, txnId: this.#txnId, rows: this.size, changes };
    this.#events.emit('synced', this.#info);
    this.#settle({ info: this.#info });
    for (const [m, p] of early) this.#onNotification(m, p);
    return 'done';
  }

  #onNotification(method: string, params: Json[]): void {
    if (method === MONITOR_CANCELED) {
      void this.#subscribe();
      return;
    }
    try {
      const update = parseNotification(method, params);
      if (update !== null && update.version === updatesVersion(this.#method)) this.#applyBatch(update, false);
    } catch (e) {
      this.#events.emit('error', e);
    }
  }

  /** Apply one batch to the copy, then report it. Returns the number of rows changed. */
  #applyBatch(update: MonitorReply, complete: boolean): number {
    const store = this.#store as ReplicaStore;
    const listening = this.#events.listenerCount('change') + this.#events.listenerCount('update') > 0;
    const sink: AnyChange[] | null = listening ? [] : null;
    const n = complete ? store.replaceAll(update.updates, update.version, sink) : store.applyDelta(update.updates, update.version, sink);
    if (update.txnId !== null) this.#txnId = update.txnId;
    if (sink !== null && sink.length > 0) {
      const changes = sink as unknown as ReplicaChange<M, S>[];
      for (const c of changes) this.#events.emit('change', c);
      this.#events.emit('update', changes);
    }
    return n;
  }
}
