// (3) One transaction inserting 10,000 and 100,000 ports (in switches of 100 ports, so that
// the ports are referenced: Logical_Switch_Port is not a root table). A fresh server per round,
// warmed up by one transaction of the same size (other names): the first large transaction
// of a fresh process also pays for growing its heap. The request is encoded before the clock
// starts.
// Throughput in ports per second (send → reply).
import { connectMany, checkTransact } from '../lib/client.js';
import { DB, bulkInsertOps } from '../lib/data.js';
import { timed } from '../lib/harness.js';

function bulkCase(id, size) {
  return {
    id,
    title: (p) => `${p.sizes[size].toLocaleString('en')} ports in one transaction`,
    unit: 'ports/s',
    better: 'higher',
    target: { min: 1.0 },
    async measure({ launch, p }) {
      const count = p.sizes[size];
      const server = await launch();
      const [conn] = await connectMany(server.remote, 1);
      try {
        await conn.transact(DB, bulkInsertOps('warm', count));
        const req = conn.prepare('transact', [DB, ...bulkInsertOps('bulk', count)]);
        const { result: reply, timing } = await timed(server.pid, () => conn.sendText(req.id, req.bytes));
        if (reply.error !== null) throw new Error(JSON.stringify(reply.error));
        checkTransact(reply.result);
        return { value: count / (timing.wallMs / 1000), timing, extra: { ports: count, requestBytes: req.bytes.length } };
      } finally {
        conn.close();
      }
    },
  };
}

export const bulkInsert = {
  group: 3,
  title: 'bulk insert',
  fresh: true,
  params: {
    full: { sizes: { 10000: 10000, 100000: 100000 }, timeoutMs: 600_000 },
    quick: { sizes: { 10000: 1000, 100000: 5000 } },
  },
  cases: [bulkCase('3a', 10000), bulkCase('3b', 100000)],
};
