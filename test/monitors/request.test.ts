/**
 * Parsing monitor requests: what is monitored, and the errors with ovsdb-server 3.1's texts
 * (each checked by sending the same request to it).
 */
import { describe, expect, test } from 'vitest';
import type { Json } from '../../src/ovsdb/json.js';
import { isOvsdbError } from '../../src/ovsdb/error.js';
import { parseJson } from '../../src/wire/index.js';
import { parseConditionChanges, parseMonitorRequests, SELECT_ALL, SELECT_MODIFY } from '../../src/engine/monitor/index.js';
import { Fixture } from './helpers.js';

const nb = new Fixture('ovn-nb');

function errorOf(fn: () => unknown): Json {
  try {
    fn();
  } catch (e) {
    if (isOvsdbError(e)) return e.toJson();
    throw e;
  }
  return 'no error';
}

const monitorErrors: [string, string | undefined, boolean, Json][] = [
  ['unknown table', '{"Nope":{}}', false, { error: 'syntax error', details: 'no table named Nope' }],
  ['where in monitor', '{"Logical_Switch":{"where":[]}}', false,
    { error: 'syntax error', details: "Parsing table Logical_Switch failed: Member 'where' is present but not allowed here.", syntax: '{"where":[]}' }],
  ['bad column', '{"Logical_Switch":{"columns":["nope"]}}', false, { error: 'syntax error', details: 'nope is not a valid column name', syntax: '["nope"]' }],
  ['columns not array', '{"Logical_Switch":{"columns":"name"}}', false,
    { error: 'syntax error', details: "Parsing table Logical_Switch failed: Type mismatch for member 'columns'.", syntax: '{"columns":"name"}' }],
  ['column not string', '{"Logical_Switch":{"columns":[1]}}', false, { error: 'syntax error', details: 'array of column names expected', syntax: '[1]' }],
  ['select member type', '{"Logical_Switch":{"select":{"initial":1}}}', false,
    { error: 'syntax error', details: "Parsing table Logical_Switch select failed: Type mismatch for member 'initial'.", syntax: '{"initial":1}' }],
  ['select unknown member', '{"Logical_Switch":{"select":{"bogus":true}}}', false,
    { error: 'syntax error', details: "Parsing table Logical_Switch select failed: Member 'bogus' is present but not allowed here.", syntax: '{"bogus":true}' }],
  ['column twice across requests', '{"Logical_Switch":[{"columns":["name"]},{"columns":["name"]}]}', false,
    { error: 'syntax error', details: 'column name mentioned more than once', syntax: '["name"]' }],
  ['column twice', '{"Logical_Switch":{"columns":["name","name"]}}', false,
    { error: 'syntax error', details: 'column name mentioned more than once', syntax: '["name","name"]' }],
  ['requests not an object', '[]', false, { error: 'syntax error', details: 'monitor-requests must be object', syntax: '[]' }],
  ['requests missing', undefined, false, { error: 'syntax error', details: 'monitor-requests must be object', syntax: 'false' }],
  ['request not an object', '{"Logical_Switch":5}', false, { error: 'syntax error', details: 'Parsing table Logical_Switch failed: Object expected.' }],
  ['request in array not an object', '{"Logical_Switch":[5]}', false, { error: 'syntax error', details: 'Parsing table Logical_Switch failed: Object expected.' }],
  ['unknown member', '{"Logical_Switch":{"foo":1}}', false,
    { error: 'syntax error', details: "Parsing table Logical_Switch failed: Member 'foo' is present but not allowed here.", syntax: '{"foo":1}' }],
  ['the table met first in hash order is reported', '{"Logical_Switch":{"select":{}}, "ACL":{"select":5}}', false,
    { error: 'syntax error', details: "Parsing table ACL failed: Type mismatch for member 'select'.", syntax: '{"select":5}' }],
  ['unknown column in where', '{"Logical_Switch":{"where":[["nope","==",1]]}}', true,
    { error: 'unknown column', details: 'No column nope in table Logical_Switch.', syntax: '["nope","==",1]' }],
  ['where not array', '{"Logical_Switch":{"columns":["name"],"where":5}}', true,
    { error: 'syntax error', details: "Parsing table Logical_Switch failed: Type mismatch for member 'where'.", syntax: '{"columns":["name"],"where":5}' }],
  ['ordering on a string', '{"Logical_Switch":{"where":[["name","<","a"]]}}', true,
    { error: 'syntax error', details: 'Type mismatch: "<" operator may not be applied to column name of type string.', syntax: '["name","<","a"]' }],
  ['named-uuid in a where', '{"Logical_Switch":{"where":[["ports","includes",["named-uuid","x"]]]}}', true,
    { error: 'syntax error', details: 'expected ["uuid", <string>]', syntax: '["named-uuid","x"]' }],
];

describe('monitor request errors', () => {
  test.each(monitorErrors)('%s', (_name, text, conditional, expected) => {
    expect(errorOf(() => parseMonitorRequests(nb.schema, text === undefined ? undefined : parseJson(text), conditional))).toEqual(expected);
  });
});

describe('what is monitored', () => {
  test('columns keep their request order and own selection; the table selects the union', () => {
    const spec = nb.spec('{"Logical_Switch":[{"columns":["ports","name"],"select":{"modify":false}},{"columns":["acls"],"select":{"initial":false,"insert":false,"delete":false}}]}');
    const tm = spec.tables.get('Logical_Switch')!;
    expect(tm.columns.map((c) => c.name)).toEqual(['ports', 'name', 'acls']);
    expect(tm.columns.map((c) => c.select)).toEqual([SELECT_ALL & ~SELECT_MODIFY, SELECT_ALL & ~SELECT_MODIFY, SELECT_MODIFY]);
    expect(tm.select).toBe(SELECT_ALL);
  });
  test('the first request\'s where is the condition', () => {
    const a = nb.spec('{"Logical_Switch":[{"columns":["name"],"where":[["name","==","a"]]},{"columns":["ports"],"where":[["name","==","b"]]}]}');
    const b = nb.spec('{"Logical_Switch":[{"columns":["ports"]},{"columns":["name"],"where":[["name","==","b"]]}]}');
    expect(a.tables.get('Logical_Switch')!.condition.key).toContain('"a"');
    expect(b.tables.get('Logical_Switch')!.condition.mode).toBe('all');
  });
  test('an empty request array monitors nothing of the table', () => {
    const tm = nb.spec('{"Logical_Switch":[]}').tables.get('Logical_Switch')!;
    expect(tm.columns).toEqual([]);
    expect(tm.select).toBe(0);
  });
});

const changeErrors: [string, string, Json][] = [
  ['columns', '{"Logical_Switch":[{"columns":["name"]}]}', { error: 'syntax error', details: 'changing columns is unsupported', syntax: '{"columns":["name"]}' }],
  ['not an array', '{"Logical_Switch":{"where":[true]}}', { error: 'syntax error', details: 'table Logical_Switch no monitor-cond-change JSON array' }],
  ['table not monitored', '{"ACL":[{"where":[true]}]}', { error: 'syntax error', details: 'no table named ACL in monitor session' }],
  ['unknown table', '{"Nope":[{"where":[true]}]}', { error: 'syntax error', details: 'no table named Nope' }],
  ['not an object', '5', { error: 'syntax error', details: 'monitor-cond-change-requests must be object' }],
  ['bad where', '{"Logical_Switch":[{"where":[["nope","==",1]]}]}', { error: 'unknown column', details: 'No column nope in table Logical_Switch.', syntax: '["nope","==",1]' }],
];

describe('monitor_cond_change request errors', () => {
  const spec = nb.spec('{"Logical_Switch":{"columns":["name"]}}');
  test.each(changeErrors)('%s', (_name, text, expected) => {
    expect(errorOf(() => parseConditionChanges(nb.schema, spec, parseJson(text)))).toEqual(expected);
  });
  test('a monitor without conditions accepts but ignores the where', () => {
    expect(parseConditionChanges(nb.schema, spec, parseJson('{"Logical_Switch":[{"where":[["nope","==",1]]}]}'), false).size).toBe(0);
  });
});
