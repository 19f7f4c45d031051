/**
 * The in-memory database: executes transact operations (RFC 7047 §4.1.3, §5.2) against a
 * private overlay, runs the commit checks, and applies the result. Synchronous, no I/O.
 */
import type { Json } from '../ovsdb/json.js';
import type { DatabaseSchema } from '../ovsdb/types.js';
import type { Row } from '../ovsdb/row.js';
import { ErrorTag, OvsdbError, isOvsdbError } from '../ovsdb/error.js';
import { SymbolTable } from '../ovsdb/symtab.js';
import { forgetDeltas } from '../ovsdb/datum-delta.js';
import { randomUuid, type UuidGenerator } from '../ovsdb/uuid.js';
import { OpParser, OP } from './parser.js';
import { Txn } from './txn.js';
import { OPERATIONS, type OpContext } from './operations/index.js';
import { BLOCKED_TAG } from './operations/wait.js';
import { precommit } from './commit-checks.js';
import { DatabaseState } from './state.js';
import type { PreparedTxn, TxnChanges, TxnContext } from './types.js';

export interface DatabaseOptions {
  /** Source of row UUIDs and `_version`s (default: random v4 UUIDs). */
  readonly newUuid?: UuidGenerator;
}

const EMPTY_CHANGES: TxnChanges = new Map();

function writeError(op: string, dbName: string, ctx: TxnContext): OvsdbError | null {
  if (ctx.internal === true) return null;
  if (ctx.readOnly === true) {
    return new OvsdbError(ErrorTag.NOT_ALLOWED, `${op} operation not allowed when database server is in read only mode`);
  }
  if (dbName.startsWith('_')) {
    return new OvsdbError(ErrorTag.NOT_ALLOWED, `${op} operation not allowed on table in reserved database ${dbName}`);
  }
  return null;
}

/** One operation, as ovsdb-server's loop body in `ovsdb_execute_compose`. */
function runOperation(x: OpContext, json: Json, i: number, n: number): { result: Json; error: OvsdbError | null } {
  const p = new OpParser(json, `ovsdb operation ${i + 1} of ${n}`);
  const opName = p.string('op', OP.ID);
  let error: OvsdbError | null = null;
  let result: Json = {};
  let readOnly = false;
  if (opName !== undefined) {
    const entry = OPERATIONS.get(opName);
    if (entry === undefined) p.raise(`No operation "${opName}"`);
    else {
      readOnly = entry.readOnly;
      try {
        result = entry.run(x, p);
      } catch (e) {
        if (!isOvsdbError(e)) throw e;
        error = e;
      }
    }
  }
  const parseError = p.finish();
  if (parseError !== null) error = parseError;
  if (!readOnly && error === null) error = writeError(opName!, x.dbName, x.ctx);
  return { result, error };
}

function collectChanges(txn: Txn): TxnChanges {
  const changes: TxnChanges = new Map();
  for (const t of txn.rowTables) {
    if (t.rows.size === 0) continue;
    const name = t.name;
    const rows = new Map<string, { old: Row | null; new: Row | null }>();
    for (const r of t.rows.values()) rows.set(r.uuid, { old: r.old, new: r.new });
    changes.set(name, rows);
  }
  return changes;
}

export class Database {
  readonly #state: DatabaseState;
  readonly #newUuid: UuidGenerator;

  constructor(
    readonly schema: DatabaseSchema,
    options: DatabaseOptions = {},
  ) {
    this.#state = new DatabaseState(schema);
    this.#newUuid = options.newUuid ?? randomUuid;
  }

  /** Runs a transact's operations (the params after the db name) WITHOUT changing the database. */
  execute(ops: readonly Json[], ctx: TxnContext = {}): PreparedTxn {
    forgetDeltas(); // the previous transaction's commit is over (ovsdb/datum-delta.ts)
    const txn = new Txn(new SymbolTable(this.#newUuid), this.#newUuid, (n) => this.#state.tables.get(n));
    const x: OpContext = { txn, ctx, dbName: this.schema.name, waitTimeoutMs: Infinity, tablesSeen: new Set() };
    const results: Json[] = [];
    let error: OvsdbError | null = null;
    for (let i = 0; i < ops.length && error === null; i++) {
      const r = runOperation(x, ops[i]!, i, ops.length);
      error = r.error;
      results.push(error === null ? r.result : error.toJson());
    }
    while (results.length < ops.length) results.push(null);
    const comment = txn.comments.length > 0 ? txn.comments.join('\n') : null;
    const base = { durable: txn.durable, comment };
    if (error !== null) {
      const blocked = error.tag === BLOCKED_TAG ? { tables: x.tablesSeen, timeoutMs: x.waitTimeoutMs } : null;
      return { ...base, ok: false, results, changes: EMPTY_CHANGES, blocked };
    }
    const commitError = precommit(txn, this.#state);
    if (commitError !== null) {
      results.push(commitError.toJson());
      return { ...base, ok: false, results, changes: EMPTY_CHANGES, blocked: null };
    }
    return { ...base, ok: true, results, changes: collectChanges(txn), blocked: null };
  }

  /** Applies a prepared successful transaction; must follow its execute() with no other execute between. */
  commit(prepared: PreparedTxn): void {
    if (!prepared.ok || prepared.blocked !== null) throw new Error('commit: transaction did not succeed');
    this.#state.apply(prepared.changes);
  }

  /** Applies changes from storage replay or internal writers, with full index/refcount maintenance. */
  applyChanges(changes: TxnChanges): void {
    this.#state.apply(changes);
  }

  /** Committed rows of a table by UUID (read-only view). */
  rows(table: string): ReadonlyMap<string, Row> {
    const t = this.#state.tables.get(table);
    if (t === undefined) throw new Error(`no table ${table}`);
    return t.rows;
  }
}
