import { describe, it, expect } from 'vitest';
import { parseMessage } from '../../src/rpc/message.js';
import type { Json } from '../../src/ovsdb/json.js';

// Each row: the message, and what ovsdb-server makes of it (checked against ovsdb-server 3.1).
const CASES: [string, Json, string][] = [
  ['request', { id: 1, method: 'list_dbs', params: [] }, 'request'],
  ['request with object id', { id: [1, { a: 2 }], method: 'echo', params: [] }, 'request'],
  ['null result and error count as absent', { id: 1, result: null, error: null, method: 'm', params: [] }, 'request'],
  ['notification', { method: 'update', params: [1] }, 'notification'],
  ['notification with null id', { id: null, method: 'update', params: [1] }, 'notification'],
  ['reply', { id: 1, result: 5 }, 'reply'],
  ['reply with null error', { id: 1, result: [], error: null }, 'reply'],
  ['error reply', { id: 1, error: 'x' }, 'error'],
  ['error reply with null result', { id: 1, result: null, error: { error: 'x' } }, 'error'],
  ['not an object', [{ id: 1, method: 'list_dbs', params: [] }], 'invalid:message is not a JSON object'],
  ['number', 5, 'invalid:message is not a JSON object'],
  ['jsonrpc member', { jsonrpc: '2.0', id: 1, method: 'm', params: [] }, 'invalid:message has unexpected member "jsonrpc"'],
  ['missing params', { id: 1, method: 'list_dbs' }, 'invalid:request must have "params"'],
  ['null params', { id: 1, method: 'list_dbs', params: null }, 'invalid:request must have "params"'],
  ['object params', { id: 1, method: 'list_dbs', params: {} }, 'invalid:"params" must be JSON array'],
  ['method not a string', { id: 1, method: 5, params: [] }, 'invalid:"method" must be JSON string'],
  ['missing method', { id: 1, params: [] }, 'invalid:request must have "method"'],
  ['result and error', { id: 1, result: 1, error: 1 }, 'invalid:reply must not have "error"'],
  ['reply without id', { result: 1 }, 'invalid:reply must have "id"'],
  ['reply with method', { id: 1, result: 1, method: 'm' }, 'invalid:reply must not have "method"'],
];

describe('parseMessage', () => {
  it.each(CASES)('%s', (_name, json, expected) => {
    const msg = parseMessage(json);
    const got = msg.kind === 'invalid' ? `invalid:${msg.reason}` : msg.kind;
    expect(got).toBe(expected);
  });

  it('keeps id, method and params', () => {
    const msg = parseMessage({ id: { x: [1] }, method: 'echo', params: ['a', 1] });
    expect(msg).toEqual({ kind: 'request', id: { x: [1] }, method: 'echo', params: ['a', 1] });
  });

  it('a "__proto__" member is an unexpected member, not a prototype', () => {
    const json = JSON.parse('{"id":1,"method":"m","params":[],"__proto__":{"x":1}}') as Json;
    expect(parseMessage(json)).toEqual({ kind: 'invalid', reason: 'message has unexpected member "__proto__"' });
  });
});
