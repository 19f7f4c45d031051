/**
 * ovsKeyOrder remembers the shash order of recent key lists: the remembered answer must be the
 * computed one, for many lists (past the memo's bound), and a caller changing the array it got
 * must not change later answers.
 */
import { describe, expect, test } from 'vitest';
import { ovsHashOrder, ovsKeyOrder } from '../../src/ovsdb/ovs-order.js';
import { prng } from '../support/prng.js';

describe('ovsKeyOrder', () => {
  test('equals the computed hash order, first time and remembered, for 600 key lists', () => {
    const rnd = prng(99);
    const lists = Array.from({ length: 600 }, (_, i) =>
      Array.from({ length: 1 + (i % 12) }, (_, k) => `c${Math.floor(rnd() * 1e6)}_${k}`),
    );
    for (let round = 0; round < 2; round++) {
      for (const keys of lists) expect(ovsKeyOrder(keys)).toEqual(ovsHashOrder(keys, (k) => k));
    }
  });

  test('a caller may keep and change the array it gets', () => {
    const keys = ['name', 'ports', 'external_ids', 'other_config', 'acls'];
    const first = ovsKeyOrder(keys);
    const expected = [...first];
    first.reverse();
    first.push('x');
    expect(ovsKeyOrder(keys)).toEqual(expected);
    expect(ovsKeyOrder(keys)).not.toBe(ovsKeyOrder(keys));
  });

  test('lists that join to the same text are told apart', () => {
    expect(ovsKeyOrder(['a,b', 'c']).sort()).toEqual(['a,b', 'c']);
    expect(ovsKeyOrder(['a', 'b,c']).sort()).toEqual(['a', 'b,c']);
  });
});
