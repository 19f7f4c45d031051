/**
 * The client's value model and the type-level description of a database.
 *
 * Column values (decoded from RFC 7047 §5.1 <value> by the column's schema type, see values.ts):
 *   integer → `number` when the schema bounds it within ±(2^53 − 1), else `bigint` (exact int64)
 *   real → number     boolean → boolean     string → string     uuid → `Uuid` (lowercase string)
 *   exactly one value (min 1, max 1)   → the atom
 *   optional (min 0, max 1)            → the atom or `null`
 *   any other set                      → `readonly Atom[]`
 *   map                                → `ReadonlyMap<Key, Value>`
 * When writing, a uuid atom may also be a `NamedUuid`: a row inserted earlier in the same
 * transaction (RFC 7047 §5.1 <named-uuid>).
 *
 * A `DatabaseModel` names each table's row type as read (`rows`) and as written (`writes`, where
 * uuids may be named). `ovsdb-ts codegen SCHEMA` writes one from a schema; `AnyModel` is the
 * untyped model used when none is given.
 */
export type Uuid = string;

/** `["named-uuid", name]`: the row that this transaction's insert with `uuidName` creates. */
export class NamedUuid {
  constructor(readonly name: string) {}
}

export function namedUuid(name: string): NamedUuid {
  return new NamedUuid(name);
}

export type UuidInput = Uuid | NamedUuid;
export type AtomValue = string | number | bigint | boolean;
export type Value = AtomValue | null | readonly AtomValue[] | ReadonlyMap<AtomValue, AtomValue>;
export type AtomInput = AtomValue | NamedUuid;
export type ValueInput = AtomInput | null | readonly AtomInput[] | ReadonlyMap<AtomInput, AtomInput>;

/** A row of any table, untyped. `_uuid` is always present; other columns as selected. */
export interface AnyRow {
  readonly _uuid: Uuid;
  readonly [column: string]: Value;
}
export interface AnyRowInput {
  readonly [column: string]: ValueInput;
}

export interface DatabaseModel {
  readonly rows: object;
  readonly writes: object;
}

export interface AnyModel extends DatabaseModel {
  readonly rows: { readonly [table: string]: AnyRow };
  readonly writes: { readonly [table: string]: AnyRowInput };
}

/** A database name that carries its model, so that `client.database(ref)` needs no type argument. */
export interface DatabaseRef<M extends DatabaseModel> {
  readonly name: string;
  /** Type-level only. */
  readonly model?: M;
}

export function databaseRef<M extends DatabaseModel>(name: string): DatabaseRef<M> {
  return { name };
}

export type TableName<M extends DatabaseModel> = keyof M['rows'] & string;
export type RowOf<M extends DatabaseModel, T extends TableName<M>> = M['rows'][T];
export type WriteOf<M extends DatabaseModel, T extends TableName<M>> = T extends keyof M['writes'] ? M['writes'][T] : never;

/** Columns that a select or a monitor may name: every column and `_uuid`. */
export type ColumnOf<M extends DatabaseModel, T extends TableName<M>> = keyof RowOf<M, T> & string;

/** What an insert or update sets: any subset of the columns (never `_uuid`). */
export type RowInput<M extends DatabaseModel, T extends TableName<M>> = {
  readonly [C in Exclude<keyof WriteOf<M, T>, '_uuid' | '_version'>]?: WriteOf<M, T>[C];
};

/** The row type against which conditions and mutations are checked (uuids may be named). */
export type ClauseRow<M extends DatabaseModel, T extends TableName<M>> = {
  readonly [C in keyof WriteOf<M, T>]: C extends '_uuid' ? UuidInput : WriteOf<M, T>[C];
};

/** RFC 7047 §5.1 <function>. */
export type ConditionFunction = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'includes' | 'excludes';

/** RFC 7047 §5.1 <condition>: `[column, function, value]`, the value of the column's type. */
export type Clause<R> = {
  [C in keyof R & string]: readonly [C, ConditionFunction, R[C]];
}[keyof R & string];

export type ArithmeticMutator = '+=' | '-=' | '*=' | '/=' | '%=';
/** RFC 7047 §5.1 <mutator>. */
export type Mutator = ArithmeticMutator | 'insert' | 'delete';

type ElementOf<V> = V extends ReadonlyMap<unknown, unknown> ? never : V extends readonly (infer E)[] ? E : Exclude<V, null>;

/** The argument of a mutation: an atom for arithmetic, a set (or a map, or map keys) for insert/delete. */
export type MutationArg<V, Mu extends Mutator> = Mu extends ArithmeticMutator
  ? ElementOf<V>
  : V extends ReadonlyMap<infer K, infer X>
    ? Mu extends 'delete'
      ? ReadonlyMap<K, X> | readonly K[]
      : ReadonlyMap<K, X>
    : readonly ElementOf<V>[] | ElementOf<V>;

/** RFC 7047 §5.1 <mutation>: `[column, mutator, value]`. */
export type Mutation<R> = {
  [C in Exclude<keyof R & string, '_uuid' | '_version'>]: {
    [Mu in Mutator]: readonly [C, Mu, MutationArg<R[C], Mu>];
  }[Mutator];
}[Exclude<keyof R & string, '_uuid' | '_version'>];
