/**
 * The real programs the interop scenarios drive (Debian's ovn-central, ovn-common,
 * openvswitch-common, python3-ovsdbapp, installed by `.ci/run`), and a bounded way to run them.
 *
 * Every run has a hard timeout (SIGKILL on expiry) so that a client waiting forever on a server
 * that does not answer fails the test instead of hanging it.
 */
import { execFile, spawnSync } from 'node:child_process';
import { findTool } from '../../support/ovsdb-server.js';

/** Debian's interpreter, where python3-ovsdbapp and python3-openvswitch live (not a pyenv shim). */
export const PYTHON = '/usr/bin/python3';
export const DEFAULT_RUN_TIMEOUT_MS = 20_000;
/** ovn-nbctl's own bound on waiting for the server (`--timeout`), in seconds. */
export const NBCTL_TIMEOUT_S = 10;

export type Tool =
  | 'ovsdb-server'
  | 'ovsdb-tool'
  | 'ovsdb-client'
  | 'ovs-appctl'
  | 'ovn-nbctl'
  | 'ovn-sbctl'
  | 'ovn-northd'
  | 'ovn-appctl'
  | 'ovsdbapp';

const PACKAGE: ReadonlyMap<Tool, string> = new Map([
  ['ovsdb-server', 'openvswitch-common'],
  ['ovsdb-tool', 'openvswitch-common'],
  ['ovsdb-client', 'openvswitch-common'],
  ['ovs-appctl', 'openvswitch-common'],
  ['ovn-nbctl', 'ovn-common'],
  ['ovn-sbctl', 'ovn-common'],
  ['ovn-northd', 'ovn-central'],
  ['ovn-appctl', 'ovn-common'],
  ['ovsdbapp', 'python3-ovsdbapp'],
]);

let ovsdbappPresent: boolean | undefined;

function present(tool: Tool): boolean {
  if (tool !== 'ovsdbapp') return findTool(tool) !== null;
  if (ovsdbappPresent === undefined) {
    const r = spawnSync(PYTHON, ['-c', 'import ovsdbapp.schema.ovn_northbound.impl_idl'], { timeout: 20_000 });
    ovsdbappPresent = r.status === 0;
  }
  return ovsdbappPresent;
}

/** Why the tools cannot be used (naming the Debian packages), or null when all are present. */
export function toolsSkipReason(tools: readonly Tool[]): string | null {
  const missing = tools.filter((t) => !present(t));
  if (missing.length === 0) return null;
  const pkgs = [...new Set(missing.map((t) => PACKAGE.get(t)))].join(' ');
  return `interop tools missing (${missing.join(', ')}); apt-get install ${pkgs}`;
}

/** Under CI (`CI=true`) a missing tool fails the test; elsewhere the test is skipped with a note. */
export function requireTools(ctx: { skip: (note?: string) => void }, tools: readonly Tool[]): void {
  const reason = toolsSkipReason(tools);
  if (reason === null) return;
  if (process.env['CI'] === 'true') throw new Error(`${reason} (required when CI=true)`);
  ctx.skip(reason);
}

/** Absolute path of an installed tool (throws when absent). */
export function toolPath(tool: Exclude<Tool, 'ovsdbapp'>): string {
  const p = findTool(tool);
  if (p === null) throw new Error(toolsSkipReason([tool]) ?? `${tool} not found`);
  return p;
}

export interface RunResult {
  /** Exit code, or null when killed (then `signal` says by what). */
  readonly code: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** Written to the program's stdin, which is then closed. */
  readonly input?: string;
}

/** Run a program to completion (bounded); never rejects on a non-zero exit. */
export function run(file: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(
      file,
      args,
      {
        encoding: 'utf8',
        timeout: opts.timeoutMs ?? DEFAULT_RUN_TIMEOUT_MS,
        killSignal: 'SIGKILL',
        maxBuffer: 64 * 1024 * 1024,
        env: opts.env ?? process.env,
        cwd: opts.cwd,
      },
      (err, stdout, stderr) => {
        const e = err as (Error & { code?: unknown; signal?: unknown }) | null;
        const code = e === null ? 0 : typeof e.code === 'number' ? e.code : null;
        const signal = e !== null && typeof e.signal === 'string' ? e.signal : null;
        resolve({ code, signal, stdout, stderr: e !== null && code === null && signal === null ? `${stderr}${e.message}` : stderr });
      },
    );
    child.stdin?.on('error', () => undefined); // a program that exits without reading its input
    child.stdin?.end(opts.input ?? '');
  });
}

/** Run and require exit 0; rejects with the output otherwise. */
export async function runOk(file: string, args: readonly string[], opts: RunOptions = {}): Promise<string> {
  const r = await run(file, args, opts);
  if (r.code !== 0) {
    throw new Error(`${file} ${args.join(' ')} failed (code ${r.code}, signal ${r.signal}):\n${r.stderr}${r.stdout}`);
  }
  return r.stdout;
}
