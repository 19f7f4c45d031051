/**
 * Scenario 3: ovsdbapp's OvnNbApiIdlImpl (the library OpenStack Neutron writes OVN with) over
 * tcp:127.0.0.1:PORT. `ovsdbapp_scenario.py` runs the same command sequence against each
 * server (ls_add, lsp_add with parent_name and tag, reading them back, lsp_set_addresses,
 * lsp_del, ls_del, several commands in one transaction(), a failing transaction) and prints a
 * JSON transcript; the two transcripts must match after UUID normalisation.
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/ovsdb-ts.js';
import { RowLabeler } from './support/labels.js';
import { usePair, type Target } from './support/targets.js';
import { PYTHON, requireTools, run, type Tool } from './support/tools.js';

const NB = join(REPO_ROOT, 'schema', 'ovn-nb.ovsschema');
const SCRIPT = join(REPO_ROOT, 'test', 'interop', 'ovsdbapp_scenario.py');
const TOOLS: readonly Tool[] = ['ovsdb-server', 'ovsdb-tool', 'ovsdbapp'];
const SCRIPT_TIMEOUT_MS = 60_000;

interface Line {
  readonly step: string;
  readonly ok?: unknown;
  readonly error?: string;
}

async function transcript(t: Target): Promise<{ lines: Line[]; text: string[] }> {
  const r = await run(PYTHON, [SCRIPT, t.remote], { timeoutMs: SCRIPT_TIMEOUT_MS });
  if (r.code !== 0) throw new Error(`ovsdbapp scenario against ${t.name} failed (${r.code ?? r.signal}):\n${r.stderr}\n${r.stdout}`);
  const raw = r.stdout.trim().split('\n');
  // Every row is deleted by the end, so UUIDs are numbered in order of appearance.
  const labeler = new RowLabeler([NB]);
  return { lines: raw.map((l) => JSON.parse(l) as Line), text: raw.map((l) => labeler.replace(l)) };
}

describe('ovsdbapp OvnNbApiIdlImpl against ovsdb-server and ovsdb-ts', () => {
  const pair = usePair([NB], TOOLS);

  it('runs the same command sequence with the same results', { timeout: 2 * SCRIPT_TIMEOUT_MS + 10_000 }, async (ctx) => {
    requireTools(ctx, TOOLS);
    const [oracle, ours] = await Promise.all(pair().map(transcript));
    expect(ours?.text).toEqual(oracle?.text);
    const result = new Map((ours?.lines ?? []).map((l) => [l.step, l]));
    expect(result.get('lsp_get_parent c1')?.ok).toBe('vm1');
    expect(result.get('lsp_get_tag c1 (not allocated)')?.ok).toBe(-1);
    expect(result.get('lsp_get_tag c1')?.ok).toBe(42);
    expect(result.get('lsp_get_addresses c1')?.ok).toEqual(['00:00:00:00:00:02 10.0.0.2']);
    expect(result.get('lsp_list public')?.ok).toEqual(['c2', 'pub1']);
    expect(result.get('lsp_get c2')?.ok).toMatchObject({ parent_name: ['pub1'], tag_request: [0] });
    expect(result.get('transaction that fails as a whole')?.error).toMatch(/^RuntimeError: OVSDB Error: .*constraint violation/);
    expect(result.get('ls_list after failed transaction')?.ok).toEqual(['private', 'public']);
    expect(result.get('ls_list at the end')?.ok).toEqual([]);
  });
});
