/**
 * Real clients against ovsdb-ts, each compared with the same client against ovsdb-server:
 * ovn-nbctl (which bootstraps through the _Server database and monitor_cond_since),
 * ovsdb-client monitor / monitor-cond / monitor-cond-since, and the Python IDL. Then what
 * ovsdb-server cannot do standalone: a client reconnecting with its last transaction id gets
 * only the changes since.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { ovsToolsSkipReason, startOvsdbServer, type OvsdbServer } from '../support/ovsdb-server.js';
import { startOvsdbTs, type OvsdbTs } from '../support/ovsdb-ts.js';
import { RpcClient } from '../support/rpc-client.js';
import { pythonWithOvs, requireTools, runTool, sortedLines, Watched } from './tools.js';

const NB_SCHEMA = fileURLToPath(new URL('../../schema/ovn-nb.ovsschema', import.meta.url));
const IDL_CLIENT = fileURLToPath(new URL('./py/idl_client.py', import.meta.url));
const NB = 'OVN_Northbound';

let ref: OvsdbServer | undefined;
let ours: OvsdbTs | undefined;
const refRemote = (): string => `unix:${ref!.unixPath}`;
const ourRemote = (): string => `tcp:127.0.0.1:${ours!.tcpPort}`;

beforeAll(async () => {
  if (ovsToolsSkipReason() !== null) return;
  [ref, ours] = await Promise.all([startOvsdbServer({ schemas: [NB_SCHEMA] }), startOvsdbTs({ schemas: [NB_SCHEMA] })]);
});
afterAll(async () => {
  await Promise.all([ref?.stop(), ours?.stop()]);
});

/** Each ovn-nbctl invocation connects afresh: _Server, monitor_cond_since, transact. */
const NBCTL: readonly string[][] = [
  ['ls-add', 'sw0'],
  ['ls-add', 'sw1'],
  ['ls-add', 'sw0'],
  ['ls-list'],
  ['lsp-add', 'sw0', 'p1'],
  ['lsp-add', 'sw0', 'c1', 'p1', '42'],
  ['lsp-list', 'sw0'],
  ['lsp-get-parent', 'c1'],
  ['lsp-get-tag', 'c1'],
  ['lsp-set-addresses', 'p1', '00:00:00:00:00:01 10.0.0.1'],
  ['lsp-get-addresses', 'p1'],
  ['lsp-set-port-security', 'p1', '00:00:00:00:00:01 10.0.0.1'],
  ['lsp-get-port-security', 'p1'],
  ['lr-add', 'lr0'],
  ['lrp-add', 'lr0', 'lrp0', '00:00:00:00:ff:01', '192.168.0.1/24'],
  ['acl-add', 'sw0', 'from-lport', '1000', 'ip4', 'allow'],
  ['acl-list', 'sw0'],
  ['lb-add', 'lb0', '10.0.0.10:80', '10.0.0.1:8080', 'tcp'],
  ['lb-list'],
  ['show'],
  ['list', 'Logical_Switch', 'sw0'],
  ['get', 'Logical_Switch', 'sw0', 'name'],
  ['set', 'Logical_Switch', 'sw0', 'other_config:a=b'],
  ['add', 'Logical_Switch', 'sw0', 'other_config', 'c=d'],
  ['remove', 'Logical_Switch', 'sw0', 'other_config', 'a'],
  ['get', 'Logical_Switch', 'sw0', 'other_config'],
  ['clear', 'Logical_Switch', 'sw0', 'other_config'],
  ['get', 'Logical_Switch', 'sw0', 'other_config'],
  ['find', 'Logical_Switch', 'name=sw1'],
  ['destroy', 'Logical_Switch', 'sw1'],
  ['ls-list'],
  ['lsp-del', 'c1'],
  ['lsp-list', 'sw0'],
  ['lsp-del', 'nope'],
  ['ls-del', 'sw0'],
  ['ls-list'],
  ['show'],
];

function nbctl(remote: string, args: readonly string[]): string {
  const r = runTool('ovn-nbctl', [`--db=${remote}`, '--timeout=10', ...args]);
  return `$ ovn-nbctl ${args.join(' ')} → ${r.status}\n${sortedLines(r.stdout)}\n${sortedLines(r.stderr.replace(/^.*?ovn-nbctl: /gm, 'ovn-nbctl: '))}`;
}

describe('ovn-nbctl', () => {
  it('gives the same output as against ovsdb-server, command by command', (ctx) => {
    requireTools(ctx, ['ovsdb-server', 'ovn-nbctl']);
    const expected = NBCTL.map((args) => nbctl(refRemote(), args));
    const actual = NBCTL.map((args) => nbctl(ourRemote(), args));
    expect(actual.join('\n')).toBe(expected.join('\n'));
    expect(expected.join('\n')).toContain('parent: p1');
  });
});

/** Runs an ovsdb-client monitor command while two transactions happen; returns its output. */
async function clientMonitor(remote: string, args: readonly string[], onUpdates: () => Promise<void>): Promise<string> {
  const w = Watched.start('ovsdb-client', ['--format=csv', ...args.map((a) => a.replace('$REMOTE', remote))]);
  try {
    await w.waitFor(/initial,mon0/);
    await onUpdates();
    await w.waitFor(/,delete,[^]*,delete,/);
    return w.output.replace(/last_id: \S+/g, 'last_id: <txn>');
  } finally {
    await w.stop();
  }
}

async function transact(remote: string, ...ops: unknown[]): Promise<void> {
  const target = remote.startsWith('unix:') ? { path: remote.slice(5) } : { port: Number(remote.split(':')[2]) };
  const c = await RpcClient.connect(target);
  try {
    const r = await c.request('transact', [NB, ...(ops as never[])]);
    if (r.error !== undefined) throw new Error(JSON.stringify(r.error));
  } finally {
    await c.close();
  }
}

const MONITOR_COMMANDS: readonly [string, string[]][] = [
  ['monitor', ['monitor', '$REMOTE', NB, 'Logical_Switch', 'name,other_config']],
  ['monitor-cond', ['monitor-cond', '$REMOTE', NB, '[["name","!=","skip"]]', 'Logical_Switch', 'name,other_config']],
  ['monitor-cond-since', ['monitor-cond-since', '$REMOTE', NB, '[["name","!=","skip"]]', 'Logical_Switch', 'name,other_config']],
];

describe('ovsdb-client', () => {
  for (const [name, args] of MONITOR_COMMANDS) {
    it(`${name} prints what it prints against ovsdb-server`, async (ctx) => {
      requireTools(ctx, ['ovsdb-server', 'ovsdb-client']);
      const run = async (remote: string): Promise<string> => {
        await transact(remote, { op: 'insert', table: 'Logical_Switch', row: { name: 'mon0' } });
        const out = await clientMonitor(remote, args, async () => {
          await transact(remote, { op: 'insert', table: 'Logical_Switch', row: { name: 'mon1', other_config: ['map', [['a', 'b']]] } }, { op: 'insert', table: 'Logical_Switch', row: { name: 'skip' } });
          await transact(remote, { op: 'update', table: 'Logical_Switch', where: [['name', '==', 'mon1']], row: { other_config: ['map', [['a', 'c'], ['d', 'e']]] } });
          await transact(remote, { op: 'delete', table: 'Logical_Switch', where: [] });
        });
        return sortedLines(out);
      };
      const expected = await run(refRemote());
      expect(await run(ourRemote())).toBe(expected);
      expect(expected).toContain('mon1');
    });
  }
});

describe('Python IDL', () => {
  it('syncs, writes, and sees another client\'s change arrive', async (ctx) => {
    requireTools(ctx, ['ovsdb-server', 'python-ovs']);
    await transact(ourRemote(), { op: 'insert', table: 'Logical_Switch', row: { name: 'before' } });
    const py = Watched.start(pythonWithOvs()!, [IDL_CLIENT, ourRemote(), NB_SCHEMA]);
    try {
      await py.waitFor(/synced before\n/);
      await py.waitFor(/wrote success\n/);
      await transact(ourRemote(), { op: 'insert', table: 'Logical_Switch', row: { name: 'other' } });
      await py.waitFor(/saw other before,other,py-sw\n/);
    } finally {
      await py.stop();
      await transact(ourRemote(), { op: 'delete', table: 'Logical_Switch', where: [] });
    }
  });
});

describe('fast resync (ovsdb-ts only: ovsdb-server keeps no history standalone)', () => {
  it('a client reconnecting with its last transaction id receives only the delta', async (ctx) => {
    requireTools(ctx, ['ovsdb-server', 'ovsdb-client']);
    const remote = ourRemote();
    const args = ['--format=csv', 'monitor-cond-since', remote, NB];
    await transact(remote, ...Array.from({ length: 20 }, (_, k) => ({ op: 'insert', table: 'Logical_Switch', row: { name: `base${k}` } })));
    const first = Watched.start('ovsdb-client', [...args, '[true]', 'Logical_Switch', 'name']);
    let lastId: string;
    try {
      const m = await first.waitFor(/found: false, last_id: (\S+)\n[^]*base19/);
      lastId = m[1]!;
      expect(lastId).not.toBe('00000000-0000-0000-0000-000000000000');
    } finally {
      await first.stop();
    }
    await transact(remote, { op: 'insert', table: 'Logical_Switch', row: { name: 'while-away' } });
    await transact(remote, { op: 'update', table: 'Logical_Switch', where: [['name', '==', 'base3']], row: { name: 'base3-renamed' } });
    const again = Watched.start('ovsdb-client', [...args, lastId, '[true]', 'Logical_Switch', 'name']);
    try {
      await again.waitFor(/found: true, last_id: \S+\n[^]*base3-renamed/);
      const out = again.output;
      expect(out).toMatch(/,insert,while-away/);
      expect(out).toMatch(/,modify,base3-renamed/);
      expect(out).not.toMatch(/base1[0-9]|initial/);
    } finally {
      await again.stop();
      await transact(remote, { op: 'delete', table: 'Logical_Switch', where: [] });
    }
  });
});
