/**
 * Waiting transactions (RFC 7047 §5.2.6 wait with a timeout), cancel (§4.1.4), in-order
 * completion, duplicate ids and the pending limit, over real sockets. Where ovsdb-ts and
 * ovsdb-server are meant to agree, the same exchange runs against ovsdb-server and is compared.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { Json, JsonObject } from '../../src/ovsdb/json.js';
import { member } from '../../src/ovsdb/json.js';
import { encodeJson } from '../../src/wire/index.js';
import { UuidNormalizer } from '../support/normalize.js';
import { requireOvsTools, useOvsdbServer } from '../support/ovsdb-server.js';
import type { RpcClient, RpcTarget } from '../support/rpc-client.js';
import { triggerQueue } from '../../src/server/triggers.js';
import { startTestServer, clients, closeAll, call, drainNotifications, NB, NB_SCHEMA, type TestServer } from './harness.js';

const LONG_MS = 20_000;

function waitFor(name: string, timeout: number | null): JsonObject {
  const op: JsonObject = {
    op: 'wait',
    table: 'Logical_Switch',
    where: [['name', '==', name]],
    columns: ['name'],
    until: '==',
    rows: [{ name }],
  };
  if (timeout !== null) op['timeout'] = timeout;
  return op;
}
const insert = (name: string): Json => [NB, { op: 'insert', table: 'Logical_Switch', row: { name } }];
const txn = (...ops: Json[]): Json => [NB, ...ops];

function send(c: RpcClient, msg: JsonObject): void {
  c.sendRaw(encodeJson(msg));
}

/**
 * The next reply (not a notification) of a client used only through `send` (the message queue
 * also holds the replies to `call`, so a client is used one way or the other).
 */
async function nextReply(c: RpcClient): Promise<JsonObject> {
  for (;;) {
    const m = await c.nextMessage();
    if (member(m, 'method') === undefined || member(m, 'id') !== null) return m;
  }
}

/** Canonical text with UUIDs numbered and the elapsed milliseconds of a timed-out wait hidden. */
function canon(n: UuidNormalizer, v: Json): string {
  return n.text(v).replace(/timed out after \d+ ms/g, 'timed out after N ms');
}

let uniq = 0;
const fresh = (stem: string): string => `${stem}${++uniq}`;

/** Exchanges meant to give the same answers on both servers; each returns its transcript. */
const AGREED: Record<string, (target: RpcTarget) => Promise<Json[]>> = {
  'a blocked wait completes after another session commits what it waits for': async (target) => {
    const [a, b] = await clients(target, 2);
    const name = fresh('w');
    const waiting = call(a!, 'transact', txn(waitFor(name, LONG_MS), { op: 'comment', comment: 'waited' }));
    await call(a!, 'echo', []); // the wait has reached the server and blocked
    const unrelated = await call(b!, 'transact', insert(fresh('other')));
    const satisfying = await call(b!, 'transact', insert(name));
    const out = [unrelated, satisfying, await waiting];
    await closeAll([a!, b!]);
    return out;
  },
  'a wait that is never satisfied fails with "timed out" after its timeout': async (target) => {
    const [a] = await clients(target, 1);
    const out = [
      await call(a!, 'transact', txn(waitFor(fresh('never'), 100))),
      await call(a!, 'transact', txn(waitFor(fresh('never'), 0))),
      await call(a!, 'transact', txn({ op: 'comment', comment: 'x' }, waitFor(fresh('never'), 50), { op: 'abort' })),
    ];
    await a!.close();
    return out;
  },
  'the timeout of the wait that blocks counts, not that of an earlier wait that passed': async (target) => {
    const [a] = await clients(target, 1);
    const passes = { op: 'wait', table: 'Logical_Switch', where: [['name', '==', fresh('absent')]], until: '==', rows: [], timeout: 50 };
    const out = [await call(a!, 'transact', txn(passes, waitFor(fresh('never'), 250)))];
    await a!.close();
    return out;
  },
  'cancel answers a blocked wait with "canceled" (change-aware session)': async (target) => {
    const [a] = await clients(target, 1);
    send(a!, { id: 0, method: 'set_db_change_aware', params: [true] });
    const out: Json[] = [await nextReply(a!)];
    send(a!, { id: 'w1', method: 'transact', params: txn(waitFor(fresh('c'), LONG_MS)) });
    send(a!, { id: null, method: 'cancel', params: ['w1'] });
    out.push(await nextReply(a!));
    send(a!, { id: null, method: 'cancel', params: ['no such id'] });
    send(a!, { id: 'e', method: 'echo', params: ['after'] });
    out.push(await nextReply(a!));
    await a!.close();
    return out;
  },
  'a transact reusing the id of a pending one is refused': async (target) => {
    const [a] = await clients(target, 1);
    send(a!, { id: 0, method: 'set_db_change_aware', params: [true] });
    const aware = await nextReply(a!);
    send(a!, { id: 7, method: 'transact', params: txn(waitFor(fresh('d'), LONG_MS)) });
    send(a!, { id: 7, method: 'transact', params: txn({ op: 'comment', comment: 'dup' }) });
    const dup = await nextReply(a!);
    send(a!, { id: null, method: 'cancel', params: [7] });
    const canceled = await nextReply(a!);
    await a!.close();
    return [aware, dup, canceled];
  },
  '"cancel" sent as a request is an unknown method': async (target) => {
    const [a] = await clients(target, 1);
    const out = await call(a!, 'cancel', [1]);
    await a!.close();
    return [out];
  },
  'a session closing with a lock and a blocked transaction hands the lock on': async (target) => {
    const [a, b] = await clients(target, 2);
    const name = fresh('gone');
    const out: Json[] = [await call(a!, 'lock', ['held']), await call(b!, 'lock', ['held'])];
    send(a!, { id: 'w', method: 'transact', params: txn({ op: 'assert', lock: 'held' }, waitFor(name, LONG_MS)) });
    await call(a!, 'echo', []);
    await a!.close();
    out.push(...(await drainNotifications([b!])));
    out.push(await call(b!, 'transact', txn({ op: 'assert', lock: 'held' }, { op: 'insert', table: 'Logical_Switch', row: { name } })));
    out.push(await call(b!, 'transact', txn(waitFor(name, 0))));
    await b!.close();
    return out;
  },
};

describe('waiting transactions', () => {
  let ours: TestServer;
  beforeAll(async () => {
    ours = await startTestServer({ maxPendingRequests: 3 });
  });
  afterAll(async () => {
    await ours.close();
  });

  it('blocks on a wait, then completes when another session commits the awaited row', async () => {
    const n = new UuidNormalizer();
    const t = await AGREED['a blocked wait completes after another session commits what it waits for']!({ path: ours.unixPath });
    const expected: Json[] = [{ result: [{ uuid: ['uuid', '<0>'] }] }, { result: [{ uuid: ['uuid', '<1>'] }] }, { result: [{}, {}] }];
    expect(t.map((v) => canon(n, v))).toEqual(expected.map((v) => new UuidNormalizer().text(v)));
  });

  it('completes a session\'s transactions in order: a later one waits behind a blocked one', async () => {
    const [a, b] = await clients({ path: ours.unixPath }, 2);
    const name = fresh('order');
    send(a!, { id: 1, method: 'transact', params: txn(waitFor(name, LONG_MS)) });
    send(a!, { id: 2, method: 'transact', params: txn({ op: 'comment', comment: 'second' }) });
    send(a!, { id: 3, method: 'echo', params: [] });
    expect(await nextReply(a!)).toMatchObject({ id: 3 }); // other methods are not held up
    await call(b!, 'transact', insert(name));
    expect(await nextReply(a!)).toMatchObject({ id: 1, result: [{}] });
    expect(await nextReply(a!)).toMatchObject({ id: 2, result: [{}] });
    await closeAll([a!, b!]);
  });

  it('answers cancel with "canceled" also on a session that is not change-aware', async () => {
    const [a] = await clients({ path: ours.unixPath }, 1);
    send(a!, { id: 'w', method: 'transact', params: txn(waitFor(fresh('nc'), LONG_MS)) });
    send(a!, { id: 'x', method: 'transact', params: insert(fresh('after-cancel')) });
    send(a!, { id: null, method: 'cancel', params: ['w'] });
    expect(await nextReply(a!)).toEqual({ id: 'w', error: 'canceled' });
    expect(await nextReply(a!)).toMatchObject({ id: 'x', result: [{ uuid: ['uuid', expect.any(String)] }] });
    await a!.close();
  });

  it('refuses transactions beyond the session\'s pending limit, with a log line', async () => {
    const [a] = await clients({ path: ours.unixPath }, 1);
    for (const id of [1, 2, 3]) send(a!, { id, method: 'transact', params: txn(waitFor(fresh('p'), LONG_MS)) });
    send(a!, { id: 4, method: 'transact', params: txn({ op: 'comment', comment: 'too many' }) });
    expect(await nextReply(a!)).toEqual({
      id: 4,
      error: { error: 'resources exhausted', details: 'too many pending transactions on this session (limit 3)' },
    });
    expect(ours.logs.some((l) => l.includes('refusing transaction: 3 already pending'))).toBe(true);
    await a!.close();
  });

  it('forgets the blocked transaction of a session that closed', async () => {
    const [a] = await clients({ path: ours.unixPath }, 1);
    const queue = triggerQueue(ours.server);
    send(a!, { id: 'w', method: 'transact', params: txn(waitFor(fresh('closing'), LONG_MS)) });
    send(a!, { id: 'e', method: 'echo', params: [] });
    await nextReply(a!);
    expect(queue.pendingTotal).toBe(1);
    await a!.close();
    expect(queue.pendingTotal).toBe(0);
  });

  describe('compared with ovsdb-server', () => {
    const ref = useOvsdbServer({ schemas: [NB_SCHEMA] });

    for (const [title, run] of Object.entries(AGREED)) {
      it(title, async (ctx) => {
        requireOvsTools(ctx);
        const n1 = new UuidNormalizer();
        const n2 = new UuidNormalizer();
        const theirs = (await run({ path: ref().unixPath })).map((v) => canon(n1, v));
        const mine = (await run({ path: ours.unixPath })).map((v) => canon(n2, v));
        expect(mine).toEqual(theirs);
      });
    }
  });
});
