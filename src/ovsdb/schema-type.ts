/**
 * RFC 7047 §3.2 <type> and <base-type> from JSON, as ovsdb-server 3.1 reads them.
 *
 * Constraints equal to ovsdb-server's defaults are stored as "none" (null): `minInteger`
 * -2^63, `maxInteger` 2^63-1, `minReal` -DBL_MAX, `maxReal` DBL_MAX, `minLength` 0,
 * `maxLength` 4294967295. ovsdb-server does the same, so `get_schema` omits them.
 * An "enum" may not be combined with any other constraint (ovsdb-server rejects that too).
 */
import { member, type Json, type JsonObject } from './json.js';
import { INT64_MAX, INT64_MIN, plainBaseType, type AtomicType, type BaseType, type ColumnType, type RefType } from './types.js';
import { ROOT_PATH, SchemaError, childPath, describeJson } from './schema-error.js';
import { enumFromJson, int64FromJson } from './schema-enum.js';
import { UINT_MAX, validateSchemaShape } from './schema-json-schema.js';

/** ovsdb-server's unconstrained real range. */
export const DBL_MAX = Number.MAX_VALUE;
export const UNLIMITED = 'unlimited';

export { plainBaseType };

/** A scalar column type: exactly one atom of `type`. */
export function scalarColumnType(type: AtomicType): ColumnType {
  return { key: plainBaseType(type), value: null, min: 1, max: 1 };
}

/**
 * Parses a <base-type> (an atomic-type name or an object). Does not check that a refTable
 * exists: that needs the whole schema. Throws `SchemaError` with paths under `path`.
 */
export function baseTypeFromJson(json: Json, path: string = ROOT_PATH): BaseType {
  validateSchemaShape(json, 'baseType', path);
  return parseBaseType(json, path);
}

/** Parses a <type> (an atomic-type name or an object with key/value/min/max). */
export function columnTypeFromJson(json: Json, path: string = ROOT_PATH): ColumnType {
  validateSchemaShape(json, 'columnType', path);
  return parseColumnType(json, path);
}

/** Parses a <type> whose shape `validateSchemaShape` has accepted. */
export function parseColumnType(json: Json, path: string): ColumnType {
  if (typeof json === 'string') return scalarColumnType(json as AtomicType);
  const obj = json as JsonObject;
  const key = parseBaseType(member(obj, 'key') as Json, childPath(path, 'key'));
  const valueJson = member(obj, 'value');
  const value = valueJson === undefined ? null : parseBaseType(valueJson, childPath(path, 'value'));
  const minJson = member(obj, 'min');
  const maxJson = member(obj, 'max');
  const min = minJson === undefined ? 1 : Number(minJson);
  const max = maxJson === undefined ? 1 : maxJson === UNLIMITED ? Infinity : Number(maxJson);
  if (min > max) throw new SchemaError(path, `min (${min}) exceeds max (${max})`);
  return { key, value, min, max };
}

/** Parses a <base-type> whose shape `validateSchemaShape` has accepted. */
export function parseBaseType(json: Json, path: string): BaseType {
  if (typeof json === 'string') return plainBaseType(json as AtomicType);
  const obj = json as JsonObject;
  const type = member(obj, 'type') as AtomicType;
  const base = plainBaseType(type);
  const enumJson = member(obj, 'enum');
  if (enumJson !== undefined) {
    const extra = Object.keys(obj).find((k) => k !== 'type' && k !== 'enum');
    if (extra !== undefined) {
      throw new SchemaError(childPath(path, extra), `member ${JSON.stringify(extra)} may not be combined with "enum"`);
    }
    return { ...base, enum: enumFromJson(type, enumJson, childPath(path, 'enum')) };
  }
  switch (type) {
    case 'integer':
      return { ...base, ...integerLimits(obj, path) };
    case 'real':
      return { ...base, ...realLimits(obj, path) };
    case 'string':
      return { ...base, ...lengthLimits(obj, path) };
    case 'uuid':
      return { ...base, ...reference(obj) };
    case 'boolean':
      return base;
  }
}

function integerLimits(obj: JsonObject, path: string): Pick<BaseType, 'minInteger' | 'maxInteger'> {
  const read = (name: string): bigint | null => {
    const v = member(obj, name);
    if (v === undefined) return null;
    const b = int64FromJson(v);
    if (b === null) {
      throw new SchemaError(childPath(path, name), `${describeJson(v)} is not a 64-bit signed integer`);
    }
    return b;
  };
  const lo = read('minInteger');
  const hi = read('maxInteger');
  if ((lo ?? INT64_MIN) > (hi ?? INT64_MAX)) throw new SchemaError(path, 'minInteger exceeds maxInteger');
  return { minInteger: lo === INT64_MIN ? null : lo, maxInteger: hi === INT64_MAX ? null : hi };
}

function realLimits(obj: JsonObject, path: string): Pick<BaseType, 'minReal' | 'maxReal'> {
  const read = (name: string): number | null => {
    const v = member(obj, name);
    return v === undefined ? null : Number(v);
  };
  const lo = read('minReal');
  const hi = read('maxReal');
  if ((lo ?? -DBL_MAX) > (hi ?? DBL_MAX)) throw new SchemaError(path, 'minReal exceeds maxReal');
  return { minReal: lo === -DBL_MAX ? null : lo, maxReal: hi === DBL_MAX ? null : hi };
}

function lengthLimits(obj: JsonObject, path: string): Pick<BaseType, 'minLength' | 'maxLength'> {
  const read = (name: string): number | null => {
    const v = member(obj, name);
    return v === undefined ? null : Number(v);
  };
  const lo = read('minLength');
  const hi = read('maxLength');
  if ((lo ?? 0) > (hi ?? UINT_MAX)) throw new SchemaError(path, 'minLength exceeds maxLength');
  return { minLength: lo === 0 ? null : lo, maxLength: hi === UINT_MAX ? null : hi };
}

function reference(obj: JsonObject): Pick<BaseType, 'refTable' | 'refType'> {
  const refTable = member(obj, 'refTable');
  const refType = member(obj, 'refType');
  return {
    refTable: typeof refTable === 'string' ? refTable : null,
    refType: refType === 'weak' ? 'weak' : ('strong' satisfies RefType),
  };
}
