/**
 * RFC 7047 §5.2.6 wait. A failing test fails at once when its "timeout" has passed (0 always
 * has); otherwise the whole transaction is "blocked" and the server retries it later
 * (ovsdb-server(7) §5.2.6 via triggers).
 */
import type { Json, JsonObject } from '../../ovsdb/json.js';
import { ErrorTag, OvsdbError } from '../../ovsdb/error.js';
import { syntaxError } from '../../ovsdb/atom.js';
import { conditionFromJson } from '../../ovsdb/condition.js';
import type { Datum } from '../../ovsdb/datum.js';
import { rowKey } from '../table.js';
import { Row, type TableLayout } from '../../ovsdb/row.js';
import { ZERO_UUID } from '../../ovsdb/uuid.js';
import { isJsonObject } from '../../ovsdb/json.js';
import { OP, type OpParser } from '../parser.js';
import { columnSetFromJson, rowFromJson } from '../row-parse.js';
import { parseTable, type OpContext } from './context.js';

/** Marker error: the wait must block (ovsdb-server's internal "not supported"). */
export const BLOCKED_TAG = ErrorTag.NOT_SUPPORTED;

function expectedRow(layout: TableLayout, json: Json, x: OpContext): Row {
  if (!isJsonObject(json)) throw syntaxError(json, 'row must be JSON object');
  const parsed = rowFromJson(layout, json, x.txn.symtab);
  const data: Datum[] = layout.defaults.slice();
  let uuid = ZERO_UUID;
  let version = ZERO_UUID;
  parsed.ordinals.forEach((o, i) => {
    const d = parsed.datums[i]!;
    if (o >= 0) data[o] = d;
    else if (o === -1) uuid = d.keys[0] as string;
    else version = d.keys[0] as string;
  });
  return new Row(layout, uuid, version, data);
}

export function executeWait(x: OpContext, p: OpParser): JsonObject {
  const timeout = p.member('timeout', OP.INTEGER | OP.OPTIONAL) as number | bigint | undefined;
  const where = p.array('where', OP.ARRAY);
  const columnsJson = p.member('columns', OP.ARRAY | OP.OPTIONAL);
  const until = p.string('until', OP.STRING);
  const rowsJson = p.array('rows', OP.ARRAY);
  const table = parseTable(x, p);
  p.check();
  const t = table!;
  const layout = t.state.layout;
  const cond = conditionFromJson(layout, where!, x.txn.symtab);
  const ordinals = columnSetFromJson(layout, columnsJson) ?? layout.allOrdinals();
  let timeoutMs = Infinity;
  if (timeout !== undefined) {
    timeoutMs = Number(timeout);
    if (timeoutMs < 0) throw syntaxError(timeout, 'timeout must be nonnegative');
  }
  if (until !== '==' && until !== '!=') throw syntaxError(until!, '"until" must be "==" or "!="');
  const expected = new Set<string>();
  for (const r of rowsJson!) expected.add(rowKey(expectedRow(layout, r, x), ordinals));
  const actual = new Set<string>();
  let equal = true;
  for (const row of t.query(cond)) {
    const k = rowKey(row, ordinals);
    if (!expected.has(k)) {
      equal = false;
      break;
    }
    actual.add(k);
  }
  equal = equal && actual.size === expected.size;
  if ((until === '==') === equal) return {};
  const elapsed = x.ctx.elapsedMs ?? (x.ctx.waitsExpired === true && timeout !== undefined ? timeoutMs : 0);
  if (timeout !== undefined && (elapsed >= timeoutMs || x.ctx.waitsExpired === true)) {
    if (elapsed > 0) throw new OvsdbError(ErrorTag.TIMED_OUT, `"wait" timed out after ${elapsed} ms`);
    throw new OvsdbError(ErrorTag.TIMED_OUT, '"where" clause test failed');
  }
  // Execution stops at this op, so the deadline reported is the blocking wait's own timeout
  // (not the smallest of all waits: one that already passed must not decide when to retry).
  x.waitTimeoutMs = timeoutMs;
  throw new OvsdbError(BLOCKED_TAG, 'triggers not supported');
}
