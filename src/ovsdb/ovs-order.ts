/**
 * The iteration order of ovsdb-server's string hash maps (`struct shash`).
 *
 * ovsdb-server walks JSON objects and a table's columns in hash-table order, and that order
 * decides which error it reports when a request has several faults (e.g. the first member named
 * in "Member 'x' and 2 other members are present but not allowed here.", or which of two bad
 * columns of a row is reported). To report the same error we replay that order: the hash is
 * 32-bit MurmurHash3 over the UTF-8 bytes (OVS `hash_string(s, 0)`, the portable variant that
 * Debian builds use), buckets are `hash & mask`, a new node goes to the head of its bucket, and
 * the table doubles when it holds more than two nodes per bucket, re-inserting bucket by bucket.
 *
 * This is only consulted on error paths, so its cost does not matter for throughput.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;
const ADD_C = 0xe6546b64;
const FIN1 = 0x85ebca6b;
const FIN2 = 0xc2b2ae35;

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

function mhashAdd(hash: number, data: number): number {
  let d = Math.imul(data, C1);
  d = rotl(d >>> 0, 15);
  d = Math.imul(d, C2) >>> 0;
  let h = (hash ^ d) >>> 0;
  h = rotl(h, 13);
  return (Math.imul(h, 5) + ADD_C) >>> 0;
}

function mhashFinish(hash: number): number {
  let h = hash >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, FIN1) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, FIN2) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

const encoder = new TextEncoder();

/** OVS `hash_string(s, basis)`. */
export function ovsHashString(s: string, basis = 0): number {
  const bytes = encoder.encode(s);
  const n = bytes.length;
  let hash = basis >>> 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const word = (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24)) >>> 0;
    hash = mhashAdd(hash, word);
  }
  if (i < n) {
    let word = 0;
    for (let j = 0; i + j < n; j++) word |= bytes[i + j]! << (8 * j);
    hash = mhashAdd(hash, word >>> 0);
  }
  return mhashFinish(hash ^ n);
}

/** OVS hmap `calc_mask()`: the bucket mask for a given capacity. */
function calcMask(capacity: number): number {
  let mask = Math.floor(capacity / 2);
  mask |= mask >>> 1;
  mask |= mask >>> 2;
  mask |= mask >>> 4;
  mask |= mask >>> 8;
  mask |= mask >>> 16;
  mask |= (mask & 1) << 1;
  return mask;
}

interface Node<T> {
  readonly hash: number;
  readonly item: T;
}

/**
 * Items in the order an OVS hmap keyed by `key(item)` iterates them after inserting them in
 * the given order (shash_add semantics; duplicate keys are the caller's business).
 */
export function ovsHashOrder<T>(items: Iterable<T>, key: (item: T) => string): T[] {
  return ovsHashOrderBy(items, (item) => ovsHashString(key(item)));
}

/** Like ovsHashOrder, with the 32-bit hash given directly. */
export function ovsHashOrderBy<T>(items: Iterable<T>, hash: (item: T) => number): T[] {
  let mask = 0;
  let buckets: Node<T>[][] = [[]];
  let n = 0;
  for (const item of items) {
    const node = { hash: hash(item) >>> 0, item };
    buckets[node.hash & mask]!.unshift(node);
    n++;
    if (Math.floor(n / 2) > mask) {
      const newMask = calcMask(n);
      if (newMask > mask) {
        const next: Node<T>[][] = Array.from({ length: newMask + 1 }, () => []);
        for (const bucket of buckets) {
          for (const old of bucket) next[old.hash & newMask]!.unshift(old);
        }
        buckets = next;
        mask = newMask;
      }
    }
  }
  const out: T[] = [];
  for (const bucket of buckets) for (const node of bucket) out.push(node.item);
  return out;
}

/** Recent key lists and their shash order: the same few shapes recur (a table's columns, a request's tables). */
const keyOrders = new Map<string, readonly string[]>();
const MAX_KEY_ORDERS = 256;

/** Keys of a string-keyed collection in OVS shash order (a fresh array the caller may keep). */
export function ovsKeyOrder(keys: Iterable<string>): string[] {
  const list = [...keys];
  const memo = JSON.stringify(list);
  let order = keyOrders.get(memo);
  if (order === undefined) {
    order = ovsHashOrder(list, (k) => k);
    if (keyOrders.size >= MAX_KEY_ORDERS) keyOrders.clear();
    keyOrders.set(memo, order);
  }
  return order.slice();
}

/** OVS `uuid_hash()`: the first 32 bits of the UUID. Rows and txn rows are keyed by it. */
export function ovsUuidHash(uuid: string): number {
  return parseInt(uuid.slice(0, 8), 16) >>> 0;
}

const RESERVED_COLUMNS = ['_uuid', '_version'];

/**
 * The order in which ovsdb-server walks a table's columns (`table->schema->columns`), given
 * the columns in the order of the .ovsschema file it was created from (ovsdb-tool create):
 * the file's object is read in hash order, written back to the database file in hash order,
 * and read again by ovsdb-server, each table starting with `_uuid` and `_version`.
 */
export function ovsColumnOrder(fileOrder: readonly string[]): string[] {
  const firstRead = ovsKeyOrder(fileOrder);
  const toolColumns = ovsKeyOrder([...RESERVED_COLUMNS, ...firstRead]);
  const written = ovsKeyOrder(toolColumns.filter((c) => !RESERVED_COLUMNS.includes(c)));
  const serverRead = ovsKeyOrder(written);
  return ovsKeyOrder([...RESERVED_COLUMNS, ...serverRead]);
}
