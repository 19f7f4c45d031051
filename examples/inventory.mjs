// @ts-check
/**
 * A small inventory report of an OVN Northbound database: switches with their VM and container
 * ports, routers, ACLs and load balancers, read in one transaction.
 *
 *   node examples/inventory.mjs [REMOTE]     # REMOTE defaults to tcp:127.0.0.1:6641
 */
import { OvsdbClient, OVN_NORTHBOUND, unwrap } from '../dist/index.js';

const remote = process.argv[2] ?? 'tcp:127.0.0.1:6641';
const client = await OvsdbClient.connect(remote);
const nb = client.database(OVN_NORTHBOUND);
const { op } = nb;
const [switches, ports, routers, acls, balancers] = unwrap(
  await nb.transact(
    op.select('Logical_Switch', [], ['name', 'ports']),
    op.select('Logical_Switch_Port', [], ['_uuid', 'name', 'parent_name']),
    op.select('Logical_Router', [], ['name']),
    op.select('ACL', [], ['_uuid']),
    op.select('Load_Balancer', [], ['_uuid']),
  ),
);
await client.close();

const portsByUuid = new Map(ports.rows.map((p) => [p._uuid, p]));
console.log(`inventory of ${remote}`);
console.log(`  switches: ${switches.rows.length}, ports: ${ports.rows.length}, routers: ${routers.rows.length}, ACLs: ${acls.rows.length}, load balancers: ${balancers.rows.length}`);
for (const sw of [...switches.rows].sort((a, b) => a.name.localeCompare(b.name))) {
  const mine = sw.ports.map((u) => portsByUuid.get(u)).filter((p) => p !== undefined);
  const containers = mine.filter((p) => p.parent_name !== null);
  const vms = mine.filter((p) => p.parent_name === null).map((vm) => {
    const inside = containers.filter((c) => c.parent_name === vm.name).map((c) => c.name);
    return inside.length === 0 ? vm.name : `${vm.name} [${inside.join(', ')}]`;
  });
  console.log(`  switch ${sw.name}: ${mine.length} ports, ${containers.length} in containers; ${vms.join('; ') || 'no ports'}`);
}
