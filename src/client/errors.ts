/**
 * Errors the client reports, as values that keep what the server said.
 *
 * - A server's error, whether an RPC error reply (RFC 7047 §4.1: sometimes a bare string such as
 *   "unknown method", sometimes `{"error","details","syntax"}`) or an operation's error inside a
 *   `transact` result (RFC 7047 §4.1.3), becomes the shared `OvsdbError` with its tag, details and
 *   syntax unchanged (`ovsdbErrorFromJson`).
 * - `ConnectionError`: the request never got an answer (not connected, connection lost, closed).
 *   The server may or may not have executed it.
 */
import { isJsonObject, member, type Json } from '../ovsdb/json.js';
import { OvsdbError } from '../ovsdb/error.js';
import { encodeJson } from '../wire/index.js';

export { OvsdbError, ErrorTag } from '../ovsdb/error.js';

/** Tag of an error reply whose shape is neither a string nor `{"error": string, …}`. */
export const UNRECOGNIZED_ERROR_TAG = 'unrecognized error';

/** The server's error value (RFC 7047 <error>, or a bare string) as an `OvsdbError`. */
export function ovsdbErrorFromJson(json: Json): OvsdbError {
  if (typeof json === 'string') return new OvsdbError(json);
  if (isJsonObject(json)) {
    const tag = member(json, 'error');
    const details = member(json, 'details');
    const syntax = member(json, 'syntax');
    if (typeof tag === 'string') {
      return new OvsdbError(
        tag,
        typeof details === 'string' ? details : undefined,
        typeof syntax === 'string' ? syntax : undefined,
      );
    }
  }
  return new OvsdbError(UNRECOGNIZED_ERROR_TAG, encodeJson(json));
}

/** Why a request got no answer. */
export type ConnectionErrorReason = 'not connected' | 'connection lost' | 'closed' | 'timed out';

export class ConnectionError extends Error {
  constructor(
    readonly reason: ConnectionErrorReason,
    detail?: string,
  ) {
    super(detail === undefined ? reason : `${reason}: ${detail}`);
    this.name = 'ConnectionError';
  }
}

export function isConnectionError(e: unknown): e is ConnectionError {
  return e instanceof ConnectionError;
}
