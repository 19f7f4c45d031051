/**
 * UUIDs as RFC 7047 §3.1 and ovsdb-server spell them: 36 characters, 8-4-4-4-12 hex digits.
 * Atoms hold the lowercase form; ovsdb-server accepts either case on input.
 */
import { randomUUID } from 'node:crypto';

const UUID_RE = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export const ZERO_UUID = '00000000-0000-0000-0000-000000000000';

/** The canonical (lowercase) form of `s`, or null when `s` is not a UUID (OVS `uuid_from_string`). */
export function parseUuid(s: string): string | null {
  return UUID_RE.test(s) ? s.toLowerCase() : null;
}

export function isUuid(s: string): boolean {
  return UUID_RE.test(s);
}

/** Makes fresh row UUIDs and `_version` values. Injected so that tests are deterministic. */
export type UuidGenerator = () => string;

export const randomUuid: UuidGenerator = () => randomUUID();

/** A generator of 00000000-0000-0000-0000-000000000001, …02, … (tests). */
export function sequentialUuids(start = 1): UuidGenerator {
  let n = start;
  return () => {
    const hex = (n++).toString(16).padStart(12, '0');
    return `00000000-0000-0000-0000-${hex}`;
  };
}
