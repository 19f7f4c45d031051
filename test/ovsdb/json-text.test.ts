/**
 * json-text.ts prints reals for error texts as ovsdb-server does (`%.15g`, glibc rounding exact
 * ties to even, as the wire encoder does: one implementation in real-text.ts), plus the texts
 * glibc gives -0 and non-finite values.
 */
import { describe, expect, test } from 'vitest';
import { formatReal, jsonText } from '../../src/ovsdb/json-text.js';
import { formatReal as wireFormatReal } from '../../src/wire/index.js';

describe('formatReal for error texts', () => {
  test('exact ties round to even, as printf("%.15g") does', () => {
    expect(formatReal(2 ** -22)).toBe('2.38418579101562e-07');
    expect(formatReal(1234567890123445)).toBe('1.23456789012344e+15');
    expect(formatReal(1234567890123455)).toBe('1.23456789012346e+15');
  });

  test('agrees with the wire encoder on finite values', () => {
    for (const x of [0.1, 1 / 3, 1e300, 1e-5, 123.456, 2 ** -22, -2.5e-7, 1e15, 1e16]) {
      expect(formatReal(x)).toBe(wireFormatReal(x));
    }
  });

  test('-0, nan and infinities as glibc prints them', () => {
    expect([formatReal(-0), formatReal(NaN), formatReal(Infinity), formatReal(-Infinity)]).toEqual(['-0', 'nan', 'inf', '-inf']);
    expect(jsonText({ b: 0.5, a: [1, 2.5] })).toBe('{"a":[1,2.5],"b":0.5}');
  });
});
