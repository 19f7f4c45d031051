/**
 * Monitors against ovsdb-server: the same monitors and transactions on both servers, the
 * normalised notifications and replies compared line by line (transcript.ts). The one intended
 * difference, the last-txn-id of update3/monitor_cond_since, is masked there; ovsdb-ts's history
 * (found: true) is tested in clients.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { requireOvsTools, ovsToolsSkipReason, startOvsdbServer, type OvsdbServer } from '../support/ovsdb-server.js';
import { startOvsdbTs, type OvsdbTs } from '../support/ovsdb-ts.js';
import { RpcClient, type RpcTarget } from '../support/rpc-client.js';
import { MONITOR_CASES } from './differential-cases.js';
import { runCase } from './transcript.js';
import { readFileSync } from 'node:fs';

const NB_SCHEMA = fileURLToPath(new URL('../../schema/ovn-nb.ovsschema', import.meta.url));
const NB_TABLES = Object.keys((JSON.parse(readFileSync(NB_SCHEMA, 'utf8')) as { tables: object }).tables);

let ref: OvsdbServer | undefined;
let ours: OvsdbTs | undefined;

beforeAll(async () => {
  if (ovsToolsSkipReason() !== null) return;
  [ref, ours] = await Promise.all([startOvsdbServer({ schemas: [NB_SCHEMA] }), startOvsdbTs({ schemas: [NB_SCHEMA] })]);
});

afterAll(async () => {
  await Promise.all([ref?.stop(), ours?.stop()]);
});

async function wipe(target: RpcTarget): Promise<void> {
  const c = await RpcClient.connect(target);
  try {
    const r = await c.request('transact', ['OVN_Northbound', ...NB_TABLES.map((table) => ({ op: 'delete', table, where: [] }))]);
    if (r.error !== undefined) throw new Error(`cleanup failed: ${JSON.stringify(r.error)}`);
  } finally {
    await c.close();
  }
}

describe('monitors: ovsdb-ts vs ovsdb-server', () => {
  for (const c of MONITOR_CASES) {
    it(c.name, async (ctx) => {
      requireOvsTools(ctx);
      const refTarget = { path: ref!.unixPath };
      const ourTarget = { port: ours!.tcpPort };
      const expected = await runCase(refTarget, c);
      const actual = await runCase(ourTarget, c);
      await Promise.all([wipe(refTarget), wipe(ourTarget)]);
      expect(actual.join('\n')).toBe(expected.join('\n'));
    });
  }
});
