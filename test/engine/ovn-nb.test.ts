/**
 * Behaviour on the real OVN_Northbound schema, checked against ovsdb-server 3.1 with the same
 * requests. Which of several faults is reported depends on ovsdb-server's column walk order.
 */
import { expect, test } from 'vitest';
import { runAll } from './harness.js';

const cases: [string, unknown][] = [
  ['{"op":"insert","table":"ACL","row":{}}', { error: 'constraint violation', details: '"" is not one of the allowed values ([from-lport, to-lport])' }],
  ['{"op":"insert","table":"ACL","row":{"action":"drop"}}', { error: 'constraint violation', details: '"" is not one of the allowed values ([from-lport, to-lport])' }],
  ['{"op":"insert","table":"ACL","row":{"direction":"to-lport"}}', { error: 'constraint violation', details: '"" is not one of the allowed values ([allow, allow-related, allow-stateless, drop, reject])' }],
  ['{"op":"insert","table":"NAT","row":{}}', { error: 'constraint violation', details: '"" is not one of the allowed values ([dnat, dnat_and_snat, snat])' }],
  ['{"op":"insert","table":"Logical_Switch_Port","row":{"tag":5000,"tag_request":5000,"name":5}}', { error: 'syntax error', details: 'expected string', syntax: '5' }],
  ['{"op":"insert","table":"Logical_Router_Port","row":{}}', { uuid: ['uuid', '<0>'] }],
];

test.each(cases)('%s', (op, expected) => {
  expect(runAll('ovn-nb', [op])[0]).toEqual([expected]);
});
