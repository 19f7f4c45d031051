// The engine alone (Database.execute + commit, no sockets, storage or monitors) on workload (1)'s
// lsp-add transaction, after a warm-up that grows 64 switches to ~470 ports each: µs per
// transaction. Deterministic enough to compare builds of the engine; with `node --cpu-prof` or
// `--heap-prof` it shows where an lsp-add's time and allocations go.
//
//   npx tsc -p tsconfig.json && node bench/engine.js [transactions=20000] [warm-up=30000]
import { loadSchemaFile } from '../dist/ovsdb/schema-load.js';
import { parseJson } from '../dist/wire/index.js';
import { Database } from '../dist/engine/database.js';
import { lspAddOps } from './lib/data.js';

const SWITCHES = 64;
const N = Number(process.argv[2] ?? 20000);
const WARMUP = Number(process.argv[3] ?? 30000);

const { schema } = loadSchemaFile(new URL('../schema/ovn-nb.ovsschema', import.meta.url).pathname, parseJson);
const db = new Database(schema);
const create = db.execute(Array.from({ length: SWITCHES }, (_, s) => ({ op: 'insert', table: 'Logical_Switch', row: { name: `ls-${s}` } })));
db.commit(create);
const switches = create.results.map((r) => r.uuid[1]);

let next = 0;
function step() {
  const i = next++;
  const p = db.execute(lspAddOps(switches[i % SWITCHES], `e-${i}`, i));
  if (!p.ok) throw new Error(`transaction failed: ${JSON.stringify(p.results)}`);
  db.commit(p);
}

for (let k = 0; k < WARMUP; k++) step();
const t0 = performance.now();
for (let k = 0; k < N; k++) step();
const us = ((performance.now() - t0) * 1000) / N;
console.log(`engine: ${us.toFixed(1)} µs per lsp-add, ${Math.round(next / SWITCHES)} ports per switch at the end`);
