/**
 * Datums written straight to JSON text, as `datumToJson` + the wire encoder would write them
 * (RFC 7047 §5.1 <value>; ovsdb-server's forms: a map always tagged, a one-element set as the
 * bare atom, a UUID as ["uuid", "…"]), without building JSON objects first: table updates of
 * tens of thousands of rows are serialized once and shared, so this is on the hot path.
 *
 * The engine does not import the wire layer, so how reals are printed (C "%.15g", as
 * ovsdb-server does) is passed in: the server gives the wire encoder's `formatNumber`.
 */
import type { Atom, ColumnType } from '../../ovsdb/types.js';
import type { Datum } from '../../ovsdb/datum.js';

/** Writes a JSON number (safe integers as digits, other numbers as reals). */
export type NumberFormat = (x: number) => string;
/** Writes a datum of a column type as JSON text. */
export type DatumWriter = (datum: Datum, type: ColumnType) => string;

const SAFE = 9007199254740991n;

function atomWriter(type: ColumnType['key']['type'], num: NumberFormat): (a: Atom) => string {
  switch (type) {
    case 'integer':
      return (a) => {
        const n = a as bigint;
        return n >= -SAFE && n <= SAFE ? num(Number(n)) : n.toString();
      };
    case 'real':
      return (a) => num(a as number);
    case 'boolean':
      return (a) => (a ? 'true' : 'false');
    case 'string':
      return (a) => JSON.stringify(a);
    case 'uuid':
      return (a) => `["uuid","${a as string}"]`;
  }
}

/** A DatumWriter printing numbers with `num`. */
export function datumTextWriter(num: NumberFormat): DatumWriter {
  const writers = {
    integer: atomWriter('integer', num),
    real: atomWriter('real', num),
    boolean: atomWriter('boolean', num),
    string: atomWriter('string', num),
    uuid: atomWriter('uuid', num),
  };
  return (datum, type) => {
    const key = writers[type.key.type];
    const { keys, values } = datum;
    if (type.value !== null) {
      const value = writers[type.value.type];
      let s = '["map",[';
      for (let i = 0; i < keys.length; i++) s += `${i === 0 ? '' : ','}[${key(keys[i]!)},${value(values![i]!)}]`;
      return s + ']]';
    }
    if (keys.length === 1) return key(keys[0]!);
    let s = '["set",[';
    for (let i = 0; i < keys.length; i++) s += (i === 0 ? '' : ',') + key(keys[i]!);
    return s + ']]';
  };
}

/** A name (table, column, row UUID) as a JSON string. */
export function nameText(name: string): string {
  return JSON.stringify(name);
}
