/**
 * Shorthands for RFC 7047 §5.2 operations, used by the case tables. They build plain JSON; a
 * string "<k>" anywhere stands for the k-th UUID of the case's transcript (see harness.ts).
 */
import type { Json, JsonObject } from '../../../src/ovsdb/json.js';

export type Cond = readonly [string, string, Json];

function conds(where: readonly Cond[]): Json {
  return where.map((c): Json => [...c]);
}

export function insert(table: string, row: JsonObject, uuidName?: string, uuid?: string): JsonObject {
  const op: JsonObject = { op: 'insert', table, row };
  if (uuidName !== undefined) op['uuid-name'] = uuidName;
  if (uuid !== undefined) op['uuid'] = uuid;
  return op;
}

export function select(table: string, where: readonly Cond[] = [], columns?: readonly string[]): JsonObject {
  const op: JsonObject = { op: 'select', table, where: conds(where) };
  if (columns !== undefined) op['columns'] = [...columns];
  return op;
}

export function update(table: string, where: readonly Cond[], row: JsonObject): JsonObject {
  return { op: 'update', table, where: conds(where), row };
}

export function mutate(table: string, where: readonly Cond[], mutations: readonly (readonly [string, string, Json])[]): JsonObject {
  return { op: 'mutate', table, where: conds(where), mutations: mutations.map((m): Json => [...m]) };
}

export function del(table: string, where: readonly Cond[] = []): JsonObject {
  return { op: 'delete', table, where: conds(where) };
}

export function wait(
  table: string,
  where: readonly Cond[],
  columns: readonly string[],
  until: '==' | '!=',
  rows: readonly JsonObject[],
  timeout: number | null = 0,
): JsonObject {
  const op: JsonObject = { op: 'wait', table, where: conds(where), columns: [...columns], until, rows: [...rows] };
  if (timeout !== null) op['timeout'] = timeout;
  return op;
}

export function commit(durable: Json): JsonObject {
  return { op: 'commit', durable };
}

export const abort: JsonObject = { op: 'abort' };

export function comment(text: Json): JsonObject {
  return { op: 'comment', comment: text };
}

export function assertLock(lock: Json): JsonObject {
  return { op: 'assert', lock };
}

export function uuid(ref: string): Json {
  return ['uuid', ref];
}

export function named(name: string): Json {
  return ['named-uuid', name];
}

export function set(...atoms: Json[]): Json {
  return ['set', atoms];
}

export function map(...pairs: (readonly [Json, Json])[]): Json {
  return ['map', pairs.map(([k, v]) => [k, v])];
}

/** `["_uuid","==",["uuid","<k>"]]`: the row numbered k. */
export function byUuid(k: number, fn = '=='): Cond {
  return ['_uuid', fn, ['uuid', `<${k}>`]];
}
