/**
 * Smoke tests of the test support against the reference ovsdb-server: it starts, both remotes
 * answer, the client sees replies, notifications, echo probes and server-side closes.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ovsToolsSkipReason, requireOvsTools, startOvsdbServer, type OvsdbServer } from './ovsdb-server.js';
import { REPO_ROOT } from './ovsdb-ts.js';
import { RpcClient, withClient } from './rpc-client.js';

const NB = join(REPO_ROOT, 'schema', 'ovn-nb.ovsschema');
let server: OvsdbServer | undefined;

beforeAll(async () => {
  if (ovsToolsSkipReason() === null) server = await startOvsdbServer({ schemas: [NB] });
});

afterAll(async () => {
  const dir = server?.dir;
  await server?.stop();
  if (dir !== undefined) expect(existsSync(dir)).toBe(false);
});

function srv(): OvsdbServer {
  if (server === undefined) throw new Error('server not started');
  return server;
}

describe('ovsdb-server support', () => {
  it('answers on the unix socket and on the discovered TCP port', async (ctx) => {
    requireOvsTools(ctx);
    expect(srv().tcpPort).toBeGreaterThan(0);
    expect(srv().databases).toEqual(['OVN_Northbound']);
    for (const target of [{ path: srv().unixPath }, { port: srv().tcpPort }]) {
      const reply = await withClient(target, (c) => c.request('list_dbs', []));
      expect(reply.result).toEqual(['OVN_Northbound', '_Server']);
    }
  });

  it('runs ovs-appctl against the server', (ctx) => {
    requireOvsTools(ctx);
    expect(srv().appctl('ovsdb-server/list-dbs')).toContain('OVN_Northbound');
  });

  it('reports transact errors and results', async (ctx) => {
    requireOvsTools(ctx);
    await withClient({ path: srv().unixPath }, async (c) => {
      const bad = await c.request('transact', ['Nope']);
      expect(bad.error).toMatchObject({ error: 'unknown database' });
      const ok = await c.request('transact', ['OVN_Northbound', { op: 'select', table: 'NB_Global', where: [] }]);
      expect(ok.result).toEqual([{ rows: [] }]);
    });
  });

  it('collects monitor notifications', async (ctx) => {
    requireOvsTools(ctx);
    await withClient({ path: srv().unixPath }, async (c) => {
      await c.request('monitor', ['OVN_Northbound', 'm1', { Address_Set: { columns: ['name'] } }]);
      await c.request('transact', ['OVN_Northbound', { op: 'insert', table: 'Address_Set', row: { name: 'n1' } }]);
      const note = await c.nextNotification();
      expect(note['method']).toBe('update');
      expect(c.notifications).toHaveLength(1);
      await c.request('transact', ['OVN_Northbound', { op: 'delete', table: 'Address_Set', where: [] }]);
    });
  });

  it('sees the server close the connection on a malformed request', async (ctx) => {
    requireOvsTools(ctx);
    const c = await RpcClient.connect({ path: srv().unixPath });
    c.sendRaw('{"id":1,"method":"transact","params":{}}');
    expect(await c.waitClosed(3000)).toBe(true);
    await expect(c.request('list_dbs', [])).rejects.toThrow(/closed/);
  });

  it('exposes raw messages in arrival order', async (ctx) => {
    requireOvsTools(ctx);
    await withClient({ port: srv().tcpPort }, async (c) => {
      c.sendRaw('{"id":"a","method":"echo","params":[1]}{"id":"b","method":"echo","params":[2]}');
      expect(await c.nextMessage()).toEqual({ id: 'a', result: [1], error: null });
      expect(await c.nextMessage()).toEqual({ id: 'b', result: [2], error: null });
    });
  });

  it('times out a request that gets no reply', async (ctx) => {
    requireOvsTools(ctx);
    await withClient({ path: srv().unixPath }, async (c) => {
      // A notification-style echo gets no reply; a request with a long-blocking wait stands in.
      const pending = c.request(
        'transact',
        ['OVN_Northbound', { op: 'wait', table: 'NB_Global', where: [], columns: [], until: '!=', rows: [] }],
        200,
      );
      await expect(pending).rejects.toThrow(/timed out/);
    });
  });
});
