/**
 * set_db_change_aware (ovsdb-server(7) §4.1.18) as a request and as a notification, compared with
 * ovsdb-server: every message the client receives, in order.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import type { JsonObject } from '../../src/ovsdb/json.js';
import { encodeJson } from '../../src/wire/index.js';
import { UuidNormalizer } from '../support/normalize.js';
import { requireOvsTools, useOvsdbServer } from '../support/ovsdb-server.js';
import { RpcClient, type RpcTarget } from '../support/rpc-client.js';
import { startTestServer, NB_SCHEMA, type TestServer } from './harness.js';

const SENT: readonly JsonObject[] = [
  { id: 1, method: 'set_db_change_aware', params: [true] },
  { id: 2, method: 'set_db_change_aware', params: [false] },
  { id: 3, method: 'set_db_change_aware', params: [1] },
  { id: 4, method: 'set_db_change_aware', params: [] },
  { id: 5, method: 'set_db_change_aware', params: [true, false] },
  { id: 6, method: 'set_db_change_aware', params: ['true'] },
  { id: null, method: 'set_db_change_aware', params: [true] },
  { id: null, method: 'set_db_change_aware', params: [5] },
  { id: 7, method: 'echo', params: ['last'] },
];

/** Send everything, then read until the echo comes back: notifications must not be answered. */
async function transcript(target: RpcTarget): Promise<string[]> {
  const c = await RpcClient.connect(target);
  const n = new UuidNormalizer();
  try {
    for (const m of SENT) c.sendRaw(encodeJson(m));
    const got: string[] = [];
    for (;;) {
      const m = await c.nextMessage();
      got.push(n.text(m));
      if (m['id'] === 7) return got;
    }
  } finally {
    await c.close();
  }
}

describe('set_db_change_aware', () => {
  let ours: TestServer;
  const ref = useOvsdbServer({ schemas: [NB_SCHEMA] });
  beforeAll(async () => {
    ours = await startTestServer();
  });
  afterAll(async () => {
    await ours.close();
  });

  it('answers requests with {} or a syntax error, ignores notifications, and logs a bad one', async () => {
    const t = await transcript({ path: ours.unixPath });
    expect(t).toHaveLength(7);
    expect(JSON.parse(t[2]!)).toEqual({
      id: 3,
      error: { error: 'syntax error', details: 'set_db_change_aware: true or false parameter expected', syntax: '[1]' },
    });
    expect(ours.logs.some((l) => l.endsWith('received set_db_change_aware message with unexpected parameter 5'))).toBe(true);
  });

  it('behaves as ovsdb-server', async (ctx) => {
    requireOvsTools(ctx);
    expect(await transcript({ path: ours.unixPath })).toEqual(await transcript({ path: ref().unixPath }));
  });
});
