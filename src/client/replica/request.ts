/**
 * Monitor requests and replies for the three methods, in wire form:
 *   monitor              RFC 7047 §4.1.5   reply <table-updates>,  notification "update"
 *   monitor_cond         ovsdb-server(7) §4.1.12  reply <table-updates2>, notification "update2"
 *   monitor_cond_since   ovsdb-server(7) §4.1.15  reply [found, last-txn-id, <table-updates2>],
 *                                                  notification "update3" [id, last-txn-id, updates]
 */
import type { Json, JsonObject } from '../../ovsdb/json.js';
import { jsonObject } from '../../ovsdb/json.js';
import { ZERO_UUID } from '../../ovsdb/uuid.js';
import { encodeOperation } from '../operations.js';
import type { DatabaseCodec } from '../schema-codec.js';
import { ValueError } from '../values.js';
import type { MonitorMethod } from './types.js';

export const MONITOR_METHODS: readonly MonitorMethod[] = ['monitor_cond_since', 'monitor_cond', 'monitor'];

type Where = readonly (readonly [string, string, unknown])[];

/** One table's selection, normalised: `columns` null means every column. */
export interface Selection {
  readonly table: string;
  readonly columns: readonly string[] | null;
  readonly where: Where | null;
}

/** Table updates version: 1 = <table-updates> (old/new), 2 = <table-updates2> (initial/insert/modify/delete). */
export type UpdatesVersion = 1 | 2;

export interface MonitorReply {
  readonly found: boolean;
  readonly txnId: string | null;
  readonly updates: Json;
  readonly version: UpdatesVersion;
}

export function updatesVersion(method: MonitorMethod): UpdatesVersion {
  return method === 'monitor' ? 1 : 2;
}

/** The where clause in wire form, encoded as a select's would be. */
function encodeWhere(db: DatabaseCodec, table: string, where: Where): Json {
  const op = encodeOperation({ op: 'select', table, where }, db);
  return op['where'] ?? [];
}

function request(sel: Selection, method: MonitorMethod, db: DatabaseCodec): JsonObject {
  const req: JsonObject = {};
  if (sel.columns !== null) req['columns'] = [...sel.columns];
  if (sel.where !== null && method !== 'monitor') req['where'] = encodeWhere(db, sel.table, sel.where);
  return req;
}

export function monitorParams(
  method: MonitorMethod,
  db: DatabaseCodec,
  monitorId: string,
  selections: readonly Selection[],
  lastTxnId: string | null,
): Json[] {
  const requests = jsonObject(selections.map((s): [string, Json] => [s.table, method === 'monitor' ? request(s, method, db) : [request(s, method, db)]]));
  const params: Json[] = [db.name, monitorId, requests];
  if (method === 'monitor_cond_since') params.push(lastTxnId ?? ZERO_UUID);
  return params;
}

/**
 * `monitor_cond_change` params changing one table's condition (ovsdb-server(7) §4.1.13): the
 * monitor keeps its id; a selection without a condition is sent as `[true]` (ovsdb-server 3.1
 * does not take a change request without "where").
 */
export function conditionChangeParams(db: DatabaseCodec, monitorId: string, sel: Selection): Json[] {
  const where = sel.where === null ? [true] : encodeWhere(db, sel.table, sel.where);
  return [monitorId, monitorId, jsonObject([[sel.table, [{ where }]]])];
}

export function parseMonitorReply(method: MonitorMethod, json: Json): MonitorReply {
  if (method !== 'monitor_cond_since') return { found: false, txnId: null, updates: json, version: updatesVersion(method) };
  if (!Array.isArray(json) || json.length !== 3 || typeof json[0] !== 'boolean' || typeof json[1] !== 'string') {
    throw new ValueError('monitor_cond_since: expected [found, last-txn-id, updates]');
  }
  return { found: json[0], txnId: json[1], updates: json[2] as Json, version: 2 };
}

/** A monitor notification's updates, or null when the method is not one of ours. */
export function parseNotification(method: string, params: Json[]): MonitorReply | null {
  switch (method) {
    case 'update':
      return { found: true, txnId: null, updates: params[1] ?? null, version: 1 };
    case 'update2':
      return { found: true, txnId: null, updates: params[1] ?? null, version: 2 };
    case 'update3':
      if (typeof params[1] !== 'string') throw new ValueError('update3: expected a last-txn-id');
      return { found: true, txnId: params[1], updates: params[2] ?? null, version: 2 };
    default:
      return null;
  }
}
