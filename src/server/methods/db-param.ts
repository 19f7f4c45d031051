/**
 * The `<db-name>` that begins the params of get_schema, transact, monitor… (RFC 7047 §4.1).
 * Errors exactly as ovsdb-server gives them ("syntax": the params with sorted members, OVS
 * `ovsdb_syntax_error`):
 *   {"error":"syntax error","details":"<method> request params must begin with <db-name>","syntax":<params>}
 *   {"error":"unknown database","details":"<method> request specifies unknown database X","syntax":<params>}
 */
import type { Json } from '../../ovsdb/json.js';
import { ErrorTag, type OvsdbError } from '../../ovsdb/error.js';
import { syntaxError } from '../../ovsdb/atom.js';
import type { ServedDatabase } from '../served-database.js';
import type { OvsdbServer } from '../server.js';

export function databaseParam(server: OvsdbServer, method: string, params: Json[]): ServedDatabase | OvsdbError {
  const name = params[0];
  if (typeof name !== 'string') {
    return syntaxError(params, `${method} request params must begin with <db-name>`);
  }
  const db = server.databases.get(name);
  if (db === undefined) {
    return syntaxError(params, `${method} request specifies unknown database ${name}`, ErrorTag.UNKNOWN_DATABASE);
  }
  return db;
}
