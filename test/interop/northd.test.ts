/**
 * Scenario 4: ovn-northd between two servers, one serving OVN_Northbound and one
 * OVN_Southbound. The same flow runs on a pair of ovsdb-servers (the oracle) and on a pair of
 * ovsdb-ts servers, and the transcripts must match:
 *  - a container port with tag request 0 gets a tag allocated by northd (1..4095) in `tag`,
 *    which `lsp-get-tag` prints; Port_Binding rows appear in the southbound database with
 *    `parent_port` and `tag`; `ovn-nbctl --wait=sb sync` returns;
 *  - northd holds the southbound lock `ovn_northd`: a second northd is standby and becomes
 *    active when the first exits.
 * The northd processes are direct children of the test (no --detach) and are killed at the end.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { delay } from '../support/process.js';
import { REPO_ROOT } from '../support/ovsdb-ts.js';
import { spawnOwned, type OwnedChild } from './support/daemons.js';
import { ctlRunner, describeDifferences, differences, dumpTranscript, type NbctlRunner, type StepRecord } from './support/nbctl.js';
import { startTarget, type ServerKind, type Target } from './support/targets.js';
import { requireTools, run, toolPath, type Tool } from './support/tools.js';

const NB = join(REPO_ROOT, 'schema', 'ovn-nb.ovsschema');
const SB = join(REPO_ROOT, 'schema', 'ovn-sb.ovsschema');
const TOOLS: readonly Tool[] = ['ovsdb-server', 'ovsdb-tool', 'ovn-nbctl', 'ovn-sbctl', 'ovn-northd', 'ovn-appctl'];
const STATUS_TIMEOUT_MS = 20_000;
const POLL_MS = 50;

interface Northd {
  readonly proc: OwnedChild;
  readonly ctl: string;
  readonly logFile: string;
}

interface Deployment {
  readonly nb: Target;
  readonly sb: Target;
  readonly dir: string;
  readonly northds: Northd[];
  stop(): Promise<void>;
}

async function deploy(kind: ServerKind): Promise<Deployment> {
  const [nb, sb] = await Promise.all([startTarget(kind, [NB]), startTarget(kind, [SB])]);
  const dir = mkdtempSync(join(tmpdir(), 'northd-'));
  const northds: Northd[] = [];
  return {
    nb,
    sb,
    dir,
    northds,
    stop: async () => {
      await Promise.all(northds.map((n) => n.proc.stop()));
      await Promise.all([nb.stop(), sb.stop()]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function startNorthd(d: Deployment, name: string): Northd {
  const ctl = join(d.dir, `${name}.ctl`);
  const logFile = join(d.dir, `${name}.log`);
  const args = [
    `--ovnnb-db=${d.nb.remote}`,
    `--ovnsb-db=${d.sb.remote}`,
    '--no-chdir',
    `--log-file=${logFile}`,
    `--pidfile=${join(d.dir, `${name}.pid`)}`,
    `--unixctl=${ctl}`,
    '-vconsole:off',
  ];
  const n = { proc: spawnOwned(toolPath('ovn-northd'), args, d.dir), ctl, logFile };
  d.northds.push(n);
  return n;
}

async function status(n: Northd): Promise<string> {
  const r = await run(toolPath('ovn-appctl'), ['-t', n.ctl, 'status'], { timeoutMs: 5_000 });
  return r.code === 0 ? r.stdout.trim() : `(no answer: ${r.stderr.trim()})`;
}

/** Poll `ovn-appctl status` until it says `want` (bounded); returns the last answer. */
async function waitStatus(n: Northd, want: string): Promise<string> {
  const deadline = Date.now() + STATUS_TIMEOUT_MS;
  let last = '';
  while (Date.now() < deadline) {
    last = await status(n);
    if (last === want) return last;
    await delay(POLL_MS);
  }
  let log = '';
  try {
    log = readFileSync(n.logFile, 'utf8');
  } catch {
    // no log yet
  }
  throw new Error(`northd status stayed "${last}", expected "${want}"; log:\n${log}`);
}

interface Flow {
  readonly records: StepRecord[];
  readonly statuses: string[];
}

/** The scenario on one deployment; every observation goes into the transcript. */
async function flow(d: Deployment): Promise<Flow> {
  const nbctl: NbctlRunner = ctlRunner('ovn-nbctl', d.nb, [NB]);
  const sbctl: NbctlRunner = ctlRunner('ovn-sbctl', d.sb, [SB]);
  const records: StepRecord[] = [];
  const statuses: string[] = [];
  const nb = async (...args: string[]): Promise<void> => void records.push(await nbctl.step({ args }));
  const sb = async (...args: string[]): Promise<void> => {
    const r = await sbctl.step({ args });
    records.push({ ...r, step: `[sbctl] ${r.step}` });
  };
  const first = startNorthd(d, 'northd1');
  statuses.push(await waitStatus(first, 'Status: active'));
  const second = startNorthd(d, 'northd2');
  statuses.push(await waitStatus(second, 'Status: standby'));
  statuses.push(await status(first));

  await nb('ls-add', 'private', '--', 'lsp-add', 'private', 'vm1', '--', 'lsp-add', 'private', 'c2', 'vm1', '0');
  await nb('--wait=sb', 'sync');
  await nb('lsp-get-tag', 'c2');
  await nb('get', 'Logical_Switch_Port', 'c2', 'tag_request', 'tag', 'parent_name');
  await nb('show');
  await sb('--columns=logical_port,parent_port,tag,type', 'list', 'Port_Binding');
  await sb('--columns=tunnel_key', 'list', 'Datapath_Binding');
  await sb('get', 'Datapath_Binding', '.', 'external_ids');

  await first.proc.stop();
  statuses.push(await waitStatus(second, 'Status: active'));
  await nb('--wait=sb', 'lsp-add', 'private', 'c3', 'vm1', '0');
  await nb('lsp-get-tag', 'c3');
  await nb('--wait=sb', 'lsp-del', 'vm1');
  await nb('--wait=sb', 'sync');
  await nb('get', 'NB_Global', '.', 'nb_cfg', 'sb_cfg');
  await sb('--columns=logical_port,parent_port,tag', 'list', 'Port_Binding');
  return { records, statuses };
}

describe('ovn-northd between northbound and southbound servers', () => {
  const deployments: Deployment[] = [];
  afterAll(async () => {
    await Promise.all(deployments.map((d) => d.stop()));
  });

  it('allocates tags, fills Port_Binding, syncs, and hands the lock over to a standby', { timeout: 120_000 }, async (ctx) => {
    requireTools(ctx, TOOLS);
    for (const kind of ['ovsdb-server', 'ovsdb-ts'] as const) deployments.push(await deploy(kind));
    const [oracle, ours] = (await Promise.all(deployments.map(flow))) as [Flow, Flow];
    dumpTranscript(`northd-${deployments[0]?.nb.name}`, oracle.records);
    dumpTranscript(`northd-${deployments[1]?.nb.name}`, ours.records);
    expect(ours.statuses).toEqual(['Status: active', 'Status: standby', 'Status: active', 'Status: active']);
    expect(ours.statuses).toEqual(oracle.statuses);
    expect(describeDifferences(differences(oracle.records, ours.records))).toBe('');

    const byStep = new Map(ours.records.map((r) => [r.step, r]));
    const tag = Number(byStep.get('lsp-get-tag c2')?.stdout.trim());
    expect(tag).toBeGreaterThanOrEqual(1);
    expect(tag).toBeLessThanOrEqual(4095);
    expect(byStep.get('--wait=sb sync')?.code).toBe(0);
    expect(byStep.get('[sbctl] --columns=logical_port,parent_port,tag,type list Port_Binding')?.stdout).toContain(
      `logical_port        : c2\nparent_port         : vm1\ntag                 : ${tag}\n`,
    );
    expect(byStep.get('lsp-get-tag c3')?.stdout.trim()).toMatch(/^[1-9]\d*$/);
    expect(byStep.get('lsp-get-tag c3')?.stdout).not.toBe(byStep.get('lsp-get-tag c2')?.stdout);
  });
});
