/**
 * A replica's local copy: for each monitored table, its rows by uuid, kept up to date from
 * table updates (RFC 7047 §4.1.6 <table-updates>; ovsdb-server(7) §4.1.14 <table-updates2>).
 *
 * Contracts:
 * - Rows are immutable: a change replaces the row object, so an `update` change's `old` and
 *   `new` are both intact snapshots, and an unchanged row keeps its identity across a resync.
 * - `applyDelta` applies changes since the copy's state; `replaceAll` takes a complete state
 *   (a fresh subscription that could not resume) and reports only the real differences, so a
 *   listener sees the same changes whether or not the server could resume.
 * - A server update that contradicts the copy (a modify of an unknown row) throws `ValueError`.
 */
import { isJsonObject, members, type Json, type JsonObject } from '../../ovsdb/json.js';
import type { AnyRow, Uuid, Value } from '../model.js';
import { setColumn, type DatabaseCodec, type TableCodec } from '../schema-codec.js';
import { ValueError } from '../values.js';
import type { Selection, UpdatesVersion } from './request.js';
import type { DeleteChange, InsertChange, UpdateChange } from './types.js';

export type AnyChange = InsertChange<string, AnyRow> | UpdateChange<string, AnyRow> | DeleteChange<string, AnyRow>;

interface Monitored {
  readonly codec: TableCodec;
  readonly columns: readonly string[];
  readonly decode: (uuid: string, json: JsonObject) => AnyRow;
  rows: Map<Uuid, AnyRow>;
}

type Sink = AnyChange[] | null;

function objectOf(json: Json | undefined, what: string): JsonObject {
  if (json === undefined || !isJsonObject(json)) throw new ValueError(`${what}: expected an object`);
  return json;
}

export class ReplicaStore {
  readonly #tables = new Map<string, Monitored>();

  /**
   * Tables the schema lacks are left out: the server refuses them when subscribing. Built for a
   * new schema (`db`), a store takes over the rows of the `previous` one, so that the complete
   * state that follows (`replaceAll`) reports only what differs.
   */
  constructor(
    readonly db: DatabaseCodec,
    selections: readonly Selection[],
    previous: ReplicaStore | null = null,
  ) {
    for (const sel of selections) {
      const codec = db.table(sel.table);
      if (codec === undefined) continue;
      const columns = sel.columns ?? codec.columnNames;
      // Unknown columns are left for the server to refuse when subscribing.
      const known = columns.filter((c) => codec.column(c) !== undefined);
      const rows = new Map(previous?.rows(sel.table) ?? []);
      this.#tables.set(sel.table, { codec, columns: known, decode: codec.rowDecoder(known), rows });
    }
  }

  get size(): number {
    let n = 0;
    for (const t of this.#tables.values()) n += t.rows.size;
    return n;
  }

  rows(table: string): ReadonlyMap<Uuid, AnyRow> {
    return this.#tables.get(table)?.rows ?? new Map();
  }

  /** Apply changes since the current state; returns how many rows changed. */
  applyDelta(updates: Json, version: UpdatesVersion, sink: Sink): number {
    let n = 0;
    for (const [table, rows] of members(objectOf(updates, 'table updates'))) {
      const t = this.#tables.get(table);
      if (t === undefined) throw new ValueError(`update for unmonitored table ${table}`);
      for (const [uuid, entry] of members(objectOf(rows, table))) {
        const e = objectOf(entry, `${table} ${uuid}`);
        n += version === 2 ? this.#apply2(t, uuid, e, sink) : this.#apply1(t, uuid, e, sink);
      }
    }
    return n;
  }

  /** Replace the state by a complete one; returns how many rows changed. */
  replaceAll(updates: Json, version: UpdatesVersion, sink: Sink): number {
    const state = objectOf(updates, 'table updates');
    let n = 0;
    for (const [table, t] of this.#tables) {
      const fresh = new Map<Uuid, AnyRow>();
      const given = Object.hasOwn(state, table) ? objectOf(state[table], table) : {};
      // Object.keys, not members(): no [key, value] pair allocated per row.
      for (const uuid of Object.keys(given)) {
        const e = objectOf(given[uuid], `${table} ${uuid}`);
        const row = version === 2 ? (e['initial'] ?? e['insert']) : e['new'];
        if (row !== undefined) fresh.set(uuid, t.decode(uuid, objectOf(row, uuid)));
      }
      n += this.#reconcile(t, fresh, sink);
    }
    return n;
  }

  #reconcile(t: Monitored, fresh: Map<Uuid, AnyRow>, sink: Sink): number {
    const table = t.codec.name;
    let n = 0;
    for (const [uuid, old] of t.rows) {
      if (fresh.has(uuid)) continue;
      n++;
      sink?.push({ kind: 'delete', table, uuid, old });
    }
    if (t.rows.size > 0) {
      for (const [uuid, row] of fresh) {
        const old = t.rows.get(uuid);
        if (old === undefined) {
          n++;
          sink?.push({ kind: 'insert', table, uuid, row });
        } else if (this.#equal(t, old, row)) fresh.set(uuid, old);
        else {
          n++;
          sink?.push({ kind: 'update', table, uuid, old, new: row });
        }
      }
    } else {
      n += fresh.size;
      if (sink !== null) for (const [uuid, row] of fresh) sink.push({ kind: 'insert', table, uuid, row });
    }
    t.rows = fresh;
    return n;
  }

  #equal(t: Monitored, a: AnyRow, b: AnyRow): boolean {
    for (const c of t.columns) {
      if (!(t.codec.column(c)?.equals(a[c] as Value, b[c] as Value) ?? true)) return false;
    }
    return true;
  }

  #put(t: Monitored, uuid: Uuid, row: AnyRow, sink: Sink): number {
    const old = t.rows.get(uuid);
    t.rows.set(uuid, row);
    if (sink !== null) sink.push(old === undefined ? { kind: 'insert', table: t.codec.name, uuid, row } : { kind: 'update', table: t.codec.name, uuid, old, new: row });
    return 1;
  }

  #remove(t: Monitored, uuid: Uuid, sink: Sink): number {
    const old = t.rows.get(uuid);
    if (old === undefined) return 0;
    t.rows.delete(uuid);
    sink?.push({ kind: 'delete', table: t.codec.name, uuid, old });
    return 1;
  }

  /** <row-update2>: exactly one of initial, insert, modify, delete. */
  #apply2(t: Monitored, uuid: Uuid, e: JsonObject, sink: Sink): number {
    const row = e['initial'] ?? e['insert'];
    if (row !== undefined) return this.#put(t, uuid, t.decode(uuid, objectOf(row, uuid)), sink);
    if (Object.hasOwn(e, 'delete')) return this.#remove(t, uuid, sink);
    const diff = objectOf(e['modify'], `${t.codec.name} ${uuid} row-update2`);
    const old = t.rows.get(uuid);
    if (old === undefined) throw new ValueError(`modify of unknown row ${t.codec.name} ${uuid}`);
    const next = { ...old } as { [column: string]: Value };
    for (const [column, d] of members(diff)) {
      const codec = t.codec.column(column);
      if (codec === undefined) throw new ValueError(`${t.codec.name}: unknown column ${column}`);
      setColumn(next, column, codec.applyDiff(old[column] as Value, d));
    }
    return this.#put(t, uuid, next as AnyRow, sink);
  }

  /** <row-update>: new only (insert), old and new (modify: new has every column), old only (delete). */
  #apply1(t: Monitored, uuid: Uuid, e: JsonObject, sink: Sink): number {
    const row = e['new'];
    if (row === undefined) return this.#remove(t, uuid, sink);
    return this.#put(t, uuid, t.decode(uuid, objectOf(row, uuid)), sink);
  }
}
