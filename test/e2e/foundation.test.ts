/**
 * The foundation, end to end: our CLI on 127.0.0.1:0 and the real ovsdb-client (Debian's OVS),
 * compared with ovsdb-server serving the same schema.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemaFromJson } from '../../src/ovsdb/schema-parse.js';
import { schemaToJson } from '../../src/ovsdb/schema-to-json.js';
import type { Json } from '../../src/ovsdb/json.js';
import { withClient } from '../support/rpc-client.js';
import { startOvsdbTs, REPO_ROOT, type OvsdbTs } from '../support/ovsdb-ts.js';
import { startOvsdbServer, requireOvsTools, ovsToolsSkipReason, type OvsdbServer } from '../support/ovsdb-server.js';

const NB = join(REPO_ROOT, 'schema', 'ovn-nb.ovsschema');
const CLIENT_TIMEOUT_MS = 10_000;

function client(target: string, ...args: string[]): string {
  const [cmd, ...rest] = args;
  return execFileSync('ovsdb-client', [cmd as string, target, ...rest], { encoding: 'utf8', timeout: CLIENT_TIMEOUT_MS });
}

const canRun = ovsToolsSkipReason() === null;
let ours: OvsdbTs | undefined;
let ref: OvsdbServer | undefined;
let OURS = '';
let REF = '';

describe('foundation with the real ovsdb-client', () => {
  beforeAll(async () => {
    if (!canRun) return;
    [ours, ref] = await Promise.all([startOvsdbTs({ schemas: [NB] }), startOvsdbServer({ schemas: [NB] })]);
    OURS = `tcp:127.0.0.1:${ours.tcpPort}`;
    REF = `tcp:127.0.0.1:${ref.tcpPort}`;
  });
  afterAll(async () => {
    await Promise.all([ours?.stop(), ref?.stop()]);
  });

  it('list-dbs prints OVN_Northbound and _Server', (ctx) => {
    requireOvsTools(ctx);
    expect(client(OURS, 'list-dbs')).toBe('OVN_Northbound\n_Server\n');
  });

  it('get-schema equals the schema file and what ovsdb-server returns', (ctx) => {
    requireOvsTools(ctx);
    const got = JSON.parse(client(OURS, 'get-schema', 'OVN_Northbound')) as unknown;
    // The file, as ovsdb-server serializes a schema (defaults left out, compact type forms).
    expect(got).toEqual(schemaToJson(schemaFromJson(JSON.parse(readFileSync(NB, 'utf8')) as Json)));
    expect(got).toEqual(JSON.parse(client(REF, 'get-schema', 'OVN_Northbound')));
    expect(JSON.parse(client(OURS, 'get-schema', '_Server'))).toEqual(JSON.parse(client(REF, 'get-schema', '_Server')));
  });

  it.each([
    ['list-tables', []],
    ['list-columns', ['OVN_Northbound', 'Logical_Switch_Port']],
    ['list-columns', ['_Server', 'Database']],
    ['get-schema-version', []],
    ['get-schema-cksum', []],
  ])('%s %j prints what ovsdb-server prints', (cmd, args, ctx) => {
    requireOvsTools(ctx);
    expect(client(OURS, cmd, ...args)).toBe(client(REF, cmd, ...args));
  });

  it('answers ovsdb-client transact and dump like ovsdb-server', (ctx) => {
    requireOvsTools(ctx);
    const op = '["OVN_Northbound",{"op":"insert","table":"Logical_Switch","row":{"name":"sw0"}},{"op":"select","table":"Logical_Switch","where":[["name","==","sw0"]],"columns":["name","ports"]}]';
    const strip = (s: string): string => s.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>');
    expect(strip(client(OURS, 'transact', op))).toBe(strip(client(REF, 'transact', op)));
  });

  it('an unknown database is refused exactly as ovsdb-server refuses it', async (ctx) => {
    requireOvsTools(ctx);
    const ask = (port: number) =>
      withClient({ port }, (c) => c.request('get_schema', ['Nope']));
    const [a, b] = await Promise.all([ask(ours!.tcpPort), ask(ref!.tcpPort)]);
    expect(a.error).toEqual(b.error);
    expect(a.error).toEqual({ error: 'unknown database', details: 'get_schema request specifies unknown database Nope', syntax: '["Nope"]' });
  });
});
