/**
 * jsonObject / setMember (ovsdb/json.ts): JSON objects whose keys are user data. Every key, the
 * prototype's names included, becomes an own enumerable member in insertion order, and the
 * object's prototype stays Object.prototype; the encoders and JSON.stringify see the same text.
 */
import { describe, expect, test } from 'vitest';
import { jsonObject, member, setMember, type JsonObject } from '../../src/ovsdb/json.js';
import { encodeJson } from '../../src/wire/index.js';

const TRICKY = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '__defineGetter__', 'valueOf', '', '0', 'a b'];

describe('jsonObject', () => {
  test('every key is an own, enumerable, writable member, in order', () => {
    const pairs = TRICKY.map((k, i) => [k, i] as const);
    const obj = jsonObject(pairs);
    expect(Object.getPrototypeOf(obj)).toBe(Object.prototype);
    // Integer-like keys come first in JS property order, as in any object JSON.parse makes.
    expect(Object.keys(obj)).toEqual(Object.keys(JSON.parse(JSON.stringify(Object.fromEntries(pairs)))));
    for (const [k, v] of pairs) {
      expect(Object.getOwnPropertyDescriptor(obj, k)).toEqual({ value: v, enumerable: true, writable: true, configurable: true });
      expect(member(obj, k)).toBe(v);
    }
  });

  test('"__proto__" is data, not the prototype', () => {
    const obj = jsonObject([['__proto__', { polluted: true }], ['x', 1]]);
    expect(Object.getPrototypeOf(obj)).toBe(Object.prototype);
    expect((obj as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(encodeJson(obj)).toBe('{"__proto__":{"polluted":true},"x":1}');
    expect(JSON.stringify(obj)).toBe('{"__proto__":{"polluted":true},"x":1}');
  });

  test('a later pair with the same key replaces the value in place', () => {
    expect(encodeJson(jsonObject([['a', 1], ['__proto__', 2], ['a', 3], ['__proto__', 4]]))).toBe('{"a":3,"__proto__":4}');
  });

  test('setMember on an existing object', () => {
    const obj: JsonObject = {};
    setMember(obj, 'name', 'x');
    setMember(obj, '__proto__', null);
    expect(Object.getPrototypeOf(obj)).toBe(Object.prototype);
    expect(encodeJson(obj)).toBe('{"name":"x","__proto__":null}');
  });
});
