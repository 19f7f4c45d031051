/** RFC 7047 §5.2.1 insert, with ovsdb-server(7) §5.2.1's caller-chosen "uuid". */
import type { Json, JsonObject } from '../../ovsdb/json.js';
import { ErrorTag } from '../../ovsdb/error.js';
import { checkDatumConstraints, type Datum } from '../../ovsdb/datum.js';
import { syntaxError } from '../../ovsdb/atom.js';
import { Row, type TableLayout } from '../../ovsdb/row.js';
import { parseUuid } from '../../ovsdb/uuid.js';
import { OP, type OpParser } from '../parser.js';
import { rowFromJson } from '../row-parse.js';
import { parseTable, type OpContext } from './context.js';

const badDefaults = new WeakMap<TableLayout, number[]>();

/** Ordinals (in ovsdb-server's walk order) whose default value violates the column's constraints. */
function invalidDefaults(layout: TableLayout): number[] {
  let list = badDefaults.get(layout);
  if (list === undefined) {
    list = layout.ovsOrder.filter((o) => {
      if (o < 0) return false;
      const d = layout.defaults[o]!;
      return d.keys.length === 1 && checkDatumConstraints(d, layout.columns[o]!.type) !== null;
    });
    badDefaults.set(layout, list);
  }
  return list;
}

function chooseUuid(x: OpContext, uuidJson: string | undefined, uuidName: string | undefined, mayCreate: (u: string) => boolean): string {
  let uuid: string | undefined;
  if (uuidJson !== undefined) {
    const parsed = parseUuid(uuidJson);
    if (parsed === null) throw syntaxError(uuidJson, 'bad uuid');
    if (!mayCreate(parsed)) {
      throw syntaxError(
        uuidJson,
        'This UUID would duplicate a UUID already present within the table or deleted within the same transaction.',
        'duplicate uuid',
      );
    }
    uuid = parsed;
  }
  if (uuidName !== undefined) {
    const sym = x.txn.symtab.insert(uuidName);
    if (sym.created) {
      throw syntaxError(uuidName, 'This "uuid-name" appeared on an earlier "insert" operation.', ErrorTag.DUPLICATE_UUID_NAME);
    }
    if (uuid !== undefined) sym.uuid = uuid;
    else uuid = sym.uuid;
    sym.created = true;
  }
  return uuid ?? x.txn.newUuid();
}

export function executeInsert(x: OpContext, p: OpParser): JsonObject {
  const table = parseTable(x, p);
  const uuidJson = p.string('uuid', OP.STRING | OP.OPTIONAL);
  const uuidName = p.string('uuid-name', OP.ID | OP.OPTIONAL);
  const rowJson = p.member('row', OP.OBJECT) as JsonObject | undefined;
  p.check();
  const t = table!;
  const uuid = chooseUuid(x, uuidJson, uuidName, (u) => t.mayCreate(u));
  const layout = t.state.layout;
  const parsed = rowFromJson(layout, rowJson!, x.txn.symtab);
  const data: Datum[] = layout.defaults.slice();
  for (let i = 0; i < parsed.ordinals.length; i++) {
    const o = parsed.ordinals[i]!;
    if (o >= 0) data[o] = parsed.datums[i]!;
  }
  for (const o of invalidDefaults(layout)) {
    if (data[o] === layout.defaults[o]) throw checkDatumConstraints(data[o]!, layout.columns[o]!.type)!;
  }
  t.insert(new Row(layout, uuid, x.txn.newUuid(), data));
  const result: Json = ['uuid', uuid];
  return { uuid: result };
}
