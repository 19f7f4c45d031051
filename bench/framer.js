// Framer throughput on a stream of realistic OVSDB messages, fed in 64 KiB chunks, against
// JSON.parse on the same messages pre-split (the floor any framer pays: as strings, and as
// bytes still to decode), plus encodeJson against
// JSON.stringify. Run: npx tsc -p tsconfig.json && node bench/framer.js
import { JsonFramer, encodeJson } from '../dist/wire/index.js';

const CHUNK = 64 * 1024;
const TARGET_BYTES = 64 * 1024 * 1024;

let seed = 1;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const hex = (n) => Array.from({ length: n }, () => Math.floor(rnd() * 16).toString(16)).join('');
const uuid = () => `${hex(8)}-${hex(4)}-${hex(4)}-${hex(4)}-${hex(12)}`;

function lspRow(i) {
  return {
    name: `lsp-${i}-${hex(6)}`,
    addresses: ['set', [`0a:58:0a:f4:${hex(2)}:${hex(2)} 10.244.${i % 250}.${i % 200}`]],
    external_ids: ['map', [['namespace', `ns-${i % 40}`], ['pod', 'true'], ['owner', `kube-ñ-${hex(4)}`]]],
    options: ['map', [['requested-chassis', `node-${i % 30}`], ['iface-id-ver', uuid()]]],
    tag_request: i % 4095,
    up: true,
  };
}

function transact(id, n) {
  const ops = [{ op: 'wait', table: 'NB_Global', where: [['_uuid', '==', ['uuid', uuid()]]], until: '==', rows: [{}], timeout: 0 }];
  for (let i = 0; i < n; i++) ops.push({ op: 'insert', table: 'Logical_Switch_Port', row: lspRow(i), 'uuid-name': `row${i}` });
  ops.push({ op: 'comment', comment: 'ovn-nbctl: lsp-add' });
  return { id, method: 'transact', params: ['OVN_Northbound', ...ops] };
}

function update2(n) {
  const rows = {};
  for (let i = 0; i < n; i++) rows[uuid()] = i % 3 === 0 ? { modify: { up: true } } : { insert: lspRow(i) };
  return { id: null, method: 'update2', params: [['monid', 'OVN_Northbound'], { Logical_Switch_Port: rows }] };
}

const messages = [];
let total = 0;
for (let id = 0; total < TARGET_BYTES; id++) {
  const n = [1, 2, 5, 20, 300][id % 5];
  const text = JSON.stringify(id % 2 ? transact(id, n) : update2(n));
  messages.push(text);
  total += Buffer.byteLength(text) + 1;
}
const stream = Buffer.from(messages.join('\n'));
const chunks = [];
for (let i = 0; i < stream.length; i += CHUNK) chunks.push(stream.subarray(i, i + CHUNK));
const values = messages.map((m) => JSON.parse(m));

function best(fn, rounds = 5) {
  let min = Infinity;
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

const mb = stream.length / 1e6;
let count = 0;
const framerMs = best(() => {
  const f = new JsonFramer();
  count = 0;
  for (const c of chunks) count += f.push(c).length;
});
if (count !== messages.length) throw new Error(`framed ${count} of ${messages.length}`);
const parseMs = best(() => {
  for (const m of messages) JSON.parse(m);
});
const bufs = messages.map((m) => Buffer.from(m));
const decodeParseMs = best(() => {
  for (const b of bufs) JSON.parse(b.toString('utf8'));
});
const encodeMs = best(() => {
  for (const v of values) encodeJson(v);
});
const stringifyMs = best(() => {
  for (const v of values) JSON.stringify(v);
});

// The same stream where every integer is a bigint (engine output): the encoder's slow path.
const withBig = (v) =>
  typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : Array.isArray(v) ? v.map(withBig)
  : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withBig(x)])) : v;
const bigValues = values.map(withBig);
const encodeBigMs = best(() => {
  for (const v of bigValues) encodeJson(v);
});

const rate = (ms) => (mb / (ms / 1000)).toFixed(0);
console.log(
  `framer: ${messages.length} msgs, ${mb.toFixed(1)} MB in 64 KiB chunks: ${rate(framerMs)} MB/s ` +
    `(pre-split: JSON.parse ${rate(parseMs)} MB/s, Buffer→string+JSON.parse ${rate(decodeParseMs)} MB/s); encodeJson ${rate(encodeMs)} MB/s, with bigints ` +
    `${rate(encodeBigMs)} MB/s (JSON.stringify: ${rate(stringifyMs)} MB/s)`,
);
