/**
 * lock, steal, unlock (RFC 7047 §4.1.8-10) and the "locked"/"stolen" notifications (§4.1.11-12).
 *
 * Errors exactly as ovsdb-server 3.1 gives them:
 *   params not one <id> string → {"error":"syntax error","details":"<method> request params must be <id>","syntax":<params>}
 *   lock/steal twice           → {"error":"syntax error","details":"must issue \"unlock\" before new \"<method>\"","syntax":<params>}
 *   unlock of a lock not asked → {"error":"syntax error","details":"unlock: \"unlock\" without \"lock\" or \"steal\"","syntax":<params>}
 *   read-only session          → "lock and unlock methods not allowed, DB server is read only." (a bare string)
 * A session's locks are released when it closes (ovsdb-server's session close), and whoever owns
 * a lock next is told "locked".
 */
import type { Json } from '../../ovsdb/json.js';
import { isId } from '../../ovsdb/symtab.js';
import { syntaxError } from '../../ovsdb/atom.js';
import { ok, fail, type Outcome } from '../method-types.js';
import type { MethodTable } from '../method-table.js';
import type { Session } from '../session.js';
import type { OvsdbServer } from '../server.js';
import { LockTable, type LockMode } from '../locks.js';

export const LOCKED_NOTIFICATION = 'locked';
export const STOLEN_NOTIFICATION = 'stolen';
export const READ_ONLY_LOCK_ERROR = 'lock and unlock methods not allowed, DB server is read only.';

const tables = new WeakMap<OvsdbServer, LockTable<Session>>();
/** Sessions whose close hook already releases their locks. */
const hooked = new WeakSet<Session>();

/** The server-wide lock table (ovsdb-server keeps one per server, not per database). */
export function lockTable(server: OvsdbServer): LockTable<Session> {
  let t = tables.get(server);
  if (t === undefined) {
    t = new LockTable<Session>();
    tables.set(server, t);
  }
  return t;
}

/** RFC 7047 §5.2.10 "assert": what the transact method passes to the engine as ctx.isLockOwner. */
export function isLockOwner(session: Session, name: string): boolean {
  return tables.get(session.server)?.isOwner(session, name) ?? false;
}

function badParams(params: Json[], details: string): Outcome {
  return fail(syntaxError(params, details));
}

/** The single <id> param of lock/steal/unlock, or the error reply. */
function lockName(method: string, params: Json[]): string | Outcome {
  const name = params[0];
  if (params.length !== 1 || typeof name !== 'string' || !isId(name)) {
    return badParams(params, `${method} request params must be <id>`);
  }
  return name;
}

function releaseOnClose(session: Session): void {
  if (hooked.has(session)) return;
  hooked.add(session);
  session.addCloseHook((s) => {
    for (const grant of lockTable(s.server).releaseAll(s)) grant.session.notify(LOCKED_NOTIFICATION, [grant.name]);
  });
}

function acquire(session: Session, params: Json[], method: LockMode): Outcome {
  if (session.readOnly) return fail(READ_ONLY_LOCK_ERROR);
  const name = lockName(method, params);
  if (typeof name !== 'string') return name;
  const r = lockTable(session.server).acquire(session, name, method);
  if (r.kind === 'must-unlock') return badParams(params, `must issue "unlock" before new "${method}"`);
  releaseOnClose(session);
  if (r.victim !== null) r.victim.notify(STOLEN_NOTIFICATION, [name]);
  return ok({ locked: r.owner });
}

function release(session: Session, params: Json[]): Outcome {
  if (session.readOnly) return fail(READ_ONLY_LOCK_ERROR);
  const name = lockName('unlock', params);
  if (typeof name !== 'string') return name;
  const r = lockTable(session.server).release(session, name);
  if (r.kind === 'not-held') return badParams(params, 'unlock: "unlock" without "lock" or "steal"');
  if (r.notify !== null) r.notify.notify(LOCKED_NOTIFICATION, [name]);
  return ok({});
}

export function registerLockMethods(table: MethodTable): void {
  table.set('lock', (session, params) => acquire(session, params, 'lock'));
  table.set('steal', (session, params) => acquire(session, params, 'steal'));
  table.set('unlock', (session, params) => release(session, params));
}
