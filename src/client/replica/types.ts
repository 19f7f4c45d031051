/**
 * Types of a replica: which tables and columns it copies (`ReplicaSpec`), the rows it holds, and
 * the changes it reports.
 *
 *   nb.replicate({ Logical_Switch: true,                                  // every column
 *                  Logical_Switch_Port: ['name', 'parent_name', 'tag'],   // these columns
 *                  ACL: { columns: ['priority'], where: [cond.eq('action', 'drop')] } })
 * A replica row of a table given with columns has `_uuid` and those columns only.
 */
import type { Clause, ClauseRow, ColumnOf, DatabaseModel, RowOf, TableName, Uuid } from '../model.js';

import type { MonitorMethod } from '../../ovsdb/monitor-methods.js';
export type { MonitorMethod };

export interface TableSelection<M extends DatabaseModel, T extends TableName<M>> {
  readonly columns?: readonly ColumnOf<M, T>[];
  /** Needs monitor_cond or monitor_cond_since (ovsdb-server(7) §4.1.12). */
  readonly where?: readonly Clause<ClauseRow<M, T>>[];
}

export type TableSpec<M extends DatabaseModel, T extends TableName<M>> = true | readonly ColumnOf<M, T>[] | TableSelection<M, T>;

export type ReplicaSpec<M extends DatabaseModel> = { readonly [T in TableName<M>]?: TableSpec<M, T> };

type SpecColumns<X> = X extends readonly (infer C)[] ? C : X extends { readonly columns: readonly (infer C)[] } ? C : never;

export type ReplicaTable<M extends DatabaseModel, S> = keyof S & TableName<M>;

export type ReplicaRow<M extends DatabaseModel, S, T extends ReplicaTable<M, S>> = [SpecColumns<S[T]>] extends [never]
  ? RowOf<M, T>
  : Pick<RowOf<M, T>, (SpecColumns<S[T]> | '_uuid') & keyof RowOf<M, T>>;

export interface InsertChange<T extends string, R> {
  readonly kind: 'insert';
  readonly table: T;
  readonly uuid: Uuid;
  readonly row: R;
}
export interface UpdateChange<T extends string, R> {
  readonly kind: 'update';
  readonly table: T;
  readonly uuid: Uuid;
  readonly old: R;
  readonly new: R;
}
export interface DeleteChange<T extends string, R> {
  readonly kind: 'delete';
  readonly table: T;
  readonly uuid: Uuid;
  readonly old: R;
}

export type ReplicaChange<M extends DatabaseModel, S> = {
  [T in ReplicaTable<M, S>]: InsertChange<T, ReplicaRow<M, S, T>> | UpdateChange<T, ReplicaRow<M, S, T>> | DeleteChange<T, ReplicaRow<M, S, T>>;
}[ReplicaTable<M, S>];

export interface SyncInfo {
  /** The method the server accepted. */
  readonly method: MonitorMethod;
  /** True when the server resumed from the last transaction id and sent only the changes since. */
  readonly resumed: boolean;
  /** The last transaction id seen (monitor_cond_since only), else null. */
  readonly txnId: string | null;
  /** Rows held after the sync. */
  readonly rows: number;
  /** Changes the sync made to the local copy. */
  readonly changes: number;
}

export interface ReplicaOptions {
  /**
   * The most capable method to try (default monitor_cond_since). A server that answers
   * "unknown method" is asked with the next: monitor_cond_since → monitor_cond → monitor.
   */
  readonly method?: MonitorMethod;
}
