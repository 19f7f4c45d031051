/**
 * Helpers for the session tests: an in-process ovsdb-ts server on a unix socket in a temp dir and
 * on 127.0.0.1:0, and a transcript runner that sends the same requests to ovsdb-ts and to the
 * reference ovsdb-server and records what every client receives.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Json, JsonObject } from '../../src/ovsdb/json.js';
import { member } from '../../src/ovsdb/json.js';
import { loadSchemaFile } from '../../src/ovsdb/schema-load.js';
import { parseJson } from '../../src/wire/index.js';
import { Database } from '../../src/engine/index.js';
import { OvsdbServer, type ServerOptions } from '../../src/server/server.js';
import type { ServedDatabase } from '../../src/server/served-database.js';
import { setLogSink, type LogSink } from '../../src/log.js';
import { RpcClient, type RpcTarget } from '../support/rpc-client.js';
import { REPO_ROOT } from '../support/ovsdb-ts.js';

export const NB_SCHEMA = join(REPO_ROOT, 'schema', 'ovn-nb.ovsschema');
export const SB_SCHEMA = join(REPO_ROOT, 'schema', 'ovn-sb.ovsschema');
export const NB = 'OVN_Northbound';

export function servedInMemory(schemaFile: string): ServedDatabase {
  const { schema, json } = loadSchemaFile(schemaFile, parseJson);
  return { name: schema.name, schema, schemaJson: json, db: new Database(schema), storage: null };
}

export interface TestServer {
  readonly server: OvsdbServer;
  readonly dir: string;
  readonly unixPath: string;
  readonly tcpPort: number;
  /** Log lines written while the server ran. */
  readonly logs: string[];
  close(): Promise<void>;
}

/** ovsdb-ts in this process, listening on `<dir>/sock` (and `extraRemotes`) and 127.0.0.1:0. */
export async function startTestServer(
  opts: ServerOptions & { schemas?: readonly string[]; extraRemotes?: readonly string[] } = {},
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'ovsdb-ts-sessions-'));
  const logs: string[] = [];
  const previous: LogSink = setLogSink((line) => logs.push(line));
  const server = new OvsdbServer((opts.schemas ?? [NB_SCHEMA]).map(servedInMemory), opts);
  const unixPath = join(dir, 'sock');
  await server.listen(`punix:${unixPath}`);
  const tcp = await server.listen('ptcp:0:127.0.0.1');
  for (const r of opts.extraRemotes ?? []) await server.listen(r.replaceAll('$DIR', dir));
  return {
    server,
    dir,
    unixPath,
    tcpPort: Number(tcp.slice(tcp.lastIndexOf(':') + 1)),
    logs,
    close: async () => {
      await server.close();
      setLogSink(previous);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Connect `n` clients to `target`. */
export async function clients(target: RpcTarget, n: number): Promise<RpcClient[]> {
  const out: RpcClient[] = [];
  for (let i = 0; i < n; i++) out.push(await RpcClient.connect(target));
  return out;
}

export async function closeAll(cs: readonly RpcClient[]): Promise<void> {
  await Promise.all(cs.map((c) => c.close()));
}

/** The reply as the wire carries it: `{"result":…}` or `{"error":…}`. */
export async function call(c: RpcClient, method: string, params: Json): Promise<JsonObject> {
  const r = await c.request(method, params);
  return r.error !== undefined ? { error: r.error } : { result: r.result ?? null };
}

/**
 * Notifications each client has received so far, consumed. An echo round trip on each client
 * first makes sure that everything the server sent before it has arrived.
 */
export async function drainNotifications(cs: readonly RpcClient[]): Promise<Json[][]> {
  const out: Json[][] = [];
  for (const c of cs) {
    if (!c.isClosed) await c.request('echo', []);
    const got: Json[] = [];
    while (c.notifications.length > 0) {
      const n = c.notifications.shift() as JsonObject;
      got.push([member(n, 'method') ?? null, member(n, 'params') ?? null]);
    }
    out.push(got);
  }
  return out;
}
