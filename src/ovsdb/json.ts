/**
 * The JSON value model shared by every layer.
 *
 * Integers outside the IEEE-754 safe range arrive from the wire as `bigint` so that
 * signed 64-bit values round-trip exactly (RFC 7047 §3.1 "integer": 64-bit signed).
 * Objects are plain objects as JSON.parse makes them; their keys are user data (a map key or
 * a column may be "__proto__"), so read members only through `member()`/`members()`.
 */
export type Json = null | boolean | number | bigint | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Own member of a JSON object, or undefined: never a value inherited from a prototype. */
export function member(obj: JsonObject, key: string): Json | undefined {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** Own members in insertion order. */
export function members(obj: JsonObject): [string, Json][] {
  return Object.entries(obj);
}

const PROTO_KEY = '__proto__';

/**
 * Sets an own, enumerable member; safe for any key. Plain assignment is exact for every key
 * but "__proto__" (which would set the prototype instead), so only that one is defined, and
 * objects keep V8's fast (hidden-class) representation.
 */
export function setMember(obj: JsonObject, key: string, value: Json): void {
  if (key === PROTO_KEY) Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** A JSON object built from pairs; safe for any key, including "__proto__". */
export function jsonObject(pairs: Iterable<readonly [string, Json]>): JsonObject {
  const obj: JsonObject = {};
  for (const [k, v] of pairs) setMember(obj, k, v);
  return obj;
}
