/**
 * Replicas end to end, against ovsdb-server and ovsdb-ts alike: initial sync, typed change
 * events, column selection and conditions, a copy that always equals what a select returns,
 * resumption after a cut connection (only the changes reported), the fallback to monitor_cond
 * and monitor on a server that refuses the newer methods (through a proxy), and close.
 */
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import {
  OvsdbClient,
  OvsdbError,
  OVN_NORTHBOUND,
  cond,
  mut,
  namedUuid,
  unwrap,
  type Database,
  type OvnNorthbound,
  type MonitorMethod,
} from '../../src/index.js';
import { NB_SCHEMA, SERVER_KINDS, useServer, bounded, eventually } from './support/servers.js';
import { startProxy, type Proxy } from './support/proxy.js';
import { need } from './support/need.js';
import { startClusteredOvsdbServer } from './support/clustered.js';
import { findTool, requireOvsTools } from '../support/ovsdb-server.js';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';

const PORT_COLUMNS = ['name', 'parent_name', 'tag', 'addresses', 'options', 'enabled', 'dhcpv4_options'] as const;

/** Compact change descriptions: "insert LSP c1", "update LSP c1 tag 42→43". */
type Described = string;

describe.each(SERVER_KINDS)('replica against %s', (kind) => {
  const server = useServer(kind);
  let client: OvsdbClient;
  let nb: Database<OvnNorthbound>;
  const cleanup: (() => Promise<void>)[] = [];

  beforeEach(async (ctx) => {
    need(kind, ctx);
    client = await OvsdbClient.connect(server().tcp);
    nb = client.database(OVN_NORTHBOUND);
    unwrap(await nb.transact(nb.op.delete('Logical_Switch', []), nb.op.delete('DHCP_Options', [])));
  });
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
    await client?.close();
  });

  /** A client whose reconnection waits `backoffMs`: long enough for a test to change things meanwhile. */
  async function connect(remote: string, backoffMs = 20): Promise<OvsdbClient> {
    const c = await OvsdbClient.connect(remote, { backoff: { minMs: backoffMs, maxMs: backoffMs, jitter: 0 } });
    cleanup.push(() => c.close());
    return c;
  }

  /** A switch with a VM port and a container port inside it (parent vm1, tag 42). */
  async function containerInVm(): Promise<void> {
    const { op } = nb;
    unwrap(
      await nb.transact(
        op.insert('Logical_Switch_Port', { name: 'vm1' }, 'vm1'),
        op.insert('Logical_Switch_Port', { name: 'c1', parent_name: 'vm1', tag: 42 }, 'c1'),
        op.insert('Logical_Switch', { name: 'sw0', ports: [namedUuid('vm1'), namedUuid('c1')] }),
      ),
    );
  }

  function describeChanges(replica: ReturnType<typeof watchPorts>['replica']): Described[] {
    const seen: Described[] = [];
    replica.on('change', (c) => {
      if (c.table !== 'Logical_Switch_Port') return;
      if (c.kind === 'insert') seen.push(`insert ${c.row.name} tag=${String(c.row.tag)}`);
      else if (c.kind === 'delete') seen.push(`delete ${c.old.name}`);
      else seen.push(`update ${c.new.name} tag ${String(c.old.tag)}→${String(c.new.tag)}`);
    });
    return seen;
  }

  function watchPorts(db: Database<OvnNorthbound>, method?: MonitorMethod) {
    const replica = db.replicate({ Logical_Switch_Port: PORT_COLUMNS, Logical_Switch: ['name', 'ports'] }, method === undefined ? {} : { method });
    cleanup.push(() => replica.close());
    return { replica };
  }

  async function selectPorts(): Promise<Map<string, unknown>> {
    const [r] = unwrap(await nb.transact(nb.op.select('Logical_Switch_Port', [], ['_uuid', ...PORT_COLUMNS])));
    return new Map(r.rows.map((row) => [row._uuid, row]));
  }

  it('syncs existing rows, then reports inserts, updates with old and new, and deletes', async () => {
    await containerInVm();
    const { replica } = watchPorts(nb);
    const seen = describeChanges(replica);
    const batches: number[] = [];
    replica.on('update', (changes) => batches.push(changes.length));
    const info = await bounded(replica.whenSynced(), 'sync');
    expect([info.rows, info.changes]).toEqual([3, 3]);
    const ports = [...replica.rows('Logical_Switch_Port').values()];
    const c1 = ports.find((p) => p.name === 'c1');
    expect(c1 && [c1.parent_name, c1.tag, c1.addresses, c1.options, c1.dhcpv4_options]).toEqual(['vm1', 42, [], new Map(), null]);
    expect(replica.get('Logical_Switch_Port', c1?._uuid ?? '')).toBe(c1);
    const sw0 = [...replica.rows('Logical_Switch').values()][0];
    expect(new Set(sw0?.ports)).toEqual(new Set(ports.map((p) => p._uuid)));

    const { op } = nb;
    unwrap(await nb.transact(op.update('Logical_Switch_Port', [cond.eq('name', 'c1')], { tag: 43 })));
    unwrap(await nb.transact(op.mutate('Logical_Switch', [cond.eq('name', 'sw0')], [mut.delete('ports', [c1?._uuid ?? ''])])));
    await eventually(() => seen.length === 4, 'four port changes');
    expect(seen.slice(0, 2).sort()).toEqual(['insert c1 tag=42', 'insert vm1 tag=null']);
    expect(seen.slice(2)).toEqual(['update c1 tag 42→43', 'delete c1']);
    expect(batches).toEqual([3, 1, 2]);
    expect(replica.get('Logical_Switch_Port', c1?._uuid ?? '')).toBeUndefined();
  });

  it('keeps a copy equal to a select after every kind of change', async () => {
    await containerInVm();
    const { replica } = watchPorts(nb);
    await bounded(replica.whenSynced(), 'sync');
    const { op } = nb;
    const steps = [
      [op.update('Logical_Switch_Port', [cond.eq('name', 'c1')], { addresses: ['a', 'b'], options: new Map([['x', '1'], ['y', '2']]), enabled: true })],
      [op.update('Logical_Switch_Port', [cond.eq('name', 'c1')], { addresses: ['b', 'c'], options: new Map([['x', '1'], ['y', '3'], ['z', '4']]) })],
      [op.mutate('Logical_Switch_Port', [cond.eq('name', 'c1')], [mut.delete('options', ['x']), mut.insert('addresses', ['d']), mut.add('tag', 1)])],
      [op.update('Logical_Switch_Port', [cond.eq('name', 'c1')], { tag: null, enabled: null, options: new Map(), parent_name: null })],
      [
        op.insert('DHCP_Options', { cidr: '10.0.0.0/24' }, 'd'),
        op.update('Logical_Switch_Port', [cond.eq('name', 'vm1')], { dhcpv4_options: namedUuid('d'), addresses: ['dynamic'] }),
      ],
      // The weak reference to the deleted row disappears from vm1.
      [op.delete('DHCP_Options', [])],
    ];
    let applied = 0;
    replica.on('update', () => applied++);
    for (const [i, step] of steps.entries()) {
      unwrap(await nb.transact(...step));
      await eventually(() => applied >= i + 1, `update ${i}`);
      const copy = new Map([...replica.rows('Logical_Switch_Port')].map(([u, r]) => [u, { ...r }]));
      expect(copy, `after step ${i}`).toEqual(await selectPorts());
    }
  });

  it('copies only the rows matching a condition, and reports rows entering and leaving it', async () => {
    await containerInVm();
    const replica = nb.replicate({ Logical_Switch_Port: { columns: ['name', 'tag'], where: [cond.eq('tag', 42)] } });
    cleanup.push(() => replica.close());
    const seen = describeChanges(replica as never);
    await bounded(replica.whenSynced(), 'sync');
    expect([...replica.rows('Logical_Switch_Port').values()].map((r) => r.name)).toEqual(['c1']);
    const { op } = nb;
    unwrap(await nb.transact(op.update('Logical_Switch_Port', [cond.eq('name', 'c1')], { tag: 7 })));
    unwrap(await nb.transact(op.update('Logical_Switch_Port', [cond.eq('name', 'vm1')], { tag: 42 })));
    await eventually(() => seen.length === 3, 'three changes');
    expect(seen).toEqual(['insert c1 tag=42', 'delete c1', 'insert vm1 tag=42']);
  });

  it('changes a condition in place (monitor_cond_change): rows leave and enter the copy, reported', async () => {
    await containerInVm();
    const replica = nb.replicate({ Logical_Switch_Port: { columns: ['name', 'tag'], where: [cond.eq('tag', 42)] }, Logical_Switch: ['name'] });
    cleanup.push(() => replica.close());
    const seen = describeChanges(replica as never);
    await bounded(replica.whenSynced(), 'sync');
    const names = (): string[] => [...replica.rows('Logical_Switch_Port').values()].map((r) => r.name).sort();
    expect(names()).toEqual(['c1']);
    seen.length = 0;
    await bounded(replica.setWhere('Logical_Switch_Port', [cond.eq('name', 'vm1')]), 'first change');
    // The server sends the difference before its reply: the copy is current when setWhere resolves.
    expect(names()).toEqual(['vm1']);
    expect(seen.sort()).toEqual(['delete c1', 'insert vm1 tag=null']);
    seen.length = 0;
    await bounded(replica.setWhere('Logical_Switch_Port', null), 'second change');
    expect(names()).toEqual(['c1', 'vm1']);
    expect(seen).toEqual(['insert c1 tag=42']);
    // Later commits arrive under the new condition, on the same monitor.
    unwrap(await nb.transact(nb.op.update('Logical_Switch_Port', [cond.eq('name', 'c1')], { tag: 43 })));
    await eventually(() => seen.length === 2, 'the update');
    expect(seen[1]).toBe('update c1 tag 42→43');
    expect(replica.method).toBe('monitor_cond_since');
  });

  it('takes a condition change made before its first sync into that sync', async () => {
    await containerInVm();
    const replica = nb.replicate({ Logical_Switch_Port: { columns: ['name'], where: [cond.eq('name', 'c1')] } });
    cleanup.push(() => replica.close());
    await bounded(replica.setWhere('Logical_Switch_Port', [cond.eq('name', 'vm1')]), 'change before sync');
    expect(replica.synced).toBe(true);
    expect([...replica.rows('Logical_Switch_Port').values()].map((r) => r.name)).toEqual(['vm1']);
  });

  it('refuses a condition change for a table it does not copy, or one the server rejects, keeping the old one', async () => {
    await containerInVm();
    const replica = nb.replicate({ Logical_Switch_Port: { columns: ['name'], where: [cond.eq('name', 'c1')] } });
    cleanup.push(() => replica.close());
    await bounded(replica.whenSynced(), 'sync');
    await expect(replica.setWhere('Logical_Switch' as never, null)).rejects.toThrow(/not replicated/);
    // Accepted by the client's encoder, refused by the server ("<" is not defined on strings).
    await expect(replica.setWhere('Logical_Switch_Port', [['name', '<', 'x'] as never])).rejects.toBeInstanceOf(OvsdbError);
    unwrap(await nb.transact(nb.op.update('Logical_Switch_Port', [cond.eq('name', 'vm1')], { tag: 5 })));
    expect([...replica.rows('Logical_Switch_Port').values()].map((r) => r.name)).toEqual(['c1']);
    // The old condition still holds on the server: a later reconnection or change shows no vm1.
    await bounded(replica.setWhere('Logical_Switch_Port', [cond.eq('name', 'c1')]), 'same condition again');
    expect([...replica.rows('Logical_Switch_Port').values()].map((r) => r.name)).toEqual(['c1']);
  });

  describe('through a proxy', () => {
    let proxy: Proxy;
    beforeEach(async (ctx) => {
      need(kind, ctx);
      proxy = await startProxy(server().tcpPort);
      cleanup.push(() => proxy.close());
    });

    it('resumes after a cut connection and reports only what changed meanwhile', async () => {
      await containerInVm();
      const viaProxy = await connect(proxy.remote, 1000);
      const { replica } = watchPorts(viaProxy.database(OVN_NORTHBOUND));
      await bounded(replica.whenSynced(), 'first sync');
      const seen = describeChanges(replica);
      proxy.sever();
      await eventually(() => !replica.synced, 'the replica to notice');
      const { op } = nb;
      unwrap(await nb.transact(op.update('Logical_Switch_Port', [cond.eq('name', 'c1')], { tag: 44 })));
      unwrap(await nb.transact(op.mutate('Logical_Switch', [cond.eq('name', 'sw0')], [mut.insert('ports', [namedUuid('c2')])]), op.insert('Logical_Switch_Port', { name: 'c2', parent_name: 'vm1', tag: 45 }, 'c2')));
      expect(viaProxy.connected).toBe(false);
      const info = await bounded(replica.whenSynced(), 'resync');
      expect(seen.sort()).toEqual(['insert c2 tag=45', 'update c1 tag 42→44']);
      // Both changes count; ovsdb-ts keeps the history, standalone ovsdb-server sends everything.
      expect([info.method, info.changes, info.rows]).toEqual(['monitor_cond_since', 3, 4]);
      expect(info.resumed).toBe(kind === 'ovsdb-ts');
      expect(proxy.methods.filter((m) => m.startsWith('monitor'))).toEqual(['monitor_cond_since', 'monitor_cond_since']);
      const copy = new Map([...replica.rows('Logical_Switch_Port')].map(([u, r]) => [u, { ...r }]));
      expect(copy).toEqual(await selectPorts());
    });

    it.each([
      [['monitor_cond_since'], 'monitor_cond'],
      [['monitor_cond_since', 'monitor_cond'], 'monitor'],
    ] as const)('falls back when the server refuses %j: uses %s, with the same events', async (refused, expected) => {
      for (const m of refused) proxy.refuse.add(m);
      await containerInVm();
      const viaProxy = await connect(proxy.remote);
      const { replica } = watchPorts(viaProxy.database(OVN_NORTHBOUND));
      const seen = describeChanges(replica);
      const info = await bounded(replica.whenSynced(), 'sync');
      expect([info.method, info.resumed, info.rows]).toEqual([expected, false, 3]);
      const { op } = nb;
      unwrap(await nb.transact(op.update('Logical_Switch_Port', [cond.eq('name', 'c1')], { tag: 9 })));
      unwrap(await nb.transact(op.mutate('Logical_Switch', [], [mut.delete('ports', [(await portUuid('c1'))])])));
      await eventually(() => seen.length === 4, 'four changes');
      expect(seen.slice(2)).toEqual(['update c1 tag 42→9', 'delete c1']);
      proxy.sever();
      await eventually(() => !replica.synced, 'the replica to notice');
      await bounded(replica.whenSynced(), 'resync');
      // The method that worked is remembered: the refused ones are not asked again.
      const asked = proxy.methods.filter((m) => m.startsWith('monitor'));
      expect(asked).toEqual([...refused, expected, expected]);
    });

    it('fails with "not supported" when conditions are asked of a server with only monitor', async () => {
      proxy.refuse.add('monitor_cond_since');
      proxy.refuse.add('monitor_cond');
      const viaProxy = await connect(proxy.remote);
      const replica = viaProxy.database(OVN_NORTHBOUND).replicate({ Logical_Switch_Port: { where: [cond.eq('tag', 1)] } });
      cleanup.push(() => replica.close());
      const err = await replica.whenSynced().catch((e: unknown) => e);
      expect(err instanceof OvsdbError && err.tag).toBe('not supported');
    });
  });

  async function portUuid(name: string): Promise<string> {
    const [r] = unwrap(await nb.transact(nb.op.select('Logical_Switch_Port', [cond.eq('name', name)], ['_uuid'])));
    return r.rows[0]?._uuid ?? '';
  }

  it('rejects whenSynced with the server error for an unknown table, and stops after close', async () => {
    const bad = client.database('OVN_Northbound').replicate({ No_Such_Table: true });
    const err = await bad.whenSynced().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OvsdbError);
    await bad.close();
    const { replica } = watchPorts(nb);
    await bounded(replica.whenSynced(), 'sync');
    const seen = describeChanges(replica);
    await replica.close();
    await containerInVm();
    const [r] = unwrap(await nb.transact(nb.op.select('Logical_Switch_Port', [], ['name'])));
    expect(r.rows).toHaveLength(2);
    expect(seen).toEqual([]);
  });
});

describe('replica across a schema conversion (ovsdb-server)', () => {
  const server = useServer('ovsdb-server');

  it('decodes with the new schema after the server cancels its monitor for a conversion', async (ctx) => {
    need('ovsdb-server', ctx);
    const client = await OvsdbClient.connect(server().tcp);
    try {
      const nb = client.database(OVN_NORTHBOUND);
      unwrap(await nb.transact(nb.op.insert('Logical_Switch', { name: 'before' })));
      const replica = nb.replicate({ Logical_Switch: true });
      await bounded(replica.whenSynced(), 'first sync');
      // The same schema with one more column in Logical_Switch.
      const schema = JSON.parse(readFileSync(NB_SCHEMA, 'utf8')) as { tables: Record<string, { columns: Record<string, unknown> }> };
      schema.tables['Logical_Switch']!.columns['extra'] = { type: { key: 'string', min: 0, max: 1 } };
      const dir = mkdtempSync(join(tmpdir(), 'convert-'));
      try {
        writeFileSync(join(dir, 'new.ovsschema'), JSON.stringify(schema));
        const r = spawnSync(findTool('ovsdb-client')!, ['convert', server().tcp, join(dir, 'new.ovsschema')], { encoding: 'utf8', timeout: 10_000 });
        expect(r.status, r.stderr).toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      await eventually(() => [...replica.rows('Logical_Switch').values()].some((row) => 'extra' in row), 'rows decoded with the new column');
      const row = [...replica.rows('Logical_Switch').values()].find((x) => (x as { name: string }).name === 'before') as Record<string, unknown>;
      expect(row['extra']).toBeNull();
      await replica.close();
    } finally {
      await client.close();
    }
  });
});

describe('replica against a clustered ovsdb-server', () => {
  it('resumes from the transaction history: only the change made while disconnected is sent', async (ctx) => {
    requireOvsTools(ctx);
    const server = await startClusteredOvsdbServer();
    const writer = await OvsdbClient.connect(server.unix);
    const reader = await OvsdbClient.connect(server.unix, { backoff: { minMs: 1000, maxMs: 1000, jitter: 0 } });
    try {
      const nb = writer.database(OVN_NORTHBOUND);
      // Several transactions, so that the server's history (bounded by the database's size) keeps the recent ones.
      for (let s = 0; s < 10; s++) {
        unwrap(await nb.transact(nb.op.insert('Logical_Switch_Port', { name: `p${s}`, tag: 1 }, 'p'), nb.op.insert('Logical_Switch', { name: `s${s}`, ports: [namedUuid('p')] })));
      }
      const replica = reader.database(OVN_NORTHBOUND).replicate({ Logical_Switch_Port: ['name', 'tag'] });
      const first = await bounded(replica.whenSynced(), 'first sync');
      expect([first.resumed, first.rows]).toEqual([false, 10]);
      const seen: string[] = [];
      replica.on('change', (c) => seen.push(c.kind === 'update' ? `update ${c.new.name} ${String(c.old.tag)}→${String(c.new.tag)}` : c.kind));
      const disconnected = new Promise((resolve) => reader.on('disconnected', resolve));
      reader.reconnect();
      await disconnected;
      unwrap(await nb.transact(nb.op.update('Logical_Switch_Port', [cond.eq('name', 'p3')], { tag: 2 })));
      expect(reader.connected).toBe(false);
      await eventually(() => reader.connected, 'reconnection');
      const info = await bounded(replica.whenSynced(), 'resync');
      expect([info.resumed, info.changes, info.rows]).toEqual([true, 1, 10]);
      expect(info.txnId).not.toBe(first.txnId);
      expect(seen).toEqual(['update p3 1→2']);
      await replica.close();
    } finally {
      await reader.close();
      await writer.close();
      await server.stop();
    }
  });
});
