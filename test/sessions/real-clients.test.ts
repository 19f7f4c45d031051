/**
 * Real Open vSwitch clients against ovsdb-ts (in this process, on a unix socket) and against
 * ovsdb-server: two `ovsdb-client lock`/`steal` daemons driven through ovs-appctl, and
 * `ovsdb-client transact` with a wait that blocks until another client commits, or times out.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pollUntil, stopChild, track } from '../support/process.js';
import { findTool, requireOvsTools, startOvsdbServer, hasOvsTools, type OvsdbServer } from '../support/ovsdb-server.js';
import { triggerQueue } from '../../src/server/triggers.js';
import { startTestServer, NB, NB_SCHEMA, type TestServer } from './harness.js';

const WAIT_MS = 10_000;
const TOOL_TIMEOUT_MS = 10_000;

/**
 * Run a tool to completion without blocking the event loop (the ovsdb-ts under test runs in this
 * process and must keep answering). Resolves with its exit code and output; bounded.
 */
function run(cmd: string, args: readonly string[], opts: { env?: NodeJS.ProcessEnv; stdout?: number } = {}): Promise<{ code: number | null; text: string }> {
  const out = opts.stdout ?? 'pipe';
  const child = spawn(tool(cmd), args, { env: opts.env ?? process.env, stdio: ['ignore', out, out] });
  track(child);
  let text = '';
  child.stdout?.on('data', (b: Buffer) => (text += b.toString('utf8')));
  child.stderr?.on('data', (b: Buffer) => (text += b.toString('utf8')));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stopChild(child);
      reject(new Error(`${cmd} ${args.join(' ')} did not finish: ${text}`));
    }, TOOL_TIMEOUT_MS);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, text });
    });
  });
}

function tool(name: string): string {
  const p = findTool(name);
  if (p === null) throw new Error(`${name} not found`);
  return p;
}

/** An `ovsdb-client --detach lock|steal` daemon, its output file and its unixctl socket. */
class LockClient {
  readonly output: string;
  readonly #dir: string;
  #pid = -1;

  constructor(dir: string, readonly label: string) {
    this.#dir = dir;
    this.output = join(dir, `${label}.out`);
  }

  /** Start the daemon; resolves once it has detached (after printing the first reply). */
  async start(command: 'lock' | 'steal', target: string, lock: string): Promise<void> {
    const fd = openSync(this.output, 'w');
    const pidfile = join(this.#dir, `${this.label}.pid`);
    try {
      const args = ['--detach', '--no-chdir', `--pidfile=${pidfile}`, command, target, lock];
      const r = await run('ovsdb-client', args, { env: { ...process.env, OVS_RUNDIR: this.#dir }, stdout: fd });
      if (r.code !== 0) throw new Error(`ovsdb-client ${command} failed: ${readFileSync(this.output, 'utf8')}`);
    } finally {
      closeSync(fd);
    }
    this.#pid = Number(readFileSync(pidfile, 'utf8').trim());
  }

  /** `ovs-appctl -t <ctl> lock|steal|unlock|exit [lock]`. */
  async appctl(...args: string[]): Promise<void> {
    const ctl = join(this.#dir, `ovsdb-client.${this.#pid}.ctl`);
    const r = await run('ovs-appctl', ['-t', ctl, ...args]);
    if (r.code !== 0) throw new Error(`ovs-appctl ${args.join(' ')}: ${r.text}`);
  }

  text(): string {
    return readFileSync(this.output, 'utf8');
  }

  /** Wait (bounded) until the output has `lines` lines. */
  async lines(lines: number): Promise<void> {
    await pollUntil(() => this.text().split('\n').length - 1 >= lines, TOOL_TIMEOUT_MS, `${lines} lines from ${this.label}`);
  }

  /** The daemon removes its pidfile as it exits (its zombie may linger until reaped). */
  exited(): boolean {
    return this.#pid >= 0 && !existsSync(join(this.#dir, `${this.label}.pid`));
  }

  alive(): boolean {
    if (this.#pid < 0) return false;
    try {
      process.kill(this.#pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  kill(): void {
    if (this.#pid >= 0 && !this.exited() && this.alive()) process.kill(this.#pid, 'SIGKILL');
  }
}

/** The lock scenario of OVS's ovsdb-lock tests: what each daemon prints. */
async function lockScenario(target: string): Promise<[string, string]> {
  const dir = mkdtempSync(join(tmpdir(), 'ovsdb-lock-clients-'));
  const c1 = new LockClient(dir, 'c1');
  const c2 = new LockClient(dir, 'c2');
  try {
    await c1.start('lock', target, 'L');
    await c1.lines(1);
    await c2.start('lock', target, 'L');
    await c2.lines(1);
    await c1.appctl('unlock', 'L');
    await c1.lines(2);
    await c2.lines(3);
    await c1.appctl('steal', 'L');
    await c1.lines(3);
    await c2.lines(5);
    await c1.appctl('exit');
    await c2.lines(7);
    await c2.appctl('exit');
    await pollUntil(() => c1.exited() && c2.exited(), TOOL_TIMEOUT_MS, 'the lock clients to exit');
    return [c1.text(), c2.text()];
  } finally {
    c1.kill();
    c2.kill();
    rmSync(dir, { recursive: true, force: true });
  }
}

function transact(target: string, ...ops: object[]): ChildProcess {
  const child = spawn(tool('ovsdb-client'), ['transact', target, JSON.stringify([NB, ...ops])], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  track(child);
  return child;
}

/** Resolve with a client's output once it exits (bounded). */
function outputOf(child: ChildProcess): Promise<string> {
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString('utf8')));
  child.stderr?.on('data', (b: Buffer) => (out += b.toString('utf8')));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stopChild(child);
      reject(new Error(`ovsdb-client did not exit; output so far: ${out}`));
    }, WAIT_MS + TOOL_TIMEOUT_MS);
    // 'close', not 'exit': the process may exit before its output has been read.
    child.once('close', () => {
      clearTimeout(timer);
      resolve(out.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uuid>').replace(/after \d+ ms/, 'after N ms'));
    });
  });
}

function waitOp(name: string, timeout: number): object {
  return { op: 'wait', table: 'Logical_Switch', where: [['name', '==', name]], columns: ['name'], until: '==', rows: [{ name }], timeout };
}

/** A wait blocks until another ovsdb-client inserts the row; `blocked()` tells when it is queued. */
async function waitScenario(target: string, name: string, blocked: () => boolean): Promise<string[]> {
  const waiting = transact(target, waitOp(name, WAIT_MS), { op: 'comment', comment: 'waited' });
  const result = outputOf(waiting);
  await pollUntil(blocked, TOOL_TIMEOUT_MS, 'the wait to block on the server');
  const insert = await outputOf(transact(target, { op: 'insert', table: 'Logical_Switch', row: { name } }));
  const timedOut = await outputOf(transact(target, waitOp(`${name}-never`, 200)));
  return [await result, insert, timedOut];
}

describe('real ovsdb-client', () => {
  let ours: TestServer;
  let ref: OvsdbServer | null = null;
  beforeAll(async () => {
    ours = await startTestServer();
    if (hasOvsTools() && findTool('ovs-appctl') !== null) ref = await startOvsdbServer({ schemas: [NB_SCHEMA] });
  });
  afterAll(async () => {
    await ours.close();
    await ref?.stop();
  });

  it('two lock/steal daemons see the same replies and notifications as with ovsdb-server', async (ctx) => {
    requireOvsTools(ctx);
    const expected: [string, string] = [
      '{"locked":true}\n{}\n{"locked":true}\n',
      '{"locked":false}\nlocked\n["L"]\nstolen\n["L"]\nlocked\n["L"]\n',
    ];
    expect(await lockScenario(`unix:${ref!.unixPath}`)).toEqual(expected);
    expect(await lockScenario(`unix:${ours.unixPath}`)).toEqual(expected);
  });

  it('transact with a wait blocks until another client commits, as with ovsdb-server', async (ctx) => {
    requireOvsTools(ctx);
    const triggers = (): string => ref!.appctl('memory/show');
    const theirs = await waitScenario(`unix:${ref!.unixPath}`, 'late', () => /triggers:1\b/.test(triggers()));
    const queue = triggerQueue(ours.server);
    const mine = await waitScenario(`unix:${ours.unixPath}`, 'late', () => queue.pendingTotal === 1);
    expect(mine).toEqual(theirs);
    expect(mine[0]).toBe('[{},{}]\n');
    expect(mine[2]).toContain('"wait\\" timed out after N ms');
  });
});
