/**
 * Random transactions over a schema (RFC 7047 §5.2 operations), valid and invalid. Rows created
 * by earlier transactions are addressed by placeholder ("<k>", see harness.ts), so one generated
 * request drives both servers although their UUIDs differ. `wait` always has timeout 0.
 */
import type { Json, JsonObject } from '../../../src/ovsdb/json.js';
import type { ColumnSchema, ColumnType, DatabaseSchema, TableSchema } from '../../../src/ovsdb/types.js';
import type { Prng } from './prng.js';
import { ValueGen, type RefSource } from './values.js';

const ORDERED_FNS = ['<', '<=', '>', '>='];
const EQUALITY_FNS = ['==', '!=', 'includes', 'excludes'];
const ARITH = ['+=', '-=', '*=', '/=', '%='];
const SMALL_INTS: Json[] = [0, 1, 2, -1, 3, 7, 9223372036854775807n];
const SMALL_REALS: Json[] = [0, 0.5, 2, -1.5, 1e300];
const MAX_OPS = 5;

/** What the generator believes about the database: rows by table, as placeholders. */
export class GenState {
  readonly known = new Map<string, string[]>();

  add(table: string, placeholder: string): void {
    const rows = this.known.get(table) ?? [];
    if (!rows.includes(placeholder)) rows.push(placeholder);
    this.known.set(table, rows);
  }

  remove(placeholder: string): void {
    for (const rows of this.known.values()) {
      const i = rows.indexOf(placeholder);
      if (i >= 0) rows.splice(i, 1);
    }
  }
}

export interface GeneratedTxn {
  readonly ops: Json[];
  /** For each op: the table of an insert, else null. */
  readonly inserts: (string | null)[];
  /** For each op: the placeholder a delete-by-uuid targets, else null. */
  readonly deletes: (string | null)[];
}

function isNumeric(t: ColumnType): boolean {
  return t.value === null && (t.key.type === 'integer' || t.key.type === 'real');
}

function isScalarish(t: ColumnType): boolean {
  return t.value === null && t.max === 1;
}

/** A column whose default value violates its own constraints, so inserts should set it. */
function needsValue(c: ColumnSchema): boolean {
  const t = c.type;
  if (t.min < 1) return false;
  const k = t.key;
  return (
    k.enum !== null ||
    (k.minInteger !== null && k.minInteger > 0n) ||
    (k.maxInteger !== null && k.maxInteger < 0n) ||
    (k.minLength !== null && k.minLength > 0) ||
    (k.refTable !== null && k.refType === 'strong')
  );
}

/** A type some mutator applies to: numbers (and sets of them), sets, optionals, maps. */
function isMutable(t: ColumnType): boolean {
  return isNumeric(t) || t.max > 1 || t.min === 0 || t.value !== null;
}

const relaxed = (t: ColumnType): ColumnType => ({ ...t, min: 0, max: Infinity });

export class TxnGen {
  readonly #values: ValueGen;
  readonly #tables: TableSchema[];

  /** Probability of an invalid choice at each decision, in a transaction meant to fail. */
  invalidRate = 0;

  constructor(
    readonly schema: DatabaseSchema,
    private readonly rng: Prng,
    /** Share of transactions that get deliberately invalid parts. */
    private readonly badShare = 0.3,
  ) {
    this.#values = new ValueGen(rng);
    this.#tables = [...schema.tables.values()];
  }

  transaction(state: GenState): GeneratedTxn {
    const r = this.rng;
    this.invalidRate = r.chance(this.badShare) ? 0.08 : 0;
    this.#values.invalidRate = this.invalidRate;
    const named = new Map<string, string[]>();
    const refs: RefSource = {
      knownRows: (t) => state.known.get(t) ?? [],
      namedRows: (t) => named.get(t) ?? [],
    };
    const ops: Json[] = [];
    const inserts: (string | null)[] = [];
    const deletes: (string | null)[] = [];
    const n = r.range(1, MAX_OPS);
    for (let i = 0; i < n; i++) {
      const table = this.#pickTable(state);
      const kind = r.weighted<string>([
        [5, 'insert'], [3, 'select'], [2, 'update'], [3, 'mutate'], [2, 'delete'], [0.6, 'wait'], [0.3, 'misc'],
      ]);
      let target: string | null = null;
      let op: JsonObject;
      if (kind === 'insert') {
        op = this.#insert(table, refs, named);
      } else if (kind === 'delete') {
        const where = this.#where(table, state, refs);
        target = this.#uuidTarget(where);
        op = { op: 'delete', table: table.name, where };
      } else if (kind === 'select') op = this.#select(table, state, refs);
      else if (kind === 'update') op = this.#update(table, state, refs);
      else if (kind === 'mutate') op = this.#mutate(table, state, refs);
      else if (kind === 'wait') op = this.#wait(table, state, refs);
      else op = this.#misc();
      ops.push(op);
      inserts.push(kind === 'insert' ? table.name : null);
      deletes.push(target);
    }
    return { ops, inserts, deletes };
  }

  #pickTable(state: GenState): TableSchema {
    const withRows = this.#tables.filter((t) => (state.known.get(t.name)?.length ?? 0) > 0);
    if (withRows.length > 0 && this.rng.chance(0.6)) return this.rng.pick(withRows);
    return this.rng.pick(this.#tables);
  }

  #insert(table: TableSchema, refs: RefSource, named: Map<string, string[]>): JsonObject {
    const r = this.rng;
    const row: JsonObject = {};
    for (const c of table.columns.values()) {
      const include = needsValue(c) ? r.chance(0.93) : r.chance(0.3);
      if (include) row[c.name] = this.#values.datum(c.type, refs);
    }
    if (r.chance(this.invalidRate / 3)) row[r.pick(['nosuch', '_uuid', '_version'])] = 1;
    const op: JsonObject = { op: 'insert', table: table.name, row };
    if (r.chance(0.6)) {
      const name = `n${named.size}_${r.int(100)}`;
      op['uuid-name'] = name;
      const list = named.get(table.name) ?? [];
      list.push(name);
      named.set(table.name, list);
    }
    return op;
  }

  #column(table: TableSchema): ColumnSchema | null {
    const cols = [...table.columns.values()];
    return cols.length === 0 ? null : this.rng.pick(cols);
  }

  #condition(table: TableSchema, state: GenState, refs: RefSource): Json {
    const r = this.rng;
    const known = state.known.get(table.name) ?? [];
    if (known.length > 0 && r.chance(0.4)) {
      return ['_uuid', r.chance(0.85) ? '==' : '!=', ['uuid', r.pick(known)]];
    }
    const c = this.#column(table);
    if (c === null) return ['_uuid', '!=', ['uuid', '00000000-0000-0000-0000-000000000000']];
    const t = c.type;
    const ordered = isNumeric(t) && isScalarish(t);
    let fn = r.pick(ordered ? [...ORDERED_FNS, ...EQUALITY_FNS] : EQUALITY_FNS);
    if (r.chance(this.invalidRate / 2)) fn = r.pick([...ORDERED_FNS, '=~']);
    let value: Json;
    if (ORDERED_FNS.includes(fn)) value = this.#values.atom(t.key, refs);
    else if ((fn === 'includes' || fn === 'excludes') && !isScalarish(t)) value = this.#values.datum(relaxed(t), refs);
    else value = this.#values.datum(t, refs);
    return [c.name, fn, value];
  }

  #where(table: TableSchema, state: GenState, refs: RefSource): Json {
    const n = this.rng.weighted([[1, 0], [5, 1], [2, 2]]);
    return Array.from({ length: n }, () => this.#condition(table, state, refs));
  }

  /** The placeholder a where clause pins down by `_uuid ==`, if any. */
  #uuidTarget(where: Json): string | null {
    if (!Array.isArray(where) || where.length !== 1) return null;
    const c = where[0];
    if (!Array.isArray(c) || c[0] !== '_uuid' || c[1] !== '==') return null;
    const v = c[2];
    return Array.isArray(v) && typeof v[1] === 'string' ? v[1] : null;
  }

  #select(table: TableSchema, state: GenState, refs: RefSource): JsonObject {
    const op: JsonObject = { op: 'select', table: table.name, where: this.#where(table, state, refs) };
    if (this.rng.chance(0.7)) {
      const cols = this.rng.subset([...table.columns.keys(), '_uuid'], 0.3);
      op['columns'] = cols;
    }
    return op;
  }

  #update(table: TableSchema, state: GenState, refs: RefSource): JsonObject {
    const r = this.rng;
    const row: JsonObject = {};
    for (const c of table.columns.values()) {
      if (!c.mutable && !r.chance(this.invalidRate)) continue;
      if (r.chance(0.25)) row[c.name] = this.#values.datum(c.type, refs);
    }
    return { op: 'update', table: table.name, where: this.#where(table, state, refs), row };
  }

  #mutation(c: ColumnSchema, refs: RefSource): Json {
    const r = this.rng;
    const t = c.type;
    if (r.chance(this.invalidRate / 2)) return [c.name, r.pick([...ARITH, 'insert', 'delete']), this.#values.atom(t.key, refs)];
    if (isNumeric(t) && (isScalarish(t) || r.chance(0.5))) {
      const m = r.pick(t.key.type === 'real' ? ARITH.slice(0, 4) : ARITH);
      let arg = r.pick(t.key.type === 'real' ? SMALL_REALS : SMALL_INTS);
      // ovsdb-server 3.1 dies of SIGFPE on "negative integer *= 0": never send that.
      if (m === '*=' && arg === 0) arg = 2;
      return [c.name, m, arg];
    }
    const m = r.pick(['insert', 'delete']);
    if (t.value !== null && m === 'delete' && r.chance(0.5)) {
      return [c.name, m, this.#values.datum(relaxed({ ...t, value: null }), refs)];
    }
    return [c.name, m, this.#values.datum(relaxed(t), refs)];
  }

  #mutate(table: TableSchema, state: GenState, refs: RefSource): JsonObject {
    const cols = [...table.columns.values()].filter(
      (c) => (c.mutable && isMutable(c.type)) || this.rng.chance(this.invalidRate),
    );
    const n = this.rng.range(1, 2);
    const mutations = cols.length === 0 ? [] : Array.from({ length: n }, () => this.#mutation(this.rng.pick(cols), refs));
    return { op: 'mutate', table: table.name, where: this.#where(table, state, refs), mutations };
  }

  #wait(table: TableSchema, state: GenState, refs: RefSource): JsonObject {
    const r = this.rng;
    const cols = r.subset([...table.columns.values()], 0.2).slice(0, 2);
    const rows: Json[] = [];
    if (r.chance(0.6)) {
      const row: JsonObject = {};
      for (const c of cols) row[c.name] = this.#values.datum(c.type, refs);
      rows.push(row);
    }
    return {
      op: 'wait', table: table.name, timeout: 0, where: this.#where(table, state, refs),
      columns: cols.map((c) => c.name), until: r.pick(['==', '!=']), rows,
    };
  }

  #misc(): JsonObject {
    return this.rng.weighted<JsonObject>([
      [3, { op: 'comment', comment: 'random' }],
      [2, { op: 'commit', durable: false }],
      [this.invalidRate > 0 ? 1 : 0, { op: 'abort' }],
      [this.invalidRate > 0 ? 0.5 : 0, { op: 'assert', lock: 'nolock' }],
    ]);
  }
}
