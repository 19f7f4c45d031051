// (1) Single-row lsp-add-style transactions (what `ovn-nbctl lsp-add` sends: insert a port,
// mutate its switch's ports, comment), each client sequential (one transaction in flight),
// from 1, 8 and 32 clients at once. (2) One client pipelining: 64 transactions in flight.
// Throughput in transactions per second. Ports rotate over SWITCHES switches so that no
// switch's port set grows without bound.
import { connectMany } from '../lib/client.js';
import { DB, createSwitches, lspAddOps } from '../lib/data.js';
import { timed } from '../lib/harness.js';

const PIPELINE_DEPTH = 64;

async function setup({ server, p }) {
  const [client] = await connectMany(server.remote, 1);
  try {
    return { switches: await createSwitches(client, 'lspadd', p.switches), next: 0 };
  } finally {
    client.close();
  }
}

/** The next transaction's operations (unique port name per server). */
function nextOps(state) {
  const i = state.next++;
  return lspAddOps(state.switches[i % state.switches.length], `add-${i}`, i);
}

/** `clients` connections, each sending its share of `total` transactions one after another. */
async function sequential(server, state, clients, total) {
  const conns = await connectMany(server.remote, clients);
  try {
    const each = Math.ceil(total / clients);
    const { timing } = await timed(server.pid, () =>
      Promise.all(
        conns.map(async (c) => {
          for (let k = 0; k < each; k++) await c.transact(DB, nextOps(state));
        }),
      ),
    );
    return { value: (each * clients) / (timing.wallMs / 1000), timing };
  } finally {
    for (const c of conns) c.close();
  }
}

/** One connection keeping `depth` transactions in flight until `total` are answered. */
async function pipelined(server, state, depth, total) {
  const [conn] = await connectMany(server.remote, 1);
  try {
    let sent = 0;
    const lane = async () => {
      while (sent < total) {
        sent++;
        await conn.transact(DB, nextOps(state));
      }
    };
    const { timing } = await timed(server.pid, () => Promise.all(Array.from({ length: depth }, lane)));
    return { value: total / (timing.wallMs / 1000), timing };
  } finally {
    conn.close();
  }
}

const throughput = { unit: 'txn/s', better: 'higher', target: { min: 1.0 } };

export const lspAdd = {
  group: 1,
  title: 'lsp-add-style transactions, sequential',
  params: {
    full: { switches: 64, warmup: 3000, txns: 3000 },
    quick: { switches: 8, warmup: 100, txns: 300 },
  },
  setup,
  warmup: ({ server, state, p }) => sequential(server, state, 1, p.warmup),
  cases: [1, 8, 32].map((n, i) => ({
    id: `1${'abc'[i]}`,
    title: `${n} client${n > 1 ? 's' : ''}`,
    ...throughput,
    measure: ({ server, state, p }) => sequential(server, state, n, p.txns),
  })),
};

export const pipeline = {
  group: 2,
  title: 'lsp-add-style transactions',
  params: {
    full: { switches: 64, warmup: 3000, txns: 10000 },
    quick: { switches: 8, warmup: 200, txns: 1000 },
  },
  setup,
  warmup: ({ server, state, p }) => pipelined(server, state, PIPELINE_DEPTH, p.warmup),
  cases: [
    {
      id: '2',
      title: `1 client pipelining ${PIPELINE_DEPTH}`,
      ...throughput,
      measure: ({ server, state, p }) => pipelined(server, state, PIPELINE_DEPTH, p.txns),
    },
  ],
};
