/**
 * Scenario 2, daemon mode: `ovn-nbctl --detach` keeps one connection (and one monitored copy
 * of the database) per server, and the whole breadth sequence runs through it with
 * `OVN_NB_DAEMON`; the transcripts of ovsdb-server and ovsdb-ts must match step by step.
 * The daemon sees its own writes only through the server's monitor updates, so this also
 * exercises update notifications on a long-lived session: every message the daemon received
 * (its jsonrpc debug log) is compared too, normalised as in the direct-mode breadth test.
 */
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/ovsdb-ts.js';
import { BREADTH, KNOWN_DIFFERENCES } from './nbctl-steps.js';
import { startNbctlDaemon, alive, type NbctlDaemon } from './support/daemons.js';
import {
  describeDifferences,
  differences,
  dumpTranscript,
  nbctlRunner,
  receivedTraffic,
  runSequence,
  type NbctlRunner,
  type StepRecord,
} from './support/nbctl.js';
import { usePair } from './support/targets.js';
import { requireTools, toolsSkipReason, type Tool } from './support/tools.js';

const NB = join(REPO_ROOT, 'schema', 'ovn-nb.ovsschema');
const TOOLS: readonly Tool[] = ['ovsdb-server', 'ovsdb-tool', 'ovn-nbctl', 'ovn-appctl'];

describe('ovn-nbctl daemon mode against ovsdb-server and ovsdb-ts', () => {
  const pair = usePair([NB], TOOLS);
  const daemons: NbctlDaemon[] = [];
  // Registered after the pair's hooks: started after the servers, stopped before them.
  beforeAll(async () => {
    if (toolsSkipReason(TOOLS) !== null) return;
    // The daemon logs every message it receives: the server's side of the whole session.
    for (const t of pair()) daemons.push(await startNbctlDaemon(t.remote, ['-vjsonrpc:file:dbg']));
  });
  afterAll(async () => {
    await Promise.all(daemons.map((d) => d.stop()));
  });

  it('runs the breadth sequence through OVN_NB_DAEMON with the same results', { timeout: 150_000 }, async (ctx) => {
    requireTools(ctx, TOOLS);
    const [oracle, ours] = pair();
    const [da, db] = daemons as [NbctlDaemon, NbctlDaemon];
    const runners = [nbctlRunner(oracle, [NB], da.socket), nbctlRunner(ours, [NB], db.socket)] as const;
    const [a, b] = (await Promise.all([runSequence(runners[0], BREADTH), runSequence(runners[1], BREADTH)])) as [
      StepRecord[],
      StepRecord[],
    ];
    dumpTranscript(`daemon-${oracle.name}`, a);
    dumpTranscript(`daemon-${ours.name}`, b);
    const byStep = new Map(a.map((r) => [r.step, r]));
    expect(byStep.get('lsp-get-parent sw0-c1')?.stdout).toBe('sw0-p1\n');
    expect(byStep.get('lsp-get-tag sw0-c1')?.code).toBe(0);
    const unexplained = differences(a, b).filter((d) => !KNOWN_DIFFERENCES.has(d.step));
    expect(describeDifferences(unexplained)).toBe('');
    // Every reply and update notification of the daemon's session, in order.
    const sessions = [da, db].map((d, i) => receivedTraffic((runners[i] as NbctlRunner).labeler, d.log().split('\n')).split('\n'));
    const [ta, tb] = sessions as [string[], string[]];
    expect(ta.length).toBeGreaterThan(BREADTH.length / 2); // the replies and updates of the writes
    const at = ta.findIndex((line, k) => line !== tb[k]);
    expect(at < 0 && ta.length === tb.length ? '' : `message ${at + 1}:\n--- ovsdb-server\n${ta[at]}\n+++ ovsdb-ts\n${tb[at]}`).toBe('');
    // The daemon served every step over its one connection and is still running.
    expect(alive(db.pid)).toBe(true);
    expect(db.log()).toContain('Running command run');
  });

  it('exits on ovn-appctl exit', async (ctx) => {
    requireTools(ctx, TOOLS);
    const d = daemons[1] as NbctlDaemon;
    await d.stop();
    expect(alive(d.pid)).toBe(false);
  });
});
