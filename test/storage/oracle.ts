/**
 * The reference tools on a database file of our choosing: `ovsdb-tool`, `ovsdb-client`, and an
 * `ovsdb-server` serving an existing file (test/support/ovsdb-server.ts always creates fresh
 * ones). Every process is a direct child, bounded in time, and stopped by the caller (and killed
 * when the test worker exits, as a last resort). Tools are found as test/support/ovsdb-server.ts finds them.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Json } from '../../src/ovsdb/json.js';
import { parseJson } from '../../src/wire/json-parse.js';
import { encodeJson } from '../../src/wire/json-encode.js';

const TOOL_TIMEOUT_MS = 20_000;
const STOP_GRACE_MS = 2000;

export { findTool, requireOvsTools } from '../support/ovsdb-server.js';
import { findTool } from '../support/ovsdb-server.js';

const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const c of live) c.kill('SIGKILL');
});

export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function pollUntil(probe: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(10);
  }
}

/** Sends `signal`, then SIGKILL after a grace period; resolves once the child has exited. */
export async function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill(signal);
  if (await Promise.race([exited.then(() => true), delay(STOP_GRACE_MS).then(() => false)])) return;
  child.kill('SIGKILL');
  await Promise.race([exited, delay(STOP_GRACE_MS)]);
}

/** Starts a child process tracked for cleanup, keeping a tail of its stderr. */
export function startChild(exe: string, args: readonly string[]): { child: ChildProcess; tail: () => string } {
  const child = spawn(exe, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  live.add(child);
  child.once('exit', () => live.delete(child));
  let text = '';
  child.stderr?.on('data', (b: Buffer) => {
    text = (text + b.toString('utf8')).slice(-8192);
  });
  return { child, tail: () => text };
}

export interface ToolResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runTool(name: string, args: readonly string[]): ToolResult {
  const exe = findTool(name);
  if (exe === null) throw new Error(`${name} not installed`);
  const r = spawnSync(exe, args, { encoding: 'utf8', timeout: TOOL_TIMEOUT_MS, env: { ...process.env, TZ: 'UTC' } });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? r.error?.message ?? '' };
}

/** Runs a tool and returns its stdout; throws with its stderr when it fails. */
export function tool(name: string, ...args: string[]): string {
  const r = runTool(name, args);
  if (r.status !== 0) throw new Error(`${name} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

export interface FileServer {
  readonly sock: string;
  readonly pid: number;
  stop(signal?: NodeJS.Signals): Promise<void>;
  log(): string;
}

/** ovsdb-server on `dbPath`, listening on `<dir>/<tag>.sock`. */
export async function serveFile(dbPath: string, dir: string, tag = 'ref'): Promise<FileServer> {
  const exe = findTool('ovsdb-server');
  if (exe === null) throw new Error('ovsdb-server not installed');
  const sock = join(dir, `${tag}.sock`);
  const ctl = join(dir, `${tag}.ctl`);
  const { child, tail } = startChild(exe, [`--remote=punix:${sock}`, `--unixctl=${ctl}`, '--no-chdir', '-vconsole:info', dbPath]);
  try {
    await pollUntil(() => existsSync(sock) || child.exitCode !== null, TOOL_TIMEOUT_MS, sock);
    if (child.exitCode !== null) throw new Error(`ovsdb-server exited: ${tail()}`);
  } catch (e) {
    await stopChild(child);
    throw e;
  }
  return {
    sock,
    pid: child.pid ?? -1,
    stop: (signal: NodeJS.Signals = 'SIGTERM') => stopChild(child, signal),
    log: tail,
  };
}

/** `ovsdb-client transact` on a unix socket (or `ovsdb-tool query` on a file); exact int64. */
export function transact(sock: string, txn: Json): Json[] {
  return parseJson(tool('ovsdb-client', 'transact', `unix:${sock}`, encodeJson(txn))) as Json[];
}

/** `ovsdb-tool query FILE` (read-only, no lock): exact int64. */
export function queryFile(db: string, txn: Json): Json[] {
  return parseJson(tool('ovsdb-tool', 'query', db, encodeJson(txn))) as Json[];
}

/** `ovsdb-client dump` of one database, as text. */
export function dump(sock: string, db: string): string {
  return tool('ovsdb-client', 'dump', `unix:${sock}`, db);
}
