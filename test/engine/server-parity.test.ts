/**
 * Behaviours where ovsdb-server 3.1 departs from a plain reading of RFC 7047 and ovsdb-ts copies
 * it (found by the differential suite; texts and results copied from ovsdb-server's replies to the
 * same requests, UUIDs normalised).
 */
import { describe, expect, test } from 'vitest';
import { runAll } from './harness.js';

const se = (syntax: string, details: string) => ({ error: 'syntax error', details, syntax });

describe('"excludes" lifts the operand size limits of a non-scalar column (condition.c)', () => {
  const SEED = '{"op":"insert","table":"T","row":{"oi":3,"s13":["set",[1,2]],"m12":["map",[["k",1]]],"sb":["set",[true]]}}';
  const S = (clause: string) => `{"op":"select","table":"T","where":[${clause}],"columns":["i"]}`;
  const many = JSON.stringify(Array.from({ length: 260 }, (_, i) => i + 3));
  const cases: [string, unknown][] = [
    ['["s13","excludes",["set",[4,5,6,7]]]', { rows: [{ i: 0 }] }],
    ['["s13","excludes",["set",[2,5,6,7]]]', { rows: [] }],
    [`["s13","excludes",["set",${many}]]`, { rows: [{ i: 0 }] }],
    ['["s13","excludes",["set",[]]]', { rows: [{ i: 0 }] }],
    ['["m12","excludes",["map",[["a",1],["b",2],["c",3]]]]', { rows: [{ i: 0 }] }],
    ['["m12","excludes",["map",[["a",1],["k",1],["c",3]]]]', { rows: [] }],
    ['["oi","excludes",["set",[4,5]]]', { rows: [{ i: 0 }] }],
    ['["oi","excludes",["set",[3,5]]]', { rows: [] }],
    ['["oi","excludes",["set",[5,3]]]', { rows: [] }],
    // Still parsed as a set, so duplicates are caught once the size no longer is.
    ['["sb","excludes",["set",[false,true,false]]]', { error: 'ovsdb error', details: 'set contains duplicate' }],
    // Not relaxed: a scalar column, "includes" above max, "==".
    ['["i","excludes",["set",[1,2]]]', se('["set",[1,2]]', 'set must have exactly one member but 2 are present')],
    ['["oi","includes",["set",[3,5]]]', se('["set",[3,5]]', 'set must have 0 to 1 members but 2 are present')],
    ['["m12","includes",["map",[["a",1],["b",2],["c",3]]]]',
      se('["map",[["a",1],["b",2],["c",3]]]', 'map must have 0 to 2 members but 3 are present')],
    ['["m12","==",["map",[["a",1],["b",2],["c",3]]]]',
      se('["map",[["a",1],["b",2],["c",3]]]', 'map must have 1 to 2 members but 3 are present')],
  ];
  test.each(cases)('%s', (clause, expected) => {
    expect(runAll('types', [SEED, S(clause)])[1]).toEqual([expected]);
  });
});
