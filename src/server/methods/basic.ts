/**
 * list_dbs, get_schema, get_server_id (RFC 7047 §4.1.1-2; ovsdb-server(7) §4.1.16).
 * list_dbs gives the names in ovsdb-server's order (its hash table's). Extra params are ignored as ovsdb-server ignores them (the Python IDL sends two to get_schema).
 */
import { OvsdbError } from '../../ovsdb/error.js';
import { ovsKeyOrder } from '../../ovsdb/ovs-order.js';
import { ok, fail } from '../method-types.js';
import type { MethodTable } from '../method-table.js';
import { databaseParam } from './db-param.js';

export function registerBasicMethods(table: MethodTable): void {
  table.set('list_dbs', (session) => ok(ovsKeyOrder(session.server.databases.keys())));
  table.set('get_schema', (session, params) => {
    const db = databaseParam(session.server, 'get_schema', params);
    return db instanceof OvsdbError ? fail(db) : ok(db.schemaJson);
  });
  table.set('get_server_id', (session) => ok(session.server.serverId));
}
