/**
 * The checks ovsdb-server makes on "transact" params before executing (jsonrpc-server.c), with
 * its error texts. Params that are not an array never get here: ovsdb-server drops such a
 * connection at the JSON-RPC layer.
 */
import type { Json } from '../ovsdb/json.js';
import { ErrorTag, OvsdbError } from '../ovsdb/error.js';
import { syntaxError } from '../ovsdb/atom.js';

/** The RPC error for `transact` params, or null when params[0] names a served database. */
export function checkTransactParams(params: readonly Json[], hasDatabase: (name: string) => boolean): OvsdbError | null {
  const name = params[0];
  if (typeof name !== 'string') {
    return syntaxError(params as Json[], 'transact request params must begin with <db-name>');
  }
  if (!hasDatabase(name)) {
    return syntaxError(params as Json[], `transact request specifies unknown database ${name}`, ErrorTag.UNKNOWN_DATABASE);
  }
  return null;
}
