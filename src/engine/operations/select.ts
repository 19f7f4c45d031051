/** RFC 7047 §5.2.2 select (with ovsdb-server's "sort" extension and distinct rows for "columns"). */
import type { Json, JsonObject } from '../../ovsdb/json.js';
import { conditionFromJson } from '../../ovsdb/condition.js';
import { compareDatums } from '../../ovsdb/datum.js';
import { rowKey } from '../table.js';
import { rowToJson, UUID_ORDINAL, type Row } from '../../ovsdb/row.js';
import { OP, type OpParser } from '../parser.js';
import { columnSetFromJson } from '../row-parse.js';
import { parseTable, type OpContext } from './context.js';

/** Rows with distinct values in `ordinals` (first occurrence kept), as ovsdb_query_distinct. */
export function distinctRows(rows: Row[], ordinals: readonly number[] | null): Row[] {
  if (ordinals === null || ordinals.includes(UUID_ORDINAL)) return rows;
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = rowKey(r, ordinals);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function executeSelect(x: OpContext, p: OpParser): JsonObject {
  const table = parseTable(x, p);
  const where = p.array('where', OP.ARRAY);
  const columnsJson = p.member('columns', OP.ARRAY | OP.OPTIONAL);
  const sortJson = p.member('sort', OP.ARRAY | OP.OPTIONAL);
  p.check();
  const t = table!;
  const layout = t.state.layout;
  const cond = conditionFromJson(layout, where!, x.txn.symtab);
  const columns = columnSetFromJson(layout, columnsJson);
  const sort = columnSetFromJson(layout, sortJson) ?? [];
  let rows = distinctRows(t.query(cond), columns);
  if (sort.length > 0) {
    rows = rows.slice().sort((a, b) => {
      for (const o of sort) {
        const c = compareDatums(a.at(o), b.at(o), layout.column(o).type);
        if (c !== 0) return c;
      }
      return 0;
    });
  }
  const ordinals = columns ?? layout.allOrdinals();
  const out: Json = rows.map((r) => rowToJson(r, ordinals));
  return { rows: out };
}
