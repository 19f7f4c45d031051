/**
 * Delivery, deterministically: shared bytes for monitors that ask the same thing, and slow
 * readers, with an in-process server and streams whose writes complete
 * only when the test says so: coalescing while congested, one update per monitor when the output
 * drains, a session's own changes before its reply even when held back, and the hard limits
 * (disconnect above hardBacklogBytes, monitor_canceled above maxPendingRows), both logged.
 */
import { Duplex } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import type { Json } from '../../src/ovsdb/json.js';
import { isJsonObject, member } from '../../src/ovsdb/json.js';
import { loadSchemaFile } from '../../src/ovsdb/schema-load.js';
import { JsonFramer, encodeJson, parseJson } from '../../src/wire/index.js';
import { Database } from '../../src/engine/index.js';
import { OvsdbServer } from '../../src/server/server.js';
import type { MonitorOptions } from '../../src/server/monitors/index.js';
import { setLogSink, type LogSink } from '../../src/log.js';

const NB_SCHEMA = fileURLToPath(new URL('../../schema/ovn-nb.ovsschema', import.meta.url));
const NB = 'OVN_Northbound';

/** A connection whose writes complete only while it is not stalled. */
class Conn extends Duplex {
  readonly #framer = new JsonFramer();
  readonly received: Json[] = [];
  /** Every chunk written, as the server handed it over. */
  readonly chunks: Buffer[] = [];
  #held: (() => void)[] = [];
  stalled = false;
  constructor() {
    super({ read() {} });
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (e?: Error | null) => void): void {
    this.chunks.push(chunk);
    const deliver = (): void => {
      this.received.push(...this.#framer.push(chunk));
      cb();
    };
    if (this.stalled) this.#held.push(deliver);
    else deliver();
  }
  send(...msgs: Json[]): void {
    this.push(Buffer.from(msgs.map((m) => encodeJson(m)).join('')));
  }
  release(): void {
    this.stalled = false;
    for (const d of this.#held.splice(0)) d();
  }
  methods(): string[] {
    return this.received.map((m) => (isJsonObject(m) ? String(member(m, 'method') ?? `reply ${encodeJson(member(m, 'id') ?? null)}`) : '?'));
  }
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

let server: OvsdbServer;
let logs: string[];
let previousSink: LogSink;

function start(opts: MonitorOptions): void {
  const { schema, json } = loadSchemaFile(NB_SCHEMA, parseJson);
  server = new OvsdbServer([{ name: NB, schema, schemaJson: json, db: new Database(schema), storage: null }], { monitors: opts });
}

function connect(name: string): Conn {
  const c = new Conn();
  server.attach(c, { name, inactivityProbeMs: 0 });
  return c;
}

/** Each update carries more than the 16 KiB least soft limit, so one update congests. */
const PAD = 'x'.repeat(20_000);
const ls = (name: string, n: number): Json => ({ op: 'insert', table: 'Logical_Switch', row: { name, external_ids: ['map', [['n', String(n)], ['pad', PAD + n]]] } });
const setN = (name: string, n: number): Json => ({ op: 'update', table: 'Logical_Switch', where: [['name', '==', name]], row: { external_ids: ['map', [['n', String(n)], ['pad', PAD + n]]] } });
const monitor = (id: number): Json => ({ id, method: 'monitor_cond', params: [NB, 'm', { Logical_Switch: [{ columns: ['name', 'external_ids'] }] }] });
const transact = (id: number, ...ops: Json[]): Json => ({ id, method: 'transact', params: [NB, ...ops] });

beforeEach(() => {
  logs = [];
  previousSink = setLogSink((l) => logs.push(l));
});
afterEach(async () => {
  await server.close();
  setLogSink(previousSink);
});

describe('slow readers', () => {
  it('coalesce while congested, and send one update per monitor when the output drains', async () => {
    start({ softBacklogBytes: 1 });
    const writer = connect('writer');
    const slow = connect('slow');
    writer.send(transact(1, ls('a', 0), ls('b', 0)));
    slow.send(monitor(1));
    await tick();
    slow.stalled = true;
    for (let k = 1; k <= 50; k++) writer.send(transact(100 + k, setN(k % 2 ? 'a' : 'b', k)));
    await tick();
    expect(writer.received.length).toBe(51);
    expect(slow.received.length).toBe(1); // the initial reply; the next update is stuck in the stream
    slow.release();
    await tick();
    const updates = slow.received.slice(1) as { params: [string, Record<string, Record<string, { modify: { external_ids: Json } }>>] }[];
    expect(updates.length).toBe(2);
    const last = Object.values(updates[1]!.params[1]['Logical_Switch']!).map((u) => u.modify.external_ids);
    expect(last.map((m) => JSON.stringify(m).slice(0, 19)).sort()).toEqual(['["map",[["n","49"],', '["map",[["n","50"],']);
    expect(slow.stalled).toBe(false);
  });

  it('sends a held-back update caused by the session itself before its reply', async () => {
    start({ softBacklogBytes: 1 });
    const slow = connect('slow');
    slow.send(transact(1, ls('a', 0)), monitor(2));
    await tick();
    slow.stalled = true;
    slow.send(transact(3, setN('a', 1)), transact(4, setN('a', 2)));
    await tick();
    slow.release();
    await tick();
    expect(slow.methods()).toEqual(['reply 1', 'reply 2', 'update2', 'reply 3', 'update2', 'reply 4']);
  });

  it('disconnects a session whose output exceeds the hard limit, and logs it', async () => {
    start({ softBacklogBytes: 1, hardBacklogBytes: 100_000 });
    const writer = connect('writer');
    writer.send(transact(1, ...Array.from({ length: 100 }, (_, k) => ls(`sw${k}`, k))));
    await tick();
    const slow = connect('slow');
    slow.stalled = true;
    slow.send(monitor(1));
    await tick();
    expect(slow.destroyed).toBe(true);
    expect(logs.some((l) => /slow: \d+ bytes of output backlog exceed the limit of 100000, disconnecting/.test(l))).toBe(true);
    writer.send(transact(2, setN('sw1', 7)));
    await tick();
    expect(writer.methods()).toEqual(['reply 1', 'reply 2']);
  });

  it('cancels a monitor whose held-back changes exceed maxPendingRows (monitor_canceled), and logs it', async () => {
    start({ softBacklogBytes: 1, maxPendingRows: 5 });
    const writer = connect('writer');
    const slow = connect('slow');
    slow.send(monitor(1));
    await tick();
    slow.stalled = true;
    for (let k = 0; k < 10; k++) writer.send(transact(10 + k, ls(`n${k}`, k)));
    await tick();
    slow.release();
    await tick();
    expect(slow.methods()).toEqual(['reply 1', 'update2', 'monitor_canceled']);
    expect(slow.received[2]).toEqual({ id: null, method: 'monitor_canceled', params: ['m'] });
    expect(logs.some((l) => l.includes('slow: canceling monitor "m": too many changes pending'))).toBe(true);
    writer.send(transact(30, ls('later', 0)));
    slow.send({ id: 5, method: 'monitor_cancel', params: ['m'] });
    await tick();
    expect(slow.methods().slice(3)).toEqual(['reply 5']);
    expect(slow.received[3]).toEqual({ id: 5, error: 'unknown monitor' });
  });
});

describe('serialize once, share with many', () => {
  it('gives monitors with the same request and id the very same bytes', async () => {
    start({});
    const writer = connect('writer');
    writer.send(transact(1, ls('a', 0)));
    const subs = [connect('s1'), connect('s2'), connect('s3')];
    subs[0]!.send(monitor(1));
    subs[1]!.send(monitor(1));
    subs[2]!.send({ id: 1, method: 'monitor_cond', params: [NB, 'other-id', { Logical_Switch: [{ columns: ['name', 'external_ids'] }] }] });
    await tick();
    const bodies = subs.map((c) => c.chunks.find((b) => b.length > 20_000)!);
    expect(bodies[0]).toBe(bodies[1]);
    expect(bodies[0]).toBe(bodies[2]);
    const before = subs.map((c) => c.chunks.length);
    writer.send(transact(2, setN('a', 1)));
    await tick();
    const updates = subs.map((c, i) => c.chunks.slice(before[i])[0]!);
    expect(updates[0]).toBe(updates[1]);
    expect(updates[2]).not.toBe(updates[0]);
    expect(updates[2]!.toString().replace('"other-id"', '"m"')).toBe(updates[0]!.toString());
  });
});

describe('ordering', () => {
  it('sends the update caused by a transaction or a condition change before its reply', async () => {
    start({});
    const c = connect('c');
    c.send(transact(1, ls('a', 0)), { id: 2, method: 'monitor_cond', params: [NB, 'm', { Logical_Switch: [{ columns: ['name'], where: [false] }] }] });
    c.send({ id: 3, method: 'monitor_cond_change', params: ['m', 'm', { Logical_Switch: [{ where: [true] }] }] });
    c.send({ id: 4, method: 'monitor', params: [NB, 'v1', { Logical_Switch: { columns: ['name'] } }] });
    c.send(transact(5, ls('b', 0)));
    await tick();
    const got = c.methods();
    expect(got.slice(0, 5)).toEqual(['reply 1', 'reply 2', 'update2', 'reply 3', 'reply 4']);
    expect(got.slice(5, 7).sort()).toEqual(['update', 'update2']);
    expect(got.slice(7)).toEqual(['reply 5']);
  });
});
