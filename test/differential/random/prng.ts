/** The differential suite's seeds; the generator itself is test/support/prng.ts. */
export { Prng } from '../../support/prng.js';

/** The default seed: fixed, so that a plain test run is repeatable. */
export const DEFAULT_SEED = 20261129;

/** DIFF_SEED as a number; "random" for a fresh seed; unset for DEFAULT_SEED. */
export function seedFromEnv(): number {
  const s = process.env['DIFF_SEED'];
  if (s === undefined || s === '') return DEFAULT_SEED;
  if (s === 'random') return (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) >>> 0;
  const n = Number(s);
  if (!Number.isInteger(n)) throw new Error(`DIFF_SEED must be an integer or "random", not ${s}`);
  return n >>> 0;
}
