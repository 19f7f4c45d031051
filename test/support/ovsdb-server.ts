/**
 * A real Open vSwitch `ovsdb-server` (the reference implementation) for tests.
 *
 * Each instance lives in its own temp dir: one database file per schema made with
 * `ovsdb-tool create`, a unix socket `<dir>/sock`, a TCP listener on 127.0.0.1 with a
 * kernel-chosen port, and a unixctl socket `<dir>/ctl`. The server is a direct child (no
 * `--detach`), so the test owns it and `stop()` ends it and removes the dir.
 *
 * The bound TCP port is read from the server's console log line
 * `socket_util|INFO|0:127.0.0.1: listening on port N` (ovsdb-server logs INFO to stderr by
 * default; `-vconsole:info` makes that explicit). `ovs-appctl ovsdb-server/list-remotes` only
 * echoes the configured `ptcp:0:127.0.0.1`, never the bound port.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { captureTail, pollUntil, stopChild, track, waitForOutput } from './process.js';

export const OVS_TOOLS = ['ovsdb-server', 'ovsdb-tool', 'ovsdb-client'] as const;
const EXTRA_DIRS = ['/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin', '/sbin'];
const START_TIMEOUT_MS = 10_000;
const PORT_LINE = /listening on port (\d+)/;

/** Absolute path of an executable, looked up in PATH and the usual sbin dirs; null if absent. */
export function findTool(name: string): string | null {
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter), ...EXTRA_DIRS];
  for (const d of dirs) {
    if (d === '') continue;
    const p = join(d, name);
    if (existsSync(p)) return p;
  }
  return null;
}

/** Names of the OVS tools that are not installed (empty when all are). */
export function missingOvsTools(): string[] {
  return OVS_TOOLS.filter((t) => findTool(t) === null);
}

export function hasOvsTools(): boolean {
  return missingOvsTools().length === 0;
}

/** Why OVS-dependent tests cannot run, or null when they can. */
export function ovsToolsSkipReason(): string | null {
  const missing = missingOvsTools();
  if (missing.length === 0) return null;
  return `Open vSwitch tools not installed (${missing.join(', ')}); install the Debian package openvswitch-switch`;
}

/**
 * Make a test depend on the OVS tools: when one is missing, the test fails under CI
 * (`CI=true`, where the tools must be installed) and is skipped with a clear note elsewhere.
 */
export function requireOvsTools(ctx: { skip: (note?: string) => void }): void {
  const reason = ovsToolsSkipReason();
  if (reason === null) return;
  if (process.env['CI'] === 'true') throw new Error(`${reason} (required when CI=true)`);
  ctx.skip(reason);
}

export interface OvsdbServerOptions {
  /** Schema files; one database is created from each. */
  readonly schemas: readonly string[];
  /** Extra ovsdb-server arguments (e.g. more `--remote=`). */
  readonly extraArgs?: readonly string[];
  readonly startTimeoutMs?: number;
}

export interface OvsdbServer {
  readonly dir: string;
  /** Unix socket path; connect with `unix:` + this for ovsdb-client. */
  readonly unixPath: string;
  readonly tcpPort: number;
  readonly ctlPath: string;
  /** Database names, in schema order. */
  readonly databases: readonly string[];
  readonly pid: number;
  /** Run `ovs-appctl -t <ctl> ...args`; resolves with stdout, rejects on failure. */
  appctl(...args: string[]): string;
  /** Tail of the server's stderr, for failure messages. */
  log(): string;
  /** Kill the server (SIGTERM, then SIGKILL) and remove the temp dir. Idempotent. */
  stop(): Promise<void>;
}

function tool(name: string): string {
  const p = findTool(name);
  if (p === null) throw new Error(ovsToolsSkipReason() ?? `${name} not found`);
  return p;
}

function schemaName(file: string): string {
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const name = (parsed as { name?: unknown }).name;
  if (typeof name !== 'string') throw new Error(`${file}: schema has no name`);
  return name;
}

function createDb(dir: string, schema: string, index: number): string {
  const db = join(dir, `db${index}.db`);
  const r = spawnSync(tool('ovsdb-tool'), ['create', db, schema], { encoding: 'utf8', timeout: START_TIMEOUT_MS });
  if (r.status !== 0) throw new Error(`ovsdb-tool create ${schema} failed: ${r.stderr || r.error?.message}`);
  return db;
}

export async function startOvsdbServer(opts: OvsdbServerOptions): Promise<OvsdbServer> {
  const dir = mkdtempSync(join(tmpdir(), 'ovsdb-ref-'));
  try {
    return await launch(dir, opts);
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

async function launch(dir: string, opts: OvsdbServerOptions): Promise<OvsdbServer> {
  const timeout = opts.startTimeoutMs ?? START_TIMEOUT_MS;
  const dbs = opts.schemas.map((s, i) => createDb(dir, s, i));
  const databases = opts.schemas.map(schemaName);
  const unixPath = join(dir, 'sock');
  const ctlPath = join(dir, 'ctl');
  const args = [
    `--remote=punix:${unixPath}`,
    '--remote=ptcp:0:127.0.0.1',
    `--unixctl=${ctlPath}`,
    `--log-file=${join(dir, 'log')}`,
    '-vconsole:info',
    '--no-chdir',
    ...(opts.extraArgs ?? []),
    ...dbs,
  ];
  const child = spawn(tool('ovsdb-server'), args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  track(child);
  const tail = captureTail(child, 'stderr');
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    const m = await waitForOutput(child, 'stderr', PORT_LINE, timeout);
    await pollUntil(() => existsSync(unixPath) && existsSync(ctlPath), timeout, `${unixPath} and ${ctlPath}`);
    const appctl = (...a: string[]): string => {
      const r = spawnSync(tool('ovs-appctl'), ['-t', ctlPath, ...a], { encoding: 'utf8', timeout });
      if (r.status !== 0) throw new Error(`ovs-appctl ${a.join(' ')} failed: ${r.stderr || r.error?.message}`);
      return r.stdout;
    };
    return {
      dir,
      unixPath,
      tcpPort: Number(m[1]),
      ctlPath,
      databases,
      pid: child.pid ?? -1,
      appctl,
      log: tail,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}

/**
 * The reference ovsdb-server for the enclosing describe: started before its tests when the OVS
 * tools are installed (a test calls `requireOvsTools` first), stopped after them. Returns its getter.
 */
export function useOvsdbServer(opts: OvsdbServerOptions): () => OvsdbServer {
  let ref: OvsdbServer | null = null;
  beforeAll(async () => {
    if (hasOvsTools()) ref = await startOvsdbServer(opts);
  });
  afterAll(async () => {
    await ref?.stop();
  });
  return () => {
    if (ref === null) throw new Error('the reference ovsdb-server did not start');
    return ref;
  };
}
