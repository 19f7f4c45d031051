/**
 * transact (RFC 7047 §4.1.3): `[<db-name>, <operation>*]` → one result per operation.
 * Operation errors live inside the result array (the engine builds it); only a bad or unknown
 * <db-name> is an RPC error.
 */
import { OvsdbError } from '../../ovsdb/error.js';
import { fail } from '../method-types.js';
import type { MethodTable } from '../method-table.js';
import { commitPrepared } from '../commit.js';
import { databaseParam } from './db-param.js';
import { submitTransaction } from '../triggers.js';

export function registerTransactMethod(table: MethodTable): void {
  table.set('transact', (session, params, id) => {
    const server = session.server;
    const served = databaseParam(server, 'transact', params);
    if (served instanceof OvsdbError) return fail(served);
    // Through the session's trigger queue (triggers.ts): in-order completion, blocked waits, cancel.
    return submitTransaction(session, id, params, served.name, (elapsedMs) => {
      const prepared = served.db.execute(params.slice(1), {
        readOnly: session.readOnly,
        isLockOwner: (name) => server.isLockOwner(session, name),
        elapsedMs,
      });
      if (prepared.blocked !== null) return { kind: 'blocked', ...prepared.blocked };
      return { kind: 'done', outcome: commitPrepared(served, prepared, server.commitListeners) };
    });
  });
}
