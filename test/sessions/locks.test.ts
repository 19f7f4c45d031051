/**
 * lock / steal / unlock / assert over real sockets: fixed expectations taken from ovsdb-server
 * 3.1, and the same scripts replayed against ovsdb-server with the transcripts compared.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Json } from '../../src/ovsdb/json.js';
import { UuidNormalizer } from '../support/normalize.js';
import { requireOvsTools, useOvsdbServer } from '../support/ovsdb-server.js';
import type { RpcClient, RpcTarget } from '../support/rpc-client.js';
import { startTestServer, clients, closeAll, call, drainNotifications, NB, NB_SCHEMA, type TestServer } from './harness.js';

/** [client, method, params] or [client, 'close']. */
type Step = readonly [number, string, Json?];

const ASSERT = (lock: Json): Json => [NB, { op: 'assert', lock }];

const SCRIPTS: Record<string, readonly Step[]> = {
  'lock, wait, unlock, steal and the misuse errors': [
    [0, 'lock', ['x']],
    [0, 'lock', ['x']],
    [1, 'lock', ['x']],
    [1, 'lock', ['x']],
    [0, 'unlock', ['x']],
    [0, 'unlock', ['x']],
    [0, 'unlock', ['nope']],
    [0, 'steal', ['x']],
    [1, 'steal', ['x']],
    [0, 'lock', []],
    [0, 'lock', [1]],
    [0, 'lock', ['x', 'y']],
    [0, 'lock', ['bad name!']],
    [0, 'lock', ['']],
    [0, 'lock', ['1x']],
    [0, 'lock', ['x-y']],
    [0, 'lock', ['é']],
    [0, 'unlock', []],
    [0, 'steal', [5]],
    [0, 'lock', ['_x9']],
    [0, 'lock', ['a'.repeat(300)]],
  ],
  'a stolen lock comes back to a victim that waited with "lock"': [
    [0, 'lock', ['x']],
    [2, 'lock', ['x']],
    [1, 'steal', ['x']],
    [0, 'lock', ['x']],
    [0, 'transact', ASSERT('x')],
    [1, 'transact', ASSERT('x')],
    [1, 'unlock', ['x']],
    [0, 'transact', ASSERT('x')],
    [0, 'unlock', ['x']],
    [0, 'lock', ['x']],
    [2, 'close'],
    [0, 'transact', ASSERT('x')],
  ],
  'steal chains, lost locks and waiters leaving': [
    [0, 'lock', ['q']],
    [1, 'lock', ['q']],
    [1, 'unlock', ['q']],
    [1, 'steal', ['q']],
    [2, 'steal', ['q']],
    [1, 'lock', ['q']],
    [1, 'transact', ASSERT('q')],
    [1, 'unlock', ['q']],
    [2, 'unlock', ['q']],
    [1, 'lock', ['q']],
    [1, 'close'],
    [0, 'steal', ['q']],
    [0, 'unlock', ['q']],
  ],
  'assert succeeds only for the owner; its errors live in the transact result': [
    [0, 'steal', ['y']],
    [0, 'transact', [NB, { op: 'assert', lock: 'y' }, { op: 'assert', lock: 'y' }]],
    [1, 'transact', [NB, { op: 'assert', lock: 'y' }, { op: 'insert', table: 'NB_Global', row: {} }]],
    [1, 'transact', [NB, { op: 'comment', comment: 'c' }, { op: 'assert', lock: 'y' }]],
    [0, 'transact', [NB, { op: 'assert', lock: 'bad name' }]],
    [0, 'transact', [NB, { op: 'assert', lock: 1 }]],
    [0, 'transact', [NB, { op: 'assert' }]],
    [0, 'close'],
    [1, 'transact', ASSERT('y')],
  ],
};

/** What each step produced: the reply, then the notifications every client had received. */
async function runScript(target: RpcTarget, steps: readonly Step[]): Promise<string[]> {
  const cs = await clients(target, 3);
  const n = new UuidNormalizer();
  const out: string[] = [];
  try {
    for (const [who, method, params] of steps) {
      const c = cs[who] as RpcClient;
      let reply: Json = null;
      if (method === 'close') await c.close();
      else reply = await call(c, method, params ?? []);
      const open = cs.filter((x) => !x.isClosed);
      const notes = await drainNotifications(open);
      out.push(n.text([who, method, params ?? null, reply, notes]));
    }
  } finally {
    await closeAll(cs);
  }
  return out;
}

describe('locks', () => {
  let ours: TestServer;
  beforeAll(async () => {
    ours = await startTestServer();
  });
  afterAll(async () => {
    await ours.close();
  });

  it('answers and notifies as ovsdb-server 3.1 did', async () => {
    const t = await runScript({ path: ours.unixPath }, SCRIPTS['a stolen lock comes back to a victim that waited with "lock"']!);
    const expected: Json[] = [
      [0, 'lock', ['x'], { result: { locked: true } }, [[], [], []]],
      [2, 'lock', ['x'], { result: { locked: false } }, [[], [], []]],
      [1, 'steal', ['x'], { result: { locked: true } }, [[['stolen', ['x']]], [], []]],
      [0, 'lock', ['x'], { error: { error: 'syntax error', details: 'must issue "unlock" before new "lock"', syntax: '["x"]' } }, [[], [], []]],
      [0, 'transact', ASSERT('x'), { result: [{ error: 'not owner', details: 'Asserted lock x not held.' }] }, [[], [], []]],
      [1, 'transact', ASSERT('x'), { result: [{}] }, [[], [], []]],
      [1, 'unlock', ['x'], { result: {} }, [[['locked', ['x']]], [], []]],
      [0, 'transact', ASSERT('x'), { result: [{}] }, [[], [], []]],
      [0, 'unlock', ['x'], { result: {} }, [[], [], [['locked', ['x']]]]],
      [0, 'lock', ['x'], { result: { locked: false } }, [[], [], []]],
      [2, 'close', null, null, [[['locked', ['x']]], []]],
      [0, 'transact', ASSERT('x'), { result: [{}] }, [[], []]],
    ];
    const n = new UuidNormalizer();
    expect(t).toEqual(expected.map((e) => n.text(e)));
  });

  it('refuses lock, steal and unlock on a read-only remote with ovsdb-server\'s message', async () => {
    const ro = await startTestServer({ extraRemotes: ['read-only:punix:$DIR/ro'] });
    try {
      const [c] = await clients({ path: `${ro.dir}/ro` }, 1);
      const refused = { error: 'lock and unlock methods not allowed, DB server is read only.' };
      expect(await call(c!, 'lock', ['x'])).toEqual(refused);
      expect(await call(c!, 'steal', ['x'])).toEqual(refused);
      expect(await call(c!, 'unlock', [])).toEqual(refused);
      await c!.close();
    } finally {
      await ro.close();
    }
  });

  describe('compared with ovsdb-server', () => {
    const ref = useOvsdbServer({ schemas: [NB_SCHEMA] });

    for (const [title, steps] of Object.entries(SCRIPTS)) {
      it(title, async (ctx) => {
        requireOvsTools(ctx);
        const theirs = await runScript({ path: ref().unixPath }, steps);
        const mine = await runScript({ path: ours.unixPath }, steps);
        expect(mine).toEqual(theirs);
      });
    }
  });
});
