/**
 * The OVSDB schema language (RFC 7047 §3.2, ovsdb(7) "Schemas") as a JSON Schema (draft-07),
 * and the one place ajv's verdicts become `SchemaError`s.
 *
 * This layer checks shape: which members exist where, their JSON types, name and version syntax,
 * ranges that need no context. Members that ovsdb-server 3.1 rejects ("Member 'x' is present but
 * not allowed here") are rejected here too, including base-type members that do not belong to the
 * base type's atomic type (`minLength` on an integer, `refTable` on a string, `reMatch`, which
 * ovsdb-server no longer accepts). Checks that need context or exact 64-bit integers (refTable
 * targets, index columns, `enum` contents, min ≤ max) live in schema-type.ts and schema-parse.ts.
 *
 * Subschemas may carry a `problem` annotation: a string, or a map from ajv keyword to string,
 * giving the problem text for errors raised in that subschema; `{value}` stands for the offending
 * value, `{member}` for the member name concerned and `{dup}` for an element listed twice.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { isJsonObject, type Json } from './json.js';
import { ATOMIC_TYPES, type AtomicType } from './types.js';
import { SchemaError, childPath, describeJson } from './schema-error.js';

/** ovsdb(7): an <id> is a letter or "_" followed by letters, digits and "_" (ASCII). */
export const ID_PATTERN = '^[A-Za-z_][A-Za-z0-9_]*$';
/** ovsdb(7) "Schema version": x.y.z, each a decimal number. */
export const VERSION_PATTERN = '^[0-9]+\\.[0-9]+\\.[0-9]+$';
/** ovsdb-server keeps lengths, maxRows and min/max in a C `unsigned int`. */
export const UINT_MAX = 4294967295;

const SCHEMA_ID = 'urn:ovsdb-ts:ovsdb-schema';
const PROBLEM = 'problem';

const ATOMIC_TYPE = {
  type: 'string',
  enum: [...ATOMIC_TYPES],
  [PROBLEM]: '{value} is not an atomic-type (integer, real, boolean, string or uuid)',
};
const BOOLEAN = { type: 'boolean' };
const INTEGER = { type: 'integer' };
const NUMBER = { type: 'number' };
const UINT = { type: 'integer', minimum: 0, maximum: UINT_MAX, [PROBLEM]: `{value} is out of valid range 0 to ${UINT_MAX}` };

/** Table and column names: valid ids, and "_" starts only the implicit ones. */
function nameRules(kind: string): object {
  return {
    type: 'string',
    allOf: [
      { not: { pattern: '^_' }, [PROBLEM]: `${kind} name {value}: names beginning with "_" are reserved` },
      { pattern: ID_PATTERN, [PROBLEM]: `${kind} name {value} is not a valid id ([A-Za-z_][A-Za-z0-9_]*)` },
    ],
  };
}

/** Base-type members allowed besides "type" and "enum", per atomic type. */
const BASE_MEMBERS: Record<AtomicType, Record<string, object>> = {
  integer: { minInteger: INTEGER, maxInteger: INTEGER },
  real: { minReal: NUMBER, maxReal: NUMBER },
  boolean: {},
  string: { minLength: UINT, maxLength: UINT },
  uuid: {
    refTable: { type: 'string', pattern: ID_PATTERN, [PROBLEM]: 'refTable {value} is not a valid table name' },
    refType: { enum: ['strong', 'weak'], [PROBLEM]: 'refType must be "strong" or "weak" (not {value})' },
  },
};

function baseTypeFor(t: AtomicType): object {
  const then: Record<string, unknown> = {
    properties: { type: true, enum: true, ...BASE_MEMBERS[t] },
    additionalProperties: false,
    [PROBLEM]: {
      additionalProperties: `member {member} is not allowed in a base type of type "${t}"`,
      dependencies: 'refType is allowed only together with refTable',
    },
  };
  if (t === 'uuid') then['dependencies'] = { refType: ['refTable'] };
  return { if: { required: ['type'], properties: { type: { const: t } } }, then };
}

const MAX_PROBLEM = `max must be an integer from 1 to ${UINT_MAX - 1} or "unlimited" (not {value})`;

/** The JSON Schema itself; `definitions` also serve `baseTypeFromJson`/`columnTypeFromJson`. */
export const OVSDB_SCHEMA_JSON_SCHEMA = {
  $id: SCHEMA_ID,
  type: 'object',
  required: ['name', 'tables'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', pattern: ID_PATTERN, [PROBLEM]: 'database name {value} is not a valid id' },
    version: { type: 'string', pattern: VERSION_PATTERN, [PROBLEM]: 'schema version {value} not in format x.y.z' },
    cksum: { type: 'string' },
    tables: { type: 'object', propertyNames: nameRules('table'), additionalProperties: { $ref: '#/definitions/table' } },
  },
  definitions: {
    atomicType: ATOMIC_TYPE,
    baseType: {
      type: ['string', 'object'],
      [PROBLEM]: { type: 'expected an atomic-type name or a base type object, not {value}' },
      if: { type: 'string' },
      then: { $ref: '#/definitions/atomicType' },
      else: {
        type: 'object',
        required: ['type'],
        properties: { type: { $ref: '#/definitions/atomicType' } },
        allOf: ATOMIC_TYPES.map(baseTypeFor),
      },
    },
    columnType: {
      type: ['string', 'object'],
      [PROBLEM]: { type: 'expected an atomic-type name or a type object, not {value}' },
      if: { type: 'string' },
      then: { $ref: '#/definitions/atomicType' },
      else: {
        type: 'object',
        required: ['key'],
        additionalProperties: false,
        properties: {
          key: { $ref: '#/definitions/baseType' },
          value: { $ref: '#/definitions/baseType' },
          min: { type: 'integer', minimum: 0, maximum: 1, [PROBLEM]: 'min must be 0 or 1 (not {value})' },
          max: {
            type: ['integer', 'string'],
            [PROBLEM]: MAX_PROBLEM,
            if: { type: 'string' },
            then: { const: 'unlimited', [PROBLEM]: MAX_PROBLEM },
            else: { minimum: 1, maximum: UINT_MAX - 1, [PROBLEM]: MAX_PROBLEM },
          },
        },
      },
    },
    column: {
      type: 'object',
      required: ['type'],
      additionalProperties: false,
      properties: { type: { $ref: '#/definitions/columnType' }, mutable: BOOLEAN, ephemeral: BOOLEAN },
    },
    table: {
      type: 'object',
      required: ['columns'],
      additionalProperties: false,
      properties: {
        columns: {
          type: 'object',
          minProperties: 1,
          [PROBLEM]: { minProperties: 'table must have at least one column' },
          propertyNames: nameRules('column'),
          additionalProperties: { $ref: '#/definitions/column' },
        },
        mutable: BOOLEAN,
        isRoot: BOOLEAN,
        maxRows: { type: 'integer', minimum: 1, [PROBLEM]: { minimum: 'maxRows must be at least 1' } },
        indexes: {
          type: 'array',
          items: {
            type: 'array',
            minItems: 1,
            uniqueItems: true,
            items: { type: 'string' },
            [PROBLEM]: { minItems: 'index must have at least one column', uniqueItems: 'index names column {dup} twice' },
          },
        },
      },
    },
  },
} as const;

/** What a validator checks: a whole schema, or one `<type>` / `<base-type>`. */
export type SchemaPart = 'database' | 'columnType' | 'baseType';

let validators: ReadonlyMap<SchemaPart, ValidateFunction> | undefined;

/** Compiled once, on first use. */
function validatorFor(part: SchemaPart): ValidateFunction {
  if (validators === undefined) {
    const ajv = new Ajv({ strict: true, allowUnionTypes: true, verbose: true, allErrors: false });
    ajv.addKeyword(PROBLEM);
    ajv.addSchema(OVSDB_SCHEMA_JSON_SCHEMA);
    const get = (ref: string): ValidateFunction => {
      const v = ajv.getSchema(ref);
      if (v === undefined) throw new Error(`internal: no validator for ${ref}`);
      return v;
    };
    validators = new Map<SchemaPart, ValidateFunction>([
      ['database', get(SCHEMA_ID)],
      ['columnType', get(`${SCHEMA_ID}#/definitions/columnType`)],
      ['baseType', get(`${SCHEMA_ID}#/definitions/baseType`)],
    ]);
  }
  const v = validators.get(part);
  if (v === undefined) throw new Error(`internal: unknown schema part ${part}`);
  return v;
}

/**
 * Checks the shape of `json` as `part`; throws the first problem found as a `SchemaError`
 * whose path starts at `path`.
 */
export function validateSchemaShape(json: Json, part: SchemaPart, path: string): void {
  const view = ajvView(json);
  const validate = validatorFor(part);
  if (validate(view)) return;
  const first = validate.errors?.[0];
  if (first === undefined) throw new SchemaError(path, 'invalid schema');
  throw schemaErrorFromAjv(first, view, path);
}

/**
 * ajv's "integer"/"number" checks know only JS numbers: show it bigints as (approximate)
 * numbers. Exact 64-bit ranges are checked later on the original values.
 */
function ajvView(json: Json): unknown {
  if (typeof json === 'bigint') return Number(json);
  if (Array.isArray(json)) return json.map(ajvView);
  if (isJsonObject(json)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(json)) {
      Object.defineProperty(out, k, { value: ajvView(v), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return json;
}

/** One ajv error as a `SchemaError`: JSON path plus a problem text meant for people. */
export function schemaErrorFromAjv(error: ErrorObject, root: unknown, base: string): SchemaError {
  let path = pointerToPath(error.instancePath, root, base);
  const params = error.params as Record<string, unknown>;
  let member: string | undefined;
  if (error.propertyName !== undefined) {
    member = error.propertyName;
    path = childPath(path, member);
  } else if (error.keyword === 'additionalProperties') {
    member = String(params['additionalProperty']);
    path = childPath(path, member);
  } else if (error.keyword === 'dependencies') {
    path = childPath(path, String(params['property']));
  } else if (error.keyword === 'required') {
    member = String(params['missingProperty']);
  }
  const template = annotation(error) ?? fallbackProblem(error, params);
  const problem = template
    .replaceAll('{value}', () => describeJson(error.data))
    .replaceAll('{member}', () => JSON.stringify(member ?? ''))
    .replaceAll('{dup}', () => duplicate(error, params));
  return new SchemaError(path, problem);
}

function annotation(error: ErrorObject): string | undefined {
  const parent: unknown = error.parentSchema;
  if (!isJsonObject(parent as Json)) return undefined;
  const ann = (parent as Record<string, unknown>)[PROBLEM];
  if (typeof ann === 'string') return ann;
  if (typeof ann === 'object' && ann !== null && Object.hasOwn(ann, error.keyword)) {
    const text = (ann as Record<string, unknown>)[error.keyword];
    return typeof text === 'string' ? text : undefined;
  }
  return undefined;
}

function fallbackProblem(error: ErrorObject, params: Record<string, unknown>): string {
  switch (error.keyword) {
    case 'type': {
      const t = params['type'];
      return `expected ${Array.isArray(t) ? t.join(' or ') : String(t)}, not {value}`;
    }
    case 'required':
      return 'required member {member} is missing';
    case 'additionalProperties':
      return 'member {member} is not allowed here';
    case 'dependencies':
      return `member ${JSON.stringify(params['property'])} requires member {member}`;
    case 'enum':
      return `{value} is not one of ${describeJson(params['allowedValues'])}`;
    case 'minimum':
    case 'maximum':
      return `{value} is out of range (must be ${String(params['comparison'])} ${String(params['limit'])})`;
    case 'uniqueItems':
      return '{dup} appears twice';
    default:
      return error.message ?? `fails "${error.keyword}"`;
  }
}

/** The element that a "uniqueItems" error found twice. */
function duplicate(error: ErrorObject, params: Record<string, unknown>): string {
  const j = params['j'];
  return Array.isArray(error.data) && typeof j === 'number' ? describeJson(error.data[j]) : '';
}

/** A JSON pointer as a `$` path; walks `root` so that array indexes print as `[n]`. */
function pointerToPath(pointer: string, root: unknown, base: string): string {
  if (pointer === '') return base;
  let path = base;
  let node: unknown = root;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(node)) {
      const i = Number(seg);
      path = childPath(path, i);
      node = node[i];
    } else {
      path = childPath(path, seg);
      node = typeof node === 'object' && node !== null && Object.hasOwn(node, seg) ? (node as Record<string, unknown>)[seg] : undefined;
    }
  }
  return path;
}
