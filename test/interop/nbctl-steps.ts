/**
 * The ovn-nbctl breadth sequence: one realistic build-up of an OVN northbound database touching
 * switches, ports, routers, ACLs, load balancers, NAT, DHCP options, address sets, port groups,
 * meters, QoS, the generic database commands and the output options. Each step is one
 * ovn-nbctl invocation (some with several `--`-separated commands), so every command's output
 * is compared on its own. Failing steps (refused input) are part of the sequence on purpose:
 * their error text and exit code are compared too.
 */
import type { Step } from './support/nbctl.js';

const s = (...args: string[]): Step => ({ args });

export const SWITCHES_AND_PORTS: readonly Step[] = [
  s('init'),
  s('ls-add', 'sw0'),
  s('ls-add', 'sw1'),
  s('ls-add', 'sw0'),
  s('--may-exist', 'ls-add', 'sw0'),
  s('ls-add'),
  { args: ['ls-list'], order: 'lines' },
  s('lsp-add', 'sw0', 'sw0-p1'),
  s('lsp-add', 'sw0', 'sw0-p2'),
  s('lsp-add', 'sw0', 'sw0-p1'),
  s('--may-exist', 'lsp-add', 'sw0', 'sw0-p1'),
  s('lsp-add', 'sw1', 'sw0-p1'),
  s('lsp-add', 'sw0', 'sw0-c1', 'sw0-p1', '100'),
  s('lsp-add', 'sw0', 'sw0-c2', 'sw0-p1', '0'),
  s('lsp-add', 'sw0', 'sw0-c3', 'sw0-p1', '4096'),
  s('lsp-get-parent', 'sw0-c1'),
  s('lsp-get-tag', 'sw0-c1'),
  s('get', 'Logical_Switch_Port', 'sw0-c1', 'tag_request'),
  s('lsp-list', 'sw0'),
  s('lsp-set-addresses', 'sw0-p1', '00:00:00:00:00:01 10.0.0.11', '00:00:00:00:01:01 10.0.1.11'),
  s('lsp-set-addresses', 'sw0-p2', 'router'),
  s('lsp-set-addresses', 'sw0-p2', 'not-a-mac'),
  s('lsp-get-addresses', 'sw0-p1'),
  s('lsp-set-port-security', 'sw0-p1', '00:00:00:00:00:01 10.0.0.11'),
  s('lsp-get-port-security', 'sw0-p1'),
  s('lsp-get-up', 'sw0-p1'),
  s('lsp-set-enabled', 'sw0-p2', 'disabled'),
  s('lsp-get-enabled', 'sw0-p2'),
  s('lsp-set-enabled', 'sw0-p2', 'sideways'),
  s('lsp-set-type', 'sw0-p2', 'localnet'),
  s('lsp-get-type', 'sw0-p2'),
  s('lsp-set-type', 'sw0-p2', 'no-such-type'),
  s('lsp-set-options', 'sw0-p2', 'network_name=physnet1', 'qos_burst=1000'),
  s('lsp-get-options', 'sw0-p2'),
  s('lsp-get-ls', 'sw0-c1'),
  s('lsp-del', 'sw0-c2'),
  s('lsp-del', 'nope'),
  s('--if-exists', 'lsp-del', 'nope'),
];

export const ACLS_QOS_METERS: readonly Step[] = [
  s('acl-add', 'sw0', 'from-lport', '1002', 'ip4 && tcp.dst == 22', 'allow-related'),
  s('--log', '--severity=alert', '--name=drop-all', 'acl-add', 'sw0', 'to-lport', '1001', 'ip4', 'drop'),
  s('--may-exist', 'acl-add', 'sw0', 'from-lport', '1002', 'ip4 && tcp.dst == 22', 'allow-related'),
  s('acl-add', 'sw0', 'sideways', '1', 'ip4', 'drop'),
  s('acl-add', 'sw0', 'to-lport', '70000', 'ip4', 'drop'),
  s('acl-list', 'sw0'),
  s('acl-del', 'sw0', 'to-lport', '1001', 'ip4'),
  s('acl-list', 'sw0'),
  s('qos-add', 'sw0', 'from-lport', '100', 'ip4', 'rate=1000', 'burst=100', 'dscp=12'),
  s('qos-add', 'sw0', 'to-lport', '101', 'ip6', 'dscp=64'),
  s('qos-list', 'sw0'),
  s('qos-del', 'sw0', 'from-lport'),
  s('qos-list', 'sw0'),
  s('meter-add', 'meter1', 'drop', '100', 'kbps'),
  s('--fair', 'meter-add', 'meter2', 'drop', '10', 'pktps', '5'),
  s('meter-add', 'meter1', 'drop', '100', 'kbps'),
  s('meter-add', 'meter3', 'drop', '100', 'furlongs'),
  { args: ['meter-list'], order: 'keep' },
  s('meter-del', 'meter2'),
  s('meter-list'),
];

export const ROUTERS: readonly Step[] = [
  s('lr-add', 'lr0'),
  s('lr-add', 'lr1'),
  { args: ['lr-list'], order: 'lines' },
  s('lrp-add', 'lr0', 'lr0-sw0', '00:00:00:00:ff:01', '10.0.0.1/24', '2001:db8::1/64'),
  s('lrp-add', 'lr0', 'lr0-ext', '00:00:00:00:ff:02', '172.16.0.1/24'),
  s('lrp-add', 'lr0', 'lr0-bad', 'zz:00:00:00:ff:02', '172.16.0.1/24'),
  s('--may-exist', 'lrp-add', 'lr0', 'lr0-ext', '00:00:00:00:ff:02', '172.16.0.1/24'),
  s('lrp-list', 'lr0'),
  s('lrp-set-enabled', 'lr0-ext', 'disabled'),
  s('lrp-get-enabled', 'lr0-ext'),
  s('lrp-set-gateway-chassis', 'lr0-ext', 'chassis-1', '20'),
  s('lrp-set-gateway-chassis', 'lr0-ext', 'chassis-2', '10'),
  s('lrp-get-gateway-chassis', 'lr0-ext'),
  s('lrp-del-gateway-chassis', 'lr0-ext', 'chassis-2'),
  s('lrp-set-redirect-type', 'lr0-ext', 'bridged'),
  s('lrp-get-redirect-type', 'lr0-ext'),
  s('lrp-set-options', 'lr0-ext', 'gateway_mtu=1400'),
  s(
    'lsp-add', 'sw0', 'sw0-lr0', '--', 'lsp-set-type', 'sw0-lr0', 'router', '--',
    'lsp-set-addresses', 'sw0-lr0', 'router', '--', 'lsp-set-options', 'sw0-lr0', 'router-port=lr0-sw0',
  ),
  s('lr-route-add', 'lr0', '0.0.0.0/0', '172.16.0.254'),
  s('lr-route-add', 'lr0', '192.168.0.0/16', '10.0.0.254', 'lr0-sw0'),
  s('--ecmp', 'lr-route-add', 'lr0', '192.168.0.0/16', '10.0.0.253'),
  s('--policy=src-ip', '--route-table=rtb1', 'lr-route-add', 'lr0', '10.0.0.0/24', '172.16.0.253'),
  s('lr-route-add', 'lr0', '300.0.0.0/8', '10.0.0.254'),
  s('lr-route-list', 'lr0'),
  s('lr-route-del', 'lr0', '192.168.0.0/16', '10.0.0.253'),
  s('--if-exists', 'lr-route-del', 'lr0', '1.2.3.0/24'),
  s('lr-route-list', 'lr0'),
  s('lr-policy-add', 'lr0', '100', 'ip4.src == 10.0.0.0/24', 'reroute', '172.16.0.100'),
  s('lr-policy-add', 'lr0', '200', 'ip4.dst == 8.8.8.8', 'drop'),
  s('lr-policy-add', 'lr0', '300', 'ip4', 'allow', 'pkt_mark=5'),
  s('lr-policy-list', 'lr0'),
  s('lr-policy-del', 'lr0', '200'),
  s('lr-policy-list', 'lr0'),
  s('lr-nat-add', 'lr0', 'snat', '172.16.0.1', '10.0.0.0/24'),
  s('lr-nat-add', 'lr0', 'dnat_and_snat', '172.16.0.10', '10.0.0.11', 'sw0-p1', '00:00:00:00:10:11'),
  s('--stateless', 'lr-nat-add', 'lr0', 'dnat_and_snat', '172.16.0.11', '10.0.0.12'),
  s('lr-nat-add', 'lr0', 'snat', '172.16.0.1', '10.0.0.0/24'),
  s('lr-nat-add', 'lr0', 'bogus', '172.16.0.1', '10.0.0.0/24'),
  s('lr-nat-list', 'lr0'),
  s('lr-nat-del', 'lr0', 'dnat_and_snat', '172.16.0.11'),
  s('lr-nat-list', 'lr0'),
  s('show', 'lr0'),
];

export const LOAD_BALANCERS: readonly Step[] = [
  s('lb-add', 'lb0', '30.0.0.10:80', '10.0.0.11:8080,10.0.0.12:8080'),
  s('lb-add', 'lb0', '30.0.0.11', '10.0.0.13'),
  s('lb-add', 'lb1', '30.0.0.20:53', '10.0.0.21:53', 'udp'),
  s('lb-add', 'lb2', '30.0.0.30:80', '10.0.0.31', 'tcp'),
  s('lb-add', 'lb0', '30.0.0.10:80', '10.0.0.14:8080'),
  s('--may-exist', 'lb-add', 'lb0', '30.0.0.10:80', '10.0.0.14:8080'),
  s('lb-list'),
  s('lb-list', 'lb0'),
  s('ls-lb-add', 'sw0', 'lb0'),
  s('ls-lb-add', 'sw0', 'lb1'),
  s('ls-lb-list', 'sw0'),
  s('ls-lb-del', 'sw0', 'lb1'),
  s('lr-lb-add', 'lr0', 'lb0'),
  s('lr-lb-list', 'lr0'),
  s('lr-lb-del', 'lr0'),
  s('lb-del', 'lb0', '30.0.0.11'),
  s('lb-del', 'lb1'),
  s('lb-del', 'lb-nope'),
  s('--if-exists', 'lb-del', 'lb-nope'),
  s('lb-list'),
];

export const DHCP_SETS_GROUPS: readonly Step[] = [
  { args: ['dhcp-options-create', '10.0.0.0/24', 'network=sw0'], order: 'keep' },
  { args: ['--bare', '--columns=_uuid', 'find', 'DHCP_Options', 'cidr="10.0.0.0/24"'], capture: 'dhcp4' },
  s('dhcp-options-create', 'not-a-cidr'),
  s('dhcp-options-set-options', '${dhcp4}', 'lease_time=3600', 'router=10.0.0.1', 'server_id=10.0.0.1', 'server_mac=c0:ff:ee:00:00:01'),
  s('dhcp-options-get-options', '${dhcp4}'),
  { args: ['dhcp-options-list'], order: 'lines' },
  s('lsp-set-dhcpv4-options', 'sw0-p1', '${dhcp4}'),
  s('lsp-get-dhcpv4-options', 'sw0-p1'),
  s('lsp-set-dhcpv6-options', 'sw0-p1'),
  s('lsp-get-dhcpv6-options', 'sw0-p1'),
  s('create', 'Address_Set', 'name=as_web', 'addresses="10.0.0.11","10.0.0.12"'),
  s('add', 'Address_Set', 'as_web', 'addresses', '"10.0.0.13"'),
  s('remove', 'Address_Set', 'as_web', 'addresses', '"10.0.0.11"'),
  s('get', 'Address_Set', 'as_web', 'addresses'),
  s('pg-add', 'pg_web', 'sw0-p1', 'sw0-c1'),
  s('pg-add', 'pg_web'),
  s('pg-set-ports', 'pg_web', 'sw0-p1'),
  s('pg-set-ports', 'pg_web', 'nope'),
  s('--type=port-group', 'acl-add', 'pg_web', 'to-lport', '1000', 'outport == @pg_web && ip4.src == $as_web', 'allow'),
  s('acl-list', 'pg_web'),
  s('--type=port-group', 'acl-del', 'pg_web'),
  s('pg-del', 'pg_web'),
  s('ha-chassis-group-add', 'hagrp'),
  s('ha-chassis-group-add-chassis', 'hagrp', 'ch1', '30'),
  // With two chassis, the list follows their UUIDs: list with one, read both through `list`.
  s('ha-chassis-group-list'),
  s('ha-chassis-group-add-chassis', 'hagrp', 'ch2', '20'),
  s('--columns=chassis_name,priority', 'list', 'HA_Chassis'),
  s('ha-chassis-group-remove-chassis', 'hagrp', 'ch2'),
  s('ha-chassis-group-del', 'hagrp'),
  s('fwd-group-add', 'fwd0', 'sw0', '10.0.0.50', '00:00:00:00:50:50', 'sw0-p1', 'sw0-p2'),
  s('fwd-group-list'),
  s('fwd-group-del', 'fwd0'),
  s('copp-add', 'copp0', 'arp', 'meter1'),
  s('copp-list', 'copp0'),
  s('ls-copp-add', 'copp0', 'sw0'),
  s('copp-del', 'copp0', 'arp'),
  s('static-mac-binding-add', 'lr0-sw0', '10.0.0.99', '00:00:00:00:99:99'),
  s('static-mac-binding-list'),
  s('static-mac-binding-del', 'lr0-sw0', '10.0.0.99'),
  s('mirror-add', 'mirror0', 'gre', '5', 'to-lport', '10.10.10.10'),
  s('lsp-attach-mirror', 'sw0-p1', 'mirror0'),
  s('mirror-list'),
  s('lsp-detach-mirror', 'sw0-p1', 'mirror0'),
  s('mirror-del', 'mirror0'),
];

export const DATABASE_COMMANDS: readonly Step[] = [
  s('set', 'Logical_Switch', 'sw1', 'external_ids:owner=alice', 'other_config:subnet=10.1.0.0/24'),
  s('get', 'Logical_Switch', 'sw1', 'external_ids:owner'),
  s('get', 'Logical_Switch', 'sw1', 'external_ids:nope'),
  s('--if-exists', 'get', 'Logical_Switch', 'sw1', 'external_ids:nope'),
  s('get', 'Logical_Switch', 'nope', 'name'),
  s('--if-exists', 'get', 'Logical_Switch', 'nope', 'name'),
  s('add', 'Logical_Switch', 'sw1', 'external_ids', 'team=blue'),
  s('remove', 'Logical_Switch', 'sw1', 'external_ids', 'owner'),
  s('get', 'Logical_Switch', 'sw1', 'external_ids'),
  s('clear', 'Logical_Switch', 'sw1', 'other_config'),
  s('list', 'Logical_Switch', 'sw1'),
  s('list', 'Logical_Switch'),
  s('--columns=name,ports', 'list', 'Logical_Switch'),
  s('--bare', '--columns=name', 'list', 'Logical_Switch'),
  s('--bare', '--columns=name,tag', 'find', 'Logical_Switch_Port', 'parent_name=sw0-p1'),
  s('find', 'Logical_Switch_Port', 'type=localnet'),
  s('-f', 'csv', '--columns=name,type', 'list', 'Logical_Switch_Port'),
  s('--format=csv', '--no-headings', '--columns=name,addresses', 'find', 'Logical_Switch_Port', 'name=sw0-p1'),
  s('-f', 'json', '--columns=name,tag_request,parent_name', 'list', 'Logical_Switch_Port'),
  s('--format=json', '--pretty', '--columns=name,external_ids', 'find', 'Logical_Switch', 'name=sw1'),
  s('--format=table', '--columns=name,enabled', 'list', 'Logical_Switch_Port'),
  s('--data=json', '--columns=name,options', 'list', 'Logical_Switch_Port', 'sw0-p2'),
  s('--oneline', 'get', 'Logical_Switch', 'sw1', 'name', '--', 'get', 'Logical_Switch', 'sw0', 'name'),
  s('--dry-run', 'ls-add', 'sw-dry'),
  s('--if-exists', 'ls-del', 'sw-dry'),
  s('--wait=none', 'ls-add', 'sw2'),
  s('--no-wait', 'ls-del', 'sw2'),
  s('--id=@acl', 'create', 'ACL', 'direction=to-lport', 'priority=10', 'match="ip6"', 'action=drop', '--', 'add', 'Logical_Switch', 'sw1', 'acls', '@acl'),
  s('acl-list', 'sw1'),
  s('create', 'Logical_Switch', 'name=sw3', 'other_config:vlan-passthru=true'),
  s('get', 'Logical_Switch', 'sw3', 'other_config'),
  s('set', 'Logical_Switch_Port', 'sw0-c1', 'tag=5000'),
  s('set', 'Logical_Switch_Port', 'sw0-c1', 'tag=42'),
  s('lsp-get-tag', 'sw0-c1'),
  s('set', 'Logical_Switch', 'sw1', 'nosuchcolumn=1'),
  s('set', 'Nope', 'sw1', 'name=x'),
  s('destroy', 'Logical_Switch', 'sw3'),
  s('--all', 'destroy', 'Address_Set'),
  s('list', 'Address_Set'),
  s('wait-until', 'Logical_Switch', 'sw1', 'external_ids:team=blue'),
  s('set-connection', 'ptcp:6641:127.0.0.1', 'punix:/tmp/never.sock'),
  s('--inactivity-probe=30000', 'set-connection', 'ptcp:6641:127.0.0.1'),
  s('get-connection'),
  s('del-connection'),
  s('get-connection'),
  s('set-ssl', '/etc/key.pem', '/etc/cert.pem', '/etc/ca.pem'),
  s('get-ssl'),
  s('del-ssl'),
  s('get-ssl'),
  s('set', 'NB_Global', '.', 'options:northd_probe_interval=5000'),
  s('get', 'NB_Global', '.', 'options'),
];

export const TEARDOWN: readonly Step[] = [
  { args: ['show'], order: 'tree' },
  s('show', 'sw0'),
  s('lrp-del', 'lr0-ext'),
  s('lr-del', 'lr1'),
  s('lr-del', 'nope'),
  s('--if-exists', 'lr-del', 'nope'),
  s('lsp-del', 'sw0-p1'),
  s('lsp-get-parent', 'sw0-c1'),
  s('ls-del', 'sw1'),
  s('ls-del', 'sw0'),
  { args: ['show'], order: 'tree' },
  s('lr-del', 'lr0'),
  s('ls-list'),
  s('lr-list'),
];

export const BREADTH: readonly Step[] = [
  ...SWITCHES_AND_PORTS,
  ...ACLS_QOS_METERS,
  ...ROUTERS,
  ...LOAD_BALANCERS,
  ...DHCP_SETS_GROUPS,
  ...DATABASE_COMMANDS,
  ...TEARDOWN,
];

/**
 * Steps whose output differs between ovsdb-server and ovsdb-ts for an understood reason, keyed
 * by the step's arguments joined with spaces, with the reason. Empty: no difference remains.
 */
export const KNOWN_DIFFERENCES: ReadonlyMap<string, string> = new Map();

/** Short options whose value is the next argument. */
const OPTIONS_WITH_VALUE = new Set(['-f', '-d', '-t']);

/** Command names and options a step uses (for counting the breadth covered). */
export function commandsAndOptions(steps: readonly Step[]): Set<string> {
  const out = new Set<string>();
  for (const st of steps) {
    let expectCommand = true;
    let skipValue = false;
    for (const a of st.args) {
      if (skipValue) {
        skipValue = false;
      } else if (a === '--') {
        expectCommand = true;
      } else if (a.startsWith('-')) {
        out.add(a.replace(/=.*$/, ''));
        skipValue = OPTIONS_WITH_VALUE.has(a);
      } else if (expectCommand) {
        out.add(a);
        expectCommand = false;
      }
    }
  }
  return out;
}
