/**
 * Randomized differential mode: seeded random transactions (valid and invalid) over the
 * purpose-built schema and OVN Northbound, sent to ovsdb-server and ovsdb-ts in lock step.
 *
 * Environment:
 *   DIFF_SEED=N          replay a run (the seed is printed on failure); DIFF_SEED=random picks a
 *                        fresh seed. Unset: a fixed seed, so that CI runs are repeatable.
 *   DIFF_ROUNDS=N        transactions per database (default 120)
 *   DIFF_SELF_CHECK=1    compare ovsdb-server with a second ovsdb-server (checks the harness:
 *                        every difference then is nondeterminism the normaliser misses)
 *   DIFF_ORACLE_ONLY=1   drive ovsdb-server alone (checks the generator; prints error-tag stats)
 *   DIFF_STRICT=1        also fail on differences confined to error details
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSchemaFile } from '../../src/ovsdb/schema-load.js';
import { ovsToolsSkipReason, requireOvsTools, startOvsdbServer, type OvsdbServer } from '../support/ovsdb-server.js';
import { startOvsdbTs, type OvsdbTs } from '../support/ovsdb-ts.js';
import { DIFF_SCHEMA, NB_SCHEMA } from './cases/index.js';
import { cleanupOps, schemaTables } from './harness.js';
import { runLockstep, type LockstepResult, type Mismatch } from './random/lockstep.js';
import { Prng, seedFromEnv } from './random/prng.js';
import { TxnGen } from './random/txn-gen.js';
import { knownRandomDifference } from './known-differences.js';
import { parseJson } from '../../src/wire/index.js';

const ORACLE_ONLY = process.env['DIFF_ORACLE_ONLY'] === '1';
const SELF_CHECK = process.env['DIFF_SELF_CHECK'] === '1';
const STRICT = process.env['DIFF_STRICT'] === '1';
const ROUNDS = Number(process.env['DIFF_ROUNDS'] ?? '120');
/** Transactions between two clean-ups, so the database stays small. */
const EPISODE = 30;
const SEED = seedFromEnv();

let ref: OvsdbServer | undefined;
let ours: OvsdbTs | undefined;
let twin: OvsdbServer | undefined;

beforeAll(async () => {
  if (ovsToolsSkipReason() !== null) return;
  const schemas = [DIFF_SCHEMA, NB_SCHEMA];
  const [r, o] = await Promise.allSettled([
    startOvsdbServer({ schemas }),
    ORACLE_ONLY || SELF_CHECK ? Promise.resolve(undefined) : startOvsdbTs({ schemas }),
  ]);
  if (r.status === 'fulfilled') ref = r.value;
  if (o.status === 'fulfilled') ours = o.value;
  if (SELF_CHECK) twin = await startOvsdbServer({ schemas });
  if (r.status === 'rejected') throw r.reason;
  if (o.status === 'rejected') throw o.reason;
});

afterAll(async () => {
  await Promise.all([ref?.stop(), ours?.stop(), twin?.stop()]);
});

function show(m: Mismatch, withHistory = false): string {
  const history = withHistory ? `\n  after (from an empty database):\n${m.before.map((l) => `  ${l}`).join('\n')}` : '';
  return `step ${m.step}\n  request:      ${m.request}\n  ovsdb-server: ${m.reference}\n  ovsdb-ts:     ${m.ours}${history}`;
}

const DATABASES: readonly [string, string, number][] = [
  ['Diff', DIFF_SCHEMA, 1],
  ['OVN_Northbound', NB_SCHEMA, 2],
];

describe(`differential: random (DIFF_SEED=${SEED})`, () => {
  for (const [db, file, salt] of DATABASES) {
    it(`${db}: ${ROUNDS} random transactions`, async (ctx) => {
      requireOvsTools(ctx);
      if (ref === undefined) throw new Error('ovsdb-server did not start');
      const seed = (SEED + salt) >>> 0;
      const rng = new Prng(seed);
      const gen = new TxnGen(loadSchemaFile(file, parseJson).schema, rng);
      const cleanup = cleanupOps(schemaTables(file));
      const replay = `replay: DIFF_SEED=${SEED} DIFF_ROUNDS=${ROUNDS} npx vitest run test/differential/random.test.ts`;
      const tags = new Map<string, number>();
      let failed = 0;
      for (let done = 0; done < ROUNDS; done += EPISODE) {
        const n = Math.min(EPISODE, ROUNDS - done);
        const target = twin !== undefined ? { path: twin.unixPath } : ours === undefined ? undefined : { port: ours.tcpPort };
        const r: LockstepResult = await runLockstep(db, gen, n, { path: ref.unixPath }, target, [...cleanup]).catch((e: unknown) => {
          const logs = `ovsdb-server log:\n${ref?.log() ?? ''}\novsdb-ts log:\n${ours?.log() ?? ''}`;
          throw new Error(`${db}: ${String(e)} at episode ${done / EPISODE}\n${replay}\n${logs}`);
        });
        failed += r.failed;
        for (const [t, k] of r.tags) tags.set(t, (tags.get(t) ?? 0) + k);
        if (r.detailMismatches.length > 0) {
          const note = `${db}: ${r.detailMismatches.length} difference(s) in error details only (${replay})\n${r.detailMismatches.map((m) => show(m)).join('\n')}`;
          if (STRICT) expect.fail(note);
          console.warn(note);
        }
        const known = r.mismatch === null ? null : knownRandomDifference(r.mismatch);
        if (r.mismatch !== null && known !== null) {
          console.warn(`${db}: known difference "${known}" (${replay})\n${show(r.mismatch)}`);
          continue;
        }
        if (r.mismatch !== null) expect.fail(`${db}: servers differ at episode ${done / EPISODE} ${show(r.mismatch, true)}\n${replay}`);
      }
      if (ORACLE_ONLY) console.log(`${db}: ${failed}/${ROUNDS} transactions failed; tags ${JSON.stringify([...tags])}`);
      // A generator that only ever fails (or never does) would test little.
      expect(failed).toBeGreaterThan(0);
      expect(failed).toBeLessThan(ROUNDS);
    });
  }
});
