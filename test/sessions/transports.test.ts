/**
 * Transports (ovsdb(7) "Connection Methods") with an in-process server: pssl with generated
 * certificates, punix permissions and clean-up, active tcp/unix/ssl remotes that reconnect, and
 * the session limit.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import net from 'node:net';
import tls from 'node:tls';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { OvsdbServer } from '../../src/server/server.js';
import { setLogSink } from '../../src/log.js';
import { hasOpenssl, makePki, requireOpenssl, type Pki } from './pki.js';
import { rawPeer, settled } from './raw-peer.js';
import { servedInMemory, startTestServer, NB_SCHEMA, clients, call } from './harness.js';
import { RpcClient } from '../support/rpc-client.js';

const LIST_DBS = { result: ['OVN_Northbound'], error: null };
const FAST_BACKOFF = { minBackoffMs: 20, maxBackoffMs: 80 };

let scratch: string;
let pki: Pki | null = null;
beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'ovsdb-ts-transports-'));
  if (hasOpenssl()) pki = makePki(scratch);
});
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** A server with only OVN_Northbound (so list_dbs is short), and a place to collect log lines. */
async function withServer<T>(
  opts: ConstructorParameters<typeof OvsdbServer>[1],
  fn: (server: OvsdbServer, logs: string[]) => Promise<T>,
): Promise<T> {
  const logs: string[] = [];
  const previous = setLogSink((l) => logs.push(l));
  const server = new OvsdbServer([servedInMemory(NB_SCHEMA)], opts);
  try {
    return await fn(server, logs);
  } finally {
    await server.close();
    setLogSink(previous);
  }
}

function portOf(name: string): number {
  return Number(name.slice(name.lastIndexOf(':') + 1));
}

function tlsConnect(port: number, opts: tls.ConnectionOptions): Promise<tls.TLSSocket> {
  return new Promise((resolve, reject) => {
    const s = tls.connect({ host: '127.0.0.1', port, checkServerIdentity: () => undefined, ...opts });
    s.once('secureConnect', () => resolve(s));
    s.once('error', reject);
  });
}

/** list_dbs over a fresh TLS connection; an Error when the server refuses the client. */
async function listDbsOverTls(port: number, opts: tls.ConnectionOptions): Promise<unknown> {
  const socket = await settled(tlsConnect(port, opts));
  if (socket instanceof Error) return socket;
  try {
    const r = await settled(rawPeer(socket).request('list_dbs', []));
    return r instanceof Error ? r : { result: r['result'], error: r['error'] };
  } finally {
    socket.destroy();
  }
}

describe('pssl', () => {
  it('serves clients whose certificate chains to --ca-cert and refuses the others', async (ctx) => {
    requireOpenssl(ctx);
    const p = pki!;
    const files = { privateKey: p.serverKey, certificate: p.serverCert, caCert: p.caCert };
    await withServer({ tls: files }, async (server, logs) => {
      const port = portOf(await server.listen('pssl:0:127.0.0.1'));
      const ca = readFileSync(p.caCert);
      const client = { ca, key: readFileSync(p.clientKey), cert: readFileSync(p.clientCert) };
      expect(await listDbsOverTls(port, client)).toEqual(LIST_DBS);
      expect(await listDbsOverTls(port, { ...client, maxVersion: 'TLSv1.2' })).toEqual(LIST_DBS);
      expect(await listDbsOverTls(port, { ca })).toBeInstanceOf(Error);
      const rogue = { ca, key: readFileSync(p.rogueKey), cert: readFileSync(p.rogueCert) };
      expect(await listDbsOverTls(port, rogue)).toBeInstanceOf(Error);
      // The client checks the server too: a client trusting another CA does not connect.
      expect(await listDbsOverTls(port, { ...client, ca: readFileSync(p.otherCaCert) })).toBeInstanceOf(Error);
      await until('the refusals in the log', () => logs.some((l) => /stream_ssl\|WARN\|ssl:127\.0\.0\.1:\d+: SSL_accept: certificate verify failed/.test(l)));
    });
  });

  it('with --ca-cert=none neither asks for nor checks client certificates', async (ctx) => {
    requireOpenssl(ctx);
    const p = pki!;
    await withServer({ tls: { privateKey: p.serverKey, certificate: p.serverCert, caCert: 'none' } }, async (server) => {
      const port = portOf(await server.listen('pssl:0:127.0.0.1'));
      expect(await listDbsOverTls(port, { ca: readFileSync(p.caCert) })).toEqual(LIST_DBS);
    });
  });

  it('will not start without the PKI files', async () => {
    await withServer({ tls: { caCert: 'none' } }, async (server) => {
      await expect(server.listen('pssl:0:127.0.0.1')).rejects.toThrow(/private key must be configured to use SSL \(--private-key=FILE\)/);
    });
  });
});

describe('punix', () => {
  it('creates the socket for owner and group only and removes it on close', async () => {
    const ts = await startTestServer();
    try {
      expect(statSync(ts.unixPath).mode & 0o777).toBe(0o770);
      const [c] = await clients({ path: ts.unixPath }, 1);
      expect(await call(c!, 'list_dbs', [])).toEqual({ result: ['OVN_Northbound'] });
      await c!.close();
    } finally {
      await ts.close();
    }
    expect(existsSync(ts.unixPath)).toBe(false);
  });
});

/** A listener of the test that hands over each connection the server dials into it. */
interface Dialled {
  readonly address: string;
  next(): Promise<Duplex>;
  close(): Promise<void>;
}

function acceptQueue(server: net.Server, event: 'connection' | 'secureConnection'): () => Promise<Duplex> {
  const ready: Duplex[] = [];
  const waiters: ((d: Duplex) => void)[] = [];
  server.on(event, (s: Duplex) => {
    const w = waiters.shift();
    if (w) w(s);
    else ready.push(s);
  });
  return () => {
    const s = ready.shift();
    if (s) return Promise.resolve(s);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the server did not dial in')), 5000);
      waiters.push((d) => {
        clearTimeout(timer);
        resolve(d);
      });
    });
  };
}

async function dialTarget(kind: 'tcp' | 'unix' | 'ssl', tlsOpts: tls.TlsOptions = {}): Promise<Dialled> {
  const server = kind === 'ssl' ? tls.createServer(tlsOpts) : net.createServer();
  const next = acceptQueue(server, kind === 'ssl' ? 'secureConnection' : 'connection');
  const path = join(scratch, `dial-${Date.now()}-${Math.random().toString(36).slice(2)}.sock`);
  await new Promise<void>((resolve) => (kind === 'unix' ? server.listen(path, resolve) : server.listen(0, '127.0.0.1', resolve)));
  const addr = server.address();
  const address = kind === 'unix' ? `unix:${path}` : `${kind}:127.0.0.1:${(addr as net.AddressInfo).port}`;
  const sockets: Duplex[] = [];
  return {
    address,
    next: async () => {
      const s = await next();
      sockets.push(s);
      return s;
    },
    close: async () => {
      sockets.forEach((s) => s.destroy());
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.listen(0, '127.0.0.1', () => {
      const port = (probe.address() as net.AddressInfo).port;
      probe.close(() => resolve(port));
    });
  });
}

async function until(what: string, probe: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('active remotes', () => {
  it.each(['tcp', 'unix'] as const)('%s: serves the connection it dials, and dials again when it drops', async (kind) => {
    const target = await dialTarget(kind);
    try {
      await withServer({ activeBackoff: FAST_BACKOFF }, async (server, logs) => {
        expect(await server.listen(target.address)).toBe(target.address);
        const first = await target.next();
        expect(await rawPeer(first).request('list_dbs', [])).toMatchObject(LIST_DBS);
        first.destroy();
        const second = await target.next();
        expect(await rawPeer(second).request('list_dbs', [])).toMatchObject(LIST_DBS);
        expect(logs.filter((l) => l.endsWith(`|${target.address}: connected`))).toHaveLength(2);
        expect(logs.some((l) => l.endsWith(`|${target.address}: waiting 0.02 seconds before reconnect`))).toBe(true);
      });
    } finally {
      await target.close();
    }
  });

  it('keeps dialling with a growing backoff until the remote listens', async () => {
    const port = await freePort();
    await withServer({ activeBackoff: FAST_BACKOFF }, async (server, logs) => {
      const name = await server.listen(`tcp:127.0.0.1:${port}`);
      const failures = (): number => logs.filter((l) => l.includes(`${name}: connection attempt failed`)).length;
      await until('three failed attempts', () => failures() >= 3);
      const waits = logs.filter((l) => l.includes(`${name}: waiting`)).slice(0, 3);
      expect(waits.map((l) => l.slice(l.indexOf(': waiting') + 2))).toEqual([
        'waiting 0.02 seconds before reconnect',
        'waiting 0.04 seconds before reconnect',
        'waiting 0.08 seconds before reconnect',
      ]);
      const listener = net.createServer();
      const next = acceptQueue(listener, 'connection');
      await new Promise<void>((resolve) => listener.listen(port, '127.0.0.1', resolve));
      try {
        const s = await next();
        expect(await rawPeer(s).request('list_dbs', [])).toMatchObject(LIST_DBS);
        s.destroy();
      } finally {
        await server.close();
        await new Promise<void>((resolve) => listener.close(() => resolve()));
      }
    });
  });

  it('ssl: presents its certificate and checks the remote\'s against --ca-cert', async (ctx) => {
    requireOpenssl(ctx);
    const p = pki!;
    const ca = readFileSync(p.caCert);
    const good = await dialTarget('ssl', {
      key: readFileSync(p.serverKey),
      cert: readFileSync(p.serverCert),
      ca,
      requestCert: true,
      rejectUnauthorized: true,
    });
    const rogue = await dialTarget('ssl', { key: readFileSync(p.rogueKey), cert: readFileSync(p.rogueCert) });
    try {
      const files = { privateKey: p.clientKey, certificate: p.clientCert, caCert: p.caCert };
      await withServer({ tls: files, activeBackoff: FAST_BACKOFF }, async (server, logs) => {
        await server.listen(good.address);
        const s = (await good.next()) as tls.TLSSocket;
        expect(s.authorized).toBe(true);
        expect(s.getPeerCertificate().subject.CN).toBe('client');
        expect(await rawPeer(s).request('list_dbs', [])).toMatchObject(LIST_DBS);
        await server.listen(rogue.address);
        await until('a refused handshake', () => logs.some((l) => l.includes(`${rogue.address}: connection attempt failed`)));
      });
    } finally {
      await good.close();
      await rogue.close();
    }
  });
});

describe('limits', () => {
  it('refuses connections beyond --max-sessions with a log line', async () => {
    await withServer({ maxSessions: 2 }, async (server, logs) => {
      const path = join(scratch, 'limited.sock');
      await server.listen(`punix:${path}`);
      const [a, b] = await clients({ path }, 2);
      expect(await call(a!, 'echo', ['a'])).toEqual({ result: ['a'] });
      const c = await RpcClient.connect({ path });
      expect(await c.waitClosed(5000)).toBe(true);
      expect(logs.some((l) => /\|WARN\|unix#2: refusing connection: already 2 sessions \(--max-sessions=2\)$/.test(l))).toBe(true);
      await a!.close();
      await until('the closed session to be gone', () => server.sessions.size === 1);
      const d = await RpcClient.connect({ path });
      expect(await call(d, 'echo', ['d'])).toEqual({ result: ['d'] });
      await b!.close();
      await d.close();
    });
  });
});
