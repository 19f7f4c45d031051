/**
 * Reals as ovsdb-server prints them: C `printf("%.15g", x)` (OVS lib/json.c uses `%.*g` with
 * DBL_DIG = 15), with glibc's round-half-even on exact ties, where `toExponential` rounds them
 * away from zero. One implementation for the wire encoder and for error texts (json-text.ts).
 */

/** C's DBL_DIG, the precision OVS prints reals with. */
const REAL_DIGITS = 15;
/** printf %g switches to exponent form when the exponent is below this (or ≥ precision). */
const MIN_FIXED_EXPONENT = -4;

/** C `printf("%.15g", x)` for a finite `x`, with glibc's round-half-even on exact ties. */
export function formatFiniteReal(x: number): string {
  if (x === 0) return '0';
  const sign = x < 0 ? '-' : '';
  const [digits, exp] = roundTo15(Math.abs(x));
  if (exp < MIN_FIXED_EXPONENT || exp >= REAL_DIGITS) {
    const frac = digits.slice(1).replace(/0+$/, '');
    const mantissa = frac === '' ? digits[0]! : `${digits[0]}.${frac}`;
    const e = Math.abs(exp);
    return `${sign}${mantissa}e${exp < 0 ? '-' : '+'}${e < 10 ? '0' : ''}${e}`;
  }
  let int: string;
  let frac: string;
  if (exp >= 0) {
    int = digits.slice(0, exp + 1);
    frac = digits.slice(exp + 1);
  } else {
    int = '0';
    frac = '0'.repeat(-exp - 1) + digits;
  }
  frac = frac.replace(/0+$/, '');
  return frac === '' ? sign + int : `${sign}${int}.${frac}`;
}

/**
 * The 15 significant decimal digits of positive `x` and the decimal exponent of the first.
 * `toExponential` rounds exact ties away from zero where glibc rounds them to even, so a tie
 * (16 exact significant digits ending in 5) is rounded here from the exact value.
 */
function roundTo15(x: number): [string, number] {
  const s16 = x.toExponential(REAL_DIGITS);
  const ePos = s16.indexOf('e');
  if (s16[ePos - 1] === '5' && isExact(x, s16)) {
    const digits16 = s16[0]! + s16.slice(2, ePos);
    let exp = Number(s16.slice(ePos + 1));
    const head = BigInt(digits16.slice(0, REAL_DIGITS));
    const rounded = head % 2n === 0n ? head : head + 1n;
    let digits = rounded.toString();
    if (digits.length > REAL_DIGITS) {
      digits = digits.slice(0, REAL_DIGITS);
      exp++;
    }
    return [digits, exp];
  }
  const s = x.toExponential(REAL_DIGITS - 1);
  const e = s.indexOf('e');
  return [s[0]! + s.slice(2, e), Number(s.slice(e + 1))];
}

/** Whether the decimal `d.ddde±x` is exactly the double `x`. */
function isExact(x: number, decimal: string): boolean {
  const [mant = '', expText = '0'] = decimal.split('e');
  const digits = mant.replace('.', '');
  const pow10 = Number(expText) - (digits.length - 1);
  const [m, pow2] = binaryParts(x);
  // digits·10^pow10 == m·2^pow2  ⇔  digits·5^pow10·2^pow10 == m·2^pow2
  let left = BigInt(digits);
  let right = m;
  if (pow10 >= 0) left *= 5n ** BigInt(pow10);
  else right *= 5n ** BigInt(-pow10);
  const shift = pow10 - pow2;
  if (shift >= 0) left <<= BigInt(shift);
  else right <<= BigInt(-shift);
  return left === right;
}

/** Positive finite `x` as integer mantissa and power of two: x = m·2^e. */
function binaryParts(x: number): [bigint, number] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  if (biased === 0) return [fraction, -1074];
  return [fraction | (1n << 52n), biased - 1075];
}
