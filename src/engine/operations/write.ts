/** RFC 7047 §5.2.3 update, §5.2.4 mutate, §5.2.5 delete. */
import type { JsonObject } from '../../ovsdb/json.js';
import { ErrorTag } from '../../ovsdb/error.js';
import { syntaxError } from '../../ovsdb/atom.js';
import { conditionFromJson } from '../../ovsdb/condition.js';
import { datumEquals } from '../../ovsdb/datum.js';
import { applyMutation, mutationsFromJson } from '../../ovsdb/mutation.js';
import { OP, type OpParser } from '../parser.js';
import { ovsMemberOrder, rowFromJson } from '../row-parse.js';
import { parseTable, type OpContext } from './context.js';

export function executeUpdate(x: OpContext, p: OpParser): JsonObject {
  const table = parseTable(x, p);
  const where = p.array('where', OP.ARRAY);
  const rowJson = p.member('row', OP.OBJECT) as JsonObject | undefined;
  p.check();
  const t = table!;
  const layout = t.state.layout;
  const parsed = rowFromJson(layout, rowJson!, x.txn.symtab);
  for (const o of ovsMemberOrder(rowJson!, parsed)) {
    const col = layout.column(o);
    if (!col.mutable) {
      throw syntaxError(
        p.json!,
        `Cannot update immutable column ${col.name} in table ${layout.name}.`,
        ErrorTag.CONSTRAINT_VIOLATION,
      );
    }
  }
  const cond = conditionFromJson(layout, where!, x.txn.symtab);
  const rows = t.query(cond);
  for (const row of rows) {
    let differs = false;
    for (let i = 0; i < parsed.ordinals.length && !differs; i++) {
      const o = parsed.ordinals[i]!;
      differs = !datumEquals(row.data[o]!, parsed.datums[i]!, layout.columns[o]!.type);
    }
    if (!differs) continue;
    const { data } = t.modify(row.uuid);
    parsed.ordinals.forEach((o, i) => (data[o] = parsed.datums[i]!));
  }
  return { count: rows.length };
}

export function executeMutate(x: OpContext, p: OpParser): JsonObject {
  const table = parseTable(x, p);
  const where = p.array('where', OP.ARRAY);
  const mutationsJson = p.array('mutations', OP.ARRAY);
  p.check();
  const t = table!;
  const layout = t.state.layout;
  const mutations = mutationsFromJson(layout, mutationsJson!, x.txn.symtab);
  const cond = conditionFromJson(layout, where!, x.txn.symtab);
  const rows = t.query(cond);
  for (const row of rows) {
    const { data } = t.modify(row.uuid);
    for (const m of mutations) data[m.ordinal] = applyMutation(m, data[m.ordinal]!);
  }
  return { count: rows.length };
}

export function executeDelete(x: OpContext, p: OpParser): JsonObject {
  const where = p.array('where', OP.ARRAY);
  const table = parseTable(x, p);
  p.check();
  const t = table!;
  const cond = conditionFromJson(t.state.layout, where!, x.txn.symtab);
  const rows = t.query(cond);
  for (const row of rows) t.delete(row.uuid);
  return { count: rows.length };
}
