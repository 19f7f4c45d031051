// (5) Monitors (RFC 7047 §4.1.5, monitor_cond from ovsdb-server(7) §4.1.12):
//   - one update (an lsp-add-style transaction) delivered to 10, 100 and 500 subscribers of
//     Logical_Switch_Port (all columns): the time from sending the transaction until the last
//     subscriber has received the update2 that carries the new port, median over a round;
//   - the initial dump of 50,000 ports to 100 subscribers asking at the same moment: the time
//     until the last reply is complete. The replies are counted, not parsed (the length and a
//     checksum are learnt from a probe that parses it and counts the rows).
import { connectMany } from '../lib/client.js';
import { DB, createSwitches, lspAddOps, preload } from '../lib/data.js';
import { timed } from '../lib/harness.js';
import { median } from '../lib/report.js';

const MONITOR_ALL_PORTS = { Logical_Switch_Port: [{}] };
const DUMP_ID = 'dump';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * Does a message carry port `name` (as a JSON string)? Looked up in the raw bytes, so that 500
 * subscribers cost the load generator no JSON.parse; port names are unique, and the only
 * messages a subscriber gets while it waits are the update2 notifications of these inserts.
 */
function carries(parts, quotedName) {
  const bytes = parts.length === 1 ? parts[0] : Buffer.concat(parts);
  return bytes.includes(quotedName) && bytes.includes(UPDATE2);
}

const UPDATE2 = Buffer.from('"update2"');

async function subscribe(subs) {
  await Promise.all(subs.map((s) => s.call('monitor_cond', [DB, 'bench', MONITOR_ALL_PORTS])));
}

/** Send `updates` transactions one after another; each waits until all subscribers have it. */
async function deliver(state, subs, updates, switchUuid = state.switchUuid) {
  const times = [];
  for (let u = 0; u < updates; u++) {
    const i = state.next++;
    const quotedName = Buffer.from(JSON.stringify(`lsp-fan-${i}`));
    let remaining = subs.length;
    let done;
    const all = new Promise((r) => {
      done = r;
    });
    for (const s of subs) {
      s.onRawMessage = (parts) => {
        if (!carries(parts, quotedName)) return false;
        if (--remaining === 0) done();
        return true;
      };
    }
    const t0 = performance.now();
    await Promise.all([state.writer.transact(DB, lspAddOps(switchUuid, `fan-${i}`, i)), all]);
    times.push(performance.now() - t0);
  }
  return times;
}

function fanoutCase(id, n) {
  return {
    id,
    title: `one update to ${n} subscribers`,
    unit: 'ms',
    better: 'lower',
    target: { max: 1.0 },
    async measure({ server, state, p }) {
      const subs = await connectMany(server.remote, n);
      try {
        await subscribe(subs);
        const { result: times, timing } = await timed(server.pid, () => deliver(state, subs, p.updates));
        return { value: median(times), timing, extra: { updates: times.length } };
      } finally {
        for (const s of subs) s.close();
        await sleep(p.settleMs);
      }
    },
  };
}

export const fanout = {
  group: 5,
  title: 'monitor delivery',
  params: {
    full: { updates: 30, warmupSubscribers: 50, warmupUpdates: 300, jitWarmupUpdates: 3000, settleMs: 300 },
    quick: { updates: 5, warmupSubscribers: 10, warmupUpdates: 5, jitWarmupUpdates: 0, settleMs: 50 },
  },
  async setup({ server }) {
    const [writer] = await connectMany(server.remote, 1);
    const [switchUuid, warmupSwitchUuid] = await createSwitches(writer, 'fan', 2);
    return { writer, switchUuid, warmupSwitchUuid, next: 0 };
  },
  async warmup({ server, state, p }) {
    const subs = await connectMany(server.remote, p.warmupSubscribers);
    try {
      await subscribe(subs);
      // As many transactions as workload (1) warms up with, so that V8 has optimised the commit
      // and fan-out paths (a server runs for days), on a switch of their own whose ports are
      // then dropped: the measured switch and the table are as they were without it.
      if (p.jitWarmupUpdates > 0) {
        await deliver(state, subs, p.jitWarmupUpdates, state.warmupSwitchUuid);
        await state.writer.transact(DB, [
          { op: 'update', table: 'Logical_Switch', where: [['_uuid', '==', ['uuid', state.warmupSwitchUuid]]], row: { ports: ['set', []] } },
        ]);
      }
      await deliver(state, subs, p.warmupUpdates);
    } finally {
      for (const s of subs) s.close();
      await sleep(p.settleMs);
    }
  },
  cases: [fanoutCase('5a', 10), fanoutCase('5b', 100), fanoutCase('5c', 500)],
};

const dumpRequest = (id) => JSON.stringify({ id, method: 'monitor_cond', params: [DB, 'bench', MONITOR_ALL_PORTS] });

export const dump = {
  group: 5,
  title: 'monitor initial dump',
  params: {
    // ovsdb-server needs 1-4 minutes per round here (one dump composed per subscriber).
    full: { ports: 50000, subscribers: 100, settleMs: 300, timeoutMs: 1_200_000 },
    quick: { ports: 500, subscribers: 100, settleMs: 50 },
  },
  async setup({ server, p }) {
    const [conn] = await connectMany(server.remote, 1);
    try {
      await preload(conn, 'dump', p.ports);
    } finally {
      conn.close();
    }
    return {};
  },
  /** The probe: one subscriber's reply, parsed; its length and checksum are what all get. */
  async warmup({ server, state, p }) {
    const [probe] = await connectMany(server.remote, 1);
    try {
      const r = await probe.sendText(DUMP_ID, dumpRequest(DUMP_ID), 'parse');
      const rows = Object.keys(r.message.result?.Logical_Switch_Port ?? {}).length;
      if (rows !== p.ports) throw new Error(`initial dump has ${rows} ports, expected ${p.ports}`);
      state.length = r.length;
      state.crc = r.crc;
    } finally {
      probe.close();
      await sleep(p.settleMs);
    }
  },
  cases: [
    {
      id: '5d',
      title: (p) => `initial dump of ${p.ports.toLocaleString('en')} ports to ${p.subscribers} subscribers`,
      unit: 'ms',
      better: 'lower',
      target: { max: 1.0 },
      async measure({ server, state, p }) {
        const subs = await connectMany(server.remote, p.subscribers);
        try {
          const { result, timing } = await timed(server.pid, () =>
            Promise.all(subs.map((s, i) => s.requestSized(DUMP_ID, 'monitor_cond', [DB, 'bench', MONITOR_ALL_PORTS], state.length, { crc: i === 0 }))),
          );
          if (result[0].crc !== state.crc) throw new Error('initial dump differs from the probe');
          return { value: timing.wallMs, timing, extra: { replyBytes: state.length, subscribers: subs.length } };
        } finally {
          for (const s of subs) s.close();
          await sleep(p.settleMs);
        }
      },
    },
  ],
};
