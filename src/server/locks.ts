/**
 * The lock table: RFC 7047 §4.1.8-10 ("lock", "steal", "unlock", "locked", "stolen").
 *
 * Contracts (checked against ovsdb-server 3.1):
 * - Locks are server-wide, keyed by name: one table per server, shared by every database.
 * - Each lock is a queue of waiters; the front waiter owns the lock. "lock" appends (owning it only
 *   when the queue was empty); "steal" puts the stealer in front and reports the previous owner
 *   as the victim. A victim that had itself stolen the lock leaves the queue but keeps its waiter
 *   ("lost") until it unlocks; a victim that had waited with "lock" stays queued, second, and
 *   owns the lock again when the stealer lets go.
 * - A session has at most one waiter per lock name, held until "unlock" or until it closes.
 * - When a queued waiter leaves and others remain, the front waiter is reported to be told
 *   "locked" — also when the leaver was not the owner, so the unchanged owner hears "locked"
 *   again. That is what ovsdb-server does (a client treats "locked" as idempotent); we match it so
 *   that clients see the same notifications from both servers.
 * Pure data: no I/O. The session type is a parameter so that tests need no sockets.
 */

export type LockMode = 'lock' | 'steal';

interface Waiter<S> {
  readonly session: S;
  readonly name: string;
  readonly mode: LockMode;
  /** In its lock's queue; false once a steal removed it (the waiter is then "lost"). */
  queued: boolean;
}

export type AcquireOutcome<S> =
  /** The session already waits for, owns or lost this lock: it must "unlock" first. */
  | { readonly kind: 'must-unlock' }
  /** `victim` lost the lock to this steal and must be told "stolen". */
  | { readonly kind: 'queued'; readonly owner: boolean; readonly victim: S | null };

export type ReleaseOutcome<S> =
  /** The session has no waiter for this lock ("unlock" without "lock" or "steal"). */
  | { readonly kind: 'not-held' }
  /** `notify` (when not null) must be told "locked". */
  | { readonly kind: 'released'; readonly notify: S | null };

/** A "locked" notification to send: `session` owns `name`. */
export interface LockGrant<S> {
  readonly session: S;
  readonly name: string;
}

/** The lock names a session holds, waits for, and lost to a steal (ovsdb-server's status). */
export interface LockStatus {
  readonly held: readonly string[];
  readonly waiting: readonly string[];
  readonly lost: readonly string[];
}

export class LockTable<S> {
  /** Lock name → waiters, front owns. A name with no waiter has no entry. */
  readonly #queues = new Map<string, Waiter<S>[]>();
  /** Session → its waiters by lock name. */
  readonly #sessions = new Map<S, Map<string, Waiter<S>>>();

  /** "lock" (mode 'lock') or "steal" (mode 'steal') of `name` by `session`. */
  acquire(session: S, name: string, mode: LockMode): AcquireOutcome<S> {
    let mine = this.#sessions.get(session);
    if (mine?.has(name) === true) return { kind: 'must-unlock' };
    let queue = this.#queues.get(name);
    if (queue === undefined) {
      queue = [];
      this.#queues.set(name, queue);
    }
    const previous = mode === 'steal' ? queue[0] : undefined;
    const waiter: Waiter<S> = { session, name, mode, queued: true };
    if (mode === 'steal') queue.unshift(waiter);
    else queue.push(waiter);
    if (mine === undefined) {
      mine = new Map();
      this.#sessions.set(session, mine);
    }
    mine.set(name, waiter);
    if (previous !== undefined && previous.mode === 'steal') this.#dequeue(previous);
    return { kind: 'queued', owner: queue[0] === waiter, victim: previous?.session ?? null };
  }

  /** "unlock" of `name` by `session`. */
  release(session: S, name: string): ReleaseOutcome<S> {
    const mine = this.#sessions.get(session);
    const waiter = mine?.get(name);
    if (mine === undefined || waiter === undefined) return { kind: 'not-held' };
    mine.delete(name);
    if (mine.size === 0) this.#sessions.delete(session);
    return { kind: 'released', notify: waiter.queued ? this.#dequeue(waiter) : null };
  }

  /** Everything `session` holds or waits for, released as it closes; returns who to tell "locked". */
  releaseAll(session: S): LockGrant<S>[] {
    const grants: LockGrant<S>[] = [];
    for (const name of [...(this.#sessions.get(session)?.keys() ?? [])]) {
      const r = this.release(session, name);
      if (r.kind === 'released' && r.notify !== null) grants.push({ session: r.notify, name });
    }
    return grants;
  }

  /** RFC 7047 §5.2.10 "assert": does `session` own `name` right now? */
  isOwner(session: S, name: string): boolean {
    const waiter = this.#sessions.get(session)?.get(name);
    return waiter !== undefined && waiter.queued && this.#queues.get(name)?.[0] === waiter;
  }

  status(session: S): LockStatus {
    const held: string[] = [];
    const waiting: string[] = [];
    const lost: string[] = [];
    for (const [name, w] of this.#sessions.get(session) ?? []) {
      if (this.isOwner(session, name)) held.push(name);
      else if (w.queued) waiting.push(name);
      else lost.push(name);
    }
    return { held, waiting, lost };
  }

  /** Number of lock names with at least one queued waiter. */
  get size(): number {
    return this.#queues.size;
  }

  /** Take `waiter` out of its queue; returns the front waiter's session if any remain. */
  #dequeue(waiter: Waiter<S>): S | null {
    waiter.queued = false;
    const queue = this.#queues.get(waiter.name);
    if (queue === undefined) return null;
    const i = queue.indexOf(waiter);
    if (i >= 0) queue.splice(i, 1);
    const front = queue[0];
    if (front === undefined) {
      this.#queues.delete(waiter.name);
      return null;
    }
    return front.session;
  }
}
