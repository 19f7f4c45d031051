/**
 * The monitors' history size given to the server (ServerOptions.monitors.historyEntries) is the
 * one the databases' histories are built with: monitor_cond_since from three commits back finds
 * the changes with the default (100 entries) and not with 1.
 */
import { describe, expect, it } from 'vitest';
import { Duplex } from 'node:stream';
import { OvsdbServer } from '../../src/server/server.js';
import { JsonFramer } from '../../src/wire/index.js';
import type { Json } from '../../src/ovsdb/json.js';
import { servedInMemory, NB_SCHEMA, NB } from '../sessions/harness.js';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

async function resumedAfterThreeCommits(historyEntries: number | undefined): Promise<boolean> {
  const server = new OvsdbServer([servedInMemory(NB_SCHEMA)], historyEntries === undefined ? {} : { monitors: { historyEntries } });
  const framer = new JsonFramer();
  const replies = new Map<Json, Json>();
  const stream = new Duplex({
    read() {},
    write(chunk: Buffer, _enc, cb) {
      for (const m of framer.push(chunk) as { id: Json; result?: Json }[]) if (m.id !== null) replies.set(m.id, m.result ?? null);
      cb();
    },
  });
  server.attach(stream, { name: 'c' });
  const call = async (id: number, method: string, params: Json[]): Promise<Json> => {
    stream.push(Buffer.from(JSON.stringify({ id, method, params })));
    await tick();
    return replies.get(id) ?? null;
  };
  try {
    const since = (id: number, last: string) => call(id, 'monitor_cond_since', [NB, `m${id}`, { Logical_Switch: [{ columns: ['name'] }] }, last]);
    const insert = (id: number) => call(id, 'transact', [NB, { op: 'insert', table: 'Logical_Switch', row: { name: `s${id}` } }]);
    await insert(10);
    const first = (await since(1, '00000000-0000-0000-0000-000000000000')) as [boolean, string, Json];
    for (let k = 11; k <= 13; k++) expect(await insert(k)).toMatchObject([{ uuid: ['uuid', expect.any(String)] }]);
    const again = (await since(2, first[1])) as [boolean, string, Json];
    return again[0];
  } finally {
    await server.close();
  }
}

describe('ServerOptions.monitors.historyEntries', () => {
  it('bounds the history monitor_cond_since resumes from', async () => {
    expect(await resumedAfterThreeCommits(undefined)).toBe(true);
    expect(await resumedAfterThreeCommits(1)).toBe(false);
  });
});
