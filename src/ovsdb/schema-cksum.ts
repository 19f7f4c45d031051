/**
 * The schema checksum, computed the way Open vSwitch's build computes the "cksum" member of its
 * schema files (`build-aux/calculate-schema-cksum`):
 *
 *     sed '/"cksum": *"[0-9][0-9]* [0-9][0-9]*",/d' FILE | cksum
 *
 * that is: drop every line holding a `"cksum": "N N",` member, then POSIX `cksum(1)` over the
 * remaining bytes, printed as "CRC LENGTH". `ovsdb-tool schema-cksum` only prints the member as
 * the file has it (ovsdb-tool(1)); ovsdb-server never recomputes or checks it.
 *
 * Lines are as sed sees them: split after each "\n"; a deleted line takes its "\n" along. The
 * text is hashed as UTF-8. A one-line schema whose only line holds the member hashes to the
 * empty input ("4294967295 0"), as the shell pipeline would.
 */

const CKSUM_LINE = /"cksum": *"[0-9][0-9]* [0-9][0-9]*",/;

/** CRC-32 as POSIX cksum uses it: polynomial 0x04C11DB7, MSB first, no reflection, init 0. */
const POLY = 0x04c11db7;
const BYTE_BITS = 8;
const TOP_BYTE_SHIFT = 24;
const BYTE_MASK = 0xff;
const BYTE_VALUES = 256;
const TOP_BIT = 0x80000000;

const CRC_TABLE: Uint32Array = (() => {
  const t = new Uint32Array(BYTE_VALUES);
  for (let i = 0; i < BYTE_VALUES; i++) {
    let c = i << TOP_BYTE_SHIFT;
    for (let k = 0; k < BYTE_BITS; k++) c = c & TOP_BIT ? (c << 1) ^ POLY : c << 1;
    t[i] = c >>> 0;
  }
  return t;
})();

function crcByte(crc: number, byte: number): number {
  return ((crc << BYTE_BITS) ^ (CRC_TABLE[((crc >>> TOP_BYTE_SHIFT) ^ byte) & BYTE_MASK] as number)) >>> 0;
}

/** POSIX `cksum` of `bytes`: "CRC LENGTH". */
export function posixCksum(bytes: Uint8Array): string {
  let crc = 0;
  for (const b of bytes) crc = crcByte(crc, b);
  // The length goes in too, least significant byte first, as few bytes as it needs.
  for (let n = bytes.length; n > 0; n = Math.floor(n / BYTE_VALUES)) crc = crcByte(crc, n & BYTE_MASK);
  return `${(~crc) >>> 0} ${bytes.length}`;
}

/** The checksum of a schema file's text, as OVS would write into its "cksum" member. */
export function schemaCksum(fileText: string): string {
  const lines = fileText.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const kept = lines.filter((line) => !CKSUM_LINE.test(line)).join('');
  return posixCksum(new TextEncoder().encode(kept));
}
