/**
 * Datum differences, as ovsdb-server writes modified columns into the file when a record has
 * `"_is_diff": true` (OVS `ovsdb_datum_diff` / `ovsdb_datum_apply_diff`, the same rule as
 * update2's "modify", ovsdb-server(7) §4.1.14):
 *
 * - A column that can hold at most one element (scalar, optional, or a map/set with max 1):
 *   the diff is simply the new value.
 * - Any other set: the elements in exactly one of old and new (applying it toggles each).
 * - Any other map: the keys removed (with their old value), the keys added (with their value),
 *   and the keys whose value changed (with the new value). Applying it: a key absent from old is
 *   added; a key present with the same value is removed; with another value, the value is
 *   replaced.
 *
 * A diff may break the column's size constraints (it is read with min 0, max unlimited), never
 * its atom constraints: every atom in it comes from old or new.
 */
import type { ColumnType } from '../ovsdb/types.js';
import type { Atom } from '../ovsdb/types.js';
import { atomComparator } from '../ovsdb/atom.js';
import type { Datum } from '../ovsdb/datum.js';
import { isCompositeType } from '../ovsdb/datum-delta.js';

const diffTypes = new WeakMap<ColumnType, ColumnType>();

/** The type a diff of `type` is read with: same atoms, any number of elements (one per type). */
export function diffType(type: ColumnType): ColumnType {
  if (!isCompositeType(type)) return type;
  let t = diffTypes.get(type);
  if (t === undefined) diffTypes.set(type, (t = { ...type, min: 0, max: Infinity }));
  return t;
}

/** The diff that turns an old datum into a new one (both canonical), in canonical order. */
export { datumDiff } from '../ovsdb/datum-delta.js';

/**
 * Applies `diff` (canonical) to `oldDatum`; the inverse of `datumDiff`. For element-wise types
 * it is one merge: elements only in old stay, elements only in the diff are added, a set element
 * in both goes, a map key in both goes if its value is the same, else takes the diff's value.
 * (Not through `changeOf`: replaying a file must not remember a delta per applied column.)
 */
export function datumApplyDiff(oldDatum: Datum, diff: Datum, type: ColumnType): Datum {
  if (!isCompositeType(type)) return diff;
  const kc = atomComparator(type.key.type);
  const vc = type.value === null ? null : atomComparator(type.value.type);
  const keys: Atom[] = [];
  const values: Atom[] | null = vc === null ? null : [];
  const a = oldDatum;
  const b = diff;
  let i = 0;
  let j = 0;
  while (i < a.keys.length || j < b.keys.length) {
    const c = i >= a.keys.length ? 1 : j >= b.keys.length ? -1 : kc(a.keys[i]!, b.keys[j]!);
    if (c < 0) {
      keys.push(a.keys[i]!);
      values?.push(a.values![i]!);
      i++;
    } else if (c > 0) {
      keys.push(b.keys[j]!);
      values?.push(b.values![j]!);
      j++;
    } else {
      if (vc !== null && vc(a.values![i]!, b.values![j]!) !== 0) {
        keys.push(b.keys[j]!);
        values!.push(b.values![j]!);
      }
      i++;
      j++;
    }
  }
  return { keys, values };
}
