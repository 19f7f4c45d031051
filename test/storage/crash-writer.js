// Child process for test/storage/crash.test.ts: opens a database file through the storage layer
// (built dist/) with compaction forced to run all the time, prints the switch names present,
// then commits switch inserts (plus a change to NB_Global, to make the log grow) until killed.
// Protocol on stdout, one line each, written synchronously so that a SIGKILL never loses a line
// that precedes an action:  present [names…] | sending NAME | acked NAME | compacting 0/1
// Usage: node crash-writer.js DBFILE SCHEMA TAG
import fs from 'node:fs';
import { openStorage } from '../../dist/storage/index.js';
import { setLogLevel } from '../../dist/log.js';

const [db, schema, tag] = process.argv.slice(2);
setLogLevel('err');
const say = (line) => fs.writeSync(1, line + '\n');

const store = await openStorage(db, {
  createFrom: schema,
  compactMinBytes: 16 * 1024,
  compactGrowth: 1.02,
  compactSliceMs: 1,
  lockWaitMs: 5000,
});
const names = [...store.db.rows('Logical_Switch').values()].map((r) => r.get('name').keys[0]);
say(`present ${JSON.stringify(names)}`);
let compacting = false;
for (let seq = 0; ; seq++) {
  if (store.stats().compacting !== compacting) {
    compacting = !compacting;
    say(`compacting ${compacting ? 1 : 0}`);
  }
  const name = `${tag}-${seq}`;
  const p = store.db.execute([
    { op: 'insert', table: 'Logical_Switch', row: { name, external_ids: ['map', [['pad', 'x'.repeat(200)]]] } },
    { op: 'insert', table: 'NB_Global', row: {} , 'uuid-name': 'g' },
    { op: 'delete', table: 'NB_Global', where: [['_uuid', '!=', ['named-uuid', 'g']]] },
    ...(seq % 5 === 0 ? [{ op: 'commit', durable: true }] : []),
  ]);
  if (!p.ok) throw new Error(JSON.stringify(p.results));
  say(`sending ${name}`);
  const { wait } = store.write(p);
  store.db.commit(p);
  if (wait) await wait;
  say(`acked ${name}`);
  await new Promise((r) => setImmediate(r));
}
