/**
 * Real OVS/OVN clients for the monitor tests: ovn-nbctl, ovsdb-client monitor*, and the Python
 * IDL (ovs.db.idl). A missing tool fails the test under CI (CI=true) and skips it elsewhere.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { findTool } from '../support/ovsdb-server.js';
import { pollUntil, stopChild, track } from '../support/process.js';

const COMMAND_TIMEOUT_MS = 15_000;
const PYTHON_CANDIDATES = ['/usr/bin/python3', 'python3'];

export function requireTools(ctx: { skip: (note?: string) => void }, tools: readonly string[]): void {
  const missing = tools.filter((t) => (t === 'python-ovs' ? pythonWithOvs() === null : findTool(t) === null));
  if (missing.length === 0) return;
  const why = `missing ${missing.join(', ')} (Debian: ovn-central, openvswitch-common, python3-openvswitch)`;
  if (process.env['CI'] === 'true') throw new Error(`${why} (required when CI=true)`);
  ctx.skip(why);
}

let pythonCache: string | null | undefined;
/** A python3 that can import ovs.db.idl, or null. */
export function pythonWithOvs(): string | null {
  if (pythonCache !== undefined) return pythonCache;
  pythonCache = null;
  for (const py of PYTHON_CANDIDATES) {
    const r = spawnSync(py, ['-c', 'import ovs.db.idl'], { timeout: COMMAND_TIMEOUT_MS });
    if (r.status === 0) {
      pythonCache = py;
      break;
    }
  }
  return pythonCache;
}

export interface CommandResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runTool(tool: string, args: readonly string[]): CommandResult {
  const path = findTool(tool);
  if (path === null) throw new Error(`${tool} not found`);
  const r = spawnSync(path, [...args], { encoding: 'utf8', timeout: COMMAND_TIMEOUT_MS });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const UUID_RE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/** UUIDs blanked and lines sorted: row order follows random UUIDs on ovsdb-server. */
export function sortedLines(text: string): string {
  return text.replace(UUID_RE, '<uuid>').split('\n').sort().join('\n');
}

/** A long-running client whose stdout is accumulated and awaited by pattern. */
export class Watched {
  #out = '';
  constructor(readonly child: ChildProcess) {
    track(child);
    child.stdout?.on('data', (b: Buffer) => (this.#out += b.toString('utf8')));
    child.stderr?.on('data', (b: Buffer) => (this.#out += b.toString('utf8')));
  }
  static start(command: string, args: readonly string[]): Watched {
    return new Watched(spawn(command, [...args], { stdio: ['ignore', 'pipe', 'pipe'] }));
  }
  get output(): string {
    return this.#out;
  }
  /** Waits (bounded) until the output matches; returns the match. */
  async waitFor(pattern: RegExp, timeoutMs = COMMAND_TIMEOUT_MS): Promise<RegExpMatchArray> {
    let m: RegExpMatchArray | null = null;
    await pollUntil(() => (m = this.#out.match(pattern)) !== null, timeoutMs, `${pattern} in output:\n${this.#out}`, 20);
    return m!;
  }
  stop(): Promise<void> {
    return stopChild(this.child, 1000);
  }
}
