/**
 * Scenario 5: ovsdb-client against ovsdb-server and ovsdb-ts: `dump`, `backup` and `restore`
 * (also across servers), `monitor` of all tables while another client writes, and `transact`
 * with `wait` (immediate, blocking until another client's write, timed out), `mutate` and
 * `assert`. Each observation is normalised (row labels, order that follows UUIDs) and the two
 * servers' transcripts must match.
 */
import { describe, it, expect } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isJsonObject, type Json } from '../../src/ovsdb/json.js';
import { canonicalText } from '../support/normalize.js';
import { delay } from '../support/process.js';
import { REPO_ROOT } from '../support/ovsdb-ts.js';
import { spawnOwned, type OwnedChild } from './support/daemons.js';
import { canonicalize, type RowLabeler } from './support/labels.js';
import { dumpTranscript, nbctlRunner, scrub, type NbctlRunner } from './support/nbctl.js';
import { usePair, type Target } from './support/targets.js';
import { requireTools, run, runOk, toolPath, type Tool } from './support/tools.js';

const NB = join(REPO_ROOT, 'schema', 'ovn-nb.ovsschema');
const DB = 'OVN_Northbound';
const TOOLS: readonly Tool[] = ['ovsdb-server', 'ovsdb-tool', 'ovsdb-client', 'ovn-nbctl'];
const CLIENT_TIMEOUT_MS = 15_000;
const MONITOR_WAIT_MS = 15_000;
const END_MARKER = 'zz-end';

type Transcript = Map<string, string>;

function client(...args: string[]): Promise<string> {
  return runOk(toolPath('ovsdb-client'), args, { timeoutMs: CLIENT_TIMEOUT_MS });
}

/** `ovsdb-client restore REMOTE < snapshot`: restore seeks in its input, so it must be a file. */
async function restore(remote: string, snapshot: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'restore-'));
  try {
    const file = join(dir, 'snapshot.db');
    writeFileSync(file, snapshot);
    const script = 'exec "$0" restore "$1" < "$2"';
    await runOk('/bin/sh', ['-c', script, toolPath('ovsdb-client'), remote, file], { timeoutMs: CLIENT_TIMEOUT_MS });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Both results, or the first failure once both have settled (no flow outlives the test). */
async function both<T>(a: Promise<T>, b: Promise<T>): Promise<[T, T]> {
  const [x, y] = await Promise.allSettled([a, b]);
  if (x.status === 'rejected') throw x.reason;
  if (y.status === 'rejected') throw y.reason;
  return [x.value, y.value];
}

/** Wait (bounded) until the monitor has printed text matching `pattern`. */
async function awaitOutput(mon: OwnedChild, pattern: RegExp): Promise<void> {
  const deadline = Date.now() + MONITOR_WAIT_MS;
  while (!pattern.test(mon.stdout())) {
    if (Date.now() > deadline) throw new Error(`monitor never printed ${pattern}; output:\n${mon.output()}`);
    await delay(20);
  }
}

/** An object with sorted members, recursively (RFC 7047 objects are unordered). */
function sortKeys(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isJsonObject(v)) return v;
  const out: Record<string, Json> = {};
  for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k] as Json);
  return out;
}

/** JSON text labelled and canonical (members sorted; `["set",…]` of labels sorted). */
function canonicalJson(labeler: RowLabeler, text: string): string {
  return canonicalize(labeler, canonicalText(sortKeys(JSON.parse(labeler.replace(text)) as Json)) + '\n', 'json');
}

/**
 * `ovsdb-client --format=json monitor` output: one JSON table per updated table per update.
 * `_version` values become `<v:ROW#k>` (the k-th version seen of that row); the `old`/`new`
 * row pairs of a modification stay together while rows are sorted.
 */
function canonicalMonitor(labeler: RowLabeler, text: string): string {
  const versions = new Map<string, string[]>();
  const versionLabel = (row: string, v: string): string => {
    const seen = versions.get(row) ?? [];
    versions.set(row, seen);
    if (!seen.includes(v)) seen.push(v);
    return `<v:${row}#${seen.indexOf(v)}>`;
  };
  const lines = text.trim().split('\n');
  return lines
    .map((line) => {
      const t = JSON.parse(line) as { caption: string; headings: string[]; data: Json[][] };
      const vi = t.headings.indexOf('_version');
      const groups: Json[][][] = [];
      let row = '';
      for (const entry of t.data) {
        if (entry[0] !== '') row = labeler.label(String(entry[0]));
        const version = entry[vi];
        if (vi >= 0 && Array.isArray(version)) entry[vi] = versionLabel(row, String(version[1]));
        if (entry[0] === '') groups[groups.length - 1]?.push(entry);
        else groups.push([entry]);
      }
      const sorted = groups.map((g) => canonicalJson(labeler, JSON.stringify(g)).trim()).sort();
      return `${t.caption} ${JSON.stringify(t.headings)}\n${sorted.join('\n')}`;
    })
    .join('\n');
}

/** The records of an OVSDB file (as `ovsdb-client backup` writes it), headers stripped. */
function fileRecords(text: string): Json[] {
  const out: Json[] = [];
  const header = /^OVSDB JSON (\d+) [0-9a-f]{40}\n/;
  let rest = Buffer.from(text, 'utf8');
  while (rest.length > 0) {
    const m = header.exec(rest.subarray(0, 200).toString('utf8'));
    if (m === null) throw new Error(`not an OVSDB file record: ${rest.subarray(0, 80).toString('utf8')}`);
    const start = Buffer.byteLength(m[0]);
    const len = Number(m[1]);
    out.push(JSON.parse(rest.subarray(start, start + len).toString('utf8')) as Json);
    rest = rest.subarray(start + len).subarray(rest[start + len] === 0x0a ? 1 : 0);
  }
  return out;
}

const TRANSACTIONS: readonly [string, readonly Json[]][] = [
  ['wait == satisfied', [{ op: 'wait', timeout: 0, table: 'Logical_Switch', where: [['name', '==', 'sw0']], columns: ['name'], until: '==', rows: [{ name: 'sw0' }] }]],
  ['wait != times out', [{ op: 'wait', timeout: 0, table: 'Logical_Switch', where: [['name', '==', 'sw0']], columns: ['name'], until: '!=', rows: [{ name: 'sw0' }] }]],
  ['wait on a missing column', [{ op: 'wait', timeout: 0, table: 'Logical_Switch', where: [], columns: ['nope'], until: '==', rows: [] }]],
  ['mutate insert into a map', [{ op: 'mutate', table: 'Logical_Switch', where: [['name', '==', 'sw0']], mutations: [['external_ids', 'insert', ['map', [['owner', 'alice']]]]] }]],
  ['mutate += on an integer', [{ op: 'mutate', table: 'Logical_Switch_Port', where: [['name', '==', 'p1']], mutations: [['tag_request', '+=', 1]] }]],
  ['mutate out of range', [{ op: 'mutate', table: 'Logical_Switch_Port', where: [['name', '==', 'p1']], mutations: [['tag_request', '*=', 1000]] }]],
  ['mutate delete from a set', [{ op: 'mutate', table: 'Logical_Switch', where: [['name', '==', 'sw0']], mutations: [['ports', 'delete', ['set', []]]] }]],
  ['select after mutations', [{ op: 'select', table: 'Logical_Switch_Port', where: [['name', '==', 'p1']], columns: ['name', 'tag_request'] }, { op: 'select', table: 'Logical_Switch', where: [['name', '==', 'sw0']], columns: ['external_ids', 'ports'] }]],
  ['assert a lock not held', [{ op: 'assert', lock: 'my_lock' }, { op: 'insert', table: 'Logical_Switch', row: { name: 'never' } }]],
  ['comment and commit', [{ op: 'comment', comment: 'from the interop test' }, { op: 'commit', durable: false }]],
];

async function transactStep(t: Target, labeler: RowLabeler, ops: readonly Json[]): Promise<string> {
  const r = await run(toolPath('ovsdb-client'), ['transact', t.remote, JSON.stringify([DB, ...ops])], { timeoutMs: CLIENT_TIMEOUT_MS });
  await labeler.refresh({ port: t.port });
  // The elapsed time of a timed-out wait is not the server's to choose.
  const stdout = r.stdout.replace(/timed out after \d+ ms/g, 'timed out after <elapsed> ms');
  const out = stdout.trim() === '' ? '' : canonicalJson(labeler, stdout);
  return `exit ${r.code}\n${out}${canonicalize(labeler, scrub(r.stderr))}`;
}

/** One server's side of the scenario: its target, ovn-nbctl runner and transcript. */
interface Flow {
  readonly t: Target;
  readonly labeler: RowLabeler;
  readonly out: Transcript;
  nb(...args: string[]): Promise<void>;
  dump(): Promise<string>;
}

function flowFor(t: Target): Flow {
  const nbctl: NbctlRunner = nbctlRunner(t, [NB]);
  const labeler = nbctl.labeler;
  return {
    t,
    labeler,
    out: new Map(),
    nb: async (...args) => {
      const r = await nbctl.step({ args });
      if (r.code !== 0) throw new Error(`ovn-nbctl ${args.join(' ')} failed on ${t.name}: ${r.stderr}`);
    },
    dump: async () => {
      const text = await client('dump', t.remote, DB);
      await labeler.refresh({ port: t.port });
      return canonicalize(labeler, text, 'dump');
    },
  };
}

/** `monitor … ALL` while ovn-nbctl and ovsdb-client write, until the end marker shows. */
async function monitorPhase(f: Flow): Promise<void> {
  const mon = spawnOwned(toolPath('ovsdb-client'), ['--format=json', 'monitor', f.t.remote, DB, 'ALL'], REPO_ROOT);
  try {
    await awaitOutput(mon, /"caption":"NB_Global"/);
    await f.nb('ls-add', 'sw2', '--', 'lsp-add', 'sw2', 'p3');
    await f.nb('set', 'Logical_Switch', 'sw2', 'external_ids:a=b');
    const mutation = ['tag_request', 'insert', ['set', [7]]];
    await transactStep(f.t, f.labeler, [{ op: 'mutate', table: 'Logical_Switch_Port', where: [['name', '==', 'p3']], mutations: [mutation] }]);
    await f.nb('ls-del', 'sw2');
    await f.nb('ls-add', END_MARKER);
    await awaitOutput(mon, new RegExp(`"${END_MARKER}"`));
  } finally {
    await mon.stop();
  }
  f.out.set('monitor', canonicalMonitor(f.labeler, mon.stdout()));
  await f.nb('ls-del', END_MARKER);
}

/** The TRANSACTIONS, then a wait that another client's insert satisfies and one that times out. */
async function transactPhase(f: Flow): Promise<void> {
  for (const [name, ops] of TRANSACTIONS) f.out.set(`transact: ${name}`, await transactStep(f.t, f.labeler, ops));
  const waitFor = (name: string, timeout: number): Json[] => [
    { op: 'wait', timeout, table: 'Logical_Switch', where: [['name', '==', name]], columns: ['name'], until: '==', rows: [{ name }] },
  ];
  const blocking = transactStep(f.t, f.labeler, waitFor('later', 10_000));
  await delay(200); // usually lets the wait arrive first; the result is the same either way
  await f.nb('ls-add', 'later');
  f.out.set('transact: wait until another client inserts', await blocking);
  f.out.set('transact: wait that times out after 100 ms', await transactStep(f.t, f.labeler, waitFor('never', 100)));
  await f.nb('ls-del', 'later');
}

/** backup, damage, restore, dump: the restored database is the backed-up one. */
async function backupPhase(f: Flow): Promise<string> {
  const before = await f.dump();
  const backup = await client('backup', f.t.remote, DB);
  const records = fileRecords(backup);
  f.out.set('backup schema', canonicalText(sortKeys(records[0] as Json)));
  f.out.set('backup records', String(records.length));
  await f.labeler.refresh({ port: f.t.port });
  // `_date` is when ovsdb-client wrote the snapshot (ms since the epoch).
  const data = records[1];
  const dated = isJsonObject(data) && typeof data['_date'] === 'number';
  if (isJsonObject(data)) delete (data as Record<string, Json>)['_date'];
  f.out.set('backup data', `dated: ${dated}\n${canonicalJson(f.labeler, JSON.stringify(data ?? null))}`);
  await f.nb('ls-del', 'sw1', '--', 'ls-add', 'sw-after-backup');
  await restore(f.t.remote, backup);
  const after = await f.dump();
  f.out.set('dump after restore', after);
  f.out.set('restore gives back the backed-up contents', String(after === before));
  return backup;
}

/** The whole scenario on one server. */
async function clientFlow(t: Target): Promise<{ transcript: Transcript; backup: string }> {
  const f = flowFor(t);
  await f.nb('ls-add', 'sw0', '--', 'lsp-add', 'sw0', 'p1', '--', 'lsp-add', 'sw0', 'p2', '--', 'set', 'Logical_Switch_Port', 'p1', 'tag_request=42');
  await f.nb('ls-add', 'sw1', '--', 'acl-add', 'sw1', 'to-lport', '100', 'ip4', 'drop', '--', 'lr-add', 'lr0');
  f.out.set('dump', await f.dump());
  await monitorPhase(f);
  await transactPhase(f);
  const backup = await backupPhase(f);
  return { transcript: f.out, backup };
}

describe('ovsdb-client against ovsdb-server and ovsdb-ts', () => {
  const pair = usePair([NB], TOOLS);
  const backups: string[] = [];

  it('dump, monitor, transact (wait, mutate, assert), backup and restore print the same', { timeout: 120_000 }, async (ctx) => {
    requireTools(ctx, TOOLS);
    const [oracle, ours] = await both(clientFlow(pair()[0]), clientFlow(pair()[1]));
    backups.push(oracle.backup, ours.backup);
    const a = oracle.transcript;
    const b = ours.transcript;
    const asRecords = (m: Transcript) => [...m].map(([step, stdout]) => ({ step, code: 0, stdout: `${stdout}\n`, stderr: '' }));
    dumpTranscript(`ovsdb-client-${pair()[0].name}`, asRecords(a));
    dumpTranscript(`ovsdb-client-${pair()[1].name}`, asRecords(b));
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [k, v] of a) expect(`${k}\n${b.get(k)}`).toBe(`${k}\n${v}`);
    expect(b.get('restore gives back the backed-up contents')).toBe('true');
    expect(b.get('transact: wait until another client inserts')).toBe('exit 0\n[{}]\n');
    expect(b.get('transact: wait != times out')).toContain('"error":"timed out"');
    expect(b.get('transact: assert a lock not held')).toContain('"error":"not owner"');
    expect(b.get('monitor')).toContain('"sw2"');
  });

  it('a backup from either server restores into the other', { timeout: 60_000 }, async (ctx) => {
    requireTools(ctx, TOOLS);
    const [oracle, ours] = pair();
    const [fromOracle, fromOurs] = backups as [string, string];
    expect(fromOracle).toMatch(/^OVSDB JSON /);
    await both(restore(ours.remote, fromOracle), restore(oracle.remote, fromOurs));
    const dumps = await Promise.all(
      [oracle, ours].map(async (t) => {
        const runner = nbctlRunner(t, [NB]);
        const text = await client('dump', t.remote, DB);
        await runner.labeler.refresh({ port: t.port });
        return canonicalize(runner.labeler, text, 'dump');
      }),
    );
    expect(dumps[1]).toBe(dumps[0]);
    expect(dumps[1]).toContain(' sw1 ');
  });
});
