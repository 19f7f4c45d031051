import { describe, expect, it } from 'vitest';
import { FramingError, numberFromLiteral, parseJson } from '../../src/wire/index.js';
import type { Json } from '../../src/ovsdb/json.js';

describe('numberFromLiteral: ovsdb-server number rules', () => {
  // Expected values checked by echoing each literal through ovsdb-server 3.1.
  const table: [string, number | bigint][] = [
    ['0', 0],
    ['-0', 0],
    ['-0.0', 0],
    ['1.0', 1],
    ['1e2', 100],
    ['0.1e1', 1],
    ['1.5', 1.5],
    ['9007199254740991', 9007199254740991],
    ['9007199254740992', 9007199254740992n],
    ['-9007199254740993', -9007199254740993n],
    ['9223372036854775807', 9223372036854775807n],
    ['-9223372036854775808', -9223372036854775808n],
    ['9223372036854775808', 9223372036854775808],
    ['-9223372036854775809', -9223372036854775809],
    ['1.5e18', 1500000000000000000n],
    ['922337203685477580.7e1', 9223372036854775807n],
    ['12345678901234567890', 12345678901234567890],
    ['1e23', 1e23],
    ['1e-400', 0],
    ['1e300', 1e300],
    ['123456789012345678.5', 123456789012345678.5],
    ['1.00000000000000000001', 1],
  ];
  it.each(table)('%s', (literal, expected) => {
    const got = numberFromLiteral(literal);
    expect(typeof got).toBe(typeof expected);
    expect(got).toEqual(expected);
    if (typeof got === 'number') expect(Object.is(got, -0)).toBe(false);
  });

  it.each(['1e400', '-1e309', '1e-310', '2.2250738585072011e-308', '5e-324'])('%s is out of range', (literal) => {
    expect(() => numberFromLiteral(literal)).toThrow(FramingError);
  });
});

describe('parseJson', () => {
  it('agrees with JSON.parse on values without big numbers', () => {
    const texts = [
      '{"a":[1,-2.5,true,false,null,"x\\ny\\"z\\\\\\/\\b\\f\\r\\t"],"b":{},"c":[]}',
      ' [ 1 , { "k" : "v" } ] ',
      '"\\u00e9\\ud83d\\ude00\\u2028"',
      '{"a":1,"a":2}',
      '{"__proto__":1,"constructor":2,"toString":3}',
      '[1e5,1E-5,-0.25e+2]',
    ];
    for (const t of texts) expect(parseJson(t)).toEqual(JSON.parse(t));
  });

  it('makes "__proto__" an own, enumerable member', () => {
    const v = parseJson('{"__proto__":{"x":1}}') as Record<string, Json>;
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(v['__proto__']).toEqual({ x: 1 });
  });

  const bad: [string, RegExp][] = [
    ['', /end of input/],
    ['[1', /expecting ']' or ','/],
    ['{"a" 1}', /expecting ':'/],
    ['{1:2}', /expecting string/],
    ['[1,]', /expecting value/],
    ['[01]', /trailing|expecting/],
    ['["\\x"]', /bad escape/],
    ['["\\u12"]', /malformed \\u escape/],
    ['["\\u0000"]', /null bytes/],
    ['["\\ud800x"]', /malformed escaped surrogate pair/],
    ['["\\ud800\\u0041"]', /not trailing surrogate/],
    ['["\\udc00"]', /unpaired/],
    ['["a\tb"]', /control character/],
    ['["abc', /end of input in quoted string/],
    ['["ab\\', /bad escape/],
    ['[1] x', /trailing garbage/],
    ['[nul]', /invalid keyword/],
    ['[-]', /number/],
    ['[1e400]', /outside valid range/],
  ];
  it.each(bad)('refuses %j', (text, re) => {
    let err: unknown;
    try {
      parseJson(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(FramingError);
    expect((err as Error).message).toMatch(re);
  });

  it('limits depth without overflowing the stack', () => {
    expect(() => parseJson('['.repeat(5) + ']'.repeat(5), 4)).toThrow(/nesting depth 4/);
    expect(parseJson('['.repeat(4) + ']'.repeat(4), 4)).toEqual([[[[]]]]);
    expect(() => parseJson('['.repeat(100000))).toThrow(FramingError);
  });
});
