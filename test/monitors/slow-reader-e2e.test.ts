/**
 * A slow reader against the real server process: one monitor client stops reading while another
 * commits 20,000 pipelined transactions. The server keeps answering a third client, its memory
 * grows by less than SLOW_READER_RSS_BOUND_MB (without coalescing the queued updates alone would
 * be about 20,000 × 8 KiB = 160 MiB), and when the slow client reads again it receives the final
 * state in far fewer notifications than there were transactions.
 */
import { connect, type Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonFramer, encodeJson } from '../../src/wire/index.js';
import { isJsonObject, member, type Json } from '../../src/ovsdb/json.js';
import { hasBuiltCli, startOvsdbTs, type OvsdbTs } from '../support/ovsdb-ts.js';
import { RpcClient } from '../support/rpc-client.js';
import { pollUntil } from '../support/process.js';

const NB_SCHEMA = fileURLToPath(new URL('../../schema/ovn-nb.ovsschema', import.meta.url));
const NB = 'OVN_Northbound';
const TRANSACTIONS = 20_000;
const ROWS = 20;
const VALUE_BYTES = 8192;
const WARMUP = 3000;
const IN_FLIGHT = 500;
/** The stated bound on the server's resident memory growth during the run. */
export const SLOW_READER_RSS_BOUND_MB = 48;

let server: OvsdbTs | undefined;
beforeAll(async () => {
  // No inactivity probe: the paused client could not answer it (ovsdb-server would drop it too).
  if (hasBuiltCli()) server = await startOvsdbTs({ schemas: [NB_SCHEMA], extraArgs: ['--inactivity-probe=0'] });
});
afterAll(async () => {
  await server?.stop();
});

function rssKiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m![1]);
}

/** A raw monitor client that can stop reading: the socket is paused, the kernel buffers fill. */
class RawMonitor {
  readonly framer = new JsonFramer();
  readonly messages: Json[] = [];
  constructor(readonly socket: Socket) {
    socket.on('data', (b: Buffer) => this.messages.push(...this.framer.push(b)));
  }
  static async open(port: number): Promise<RawMonitor> {
    const s = connect(port, '127.0.0.1');
    await new Promise<void>((resolve, reject) => s.once('connect', resolve).once('error', reject));
    return new RawMonitor(s);
  }
  send(v: Json): void {
    this.socket.write(encodeJson(v));
  }
  /** The value of Logical_Switch `name`'s other_config "v" as the notifications left it. */
  lastValues(): Map<string, number> {
    const out = new Map<string, number>();
    for (const m of this.messages) {
      if (!isJsonObject(m) || member(m, 'method') !== 'update2') continue;
      const tables = (member(m, 'params') as Json[])[1] as Record<string, Record<string, Record<string, { external_ids?: Json }>>>;
      for (const [uuid, u] of Object.entries(tables['Logical_Switch'] ?? {})) {
        const row = u['modify'] ?? u['insert'];
        const ids = row?.external_ids as ['map', [string, string][]] | undefined;
        const n = ids?.[1].find(([k]) => k === 'n');
        if (n !== undefined) out.set(uuid, Number(n[1]));
      }
    }
    return out;
  }
}

describe('slow reader (server process)', () => {
  it('stays responsive and bounded while a monitor client stops reading', async () => {
    expect(server, 'dist/cli.js must be built').toBeDefined();
    const port = server!.tcpPort;
    const writer = await RpcClient.connect({ port }, { timeoutMs: 60_000 });
    const other = await RpcClient.connect({ port });
    const slow = await RawMonitor.open(port);
    try {
      const names = Array.from({ length: ROWS }, (_, k) => `ls${k}`);
      const ins = await writer.request('transact', [NB, ...names.map((name) => ({ op: 'insert', table: 'Logical_Switch', row: { name } }))]);
      const uuids = (ins.result as { uuid: [string, string] }[]).map((r) => r.uuid[1]);
      slow.send({ id: 1, method: 'monitor_cond', params: [NB, 'slow', { Logical_Switch: [{ columns: ['name', 'external_ids'] }] }] });
      await pollUntil(() => slow.messages.length > 0, 5000, 'monitor reply');
      const pad = 'x'.repeat(VALUE_BYTES);
      const update = (k: number): Json[] => [NB, { op: 'update', table: 'Logical_Switch', where: [['_uuid', '==', ['uuid', uuids[k % ROWS]!]]], row: { external_ids: ['map', [['n', String(k)], ['pad', pad + k]]] } }];
      // Warm-up with a reading monitor: the heap reaches its working size before the baseline.
      await Promise.all(Array.from({ length: WARMUP }, (_, k) => writer.request('transact', update(k))));
      slow.socket.pause();
      const baseline = rssKiB(server!.pid, 'VmHWM');
      let sent = 0;
      let probes = 0;
      const pending = new Set<Promise<unknown>>();
      while (sent < TRANSACTIONS) {
        const k = sent++;
        const p = writer.request('transact', update(WARMUP + k));
        pending.add(p);
        void p.finally(() => pending.delete(p));
        if (pending.size >= IN_FLIGHT) await Promise.race(pending);
        if (k % 2000 === 0) {
          await other.request('echo', [k]);
          probes++;
        }
      }
      await Promise.all(pending);
      const grownMiB = (rssKiB(server!.pid, 'VmHWM') - baseline) / 1024;
      const list = await other.request('list_dbs', []);
      expect(list.result).toContain(NB);
      expect(probes).toBe(TRANSACTIONS / 2000);
      process.stderr.write(`slow reader: server RSS grew ${grownMiB.toFixed(1)} MiB (bound ${SLOW_READER_RSS_BOUND_MB})\n`);
      expect(grownMiB).toBeLessThan(SLOW_READER_RSS_BOUND_MB);

      slow.socket.resume();
      const final = new Map(uuids.map((u, i) => [u, WARMUP + TRANSACTIONS - ROWS + i]));
      await pollUntil(() => [...final].every(([u, n]) => slow.lastValues().get(u) === n), 30_000, 'the final state at the slow client').catch((e: Error) => {
        throw new Error(`${e.message}: have ${JSON.stringify([...slow.lastValues()])}, ${slow.messages.length} messages`);
      });
      const updates = slow.messages.filter((m) => isJsonObject(m) && member(m, 'method') === 'update2').length;
      process.stderr.write(`slow reader: ${updates} update2 notifications for ${TRANSACTIONS} transactions\n`);
      expect(updates).toBeLessThan(TRANSACTIONS / 2);
    } finally {
      slow.socket.destroy();
      await Promise.all([writer.close(), other.close()]);
    }
  }, 120_000);
});
