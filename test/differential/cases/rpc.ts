/**
 * RPC-level problems of `transact` and neighbouring methods (RFC 7047 §4.1): unknown database,
 * params that are not an array (ovsdb-server drops the connection), empty params, a first
 * param that is not a name; plus list_dbs, get_schema and echo, compared as whole replies.
 */
import type { Json } from '../../../src/ovsdb/json.js';
import type { DiffCase, RpcStep } from '../harness.js';
import { insert, select } from './ops.js';

const transact = (params: Json): RpcStep => ({ method: 'transact', params });

export const RPC_CASES: DiffCase[] = [
  { name: 'transact unknown database', steps: [transact(['Nope', select('Atoms')])], errors: ['unknown database'] },
  // "syntax" echoes the params with object members sorted (OVS ovsdb_syntax_error, JSSF_SORT).
  { name: 'transact unknown database, members unsorted', steps: [transact(['Nope', { table: 'Atoms', op: 'select', where: [] }])], errors: ['unknown database'] },
  { name: 'lock with an object for a name', steps: [{ method: 'lock', params: [{ z: 1, a: 2 }] }], errors: ['syntax error'] },
  { name: 'set_db_change_aware with an object', steps: [{ method: 'set_db_change_aware', params: [{ z: 1, a: 2 }] }], errors: ['syntax error'] },
  { name: 'transact empty params', steps: [transact([])], errors: ['syntax error'] },
  { name: 'transact first param not a string', steps: [transact([1, select('Atoms')])], errors: ['syntax error'] },
  { name: 'transact database only', steps: [transact(['Diff'])] },
  { name: 'transact operation is a number', steps: [transact(['Diff', 1])], errors: ['syntax error'] },
  { name: 'transact params an object', steps: [transact({ db: 'Diff' })] },
  { name: 'transact params null', steps: [transact(null)] },
  { name: 'transact on _Server is read-only', steps: [transact(['_Server', insert('Database', { name: 'x' })])], errors: ['constraint violation'] },
  { name: 'transact select on _Server', steps: [transact(['_Server', select('Database', [['name', '==', 'Diff']], ['name', 'model', 'connected', 'leader'])])] },
  { name: 'get_schema unknown database', steps: [{ method: 'get_schema', params: ['Nope'] }], errors: ['unknown database'] },
  { name: 'get_schema empty params', steps: [{ method: 'get_schema', params: [] }], errors: ['syntax error'] },
  { name: 'get_schema Diff', steps: [{ method: 'get_schema', params: ['Diff'] }] },
  { name: 'get_schema OVN_Northbound', steps: [{ method: 'get_schema', params: ['OVN_Northbound'] }] },
  { name: 'list_dbs', steps: [{ method: 'list_dbs', params: [] }] },
  { name: 'echo', steps: [{ method: 'echo', params: ['a', 1, { b: [null] }] }] },
  { name: 'unknown method', steps: [{ method: 'frobnicate', params: [] }], errors: ['unknown method'] },
  { name: 'transact after an error reply still works', steps: [transact(['Nope']), [insert('Atoms', {})]], errors: ['unknown database'] },
];
