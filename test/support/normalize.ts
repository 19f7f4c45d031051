/**
 * Canonical forms of OVSDB replies, so that two servers' answers compare byte for byte.
 *
 * - Every UUID (in `["uuid",…]`, as `_version`, as an object key, or inside details text) is
 *   replaced by `<0>`, `<1>`, … in order of first appearance across one `UuidNormalizer`'s
 *   lifetime (one test case's transcript); the all-zero UUID stays as it is.
 * - Object members are sorted (ovsdb-server emits them in hash order; RFC 7047 objects are
 *   unordered).
 * - Arrays keep their order, except the collections whose order carries no meaning and is
 *   random on ovsdb-server because it follows random UUIDs: the `rows` of a select result, and
 *   `["set",…]` / `["map",…]` values whose elements contain a UUID. Those are ordered by their
 *   canonical text with not-yet-numbered UUIDs blanked out, before numbering them.
 * - ovsdb-server's index-uniqueness details name two rows ("First row, with UUID …  Second row,
 *   with UUID …") in hash order; the two row descriptions are put in a canonical order.
 * - A `syntax` member of an error object (JSON text of the offending request part) is parsed and
 *   re-rendered canonically when it parses.
 * Numbers are rendered by value (`1.0` and `1` are the same), bigints exactly.
 */
import { isJsonObject, jsonObject, member, type Json, type JsonObject } from '../../src/ovsdb/json.js';

const UUID_RE = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/g;
const PLACEHOLDER_RE = /^<(\d+)>$/;
const INDEX_PAIR_RE =
  /^(.*?)  First row, with UUID ([0-9a-fA-F-]{36}), (.*?)\.  Second row, with UUID ([0-9a-fA-F-]{36}), (.*)\.$/s;
const UNKNOWN = '<?>';
/** The all-zero UUID (a uuid column's default) is deterministic and kept as is. */
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

type Mode = 'assign' | 'peek';

export class UuidNormalizer {
  readonly #index = new Map<string, number>();
  readonly #uuids: string[] = [];

  /** Normalised copy of `v`; assigns numbers to UUIDs seen for the first time. */
  normalize(v: Json): Json {
    return this.#walk(v, 'assign', null);
  }

  /** Canonical text of the normalised value. */
  text(v: Json): string {
    return canonicalText(this.normalize(v));
  }

  /** The real UUID numbered `i`, if any. */
  uuidAt(i: number): string | undefined {
    return this.#uuids[i];
  }

  get size(): number {
    return this.#uuids.length;
  }

  /**
   * Replace every string that is exactly a placeholder `<k>` by the real UUID numbered k (for
   * sending a request that refers to rows created earlier in the same transcript). Throws if k
   * has not been seen.
   */
  resolve(template: Json): Json {
    if (typeof template === 'string') {
      const m = PLACEHOLDER_RE.exec(template);
      if (!m) return template;
      const u = this.#uuids[Number(m[1])];
      if (u === undefined) throw new Error(`placeholder ${template} refers to no UUID seen so far`);
      return u;
    }
    if (Array.isArray(template)) return template.map((x) => this.resolve(x));
    if (isJsonObject(template)) {
      return jsonObject(Object.entries(template).map(([k, x]) => [this.resolve(k) as string, this.resolve(x)]));
    }
    return template;
  }

  #uuid(u: string, mode: Mode): string {
    const key = u.toLowerCase();
    if (key === NIL_UUID) return key;
    let i = this.#index.get(key);
    if (i === undefined) {
      if (mode === 'peek') return UNKNOWN;
      i = this.#uuids.length;
      this.#index.set(key, i);
      this.#uuids.push(key);
    }
    return `<${i}>`;
  }

  #string(s: string, mode: Mode): string {
    const pair = INDEX_PAIR_RE.exec(s);
    const text = pair === null ? s : this.#orderIndexPair(pair);
    return text.replace(UUID_RE, (u) => this.#uuid(u, mode));
  }

  /** Put the two rows of an index-uniqueness message in order of their normalised text. */
  #orderIndexPair(m: RegExpExecArray): string {
    const [, head, u1, d1, u2, d2] = m as unknown as [string, string, string, string, string, string];
    let first = { u: u1, d: d1 };
    let second = { u: u2, d: d2 };
    const key = (x: { u: string; d: string }): string => `${this.#uuid(x.u, 'peek')} ${x.d}`;
    if (key(second) < key(first)) [first, second] = [second, first];
    return `${head}  First row, with UUID ${first.u}, ${first.d}.  Second row, with UUID ${second.u}, ${second.d}.`;
  }

  #walk(v: Json, mode: Mode, parentKey: string | null): Json {
    if (typeof v === 'string') return this.#string(v, mode);
    if (Array.isArray(v)) return this.#array(v, mode, parentKey);
    if (isJsonObject(v)) return this.#object(v, mode);
    return v;
  }

  #array(v: Json[], mode: Mode, parentKey: string | null): Json {
    if (parentKey === 'rows') return this.#unordered(v, mode);
    if (v.length === 2 && (v[0] === 'set' || v[0] === 'map') && Array.isArray(v[1]) && containsUuid(v[1])) {
      return [v[0], this.#unordered(v[1], mode)];
    }
    return v.map((x) => this.#walk(x, mode, null));
  }

  /** Order items by their text with unnumbered UUIDs blanked, then number them in that order. */
  #unordered(items: Json[], mode: Mode): Json[] {
    const peeked = items.map((item) => {
      const value = this.#walk(item, 'peek', null);
      return { item, value, key: canonicalText(value) };
    });
    peeked.sort((a, b) => compare(a.key, b.key));
    if (mode === 'peek') return peeked.map((p) => p.value);
    return peeked.map(({ item }) => this.#walk(item, mode, null));
  }

  #object(v: JsonObject, mode: Mode): JsonObject {
    const isError = typeof member(v, 'error') === 'string';
    const child = (k: string, x: Json, m: Mode): Json =>
      isError && k === 'syntax' && typeof x === 'string' ? this.#syntax(x, m) : this.#walk(x, m, k);
    // Members whose names hold UUIDs are numbered in the order of their peeked text.
    const peeked = Object.entries(v).map(([k, x]) => {
      const nk = this.#string(k, 'peek');
      const value = child(k, x, 'peek');
      return { k, x, nk, value, key: nk + '\u0000' + canonicalText(value) };
    });
    peeked.sort((a, b) => compare(a.key, b.key));
    const out: [string, Json][] =
      mode === 'peek'
        ? peeked.map((p) => [p.nk, p.value])
        : peeked.map(({ k, x }) => [this.#string(k, mode), child(k, x, mode)]);
    out.sort((a, b) => compare(a[0], b[0]));
    return jsonObject(out);
  }

  #syntax(text: string, mode: Mode): string {
    let parsed: Json;
    try {
      parsed = JSON.parse(text) as Json;
    } catch {
      return this.#string(text, mode);
    }
    return canonicalText(this.#walk(parsed, mode, null));
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function containsUuid(v: Json): boolean {
  if (typeof v === 'string') {
    UUID_RE.lastIndex = 0;
    return UUID_RE.test(v);
  }
  if (Array.isArray(v)) return v.some(containsUuid);
  if (isJsonObject(v)) return Object.entries(v).some(([k, x]) => containsUuid(k) || containsUuid(x));
  return false;
}

/** Deterministic JSON text: members in their current order, bigints exact, no whitespace. */
export function canonicalText(v: Json): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return Number.isFinite(v) ? String(v) : JSON.stringify(String(v));
    case 'bigint':
      return v.toString();
    case 'string':
      return JSON.stringify(v);
  }
  if (Array.isArray(v)) return `[${v.map(canonicalText).join(',')}]`;
  return `{${Object.entries(v)
    .map(([k, x]) => `${JSON.stringify(k)}:${canonicalText(x)}`)
    .join(',')}}`;
}

/** Canonical text of a whole transcript (a list of replies) through one normalizer. */
export function normalizeTranscript(values: readonly Json[]): string[] {
  const n = new UuidNormalizer();
  return values.map((v) => n.text(v));
}
