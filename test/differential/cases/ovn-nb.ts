/**
 * Transactions over the OVN Northbound schema (7.0.0), shaped like what ovn-nbctl and
 * ovn-northd send: named-uuid graphs, weak refs, non-root garbage collection, indexes, maxRows
 * on NB_Global, enum and range constraints, map mutations on external_ids.
 */
import type { JsonObject } from '../../../src/ovsdb/json.js';
import type { DiffCase, Step } from '../harness.js';
import { byUuid, comment, del, insert, map, mutate, named, select, set, update, uuid, wait } from './ops.js';

const SWITCH: Step = [
  insert('Logical_Switch_Port', { name: 'lsp1', addresses: set('00:00:00:00:00:01 10.0.0.1') }, 'p1'),
  insert('Logical_Switch_Port', { name: 'lsp2', tag_request: 5 }, 'p2'),
  insert('Logical_Switch', { name: 'ls1', ports: set(named('p1'), named('p2')), external_ids: map(['owner', 'test']) }),
];

const ROUTER: Step = [
  insert('Logical_Router_Port', { name: 'lrp1', mac: '00:00:00:00:01:01', networks: set('10.0.0.254/24') }, 'rp'),
  insert('Logical_Router_Static_Route', { ip_prefix: '0.0.0.0/0', nexthop: '10.0.0.1' }, 'rt'),
  insert('NAT', { type: 'snat', external_ip: '172.16.0.1', logical_ip: '10.0.0.0/24' }, 'nat'),
  insert('Logical_Router', { name: 'lr1', ports: set(named('rp')), static_routes: set(named('rt')), nat: set(named('nat')) }),
];

const acl = (priority: number, direction: string, action: string): JsonObject => ({ priority, direction, action, match: 'ip4' });

export const NB_CASES: DiffCase[] = [
  { name: 'NB_Global created', steps: [[insert('NB_Global', { name: 'global', options: map(['mac_prefix', '0a:00:00']) }), select('NB_Global', [], ['name', 'options', 'nb_cfg'])]] },
  { name: 'NB_Global maxRows 1', steps: [[insert('NB_Global', {})], [insert('NB_Global', {})]], errors: ['constraint violation'] },
  { name: 'nbctl-style wait, mutate nb_cfg, comment', steps: [[insert('NB_Global', {})], [wait('NB_Global', [], ['nb_cfg'], '==', [{ nb_cfg: 0 }]), mutate('NB_Global', [], [['nb_cfg', '+=', 1]]), comment('ovn-nbctl: ls-add'), select('NB_Global', [], ['nb_cfg'])]] },
  { name: 'nbctl-style wait fails after concurrent change', steps: [[insert('NB_Global', {})], [mutate('NB_Global', [], [['nb_cfg', '+=', 1]])], [wait('NB_Global', [], ['nb_cfg'], '==', [{ nb_cfg: 0 }]), insert('Logical_Switch', { name: 'x' })]], errors: ['timed out'] },
  { name: 'switch with ports', steps: [SWITCH, [select('Logical_Switch', [], ['name', 'ports', 'external_ids']), select('Logical_Switch_Port', [], ['name', 'tag_request', 'addresses'])]] },
  { name: 'delete switch collects ports', steps: [SWITCH, [del('Logical_Switch')], [select('Logical_Switch_Port')]] },
  { name: 'port without switch is collected', steps: [[insert('Logical_Switch_Port', { name: 'lonely' })], [select('Logical_Switch_Port')]] },
  { name: 'add port by mutate', steps: [SWITCH, [insert('Logical_Switch_Port', { name: 'lsp3' }, 'p3'), mutate('Logical_Switch', [['name', '==', 'ls1']], [['ports', 'insert', set(named('p3'))]])], [select('Logical_Switch_Port', [], ['name'])]] },
  { name: 'remove port by mutate collects it', steps: [SWITCH, [mutate('Logical_Switch', [], [['ports', 'delete', set(uuid('<0>'))]])], [select('Logical_Switch_Port', [], ['name'])]] },
  { name: 'port name index', steps: [SWITCH, [insert('Logical_Switch_Port', { name: 'lsp1' }, 'dup'), mutate('Logical_Switch', [], [['ports', 'insert', set(named('dup'))]])]], errors: ['constraint violation'] },
  { name: 'port name index ignores collected row', steps: [SWITCH, [insert('Logical_Switch_Port', { name: 'lsp1' })]] },
  { name: 'tag_request range', steps: [SWITCH, [update('Logical_Switch_Port', [['name', '==', 'lsp1']], { tag_request: 4096 })]], errors: ['constraint violation'] },
  { name: 'tag range minimum', steps: [SWITCH, [update('Logical_Switch_Port', [['name', '==', 'lsp1']], { tag: 0 })]], errors: ['constraint violation'] },
  { name: 'port options and external_ids', steps: [SWITCH, [update('Logical_Switch_Port', [['name', '==', 'lsp2']], { type: 'router', options: map(['router-port', 'lrp1']) }), mutate('Logical_Switch_Port', [['name', '==', 'lsp2']], [['external_ids', 'insert', map(['a', 'b'])]]), select('Logical_Switch_Port', [['type', '==', 'router']], ['name', 'options', 'external_ids'])]] },
  { name: 'external_ids map insert and delete', steps: [SWITCH, [mutate('Logical_Switch', [], [['external_ids', 'insert', map(['owner', 'other'], ['k', 'v'])]]), select('Logical_Switch', [], ['external_ids'])], [mutate('Logical_Switch', [], [['external_ids', 'delete', set('owner')]]), select('Logical_Switch', [], ['external_ids'])]] },
  { name: 'select by external_ids includes', steps: [SWITCH, [insert('Logical_Switch', { name: 'ls2', external_ids: map(['owner', 'other']) })], [select('Logical_Switch', [['external_ids', 'includes', map(['owner', 'test'])]], ['name']), select('Logical_Switch', [['external_ids', 'excludes', map(['owner', 'test'])]], ['name'])]] },
  { name: 'acls attached to switch', steps: [SWITCH, [insert('ACL', acl(1000, 'from-lport', 'allow-related'), 'a1'), insert('ACL', acl(0, 'to-lport', 'drop'), 'a2'), mutate('Logical_Switch', [], [['acls', 'insert', set(named('a1'), named('a2'))]])], [select('ACL', [], ['priority', 'direction', 'action'])]] },
  { name: 'acl priority out of range', steps: [[insert('ACL', acl(32768, 'from-lport', 'allow'), 'a'), insert('Logical_Switch', { name: 's', acls: named('a') })]], errors: ['constraint violation'] },
  { name: 'acl bad direction', steps: [[insert('ACL', acl(1, 'sideways', 'allow'))]], errors: ['constraint violation'] },
  { name: 'acl bad action', steps: [[insert('ACL', acl(1, 'to-lport', 'permit'))]], errors: ['constraint violation'] },
  { name: 'acl name too long', steps: [[insert('ACL', { ...acl(1, 'to-lport', 'allow'), name: 'x'.repeat(64) })]], errors: ['constraint violation'] },
  { name: 'acl label max', steps: [[insert('ACL', { ...acl(1, 'to-lport', 'allow'), label: 4294967295 }, 'a'), insert('Port_Group', { name: 'pg', acls: named('a') })], [select('ACL', [], ['label'])]] },
  { name: 'acl unreferenced is collected', steps: [[insert('ACL', acl(1, 'to-lport', 'allow'))], [select('ACL')]] },
  { name: 'port group weak ref to port', steps: [SWITCH, [insert('Port_Group', { name: 'pg1', ports: set(uuid('<0>'), uuid('<1>')) })], [mutate('Logical_Switch', [], [['ports', 'delete', set(uuid('<0>'))]])], [select('Port_Group', [], ['name', 'ports'])]] },
  { name: 'port group name index', steps: [[insert('Port_Group', { name: 'pg' }), insert('Port_Group', { name: 'pg' })]], errors: ['constraint violation'] },
  { name: 'address set', steps: [[insert('Address_Set', { name: 'as1', addresses: set('10.0.0.1', '10.0.0.2') })], [mutate('Address_Set', [], [['addresses', 'insert', set('10.0.0.3')], ['addresses', 'delete', set('10.0.0.1')]]), select('Address_Set', [], ['addresses'])]] },
  { name: 'address set name index', steps: [[insert('Address_Set', { name: 'as1' })], [insert('Address_Set', { name: 'as1' })]], errors: ['constraint violation'] },
  { name: 'load balancer weakly referenced', steps: [SWITCH, [insert('Load_Balancer', { name: 'lb1', vips: map(['10.0.0.10:80', '10.0.0.1:8080,10.0.0.2:8080']), protocol: 'tcp' }, 'lb'), mutate('Logical_Switch', [], [['load_balancer', 'insert', set(named('lb'))]])], [del('Load_Balancer')], [select('Logical_Switch', [], ['load_balancer'])]] },
  { name: 'load balancer bad protocol', steps: [[insert('Load_Balancer', { name: 'lb', protocol: 'icmp' })]], errors: ['constraint violation'] },
  { name: 'load balancer selection fields', steps: [[insert('Load_Balancer', { name: 'lb', selection_fields: set('ip_src', 'tp_dst') })], [select('Load_Balancer', [], ['selection_fields'])]] },
  { name: 'router with ports routes nat', steps: [ROUTER, [select('Logical_Router', [], ['name', 'ports', 'static_routes', 'nat']), select('NAT', [], ['type', 'external_ip'])]] },
  { name: 'router port networks min 1', steps: [[insert('Logical_Router_Port', { name: 'lrp', mac: 'm', networks: set() }, 'rp'), insert('Logical_Router', { name: 'r', ports: named('rp') })]], errors: ['syntax error'] },
  { name: 'router port default networks', steps: [[insert('Logical_Router_Port', { name: 'lrp', mac: 'm' }, 'rp'), insert('Logical_Router', { name: 'r', ports: named('rp') })], [select('Logical_Router_Port', [], ['networks'])]] },
  { name: 'delete router collects everything', steps: [ROUTER, [del('Logical_Router')], [select('Logical_Router_Port'), select('Logical_Router_Static_Route'), select('NAT')]] },
  { name: 'nat gateway_port weak ref', steps: [ROUTER, [update('NAT', [], { gateway_port: uuid('<0>') })], [mutate('Logical_Router', [], [['ports', 'delete', set(uuid('<0>'))]])], [select('NAT', [], ['gateway_port'])]] },
  { name: 'nat bad type', steps: [[insert('NAT', { type: 'masquerade' })]], errors: ['constraint violation'] },
  { name: 'meter with bands', steps: [[insert('Meter_Band', { action: 'drop', rate: 100, burst_size: 10 }, 'b'), insert('Meter', { name: 'm', unit: 'pktps', bands: named('b') })], [select('Meter_Band', [], ['rate'])]] },
  { name: 'meter band rate 0', steps: [[insert('Meter_Band', { action: 'drop', rate: 0 }, 'b'), insert('Meter', { name: 'm', unit: 'kbps', bands: named('b') })]], errors: ['constraint violation'] },
  { name: 'meter without bands', steps: [[insert('Meter', { name: 'm', unit: 'kbps', bands: set() })]], errors: ['syntax error'] },
  { name: 'meter band left dangling', steps: [[insert('Meter_Band', { action: 'drop', rate: 5 }, 'b'), insert('Meter', { name: 'm', unit: 'kbps', bands: named('b') })], [mutate('Meter', [], [['bands', 'delete', set(uuid('<0>'))]])]], errors: ['constraint violation'] },
  { name: 'connection referenced from NB_Global', steps: [[insert('Connection', { target: 'ptcp:6641', inactivity_probe: 5000 }, 'c'), insert('NB_Global', { connections: named('c') })], [select('Connection', [], ['target', 'inactivity_probe', 'is_connected'])]] },
  { name: 'connection max_backoff minimum', steps: [[insert('Connection', { target: 'ptcp:1', max_backoff: 999 }, 'c'), insert('NB_Global', { connections: named('c') })]], errors: ['constraint violation'] },
  { name: 'connection target index', steps: [[insert('Connection', { target: 't' }, 'a'), insert('Connection', { target: 't' }, 'b'), insert('NB_Global', { connections: set(named('a'), named('b')) })]], errors: ['constraint violation'] },
  { name: 'dhcp options weak ref from port', steps: [SWITCH, [insert('DHCP_Options', { cidr: '10.0.0.0/24', options: map(['lease_time', '3600'], ['router', '10.0.0.1']) }, 'd'), update('Logical_Switch_Port', [['name', '==', 'lsp1']], { dhcpv4_options: named('d') })], [del('DHCP_Options')], [select('Logical_Switch_Port', [['name', '==', 'lsp1']], ['dhcpv4_options'])]] },
  { name: 'unknown NB table', steps: [[insert('Logical_Bridge', {})]], errors: ['syntax error'] },
  { name: 'unknown NB column', steps: [[insert('Logical_Switch', { mtu: 1500 })]], errors: ['unknown column'] },
  { name: 'ha chassis group', steps: [[insert('HA_Chassis', { chassis_name: 'ch1', priority: 10 }, 'h'), insert('HA_Chassis_Group', { name: 'g', ha_chassis: set(named('h')) })], [select('HA_Chassis', [], ['chassis_name', 'priority'])]] },
  { name: 'static route bad policy', steps: [[insert('Logical_Router_Static_Route', { policy: 'any' })]], errors: ['constraint violation'] },
  { name: 'ordering function on string column after bulk insert', steps: [[...Array.from({ length: 30 }, (_, k) => insert('Logical_Switch_Port', { name: `p${k}` }, `p${k}`)), insert('Logical_Switch', { name: 'big', ports: set(...Array.from({ length: 30 }, (_, k) => named(`p${k}`))) })], [select('Logical_Switch_Port', [['name', '>=', 'p2']], ['name'])]], errors: ['syntax error'] },
  { name: 'bulk ports counted', steps: [[...Array.from({ length: 30 }, (_, k) => insert('Logical_Switch_Port', { name: `p${k}` }, `p${k}`)), insert('Logical_Switch', { name: 'big', ports: set(...Array.from({ length: 30 }, (_, k) => named(`p${k}`))) })], [select('Logical_Switch_Port', [['name', 'includes', 'p29']], ['name']), { op: 'select', table: 'Logical_Switch', where: [], columns: ['name'] }]] },
  { name: 'rename switch by uuid', steps: [SWITCH, [update('Logical_Switch', [byUuid(2)], { name: 'renamed' }), select('Logical_Switch', [], ['name'])]] },
];
