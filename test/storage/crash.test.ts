/**
 * Crash tests: the server (node dist/cli.js on a database file) runs concurrent writers and is
 * killed with SIGKILL at a random moment; after a restart every acknowledged transaction must be
 * there, and nothing that was never sent. The same loop runs against the storage layer alone
 * (test/storage/crash-writer.js) with compaction forced to run all the time, so that kills land
 * in the middle of compactions too.
 *
 * Rounds: 50 each by default; OVSDB_TS_CRASH_ROUNDS=N for a long run. The PRNG seed is printed
 * in every failure (OVSDB_TS_CRASH_SEED=S replays a run).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import type { Json } from '../../src/ovsdb/json.js';
import { startOvsdbTs, hasBuiltCli, REPO_ROOT, type OvsdbTs } from '../support/ovsdb-ts.js';
import { RpcClient } from '../support/rpc-client.js';
import { NB_SCHEMA, tempDir } from './helpers.js';
import { delay, pollUntil } from './oracle.js';
import { prng } from '../support/prng.js';

const ROUNDS = Number(process.env['OVSDB_TS_CRASH_ROUNDS'] ?? 50);
const SEED = Number(process.env['OVSDB_TS_CRASH_SEED'] ?? Date.now() % 1_000_000);
const WRITERS = 4;
const MAX_RUN_MS = 250;
const ROUND_TIMEOUT_MS = 20_000;
const NB = 'OVN_Northbound';

/** Outcome of every transaction a round sent: acknowledged, or unknown (in flight at the kill). */
interface Ledger {
  readonly acked: Set<string>;
  readonly unknown: Set<string>;
}

function checkAgainst(present: readonly string[], ledger: Ledger, where: string): void {
  const seen = new Set(present);
  expect(seen.size, `${where}: duplicate rows`).toBe(present.length);
  const lost = [...ledger.acked].filter((n) => !seen.has(n));
  expect(lost, `${where}: acknowledged transactions lost`).toEqual([]);
  const extra = present.filter((n) => !ledger.acked.has(n) && !ledger.unknown.has(n));
  expect(extra, `${where}: rows nobody committed`).toEqual([]);
  // What was in flight is now decided: it is there or it is not, for good.
  for (const n of ledger.unknown) if (seen.has(n)) ledger.acked.add(n);
  ledger.unknown.clear();
}

async function switchNames(port: number): Promise<string[]> {
  const c = await RpcClient.connect({ port });
  try {
    const r = await c.request('transact', [NB, { op: 'select', table: 'Logical_Switch', where: [], columns: ['name'] }]);
    const rows = ((r.result as Json[])[0] as { rows: { name: string }[] }).rows;
    return rows.map((x) => x.name);
  } finally {
    await c.close();
  }
}

/** One writer: insert switches one after the other until the connection dies. */
async function writer(port: number, tag: string, ledger: Ledger, rnd: () => number): Promise<void> {
  let c: RpcClient;
  try {
    c = await RpcClient.connect({ port });
  } catch {
    return;
  }
  for (let seq = 0; ; seq++) {
    const name = `${tag}-${seq}`;
    const ops: Json[] = [NB, { op: 'insert', table: 'Logical_Switch', row: { name } }];
    if (rnd() < 0.2) ops.push({ op: 'commit', durable: true });
    ledger.unknown.add(name);
    try {
      const r = await c.request('transact', ops, ROUND_TIMEOUT_MS);
      const res = r.result as Json[];
      if (!Array.isArray(res) || res.some((x) => x !== null && typeof x === 'object' && 'error' in (x as object))) {
        throw new Error(`transaction failed: ${JSON.stringify(r.message)}`);
      }
      ledger.unknown.delete(name);
      ledger.acked.add(name);
    } catch (e) {
      if (c.isClosed) return;
      throw e;
    }
  }
}

describe('crash safety', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('crash');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it(`server killed with SIGKILL ${ROUNDS} times loses no acknowledged transaction (seed ${SEED})`, async (ctx) => {
    if (!hasBuiltCli()) {
      if (process.env['CI'] === 'true') throw new Error('dist/cli.js missing: build first');
      ctx.skip('dist/cli.js missing: run npx tsc -p tsconfig.json');
    }
    const rnd = prng(SEED);
    const db = join(dir, 'server.db');
    const ledger: Ledger = { acked: new Set(), unknown: new Set() };
    for (let round = 0; round < ROUNDS; round++) {
      const where = `round ${round} (seed ${SEED})`;
      const server: OvsdbTs = await startOvsdbTs({ schemas: [NB_SCHEMA], persistent: true, extraArgs: [db] });
      try {
        checkAgainst(await switchNames(server.tcpPort), ledger, where);
        const writers = Array.from({ length: WRITERS }, (_, w) => writer(server.tcpPort, `r${round}w${w}`, ledger, rnd));
        await delay(Math.floor(rnd() * MAX_RUN_MS));
        process.kill(server.pid, 'SIGKILL');
        await server.exited;
        await Promise.all(writers);
      } catch (e) {
        throw new Error(`${where}: ${e instanceof Error ? e.message : String(e)}\n${server.log()}`);
      } finally {
        await server.stop();
      }
    }
    const last = await startOvsdbTs({ schemas: [NB_SCHEMA], persistent: true, extraArgs: [db] });
    try {
      checkAgainst(await switchNames(last.tcpPort), ledger, `final check (seed ${SEED})`);
      expect(ledger.acked.size).toBeGreaterThan(ROUNDS);
    } finally {
      await last.stop();
    }
  }, ROUNDS * ROUND_TIMEOUT_MS);

  it(`storage killed with SIGKILL ${ROUNDS} times, while compacting, loses nothing (seed ${SEED})`, async (ctx) => {
    const script = join(REPO_ROOT, 'test', 'storage', 'crash-writer.js');
    if (!fs.existsSync(join(REPO_ROOT, 'dist', 'storage', 'index.js'))) {
      if (process.env['CI'] === 'true') throw new Error('dist/ missing: build first');
      ctx.skip('dist/ missing: run npx tsc -p tsconfig.json');
    }
    const rnd = prng(SEED + 1);
    const db = join(dir, 'storage.db');
    const ledger: Ledger = { acked: new Set(), unknown: new Set() };
    let compactions = 0;
    let killedCompacting = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const where = `storage round ${round} (seed ${SEED})`;
      let compacting = false;
      const child = spawn(process.execPath, [script, db, NB_SCHEMA, `r${round}`], { stdio: ['ignore', 'pipe', 'pipe'] });
      let err = '';
      child.stderr.on('data', (b: Buffer) => (err += b.toString()));
      let out = '';
      let present: string[] | null = null;
      let failure: unknown = null;
      child.stdout.on('data', (b: Buffer) => {
        out += b.toString();
        let nl: number;
        while ((nl = out.indexOf('\n')) >= 0) {
          const line = out.slice(0, nl);
          out = out.slice(nl + 1);
          if (line.startsWith('present ')) {
            // Check now: the lines after it already belong to this round.
            present = JSON.parse(line.slice(8)) as string[];
            try {
              checkAgainst(present, ledger, where);
            } catch (e) {
              failure = e;
            }
          } else if (line.startsWith('compacting ')) {
            compacting = line === 'compacting 1';
            if (compacting) compactions++;
          } else if (line.startsWith('sending ')) ledger.unknown.add(line.slice(8));
          else if (line.startsWith('acked ')) {
            ledger.unknown.delete(line.slice(6));
            ledger.acked.add(line.slice(6));
          }
        }
      });
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      try {
        await pollUntil(() => present !== null || child.exitCode !== null, ROUND_TIMEOUT_MS, 'the writer to start');
        if (present === null) throw new Error(`writer exited: ${err}`);
        if (failure !== null) throw failure;
        await delay(Math.floor(rnd() * MAX_RUN_MS));
      } finally {
        child.kill('SIGKILL');
        await exited;
        if (compacting) killedCompacting++;
      }
    }
    expect(ledger.acked.size).toBeGreaterThan(ROUNDS);
    expect(compactions).toBeGreaterThan(0);
    console.log(`storage crash loop: ${compactions} compactions started, ${killedCompacting} kills during one`);
  }, ROUNDS * ROUND_TIMEOUT_MS);
});

