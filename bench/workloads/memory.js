// (6) Memory per row: the server's resident set (VmRSS, proc(5)) on an empty database and after
// loading 100,000 ports (1,000 switches of 100), divided by the rows added. A fresh server per
// round; both readings are taken after a short idle so that neither counts work in progress.
import { connectMany } from '../lib/client.js';
import { preload, PORTS_PER_SWITCH } from '../lib/data.js';
import { timed } from '../lib/harness.js';
import { memory } from '../lib/proc.js';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export const memoryPerRow = {
  group: 6,
  title: 'memory',
  fresh: true,
  params: {
    full: { ports: 100000, settleMs: 1000 },
    quick: { ports: 5000, settleMs: 200 },
  },
  cases: [
    {
      id: '6',
      title: (p) => `RSS per row after ${p.ports.toLocaleString('en')} ports`,
      unit: 'bytes/row',
      better: 'lower',
      target: { max: 1.5 },
      async measure({ launch, p }) {
        const server = await launch();
        await sleep(p.settleMs);
        const before = memory(server.pid);
        const [conn] = await connectMany(server.remote, 1);
        try {
          const { timing } = await timed(server.pid, () => preload(conn, 'mem', p.ports));
          await sleep(p.settleMs);
          const after = memory(server.pid);
          const rows = p.ports + Math.ceil(p.ports / PORTS_PER_SWITCH);
          return {
            value: (after.rss - before.rss) / rows,
            timing,
            extra: { rows, rssBefore: before.rss, rssAfter: after.rss, peak: after.hwm },
          };
        } finally {
          conn.close();
        }
      },
    },
  ],
};
