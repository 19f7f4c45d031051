/**
 * The client library's public API (exported from the package root).
 */
export { OvsdbClient, type ClientOptions, type ClientEvents, type MonitorHandler } from './client.js';
export { Database } from './database.js';
export { cond, mut } from './conditions.js';
export { ConnectionError, isConnectionError, ovsdbErrorFromJson, OvsdbError, ErrorTag, type ConnectionErrorReason } from './errors.js';
export { ValueError, integerIsNumber } from './values.js';
export { unwrap, type TransactResult, type TransactSuccess, type TransactFailure } from './transaction.js';
export {
  OperationBuilder,
  type Op,
  type OperationSpec,
  type ResultsOf,
  type InsertResult,
  type SelectResult,
  type CountResult,
  type EmptyResult,
} from './operations.js';
export {
  NamedUuid,
  namedUuid,
  databaseRef,
  type Uuid,
  type UuidInput,
  type AtomValue,
  type Value,
  type ValueInput,
  type AnyRow,
  type AnyRowInput,
  type AnyModel,
  type DatabaseModel,
  type DatabaseRef,
  type TableName,
  type RowOf,
  type RowInput,
  type ColumnOf,
  type Clause,
  type ClauseRow,
  type ConditionFunction,
  type Mutation,
  type Mutator,
} from './model.js';
export { Replica, type ReplicaEvents } from './replica/replica.js';
export type {
  MonitorMethod,
  ReplicaSpec,
  ReplicaOptions,
  ReplicaRow,
  ReplicaChange,
  InsertChange,
  UpdateChange,
  DeleteChange,
  SyncInfo,
  TableSpec,
  TableSelection,
} from './replica/types.js';
export { parseClientRemote, parseClientRemotes, RemoteSyntaxError, type ClientRemote } from './remote.js';
export { CA_CERT_NONE, type ClientTlsOptions, type PemSource } from './transport.js';
export { type BackoffOptions } from './backoff.js';
