import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';
import type { Json } from '../../src/ovsdb/json.js';
import type { Outcome } from '../../src/server/method-types.js';
import type { Session } from '../../src/server/session.js';
import { TriggerQueue, type TxnTry } from '../../src/server/triggers.js';

/** A session stand-in that records what would be sent, in order. */
interface FakeSession {
  readonly name: string;
  readonly sent: [Json, Outcome][];
  close(): void;
  readonly session: Session;
}

function fakeSession(name = 'unix#0'): FakeSession {
  const sent: [Json, Outcome][] = [];
  const hooks: ((s: Session) => void)[] = [];
  const s = {
    name,
    sendOutcome: (id: Json, o: Outcome) => sent.push([id, o]),
    addCloseHook: (h: (s: Session) => void) => hooks.push(h),
  };
  const session = s as unknown as Session;
  return { name, sent, session, close: () => hooks.splice(0).forEach((h) => h(session)) };
}

/** A scripted transaction: each try pops the next answer; records the elapsed ms of every try. */
function scripted(...answers: TxnTry[]): { attempt: (ms: number) => TxnTry; tries: number[] } {
  const tries: number[] = [];
  return {
    tries,
    attempt: (ms) => {
      tries.push(ms);
      const a = answers.shift();
      if (a === undefined) throw new Error('tried more often than scripted');
      return a;
    },
  };
}

const done = (result: Json): TxnTry => ({ kind: 'done', outcome: { result } });
const blocked = (tables: string[], timeoutMs = Infinity): TxnTry => ({ kind: 'blocked', tables: new Set(tables), timeoutMs });
const DB = 'OVN_Northbound';

/** Let the deferred retries (setImmediate) run. */
async function settle(): Promise<void> {
  await vi.runOnlyPendingTimersAsync();
}

describe('TriggerQueue', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('answers an unblocked transaction at once, in the request', () => {
    const q = new TriggerQueue();
    const s = fakeSession();
    expect(q.submit(s.session, 1, [DB], DB, () => done(['ok']))).toBeNull();
    expect(s.sent).toEqual([[1, { result: ['ok'] }]]);
    expect(q.pending(s.session)).toBe(0);
  });

  it('retries a blocked transaction after a commit to a table it read, not to other tables or databases', async () => {
    const q = new TriggerQueue();
    const s = fakeSession();
    const t = scripted(blocked(['A']), done([{}]));
    q.submit(s.session, 1, [DB], DB, t.attempt);
    q.committed(DB, new Set(['B']));
    q.committed('Other', new Set(['A']));
    await settle();
    expect(t.tries).toHaveLength(1);
    expect(s.sent).toEqual([]);
    q.committed(DB, new Set(['B', 'A']));
    expect(t.tries).toHaveLength(1); // deferred until after the committing transaction
    await settle();
    expect(t.tries).toHaveLength(2);
    expect(s.sent).toEqual([[1, { result: [{}] }]]);
  });

  it('keeps later transactions of the session behind a blocked one; other sessions are not held up', async () => {
    const q = new TriggerQueue();
    const s = fakeSession('a');
    const other = fakeSession('b');
    const first = scripted(blocked(['A']), done(['first']));
    const second = scripted(done(['second']));
    q.submit(s.session, 1, [DB], DB, first.attempt);
    q.submit(s.session, 2, [DB], DB, second.attempt);
    q.submit(other.session, 1, [DB], DB, () => done(['other']));
    expect(second.tries).toEqual([]);
    expect(other.sent).toEqual([[1, { result: ['other'] }]]);
    expect(q.pending(s.session)).toBe(2);
    q.committed(DB, new Set(['A']));
    await settle();
    expect(s.sent.map(([id]) => id)).toEqual([1, 2]);
  });

  it('fails the wait once its timeout has passed, with the elapsed time of the request', async () => {
    const q = new TriggerQueue();
    const s = fakeSession();
    const timedOut: TxnTry = done([{ error: 'timed out' }]);
    const t = scripted(blocked(['A'], 500), timedOut);
    q.submit(s.session, 7, [DB], DB, t.attempt);
    await vi.advanceTimersByTimeAsync(499);
    expect(t.tries).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(t.tries).toHaveLength(2);
    expect(t.tries[1]).toBeGreaterThanOrEqual(500);
    expect(s.sent).toEqual([[7, { result: [{ error: 'timed out' }] }]]);
  });

  it('cancel answers the blocked transaction "canceled" and runs the next one', async () => {
    const q = new TriggerQueue();
    const s = fakeSession();
    const t = scripted(blocked(['A'], 1000));
    q.submit(s.session, 'w', [DB], DB, t.attempt);
    q.submit(s.session, 'x', [DB], DB, () => done(['next']));
    q.cancel(s.session, 'nope');
    q.cancel(s.session, 'w');
    expect(s.sent).toEqual([
      ['w', { error: 'canceled' }],
      ['x', { result: ['next'] }],
    ]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(t.tries).toHaveLength(1); // its timer is gone
  });

  it('cancel of a queued transaction answers it and leaves the blocked head alone', () => {
    const q = new TriggerQueue();
    const s = fakeSession();
    q.submit(s.session, 1, [DB], DB, scripted(blocked(['A'])).attempt);
    q.submit(s.session, { id: [2] }, [DB], DB, () => done([]));
    q.cancel(s.session, { id: [2] });
    expect(s.sent).toEqual([[{ id: [2] }, { error: 'canceled' }]]);
    expect(q.pending(s.session)).toBe(1);
  });

  it('refuses a duplicate id of a pending transaction as ovsdb-server does', () => {
    const q = new TriggerQueue();
    const s = fakeSession();
    q.submit(s.session, 1, [DB], DB, scripted(blocked(['A'])).attempt);
    // The same id written with another member order is the same id (OVS json_equal).
    const objId = { b: 1, a: 2 };
    q.submit(s.session, objId, [DB], DB, scripted(blocked(['A'])).attempt);
    expect(q.submit(s.session, { a: 2, b: 1 }, [DB], DB, () => done([]))).toMatchObject({ error: { details: 'transact: duplicate request ID' } });
    const params: Json[] = [DB, { op: 'comment', comment: 'dup' }];
    expect(q.submit(s.session, 1, params, DB, () => done([]))).toEqual({
      error: {
        error: 'syntax error',
        details: 'transact: duplicate request ID',
        // ovsdb-server 3.1's text for the same request: members sorted.
        syntax: '["OVN_Northbound",{"comment":"dup","op":"comment"}]',
      },
    });
  });

  it('refuses transactions beyond the pending limit', () => {
    const q = new TriggerQueue(2);
    const s = fakeSession();
    q.submit(s.session, 1, [DB], DB, scripted(blocked(['A'])).attempt);
    expect(q.submit(s.session, 2, [DB], DB, () => done([]))).toBeNull();
    const r = q.submit(s.session, 3, [DB], DB, () => done([]));
    expect(r).toMatchObject({ error: { error: 'resources exhausted' } });
    expect(q.pending(s.session)).toBe(2);
  });

  it('drops the pending transactions of a closed session unanswered', async () => {
    const q = new TriggerQueue();
    const s = fakeSession();
    const t = scripted(blocked(['A'], 100));
    q.submit(s.session, 1, [DB], DB, t.attempt);
    q.submit(s.session, 2, [DB], DB, () => done([]));
    s.close();
    q.committed(DB, new Set(['A']));
    await vi.advanceTimersByTimeAsync(200);
    expect(t.tries).toHaveLength(1);
    expect(s.sent).toEqual([]);
    expect(q.pending(s.session)).toBe(0);
  });

  it('holds the next transaction until a committing one (fsync) has replied', async () => {
    const q = new TriggerQueue();
    const s = fakeSession();
    let release: (o: Outcome) => void = () => undefined;
    const durable = new Promise<Outcome>((resolve) => {
      release = resolve;
    });
    q.submit(s.session, 1, [DB], DB, () => ({ kind: 'done', outcome: durable }));
    q.submit(s.session, 2, [DB], DB, () => done(['after']));
    q.cancel(s.session, 1); // already committing: not cancelable
    expect(s.sent).toEqual([]);
    release({ result: ['durable'] });
    await settle();
    expect(s.sent).toEqual([
      [1, { result: ['durable'] }],
      [2, { result: ['after'] }],
    ]);
  });
});
