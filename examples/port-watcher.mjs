// @ts-check
/**
 * A live port watcher: a replica of the logical switch ports (what the OVS IDL does), printing
 * each port as it appears, changes or goes away. It resynchronises by itself after a lost
 * connection, from the last transaction id when the server kept its history.
 *
 *   node examples/port-watcher.mjs [REMOTE] [--exit-after N]
 *
 * REMOTE defaults to tcp:127.0.0.1:6641. It runs until Ctrl-C, or until it has printed N changes.
 */
import { OvsdbClient, OVN_NORTHBOUND } from '../dist/index.js';

const args = process.argv.slice(2);
const exitAt = args.indexOf('--exit-after');
const limit = exitAt < 0 ? Infinity : Number(args.splice(exitAt, 2)[1]);
const remote = args[0] ?? 'tcp:127.0.0.1:6641';

const client = await OvsdbClient.connect(remote);
const replica = client.database(OVN_NORTHBOUND).replicate({
  Logical_Switch_Port: ['name', 'parent_name', 'tag', 'addresses', 'up'],
});

/** @param {{ name: string, parent_name: string | null, tag: number | null, up: boolean | null }} p */
const describe = (p) => `${p.name}${p.parent_name === null ? '' : ` (in ${p.parent_name}, VLAN ${p.tag})`}${p.up ? ' up' : ''}`;

let printed = 0;
let stopping = false;
replica.on('synced', (info) => console.log(`synced: ${replica.rows('Logical_Switch_Port').size} ports (${info.method}${info.resumed ? ', resumed' : ''})`));
replica.on('change', (c) => {
  if (stopping) return;
  if (c.kind === 'insert') console.log(`+ ${describe(c.row)}`);
  else if (c.kind === 'delete') console.log(`- ${describe(c.old)}`);
  else console.log(`~ ${describe(c.old)} -> ${describe(c.new)}`);
  if (++printed >= limit) void stop();
});
client.on('disconnected', (reason) => {
  if (!stopping) console.log(`disconnected (${reason}), reconnecting`);
});

async function stop() {
  stopping = true;
  await replica.close();
  await client.close();
}
process.on('SIGINT', () => void stop());
await replica.whenSynced();
