import { describe, expect, it } from 'vitest';
import { encodeJson, encodeJsonBytes, formatReal, JsonFramer } from '../../src/wire/index.js';
import { jsonObject, type Json } from '../../src/ovsdb/json.js';

describe('formatReal: printf("%.15g") as ovsdb-server prints reals', () => {
  // Each pair: value inserted into a "real" column of ovsdb-server 3.1, and what `select` returned.
  const fromOracle: [number, string][] = [
    [0.1, '0.1'],
    [1 / 3, '0.333333333333333'],
    [1e300, '1e+300'],
    [1.5, '1.5'],
    [123456789012345678, '1.23456789012346e+17'],
    [1e-7, '1e-07'],
    [123456.789, '123456.789'],
    [1e21, '1e+21'],
    [1e16, '1e+16'],
    [1e17, '1e+17'],
    [9007199254740993, '9.00719925474099e+15'],
    [100000.5, '100000.5'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [2.2250738585072014e-308, '2.2250738585072e-308'],
    [0.30000000000000004, '0.3'],
    [-1.25e-5, '-1.25e-05'],
  ];
  it.each(fromOracle)('%d → %s', (x, text) => {
    expect(formatReal(x)).toBe(text);
  });

  it('rounds exact ties to even, as glibc does', () => {
    expect(formatReal(1234567890123445)).toBe('1.23456789012344e+15');
    expect(formatReal(1234567890123455)).toBe('1.23456789012346e+15');
    expect(formatReal(9999999999999995)).toBe('1e+16');
    expect(formatReal(0.5)).toBe('0.5');
  });
});

describe('encodeJson', () => {
  it('writes int64 extremes and safe integers as exact digits', () => {
    const v: Json = [9223372036854775807n, -9223372036854775808n, 9007199254740991, -1, 0, -0];
    expect(encodeJson(v)).toBe('[9223372036854775807,-9223372036854775808,9007199254740991,-1,0,0]');
  });

  it('writes reals like ovsdb-server, whether or not bigints are present', () => {
    expect(encodeJson({ r: 1 / 3, i: 2 })).toBe('{"r":0.333333333333333,"i":2}');
    expect(encodeJson({ r: 1 / 3, i: 2n })).toBe('{"r":0.333333333333333,"i":2}');
    expect(encodeJson([2.0, 1e16])).toBe('[2,1e+16]');
  });

  it('matches JSON.stringify on plain values, escapes included', () => {
    const v: Json = { id: 1, s: 'a"b\\c\n\t\b\f\r\u0001\u001f\u007f\u2028é😀/', a: [true, false, null, {}, []] };
    expect(encodeJson(v)).toBe(JSON.stringify(v));
    expect(encodeJson(v)).toContain('\\u0001\\u001f\u007f\u2028é😀/');
    expect(encodeJson([1n, v])).toBe('[1,' + JSON.stringify(v) + ']');
  });

  it('writes "__proto__" members', () => {
    const o = jsonObject([['__proto__', 1n], ['a', 'x']]);
    expect(encodeJson(o)).toBe('{"__proto__":1,"a":"x"}');
    expect(encodeJson(jsonObject([['__proto__', 1]]))).toBe('{"__proto__":1}');
  });

  it('refuses values with no JSON form', () => {
    expect(() => encodeJson([NaN])).toThrow(RangeError);
    expect(() => encodeJson({ x: Infinity })).toThrow(RangeError);
  });

  it('round-trips through the framer', () => {
    const v: Json = { id: 'x', params: [9223372036854775807n, -5, 0.1, 'é😀', { k: [1, 2.5, null] }] };
    const bytes = encodeJsonBytes(v);
    expect(new JsonFramer().push(bytes)).toEqual([v]);
  });
});
