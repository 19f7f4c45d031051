/**
 * The monitor methods (RFC 7047 §4.1.5-8, ovsdb-server(7) §4.1.12-15), with ovsdb-server's
 * checks in its order and its error texts:
 *   monitor             [<db-name>, <json-value>, <monitor-requests>]          → <table-updates>
 *   monitor_cond        [<db-name>, <json-value>, <monitor-cond-requests>]     → <table-updates2>
 *   monitor_cond_since  [<db-name>, <json-value>, <monitor-cond-requests>, <last-txn-id>]
 *                                                  → [<found>, <last-txn-id>, <table-updates2>]
 *   monitor_cond_change [<json-value>, <json-value>, <monitor-cond-update-requests>] → {}
 *   monitor_cancel      [<json-value>]                                          → {}
 * The replies carrying table updates are written from the shared serialization (wire.ts).
 */
import { Buffer } from 'node:buffer';
import type { Json } from '../../ovsdb/json.js';
import { ErrorTag, OvsdbError, isOvsdbError } from '../../ovsdb/error.js';
import { syntaxError } from '../../ovsdb/atom.js';
import { isUuid } from '../../ovsdb/uuid.js';
import {
  composeChanges,
  composeConditionChange,
  parseConditionChanges,
  parseMonitorRequests,
  withConditions,
} from '../../engine/monitor/index.js';
import { ok, fail, type Outcome } from '../method-types.js';
import { databaseParam } from '../methods/db-param.js';
import type { Session } from '../session.js';
import type { MonitorRegistry } from './registry.js';
import { Monitor, monitorIdKey } from './session-monitors.js';
import { DATUM_WRITER, UPDATE_METHOD, notificationBytes, replyParts } from './wire.js';

type MonitorMethod = keyof typeof UPDATE_METHOD;

/** Params each method must have exactly (`monitor` takes any number, as ovsdb-server does). */
const PARAM_COUNT: Record<MonitorMethod, number | null> = { monitor: null, monitor_cond: 3, monitor_cond_since: 4 };

const INVALID_PARAMETERS = 'invalid parameters';

function invalidParams(params: Json[]): OvsdbError {
  return syntaxError(params, INVALID_PARAMETERS);
}

function lastTxnIdParam(json: Json | undefined): string {
  if (typeof json !== 'string') throw syntaxError(json, 'last-txn-id must be string');
  if (!isUuid(json)) throw syntaxError(json, 'last-txn-id must be UUID format.');
  return json;
}

function guard(fn: () => Outcome | null): Outcome | null {
  try {
    return fn();
  } catch (e) {
    if (isOvsdbError(e)) return fail(e);
    throw e;
  }
}

/** monitor, monitor_cond, monitor_cond_since. */
function createMonitor(reg: MonitorRegistry, method: MonitorMethod, session: Session, params: Json[], reqId: Json): Outcome | null {
  const served = databaseParam(session.server, method, params);
  if (served instanceof OvsdbError) return fail(served);
  const count = PARAM_COUNT[method];
  if (count !== null && params.length !== count) return fail(invalidParams(params));
  const id = params[1] ?? null;
  const key = monitorIdKey(id);
  const sm = reg.sessionMonitors(session);
  if (sm.monitors.has(key)) return fail(syntaxError(id, 'duplicate monitor ID'));
  const spec = parseMonitorRequests(served.schema, params[2], method !== 'monitor');
  const lastId = method === 'monitor_cond_since' ? lastTxnIdParam(params[3]) : null;
  const db = reg.database(served);
  const monitor = new Monitor(sm, db, id, db.group(spec, UPDATE_METHOD[method]));
  sm.add(key, monitor);
  sm.flush();
  if (lastId === null) {
    sm.send(replyParts(reqId, '', monitor.group.initial(db.seq, db.source, db.initialTexts), ''));
    return null;
  }
  const since = db.history.since(lastId);
  const head = `[${since !== null},"${db.lastTxnId}",`;
  const body =
    since === null
      ? monitor.group.initial(db.seq, db.source, db.initialTexts)
      : Buffer.from(composeChanges(spec, since, monitor.group.writer) ?? '{}', 'utf8');
  sm.send(replyParts(reqId, head, body, ']'));
  return null;
}

/** monitor_cond_change: the update for rows entering or leaving the selection precedes the reply. */
function changeConditions(reg: MonitorRegistry, session: Session, params: Json[]): Outcome {
  if (params.length !== 3) return fail(invalidParams(params));
  const sm = reg.sessionMonitors(session);
  const oldKey = monitorIdKey(params[0]!);
  const m = sm.monitors.get(oldKey);
  if (m === undefined) return fail(syntaxError(params[0], 'unknown monitor session'));
  const newId = params[1]!;
  const newKey = monitorIdKey(newId);
  if (newKey !== oldKey && sm.monitors.has(newKey)) return fail(syntaxError(newId, 'duplicate monitor ID'));
  const conditional = m.group.writer.format === 2;
  const conditions = parseConditionChanges(m.db.served.schema, m.spec, params[2], conditional);
  sm.flush();
  if (newKey !== oldKey) sm.rename(oldKey, newKey, newId);
  if (conditions.size === 0) return ok({});
  const oldSpec = m.spec;
  const newSpec = withConditions(oldSpec, conditions);
  m.regroup(m.db.group(newSpec, m.group.method));
  const body = composeConditionChange(oldSpec, newSpec, m.db.source, DATUM_WRITER);
  if (body !== null) sm.send(notificationBytes(m.group.method, m.id, m.db.lastTxnId, body));
  return ok({});
}

/** monitor_cancel: errors are bare strings here, as ovsdb-server sends them. */
function cancelMonitor(reg: MonitorRegistry, session: Session, params: Json[]): Outcome {
  if (params.length !== 1) return fail(INVALID_PARAMETERS);
  const sm = reg.sessionMonitors(session);
  if (sm.remove(monitorIdKey(params[0]!)) === undefined) return fail(ErrorTag.UNKNOWN_MONITOR);
  return ok({});
}

export function registerMonitorMethods(reg: MonitorRegistry): void {
  const table = reg.server.methods;
  for (const method of Object.keys(UPDATE_METHOD) as MonitorMethod[]) {
    table.set(method, (session, params, id) => guard(() => createMonitor(reg, method, session, params, id)));
  }
  table.set('monitor_cond_change', (session, params) => guard(() => changeConditions(reg, session, params)));
  table.set('monitor_cancel', (session, params) => guard(() => cancelMonitor(reg, session, params)));
}
