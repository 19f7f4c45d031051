/**
 * Parsing and constraint errors of values, each checked against ovsdb-server 3.1 with the same
 * request (expected texts copied from its replies).
 */
import { describe, expect, test } from 'vitest';
import { runAll } from './harness.js';

const se = (syntax: string, details: string) => ({ error: 'syntax error', details, syntax });
const cv = (details: string) => ({ error: 'constraint violation', details });
const ins = (table: string, row: string) => `{"op":"insert","table":"${table}","row":${row}}`;

const TYPES: [string, string, unknown][] = [
  ['integer from string', '{"i":"x"}', se('"x"', 'expected integer')],
  ['integer from real', '{"i":1.5}', se('1.5', 'expected integer')],
  ['integer from null', '{"i":null}', se('null', 'expected integer')],
  ['integer too big', '{"i":9223372036854775808}', se('9.22337203685478e+18', 'expected integer')],
  ['integer 1e19', '{"i":1e19}', se('1e+19', 'expected integer')],
  ['scalar given two', '{"i":["set",[1,2]]}', se('["set",[1,2]]', 'set must have exactly one member but 2 are present')],
  ['scalar given none', '{"i":["set",[]]}', se('["set",[]]', 'set must have exactly one member but 0 are present')],
  ['optional given two', '{"oi":["set",[1,2]]}', se('["set",[1,2]]', 'set must have 0 to 1 members but 2 are present')],
  ['set below min', '{"s13":["set",[]]}', se('["set",[]]', 'set must have 1 to 3 members but 0 are present')],
  ['set above max', '{"s13":["set",[1,2,3,4]]}', se('["set",[1,2,3,4]]', 'set must have 1 to 3 members but 4 are present')],
  ['set duplicate', '{"si":["set",[1,1]]}', { error: 'ovsdb error', details: 'set contains duplicate' }],
  ['map duplicate', '{"mss":["map",[["a","b"],["a","c"]]]}', { error: 'ovsdb error', details: 'map contains duplicate key' }],
  ['map given set', '{"mss":["set",[]]}', se('["set",[]]', 'expected ["map", <array>]')],
  ['map pair short', '{"mss":["map",[["a"]]]}', se('["a"]', 'expected 2-element array')],
  ['map of object', '{"mss":["map",{}]}', se('["map",{}]', 'expected ["map", <array>]')],
  ['map below min', '{"m12":["map",[]]}', se('["map",[]]', 'map must have 1 to 2 members but 0 are present')],
  ['set not array', '{"si":["set",1]}', se('["set",1]', 'expected ["set", <array>]')],
  ['set bad tag', '{"si":["sex",[1]]}', se('["sex",[1]]', 'expected integer')],
  ['set three members', '{"si":["set",[1],3]}', se('["set",[1],3]', 'expected ["set", <array>]')],
  ['uuid bare string', '{"u":"abc"}', se('"abc"', 'expected ["uuid", <string>]')],
  ['uuid invalid', '{"u":["uuid","abc"]}', se('["uuid","abc"]', '"abc" is not a valid UUID')],
  ['named-uuid not id', '{"u":["named-uuid","1abc"]}', se('["named-uuid","1abc"]', 'named-uuid string is not a valid <id>')],
  ['boolean from 1', '{"b":1}', se('1', 'expected boolean')],
  ['real from true', '{"r":true}', se('true', 'expected real')],
  ['string from 1', '{"s":1}', se('1', 'expected string')],
  ['map key type', '{"mss":["map",[[1,"a"]]]}', se('1', 'expected string')],
  ['unknown column', '{"nosuch":1}', { error: 'unknown column', details: 'No column nosuch in table T.', syntax: '{"nosuch":1}' }],
];

describe('atom and datum parsing (types schema)', () => {
  test.each(TYPES)('%s', (_name, row, expected) => {
    expect(runAll('types', [ins('T', row)])[0]).toEqual([expected]);
  });
});

const C_OK = '"ei":1,"defrange":1,"smin":"x"';
const CONSTRAINTS: [string, string, string][] = [
  ['string default below minLength', '{}', '"" length 0 is less than minimum allowed length 1'],
  ['integer enum', '{"ei":2,"defrange":1,"smin":"x"}', '2 is not one of the allowed values ([1, 3, 5])'],
  ['string enum', `{${C_OK},"es":["set",["red","pink"]]}`, 'pink is not one of the allowed values ([blue, green, red])'],
  ['real enum', `{${C_OK},"er":3.5}`, '3.5 is not one of the allowed values ([1.5, 2.5])'],
  ['boolean enum', `{${C_OK},"eb":false}`, 'false is not one of the allowed values ([true])'],
  ['single enum', `{${C_OK},"e1":"other"}`, 'other is not one of the allowed values ([only])'],
  ['enum quoting space', `{${C_OK},"es":"a b"}`, '"a b" is not one of the allowed values ([blue, green, red])'],
  ['enum quoting digit', `{${C_OK},"es":"1a"}`, '"1a" is not one of the allowed values ([blue, green, red])'],
  ['enum quoting true', `{${C_OK},"es":"true"}`, '"true" is not one of the allowed values ([blue, green, red])'],
  ['enum bare id', `{${C_OK},"es":"a-b.c_d"}`, 'a-b.c_d is not one of the allowed values ([blue, green, red])'],
  ['enum non-ascii', `{${C_OK},"es":"é"}`, '"é" is not one of the allowed values ([blue, green, red])'],
  ['integer range high', `{${C_OK},"irange":["set",[11]]}`, '11 is not in the valid range -5 to 10 (inclusive)'],
  ['integer range low', `{${C_OK},"irange":["set",[-6]]}`, '-6 is not in the valid range -5 to 10 (inclusive)'],
  ['integer min', `{${C_OK},"imin":2}`, '2 is less than minimum allowed value 3'],
  ['integer max', `{${C_OK},"imax":8}`, '8 is greater than maximum allowed value 7'],
  ['real range', `{${C_OK},"rrange":2.5}`, '2.5 is not in the valid range -1.5 to 2.25 (inclusive)'],
  ['real min', `{${C_OK},"rmin":0.05}`, '0.05 is less than minimum allowed value 0.1'],
  ['real min tiny', `{${C_OK},"rmin":-1e-300}`, '-1e-300 is less than minimum allowed value 0.1'],
  ['real max', `{${C_OK},"rmax":100.5}`, '100.5 is greater than maximum allowed value 100'],
  ['string minLength', `{${C_OK},"slen":"a"}`, '"a" length 1 is less than minimum allowed length 2'],
  ['string maxLength', `{${C_OK},"slen":"abcde"}`, '"abcde" length 5 is greater than maximum allowed length 4'],
  ['code points', `{${C_OK},"slen":"ééééé"}`, '"ééééé" length 5 is greater than maximum allowed length 4'],
  ['raw text in length message', `{${C_OK},"smax":"a\\"\\n\\u0001é"}`, '"a"\n\u0001é" length 5 is greater than maximum allowed length 3'],
  ['map key constraint', `{${C_OK},"mval":["map",[["abcd",1]]]}`, '"abcd" length 4 is greater than maximum allowed length 3'],
  ['map value constraint', `{${C_OK},"mval":["map",[["a",10]]]}`, '10 is not in the valid range 0 to 9 (inclusive)'],
  ['default of range column', '{"ei":1,"smin":"x"}', '0 is not in the valid range 1 to 9 (inclusive)'],
  ['default order: smin before defrange', '{"ei":1,"defrange":1}', '"" length 0 is less than minimum allowed length 1'],
];

describe('constraints (constraints schema)', () => {
  test.each(CONSTRAINTS)('%s', (_name, row, details) => {
    expect(runAll('constraints', [ins('C', row)])[0]).toEqual([cv(details)]);
  });
  test('two-byte code points count once', () => {
    expect(runAll('constraints', [ins('C', `{${C_OK},"slen":"éé"}`)])[0]).toEqual([{ uuid: ['uuid', '<0>'] }]);
  });
  test('OVN NB Logical_Switch_Port.tag range', () => {
    expect(runAll('ovn-nb', [ins('Logical_Switch_Port', '{"name":"p","tag":5000}')])[0]).toEqual([
      cv('5000 is not in the valid range 1 to 4095 (inclusive)'),
    ]);
  });
});
