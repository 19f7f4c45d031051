/**
 * The `<db-name>` that begins the params of get_schema, transact, monitor… (RFC 7047 §4.1).
 * Errors exactly as ovsdb-server gives them:
 *   {"error":"syntax error","details":"<method> request params must begin with <db-name>","syntax":<params>}
 *   {"error":"unknown database","details":"<method> request specifies unknown database X","syntax":<params>}
 */
import type { Json } from '../../ovsdb/json.js';
import { OvsdbError, ErrorTag } from '../../ovsdb/error.js';
import { encodeJson } from '../../wire/index.js';
import type { ServedDatabase } from '../served-database.js';
import type { OvsdbServer } from '../server.js';

export function databaseParam(server: OvsdbServer, method: string, params: Json[]): ServedDatabase | OvsdbError {
  const name = params[0];
  if (typeof name !== 'string') {
    return new OvsdbError(ErrorTag.SYNTAX_ERROR, `${method} request params must begin with <db-name>`, encodeJson(params));
  }
  const db = server.databases.get(name);
  if (db === undefined) {
    return new OvsdbError(ErrorTag.UNKNOWN_DATABASE, `${method} request specifies unknown database ${name}`, encodeJson(params));
  }
  return db;
}
