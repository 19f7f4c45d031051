/**
 * Transaction operations (RFC 7047 §5.2) as values, their wire form, and their results.
 *
 * An `Op<R>` is built by `OperationBuilder` (typed by the database model) and carries, at the
 * type level only, the type `R` of its result, so that `transact(a, b, c)` resolves to a tuple of
 * the three results. Values are encoded against the schema the server serves (schema-codec.ts)
 * when the transaction is sent.
 */
import type { Json, JsonObject } from '../ovsdb/json.js';
import { jsonObject, member } from '../ovsdb/json.js';
import type { DatabaseCodec, TableCodec } from './schema-codec.js';
import { encodeUntyped, ValueError, type ColumnCodec } from './values.js';
import type {
  AnyRow,
  ClauseRow,
  Clause,
  ColumnOf,
  DatabaseModel,
  Mutation,
  RowInput,
  RowOf,
  TableName,
  Uuid,
} from './model.js';

type Where = readonly (readonly [string, string, unknown])[];

export type OperationSpec =
  | { readonly op: 'insert'; readonly table: string; readonly row: object; readonly uuidName?: string }
  | { readonly op: 'select'; readonly table: string; readonly where: Where; readonly columns?: readonly string[] }
  | { readonly op: 'update'; readonly table: string; readonly where: Where; readonly row: object }
  | { readonly op: 'mutate'; readonly table: string; readonly where: Where; readonly mutations: Where }
  | { readonly op: 'delete'; readonly table: string; readonly where: Where }
  | {
      readonly op: 'wait';
      readonly table: string;
      readonly where: Where;
      readonly columns: readonly string[];
      readonly until: '==' | '!=';
      readonly rows: readonly object[];
      readonly timeout?: number;
    }
  | { readonly op: 'commit'; readonly durable: boolean }
  | { readonly op: 'abort' }
  | { readonly op: 'comment'; readonly comment: string }
  | { readonly op: 'assert'; readonly lock: string };

declare const RESULT: unique symbol;
/** An operation whose result has type `R`. */
export type Op<R = unknown> = OperationSpec & { readonly [RESULT]?: R };
export type ResultOf<O> = O extends { readonly [RESULT]?: infer R } ? R : never;
export type ResultsOf<Ops extends readonly unknown[]> = { -readonly [I in keyof Ops]: ResultOf<Ops[I]> };

export interface InsertResult {
  readonly uuid: Uuid;
}
export interface SelectResult<R> {
  readonly rows: readonly R[];
}
export interface CountResult {
  readonly count: number;
}
export type EmptyResult = Readonly<Record<never, never>>;

/** Builds operations on the tables of model `M`; conditions and mutations are checked per table. */
export class OperationBuilder<M extends DatabaseModel> {
  insert<T extends TableName<M>>(table: T, row: RowInput<M, T>, uuidName?: string): Op<InsertResult> {
    return uuidName === undefined ? { op: 'insert', table, row } : { op: 'insert', table, row, uuidName };
  }
  select<T extends TableName<M>>(table: T, where: readonly Clause<ClauseRow<M, T>>[]): Op<SelectResult<RowOf<M, T>>>;
  select<T extends TableName<M>, const C extends ColumnOf<M, T>>(
    table: T,
    where: readonly Clause<ClauseRow<M, T>>[],
    columns: readonly C[],
  ): Op<SelectResult<Pick<RowOf<M, T>, C>>>;
  select(table: string, where: Where, columns?: readonly string[]): Op {
    return columns === undefined ? { op: 'select', table, where } : { op: 'select', table, where, columns };
  }
  update<T extends TableName<M>>(table: T, where: readonly Clause<ClauseRow<M, T>>[], row: RowInput<M, T>): Op<CountResult> {
    return { op: 'update', table, where, row };
  }
  mutate<T extends TableName<M>>(
    table: T,
    where: readonly Clause<ClauseRow<M, T>>[],
    mutations: readonly Mutation<ClauseRow<M, T>>[],
  ): Op<CountResult> {
    return { op: 'mutate', table, where, mutations: mutations as Where };
  }
  delete<T extends TableName<M>>(table: T, where: readonly Clause<ClauseRow<M, T>>[]): Op<CountResult> {
    return { op: 'delete', table, where };
  }
  /** RFC 7047 §5.2.6: wait until the selected `columns` of the rows matching `where` are (`==`) or are not (`!=`) `rows`. */
  wait<T extends TableName<M>, const C extends ColumnOf<M, T>>(
    table: T,
    where: readonly Clause<ClauseRow<M, T>>[],
    columns: readonly C[],
    until: '==' | '!=',
    rows: readonly RowInput<M, T>[],
    timeoutMs?: number,
  ): Op<EmptyResult> {
    const base = { op: 'wait', table, where, columns, until, rows } as const;
    return timeoutMs === undefined ? base : { ...base, timeout: timeoutMs };
  }
  commit(durable: boolean): Op<EmptyResult> {
    return { op: 'commit', durable };
  }
  abort(): Op<EmptyResult> {
    return { op: 'abort' };
  }
  comment(comment: string): Op<EmptyResult> {
    return { op: 'comment', comment };
  }
  /** RFC 7047 §5.2.11: the transaction fails with "not owner" unless this client holds `lock`. */
  assert(lock: string): Op<EmptyResult> {
    return { op: 'assert', lock };
  }
}

/** How values of one table are encoded; a table the schema lacks is sent as given, for the server to refuse. */
interface Encoder {
  value(column: string, v: unknown): Json;
  codec(column: string): ColumnCodec | undefined;
}

function encoderFor(table: TableCodec | undefined): Encoder {
  const codec = (column: string): ColumnCodec | undefined => table?.column(column);
  return {
    codec,
    value: (column, v) => {
      const c = codec(column);
      try {
        return c === undefined ? encodeUntyped(v) : c.encode(v);
      } catch (e) {
        throw e instanceof ValueError ? new ValueError(`${table?.name ?? '?'}.${column}: ${e.message}`) : e;
      }
    },
  };
}

function encodeRow(enc: Encoder, row: object): JsonObject {
  return jsonObject(Object.entries(row).filter(([, v]) => v !== undefined).map(([k, v]) => [k, enc.value(k, v)]));
}

const ORDERING = new Set(['<', '<=', '>', '>=']);

function encodeWhere(enc: Encoder, where: Where): Json[] {
  return where.map(([column, fn, v]) => [column, fn, ORDERING.has(fn) && !Array.isArray(v) && v !== null ? encodeKey(enc, column, v) : enc.value(column, v)]);
}

function encodeKey(enc: Encoder, column: string, v: unknown): Json {
  const c = enc.codec(column);
  return c === undefined ? encodeUntyped(v) : c.encodeKey(v);
}

/** Mutation arguments: an atom for arithmetic; a set, a map, or (map delete) a set of keys. */
function encodeMutation(enc: Encoder, [column, mutator, v]: readonly [string, string, unknown]): Json {
  const c = enc.codec(column);
  if (c === undefined) return [column, mutator, encodeUntyped(v)];
  if (mutator !== 'insert' && mutator !== 'delete') return [column, mutator, c.encodeKey(v)];
  if (c.shape === 'map') return [column, mutator, v instanceof Map ? c.encode(v) : c.encodeKeySet(v as Iterable<unknown>)];
  return [column, mutator, Array.isArray(v) ? c.encodeKeySet(v) : c.encodeKeySet([v])];
}

/** The wire form of one operation (RFC 7047 §5.2). */
export function encodeOperation(spec: OperationSpec, db: DatabaseCodec): JsonObject {
  if (!('table' in spec)) return { ...spec } as JsonObject;
  const enc = encoderFor(db.table(spec.table));
  const { op, table } = spec;
  switch (spec.op) {
    case 'insert': {
      const row = encodeRow(enc, spec.row);
      return spec.uuidName === undefined ? { op, table, row } : { op, table, row, 'uuid-name': spec.uuidName };
    }
    case 'select': {
      const where = encodeWhere(enc, spec.where);
      return spec.columns === undefined ? { op, table, where } : { op, table, where, columns: [...spec.columns] };
    }
    case 'update':
      return { op, table, where: encodeWhere(enc, spec.where), row: encodeRow(enc, spec.row) };
    case 'mutate':
      return { op, table, where: encodeWhere(enc, spec.where), mutations: spec.mutations.map((m) => encodeMutation(enc, m)) };
    case 'delete':
      return { op, table, where: encodeWhere(enc, spec.where) };
    case 'wait': {
      const json: JsonObject = {
        op,
        table,
        where: encodeWhere(enc, spec.where),
        columns: [...spec.columns],
        until: spec.until,
        rows: spec.rows.map((r) => encodeRow(enc, r)),
      };
      if (spec.timeout !== undefined) json['timeout'] = spec.timeout;
      return json;
    }
  }
}

/** One operation's successful result, decoded (uuids, selected rows). */
export function decodeOperationResult(spec: OperationSpec, json: JsonObject, db: DatabaseCodec): unknown {
  switch (spec.op) {
    case 'insert': {
      const uuid = member(json, 'uuid');
      if (!Array.isArray(uuid) || typeof uuid[1] !== 'string') throw new ValueError('insert result without a uuid');
      return { uuid: uuid[1] };
    }
    case 'select': {
      const rows = member(json, 'rows');
      const table = db.table(spec.table);
      if (!Array.isArray(rows) || table === undefined) throw new ValueError('select result without rows');
      return { rows: rows.map((r): AnyRow => table.decodeRow(r)) };
    }
    case 'update':
    case 'mutate':
    case 'delete': {
      const count = member(json, 'count');
      return { count: typeof count === 'bigint' ? Number(count) : (count as number) };
    }
    default:
      return {};
  }
}
