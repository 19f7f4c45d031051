// (4) select on 50,000 ports: by name (the indexed column; one client, one select in flight,
// `selects` of them or as many as fit in `budgetMs`: ovsdb-server scans the table for each),
// and a full select of every column of every port. Throughput in selects per second and in
// rows per second. The full select's reply is counted, not parsed: its length is learnt from a
// probe (same request, same id) during warm-up, where it is parsed and its rows counted.
import { connectMany } from '../lib/client.js';
import { DB, preload, PORTS_PER_SWITCH } from '../lib/data.js';
import { timed } from '../lib/harness.js';

const FULL_ID = 'full-select';
const FULL_SELECT = [DB, { op: 'select', table: 'Logical_Switch_Port', where: [] }];

function nameOf(state, k) {
  const i = (k * 7919) % state.ports;
  return `lsp-sel-${Math.floor(i / PORTS_PER_SWITCH)}-${i % PORTS_PER_SWITCH}`;
}

async function setup({ server, p }) {
  const [conn] = await connectMany(server.remote, 1);
  await preload(conn, 'sel', p.ports);
  return { conn, ports: p.ports, fullLength: 0 };
}

/** Up to `count` selects, stopping early after `budgetMs`; returns how many were done. */
async function byName(state, count, offset, budgetMs = Infinity) {
  const deadline = performance.now() + budgetMs;
  let k = 0;
  for (; k < count && performance.now() < deadline; k++) {
    const result = await state.conn.transact(DB, [
      { op: 'select', table: 'Logical_Switch_Port', where: [['name', '==', nameOf(state, offset + k)]] },
    ]);
    if (result[0].rows.length !== 1) throw new Error(`select by name found ${result[0].rows.length} rows`);
  }
  return k;
}

async function warmup({ state, p }) {
  await byName(state, p.warmup, 0, p.budgetMs);
  const probe = await state.conn.sendText(FULL_ID, JSON.stringify({ id: FULL_ID, method: 'transact', params: FULL_SELECT }), 'parse');
  const rows = probe.message.result?.[0]?.rows?.length;
  if (rows !== state.ports) throw new Error(`full select returned ${rows} rows, expected ${state.ports}`);
  state.fullLength = probe.length;
}

export const select = {
  group: 4,
  title: 'select',
  params: {
    full: { ports: 50000, warmup: 500, selects: 5000, budgetMs: 5000, fullSelects: 5 },
    quick: { ports: 2000, warmup: 100, selects: 500, budgetMs: 1000, fullSelects: 3 },
  },
  setup,
  warmup,
  cases: [
    {
      id: '4a',
      title: (p) => `by name among ${p.ports.toLocaleString('en')} ports, 1 client`,
      unit: 'selects/s',
      better: 'higher',
      target: { min: 1.0 },
      async measure({ server, state, p, round }) {
        const { result: done, timing } = await timed(server.pid, () => byName(state, p.selects, (round + 1) * p.selects, p.budgetMs));
        return { value: done / (timing.wallMs / 1000), timing, extra: { selects: done } };
      },
    },
    {
      id: '4b',
      title: (p) => `all columns of all ${p.ports.toLocaleString('en')} ports`,
      unit: 'rows/s',
      better: 'higher',
      target: { min: 1.0 },
      async measure({ server, state, p }) {
        const { timing } = await timed(server.pid, async () => {
          for (let k = 0; k < p.fullSelects; k++) await state.conn.requestSized(FULL_ID, 'transact', FULL_SELECT, state.fullLength);
        });
        return { value: (p.fullSelects * state.ports) / (timing.wallMs / 1000), timing, extra: { replyBytes: state.fullLength } };
      },
    },
  ],
};
