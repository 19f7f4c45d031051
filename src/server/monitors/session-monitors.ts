/**
 * The monitors of one session and their delivery (ovsdb-server(7) §4.1.12-15).
 *
 * Ordering: updates go out from the commit listener, before the transact reply; a slow reader's
 * held-back updates are flushed before any reply the session sends (Session.beforeReplyHooks),
 * so a client always sees the effects of its own transaction before the reply.
 *
 * Slow readers (options.ts): above the soft backlog the session is "congested": its requests
 * are not read and each monitor merges commits into one pending change set instead of queueing
 * messages; when the output drains, each pending set goes out as one update and reading resumes.
 */
import type { Json } from '../../ovsdb/json.js';
import type { MutableChangeSet, ChangeSet, MonitorSpec } from '../../engine/monitor/index.js';
import { composeChanges, mergeChanges } from '../../engine/monitor/index.js';
import { jsonText } from '../../ovsdb/json-text.js';
import { encodeJson } from '../../wire/index.js';
import { logger } from '../../log.js';
import type { Session } from '../session.js';
import type { MonitorGroup } from './group.js';
import type { MonitoredDatabase, Subscriber } from './monitored-database.js';
import type { ResolvedMonitorOptions } from './options.js';
import { canceledBytes, notificationBytes } from './wire.js';

const log = logger('ovsdb_jsonrpc_server');

/** The key of a monitor id: ovsdb-server compares ids as JSON values (member order aside). */
export function monitorIdKey(id: Json): string {
  return jsonText(id);
}

export class Monitor implements Subscriber {
  idText: string;
  #pending: MutableChangeSet | null = null;
  #pendingRows = 0;
  #pendingTxnId = '';

  constructor(
    readonly owner: SessionMonitors,
    readonly db: MonitoredDatabase,
    public id: Json,
    public group: MonitorGroup<Subscriber>,
  ) {
    this.idText = encodeJson(id);
  }

  get spec(): MonitorSpec {
    return this.group.spec;
  }

  deliver(seq: number, changes: ChangeSet, txnId: string): void {
    if (!this.owner.congested) {
      const bytes = this.group.message(seq, changes, txnId, this);
      if (bytes !== null) this.owner.send(bytes);
      return;
    }
    this.#pending ??= new Map();
    this.#pendingRows += mergeChanges(this.#pending, changes, (t) => this.spec.tables.has(t));
    this.#pendingTxnId = txnId;
    if (this.#pendingRows > this.owner.options.maxPendingRows) this.owner.cancel(this, 'too many changes pending');
  }

  /** Sends the held-back changes as one update (nothing when they cancel out). */
  flush(): void {
    const pending = this.#pending;
    if (pending === null) return;
    this.#pending = null;
    this.#pendingRows = 0;
    const body = composeChanges(this.spec, pending, this.group.writer);
    if (body !== null) this.owner.send(notificationBytes(this.group.method, this.id, this.#pendingTxnId, body));
  }

  get hasPending(): boolean {
    return this.#pending !== null;
  }

  /** Move to another group (monitor_cond_change). */
  regroup(group: MonitorGroup<Subscriber>): void {
    if (group === this.group) return;
    this.db.leave(this.group, this);
    this.group = group;
    this.db.join(group, this);
  }

  detach(): void {
    this.#pending = null;
    this.db.leave(this.group, this);
  }
}

export class SessionMonitors {
  /** By monitorIdKey(id). */
  readonly monitors = new Map<string, Monitor>();
  #congested = false;

  constructor(
    readonly session: Session,
    readonly options: ResolvedMonitorOptions,
  ) {
    session.beforeReplyHooks.push(() => this.flush());
    session.drainHooks.push(() => this.#onDrain());
    session.addCloseHook(() => this.cancelAll());
  }

  get congested(): boolean {
    return this.#congested;
  }

  add(key: string, m: Monitor): void {
    this.monitors.set(key, m);
    m.db.join(m.group, m);
  }

  remove(key: string): Monitor | undefined {
    const m = this.monitors.get(key);
    if (m === undefined) return undefined;
    this.monitors.delete(key);
    m.detach();
    return m;
  }

  rename(oldKey: string, newKey: string, id: Json): void {
    const m = this.monitors.get(oldKey)!;
    this.monitors.delete(oldKey);
    m.id = id;
    m.idText = encodeJson(id);
    this.monitors.set(newKey, m);
  }

  /** Cancel a monitor on the server's initiative: `monitor_canceled` tells the client. */
  cancel(m: Monitor, why: string): void {
    for (const [key, x] of this.monitors) {
      if (x !== m) continue;
      this.remove(key);
      log.warn(`${this.session.name}: canceling monitor ${m.idText}: ${why}`);
      this.send(canceledBytes(m.id));
      return;
    }
  }

  cancelAll(): void {
    for (const m of this.monitors.values()) m.detach();
    this.monitors.clear();
  }

  /** Sends every monitor's held-back changes, whatever the backlog (before a reply). */
  flush(): void {
    for (const m of this.monitors.values()) if (m.hasPending) m.flush();
  }

  /** Writes bytes (parts in order) and applies the backlog limits. */
  send(bytes: string | Buffer | readonly (string | Buffer)[]): void {
    const peer = this.session.peer;
    if (typeof bytes === 'string' || Buffer.isBuffer(bytes)) peer.sendEncoded(bytes);
    else for (const part of bytes) peer.sendEncoded(part);
    this.#checkBacklog();
  }

  #checkBacklog(): void {
    const peer = this.session.peer;
    const backlog = peer.backlog;
    if (backlog > this.options.hardBacklogBytes) {
      log.warn(`${this.session.name}: ${backlog} bytes of output backlog exceed the limit of ${this.options.hardBacklogBytes}, disconnecting`);
      this.session.close('output backlog limit exceeded');
      return;
    }
    if (!this.#congested && backlog > this.options.softBacklogBytes) {
      this.#congested = true;
      peer.setReading(false);
      log.dbg(`${this.session.name}: ${backlog} bytes of output backlog: holding monitor updates back`);
    }
  }

  #onDrain(): void {
    if (!this.#congested || this.session.peer.closed) return;
    this.#congested = false;
    this.flush();
    if (!this.#congested) this.session.peer.setReading(true);
  }
}
