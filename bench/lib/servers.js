// Launchers for the two servers under test, on the same terms: one database FILE each (created
// from the same schema, or copied from the same prepared file), default fsync policy (none),
// console logging at warn, a unix socket (what the load generator uses) and a TCP listener on
// 127.0.0.1:0. Each server lives in its own temp dir, is a direct child of this process (so its
// pid is the server's), and is stopped with SIGTERM then SIGKILL.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI = path.join(REPO, 'dist', 'cli.js');
export const NB_SCHEMA = path.join(REPO, 'schema', 'ovn-nb.ovsschema');
export const TS = 'ovsdb-ts';
export const OVS = 'ovsdb-server';
export const KINDS = [TS, OVS];

const READY_POLL_MS = 2;
const STOP_GRACE_MS = 5_000;
const TOOL_DIRS = ['/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin', '/sbin'];
const live = new Set();

export function findTool(name) {
  for (const d of [...(process.env.PATH ?? '').split(':'), ...TOOL_DIRS]) {
    if (d !== '' && fs.existsSync(path.join(d, name))) return path.join(d, name);
  }
  return null;
}

/** Kill whatever is still running (exit paths). */
export function killAll() {
  for (const child of live) child.kill('SIGKILL');
}

function tool(name) {
  const p = findTool(name);
  if (p === null) throw new Error(`${name} not found (install openvswitch-switch / ovn-central)`);
  return p;
}

/**
 * Options: { dbFile?: copy this file instead of creating one; for ovsdb-ts: nodeArgs?: [...],
 * cli?: another build's dist/cli.js (before/after comparisons) }.
 */
export async function launch(kind, opts = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `bench-${kind}-`));
  const db = path.join(dir, 'ovnnb.db');
  const sock = path.join(dir, 'sock');
  try {
    if (opts.dbFile !== undefined) fs.copyFileSync(opts.dbFile, db);
    const t0 = performance.now();
    const child = kind === TS ? spawnTs(db, sock, opts) : spawnOvs(dir, db, sock);
    return await started(kind, child, dir, sock, t0, opts.readyTimeoutMs ?? 120_000);
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

function spawnTs(db, sock, opts) {
  const args = [
    ...(opts.nodeArgs ?? []),
    opts.cli ?? CLI,
    db,
    `--schema=${NB_SCHEMA}`,
    `--remote=punix:${sock}`,
    '--remote=ptcp:0:127.0.0.1',
    '--log-level=warn',
  ];
  return spawn(process.execPath, args, { cwd: REPO, stdio: ['ignore', 'ignore', 'pipe'] });
}

function spawnOvs(dir, db, sock) {
  if (!fs.existsSync(db)) {
    const r = spawnSync(tool('ovsdb-tool'), ['create', db, NB_SCHEMA], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`ovsdb-tool create: ${r.stderr}`);
  }
  const args = [
    `--remote=punix:${sock}`,
    '--remote=ptcp:0:127.0.0.1',
    `--unixctl=${path.join(dir, 'ctl')}`,
    '--no-chdir',
    '-vconsole:warn',
    '-vsyslog:off',
    db,
  ];
  return spawn(tool('ovsdb-server'), args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

async function started(kind, child, dir, sock, t0, timeoutMs) {
  live.add(child);
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise((res) => child.once('exit', (code, sig) => res(code ?? sig)));
  exited.then(() => live.delete(child));
  let stopped = false;
  const server = {
    kind,
    dir,
    sock,
    remote: `unix:${sock}`,
    pid: child.pid,
    readyMs: 0,
    stderr: () => stderr,
    exited,
    /** SIGTERM (SIGKILL after a grace period), then remove the dir (after `beforeRemove`). */
    async stop({ beforeRemove } = {}) {
      if (stopped) return;
      stopped = true;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
      try {
        beforeRemove?.();
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  try {
    await waitReady(sock, exited, timeoutMs, () => stderr);
    server.readyMs = performance.now() - t0;
    return server;
  } catch (e) {
    await server.stop();
    throw e;
  }
}

/**
 * Ready = the unix socket accepts a connection and answers list_dbs (both servers open their
 * databases before they listen, so this includes loading the file).
 */
async function waitReady(sock, exited, timeoutMs, stderr) {
  let exitCode;
  exited.then((c) => {
    exitCode = c;
  });
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`server exited (${exitCode}) before ready: ${stderr()}`);
    if (await answersListDbs(sock)) return;
    await new Promise((r) => setTimeout(r, READY_POLL_MS));
  }
  throw new Error(`server not ready after ${timeoutMs} ms: ${stderr()}`);
}

function answersListDbs(sock) {
  return new Promise((resolve) => {
    const s = net.connect(sock);
    let got = '';
    const done = (ok) => {
      s.destroy();
      resolve(ok);
    };
    s.on('error', () => done(false));
    s.on('connect', () => s.write('{"id":0,"method":"list_dbs","params":[]}'));
    s.on('data', (d) => {
      got += d.toString();
      if (got.includes('OVN_Northbound')) done(true);
    });
    s.on('close', () => done(false));
  });
}

/** Versions of the two servers, for the results' conditions. */
export function versions() {
  const ovs = spawnSync(tool('ovsdb-server'), ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0];
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  return { [TS]: `ovsdb-ts ${pkg.version} (node ${process.versions.node})`, [OVS]: ovs };
}
