/**
 * A one-server clustered ovsdb-server (ovsdb(7) "Clustered Database Service Model"), whose raft
 * address is a unix socket in a temp dir: unlike a standalone one, it keeps a transaction history
 * and so answers monitor_cond_since with found=true. A direct child of the test, stopped by it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findTool } from '../../support/ovsdb-server.js';
import { captureTail, pollUntil, stopChild, track } from '../../support/process.js';
import { NB_SCHEMA } from './servers.js';

const START_TIMEOUT_MS = 10_000;

export interface ClusteredServer {
  /** "unix:PATH" */
  readonly unix: string;
  log(): string;
  stop(): Promise<void>;
}

export async function startClusteredOvsdbServer(): Promise<ClusteredServer> {
  const dir = mkdtempSync(join(tmpdir(), 'ovsdb-cluster-'));
  const db = join(dir, 'db');
  const sock = join(dir, 'sock');
  const created = spawnSync(findTool('ovsdb-tool') ?? 'ovsdb-tool', ['create-cluster', db, NB_SCHEMA, `unix:${join(dir, 'raft')}`], {
    encoding: 'utf8',
    timeout: START_TIMEOUT_MS,
  });
  if (created.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`ovsdb-tool create-cluster failed: ${created.stderr}`);
  }
  const args = [`--remote=punix:${sock}`, `--unixctl=${join(dir, 'ctl')}`, '--no-chdir', '-vconsole:info', `--log-file=${join(dir, 'log')}`, db];
  const child = spawn(findTool('ovsdb-server') ?? 'ovsdb-server', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  track(child);
  const tail = captureTail(child, 'stderr');
  const stop = async (): Promise<void> => {
    await stopChild(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await pollUntil(() => existsSync(sock) && /elected leader/.test(tail()), START_TIMEOUT_MS, 'the cluster leader');
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}\n${tail()}`);
  }
  return { unix: `unix:${sock}`, log: tail, stop };
}
