/**
 * What an RPC method handler is: `(session, params) → Outcome`, synchronously or later.
 * An Outcome is a result or an error value; the session turns it into the wire reply
 * (PROTOCOL-NOTES "Errors": RPC errors are bare strings or `{"error":…}` objects).
 */
import type { Json } from '../ovsdb/json.js';
import type { OvsdbError } from '../ovsdb/error.js';

export type Outcome = { readonly result: Json } | { readonly error: Json };

export function ok(result: Json): Outcome {
  return { result };
}
export function fail(error: OvsdbError | string): Outcome {
  return { error: typeof error === 'string' ? error : error.toJson() };
}
