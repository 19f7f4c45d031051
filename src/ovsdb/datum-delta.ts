/**
 * How one version of a column differs from another: the elements (map pairs) removed and added
 * (`datumDelta`), and the form update2 "modify" and `_is_diff` file records carry
 * (`datumDiff`, OVS `ovsdb_datum_diff`, ovsdb-server(7) §4.1.14).
 *
 * A commit needs the delta of each changed column up to three times (reference counts, the file
 * record, monitor updates). Datums are immutable, so a delta is remembered per (old, new) pair
 * by identity (`changeOf`), until the next transaction starts (`forgetDeltas`). A mutation
 * knows its delta without diffing (RFC 7047 §5.1 "insert" adds the new elements, "delete"
 * removes the matched ones) and hands it over with `rememberDelta`: adding a port to a switch of
 * n ports then costs O(1) here, not O(n).
 */
import type { Atom, AtomicType, ColumnType } from './types.js';
import type { Datum } from './datum.js';
import { atomComparator } from './atom.js';

export interface DatumDelta {
  /** Elements (pairs) of the old version the new one lacks, in canonical order. */
  readonly removed: Datum;
  /** Elements (pairs) of the new version the old one lacks, in canonical order. */
  readonly added: Datum;
}

/**
 * The elements (map pairs) of `a` that `b` lacks, and those of `b` that `a` lacks, found in one
 * merge pass over both canonical (sorted) datums: O(|a| + |b|). For a map, a key present in both
 * with different values counts as removed (a's pair) and added (b's pair).
 * The two versions of a column mostly share a prefix and a suffix of the very same atoms (an
 * insert or delete of a few elements): those are skipped by identity first. Datums come in many
 * object shapes, so their arrays are read into locals once (no per-element property lookups).
 */
export function datumDelta(a: Datum, b: Datum, keyType: AtomicType, valueType: AtomicType | null): DatumDelta {
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

interface Remembered extends DatumDelta {
  readonly next: Datum;
  readonly keyType: AtomicType;
  readonly valueType: AtomicType | null;
}

/**
 * The last delta known from each old datum (one per old version: the usual single successor).
 * A plain Map, emptied by `forgetDeltas` when the next transaction starts: a WeakMap keyed by
 * datums kept every replaced version of a big set alive through V8's young-generation
 * collections (promoted, then collected only by a full GC), which made adding a port to a switch
 * of thousands cost more in GC than in work. MAX_REMEMBERED bounds it for callers that never
 * forget (a mutation applied outside a transaction).
 */
const known = new Map<Datum, Remembered>();
const MAX_REMEMBERED = 4096;

/**
 * Drops every remembered delta. The engine calls it when a transaction starts executing, so a
 * delta lives through its own transaction's commit (checks, file record, reference counts,
 * monitor updates, all synchronous after execute); later requests recompute it (`changeOf`).
 */
export function forgetDeltas(): void {
  known.clear();
}

/**
 * Records that `next` is `old` with `delta` applied (both canonical, of a column whose atoms are
 * `keyType`/`valueType`). The caller vouches for it: `changeOf(old, next)` returns it unchecked.
 */
export function rememberDelta(
  old: Datum,
  next: Datum,
  keyType: AtomicType,
  valueType: AtomicType | null,
  delta: DatumDelta,
): void {
  if (known.size >= MAX_REMEMBERED) known.clear();
  known.set(old, { next, keyType, valueType, removed: delta.removed, added: delta.added });
}

/** The delta remembered for (old, next), if any; computes nothing. */
export function rememberedDelta(old: Datum, next: Datum): DatumDelta | undefined {
  const hit = known.get(old);
  return hit !== undefined && hit.next === next ? hit : undefined;
}

/** `datumDelta(old, next)`, remembered: the second request for the same pair is a lookup. */
export function changeOf(old: Datum, next: Datum, keyType: AtomicType, valueType: AtomicType | null): DatumDelta {
  const hit = known.get(old);
  if (hit !== undefined && hit.next === next && hit.keyType === keyType && hit.valueType === valueType) return hit;
  const d = datumDelta(old, next, keyType, valueType);
  rememberDelta(old, next, keyType, valueType, d);
  return d;
}

/** Whether diffs of this type are element-wise (OVS `ovsdb_type_is_composite`: max > 1). */
export function isCompositeType(type: ColumnType): boolean {
  return type.max > 1;
}

/**
 * OVS `ovsdb_datum_diff`: what update2 "modify" and a `_is_diff` record carry for a changed
 * column. A column of at most one element: the new value. A set: the elements in exactly one
 * version. A map: removed pairs, added pairs, and for a key whose value changed, the new pair;
 * all in canonical key order.
 */
export function datumDiff(old: Datum, next: Datum, type: ColumnType): Datum {
  if (!isCompositeType(type)) return next;
  const valueType = type.value === null ? null : type.value.type;
  const { removed, added } = changeOf(old, next, type.key.type, valueType);
  if (added.keys.length === 0) return removed;
  if (removed.keys.length === 0) return added;
  // Merge the two sorted lists; a key in both (a map value changed) keeps the added pair.
  const cmp = atomComparator(type.key.type);
  const rk = removed.keys;
  const ak = added.keys;
  const keys: Atom[] = [];
  const values: Atom[] | null = valueType === null ? null : [];
  let i = 0;
  let j = 0;
  while (i < rk.length || j < ak.length) {
    const c = i === rk.length ? 1 : j === ak.length ? -1 : cmp(rk[i]!, ak[j]!);
    if (c < 0) {
      keys.push(rk[i]!);
      values?.push(removed.values![i]!);
      i++;
    } else {
      keys.push(ak[j]!);
      values?.push(added.values![j]!);
      if (c === 0) i++;
      j++;
    }
  }
  return { keys, values };
}
