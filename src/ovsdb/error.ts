/**
 * OVSDB errors as values. RFC 7047 §3.1 "<error>" and §4.1.3, ovsdb-server(7) §3.1.
 *
 * An `OvsdbError` is what an operation or an RPC method fails with. It is turned into wire form
 * (`{"error":tag,"details":…,"syntax":…}`) only by `toJson()`, so the shape lives in one place.
 * It extends Error so that deep parsers may throw it and the one boundary that executes an
 * operation or a method catches it and returns it as a value.
 */
import type { JsonObject } from './json.js';

/** Error tags, spelled exactly as ovsdb-server writes them on the wire. */
export const ErrorTag = {
  REFERENTIAL_INTEGRITY: 'referential integrity violation',
  CONSTRAINT_VIOLATION: 'constraint violation',
  RESOURCES_EXHAUSTED: 'resources exhausted',
  IO_ERROR: 'I/O error',
  DUPLICATE_UUID_NAME: 'duplicate uuid-name',
  DOMAIN_ERROR: 'domain error',
  RANGE_ERROR: 'range error',
  TIMED_OUT: 'timed out',
  NOT_SUPPORTED: 'not supported',
  ABORTED: 'aborted',
  NOT_OWNER: 'not owner',
  SYNTAX_ERROR: 'syntax error',
  UNKNOWN_COLUMN: 'unknown column',
  UNKNOWN_TABLE: 'unknown table',
  UNKNOWN_DATABASE: 'unknown database',
  UNKNOWN_OPERATION: 'unknown operation',
  UNKNOWN_METHOD: 'unknown method',
  UNKNOWN_MONITOR: 'unknown monitor',
  CANCELED: 'canceled',
  PERMISSION_ERROR: 'permission error',
  INTERNAL_ERROR: 'internal error',
  NOT_ALLOWED: 'not allowed',
} as const;
export type ErrorTagValue = (typeof ErrorTag)[keyof typeof ErrorTag] | string;

export class OvsdbError extends Error {
  constructor(
    readonly tag: ErrorTagValue,
    readonly details?: string,
    /** The offending JSON text, as ovsdb-server's "syntax" member. */
    readonly syntax?: string,
  ) {
    super(details === undefined ? tag : `${tag}: ${details}`);
    this.name = 'OvsdbError';
  }

  /** The wire form: `{"error":…,"details":…,"syntax":…}`, absent members omitted. */
  toJson(): JsonObject {
    const obj: JsonObject = { error: this.tag };
    if (this.details !== undefined) obj['details'] = this.details;
    if (this.syntax !== undefined) obj['syntax'] = this.syntax;
    return obj;
  }
}

export function isOvsdbError(e: unknown): e is OvsdbError {
  return e instanceof OvsdbError;
}
