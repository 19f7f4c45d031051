/**
 * Read-only remotes: ovsdb-ts's `read-only:` remote against ovsdb-server's, whose read-only
 * remote is a `Connection` row with read_only=true named by `--remote=db:OVN_Southbound,SB_Global,connections`.
 * The same requests go to both; the replies must agree.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Json } from '../../src/ovsdb/json.js';
import { UuidNormalizer } from '../support/normalize.js';
import { pollUntil } from '../support/process.js';
import { requireOvsTools, startOvsdbServer, hasOvsTools, type OvsdbServer } from '../support/ovsdb-server.js';
import { withClient, type RpcTarget } from '../support/rpc-client.js';
import { startTestServer, call, SB_SCHEMA, type TestServer } from './harness.js';

const SB = 'OVN_Southbound';
const all: Json = [];

const REQUESTS: readonly [string, Json][] = [
  ['lock', ['x']],
  ['steal', ['x']],
  ['unlock', ['x']],
  ['lock', []],
  ['transact', [SB, { op: 'insert', table: 'Chassis', row: { name: 'a' } }]],
  ['transact', [SB, { op: 'select', table: 'Chassis', where: all }]],
  ['transact', [SB, { op: 'select', table: 'Chassis', where: all }, { op: 'update', table: 'Chassis', where: all, row: { name: 'b' } }]],
  ['transact', [SB, { op: 'mutate', table: 'Chassis', where: all, mutations: [] }]],
  ['transact', [SB, { op: 'delete', table: 'Chassis', where: all }]],
  [
    'transact',
    [
      SB,
      { op: 'wait', table: 'Chassis', where: all, until: '==', rows: [], timeout: 0 },
      { op: 'comment', comment: 'x' },
      { op: 'assert', lock: 'x' },
      { op: 'commit', durable: false },
      { op: 'abort' },
    ],
  ],
  ['set_db_change_aware', [true]],
];

async function replies(target: RpcTarget): Promise<string[]> {
  const n = new UuidNormalizer();
  return withClient(target, async (c) => {
    const out: string[] = [];
    for (const [method, params] of REQUESTS) out.push(n.text([method, await call(c, method, params)]));
    return out;
  });
}

describe('read-only remotes', () => {
  let ours: TestServer;
  beforeAll(async () => {
    ours = await startTestServer({ schemas: [SB_SCHEMA], extraRemotes: ['read-only:punix:$DIR/ro'] });
  });
  afterAll(async () => {
    await ours.close();
  });

  it('refuses writes and locks but reads', async () => {
    const r = await replies({ path: join(ours.dir, 'ro') });
    expect(r[0]).toBe(new UuidNormalizer().text(['lock', { error: 'lock and unlock methods not allowed, DB server is read only.' }]));
    expect(r[4]).toContain('insert operation not allowed when database server is in read only mode');
    expect(r[5]).toBe(new UuidNormalizer().text(['transact', { result: [{ rows: [] }] }]));
    // The same requests on a read-write remote of the same server do write.
    const rw = await replies({ path: ours.unixPath });
    expect(rw[0]).toBe(new UuidNormalizer().text(['lock', { result: { locked: true } }]));
  });

  describe('compared with ovsdb-server', () => {
    let ref: OvsdbServer | null = null;
    beforeAll(async () => {
      if (!hasOvsTools()) return;
      ref = await startOvsdbServer({ schemas: [SB_SCHEMA], extraArgs: ['--remote=db:OVN_Southbound,SB_Global,connections'] });
      const target = `punix:${join(ref.dir, 'ro')}`;
      await withClient({ path: ref.unixPath }, async (c) => {
        const r = await call(c, 'transact', [
          SB,
          { op: 'insert', table: 'Connection', row: { target, read_only: true }, 'uuid-name': 'c' },
          { op: 'insert', table: 'SB_Global', row: { connections: ['named-uuid', 'c'] } },
        ]);
        if ('error' in r) throw new Error(`configuring the read-only remote failed: ${JSON.stringify(r)}`);
      });
      await pollUntil(() => existsSync(join(ref!.dir, 'ro')), 10_000, 'the read-only socket of ovsdb-server');
    });
    afterAll(async () => {
      await ref?.stop();
    });

    it('answers every request as ovsdb-server does on its read-only remote', async (ctx) => {
      requireOvsTools(ctx);
      const theirs = await replies({ path: join(ref!.dir, 'ro') });
      const mine = await replies({ path: join(ours.dir, 'ro') });
      expect(mine).toEqual(theirs);
    });
  });
});
