import { describe, it, expect } from 'vitest';
import { LockTable, type LockMode } from '../../src/server/locks.js';

/**
 * Each step is one request by a session, and what ovsdb-server 3.1 answered to the same sequence
 * (raw JSON over a unix socket): the reply, and who was told "stolen"/"locked".
 */
type Step =
  | { do: LockMode; by: string; name: string; expect: 'must-unlock' | { owner: boolean; stolenFrom?: string } }
  | { do: 'unlock'; by: string; name: string; expect: 'not-held' | { locked?: string } }
  | { do: 'close'; by: string; expect: { locked: string[] } };

interface Case {
  readonly title: string;
  readonly steps: readonly Step[];
  /** Owner of each lock name afterwards ('' when nobody holds it). */
  readonly owners: Readonly<Record<string, string>>;
}

const CASES: readonly Case[] = [
  {
    title: 'lock, second lock waits, unlock passes it on',
    steps: [
      { do: 'lock', by: 'A', name: 'x', expect: { owner: true } },
      { do: 'lock', by: 'A', name: 'x', expect: 'must-unlock' },
      { do: 'lock', by: 'B', name: 'x', expect: { owner: false } },
      { do: 'lock', by: 'B', name: 'x', expect: 'must-unlock' },
      { do: 'unlock', by: 'A', name: 'x', expect: { locked: 'B' } },
      { do: 'unlock', by: 'A', name: 'x', expect: 'not-held' },
      { do: 'unlock', by: 'A', name: 'nope', expect: 'not-held' },
    ],
    owners: { x: 'B' },
  },
  {
    title: 'a victim that waited with lock stays queued and gets the lock back',
    steps: [
      { do: 'lock', by: 'A', name: 'x', expect: { owner: true } },
      { do: 'lock', by: 'C', name: 'x', expect: { owner: false } },
      { do: 'steal', by: 'B', name: 'x', expect: { owner: true, stolenFrom: 'A' } },
      { do: 'lock', by: 'A', name: 'x', expect: 'must-unlock' },
      { do: 'unlock', by: 'B', name: 'x', expect: { locked: 'A' } },
      { do: 'unlock', by: 'A', name: 'x', expect: { locked: 'C' } },
      { do: 'lock', by: 'A', name: 'x', expect: { owner: false } },
      { do: 'close', by: 'C', expect: { locked: ['A'] } },
    ],
    owners: { x: 'A' },
  },
  {
    title: 'a victim that had stolen the lock leaves the queue but must still unlock',
    steps: [
      { do: 'lock', by: 'A', name: 'q', expect: { owner: true } },
      { do: 'steal', by: 'B', name: 'q', expect: { owner: true, stolenFrom: 'A' } },
      { do: 'steal', by: 'C', name: 'q', expect: { owner: true, stolenFrom: 'B' } },
      { do: 'lock', by: 'B', name: 'q', expect: 'must-unlock' },
      { do: 'steal', by: 'B', name: 'q', expect: 'must-unlock' },
      { do: 'unlock', by: 'B', name: 'q', expect: {} },
      { do: 'unlock', by: 'C', name: 'q', expect: { locked: 'A' } },
    ],
    owners: { q: 'A' },
  },
  {
    title: 'a waiter leaving tells the unchanged owner "locked" again, as ovsdb-server does',
    steps: [
      { do: 'lock', by: 'A', name: 'q', expect: { owner: true } },
      { do: 'lock', by: 'B', name: 'q', expect: { owner: false } },
      { do: 'unlock', by: 'B', name: 'q', expect: { locked: 'A' } },
      { do: 'lock', by: 'B', name: 'q', expect: { owner: false } },
      { do: 'close', by: 'B', expect: { locked: ['A'] } },
    ],
    owners: { q: 'A' },
  },
  {
    title: 'steal of a free lock has no victim; the last unlock frees the name',
    steps: [
      { do: 'steal', by: 'A', name: 'y', expect: { owner: true } },
      { do: 'unlock', by: 'A', name: 'y', expect: {} },
      { do: 'steal', by: 'B', name: 'y', expect: { owner: true } },
      { do: 'close', by: 'B', expect: { locked: [] } },
    ],
    owners: { y: '' },
  },
  {
    title: 'closing releases every lock of the session, each to its next waiter',
    steps: [
      { do: 'lock', by: 'A', name: 'a', expect: { owner: true } },
      { do: 'lock', by: 'A', name: 'b', expect: { owner: true } },
      { do: 'lock', by: 'B', name: 'a', expect: { owner: false } },
      { do: 'lock', by: 'C', name: 'b', expect: { owner: false } },
      { do: 'lock', by: 'B', name: 'b', expect: { owner: false } },
      { do: 'close', by: 'A', expect: { locked: ['B', 'C'] } },
    ],
    owners: { a: 'B', b: 'C' },
  },
];

function run(table: LockTable<string>, step: Step): void {
  const where = JSON.stringify(step);
  if (step.do === 'close') {
    const grants = table.releaseAll(step.by).map((g) => g.session);
    expect(grants.sort(), where).toEqual([...step.expect.locked].sort());
    return;
  }
  if (step.do === 'unlock') {
    const r = table.release(step.by, step.name);
    if (step.expect === 'not-held') expect(r, where).toEqual({ kind: 'not-held' });
    else expect(r, where).toEqual({ kind: 'released', notify: step.expect.locked ?? null });
    return;
  }
  const r = table.acquire(step.by, step.name, step.do);
  if (step.expect === 'must-unlock') expect(r, where).toEqual({ kind: 'must-unlock' });
  else expect(r, where).toEqual({ kind: 'queued', owner: step.expect.owner, victim: step.expect.stolenFrom ?? null });
}

describe('LockTable', () => {
  for (const c of CASES) {
    it(c.title, () => {
      const table = new LockTable<string>();
      for (const step of c.steps) run(table, step);
      for (const [name, owner] of Object.entries(c.owners)) {
        for (const s of ['A', 'B', 'C']) expect(table.isOwner(s, name), `${s} owns ${name}`).toBe(s === owner);
      }
    });
  }

  it('reports held, waiting and lost locks per session', () => {
    const t = new LockTable<string>();
    t.acquire('A', 'held', 'lock');
    t.acquire('B', 'held', 'lock');
    t.acquire('A', 'lost', 'steal');
    t.acquire('B', 'lost', 'steal');
    expect(t.status('A')).toEqual({ held: ['held'], waiting: [], lost: ['lost'] });
    expect(t.status('B')).toEqual({ held: ['lost'], waiting: ['held'], lost: [] });
    expect(t.status('C')).toEqual({ held: [], waiting: [], lost: [] });
  });

  it('forgets a name once nobody waits for it', () => {
    const t = new LockTable<string>();
    t.acquire('A', 'x', 'lock');
    t.acquire('B', 'x', 'steal');
    t.acquire('C', 'y', 'lock');
    expect(t.size).toBe(2);
    t.releaseAll('A');
    t.releaseAll('B');
    t.release('C', 'y');
    expect(t.size).toBe(0);
    expect(t.status('A')).toEqual({ held: [], waiting: [], lost: [] });
  });
});
