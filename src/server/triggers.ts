/**
 * Waiting transactions: RFC 7047 §5.2.6 "wait" with a timeout, §4.1.4 "cancel"; ovsdb-server's
 * "triggers". Every transaction of a session passes through its queue here.
 *
 * Contracts:
 * - A session's transactions complete in the order received: each one is tried only after the
 *   previous one has replied. (ovsdb-server lets a later transaction overtake a blocked one;
 *   ovsdb-ts does not, so a client never sees its transactions' effects reordered.)
 * - A try that blocks (a "wait" not yet satisfied) is tried again after each commit to its
 *   database that touches one of the tables the try read (the commit listener defers the retry to
 *   after the committing transaction's reply), and once more when its timeout, counted from when
 *   the request was received, has passed: the engine then fails it with "timed out". There is no
 *   polling.
 * - `cancel` of a queued or blocked transaction answers it with the error "canceled", whether or
 *   not the session is change-aware (ovsdb-server answers only change-aware sessions). A
 *   transaction already committing (waiting for fsync) cannot be canceled and completes.
 * - A transact whose id equals that of a pending one of the same session fails at once with
 *   ovsdb-server's "duplicate request ID" syntax error; one beyond the session's limit of pending
 *   transactions (limits.ts) fails at once with "resources exhausted" and a log line.
 * - When a session closes, its pending transactions are dropped unanswered.
 */
import type { Json } from '../ovsdb/json.js';
import { OvsdbError, ErrorTag } from '../ovsdb/error.js';
import { syntaxError } from '../ovsdb/atom.js';
import { jsonText } from '../ovsdb/json-text.js';
import { logger } from '../log.js';
import { fail, type Outcome } from './method-types.js';
import { DEFAULT_MAX_PENDING_REQUESTS } from './limits.js';
import type { ServedDatabase } from './served-database.js';
import type { Session } from './session.js';
import type { OvsdbServer } from './server.js';

const log = logger('trigger');

/** Smallest delay before re-checking a transaction whose reported timeout has already passed. */
const MIN_RECHECK_MS = 10;

/** The tables of a transaction that has not blocked yet. */
const NO_TABLES: ReadonlySet<string> = new Set();

/** What one try of a transaction produced. */
export type TxnTry =
  | { readonly kind: 'done'; readonly outcome: Outcome | Promise<Outcome> }
  | { readonly kind: 'blocked'; readonly tables: ReadonlySet<string>; readonly timeoutMs: number };

/** Execute (and, unless blocked, commit) the transaction; `elapsedMs` since it was received. */
export type TxnAttempt = (elapsedMs: number) => TxnTry;

type State = 'ready' | 'blocked' | 'running';

interface PendingTxn {
  readonly session: Session;
  readonly id: Json;
  /** jsonText(id): ids compare as JSON values, member order aside (OVS `json_equal`). */
  readonly key: string;
  readonly db: string;
  readonly attempt: TxnAttempt;
  readonly receivedAt: number;
  state: State;
  tables: ReadonlySet<string>;
  /** The timeout of the last blocked try has passed. */
  expired: boolean;
  /** Some try has blocked: the next one is a retry. */
  retried: boolean;
  timeoutMs: number;
  timer: NodeJS.Timeout | null;
}

export class TriggerQueue {
  readonly #maxPending: number;
  readonly #queues = new Map<Session, PendingTxn[]>();
  /** The heads in state 'blocked': what a commit may wake. */
  readonly #blocked = new Set<PendingTxn>();
  /** Sessions whose head became ready outside a request (commit, timer), pumped together. */
  readonly #toPump = new Set<Session>();
  #pumpScheduled = false;

  constructor(maxPending: number = DEFAULT_MAX_PENDING_REQUESTS) {
    this.#maxPending = maxPending;
  }

  /**
   * Queue transaction `id` of `session` and run it if nothing of the session is pending.
   * Returns an immediate error outcome, or null when the reply is (or will be) sent from here.
   */
  submit(session: Session, id: Json, params: Json[], db: string, attempt: TxnAttempt): Outcome | null {
    const key = jsonText(id);
    let queue = this.#queues.get(session);
    if (queue?.some((t) => t.key === key) === true) {
      return fail(syntaxError(params, 'transact: duplicate request ID'));
    }
    if (queue !== undefined && queue.length >= this.#maxPending) {
      log.warn(`${session.name}: refusing transaction: ${queue.length} already pending (--max-pending-requests=${this.#maxPending})`);
      return fail(
        new OvsdbError(ErrorTag.RESOURCES_EXHAUSTED, `too many pending transactions on this session (limit ${this.#maxPending})`),
      );
    }
    if (queue === undefined) {
      queue = [];
      this.#queues.set(session, queue);
      session.addCloseHook((s) => this.#drop(s));
    }
    queue.push({
      session, id, key, db, attempt,
      receivedAt: Date.now(), state: 'ready', tables: NO_TABLES, expired: false, retried: false, timeoutMs: Infinity, timer: null,
    });
    this.#pump(session);
    return null;
  }

  /** RFC 7047 §4.1.4: answer pending transaction `id` with "canceled". Unknown ids are ignored. */
  cancel(session: Session, id: Json): void {
    const queue = this.#queues.get(session);
    const key = jsonText(id);
    const i = queue?.findIndex((t) => t.key === key && t.state !== 'running') ?? -1;
    if (queue === undefined || i < 0) return;
    const [t] = queue.splice(i, 1);
    if (t === undefined) return;
    this.#clearTimer(t);
    this.#blocked.delete(t);
    session.sendOutcome(t.id, fail(ErrorTag.CANCELED));
    if (i === 0) this.#pump(session);
  }

  /** A commit to `db` changed `tables` (its change set, by table): blocked transactions that read one try again. */
  committed(db: string, tables: ReadonlySet<string> | ReadonlyMap<string, unknown>): void {
    for (const t of this.#blocked) {
      if (t.db !== db || !readsAny(t.tables, tables)) continue;
      this.#blocked.delete(t);
      t.state = 'ready';
      this.#schedule(t.session);
    }
  }

  /** Transactions of `session` received and not yet answered. */
  pending(session: Session): number {
    return this.#queues.get(session)?.length ?? 0;
  }

  /** Transactions of all sessions received and not yet answered. */
  get pendingTotal(): number {
    let n = 0;
    for (const q of this.#queues.values()) n += q.length;
    return n;
  }

  #schedule(session: Session): void {
    this.#toPump.add(session);
    if (this.#pumpScheduled) return;
    this.#pumpScheduled = true;
    setImmediate(() => {
      this.#pumpScheduled = false;
      const sessions = [...this.#toPump];
      this.#toPump.clear();
      for (const s of sessions) this.#pump(s);
    });
  }

  /** Try the session's transactions in order until one blocks or is still committing. */
  #pump(session: Session): void {
    const queue = this.#queues.get(session);
    if (queue === undefined) return;
    for (let head = queue[0]; head !== undefined && head.state === 'ready'; head = queue[0]) {
      if (!this.#try(head)) return;
      queue.shift();
    }
  }

  /** One try of the head transaction; true when it completed and replied. */
  #try(t: PendingTxn): boolean {
    this.#clearTimer(t);
    const now = Date.now();
    // ovsdb-server tries a transaction as it receives it, so a first try reports no elapsed time
    // (a failing "timeout": 0 wait says "where" clause test failed); only tries after a block do.
    const elapsed = t.retried ? Math.max(now - t.receivedAt, t.expired ? t.timeoutMs : 0) : 0;
    let r: TxnTry;
    try {
      r = t.attempt(elapsed);
    } catch (e) {
      this.#internalError(t, e);
      return false;
    }
    if (r.kind === 'blocked') {
      this.#block(t, r.tables, r.timeoutMs, now);
      return false;
    }
    if (!(r.outcome instanceof Promise)) {
      t.session.sendOutcome(t.id, r.outcome);
      return true;
    }
    t.state = 'running';
    r.outcome.then(
      (o) => this.#finishRunning(t, o),
      (e: unknown) => this.#internalError(t, e),
    );
    return false;
  }

  #block(t: PendingTxn, tables: ReadonlySet<string>, timeoutMs: number, now: number): void {
    t.state = 'blocked';
    t.retried = true;
    this.#blocked.add(t);
    t.tables = tables;
    t.timeoutMs = timeoutMs;
    if (!Number.isFinite(timeoutMs)) return;
    // timeoutMs is the blocking wait's own timeout, measured from when the request arrived; a
    // deadline already due (a timer that fired a little early) is re-checked shortly after.
    const due = Math.max(t.receivedAt + timeoutMs, now + MIN_RECHECK_MS);
    t.timer = setTimeout(() => {
      t.timer = null;
      if (t.state !== 'blocked') return;
      this.#blocked.delete(t);
      t.expired = true;
      t.state = 'ready';
      this.#pump(t.session);
    }, due - now);
  }

  #finishRunning(t: PendingTxn, outcome: Outcome): void {
    const queue = this.#queues.get(t.session);
    if (queue?.[0] !== t) return;
    t.session.sendOutcome(t.id, outcome);
    queue.shift();
    this.#pump(t.session);
  }

  #clearTimer(t: PendingTxn): void {
    if (t.timer !== null) clearTimeout(t.timer);
    t.timer = null;
  }

  #drop(session: Session): void {
    for (const t of this.#queues.get(session) ?? []) {
      this.#clearTimer(t);
      this.#blocked.delete(t);
    }
    this.#queues.delete(session);
    this.#toPump.delete(session);
  }

  #internalError(t: PendingTxn, e: unknown): void {
    const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
    log.err(`${t.session.name}: internal error in transaction ${t.key}: ${detail}`);
    t.session.close('internal error');
  }
}

function readsAny(read: ReadonlySet<string>, changed: ReadonlySet<string> | ReadonlyMap<string, unknown>): boolean {
  for (const name of read) if (changed.has(name)) return true;
  return false;
}

const queues = new WeakMap<OvsdbServer, TriggerQueue>();

/** The server's trigger queue; created on first use, with its commit listener installed. */
export function triggerQueue(server: OvsdbServer): TriggerQueue {
  let q = queues.get(server);
  if (q === undefined) {
    const created = new TriggerQueue(server.options.maxPendingRequests ?? DEFAULT_MAX_PENDING_REQUESTS);
    server.commitListeners.push((served: ServedDatabase, changes: ReadonlyMap<string, unknown>) =>
      created.committed(served.name, changes),
    );
    queues.set(server, created);
    q = created;
  }
  return q;
}

/** For the transact method: run `attempt` for request `id` in the session's order (see above). */
export function submitTransaction(session: Session, id: Json, params: Json[], db: string, attempt: TxnAttempt): Outcome | null {
  return triggerQueue(session.server).submit(session, id, params, db, attempt);
}
