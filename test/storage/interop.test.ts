/**
 * Switching servers on the same file, in both directions, compared with `ovsdb-client dump`:
 * - ovsdb-ts (dist/cli.js) writes a file through transactions; ovsdb-server then serves it and
 *   `ovsdb-client dump` prints exactly what it printed for ovsdb-ts;
 * - ovsdb-server writes a file; ovsdb-ts serves it with the same dump, and can write on.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { join } from 'node:path';
import type { Json } from '../../src/ovsdb/json.js';
import { encodeJson } from '../../src/wire/json-encode.js';
import { hasBuiltCli, startOvsdbTs } from '../support/ovsdb-ts.js';
import { NB, NB_SCHEMA, NB_TXNS, tempDir } from './helpers.js';
import { requireOvsTools, serveFile, tool } from './oracle.js';

/** More state that survives to the end: ports, routers, ACLs, load balancers, weak refs. */
const MORE_TXNS: Json[][] = [
  [
    { op: 'insert', table: 'Logical_Switch_Port', row: { name: 'lsp-a', addresses: ['set', ['router']], options: ['map', [['router-port', 'lrp-a']]] }, 'uuid-name': 'a' },
    { op: 'insert', table: 'ACL', row: { priority: 1001, direction: 'to-lport', match: 'ip4 && tcp.dst == 80', action: 'allow-related', log: true, name: 'web' }, 'uuid-name': 'acl' },
    { op: 'insert', table: 'Load_Balancer', row: { name: 'lb0', vips: ['map', [['10.0.0.10:80', '10.0.0.2:8080,10.0.0.3:8080']]], protocol: 'tcp' }, 'uuid-name': 'lb' },
    { op: 'insert', table: 'Logical_Switch', row: { name: 'sw-a', ports: ['named-uuid', 'a'], acls: ['named-uuid', 'acl'], load_balancer: ['named-uuid', 'lb'] } },
    { op: 'insert', table: 'Logical_Router_Port', row: { name: 'lrp-a', mac: '00:00:00:00:ff:01', networks: ['set', ['10.0.0.1/24', 'fd00::1/64']] }, 'uuid-name': 'lrp' },
    { op: 'insert', table: 'Logical_Router', row: { name: 'lr0', ports: ['named-uuid', 'lrp'], options: ['map', [['always_learn_from_arp_request', 'false']]] } },
    { op: 'comment', comment: 'topology' },
  ],
  [{ op: 'mutate', table: 'Load_Balancer', where: [], mutations: [['vips', 'insert', ['map', [['10.0.0.11:443', '10.0.0.4:8443']]]]] }],
  [{ op: 'update', table: 'ACL', where: [], row: { severity: 'info', meter: 'acl-meter' } }],
];

let dir: string;
beforeEach(() => {
  dir = tempDir('interop');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const dump = (target: string): string => tool('ovsdb-client', 'dump', target, NB);
const transact = (target: string, ops: Json[]): void => {
  const out = tool('ovsdb-client', 'transact', target, encodeJson([NB, ...ops]));
  if (out.includes('"error"')) throw new Error(`transaction failed: ${out}`);
};

async function withOvsdbTs<T>(db: string, fn: (target: string) => T): Promise<T> {
  const server = await startOvsdbTs({ schemas: [NB_SCHEMA], persistent: true, extraArgs: [db] });
  try {
    return fn(`tcp:127.0.0.1:${server.tcpPort}`);
  } finally {
    await server.stop();
  }
}

async function withOvsdbServer<T>(db: string, fn: (target: string) => T): Promise<T> {
  const server = await serveFile(db, dir);
  try {
    return fn(`unix:${server.sock}`);
  } finally {
    await server.stop();
  }
}

function skipWithoutTools(ctx: { skip: (note?: string) => void }): void {
  requireOvsTools(ctx);
  if (!hasBuiltCli()) {
    if (process.env['CI'] === 'true') throw new Error('dist/cli.js missing: build first');
    ctx.skip('dist/cli.js missing: run npx tsc -p tsconfig.json');
  }
}

describe('one file, either server', () => {
  it('ovsdb-ts writes it, ovsdb-server serves the same dump and writes on, ovsdb-ts reads that', async (ctx) => {
    skipWithoutTools(ctx);
    const db = join(dir, 'nb.db');
    const ours = await withOvsdbTs(db, (t) => {
      for (const ops of [...NB_TXNS, ...MORE_TXNS]) transact(t, ops);
      return dump(t);
    });
    expect(ours).toContain('lb0');
    const theirs = await withOvsdbServer(db, (t) => {
      const d = dump(t);
      transact(t, [{ op: 'insert', table: 'Logical_Switch', row: { name: 'from-ovsdb-server' } }]);
      return { before: d, after: dump(t) };
    });
    expect(theirs.before).toBe(ours);
    expect(await withOvsdbTs(db, dump)).toBe(theirs.after);
  });

  it('ovsdb-server writes it, ovsdb-ts serves the same dump and writes on, ovsdb-server reads that', async (ctx) => {
    skipWithoutTools(ctx);
    const db = join(dir, 'nb.db');
    tool('ovsdb-tool', 'create', db, NB_SCHEMA);
    const theirs = await withOvsdbServer(db, (t) => {
      for (const ops of [...NB_TXNS, ...MORE_TXNS]) transact(t, ops);
      return dump(t);
    });
    const ours = await withOvsdbTs(db, (t) => {
      const d = dump(t);
      transact(t, [{ op: 'delete', table: 'Load_Balancer', where: [] }]);
      return { before: d, after: dump(t) };
    });
    expect(ours.before).toBe(theirs);
    expect(ours.after).not.toContain('lb0');
    expect(await withOvsdbServer(db, dump)).toBe(ours.after);
    expect(tool('ovsdb-tool', 'show-log', db).match(/^record \d+/gm)?.length).toBe(NB_TXNS.length + MORE_TXNS.length + 2);
  });
});
