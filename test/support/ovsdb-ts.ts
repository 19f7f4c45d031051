/**
 * Our server, ovsdb-ts, started through its CLI as a child process for end-to-end tests:
 *   node dist/cli.js --in-memory --schema=FILE ... --remote=ptcp:0:127.0.0.1 [extra args]
 * The CLI writes `listening on tcp:127.0.0.1:PORT` to stderr for each bound remote; the port
 * is taken from the first such line. Build first (`npx tsc -p tsconfig.json`).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { captureTail, stopChild, track, waitForOutput } from './process.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI_PATH = join(REPO_ROOT, 'dist', 'cli.js');
const START_TIMEOUT_MS = 15_000;
const STOP_GRACE_MS = 2_000;
const PORT_LINE = /listening on tcp:127\.0\.0\.1:(\d+)/;

export interface OvsdbTsOptions {
  /** Schema files; one in-memory database is created from each. */
  readonly schemas: readonly string[];
  /** Extra CLI arguments, appended after the defaults. */
  readonly extraArgs?: readonly string[];
  /** Replace the default `--remote=ptcp:0:127.0.0.1` (then the port line is still awaited). */
  readonly remotes?: readonly string[];
  /** Leave out `--in-memory` (e.g. for tests that pass database files in extraArgs). */
  readonly persistent?: boolean;
  readonly startTimeoutMs?: number;
  /** Regexp whose first group is the TCP port; defaults to the CLI contract's line. */
  readonly portLine?: RegExp;
}

export interface OvsdbTs {
  readonly tcpPort: number;
  readonly pid: number;
  /** Everything the server wrote to stderr so far (tail). */
  log(): string;
  /** SIGTERM, then SIGKILL after a bound. Idempotent. */
  stop(): Promise<void>;
  /** Resolves with the exit code (or signal name) when the process exits. */
  readonly exited: Promise<number | string | null>;
}

export function hasBuiltCli(): boolean {
  return existsSync(CLI_PATH);
}

export async function startOvsdbTs(opts: OvsdbTsOptions): Promise<OvsdbTs> {
  if (!hasBuiltCli()) throw new Error(`${CLI_PATH} missing: run npx tsc -p tsconfig.json first`);
  const args = [
    CLI_PATH,
    ...(opts.persistent === true ? [] : ['--in-memory']),
    ...opts.schemas.map((s) => `--schema=${s}`),
    ...(opts.remotes ?? ['ptcp:0:127.0.0.1']).map((r) => `--remote=${r}`),
    ...(opts.extraArgs ?? []),
  ];
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  track(child);
  const tail = captureTail(child, 'stderr');
  child.stdout?.resume();
  const exited = new Promise<number | string | null>((res) => {
    child.once('exit', (code, signal) => res(code ?? signal));
  });
  let stopped = false;
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await stopChild(child, STOP_GRACE_MS);
  };
  try {
    const m = await waitForOutput(child, 'stderr', opts.portLine ?? PORT_LINE, opts.startTimeoutMs ?? START_TIMEOUT_MS);
    return { tcpPort: Number(m[1]), pid: child.pid ?? -1, log: tail, stop, exited };
  } catch (e) {
    await stop();
    throw e;
  }
}
