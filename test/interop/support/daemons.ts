/**
 * Programs that run in the background during a scenario, each owned and ended by the test:
 * - an ovn-nbctl daemon (`--detach`; the daemonised process is found through its pidfile and
 *   ended with `ovn-appctl exit`, or SIGKILL by pid when that does not work in time);
 * - direct children (ovn-northd without --detach) through `spawnOwned`.
 * A process-exit hook SIGKILLs whatever is still alive if the worker dies first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { captureTail, delay, stopChild, track } from '../../support/process.js';
import { NBCTL_TIMEOUT_S, run, runOk, toolPath } from './tools.js';
import { withoutNbEnv } from './nbctl.js';

const STOP_WAIT_MS = 5_000;
const STDOUT_MAX_CHARS = 16 * 1024 * 1024;
const POLL_MS = 20;
const detachedPids = new Set<number>();
let hookInstalled = false;

function rememberPid(pid: number): void {
  detachedPids.add(pid);
  if (hookInstalled) return;
  hookInstalled = true;
  process.once('exit', () => {
    for (const p of detachedPids) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Wait (bounded) until `pid` is gone; true when it is. */
export async function waitGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (alive(pid)) {
    if (Date.now() > deadline) return false;
    await delay(POLL_MS);
  }
  return true;
}

export interface NbctlDaemon {
  /** The daemon's control socket: the value for `OVN_NB_DAEMON`. */
  readonly socket: string;
  readonly pid: number;
  /** The daemon's log file text. */
  log(): string;
  /** `ovn-appctl exit`, then SIGKILL if still alive; removes the temp dir. Idempotent. */
  stop(): Promise<void>;
}

/** Start `ovn-nbctl --detach` connected to `remote`; resolves once its control socket is ready. */
export async function startNbctlDaemon(remote: string, extraArgs: readonly string[] = []): Promise<NbctlDaemon> {
  const dir = mkdtempSync(join(tmpdir(), 'nbctl-daemon-'));
  const socket = join(dir, 'nbctl.ctl');
  const pidfile = join(dir, 'nbctl.pid');
  const logFile = join(dir, 'nbctl.log');
  const args = [`--db=${remote}`, '--detach', '--no-chdir', `--pidfile=${pidfile}`, `--log-file=${logFile}`, '-u', socket, ...extraArgs];
  let printed: string;
  try {
    printed = await runOk(toolPath('ovn-nbctl'), args, { env: withoutNbEnv(), timeoutMs: NBCTL_TIMEOUT_S * 1000 });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  const pid = Number(readFileSync(pidfile, 'utf8').trim());
  rememberPid(pid);
  let stopped = false;
  const log = (): string => {
    try {
      return readFileSync(logFile, 'utf8');
    } catch {
      return '';
    }
  };
  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    await run(toolPath('ovn-appctl'), ['-t', socket, 'exit'], { timeoutMs: STOP_WAIT_MS });
    if (!(await waitGone(pid, STOP_WAIT_MS))) process.kill(pid, 'SIGKILL');
    await waitGone(pid, STOP_WAIT_MS);
    detachedPids.delete(pid);
    rmSync(dir, { recursive: true, force: true });
  };
  if (printed.trim() !== socket) {
    await stop();
    throw new Error(`ovn-nbctl --detach printed ${JSON.stringify(printed)}, expected its socket ${socket}`);
  }
  return { socket, pid, log, stop };
}

export interface OwnedChild {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Tail of stdout and stderr. */
  output(): string;
  /** Everything written to stdout so far (up to 16 MiB). */
  stdout(): string;
  /** SIGTERM, SIGKILL after a grace period; idempotent. */
  stop(): Promise<void>;
  readonly exited: Promise<number | string | null>;
}

/** Spawn a program as a direct child that the test owns (killed at stop or worker exit). */
export function spawnOwned(file: string, args: readonly string[], cwd: string): OwnedChild {
  const child = spawn(file, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  track(child);
  const out = captureTail(child, 'stdout', STDOUT_MAX_CHARS);
  const err = captureTail(child, 'stderr');
  const exited = new Promise<number | string | null>((res) => child.once('exit', (code, signal) => res(code ?? signal)));
  let stopped = false;
  return {
    child,
    pid: child.pid ?? -1,
    output: () => out() + err(),
    stdout: out,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await stopChild(child);
    },
    exited,
  };
}
