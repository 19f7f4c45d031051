/**
 * The one error the wire layer throws. A peer that sends bytes which cannot be framed or decoded
 * is broken beyond recovery: ovsdb-server logs "error parsing stream: …" and drops the connection
 * (lib/jsonrpc.c). The rpc layer does the same when it catches a FramingError.
 */
import type { Json } from '../ovsdb/json.js';

/**
 * - `syntax`:    not JSON, or JSON ovsdb-server refuses (a scalar at top level, `\u0000`,
 *                an unpaired surrogate escape, a number outside the range of a double).
 * - `encoding`:  a message is not valid UTF-8.
 * - `too-deep`:  nesting deeper than the limit (ovsdb-server: 1000).
 * - `too-large`: a message longer than the limit.
 */
export type FramingErrorCode = 'syntax' | 'encoding' | 'too-deep' | 'too-large';

export class FramingError extends Error {
  /**
   * Values completed earlier in the same `push()` call, before the bad bytes. ovsdb-server
   * handles the messages it has parsed before it meets an error, so a caller may too.
   */
  values: readonly Json[] = [];

  constructor(
    readonly code: FramingErrorCode,
    message: string,
    /** Stream offset (bytes since the first push) where the error was found, if known. */
    readonly offset?: number,
  ) {
    super(message);
    this.name = 'FramingError';
  }
}
