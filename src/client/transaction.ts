/**
 * The result of `transact` (RFC 7047 §4.1.3) as a value.
 *
 * The reply holds one element per operation. When an operation fails, its element is its error
 * and every later element is null; an error found at commit (referential integrity, index
 * uniqueness, maxRows…) is an extra element after the last operation. So a result is either
 * `ok` with every operation's decoded result, or not, with the server's `OvsdbError` (tag,
 * details and syntax as sent) and the `index` of the failed operation (`ops.length` for an
 * error at commit).
 */
import { isJsonObject, member, type Json } from '../ovsdb/json.js';
import { OvsdbError } from '../ovsdb/error.js';
import { ovsdbErrorFromJson } from './errors.js';
import { decodeOperationResult, type OperationSpec } from './operations.js';
import type { DatabaseCodec } from './schema-codec.js';
import { ValueError } from './values.js';

export interface TransactSuccess<R extends readonly unknown[]> {
  readonly ok: true;
  readonly results: R;
}
export interface TransactFailure {
  readonly ok: false;
  readonly error: OvsdbError;
  /** The failed operation's position; the number of operations for an error found at commit. */
  readonly index: number;
  /** The results of the operations before `index`, decoded; then the error, then nulls. */
  readonly results: readonly unknown[];
}
export type TransactResult<R extends readonly unknown[]> = TransactSuccess<R> | TransactFailure;

function isError(json: Json | undefined): boolean {
  return json !== undefined && isJsonObject(json) && member(json, 'error') !== undefined;
}

export function decodeTransactResult(json: Json, ops: readonly OperationSpec[], db: DatabaseCodec): TransactResult<unknown[]> {
  if (!Array.isArray(json)) throw new ValueError('transact result is not an array');
  const results: unknown[] = [];
  for (let i = 0; i < json.length; i++) {
    const element = json[i] as Json;
    if (isError(element)) {
      const error = ovsdbErrorFromJson(element);
      return { ok: false, error, index: i, results: [...results, error, ...json.slice(i + 1)] };
    }
    const spec = ops[i];
    if (spec === undefined) break;
    results.push(isJsonObject(element) ? decodeOperationResult(spec, element, db) : element);
  }
  return { ok: true, results };
}

/** The results of a successful transaction; throws the server's `OvsdbError` otherwise. */
export function unwrap<R extends readonly unknown[]>(result: TransactResult<R>): R {
  if (result.ok) return result.results;
  throw result.error;
}
