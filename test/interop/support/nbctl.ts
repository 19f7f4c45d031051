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
import { canonicalize, RowLabeler, type Order } from './labels.js';
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
}

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
): NbctlRunner {
  const labeler = new RowLabeler(schemaFiles);
  const captured = new Map<string, string>();
  const connection = daemonSocket === undefined ? [`--db=${target.remote}`] : [];
  const env = daemonSocket === undefined ? withoutNbEnv() : withoutNbEnv({ OVN_NB_DAEMON: daemonSocket });
  const raw = (args: readonly string[]): Promise<RunResult> =>
    run(toolPath(tool), [...connection, `--timeout=${NBCTL_TIMEOUT_S}`, ...args], {
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
    return {
      step: s.args.join(' '),
      code: r.code,
      stdout: canonicalize(labeler, scrub(r.stdout), order),
      stderr: canonicalize(labeler, scrub(r.stderr)),
    };
  };
  return { step, raw, labeler };
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
    if (o.code !== u.code || o.stdout !== u.stdout || o.stderr !== u.stderr) out.push({ step: o.step, oracle: o, ours: u });
  });
  return out;
}

/** A readable account of differences for a failing expectation. */
export function describeDifferences(diffs: readonly StepDifference[]): string {
  return diffs
    .map(
      (d) =>
        `$ ovn-nbctl ${d.step}\n--- ovsdb-server (exit ${d.oracle.code})\n${d.oracle.stdout}${d.oracle.stderr}` +
        `\n+++ ovsdb-ts (exit ${d.ours.code})\n${d.ours.stdout}${d.ours.stderr}`,
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
  const text = transcript.map((r) => `$ ${r.step}\n[exit ${r.code}]\n${r.stdout}${r.stderr}`).join('\n');
  writeFileSync(join(dir, `${name}.txt`), text);
}
