/**
 * The differential harness: runs a case (a list of requests) against one server over a fresh
 * connection, normalises every reply (UUIDs → <n>, members sorted), and compares two servers'
 * transcripts as text.
 *
 * A case's requests may refer to rows created earlier in the same case by placeholder: the
 * string "<k>" stands for the UUID numbered k in that server's own transcript (see
 * UuidNormalizer.resolve), so the same case drives both servers although their UUIDs differ.
 */
import { readFileSync } from 'node:fs';
import { isJsonObject, member, type Json } from '../../src/ovsdb/json.js';
import { UuidNormalizer, canonicalText } from '../support/normalize.js';
import { RpcClient, type RpcTarget } from '../support/rpc-client.js';

/** Operations of one `transact` request; the database name is prepended. */
export type Ops = readonly Json[];
/** Any other request, sent as is (after placeholder resolution). */
export interface RpcStep {
  readonly method: string;
  readonly params: Json;
}
export type Step = Ops | RpcStep;

export interface DiffCase {
  readonly name: string;
  /** Database the transact steps address; defaults to the group's database. */
  readonly db?: string;
  readonly steps: readonly Step[];
  /**
   * The error tags the reference server produces over the whole case (as a set). Omitted means
   * no step fails. Checked against ovsdb-server so that every case tests what it claims.
   */
  readonly errors?: readonly string[];
}

export interface CaseGroup {
  readonly topic: string;
  readonly db: string;
  readonly cases: readonly DiffCase[];
}

/** Pseudo-reply for a request the server answered by closing the connection. */
export const CLOSED = '<connection closed>';
const STEP_TIMEOUT_MS = 5_000;

export interface StepRecord {
  readonly request: Json;
  readonly reply: Json;
  readonly text: string;
}

export interface Transcript {
  readonly steps: StepRecord[];
  /** Error tags seen in replies (transact op errors and RPC errors). */
  readonly tags: Set<string>;
}

export function isRpcStep(s: Step): s is RpcStep {
  return !Array.isArray(s);
}

/** Transact operations in the case file are counted as transactions for coverage purposes. */
export function countTransactions(groups: readonly CaseGroup[]): number {
  let n = 0;
  for (const g of groups) for (const c of g.cases) n += c.steps.filter((s) => !isRpcStep(s)).length;
  return n;
}

function toRequest(step: Step, db: string): { method: string; params: Json } {
  if (isRpcStep(step)) return { method: step.method, params: step.params };
  return { method: 'transact', params: [db, ...step] };
}

/** The reply as compared: `{"result":…}` or `{"error":…}`. */
function replyValue(r: { result?: Json; error?: Json }): Json {
  if (r.error !== undefined) return { error: r.error };
  return { result: r.result ?? null };
}

function collectTags(reply: Json, tags: Set<string>): void {
  if (!isJsonObject(reply)) return;
  const error = member(reply, 'error');
  if (typeof error === 'string') tags.add(error);
  else if (isJsonObject(error)) {
    const tag = member(error, 'error');
    if (typeof tag === 'string') tags.add(tag);
  }
  const result = member(reply, 'result');
  if (Array.isArray(result)) {
    for (const r of result) {
      if (!isJsonObject(r)) continue;
      const tag = member(r, 'error');
      if (typeof tag === 'string') tags.add(tag);
    }
  }
}

/**
 * Run the steps in order over one new connection. A step the server answers by closing the
 * connection records CLOSED and ends the run.
 */
export async function runSteps(target: RpcTarget, db: string, steps: readonly Step[]): Promise<Transcript> {
  const norm = new UuidNormalizer();
  const records: StepRecord[] = [];
  const tags = new Set<string>();
  const client = await RpcClient.connect(target, { timeoutMs: STEP_TIMEOUT_MS });
  try {
    for (const step of steps) {
      const { method, params } = toRequest(step, db);
      const resolved = norm.resolve(params);
      let reply: Json;
      try {
        reply = replyValue(await client.request(method, resolved));
      } catch (e) {
        if (!client.isClosed) throw e;
        reply = CLOSED;
      }
      collectTags(reply, tags);
      records.push({ request: { method, params: resolved }, reply, text: norm.text(reply) });
      if (reply === CLOSED) break;
    }
  } finally {
    await client.close();
  }
  return { steps: records, tags };
}

/** Table names of a schema file, for the delete-everything step. */
export function schemaTables(file: string): string[] {
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { tables: Record<string, unknown> };
  return Object.keys(parsed.tables);
}

/** One transaction deleting every row of every table (non-root rows go with their referrers). */
export function cleanupOps(tables: readonly string[]): Ops {
  return tables.map((table) => ({ op: 'delete', table, where: [] }));
}

/** The tags a case expects, as a sorted list. */
export function expectedTags(c: DiffCase): string[] {
  return [...(c.errors ?? [])].sort();
}

export function seenTags(t: Transcript): string[] {
  return [...t.tags].sort();
}

/** Canonical texts of a transcript, one per step. */
export function texts(t: Transcript): string[] {
  return t.steps.map((s) => s.text);
}

/** A readable account of two transcripts, marking the first step where they differ. */
export function describeDifference(name: string, ref: Transcript, ours: Transcript): string {
  const lines = [`case: ${name}`];
  const n = Math.max(ref.steps.length, ours.steps.length);
  for (let i = 0; i < n; i++) {
    const a = ref.steps[i];
    const b = ours.steps[i];
    const same = a !== undefined && b !== undefined && a.text === b.text;
    lines.push(`${same ? ' ' : '!'} step ${i}: ${canonicalText((a ?? b)?.request ?? null)}`);
    if (same) {
      lines.push(`    both:         ${a.text}`);
    } else {
      lines.push(`    ovsdb-server: ${a?.text ?? '(not run)'}`);
      lines.push(`    ovsdb-ts:     ${b?.text ?? '(not run)'}`);
    }
  }
  return lines.join('\n');
}

/** Index of the first differing step, or -1 when the transcripts are the same. */
export function firstDifference(ref: Transcript, ours: Transcript): number {
  const n = Math.max(ref.steps.length, ours.steps.length);
  for (let i = 0; i < n; i++) if (ref.steps[i]?.text !== ours.steps[i]?.text) return i;
  return -1;
}
