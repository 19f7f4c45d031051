/**
 * Types of the OVSDB data model: RFC 7047 §3.2 "<type>", "<base-type>", "<atomic-type>".
 *
 * Atoms are untagged: the column's type says how to read one.
 *   integer → bigint (signed 64-bit, exact)       real → number
 *   boolean → boolean                              string → string
 *   uuid    → string, lowercase canonical 8-4-4-4-12 form
 */
export type AtomicType = 'integer' | 'real' | 'boolean' | 'string' | 'uuid';
export const ATOMIC_TYPES: readonly AtomicType[] = ['integer', 'real', 'boolean', 'string', 'uuid'];

/** The range of an OVSDB integer (RFC 7047 §3.1: 64-bit signed). */
export const INT64_MIN = -(2n ** 63n);
export const INT64_MAX = 2n ** 63n - 1n;

export type Atom = bigint | number | boolean | string;

export type RefType = 'strong' | 'weak';

/** RFC 7047 §3.2 <base-type> with every constraint; null where the schema sets none. */
export interface BaseType {
  readonly type: AtomicType;
  /** Allowed values in canonical (sorted) order, or null. */
  readonly enum: readonly Atom[] | null;
  readonly minInteger: bigint | null;
  readonly maxInteger: bigint | null;
  readonly minReal: number | null;
  readonly maxReal: number | null;
  /** Lengths count Unicode code points. */
  readonly minLength: number | null;
  readonly maxLength: number | null;
  readonly refTable: string | null;
  /** Meaningful only when refTable is set; "strong" by default. */
  readonly refType: RefType;
}

/** A base type of `type` without constraints. */
export function plainBaseType(type: AtomicType): BaseType {
  return {
    type,
    enum: null,
    minInteger: null,
    maxInteger: null,
    minReal: null,
    maxReal: null,
    minLength: null,
    maxLength: null,
    refTable: null,
    refType: 'strong',
  };
}

/** RFC 7047 §3.2 <type>. `max` is Infinity for "unlimited". `value` is set for maps only. */
export interface ColumnType {
  readonly key: BaseType;
  readonly value: BaseType | null;
  readonly min: number;
  readonly max: number;
}

export interface ColumnSchema {
  readonly name: string;
  readonly type: ColumnType;
  readonly ephemeral: boolean;
  readonly mutable: boolean;
}

export interface TableSchema {
  readonly name: string;
  /** Columns declared by the schema, in file order; `_uuid` and `_version` are not in it. */
  readonly columns: ReadonlyMap<string, ColumnSchema>;
  /** Infinity when the schema sets no maxRows. */
  readonly maxRows: number;
  readonly isRoot: boolean;
  /**
   * The table-level "mutable" member: false only when the schema says `"mutable": false`
   * (absent means true). ovsdb-server 3.1 accepts it and echoes it in get_schema, but enforces
   * nothing with it (updates, mutates and deletes still succeed).
   */
  readonly mutable?: boolean;
  /** Each index is a list of column names. */
  readonly indexes: readonly (readonly string[])[];
}

export interface DatabaseSchema {
  readonly name: string;
  readonly version: string;
  /** The "cksum" member, or null when the file has none. */
  readonly cksum: string | null;
  readonly tables: ReadonlyMap<string, TableSchema>;
}
