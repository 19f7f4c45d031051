// @ts-check
/**
 * The container-in-VM flow of OVN (ovn-architecture(7) "Container Networking"), written with the
 * ovsdb-ts client: a logical switch, a port for a VM, and a port for a container running inside
 * that VM, whose traffic reaches the VM's port tagged with a VLAN (`parent_name` names the VM's
 * port, `tag` is the VLAN). Then the rows are read back.
 *
 *   npm start                                    # in another shell: the server on 6641
 *   node examples/container-in-vm.mjs [REMOTE]   # REMOTE defaults to tcp:127.0.0.1:6641
 *
 * Running it again replaces the switch and its ports.
 */
import { OvsdbClient, OVN_NORTHBOUND, cond, namedUuid, unwrap } from '../dist/index.js';

const remote = process.argv[2] ?? 'tcp:127.0.0.1:6641';
const client = await OvsdbClient.connect(remote);
const nb = client.database(OVN_NORTHBOUND);
const { op } = nb;

const created = await nb.transact(
  // Start over: port names are unique, and ports go away with their switch.
  op.delete('Logical_Switch', [cond.eq('name', 'sw0')]),
  op.delete('Logical_Switch_Port', [cond.eq('name', 'vm1')]),
  op.delete('Logical_Switch_Port', [cond.eq('name', 'vm1-c1')]),
  op.insert('Logical_Switch_Port', { name: 'vm1', addresses: ['00:00:00:00:00:01 10.0.0.11'] }, 'vm'),
  op.insert('Logical_Switch_Port', { name: 'vm1-c1', parent_name: 'vm1', tag: 42, addresses: ['00:00:00:00:01:01 10.0.0.21'] }, 'container'),
  op.insert('Logical_Switch', { name: 'sw0', ports: [namedUuid('vm'), namedUuid('container')] }),
  op.comment('examples/container-in-vm.mjs'),
);
if (!created.ok) {
  console.error(`operation ${created.index} failed: ${created.error.tag}: ${created.error.details ?? ''}`);
  process.exit(1);
}

const [switches, vms, containers] = unwrap(
  await nb.transact(
    op.select('Logical_Switch', [cond.eq('name', 'sw0')], ['_uuid', 'name', 'ports']),
    op.select('Logical_Switch_Port', [cond.eq('name', 'vm1')], ['_uuid', 'name', 'addresses']),
    op.select('Logical_Switch_Port', [cond.eq('name', 'vm1-c1')], ['_uuid', 'name', 'parent_name', 'tag', 'addresses']),
  ),
);
const [sw] = switches.rows;
const [vm] = vms.rows;
const [container] = containers.rows;
if (sw === undefined || vm === undefined || container === undefined) throw new Error('rows not found after insert');

console.log(`switch ${sw.name} ${sw._uuid} with ${sw.ports.length} ports`);
console.log(`  port ${vm.name} ${vm._uuid}: ${vm.addresses.join(', ')}`);
console.log(`  port ${container.name} ${container._uuid} (container in ${container.parent_name}, VLAN ${container.tag}): ${container.addresses.join(', ')}`);
console.log(`switch holds both ports: ${[vm._uuid, container._uuid].every((u) => sw.ports.includes(u))}`);
await client.close();
