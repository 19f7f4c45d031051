/**
 * The two servers the client's tests run against, started the same way: the reference
 * `ovsdb-server` and ours (the built CLI), each serving a fresh OVN Northbound database on
 * 127.0.0.1:0 and on a unix socket in a temp dir.
 */
import { afterAll, beforeAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT, startOvsdbTs } from '../../support/ovsdb-ts.js';
import { ovsToolsSkipReason, startOvsdbServer } from '../../support/ovsdb-server.js';

export const NB_SCHEMA = join(REPO_ROOT, 'schema', 'ovn-nb.ovsschema');
export const SERVER_KINDS = ['ovsdb-server', 'ovsdb-ts'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

export interface TestServer {
  readonly kind: ServerKind;
  /** "tcp:127.0.0.1:PORT" */
  readonly tcp: string;
  readonly tcpPort: number;
  /** "unix:PATH" */
  readonly unix: string;
  log(): string;
  stop(): Promise<void>;
}

/** Start `kind` with extra arguments; the caller stops it. */
export async function startServer(kind: ServerKind, extraArgs: readonly string[] = []): Promise<TestServer> {
  if (kind === 'ovsdb-server') {
    const s = await startOvsdbServer({ schemas: [NB_SCHEMA], extraArgs });
    return { kind, tcp: `tcp:127.0.0.1:${s.tcpPort}`, tcpPort: s.tcpPort, unix: `unix:${s.unixPath}`, log: s.log, stop: s.stop };
  }
  const dir = mkdtempSync(join(tmpdir(), 'ovsdb-ts-client-'));
  const sock = join(dir, 'sock');
  try {
    const s = await startOvsdbTs({ schemas: [NB_SCHEMA], remotes: ['ptcp:0:127.0.0.1', `punix:${sock}`], extraArgs });
    return {
      kind,
      tcp: `tcp:127.0.0.1:${s.tcpPort}`,
      tcpPort: s.tcpPort,
      unix: `unix:${sock}`,
      log: s.log,
      stop: async () => {
        await s.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/** Why a kind cannot run here (ovsdb-server needs the OVS tools), or null. */
export function skipReason(kind: ServerKind): string | null {
  return kind === 'ovsdb-server' ? ovsToolsSkipReason() : null;
}

/** Poll `probe` until it returns true; throws after `timeoutMs` naming `what`. */
/**
 * A server of `kind` for the enclosing describe: started before its tests unless `skipReason`
 * says it cannot be (a test calls `need` first), stopped after them. Returns its getter.
 */
export function useServer(kind: ServerKind): () => TestServer {
  let server: TestServer | undefined;
  beforeAll(async () => {
    if (skipReason(kind) === null) server = await startServer(kind);
  });
  afterAll(async () => {
    await server?.stop();
  });
  return () => {
    if (server === undefined) throw new Error(`${kind} did not start`);
    return server;
  };
}

export async function eventually(probe: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Reject after `ms` unless `p` settles first. */
export function bounded<T>(p: Promise<T>, what: string, ms = 5000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
