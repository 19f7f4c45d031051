/**
 * The client library end to end, against ovsdb-server and ovsdb-ts alike: connections over tcp
 * and unix, every transaction operation with typed results, errors as values, RPC errors, locks,
 * and reconnection through a proxy that cuts connections.
 */
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import {
  OvsdbClient,
  OvsdbError,
  ConnectionError,
  ValueError,
  OVN_NORTHBOUND,
  cond,
  mut,
  namedUuid,
  unwrap,
} from '../../src/index.js';
import { SERVER_KINDS, useServer, bounded, eventually } from './support/servers.js';
import { startProxy, type Proxy } from './support/proxy.js';
import { need } from './support/need.js';

const NB = 'OVN_Northbound';

/** Delete every switch (ports go with them: they are not root rows). */
async function reset(client: OvsdbClient): Promise<void> {
  const nb = client.database(OVN_NORTHBOUND);
  unwrap(await nb.transact(nb.op.delete('Logical_Switch', []), nb.op.delete('DHCP_Options', [])));
}

describe.each(SERVER_KINDS)('client against %s', (kind) => {
  const server = useServer(kind);
  let client: OvsdbClient;
  const others: OvsdbClient[] = [];

  beforeEach(async (ctx) => {
    need(kind, ctx);
    client = await OvsdbClient.connect(server().tcp);
    await reset(client);
  });
  afterEach(async () => {
    await client?.close();
    for (const c of others.splice(0)) await c.close();
  });

  async function another(remote = server().tcp): Promise<OvsdbClient> {
    const c = await OvsdbClient.connect(remote);
    others.push(c);
    return c;
  }

  it('connects over tcp and unix: list_dbs, get_schema, echo', async () => {
    const overUnix = await another(server().unix);
    expect(await overUnix.listDbs()).toEqual([NB, '_Server']);
    expect(await client.listDbs()).toEqual([NB, '_Server']);
    const schema = await client.getSchema(NB);
    expect(schema.version).toBe('7.0.0');
    expect([...(schema.tables.get('Logical_Switch_Port')?.columns.keys() ?? [])]).toContain('parent_name');
    expect(await client.echo('ping', 1)).toEqual(['ping', 1]);
  });

  it('runs every operation with typed results and named uuids', async () => {
    const nb = client.database(OVN_NORTHBOUND);
    const { op } = nb;
    const created = await nb.transact(
      op.insert('Logical_Switch_Port', { name: 'vm1', addresses: ['00:00:00:00:00:01 10.0.0.1'] }, 'vm1'),
      op.insert('Logical_Switch_Port', { name: 'c1', parent_name: 'vm1', tag: 42, options: new Map([['a', '1']]) }, 'c1'),
      op.insert('Logical_Switch', { name: 'sw0', ports: [namedUuid('vm1'), namedUuid('c1')] }),
      op.select('Logical_Switch_Port', [cond.eq('_uuid', namedUuid('c1'))], ['name', 'parent_name', 'tag']),
      op.comment('client test'),
    );
    const [vm1, c1, sw0, selected, comment] = unwrap(created);
    expect(selected.rows).toEqual([{ name: 'c1', parent_name: 'vm1', tag: 42 }]);
    expect(comment).toEqual({});
    expect(sw0.uuid).toMatch(/^[0-9a-f-]{36}$/);

    const changed = unwrap(
      await nb.transact(
        op.update('Logical_Switch_Port', [cond.eq('name', 'c1')], { tag: 100, enabled: false }),
        op.mutate('Logical_Switch_Port', [cond.eq('_uuid', c1.uuid)], [
          mut.add('tag', 5),
          mut.insert('options', new Map([['b', '2']])),
          mut.delete('options', ['a']),
          mut.insert('addresses', ['dynamic']),
        ]),
        op.mutate('Logical_Switch', [cond.includes('ports', [vm1.uuid])], [mut.delete('ports', [vm1.uuid])]),
        op.wait('Logical_Switch_Port', [cond.eq('name', 'c1')], ['tag'], '==', [{ tag: 105 }], 0),
        op.select('Logical_Switch_Port', [cond.eq('name', 'c1')]),
        op.commit(false),
      ),
    );
    expect(changed.slice(0, 4)).toEqual([{ count: 1 }, { count: 1 }, { count: 1 }, {}]);
    const row = changed[4].rows[0];
    expect(row?.tag).toBe(105);
    expect(row?.enabled).toBe(false);
    expect(row?.options).toEqual(new Map([['b', '2']]));
    expect(row?.addresses).toEqual(['dynamic']);
    expect(row?.dhcpv4_options).toBeNull();
    expect(row?._uuid).toBe(c1.uuid);

    // vm1 left the switch and was garbage-collected at commit; deleting the switch takes c1.
    expect(unwrap(await nb.transact(op.select('Logical_Switch_Port', [], ['name'])))).toEqual([{ rows: [{ name: 'c1' }] }]);
    expect(unwrap(await nb.transact(op.delete('Logical_Switch', [cond.eq('name', 'sw0')])))).toEqual([{ count: 1 }]);
    expect(unwrap(await nb.transact(op.select('Logical_Switch_Port', [], ['name'])))).toEqual([{ rows: [] }]);
  });

  it('reports operation errors as values with the server tag, details and position', async () => {
    const nb = client.database(OVN_NORTHBOUND);
    const { op } = nb;
    unwrap(await nb.transact(op.insert('Logical_Switch', { name: 'sw0' })));

    const range = await nb.transact(op.comment('first'), op.update('Logical_Switch_Port', [], { tag: 5000 }));
    expect(range.ok).toBe(false);
    if (range.ok) return;
    expect([range.error.tag, range.error.details, range.index]).toEqual([
      'constraint violation',
      '5000 is not in the valid range 1 to 4095 (inclusive)',
      1,
    ]);
    expect(range.results[0]).toEqual({});

    const dangling = await nb.transact(op.insert('Logical_Switch', { name: 'sw1', ports: ['11111111-1111-1111-1111-111111111111'] }));
    expect(dangling.ok === false && [dangling.error.tag, dangling.index]).toEqual(['referential integrity violation', 1]);

    const untyped = client.database(NB);
    const unknown = await untyped.transact(untyped.op.insert('Logical_Switch', { name: 'x', nosuch: 1 }));
    expect(unknown.ok === false && [unknown.error.tag, unknown.error.details, unknown.error.syntax]).toEqual([
      'unknown column',
      'No column nosuch in table Logical_Switch.',
      '{"name":"x","nosuch":1}',
    ]);

    const aborted = await nb.transact(op.insert('Logical_Switch', { name: 'sw2' }), op.abort());
    expect(aborted.ok === false && [aborted.error.tag, aborted.index]).toEqual(['aborted', 1]);
    const notOwner = await nb.transact(op.assert('nolock'));
    expect(notOwner.ok === false && [notOwner.error.tag, notOwner.error.details]).toEqual(['not owner', 'Asserted lock nolock not held.']);
    const timedOut = await nb.transact(op.wait('Logical_Switch', [], ['name'], '==', [{ name: 'nope' }], 0));
    expect(timedOut.ok === false && timedOut.error.tag).toBe('timed out');
    expect(() => unwrap(timedOut)).toThrow(OvsdbError);
  });

  it('rejects with the server error for a refused request, and with ValueError before sending a bad value', async () => {
    const err = await client.database('Nope').transact().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OvsdbError);
    expect((err as OvsdbError).tag).toBe('unknown database');
    const method = await client.request('no_such_method', []).catch((e: unknown) => e);
    expect(method instanceof OvsdbError && method.tag).toBe('unknown method');
    const nb = client.database(OVN_NORTHBOUND);
    const bad = { tag: 'seven' } as unknown as { tag: number };
    await expect(nb.transact(nb.op.update('Logical_Switch_Port', [], bad))).rejects.toThrow(ValueError);
  });

  it('locks: lock, locked notification, steal, stolen, unlock', async () => {
    const other = await another();
    const events: string[] = [];
    client.on('locked', (l) => events.push(`a locked ${l}`));
    client.on('stolen', (l) => events.push(`a stolen ${l}`));
    other.on('locked', (l) => events.push(`b locked ${l}`));
    other.on('stolen', (l) => events.push(`b stolen ${l}`));
    expect(await client.lock('L')).toBe(true);
    expect(await other.lock('L')).toBe(false);
    const nb = client.database(OVN_NORTHBOUND);
    expect(unwrap(await nb.transact(nb.op.assert('L')))).toEqual([{}]);
    await client.unlock('L');
    await bounded(other.waitForLock('L'), 'b to get L');
    await client.steal('L');
    await eventually(() => events.includes('b stolen L'), 'b to be told stolen');
    // Notifications to two connections have no order between them: compare each client's own.
    expect(events.filter((e) => e.startsWith('a'))).toEqual(['a locked L', 'a locked L']);
    expect(events.filter((e) => e.startsWith('b'))).toEqual(['b locked L', 'b stolen L']);
    expect([client.hasLock('L'), other.hasLock('L')]).toEqual([true, false]);
  });

  describe('through a proxy that cuts connections', () => {
    let proxy: Proxy;
    beforeEach(async (ctx) => {
      need(kind, ctx);
      proxy = await startProxy(server().tcpPort);
    });
    afterEach(async () => {
      await proxy?.close();
    });

    it('reconnects with backoff, fails requests while disconnected, and asks again for wanted locks', async () => {
      const c = await OvsdbClient.connect(proxy.remote, { backoff: { minMs: 200, maxMs: 400 } });
      others.push(c);
      const seen: string[] = [];
      c.on('connected', () => seen.push('connected'));
      c.on('disconnected', () => seen.push('disconnected'));
      expect(await c.lock('R')).toBe(true);
      const disconnected = c.on('disconnected', () => {
        disconnected();
        void c.listDbs().catch((e: unknown) => seen.push(e instanceof ConnectionError ? e.reason : String(e)));
      });
      proxy.sever();
      await bounded(c.whenConnected().then(() => eventually(() => seen.includes('connected'), 'reconnection')), 'reconnection');
      expect(seen).toEqual(['disconnected', 'not connected', 'connected']);
      expect(await c.listDbs()).toEqual([NB, '_Server']);
      await eventually(() => c.hasLock('R'), 'the lock to be held again');
      expect(proxy.accepted()).toBe(2);
      expect(proxy.methods.filter((m) => m === 'lock')).toEqual(['lock', 'lock']);
    });

    it('fails a request in flight when the connection is cut', async () => {
      const c = await OvsdbClient.connect(proxy.remote, { reconnect: false });
      others.push(c);
      const nb = c.database(OVN_NORTHBOUND);
      // A wait that blocks until the switch exists: the reply can only come after the cut.
      const pending = nb.transact(nb.op.wait('Logical_Switch', [cond.eq('name', 'never')], ['name'], '==', [{ name: 'never' }]));
      await eventually(() => proxy.methods.includes('transact'), 'the transaction to reach the server');
      proxy.sever();
      const err = await pending.catch((e: unknown) => e);
      expect(err instanceof ConnectionError && err.reason).toBe('connection lost');
      expect(c.connected).toBe(false);
    });
  });
});

describe('connecting', () => {
  it('rejects with ConnectionError when no remote answers, naming each', async () => {
    const err = await OvsdbClient.connect('tcp:127.0.0.1:1,unix:/nonexistent/sock').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect(String(err)).toMatch(/tcp:127\.0\.0\.1:1: .*; unix:\/nonexistent\/sock: /);
  });
});
