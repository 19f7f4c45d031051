/**
 * The CLI's transport flags end to end, with real clients: `ovsdb-client` and `ovn-nbctl` with
 * --private-key/--certificate/--ca-cert over `ssl:` against `--remote=pssl:…`, a read-only unix
 * remote used by ovn-nbctl, an active remote, and the start-up error for missing PKI files.
 * Needs the built CLI (`npx tsc -p tsconfig.json`, as `npm test` does).
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFile, spawnSync } from 'node:child_process';
import net from 'node:net';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startOvsdbTs, CLI_PATH, type OvsdbTs } from '../support/ovsdb-ts.js';
import { pollUntil } from '../support/process.js';
import { requireOvsTools, hasOvsTools, findTool } from '../support/ovsdb-server.js';
import { hasOpenssl, makePki, requireOpenssl, type Pki } from './pki.js';
import { rawPeer } from './raw-peer.js';
import { NB_SCHEMA } from './harness.js';

const TOOL_TIMEOUT_MS = 10_000;
const SSL_LINE = /listening on ssl:127\.0\.0\.1:(\d+)/;

interface Ran {
  readonly code: number;
  readonly out: string;
}

/** Run a client tool (asynchronously, bounded) and collect stdout+stderr. */
function runTool(name: string, args: readonly string[]): Promise<Ran> {
  const path = findTool(name);
  if (path === null) throw new Error(`${name} not found`);
  return new Promise((resolve) => {
    execFile(path, args, { timeout: TOOL_TIMEOUT_MS, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === 'number' ? err.code : -1;
      resolve({ code, out: stdout + stderr });
    });
  });
}

const pkiArgs = (key: string, cert: string, ca: string): string[] => [
  `--private-key=${key}`,
  `--certificate=${cert}`,
  `--ca-cert=${ca}`,
];

describe('CLI transports with real clients', () => {
  let dir: string;
  let pki: Pki | null = null;
  let ours: OvsdbTs | null = null;
  let sslPort = 0;
  let dialled: net.Server | null = null;
  const dialledSockets: net.Socket[] = [];
  let firstDialled: Promise<net.Socket> | null = null;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ovsdb-ts-cli-transports-'));
    if (!hasOpenssl() || !hasOvsTools()) return;
    pki = makePki(dir);
    dialled = net.createServer();
    firstDialled = new Promise((resolve) => dialled!.once('connection', resolve));
    dialled.on('connection', (s) => dialledSockets.push(s));
    await new Promise<void>((resolve) => dialled!.listen(0, '127.0.0.1', resolve));
    const dialPort = (dialled.address() as net.AddressInfo).port;
    ours = await startOvsdbTs({
      schemas: [NB_SCHEMA],
      remotes: ['pssl:0:127.0.0.1', `read-only:punix:${join(dir, 'ro.sock')}`, `tcp:127.0.0.1:${dialPort}`, 'ptcp:0:127.0.0.1'],
      extraArgs: pkiArgs(pki.serverKey, pki.serverCert, pki.caCert),
    });
    const m = SSL_LINE.exec(ours.log());
    if (!m) throw new Error(`no ssl listening line in:\n${ours.log()}`);
    sslPort = Number(m[1]);
  });
  afterAll(async () => {
    await ours?.stop();
    dialledSockets.forEach((s) => s.destroy());
    await new Promise<void>((resolve) => (dialled ? dialled.close(() => resolve()) : resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  const ready = (ctx: { skip: (note?: string) => void }): Pki => {
    requireOvsTools(ctx);
    requireOpenssl(ctx);
    return pki!;
  };

  it('ovsdb-client with a certificate from the CA lists the databases over ssl:', async (ctx) => {
    const p = ready(ctx);
    const r = await runTool('ovsdb-client', [...pkiArgs(p.clientKey, p.clientCert, p.caCert), 'list-dbs', `ssl:127.0.0.1:${sslPort}`]);
    expect(r).toEqual({ code: 0, out: 'OVN_Northbound\n_Server\n' });
  });

  it('ovsdb-client with a certificate from another CA is refused', async (ctx) => {
    const p = ready(ctx);
    const r = await runTool('ovsdb-client', [...pkiArgs(p.rogueKey, p.rogueCert, p.caCert), 'list-dbs', `ssl:127.0.0.1:${sslPort}`]);
    expect(r.code).not.toBe(0);
    expect(r.out).not.toContain('OVN_Northbound');
    const refusal = /stream_ssl\|WARN\|ssl:127\.0\.0\.1:\d+: SSL_accept: certificate verify failed/;
    await pollUntil(() => refusal.test(ours!.log()), TOOL_TIMEOUT_MS, 'the refusal in the server log');
  });

  it('ovn-nbctl works over ssl: with -p/-c/-C', async (ctx) => {
    const p = ready(ctx);
    const nbctl = (...args: string[]): Promise<Ran> =>
      runTool('ovn-nbctl', [`--db=ssl:127.0.0.1:${sslPort}`, '-p', p.clientKey, '-c', p.clientCert, '-C', p.caCert, ...args]);
    expect((await nbctl('ls-add', 'sw-tls')).code).toBe(0);
    const list = await nbctl('ls-list');
    expect(list.code).toBe(0);
    expect(list.out).toMatch(/^[0-9a-f-]{36} \(sw-tls\)\n$/);
  });

  it('ovn-nbctl reads through a read-only remote and is refused a write', async (ctx) => {
    ready(ctx);
    const db = `--db=unix:${join(dir, 'ro.sock')}`;
    const show = await runTool('ovn-nbctl', [db, 'ls-list']);
    expect(show.code).toBe(0);
    const add = await runTool('ovn-nbctl', [db, 'ls-add', 'sw-ro']);
    expect(add.code).not.toBe(0);
    expect(add.out).toContain('insert operation not allowed when database server is in read only mode');
  });

  it('serves the connection of an active tcp: remote', async (ctx) => {
    ready(ctx);
    const s = await firstDialled!;
    expect(await rawPeer(s).request('list_dbs', [])).toMatchObject({ result: ['OVN_Northbound', '_Server'] });
  });

  it('refuses to start an ssl remote without the PKI files', () => {
    const r = spawnSync(process.execPath, [CLI_PATH, '--in-memory', `--schema=${NB_SCHEMA}`, '--remote=pssl:0:127.0.0.1'], {
      encoding: 'utf8',
      timeout: TOOL_TIMEOUT_MS,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('pssl:0:127.0.0.1: private key must be configured to use SSL (--private-key=FILE)');
  });

  it('removes its unix socket when it exits on SIGTERM (last: stops the server)', async (ctx) => {
    ready(ctx);
    const path = join(dir, 'ro.sock');
    expect(existsSync(path)).toBe(true);
    await ours!.stop();
    expect(await ours!.exited).toBe(0);
    expect(existsSync(path)).toBe(false);
  });
});
