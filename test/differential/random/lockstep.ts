/**
 * Runs generated transactions against the reference and (optionally) our server in lock step:
 * each transaction is generated from what the reference answered so far, sent to both, and the
 * normalised replies compared before the next one is generated.
 *
 * ovsdb-server reports some errors about whichever row its hash order meets first (e.g. a
 * constraint violated by several rows of one update), so a difference confined to what may
 * depend on row order (see rowOrderFree) is reported separately as "details only", and ends the
 * episode (such details may name rows that only one side has numbered so far).
 */
import { isJsonObject, member, type Json } from '../../../src/ovsdb/json.js';
import { UuidNormalizer, canonicalText } from '../../support/normalize.js';
import { RpcClient, type RpcTarget } from '../../support/rpc-client.js';
import type { Prng } from './prng.js';
import { GenState, type GeneratedTxn, TxnGen } from './txn-gen.js';

const TIMEOUT_MS = 5_000;

export interface Mismatch {
  readonly step: number;
  readonly request: string;
  readonly reference: string;
  readonly ours: string;
  /** True when only what may depend on ovsdb-server's row order differs (see rowOrderFree). */
  readonly detailsOnly: boolean;
  /** The episode's earlier steps (request, then the common reply), to reproduce by hand. */
  readonly before: readonly string[];
}

export interface LockstepResult {
  readonly transactions: number;
  /** Replies of the reference that contained an operation error. */
  readonly failed: number;
  readonly tags: Map<string, number>;
  readonly mismatch: Mismatch | null;
  readonly detailMismatches: Mismatch[];
}

interface Side {
  readonly name: string;
  readonly client: RpcClient;
  readonly norm: UuidNormalizer;
}

/**
 * The reply with what may legitimately depend on row order blanked: details and syntax of
 * errors, and the tag too of an error from a mutate or update (each row may fail differently,
 * e.g. one overflows while another divides by zero; ovsdb-server reports the first row it meets).
 */
function rowOrderFree(reply: Json, ops: readonly Json[]): Json {
  if (!isJsonObject(reply)) return reply;
  const result = member(reply, 'result');
  if (!Array.isArray(result)) return stripDetails(reply);
  return {
    result: result.map((r, i) => {
      const op = ops[i];
      const perRow = isJsonObject(op) && (op['op'] === 'mutate' || op['op'] === 'update');
      return perRow && errorTag(r) !== null ? { error: '<row-dependent>' } : stripDetails(r);
    }),
  };
}

/** Drop details and syntax from error objects, keeping the tags. */
function stripDetails(v: Json): Json {
  if (Array.isArray(v)) return v.map(stripDetails);
  if (!isJsonObject(v)) return v;
  const isError = typeof member(v, 'error') === 'string';
  const out: { [k: string]: Json } = {};
  for (const [k, x] of Object.entries(v)) {
    if (isError && (k === 'details' || k === 'syntax')) continue;
    Object.defineProperty(out, k, { value: stripDetails(x), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

async function send(side: Side, db: string, ops: Json[]): Promise<Json> {
  const params = side.norm.resolve([db, ...ops]);
  const reply = await side.client.request('transact', params, TIMEOUT_MS).catch((e: unknown) => {
    throw new Error(`${side.name}: ${String(e)} on ${canonicalText(ops)}`);
  });
  const value: Json = reply.error !== undefined ? { error: reply.error } : { result: reply.result ?? null };
  return side.norm.normalize(value);
}

function opResults(reply: Json): Json[] {
  if (!isJsonObject(reply)) return [];
  const r = member(reply, 'result');
  return Array.isArray(r) ? r : [];
}

function errorTag(r: Json): string | null {
  if (!isJsonObject(r)) return null;
  const e = member(r, 'error');
  return typeof e === 'string' ? e : null;
}

/** Learn which rows exist from a committed transaction's results. */
function learn(state: GenState, txn: GeneratedTxn, results: Json[]): void {
  results.forEach((r, i) => {
    const table = txn.inserts[i];
    if (table !== null && table !== undefined && isJsonObject(r)) {
      const u = member(r, 'uuid');
      if (Array.isArray(u) && typeof u[1] === 'string') state.add(table, u[1]);
    }
    const gone = txn.deletes[i];
    if (gone !== null && gone !== undefined) state.remove(gone);
  });
}

export async function runLockstep(
  db: string,
  gen: TxnGen,
  rounds: number,
  reference: RpcTarget,
  ours: RpcTarget | undefined,
  cleanup: Json[],
): Promise<LockstepResult> {
  const ref: Side = { name: 'ovsdb-server', client: await RpcClient.connect(reference), norm: new UuidNormalizer() };
  const other: Side | undefined = ours && {
    name: 'ovsdb-ts',
    client: await RpcClient.connect(ours),
    norm: new UuidNormalizer(),
  };
  const state = new GenState();
  const tags = new Map<string, number>();
  const detailMismatches: Mismatch[] = [];
  let failed = 0;
  let mismatch: Mismatch | null = null;
  const before: string[] = [];
  try {
    for (let step = 0; step < rounds; step++) {
      const txn = gen.transaction(state);
      const [a, b] = await Promise.all([send(ref, db, txn.ops), other && send(other, db, txn.ops)]);
      const results = opResults(a);
      const errs = results.map(errorTag).filter((t): t is string => t !== null);
      for (const t of errs) tags.set(t, (tags.get(t) ?? 0) + 1);
      if (errs.length > 0) failed++;
      else learn(state, txn, results);
      if (b === undefined) continue;
      const ta = canonicalText(a);
      const tb = canonicalText(b);
      if (ta === tb) {
        before.push(`${canonicalText(txn.ops)}\n    => ${ta}`);
        continue;
      }
      const m: Mismatch = {
        step,
        request: canonicalText(txn.ops),
        reference: ta,
        ours: tb,
        detailsOnly: canonicalText(rowOrderFree(a, txn.ops)) === canonicalText(rowOrderFree(b, txn.ops)),
        before,
      };
      if (!m.detailsOnly) {
        mismatch = m;
        break;
      }
      // Details may name rows only one side has numbered: the numberings may part from here.
      detailMismatches.push(m);
      break;
    }
  } finally {
    await Promise.all([ref.client.request('transact', [db, ...cleanup]).catch(() => undefined), other?.client.request('transact', [db, ...cleanup]).catch(() => undefined)]);
    await Promise.all([ref.client.close(), other?.client.close()]);
  }
  return { transactions: rounds, failed, tags, mismatch, detailMismatches };
}

export function newGenerator(gen: ConstructorParameters<typeof TxnGen>[0], rng: Prng): TxnGen {
  return new TxnGen(gen, rng);
}
