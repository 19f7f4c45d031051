/**
 * The runnable examples in examples/, each run as a user would (`node examples/X.mjs REMOTE`)
 * against a fresh server on 127.0.0.1:0 (ovsdb-ts, as `npm start` serves it, and ovsdb-server),
 * plus a type check of the examples against the built package's declarations. Needs the build
 * (dist/), as `npm test` makes it. Every child process is bounded and killed.
 */
import { describe, it, expect } from 'vitest';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/ovsdb-ts.js';
import { stopChild, track } from '../support/process.js';
import { SERVER_KINDS, useServer, eventually } from '../client/support/servers.js';
import { need } from '../client/support/need.js';

const EXAMPLES = join(REPO_ROOT, 'examples');
const RUN_TIMEOUT_MS = 15_000;

interface Run {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the exit code, or rejects after the bound (the child is then killed). */
  readonly done: Promise<number | null>;
}

/** The first js block of the README's "Client library" section: the complete program it shows. */
function readmeProgram(): string {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Client library'));
  const m = /```js\n([\s\S]*?)```/.exec(section);
  if (m === null) throw new Error('no js block in the README client section');
  return m[1] as string;
}

/** Run examples/NAME, or with `stdin` a program fed to node (importing 'ovsdb-ts' resolves to this package). */
function runExample(name: string, args: readonly string[], stdin?: string): Run {
  const argv = stdin === undefined ? [join(EXAMPLES, name), ...args] : ['--input-type=module', '-', ...args];
  const child = spawn(process.execPath, argv, { cwd: REPO_ROOT, stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  child.stdin?.end(stdin);
  track(child);
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString('utf8')));
  const done = new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => {
      void stopChild(child);
      reject(new Error(`${name} did not finish within ${RUN_TIMEOUT_MS} ms; output:\n${out}`));
    }, RUN_TIMEOUT_MS);
    // 'close': all output read, not just the process gone.
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
  return { child, output: () => out, done };
}

async function run(name: string, ...args: string[]): Promise<string> {
  const r = runExample(name, args);
  const code = await r.done;
  expect(code, r.output()).toBe(0);
  return r.output();
}

describe.each(SERVER_KINDS)('examples against %s', (kind) => {
  const server = useServer(kind);

  it('container-in-vm, watched live by port-watcher, then the inventory', async (ctx) => {
    need(kind, ctx);
    const remote = server().tcp;
    const watcher = runExample('port-watcher.mjs', [remote, '--exit-after', '2']);
    try {
      await eventually(() => watcher.output().includes('synced: 0 ports'), 'the watcher to sync', RUN_TIMEOUT_MS);
      const created = await run('container-in-vm.mjs', remote);
      expect(created).toMatch(/^switch sw0 [0-9a-f-]{36} with 2 ports$/m);
      expect(created).toMatch(/^ {2}port vm1 [0-9a-f-]{36}: 00:00:00:00:00:01 10\.0\.0\.11$/m);
      expect(created).toMatch(/^ {2}port vm1-c1 [0-9a-f-]{36} \(container in vm1, VLAN 42\): 00:00:00:00:01:01 10\.0\.0\.21$/m);
      expect(created).toContain('switch holds both ports: true');
      expect(await watcher.done).toBe(0);
      const watched = watcher.output().split('\n').filter((l) => l.startsWith('+'));
      expect(watched.sort()).toEqual(['+ vm1', '+ vm1-c1 (in vm1, VLAN 42)']);
    } finally {
      await stopChild(watcher.child);
    }
    // Running it again replaces the rows rather than failing on the unique port names.
    expect(await run('container-in-vm.mjs', remote)).toContain('switch holds both ports: true');
    const inventory = await run('inventory.mjs', remote);
    expect(inventory).toContain('switches: 1, ports: 2, routers: 0, ACLs: 0, load balancers: 0');
    expect(inventory).toContain('switch sw0: 2 ports, 1 in containers; vm1 [vm1-c1]');
  });

  it("the README's client program runs and prints what it read back", async (ctx) => {
    need(kind, ctx);
    const program = readmeProgram();
    expect(program.trimEnd().split('\n').length).toBeLessThan(20);
    const r = runExample('README.md', [server().tcp], program);
    expect(await r.done, r.output()).toBe(0);
    expect(r.output()).toBe("[ { parent_name: 'web-vm', tag: 42 } ]\n");
  });

  it('an example fails cleanly when nothing listens', async (ctx) => {
    need(kind, ctx);
    const r = runExample('inventory.mjs', ['tcp:127.0.0.1:1']);
    expect(await r.done).not.toBe(0);
    expect(r.output()).toMatch(/ConnectionError: not connected: tcp:127\.0\.0\.1:1/);
  });
});

describe('examples type-check against the package declarations', () => {
  it('tsc -p tsconfig.examples.json', () => {
    const tsc = join(REPO_ROOT, 'node_modules', '.bin', 'tsc');
    const r = spawnSync(tsc, ['-p', join(REPO_ROOT, 'tsconfig.examples.json')], { encoding: 'utf8', timeout: 60_000, cwd: REPO_ROOT });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
