/**
 * Differential suite: every case of ./cases runs against the reference ovsdb-server and against
 * ovsdb-ts (both serving the same schemas), and the normalised transcripts must be identical.
 *
 * Modes (environment):
 *   DIFF_SELF_CHECK=1    compare ovsdb-server with a second ovsdb-server (checks the harness:
 *                        every difference then is nondeterminism the normaliser misses)
 *   DIFF_ORACLE_ONLY=1   run the cases against ovsdb-server alone and check only that each case
 *                        produces the error tags it declares (for writing cases).
 *   DIFF_REPORT=FILE     also write every difference as JSON to FILE (for triage).
 *   DIFF_FILTER=TEXT     run only cases whose "topic / name" contains TEXT.
 *   DIFF_VERBOSE=1       print the reference transcript of every case run.
 */
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ovsToolsSkipReason, requireOvsTools, startOvsdbServer, type OvsdbServer } from '../support/ovsdb-server.js';
import { startOvsdbTs, type OvsdbTs } from '../support/ovsdb-ts.js';
import type { RpcTarget } from '../support/rpc-client.js';
import { ALL_GROUPS, DIFF_SCHEMA, NB_SCHEMA, REQUIRED_TAGS } from './cases/index.js';
import { KNOWN_CASE_DIFFERENCES } from './known-differences.js';
import {
  cleanupOps,
  countTransactions,
  describeDifference,
  expectedTags,
  firstDifference,
  runSteps,
  schemaTables,
  seenTags,
  CLOSED,
  type DiffCase,
  type Transcript,
} from './harness.js';

const ORACLE_ONLY = process.env['DIFF_ORACLE_ONLY'] === '1';
const SELF_CHECK = process.env['DIFF_SELF_CHECK'] === '1';
const REPORT = process.env['DIFF_REPORT'];
const FILTER = process.env['DIFF_FILTER'];
const VERBOSE = process.env['DIFF_VERBOSE'] === '1';
const SCHEMAS = [DIFF_SCHEMA, NB_SCHEMA];
const TABLES = new Map<string, string[]>([
  ['Diff', schemaTables(DIFF_SCHEMA)],
  ['OVN_Northbound', schemaTables(NB_SCHEMA)],
]);

let ref: OvsdbServer | undefined;
let ours: OvsdbTs | undefined;
let twin: OvsdbServer | undefined;
const differences: { topic: string; name: string; step: number; report: string }[] = [];

beforeAll(async () => {
  if (ovsToolsSkipReason() !== null) return;
  const [r, o] = await Promise.allSettled([
    startOvsdbServer({ schemas: SCHEMAS }),
    ORACLE_ONLY || SELF_CHECK ? Promise.resolve(undefined) : startOvsdbTs({ schemas: SCHEMAS }),
  ]);
  if (r.status === 'fulfilled') ref = r.value;
  if (o.status === 'fulfilled') ours = o.value;
  if (SELF_CHECK) twin = await startOvsdbServer({ schemas: SCHEMAS });
  if (r.status === 'rejected') throw r.reason;
  if (o.status === 'rejected') throw o.reason;
});

afterAll(async () => {
  await Promise.all([ref?.stop(), ours?.stop(), twin?.stop()]);
  if (REPORT !== undefined) writeFileSync(REPORT, JSON.stringify(differences, null, 2));
});

function refTarget(): RpcTarget {
  if (ref === undefined) throw new Error('ovsdb-server did not start');
  return { path: ref.unixPath };
}

function oursTarget(): RpcTarget {
  if (twin !== undefined) return { path: twin.unixPath };
  if (ours === undefined) throw new Error('ovsdb-ts did not start');
  return { port: ours.tcpPort };
}

/** Run a case and then delete every row, so the next case starts from an empty database. */
async function runCase(target: RpcTarget, db: string, c: DiffCase): Promise<Transcript> {
  const cleanup = cleanupOps(TABLES.get(db) ?? []);
  const t = await runSteps(target, db, [...c.steps, cleanup]);
  if (t.steps.at(-1)?.reply === CLOSED) await runSteps(target, db, [cleanup]);
  return t;
}

describe('differential cases (tables)', () => {
  it('has at least 300 transactions', () => {
    expect(countTransactions(ALL_GROUPS)).toBeGreaterThanOrEqual(300);
  });

  it('covers every error tag a transaction can produce', () => {
    const declared = new Set(ALL_GROUPS.flatMap((g) => g.cases.flatMap((c) => c.errors ?? [])));
    expect(REQUIRED_TAGS.filter((t) => !declared.has(t))).toEqual([]);
  });

  it('has unique case names', () => {
    const names = ALL_GROUPS.flatMap((g) => g.cases.map((c) => `${g.topic} / ${c.name}`));
    expect(names.length).toBe(new Set(names).size);
  });

  it('lists only existing cases as known differences', () => {
    const names = new Set(ALL_GROUPS.flatMap((g) => g.cases.map((c) => `${g.topic} / ${c.name}`)));
    expect([...KNOWN_CASE_DIFFERENCES.keys()].filter((k) => !names.has(k))).toEqual([]);
  });
});

for (const group of ALL_GROUPS) {
  describe(`differential: ${group.topic}`, () => {
    for (const c of group.cases) {
      const label = `${group.topic} / ${c.name}`;
      if (FILTER !== undefined && !label.includes(FILTER)) continue;
      // A known difference must still differ (it.fails); once fixed, its entry must go.
      const known = KNOWN_CASE_DIFFERENCES.get(label);
      const comparing = !ORACLE_ONLY && !SELF_CHECK;
      const test = known !== undefined && comparing ? it.fails : it;
      test(known !== undefined && comparing ? `${c.name} [known difference: ${known}]` : c.name, async (ctx) => {
        requireOvsTools(ctx);
        const db = c.db ?? group.db;
        const [r, o] = await Promise.all([
          runCase(refTarget(), db, c),
          ORACLE_ONLY ? Promise.resolve(undefined) : runCase(oursTarget(), db, c),
        ]);
        if (VERBOSE) console.log(`## ${label}\n${r.steps.map((s) => `> ${s.text}`).join('\n')}`);
        const claim = `${label}: error tags produced by ovsdb-server\n${r.steps.map((s) => s.text).join('\n')}`;
        expect(seenTags(r), claim).toEqual(expectedTags(c));
        if (o === undefined) return;
        const step = firstDifference(r, o);
        if (step >= 0) {
          const report = describeDifference(label, r, o);
          differences.push({ topic: group.topic, name: c.name, step, report });
          expect.fail(report);
        }
      });
    }
  });
}
