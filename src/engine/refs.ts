/**
 * Which columns of a table hold references (RFC 7047 §3.2 refTable/refType), and helpers to walk
 * the references of a row or of the difference between two versions of a row.
 */
import type { Atom, AtomicType } from '../ovsdb/types.js';
import type { Datum } from '../ovsdb/datum.js';
import { atomComparator } from '../ovsdb/atom.js';
import type { Row, TableLayout } from '../ovsdb/row.js';

export interface RefColumn {
  readonly ordinal: number;
  /** Referenced table of the keys / of the values, or null when they are not references. */
  readonly keyTable: string | null;
  readonly valueTable: string | null;
}

export interface RefColumns {
  readonly strong: readonly RefColumn[];
  readonly weak: readonly RefColumn[];
}

const cache = new WeakMap<TableLayout, RefColumns>();

/** Reference columns in ovsdb-server's column walk order (see TableLayout.ovsOrder). */
export function refColumns(layout: TableLayout): RefColumns {
  let rc = cache.get(layout);
  if (rc !== undefined) return rc;
  const strong: RefColumn[] = [];
  const weak: RefColumn[] = [];
  for (const ordinal of layout.ovsOrder) {
    if (ordinal < 0) continue;
    const t = layout.columns[ordinal]!.type;
    const pick = (kind: 'strong' | 'weak'): RefColumn | null => {
      const k = t.key.refTable !== null && t.key.refType === kind ? t.key.refTable : null;
      const v = t.value !== null && t.value.refTable !== null && t.value.refType === kind ? t.value.refTable : null;
      return k === null && v === null ? null : { ordinal, keyTable: k, valueTable: v };
    };
    const s = pick('strong');
    if (s !== null) strong.push(s);
    const w = pick('weak');
    if (w !== null) weak.push(w);
  }
  rc = { strong, weak };
  cache.set(layout, rc);
  return rc;
}

/** Calls `fn(table, uuid)` for every reference of the given columns in a datum. */
export function forEachRef(col: RefColumn, d: Datum, fn: (table: string, uuid: string) => void): void {
  if (col.keyTable !== null) for (const k of d.keys) fn(col.keyTable, k as string);
  if (col.valueTable !== null) for (const v of d.values!) fn(col.valueTable, v as string);
}

/**
 * The elements (map pairs) of `a` that `b` lacks, and those of `b` that `a` lacks, found in one
 * merge pass over both canonical (sorted) datums: O(|a| + |b|). For a map, a key present in both
 * with different values counts as removed (a's pair) and added (b's pair).
 * The two versions of a column mostly share a prefix and a suffix of the very same atoms (an
 * insert or delete of a few elements): those are skipped by identity first. Datums come in many
 * object shapes, so their arrays are read into locals once (no per-element property lookups).
 */
export function datumDelta(
  a: Datum,
  b: Datum,
  keyType: AtomicType,
  valueType: AtomicType | null,
): { readonly removed: Datum; readonly added: Datum } {
  const ak = a.keys;
  const bk = b.keys;
  const av = a.values;
  const bv = b.values;
  let na = ak.length;
  let nb = bk.length;
  let i = 0;
  if (av === null || bv === null) {
    while (i < na && i < nb && ak[i] === bk[i]) i++;
    while (na > i && nb > i && ak[na - 1] === bk[nb - 1]) {
      na--;
      nb--;
    }
  } else {
    while (i < na && i < nb && ak[i] === bk[i] && av[i] === bv[i]) i++;
    while (na > i && nb > i && ak[na - 1] === bk[nb - 1] && av[na - 1] === bv[nb - 1]) {
      na--;
      nb--;
    }
  }
  const removed: Atom[] = [];
  const added: Atom[] = [];
  const removedValues: Atom[] | null = av === null ? null : [];
  const addedValues: Atom[] | null = bv === null ? null : [];
  const cmp = atomComparator(keyType);
  const vcmp = valueType === null ? null : atomComparator(valueType);
  let j = i;
  while (i < na && j < nb) {
    const x = ak[i]!;
    const y = bk[j]!;
    const c = x === y ? 0 : cmp(x, y);
    if (c < 0) {
      removed.push(x);
      removedValues?.push(av![i]!);
      i++;
    } else if (c > 0) {
      added.push(y);
      addedValues?.push(bv![j]!);
      j++;
    } else {
      if (vcmp !== null && vcmp(av![i]!, bv![j]!) !== 0) {
        removed.push(x);
        removedValues?.push(av![i]!);
        added.push(y);
        addedValues?.push(bv![j]!);
      }
      i++;
      j++;
    }
  }
  for (; i < na; i++) {
    removed.push(ak[i]!);
    removedValues?.push(av![i]!);
  }
  for (; j < nb; j++) {
    added.push(bk[j]!);
    addedValues?.push(bv![j]!);
  }
  return { removed: { keys: removed, values: removedValues }, added: { keys: added, values: addedValues } };
}

/** Elements (map pairs) of `a` that `b` lacks, as a datum. */
export function datumMinus(a: Datum, b: Datum, keyType: AtomicType, valueType: AtomicType | null): Datum {
  return datumDelta(a, b, keyType, valueType).removed;
}

interface CachedDelta {
  readonly next: Datum;
  readonly keyType: AtomicType;
  readonly valueType: AtomicType | null;
  readonly removed: Datum;
  readonly added: Datum;
}

/**
 * The last delta computed from each old datum. A commit diffs the same two versions twice (the
 * reference-count check before it, the committed state's counts after it); datums are immutable,
 * so the second time is a lookup by identity.
 */
const lastDelta = new WeakMap<Datum, CachedDelta>();

function cachedDelta(o: Datum, n: Datum, keyType: AtomicType, valueType: AtomicType | null): CachedDelta {
  const hit = lastDelta.get(o);
  if (hit !== undefined && hit.next === n && hit.keyType === keyType && hit.valueType === valueType) return hit;
  const d: CachedDelta = { next: n, keyType, valueType, ...datumDelta(o, n, keyType, valueType) };
  lastDelta.set(o, d);
  return d;
}

/**
 * Strong references removed and added between two versions (either may be null) of a row:
 * `fn` sees, column by column in ovsdb-server's walk order, the removed references (delta -1)
 * in key order, then the added ones (+1) in key order. References of a row to itself are skipped.
 */
export function strongRefDelta(
  layout: TableLayout,
  old: Row | null,
  next: Row | null,
  fn: (table: string, uuid: string, delta: number, column: number) => void,
): void {
  const self = (old ?? next)!.uuid;
  for (const col of refColumns(layout).strong) {
    const o = old?.data[col.ordinal];
    const n = next?.data[col.ordinal];
    if (o === n) continue;
    let removed: Datum | null = o ?? null;
    let added: Datum | null = n ?? null;
    if (o !== undefined && n !== undefined) {
      const t = layout.columns[col.ordinal]!.type;
      ({ removed, added } = cachedDelta(o, n, t.key.type, t.value === null ? null : t.value.type));
    }
    const visit = (d: Datum | null, delta: number): void => {
      if (d === null) return;
      forEachRef(col, d, (table, uuid) => {
        if (uuid !== self) fn(table, uuid, delta, col.ordinal);
      });
    };
    visit(removed, -1);
    visit(added, 1);
  }
}

/** Every weakly referenced UUID of a row (with repeats). */
export function weakTargets(layout: TableLayout, row: Row, fn: (table: string, uuid: string) => void): void {
  for (const col of refColumns(layout).weak) {
    forEachRef(col, row.data[col.ordinal]!, (table, uuid) => {
      if (uuid !== row.uuid) fn(table, uuid);
    });
  }
}
