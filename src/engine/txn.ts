/**
 * One transaction's private overlay over the committed tables (copy-on-write): only rows the
 * transaction touches are copied; everything else is read from the committed state.
 *
 * Invariants: a TxnRow's `old` is the committed row (null when inserted by this transaction);
 * `new` is the row as this transaction leaves it (null when deleted). A row inserted and then
 * deleted in the same transaction is forgotten entirely, except that its UUID stays reserved
 * (RFC 7047 §5.2.1 via ovsdb-server(7): a UUID "deleted within the same transaction" may not be
 * reused).
 */
import type { Datum } from '../ovsdb/datum.js';
import { Row } from '../ovsdb/row.js';
import type { SymbolTable } from '../ovsdb/symtab.js';
import type { UuidGenerator } from '../ovsdb/uuid.js';
import type { Condition } from '../ovsdb/condition.js';
import { evaluateCondition, conditionIsFalse } from '../ovsdb/condition.js';
import { UUID_ORDINAL } from '../ovsdb/row.js';
import { datumsKey, type TableState } from './table.js';

export interface TxnRow {
  readonly uuid: string;
  readonly old: Row | null;
  new: Row | null;
  /** `new` was built by this transaction and may be updated in place. */
  owned: boolean;
}

export class TxnTable {
  /** Touched rows, in the order they were first touched. */
  readonly rows = new Map<string, TxnRow>();
  /** UUIDs inserted and then deleted within this transaction. */
  readonly forgotten = new Set<string>();
  inserted = 0;
  deleted = 0;

  /** `entered` is called when the first row enters this table's overlay. */
  constructor(
    readonly state: TableState,
    private readonly entered: (t: TxnTable) => void = () => undefined,
  ) {}

  #hadRows = false;

  /** Adds a touched row (rows keep first-touch order; see Txn.rowTables). */
  #add(t: TxnRow): void {
    if (!this.#hadRows) {
      this.#hadRows = true;
      this.entered(this);
    }
    this.rows.set(t.uuid, t);
  }

  get name(): string {
    return this.state.name;
  }

  /** The row as this transaction sees it, or undefined. */
  get(uuid: string): Row | undefined {
    const t = this.rows.get(uuid);
    if (t !== undefined) return t.new ?? undefined;
    return this.state.rows.get(uuid);
  }

  /** May a row with this UUID be inserted (ovsdb-server's `ovsdb_txn_may_create_row`)? */
  mayCreate(uuid: string): boolean {
    return !this.state.rows.has(uuid) && !this.rows.has(uuid) && !this.forgotten.has(uuid);
  }

  /** Number of rows after this transaction. */
  get size(): number {
    return this.state.rows.size + this.inserted - this.deleted;
  }

  insert(row: Row): void {
    this.#add({ uuid: row.uuid, old: null, new: row, owned: true });
    this.inserted++;
  }

  delete(uuid: string): void {
    const t = this.rows.get(uuid);
    if (t === undefined) {
      const old = this.state.rows.get(uuid)!;
      this.#add({ uuid, old, new: null, owned: false });
      this.deleted++;
    } else if (t.old === null) {
      this.rows.delete(uuid);
      this.forgotten.add(uuid);
      this.inserted--;
    } else if (t.new !== null) {
      t.new = null;
      this.deleted++;
    }
  }

  /** A private, writable copy of the row's data (copy-on-write on first modification). */
  modify(uuid: string): { row: Row; data: Datum[] } {
    let t = this.rows.get(uuid);
    if (t === undefined) {
      const old = this.state.rows.get(uuid)!;
      t = { uuid, old, new: old, owned: false };
      this.#add(t);
    }
    const cur = t.new!;
    if (!t.owned) {
      t.new = new Row(cur.layout, cur.uuid, cur.version, cur.data.slice());
      t.owned = true;
    }
    return { row: t.new!, data: t.new!.data as Datum[] };
  }

  /** Touches a row without changing it (reference-count bookkeeping). */
  touch(uuid: string): TxnRow | undefined {
    let t = this.rows.get(uuid);
    if (t === undefined) {
      const old = this.state.rows.get(uuid);
      if (old === undefined) return undefined;
      t = { uuid, old, new: old, owned: false };
      this.#add(t);
    }
    return t;
  }

  /** Rows matching a condition, in a stable order: committed rows, then inserted ones. */
  query(cond: Condition): Row[] {
    const out: Row[] = [];
    if (conditionIsFalse(cond)) return out;
    const candidates = this.#indexedCandidates(cond);
    if (candidates !== null) {
      for (const uuid of candidates) {
        const row = this.get(uuid);
        if (row !== undefined && evaluateCondition(cond, row)) out.push(row);
      }
      return out;
    }
    for (const [uuid, committed] of this.state.rows) {
      const t = this.rows.get(uuid);
      const row = t === undefined ? committed : t.new;
      if (row !== null && evaluateCondition(cond, row)) out.push(row);
    }
    for (const t of this.rows.values()) {
      if (t.old === null && t.new !== null && evaluateCondition(cond, t.new)) out.push(t.new);
    }
    return out;
  }

  /**
   * UUIDs that can match a condition with `_uuid ==` or `==` on every column of a unique
   * index, found in O(1) (plus this transaction's touched rows), or null when a scan is needed.
   */
  #indexedCandidates(cond: Condition): string[] | null {
    const eq = new Map<number, Datum>();
    for (const c of cond.clauses) if (c.kind === 'compare' && c.fn === '==') eq.set(c.ordinal, c.arg);
    const byUuid = eq.get(UUID_ORDINAL);
    if (byUuid !== undefined) return [byUuid.keys[0] as string];
    for (const idx of this.state.indexes) {
      if (!idx.ordinals.every((o) => eq.has(o))) continue;
      const hit = idx.map.get(datumsKey(idx.ordinals.map((o) => eq.get(o)!)));
      const out = hit === undefined || this.rows.has(hit) ? [] : [hit];
      for (const t of this.rows.values()) if (t.new !== null) out.push(t.uuid);
      return out;
    }
    return null;
  }
}

/** State of one transaction being executed. */
export class Txn {
  /** Every table an operation named, in first-use order. */
  readonly tables = new Map<string, TxnTable>();
  /**
   * The tables that rows entered (inserted, deleted, modified, or touched by a commit check), in
   * the order of each one's first row: ovsdb-server's `txn_tables` list, the order its commit
   * checks walk and so the order that decides which of several faults is reported. A select, a
   * wait or an update that changes nothing puts no table here.
   */
  readonly rowTables: TxnTable[] = [];
  readonly comments: string[] = [];
  durable = false;

  constructor(
    readonly symtab: SymbolTable,
    readonly newUuid: UuidGenerator,
    private readonly lookup: (name: string) => TableState | undefined,
  ) {}

  /** The overlay of a table (created on first use, so `tables` is in first-touch order). */
  table(name: string): TxnTable | undefined {
    let t = this.tables.get(name);
    if (t === undefined) {
      const state = this.lookup(name);
      if (state === undefined) return undefined;
      t = new TxnTable(state, (entered) => this.rowTables.push(entered));
      this.tables.set(name, t);
    }
    return t;
  }
}
