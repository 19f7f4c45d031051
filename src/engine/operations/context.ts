/**
 * What an operation handler (RFC 7047 §5.2) works with, and helpers they share.
 * A handler reads its members through the OpParser, throws OvsdbError on failure and returns
 * its result object on success.
 */
import type { JsonObject } from '../../ovsdb/json.js';
import type { TxnContext } from '../types.js';
import type { Txn, TxnTable } from '../txn.js';
import { OP, type OpParser } from '../parser.js';

export interface OpContext {
  readonly txn: Txn;
  readonly ctx: TxnContext;
  readonly dbName: string;
  /** Smallest "timeout" of the wait operations seen so far (Infinity when none). */
  waitTimeoutMs: number;
  /** Tables read or written so far (a blocked transaction is retried when they change). */
  readonly tablesSeen: Set<string>;
}

export type OpHandler = (x: OpContext, p: OpParser) => JsonObject;

export interface OpEntry {
  /** RFC 7047 §5.2: operations that never write. */
  readonly readOnly: boolean;
  readonly run: OpHandler;
}

/** Reads the "table" member and resolves it (records "No table named X." otherwise). */
export function parseTable(x: OpContext, p: OpParser): TxnTable | undefined {
  const name = p.string('table', OP.ID);
  if (name === undefined) return undefined;
  const t = x.txn.table(name);
  if (t === undefined) p.raise(`No table named ${name}.`);
  else x.tablesSeen.add(name);
  return t;
}
