/**
 * Session-level requests: set_db_change_aware (ovsdb-server(7) §4.1.18) and the cancel
 * notification (RFC 7047 §4.1.4).
 *
 * set_db_change_aware: `[true|false]` → `{}`; anything else →
 *   {"error":"syntax error","details":"set_db_change_aware: true or false parameter expected","syntax":<params>}
 * Sent as a notification it sets the flag the same way, and a bad parameter is only logged, as
 * ovsdb-server does.
 *
 * What the flag changes: ovsdb-server disconnects sessions that are not change-aware when a
 * database is added, removed or converted, and cancels the waiting transactions and monitors of
 * the change-aware ones instead (with "monitor_canceled"). ovsdb-ts serves a fixed set of
 * databases whose schemas do not change at run time, so none of that can happen; the flag is kept
 * on the session (`Session.dbChangeAware`) for the code that will change databases at run time.
 * Unlike ovsdb-server, `cancel` answers the canceled transaction on every session (triggers.ts).
 *
 * cancel: `[<id>]` of a pending transact of this session → that request is answered
 * `{"error":"canceled"}`. It is a notification: ovsdb-server answers a "cancel" request with
 * "unknown method", and so do we (no handler in the method table).
 */
import { encodeJson } from '../../wire/index.js';
import { syntaxError } from '../../ovsdb/atom.js';
import { logger } from '../../log.js';
import { ok, fail } from '../method-types.js';
import type { MethodTable, NotificationTable } from '../method-table.js';
import { triggerQueue } from '../triggers.js';

const log = logger('ovsdb_jsonrpc_server');

export function registerSessionMethods(methods: MethodTable, notifications: NotificationTable): void {
  methods.set('set_db_change_aware', (session, params) => {
    const flag = params[0];
    if (params.length !== 1 || typeof flag !== 'boolean') {
      const details = 'set_db_change_aware: true or false parameter expected';
      return fail(syntaxError(params, details));
    }
    session.dbChangeAware = flag;
    return ok({});
  });
  notifications.set('set_db_change_aware', (session, params) => {
    const flag = params[0];
    if (params.length === 1 && typeof flag === 'boolean') {
      session.dbChangeAware = flag;
      return;
    }
    const shown = encodeJson(params.length === 1 ? (flag ?? null) : params);
    log.warn(`${session.name}: received set_db_change_aware message with unexpected parameter ${shown}`);
  });
  notifications.set('cancel', (session, params) => {
    const id = params[0];
    if (params.length === 1 && id !== undefined) triggerQueue(session.server).cancel(session, id);
  });
}
