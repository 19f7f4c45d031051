/**
 * Scenario 1: containers inside VMs. A container's Logical_Switch_Port names the VM's port as
 * `parent_name` and carries a VLAN tag; ovn-nbctl writes the request to `tag_request` (OVN
 * 23.03), `tag` may be written directly, and the server refuses a tag outside 1..4095 with
 * ovsdb-server's constraint-violation text. Every step runs against ovsdb-server and ovsdb-ts.
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/ovsdb-ts.js';
import { describeDifferences, differences, nbctlRunner, runSequence, type Step, type StepRecord } from './support/nbctl.js';
import { usePair } from './support/targets.js';
import { requireTools, run, toolPath, type Tool } from './support/tools.js';

const NB = join(REPO_ROOT, 'schema', 'ovn-nb.ovsschema');
const TOOLS: readonly Tool[] = ['ovsdb-server', 'ovsdb-tool', 'ovsdb-client', 'ovn-nbctl'];

const s = (...args: string[]): Step => ({ args });

const STEPS: readonly Step[] = [
  s('ls-add', 'private'),
  s('lsp-add', 'private', 'vm1'),
  s('lsp-add', 'private', 'c1', 'vm1', '42'),
  s('lsp-get-parent', 'c1'),
  s('lsp-get-tag', 'c1'),
  s('get', 'Logical_Switch_Port', 'c1', 'tag_request'),
  s('set', 'Logical_Switch_Port', 'c1', 'tag=42'),
  s('lsp-get-tag', 'c1'),
  s('set', 'Logical_Switch_Port', 'c1', 'tag=5000'),
  s('lsp-add', 'private', 'c3', 'vm1', '5000'),
  s('lsp-get-tag', 'c1'),
  s('show'),
  s('lsp-del', 'vm1'),
  s('lsp-get-parent', 'c1'),
  s('lsp-list', 'private'),
  s('show'),
  s('ls-del', 'private'),
  s('show'),
];

/** ovn-nbctl checks the range itself; this sends the out-of-range tag straight to the server. */
function rawTagUpdate(tag: number): string {
  return JSON.stringify([
    'OVN_Northbound',
    { op: 'insert', table: 'Logical_Switch_Port', row: { name: 'raw', tag }, 'uuid-name': 'p' },
    { op: 'insert', table: 'Logical_Switch', row: { name: 'raw-ls', ports: ['named-uuid', 'p'] } },
  ]);
}

describe('container ports (parent_name, tag) with ovn-nbctl', () => {
  const pair = usePair([NB], TOOLS);

  it('lsp-add with parent and tag, lsp-get-parent, lsp-get-tag, show, deleting the parent', async (ctx) => {
    requireTools(ctx, TOOLS);
    const [a, b] = (await Promise.all(pair().map((t) => runSequence(nbctlRunner(t, [NB]), STEPS)))) as [
      StepRecord[],
      StepRecord[],
    ];
    expect(describeDifferences(differences(a, b))).toBe('');
    // What the user sees, literally (on ovsdb-ts; equal to ovsdb-server's by the line above).
    const at = (i: number): StepRecord => b[i] as StepRecord;
    expect(at(3).stdout).toBe('vm1\n');
    expect(at(4).stdout).toBe(''); // tag_request is set, tag is northd's to allocate
    expect(at(5).stdout).toBe('42\n');
    expect(at(7).stdout).toBe('42\n');
    expect(at(8).code).toBe(1);
    expect(at(8).stderr).toBe('ovn-nbctl: constraint violation: 5000 is not in the valid range 1 to 4095 (inclusive)\n');
    expect(at(9).stderr).toBe('ovn-nbctl: 5000: invalid tag (must be in range 0 to 4095)\n');
    expect(at(11).stdout).toMatch(/^    port c1\n        parent: vm1\n        tag: 42$/m);
    expect(at(13).stdout).toBe('vm1\n');
    expect(at(17).stdout).toBe('');
  });

  it('the server itself refuses tag 5000 with ovsdb-server\'s error', async (ctx) => {
    requireTools(ctx, TOOLS);
    const replies = await Promise.all(
      pair().map((t) => run(toolPath('ovsdb-client'), ['transact', t.remote, rawTagUpdate(5000)], { timeoutMs: 10_000 })),
    );
    const [ref, ours] = replies as [(typeof replies)[0], (typeof replies)[0]];
    expect(ours.code).toBe(ref.code);
    expect(JSON.parse(ours.stdout)).toEqual(JSON.parse(ref.stdout));
    expect(JSON.parse(ours.stdout)).toEqual([
      { details: '5000 is not in the valid range 1 to 4095 (inclusive)', error: 'constraint violation' },
      null,
    ]);
  });
});
