/**
 * Monitor cases run against ovsdb-server and ovsdb-ts (differential.test.ts). Every case starts
 * from an empty OVN_Northbound database. "<k>" in params stands for the k-th UUID of the case's
 * transcript. Requests that crash ovsdb-server 3.1 are left out (a monitor_cond_change request
 * without "where"; a failed monitor creation after a successful one on the same session that
 * named `_uuid`).
 */
import type { Json } from '../../src/ovsdb/json.js';
import type { MonitorCase, Step } from './transcript.js';

const NB = 'OVN_Northbound';
const ZERO = '00000000-0000-0000-0000-000000000000';

function tx(...ops: Json[]): Step {
  return { method: 'transact', params: [NB, ...ops] };
}
function txOn(c: number, ...ops: Json[]): Step {
  return { c, method: 'transact', params: [NB, ...ops] };
}
const insertLs = (name: string, extra: Record<string, Json> = {}): Json => ({ op: 'insert', table: 'Logical_Switch', row: { name, ...extra } });
const updateLs = (name: string, row: Record<string, Json>): Json => ({ op: 'update', table: 'Logical_Switch', where: [['name', '==', name]], row });
const deleteLs = (name: string): Json => ({ op: 'delete', table: 'Logical_Switch', where: [['name', '==', name]] });
const mon = (method: string, id: Json, requests: Json, ...more: Json[]): Step => ({ method, params: [NB, id, requests, ...more] });

export const MONITOR_CASES: readonly MonitorCase[] = [
  {
    name: '_Server Database as the C IDL monitors it; writes refused',
    steps: [
      { method: 'monitor_cond', params: ['_Server', ['monid', '_Server'], { Database: [{ columns: ['name', 'model', 'connected', 'leader', 'schema', 'cid', 'index'] }] }] },
      { method: 'monitor', params: ['_Server', 'all', { Database: {} }] },
      { method: 'transact', params: ['_Server', { op: 'update', table: 'Database', where: [], row: { connected: false } }] },
      { method: 'transact', params: ['_Server', { op: 'select', table: 'Database', where: [['name', '==', NB]], columns: ['name', 'model', 'connected', 'leader', 'cid', 'sid', 'index'] }] },
    ],
  },
  {
    name: 'monitor: update with old and new, all columns and _version',
    steps: [
      tx(insertLs('pre', { external_ids: ['map', [['a', 'b']]] })),
      mon('monitor', 'm1', { Logical_Switch: {} }),
      mon('monitor', 'm2', { Logical_Switch: { columns: ['name', 'external_ids'] } }),
      tx(insertLs('a', { other_config: ['map', [['k', 'v']]] })),
      tx(updateLs('a', { other_config: ['map', [['k', 'w'], ['x', 'y']]] })),
      tx(updateLs('a', { name: 'a2' })),
      tx(deleteLs('a2'), deleteLs('pre')),
      { method: 'monitor_cancel', params: ['m1'] },
      tx(insertLs('b')),
    ],
  },
  {
    name: 'monitor_cond: update2 with differences for sets, maps and scalars',
    steps: [
      mon('monitor_cond', 'c', { Logical_Switch: { columns: ['name', 'ports', 'other_config'] }, Logical_Switch_Port: { columns: ['name', 'addresses', 'tag_request', 'enabled'] } }),
      tx(insertLs('s', { ports: ['named-uuid', 'p'] }), { op: 'insert', table: 'Logical_Switch_Port', 'uuid-name': 'p', row: { name: 'p1', addresses: ['set', ['a', 'b']] } }),
      tx({ op: 'update', table: 'Logical_Switch_Port', where: [], row: { addresses: ['set', ['b', 'c']], tag_request: 5, enabled: true } }),
      tx({ op: 'update', table: 'Logical_Switch_Port', where: [], row: { tag_request: ['set', []], enabled: false } }),
      tx(updateLs('s', { other_config: ['map', [['a', '1'], ['b', '2']]] })),
      tx(updateLs('s', { other_config: ['map', [['a', '9'], ['c', '3']]] })),
      tx({ op: 'mutate', table: 'Logical_Switch', where: [], mutations: [['ports', 'delete', ['set', []]]] }),
      tx(updateLs('s', { ports: ['set', []] })),
      tx(deleteLs('s')),
    ],
  },
  {
    name: 'select flags, per-column selections, several requests per table',
    steps: [
      mon('monitor', 'v1', { Logical_Switch: [{ columns: ['name'], select: { initial: false, modify: false } }, { columns: ['external_ids', 'other_config'], select: { insert: false, delete: false } }] }),
      mon('monitor_cond', 'v2', { Logical_Switch: [{ columns: ['name'], select: { initial: false, modify: false } }, { columns: ['external_ids', 'other_config'], select: { insert: false, delete: false } }] }),
      mon('monitor_cond', 'ins', { Logical_Switch: { columns: ['name'], select: { initial: false, modify: false, delete: false } } }),
      mon('monitor_cond', 'none', { Logical_Switch: { columns: ['name'], select: { initial: false, insert: false, modify: false, delete: false } } }),
      tx(insertLs('a', { external_ids: ['map', [['x', '1']]] })),
      tx(updateLs('a', { name: 'a2', external_ids: ['map', [['x', '2'], ['y', '3']]] })),
      tx(updateLs('a2', { name: 'a3' })),
      tx(updateLs('a3', { other_config: ['map', [['q', 'r']]] })),
      mon('monitor_cond', 'init', { Logical_Switch: [{ columns: ['external_ids'], select: { insert: false } }, { columns: ['name'], select: { initial: false } }] }),
      mon('monitor_cond', 'empty', { Logical_Switch: { columns: [] } }),
      mon('monitor', 'nothing', { Logical_Switch: [] }),
      tx(deleteLs('a3')),
    ],
  },
  {
    name: 'conditions: disjunction, true/false, rows moving in and out, condition-only columns',
    steps: [
      tx(insertLs('a', { external_ids: ['map', [['x', '1']]] }), insertLs('b'), insertLs('c')),
      mon('monitor_cond', 'or', { Logical_Switch: { columns: ['name'], where: [['name', '==', 'a'], ['name', '==', 'c']] } }),
      mon('monitor_cond', 'f', { Logical_Switch: { columns: ['name'], where: [false] } }),
      mon('monitor_cond', 't', { Logical_Switch: { columns: ['name'], where: [true] } }),
      mon('monitor_cond', 'fx', { Logical_Switch: { columns: ['name'], where: [false, ['name', '==', 'b']] } }),
      mon('monitor_cond', 'first', { Logical_Switch: [{ columns: ['external_ids'], where: [['name', '==', 'b']] }, { columns: ['name'], where: [['name', '==', 'a']] }] }),
      tx(updateLs('a', { external_ids: ['map', [['x', '1'], ['y', '3']]] })),
      tx(updateLs('a', { external_ids: ['map', [['x', '2']]] })),
      tx(updateLs('b', { external_ids: ['map', [['x', '1']]], name: 'b2' })),
      tx(updateLs('c', { other_config: ['map', [['k', 'v']]] })),
      tx(deleteLs('b2')),
    ],
  },
  {
    // Alone: ovsdb-server 3.1 crashes when another monitor with the same columns shares its
    // state and a condition reads a column that is not reported.
    name: 'a condition reading a column that is not reported',
    steps: [
      tx(insertLs('a', { external_ids: ['map', [['x', '1']]] }), insertLs('b')),
      mon('monitor_cond', 'inc', { Logical_Switch: { columns: ['name'], where: [['external_ids', 'includes', ['map', [['x', '1']]]]] } }),
      tx(updateLs('a', { external_ids: ['map', [['x', '1'], ['y', '3']]] })),
      tx(updateLs('a', { external_ids: ['map', [['x', '2']]] })),
      tx(updateLs('b', { external_ids: ['map', [['x', '1']]], name: 'b2' })),
      tx(updateLs('b2', { other_config: ['map', [['k', 'v']]] })),
      tx(deleteLs('b2')),
    ],
  },
  {
    name: 'monitor_cond_change: inserts and deletes before the reply, renames, errors',
    steps: [
      tx(insertLs('a'), insertLs('b'), insertLs('z')),
      mon('monitor_cond', 'B', { Logical_Switch: { columns: ['name'], where: [['name', '==', 'a']] } }),
      { method: 'monitor_cond_change', params: ['B', 'C', { Logical_Switch: [{ where: [['name', '==', 'b'], ['name', '==', 'z']] }] }] },
      { method: 'monitor_cond_change', params: ['C', 'C', { Logical_Switch: [{ where: [false] }] }] },
      { method: 'monitor_cond_change', params: ['C', 'D', { Logical_Switch: [{ where: [true] }] }] },
      { method: 'monitor_cond_change', params: ['D', 'D', { Logical_Switch: [{ where: [] }] }] },
      { method: 'monitor_cond_change', params: ['D', 'E', { Logical_Switch: [{ where: [['name', '==', 'q']] }, { where: [['name', '==', 'z']] }] }] },
      { method: 'monitor_cond_change', params: ['E', 'F', { Logical_Switch: [] }] },
      tx(insertLs('q'), updateLs('z', { name: 'q2' })),
      { method: 'monitor_cond_change', params: ['B', 'G', { Logical_Switch: [{ where: [true] }] }] },
      mon('monitor_cond', 'other', { Logical_Switch: { columns: ['name'] } }),
      { method: 'monitor_cond_change', params: ['F', 'other', { Logical_Switch: [{ where: [true] }] }] },
      { method: 'monitor_cond_change', params: ['F', 'G', { Logical_Switch: [{ columns: ['name'] }] }] },
      { method: 'monitor_cond_change', params: ['F', 'G', { Logical_Switch: { where: [true] } }] },
      { method: 'monitor_cond_change', params: ['F', 'G', { ACL: [{ where: [true] }] }] },
      { method: 'monitor_cond_change', params: ['F', 'G', { Nope: [{ where: [true] }] }] },
      { method: 'monitor_cond_change', params: ['F', 'G', 5] },
      { method: 'monitor_cond_change', params: ['F', 'G'] },
      { method: 'monitor_cond_change', params: ['F', 'G', { Logical_Switch: [{ where: [['nope', '==', 1]] }] }] },
      mon('monitor', 'M', { Logical_Switch: { columns: ['name'] } }),
      { method: 'monitor_cond_change', params: ['M', 'N', { Logical_Switch: [{ where: [false] }] }] },
      tx(insertLs('after')),
    ],
  },
  {
    name: 'monitor_cond_since with an unknown id: full state, then update3',
    steps: [
      tx(insertLs('a', { ports: ['named-uuid', 'p'] }), { op: 'insert', table: 'Logical_Switch_Port', 'uuid-name': 'p', row: { name: 'p' } }),
      mon('monitor_cond_since', ['monid', NB], { Logical_Switch: [{ columns: ['name', 'ports'] }], Logical_Switch_Port: [{ columns: ['name'] }], NB_Global: [{ columns: [] }] }, ZERO),
      mon('monitor_cond_since', 'x', { Logical_Switch: [{ columns: ['name'], where: [['name', '==', 'b']] }] }, '12345678-1234-1234-1234-123456789ABC'),
      tx(insertLs('b'), { op: 'insert', table: 'NB_Global', row: {} }),
      tx(updateLs('a', { ports: ['set', []] })),
      { method: 'monitor_cond_change', params: ['x', 'x', { Logical_Switch: [{ where: [true] }] }] },
    ],
  },
  {
    name: 'request errors and duplicate ids',
    steps: [
      mon('monitor', 'a', { Logical_Switch: {} }),
      mon('monitor', 'a', { Logical_Switch: {} }),
      mon('monitor_cond', 'a', {}),
      mon('monitor_cond_since', 'a', {}, ZERO),
      { method: 'monitor_cond', params: [NB, 'S4'] },
      { method: 'monitor_cond', params: [NB, 'S9', {}, 1] },
      { method: 'monitor_cond_since', params: [NB, 'S', {}] },
      { method: 'monitor_cond_since', params: [NB, 'S', {}, ZERO, 'extra'] },
      mon('monitor_cond_since', 'S', { Logical_Switch: [{ columns: ['name'] }] }, 'nonsense'),
      mon('monitor_cond_since', 'S', { Logical_Switch: [{ columns: ['name'] }] }, 5),
      mon('monitor_cond_since', 'S2', { Nope: {} }, 'x'),
      { method: 'monitor', params: ['Nope', 'b', {}] },
      { method: 'monitor', params: [1, 'b', {}] },
      { method: 'monitor_cond_since', params: [] },
      mon('monitor', 'x1', { Logical_Switch: 5 }),
      mon('monitor', 'x2', { Logical_Switch: { foo: 1 } }),
      mon('monitor', 'x3', { Logical_Switch: { columns: ['nope'] } }),
      mon('monitor_cond', 'x4', { Logical_Switch: { where: [['name', '<', 'a']] } }),
      mon('monitor', 'extra', { Logical_Switch: { columns: ['name'] } }, 'ignored'),
      mon('monitor', null, { Logical_Switch: { columns: ['name'] } }),
      mon('monitor', { x: [1, 2] }, { Logical_Switch: { columns: ['name'] } }),
      { method: 'monitor_cancel', params: [{ x: [1, 2] }] },
      { method: 'monitor_cancel', params: [{ x: [1, 2] }] },
      { method: 'monitor_cancel', params: [] },
      { method: 'monitor_cancel', params: [1, 2] },
      { method: 'monitor_cancel', params: [null] },
      tx(insertLs('last')),
    ],
  },
  {
    name: 'another connection\'s transaction reaches every monitor',
    clients: 3,
    steps: [
      { c: 0, ...mon('monitor_cond', ['monid', NB], { Logical_Switch: [{ columns: ['name', 'ports'] }] }) },
      { c: 1, ...mon('monitor_cond', ['monid', NB], { Logical_Switch: [{ columns: ['name', 'ports'] }] }) },
      { c: 1, ...mon('monitor', 'v1', { Logical_Switch: { columns: ['name'] } }) },
      txOn(2, insertLs('x')),
      txOn(0, updateLs('x', { name: 'y' })),
      txOn(2, deleteLs('y')),
    ],
  },
];
