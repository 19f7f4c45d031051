/**
 * Transports and liveness: `ssl:` with the server's PKI options against ovsdb-server and
 * ovsdb-ts (certificate chain checked, `caCert: 'none'`, a wrong CA refused), and the echo
 * protocol against a scripted server: the client answers the server's probe, probes a silent
 * server itself, and drops the connection when that probe goes unanswered.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import net from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OvsdbClient, ConnectionError, type ClientTlsOptions } from '../../src/index.js';
import { JsonFramer, encodeJson } from '../../src/wire/index.js';
import { isJsonObject, type Json, type JsonObject } from '../../src/ovsdb/json.js';
import { readFileSync } from 'node:fs';
import { OVN_NORTHBOUND } from '../../src/index.js';
import { NB_SCHEMA } from './support/servers.js';
import { makePki, hasOpenssl, type Pki } from '../sessions/pki.js';
import { SERVER_KINDS, startServer, skipReason, bounded, eventually, type TestServer } from './support/servers.js';
import { need } from './support/need.js';

const NB = 'OVN_Northbound';

/**
 * The pssl remote: from our log line; ovsdb-server logs its tcp and ssl ports alike, in an order
 * of its own, so each port it logged is tried with TLS.
 */
async function sslRemote(server: TestServer, tls: ClientTlsOptions): Promise<string> {
  if (server.kind === 'ovsdb-ts') {
    await eventually(() => /listening on ssl:/.test(server.log()), 'the ssl port in the log');
    return `ssl:127.0.0.1:${/listening on ssl:127\.0\.0\.1:(\d+)/.exec(server.log())?.[1] ?? ''}`;
  }
  await eventually(() => [...server.log().matchAll(/listening on port (\d+)/g)].length >= 2, 'both ports in the log');
  for (const m of server.log().matchAll(/listening on port (\d+)/g)) {
    const remote = `ssl:127.0.0.1:${m[1] ?? ''}`;
    const c = await OvsdbClient.connect(remote, { tls, reconnect: false, connectTimeoutMs: 2000 }).catch(() => null);
    if (c === null) continue;
    await c.close();
    return remote;
  }
  throw new Error(`no ssl port found in ${server.log()}`);
}

describe.each(SERVER_KINDS)('ssl against %s', (kind) => {
  let dir = '';
  let pki: Pki;
  let server: TestServer | undefined;
  let remote = '';
  let tls: ClientTlsOptions;

  beforeAll(async () => {
    if (skipReason(kind) !== null || !hasOpenssl()) return;
    dir = mkdtempSync(join(tmpdir(), 'client-pki-'));
    pki = makePki(dir);
    server = await startServer(kind, [
      '--remote=pssl:0:127.0.0.1',
      `--private-key=${pki.serverKey}`,
      `--certificate=${pki.serverCert}`,
      `--ca-cert=${pki.caCert}`,
    ]);
    tls = { privateKey: pki.clientKey, certificate: pki.clientCert, caCert: pki.caCert };
    remote = await sslRemote(server, tls);
  });
  afterAll(async () => {
    await server?.stop();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('connects with a certificate chained to the CA, and with caCert none', async (ctx) => {
    need(kind, ctx);
    if (!hasOpenssl()) ctx.skip('openssl not installed');
    for (const options of [tls, { ...tls, caCert: 'none' }]) {
      const c = await OvsdbClient.connect(remote, { tls: options });
      expect(await c.listDbs()).toEqual([NB, '_Server']);
      await c.close();
    }
  });

  it('refuses a server whose certificate does not chain to the CA, and ssl without tls options', async (ctx) => {
    need(kind, ctx);
    if (!hasOpenssl()) ctx.skip('openssl not installed');
    const wrongCa = await OvsdbClient.connect(remote, { tls: { ...tls, caCert: pki.otherCaCert } }).catch((e: unknown) => e);
    expect(wrongCa).toBeInstanceOf(ConnectionError);
    const none = await OvsdbClient.connect(remote).catch((e: unknown) => e);
    expect(String(none)).toMatch(/ssl remotes need the tls option/);
  });
});

/** A server that speaks only what the test tells it to, recording what it receives. */
async function scriptedServer(
  answer: (request: JsonObject) => Json | undefined = () => undefined,
): Promise<{ remote: string; received: Json[]; send(v: Json): void; closed: () => boolean; stop(): Promise<void> }> {
  const received: Json[] = [];
  let socket: net.Socket | null = null;
  let closed = false;
  const server = net.createServer((s) => {
    socket = s;
    const framer = new JsonFramer();
    s.on('data', (chunk: Buffer) => {
      for (const msg of framer.push(chunk)) {
        received.push(msg);
        const result = isJsonObject(msg) && typeof msg['method'] === 'string' ? answer(msg) : undefined;
        if (result !== undefined && isJsonObject(msg)) s.write(encodeJson({ id: msg['id'] ?? null, result, error: null }));
      }
    });
    s.on('close', () => {
      closed = true;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    remote: `tcp:127.0.0.1:${port}`,
    received,
    send: (v) => socket?.write(encodeJson(v)),
    closed: () => closed,
    stop: () =>
      new Promise<void>((resolve) => {
        (socket as net.Socket | null)?.destroy();
        server.close(() => resolve());
      }),
  };
}

describe('echo and inactivity probe', () => {
  it('answers the server echo, probes a silent server, and drops it when the probe is unanswered', async () => {
    const fake = await scriptedServer();
    try {
      const c = await OvsdbClient.connect(fake.remote, { inactivityProbeMs: 150, reconnect: false });
      const gone = c.on('disconnected', () => gone());
      fake.send({ id: 'echo', method: 'echo', params: ['x'] });
      await eventually(() => fake.received.length >= 1, 'the echo reply');
      expect(fake.received[0]).toEqual({ id: 'echo', result: ['x'], error: null });
      await eventually(() => fake.received.length >= 2, 'the client probe');
      expect(fake.received[1]).toEqual({ id: 'echo', method: 'echo', params: [] });
      await bounded(new Promise<void>((resolve) => c.on('disconnected', () => resolve())), 'the client to give up', 5000);
      await eventually(() => fake.closed(), 'the connection to close');
      expect(c.connected).toBe(false);
      await c.close();
    } finally {
      await fake.stop();
    }
  });

  it('a server that answers the probe keeps the connection', async () => {
    const fake = await scriptedServer();
    try {
      // The probe interval leaves a wide margin for the answer, sent as soon as the probe is seen.
      const c = await OvsdbClient.connect(fake.remote, { inactivityProbeMs: 400, reconnect: false });
      for (let answered = 0; answered < 2; answered++) {
        await eventually(() => fake.received.length > answered, `probe ${answered}`);
        fake.send({ id: 'echo', result: [], error: null });
      }
      expect(c.connected).toBe(true);
      await c.close();
    } finally {
      await fake.stop();
    }
  });
});

describe('monitor_canceled', () => {
  it('the replica subscribes again, with the schema fetched again', async () => {
    const schema = JSON.parse(readFileSync(NB_SCHEMA, 'utf8')) as Json;
    const U = '00000000-0000-0000-0000-00000000000a';
    let subscriptions = 0;
    const fake = await scriptedServer((req) => {
      if (req['method'] === 'get_schema') return schema;
      if (req['method'] !== 'monitor_cond_since') return undefined;
      subscriptions++;
      const name = subscriptions === 1 ? 'before' : 'after';
      return [false, '00000000-0000-0000-0000-000000000000', { Logical_Switch: { [U]: { initial: { name } } } }];
    });
    try {
      const c = await OvsdbClient.connect(fake.remote, { reconnect: false });
      const replica = c.database(OVN_NORTHBOUND).replicate({ Logical_Switch: ['name'] });
      await bounded(replica.whenSynced(), 'first sync');
      const names: string[] = [];
      replica.on('change', (ch) => names.push(ch.kind === 'update' ? `${ch.old.name}→${ch.new.name}` : ch.kind));
      const monitorId = fake.received.map((m) => (isJsonObject(m) && m['method'] === 'monitor_cond_since' ? (m['params'] as Json[])[1] : null)).find((x) => x !== null);
      fake.send({ id: null, method: 'monitor_canceled', params: [monitorId ?? null] });
      await eventually(() => names.length === 1, 'the resubscription');
      expect(names).toEqual(['before→after']);
      const methods = fake.received.map((m) => (isJsonObject(m) ? m['method'] : undefined));
      expect(methods).toEqual(['get_schema', 'monitor_cond_since', 'get_schema', 'monitor_cond_since']);
      await c.close();
    } finally {
      await fake.stop();
    }
  });
});
