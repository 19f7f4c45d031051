/**
 * Datums written as text (the hot path of table updates) must be byte-identical to
 * datumToJson + the wire encoder, for every atomic type and shape, including exact 64-bit
 * integers, reals printed as ovsdb-server prints them, -0, and strings that need escaping.
 */
import { describe, expect, test } from 'vitest';
import type { Json } from '../../src/ovsdb/json.js';
import { datumFromJson, datumToJson } from '../../src/ovsdb/datum.js';
import { encodeJson, parseJson } from '../../src/wire/index.js';
import { Fixture, WRITE } from './helpers.js';

const nb = new Fixture();
const T = nb.schema.tables.get('T')!;

const VALUES: [string, string][] = [
  ['i', '9223372036854775807'],
  ['i', '-9223372036854775808'],
  ['i', '9007199254740993'],
  ['i', '-5'],
  ['r', '0.1'],
  ['r', '-0.0'],
  ['r', '1e300'],
  ['r', '1152921504606846976.0'],
  ['r', '2.5'],
  ['b', 'true'],
  ['s', '"quote \\" backslash \\\\ tab \\t bell \\u0007 é 😀 \\u2028"'],
  ['u', '["uuid","01234567-89ab-cdef-0123-456789abcdef"]'],
  ['oi', '["set",[]]'],
  ['or', '3.25'],
  ['si', '["set",[1,2,9223372036854775807]]'],
  ['sr', '["set",[0.5]]'],
  ['ss', '["set",["b","a","__proto__"]]'],
  ['su', '["set",[["uuid","00000000-0000-0000-0000-000000000002"],["uuid","00000000-0000-0000-0000-000000000001"]]]'],
  ['mss', '["map",[["__proto__","x"],["a","b"]]]'],
  ['mis', '["map",[[9223372036854775807,"big"],[1,"one"]]]'],
  ['mrb', '["map",[[0.1,true],[-2.5,false]]]'],
  ['muu', '["map",[[["uuid","00000000-0000-0000-0000-000000000001"],["uuid","00000000-0000-0000-0000-000000000002"]]]]'],
  ['mss', '["map",[]]'],
];

describe('datumTextWriter', () => {
  test.each(VALUES)('%s = %s', (column, text) => {
    const type = T.columns.get(column)!.type;
    const datum = datumFromJson(parseJson(text) as Json, type);
    expect(WRITE(datum, type)).toBe(encodeJson(datumToJson(datum, type)));
  });
});
