/**
 * The bytes of monitor replies and notifications, built around a table-updates text that is
 * serialized once and shared (STYLE.md §9). Shapes as ovsdb-server sends them
 * (PROTOCOL-NOTES "Framing and messages"):
 *   reply         {"id":<id>,"result":<result>,"error":null}
 *   update        {"id":null,"method":"update","params":[<monitor-id>,<table-updates>]}
 *   update2       {"id":null,"method":"update2","params":[<monitor-id>,<table-updates2>]}
 *   update3       {"id":null,"method":"update3","params":[<monitor-id>,"<last-txn-id>",<table-updates2>]}
 *   canceled      {"id":null,"method":"monitor_canceled","params":[<monitor-id>]}
 */
import { Buffer } from 'node:buffer';
import type { Json } from '../../ovsdb/json.js';
import { encodeJson, formatNumber } from '../../wire/index.js';
import { datumTextWriter, type DatumWriter, type UpdateWriter } from '../../engine/monitor/index.js';

/** Datums as the wire encoder writes them (numbers as ovsdb-server prints them). */
export const DATUM_WRITER: DatumWriter = datumTextWriter(formatNumber);
const WRITERS: Record<1 | 2, UpdateWriter> = { 1: { format: 1, write: DATUM_WRITER }, 2: { format: 2, write: DATUM_WRITER } };

export function updateWriter(method: UpdateMethod): UpdateWriter {
  return WRITERS[method === 'update' ? 1 : 2];
}

export { UPDATE_METHOD, MONITOR_CANCELED, type UpdateMethod } from '../../ovsdb/monitor-methods.js';
import { MONITOR_CANCELED, type UpdateMethod } from '../../ovsdb/monitor-methods.js';

export function notificationBytes(method: UpdateMethod, monitorId: Json, txnId: string | null, body: string): Buffer {
  const last = method === 'update3' ? `"${txnId}",` : '';
  return Buffer.from(`{"id":null,"method":"${method}","params":[${encodeJson(monitorId)},${last}${body}]}`, 'utf8');
}

export function canceledBytes(monitorId: Json): string {
  return `{"id":null,"method":"${MONITOR_CANCELED}","params":[${encodeJson(monitorId)}]}`;
}

/**
 * A reply whose result is `head + body + tail`, as parts to write in order: the shared body is
 * written as is, never copied per subscriber.
 */
export function replyParts(requestId: Json, head: string, body: Buffer, tail: string): (string | Buffer)[] {
  return [`{"id":${encodeJson(requestId)},"result":${head}`, body, `${tail},"error":null}`];
}
