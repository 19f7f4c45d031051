/**
 * Monitor transcripts for differential tests: a case is a list of steps, each a request sent on
 * one of several connections. After each step every other connection is fenced with a
 * `list_dbs` request, so that every notification the step caused has arrived (both servers send
 * monitor updates before any later reply on that connection). The transcript records, per step,
 * the reply and the notifications each connection received, normalised:
 * - UUIDs numbered in order of appearance (test/support/normalize.ts);
 * - the notifications of one batch ordered by (method, monitor id): ovsdb-server flushes a
 *   session's monitors in hash order, so their relative order carries no meaning;
 * - the last-txn-id of update3 notifications and monitor_cond_since replies masked: the one
 *   intended difference (ovsdb-server standalone always says all-zero; ovsdb-ts keeps history).
 */
import { isJsonObject, member, type Json, type JsonObject } from '../../src/ovsdb/json.js';
import { encodeJson } from '../../src/wire/index.js';
import { UuidNormalizer } from '../support/normalize.js';
import { RpcClient, type RpcTarget } from '../support/rpc-client.js';

export interface Step {
  /** Connection index (default 0). */
  readonly c?: number;
  readonly method: string;
  readonly params: Json;
}

export interface MonitorCase {
  readonly name: string;
  /** Number of connections (default 1). */
  readonly clients?: number;
  readonly steps: readonly Step[];
}

export const TXN_MASK = '<txn>';
const STEP_TIMEOUT_MS = 5_000;

function batchKey(n: JsonObject): string {
  const params = member(n, 'params');
  const first = Array.isArray(params) ? params[0] : null;
  return `${String(member(n, 'method'))} ${encodeJson(first ?? null)}`;
}

function maskNotification(n: JsonObject): Json {
  const method = member(n, 'method');
  const params = member(n, 'params');
  if (method === 'update3' && Array.isArray(params) && params.length === 3) {
    return { method, params: [params[0]!, TXN_MASK, params[2]!] };
  }
  return { method: method ?? null, params: params ?? null };
}

function maskReply(method: string, reply: { result?: Json; error?: Json }): Json {
  if (reply.error !== undefined) return { error: reply.error };
  const r = reply.result ?? null;
  if (method === 'monitor_cond_since' && Array.isArray(r) && r.length === 3) return { result: [r[0]!, TXN_MASK, r[2]!] };
  return { result: r };
}

/** Runs a case on fresh connections; returns one text line per step. */
export async function runCase(target: RpcTarget, c: MonitorCase): Promise<string[]> {
  const norm = new UuidNormalizer();
  const clients: RpcClient[] = [];
  try {
    for (let i = 0; i < (c.clients ?? 1); i++) clients.push(await RpcClient.connect(target, { timeoutMs: STEP_TIMEOUT_MS }));
    const seen = clients.map(() => 0);
    const lines: string[] = [];
    for (const step of c.steps) {
      const ci = step.c ?? 0;
      const reply = await clients[ci]!.request(step.method, norm.resolve(step.params));
      for (let k = 0; k < clients.length; k++) if (k !== ci) await clients[k]!.request('list_dbs', []);
      const parts: string[] = [];
      clients.forEach((client, k) => {
        const batch = client.notifications.slice(seen[k]).sort((a, b) => (batchKey(a) < batchKey(b) ? -1 : 1));
        seen[k] = client.notifications.length;
        for (const n of batch) parts.push(`  c${k} ${norm.text(maskNotification(n))}`);
      });
      parts.push(`  reply ${norm.text(maskReply(step.method, reply))}`);
      lines.push(`c${ci} ${step.method}\n${parts.join('\n')}`);
      if (process.env['MON_DIFF_VERBOSE'] === '1') process.stderr.write(`${encodeJson(step.params)}\n${lines[lines.length - 1]}\n`);
    }
    return lines;
  } finally {
    await Promise.all(clients.map((cl) => cl.close()));
  }
}

export function isObject(v: Json): v is JsonObject {
  return isJsonObject(v);
}
