/**
 * `Database<M>`: one database of a server, typed by model `M` (model.ts; `ovsdb-ts codegen`).
 *
 *   const nb = client.database(OVN_NORTHBOUND);
 *   const { op } = nb;
 *   const r = await nb.transact(
 *     op.insert('Logical_Switch_Port', { name: 'vm1' }, 'vm1'),
 *     op.insert('Logical_Switch', { name: 'sw0', ports: [namedUuid('vm1')] }),
 *   );
 *   if (r.ok) console.log(r.results[1].uuid); else console.error(r.error.tag, r.error.details);
 */
import type { DatabaseSchema } from '../ovsdb/types.js';
import type { OvsdbClient } from './client.js';
import type { AnyModel, DatabaseModel } from './model.js';
import { encodeOperation, OperationBuilder, type Op, type ResultsOf } from './operations.js';
import { decodeTransactResult, type TransactResult } from './transaction.js';
import { Replica } from './replica/replica.js';
import type { ReplicaOptions, ReplicaSpec } from './replica/types.js';

export class Database<M extends DatabaseModel = AnyModel> {
  readonly client: OvsdbClient;
  readonly name: string;
  /** Builds the operations that `transact` takes. */
  readonly op = new OperationBuilder<M>();

  constructor(client: OvsdbClient, name: string) {
    this.client = client;
    this.name = name;
  }

  /** The schema as the server serves it. */
  schema(): Promise<DatabaseSchema> {
    return this.client.getSchema(this.name);
  }

  /**
   * RFC 7047 §4.1.3 + §5.2: run `ops` as one transaction. Resolves with the results, typed per
   * operation, or with the server's error as a value (transaction.ts); rejects only when no
   * answer came (`ConnectionError`), the server refused the request itself (`OvsdbError`, e.g.
   * unknown database), or a value cannot be of its column's type (`ValueError`).
   */
  async transact<const Ops extends readonly Op[]>(...ops: Ops): Promise<TransactResult<ResultsOf<Ops>>> {
    const db = await this.client.codec(this.name);
    const json = await this.client.request('transact', [this.name, ...ops.map((o) => encodeOperation(o, db))]);
    return decodeTransactResult(json, ops, db) as TransactResult<ResultsOf<Ops>>;
  }

  /** A live local copy of the tables and columns in `spec` (replica/replica.ts). */
  replicate<const S extends ReplicaSpec<M>>(spec: S, opts: ReplicaOptions = {}): Replica<M, S> {
    return new Replica<M, S>(this.client, this.name, spec, opts);
  }
}
