/**
 * Scenario 2: ovn-nbctl breadth. The same sequence of 80+ distinct commands and options (counted
 * in labels.test.ts) runs against ovsdb-server and ovsdb-ts; every step's exit code, output and
 * error text must match once UUIDs are replaced by row labels (see support/labels.ts), and so must
 * every reply and notification the server sent to ovn-nbctl (its jsonrpc debug log, parsed).
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/ovsdb-ts.js';
import { BREADTH, KNOWN_DIFFERENCES } from './nbctl-steps.js';
import { ctlRunner, describeDifferences, differences, dumpTranscript, runSequence, type StepRecord } from './support/nbctl.js';
import { usePair, type Target } from './support/targets.js';
import { requireTools, type Tool } from './support/tools.js';

const NB = join(REPO_ROOT, 'schema', 'ovn-nb.ovsschema');
const TOOLS: readonly Tool[] = ['ovsdb-server', 'ovsdb-tool', 'ovn-nbctl'];

describe('ovn-nbctl breadth against ovsdb-server and ovsdb-ts', () => {
  const pair = usePair([NB], TOOLS);

  it('every step prints the same on both servers', { timeout: 150_000 }, async (ctx) => {
    requireTools(ctx, TOOLS);
    const [oracle, ours] = pair();
    const traced = (t: Target) => ctlRunner('ovn-nbctl', t, [NB], undefined, true);
    const [a, b] = await Promise.all([oracle, ours].map((t) => runSequence(traced(t), BREADTH)));
    dumpTranscript(`breadth-${oracle.name}`, a as StepRecord[]);
    dumpTranscript(`breadth-${ours.name}`, b as StepRecord[]);
    const oracleRun = a as StepRecord[];
    // The sequence does what it says on the oracle (guards against a script that only fails).
    const byStep = new Map(oracleRun.map((r) => [r.step, r]));
    expect(byStep.get('lsp-get-parent sw0-c1')?.stdout).toBe('sw0-p1\n');
    expect(byStep.get('ls-add sw0')?.code).toBe(1);
    expect(oracleRun.filter((r) => r.code === 0).length).toBeGreaterThan(oracleRun.length / 2);
    const unexplained = differences(oracleRun, b as StepRecord[]).filter((d) => !KNOWN_DIFFERENCES.has(d.step));
    expect(describeDifferences(unexplained)).toBe('');
  });
});
