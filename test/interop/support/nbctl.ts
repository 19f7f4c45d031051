/**
 * Running ovn-nbctl command sequences against a server and recording canonical transcripts, so
 * that the same sequence against ovsdb-server and ovsdb-ts can be compared step by step.
 *
 * Every invocation carries `--timeout` and a process timeout. A step's arguments may use
 * `${NAME}` for the trimmed stdout of an earlier step that had `capture: 'NAME'` (on the same
 * server, e.g. a UUID printed by `create`).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Json } from '../../../src/ovsdb/json.js';
import { canonicalText } from '../../support/normalize.js';
import { canonicalize, labelServerJson, RowLabeler, type Order } from './labels.js';
import type { Target } from './targets.js';
import { NBCTL_TIMEOUT_S, run, toolPath, type RunResult } from './tools.js';

export interface Step {
  /** ovn-nbctl options and command(s), as on the command line (without --db). */
  readonly args: readonly string[];
  /** How the output's order depends on UUIDs; inferred for list/find and formats when absent. */
  readonly order?: Order;
  /** Store the trimmed stdout under this name for `${NAME}` in later steps. */
  readonly capture?: string;
}

export interface StepRecord {
  /** The step's arguments as written (before substitution): the key both transcripts share. */
  readonly step: string;
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /**
   * With `traffic`, what the server sent to the client during the step (replies and
   * notifications from the client's jsonrpc debug log), canonical, one message a line.
   */
  readonly traffic?: string;
}

/**
 * A jsonrpc debug log line of a message the client received from the server (TCP here; an
 * ovn-nbctl daemon's unixctl traffic with its own clients is left out).
 */
const RECEIVED_RE = /\|jsonrpc\|DBG\|tcp:[^ ]+: received (reply|notification|error|request)(?:, method="([^"]*)")?, (?:result|params|error)=(.*?)(?:, id=[^,]*)?$/;
const JSONRPC_DBG_RE = /\|jsonrpc\|DBG\|/;
const LOG_PREFIX_RE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z\|\d+\|/gm;
const PORT_RE = /127\.0\.0\.1:\d+/g;

/** The order an output needs when the step does not say. */
export function inferOrder(args: readonly string[]): Order {
  const fmt = optionValue(args, '--format', '-f');
  if (fmt === 'json') return 'json';
  if (args.includes('show')) return 'tree';
  const listing = args.some((a) => a === 'list' || a === 'find');
  if (!listing) return 'keep';
  if (fmt === 'csv') return args.includes('--no-headings') ? 'lines' : 'csv';
  if (fmt === 'table') return args.includes('--no-headings') ? 'lines' : 'table';
  return 'blocks';
}

/** The value of an option given as `--long=V`, `-sV` or `-s V`. */
export function optionValue(args: readonly string[], long: string, short: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a.startsWith(`${long}=`)) return a.slice(long.length + 1);
    if (a === short) return args[i + 1];
    if (a.startsWith(short) && !a.startsWith('--')) return a.slice(short.length);
  }
  return undefined;
}

/** Environment- and run-specific text (ports, log timestamps) taken out of client output. */
export function scrub(text: string): string {
  return text.replace(LOG_PREFIX_RE, '').replace(PORT_RE, '127.0.0.1:<port>');
}

export interface NbctlRunner {
  /** Run one step; records its canonical output. */
  step(s: Step): Promise<StepRecord>;
  /** Run ovn-nbctl with raw arguments (after the runner's connection options). */
  raw(args: readonly string[]): Promise<RunResult>;
  readonly labeler: RowLabeler;
}

/**
 * A runner for `target`: direct mode (`--db=REMOTE`) by default, or through a daemon's control
 * socket when `daemonSocket` is given (`OVN_NB_DAEMON=SOCKET`, the daemon holding the connection).
 */
export function nbctlRunner(target: Target, schemaFiles: readonly string[], daemonSocket?: string): NbctlRunner {
  return ctlRunner('ovn-nbctl', target, schemaFiles, daemonSocket);
}

/** The same for `ovn-sbctl` (direct mode) or `ovn-nbctl`. */
export function ctlRunner(
  tool: 'ovn-nbctl' | 'ovn-sbctl',
  target: Target,
  schemaFiles: readonly string[],
  daemonSocket?: string,
  traffic = false,
): NbctlRunner {
  const labeler = new RowLabeler(schemaFiles);
  const captured = new Map<string, string>();
  const connection = daemonSocket === undefined ? [`--db=${target.remote}`] : [];
  const env = daemonSocket === undefined ? withoutNbEnv() : withoutNbEnv({ OVN_NB_DAEMON: daemonSocket });
  const raw = (args: readonly string[]): Promise<RunResult> =>
    run(toolPath(tool), [...connection, `--timeout=${NBCTL_TIMEOUT_S}`, ...(traffic ? ['-vjsonrpc:dbg'] : []), ...args], {
      timeoutMs: (NBCTL_TIMEOUT_S + 5) * 1000,
      env,
    });
  const substitute = (a: string): string =>
    a.replace(/\$\{(\w+)\}/g, (_m, name: string) => {
      const v = captured.get(name);
      if (v === undefined) throw new Error(`step refers to \${${name}} before it was captured`);
      return v;
    });
  const step = async (s: Step): Promise<StepRecord> => {
    const r = await raw(s.args.map(substitute));
    if (s.capture !== undefined) captured.set(s.capture, r.stdout.trim());
    await labeler.refresh({ port: target.port });
    const order = s.order ?? inferOrder(s.args);
    const lines = r.stderr.split('\n');
    const stderr = traffic ? lines.filter((l) => !JSONRPC_DBG_RE.test(l)).join('\n') : r.stderr;
    const record: StepRecord = {
      step: s.args.join(' '),
      code: r.code,
      stdout: canonicalize(labeler, scrub(r.stdout), order),
      stderr: canonicalize(labeler, scrub(stderr)),
    };
    return traffic ? { ...record, traffic: receivedTraffic(labeler, lines) } : record;
  };
  return { step, raw, labeler };
}

const LAST_TXN_ID = '<last-txn-id>';
/** How labelServerJson renders an object: `["{}", [key, value]…]`. */
const OBJECT_MARK = '{}';

/**
 * The last-txn-id of update3 notifications and monitor_cond_since replies is the one intended
 * difference: ovsdb-server keeps no transaction history for a standalone database and always
 * sends the all-zero UUID; ovsdb-ts keeps history and sends real ids (so a reconnecting client
 * gets only what it missed). Masked here, tested in test/monitors.
 */
function maskLastTxnId(kind: string, method: string | undefined, v: Json): Json {
  if (!Array.isArray(v) || v.length !== 3 || typeof v[1] !== 'string') return v;
  const update3 = kind === 'notification' && method === 'update3';
  const sinceReply = kind === 'reply' && typeof v[0] === 'boolean';
  return update3 || sinceReply ? [v[0] as Json, LAST_TXN_ID, v[2] as Json] : v;
}

/**
 * A transact reply's results follow the order of the operations, which the IDL emits in the
 * hash order of its uuid-names (random per run): they are compared as a multiset, once labelled.
 */
function transactResultsSorted(v: Json): Json {
  const isObject = (x: Json): boolean => Array.isArray(x) && x[0] === OBJECT_MARK;
  if (!Array.isArray(v) || isObject(v) || !v.every((x) => x === null || isObject(x))) return v;
  return v.map((x) => ({ text: canonicalText(x), x })).sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0)).map((e) => e.x);
}

/** Canonical lines of the messages a client logged as received (jsonrpc debug log). */
export function receivedTraffic(labeler: RowLabeler, lines: readonly string[]): string {
  const out: string[] = [];
  for (const line of lines) {
    const m = RECEIVED_RE.exec(line);
    if (m === null) continue;
    const [, kind, method, body] = m as unknown as [string, string, string | undefined, string];
    // Inactivity probes come and go with timing; they are not part of what is compared.
    if (method === 'echo' || (kind === 'reply' && body === '[]')) continue;
    let value: string;
    try {
      const labelled = labelServerJson(labeler, maskLastTxnId(kind, method, JSON.parse(body) as Json));
      value = canonicalText(kind === 'reply' ? transactResultsSorted(labelled) : labelled);
    } catch {
      value = `(unparsed) ${labeler.replace(body)}`;
    }
    out.push(`${kind}${method === undefined ? '' : ` ${method}`}: ${value}`);
  }
  return out.join('\n');
}

/** The caller's environment without variables that would redirect ovn-nbctl elsewhere. */
export function withoutNbEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const k of ['OVN_NB_DAEMON', 'OVN_NB_DB', 'OVN_NBCTL_OPTIONS', 'OVN_SB_DB']) if (!(k in extra)) delete env[k];
  return env;
}

/** Run all steps in order against one target. */
export async function runSequence(runner: NbctlRunner, steps: readonly Step[]): Promise<StepRecord[]> {
  const out: StepRecord[] = [];
  for (const s of steps) out.push(await runner.step(s));
  return out;
}

export interface StepDifference {
  readonly step: string;
  readonly oracle: StepRecord;
  readonly ours: StepRecord;
}

/** Steps whose canonical result differs (same length transcripts of the same steps). */
export function differences(oracle: readonly StepRecord[], ours: readonly StepRecord[]): StepDifference[] {
  const out: StepDifference[] = [];
  oracle.forEach((o, i) => {
    const u = ours[i];
    if (u === undefined) throw new Error(`transcripts differ in length at ${o.step}`);
    const same = o.code === u.code && o.stdout === u.stdout && o.stderr === u.stderr && o.traffic === u.traffic;
    if (!same) out.push({ step: o.step, oracle: o, ours: u });
  });
  return out;
}

/** The first message where two traffic transcripts part. */
function trafficDiff(oracle: string, ours: string): string {
  const a = oracle.split('\n');
  const b = ours.split('\n');
  const i = a.findIndex((line, k) => line !== b[k]);
  const at = i < 0 ? a.length : i;
  return `\nreceived from the server, message ${at + 1} differs:\n--- ovsdb-server\n${a[at] ?? '(none)'}\n+++ ovsdb-ts\n${b[at] ?? '(none)'}`;
}

/** A readable account of differences for a failing expectation. */
export function describeDifferences(diffs: readonly StepDifference[]): string {
  return diffs
    .map(
      (d) =>
        `$ ovn-nbctl ${d.step}\n--- ovsdb-server (exit ${d.oracle.code})\n${d.oracle.stdout}${d.oracle.stderr}` +
        `\n+++ ovsdb-ts (exit ${d.ours.code})\n${d.ours.stdout}${d.ours.stderr}` +
        (d.oracle.traffic === d.ours.traffic ? '' : trafficDiff(d.oracle.traffic ?? '', d.ours.traffic ?? '')),
    )
    .join('\n\n');
}

/**
 * With `INTEROP_DUMP=DIR` in the environment, write a transcript to DIR/NAME.txt (for reading
 * what a scenario printed, and for the self-check comparison of two ovsdb-servers).
 */
export function dumpTranscript(name: string, transcript: readonly StepRecord[]): void {
  const dir = process.env['INTEROP_DUMP'];
  if (dir === undefined || dir === '') return;
  mkdirSync(dir, { recursive: true });
  const text = transcript
    .map((r) => `$ ${r.step}\n[exit ${r.code}]\n${r.stdout}${r.stderr}${r.traffic === undefined ? '' : `[received]\n${r.traffic}\n`}`)
    .join('\n');
  writeFileSync(join(dir, `${name}.txt`), text);
}
