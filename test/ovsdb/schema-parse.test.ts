import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  SchemaError,
  baseTypeFromJson,
  columnTypeFromJson,
  schemaFromJson,
} from '../../src/ovsdb/schema-parse.js';
import { loadSchemaFile } from '../../src/ovsdb/schema-load.js';
import type { Json, JsonObject } from '../../src/ovsdb/json.js';
import { parseJson } from '../../src/wire/index.js';
import { findTool } from '../support/ovsdb-server.js';

const SCHEMA_DIR = new URL('../../schema/', import.meta.url).pathname;
const BAD_DIR = new URL('../fixtures/schemas/', import.meta.url).pathname;

const OVSDB_TOOL = findTool('ovsdb-tool');

/** A one-table schema whose table T has the given columns (and extra table members). */
function oneTable(columns: JsonObject, extra: JsonObject = {}): JsonObject {
  return { name: 'D', version: '1.0.0', tables: { T: { columns, ...extra } } };
}

function parseError(json: Json, source?: string): SchemaError {
  try {
    schemaFromJson(json, source);
  } catch (e) {
    if (e instanceof SchemaError) return e;
    throw e;
  }
  throw new Error('schema was accepted');
}

describe('shipped schemas', () => {
  it.each([
    ['ovn-nb.ovsschema', 'OVN_Northbound', '7.0.0', 30],
    ['ovn-sb.ovsschema', 'OVN_Southbound', '20.27.0', 34],
    ['_server.ovsschema', '_Server', '1.2.0', 1],
  ])('%s loads', (file, name, version, nTables) => {
    const { schema, json } = loadSchemaFile(join(SCHEMA_DIR, file), parseJson);
    expect(schema.name).toBe(name);
    expect(schema.version).toBe(version);
    expect(schema.tables.size).toBe(nTables);
    expect(json['name']).toBe(name);
  });

  it('keeps file order, leaves out _uuid/_version, reads references and enums', () => {
    const { schema } = loadSchemaFile(join(SCHEMA_DIR, 'ovn-nb.ovsschema'), parseJson);
    expect([...schema.tables.keys()].slice(0, 3)).toEqual(['NB_Global', 'Copp', 'Logical_Switch']);
    const ls = schema.tables.get('Logical_Switch');
    expect([...(ls?.columns.keys() ?? [])].slice(0, 3)).toEqual(['name', 'ports', 'acls']);
    expect(ls?.columns.has('_uuid')).toBe(false);
    expect(ls?.isRoot).toBe(true);
    expect(ls?.columns.get('ports')?.type).toMatchObject({ min: 0, max: Infinity, value: null });
    expect(ls?.columns.get('ports')?.type.key).toMatchObject({ type: 'uuid', refTable: 'Logical_Switch_Port', refType: 'strong' });
    const lsp = schema.tables.get('Logical_Switch_Port');
    expect(lsp?.columns.get('tag')?.type.key).toMatchObject({ minInteger: 1n, maxInteger: 4095n });
    expect(schema.tables.get('NB_Global')?.maxRows).toBe(1);
    expect(schema.tables.get('Copp')?.indexes).toEqual([['name']]);
    const sb = loadSchemaFile(join(SCHEMA_DIR, 'ovn-sb.ovsschema'), parseJson).schema;
    expect(sb.tables.get('Encap')?.columns.get('type')?.type.key.enum).toEqual(['geneve', 'stt', 'vxlan']);
    expect(sb.tables.get('Encap')?.isRoot).toBe(false);
  });
});

/** [fixture (bad-NAME.ovsschema), JSON path, problem]: each also rejected by ovsdb-tool. */
const BAD: [string, string, string | RegExp][] = [
  // The parser's own words vary with the Node version; the position and our line/column do not.
  ['json-syntax', '$', /^invalid JSON: .*(?:position|character) 89.* \(line 2, column 56\)$/],
  ['not-object', '$', 'expected object, not ["name","D"]'],
  ['missing-name', '$', 'required member "name" is missing'],
  ['db-name', '$.name', 'database name "1D" is not a valid id'],
  ['version', '$.version', 'schema version "1.0" not in format x.y.z'],
  ['extra-member', '$.doc', 'member "doc" is not allowed here'],
  ['table-name', '$.tables["T-x"]', 'table name "T-x" is not a valid id ([A-Za-z_][A-Za-z0-9_]*)'],
  ['table-reserved', '$.tables._T', 'table name "_T": names beginning with "_" are reserved'],
  ['column-reserved', '$.tables.T.columns._a', 'column name "_a": names beginning with "_" are reserved'],
  ['no-columns', '$.tables.T.columns', 'table must have at least one column'],
  ['max-rows', '$.tables.T.maxRows', 'maxRows must be at least 1'],
  ['column-member', '$.tables.T.columns.a.default', 'member "default" is not allowed here'],
  ['atomic-type', '$.tables.T.columns.a.type', '"int" is not an atomic-type (integer, real, boolean, string or uuid)'],
  ['min-gt-max', '$.tables.T.columns.a.type.max', 'max must be an integer from 1 to 4294967294 or "unlimited" (not 0)'],
  ['min-two', '$.tables.T.columns.a.type.min', 'min must be 0 or 1 (not 2)'],
  ['max-word', '$.tables.T.columns.a.type.max', 'max must be an integer from 1 to 4294967294 or "unlimited" (not "many")'],
  ['missing-key', '$.tables.T.columns.a.type', 'required member "key" is missing'],
  ['integer-limits', '$.tables.T.columns.a.type.key', 'minInteger exceeds maxInteger'],
  ['length-limits', '$.tables.T.columns.a.type.key', 'minLength exceeds maxLength'],
  ['length-range', '$.tables.T.columns.a.type.key.maxLength', '4294967296 is out of valid range 0 to 4294967295'],
  ['real-limits', '$.tables.T.columns.a.type.key', 'minReal exceeds maxReal'],
  ['member-for-type', '$.tables.T.columns.a.type.key.minLength', 'member "minLength" is not allowed in a base type of type "integer"'],
  ['enum-type', '$.tables.T.columns.a.type.key.enum[1][1]', 'expected integer, not "a"'],
  ['enum-empty', '$.tables.T.columns.a.type.key.enum', 'enum must have at least one value'],
  ['enum-duplicate', '$.tables.T.columns.a.type.key.enum', 'enum contains duplicate value 3'],
  ['enum-constraint', '$.tables.T.columns.a.type.key.minInteger', 'member "minInteger" may not be combined with "enum"'],
  ['enum-uuid', '$.tables.T.columns.a.type.key.enum[1]', '"not-a-uuid" is not a valid UUID'],
  ['unknown-reftable', '$.tables.T.columns.r.type.key.refTable', 'column r key refers to undefined table Nope'],
  ['value-reftable', '$.tables.T.columns.m.type.value.refTable', 'column m value refers to undefined table Nope'],
  ['reftable-on-string', '$.tables.T.columns.r.type.key.refTable', 'member "refTable" is not allowed in a base type of type "string"'],
  ['reftype', '$.tables.T.columns.r.type.key.refType', 'refType must be "strong" or "weak" (not "medium")'],
  ['reftype-alone', '$.tables.T.columns.r.type.key.refType', 'refType is allowed only together with refTable'],
  ['index-unknown', '$.tables.T.indexes[1][0]', 'index names unknown column "b"'],
  ['index-empty', '$.tables.T.indexes[0]', 'index must have at least one column'],
  ['index-twice', '$.tables.T.indexes[0]', 'index names column "a" twice'],
  ['index-ephemeral', '$.tables.T.indexes[0][0]', 'ephemeral columns (such as a) may not be indexed'],
  ['index-version', '$.tables.T.indexes[0][0]', 'ephemeral columns (such as _version) may not be indexed'],
];

describe('bad schema files', () => {
  it.each(BAD)('bad-%s: at %s: %s', (name, path, problem) => {
    const file = join(BAD_DIR, `bad-${name}.ovsschema`);
    let err: unknown;
    try {
      loadSchemaFile(file, parseJson);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SchemaError);
    const se = err as SchemaError;
    expect({ path: se.path, source: se.source }).toEqual({ path, source: file });
    if (typeof problem === 'string') expect(se.problem).toBe(problem);
    else expect(se.problem).toMatch(problem);
    expect(se.message).toBe(`${file}: at ${path}: ${se.problem}`);
  });

  it.runIf(OVSDB_TOOL !== null).each(BAD)('ovsdb-tool rejects bad-%s too', (name) => {
    const r = spawnSync(OVSDB_TOOL as string, ['schema-name', join(BAD_DIR, `bad-${name}.ovsschema`)], { encoding: 'utf8', timeout: 10_000 });
    expect(r.status).toBe(1);
  });

  it('names a missing file', () => {
    const file = join(BAD_DIR, 'no-such-file.ovsschema');
    expect(() => loadSchemaFile(file, parseJson)).toThrow(`${file}: at $: cannot read file: ENOENT`);
  });
});

describe('normalisations (as ovsdb-server 3.1)', () => {
  it('accepts a schema without version; "cksum" "" counts as absent', () => {
    const s = schemaFromJson({ name: 'D', cksum: '', tables: { T: { columns: { a: { type: 'integer' } } } } });
    expect(s.version).toBe('');
    expect(s.cksum).toBeNull();
  });

  it('makes every table a root when none says isRoot true', () => {
    const s = schemaFromJson({
      name: 'D',
      tables: { A: { columns: { a: { type: 'integer' } }, isRoot: false }, B: { columns: { b: { type: 'integer' } } } },
    });
    expect([...s.tables.values()].map((t) => t.isRoot)).toEqual([true, true]);
  });

  it('forces weak-reference columns mutable, strong ephemeral refs to non-roots persistent', () => {
    const s = schemaFromJson({
      name: 'D',
      tables: {
        R: {
          isRoot: true,
          columns: {
            w: { type: { key: { type: 'uuid', refTable: 'N', refType: 'weak' } }, mutable: false },
            v: { type: { key: 'string', value: { type: 'uuid', refTable: 'N', refType: 'weak' } }, mutable: false },
            s: { type: { key: { type: 'uuid', refTable: 'N' } }, ephemeral: true },
            r: { type: { key: { type: 'uuid', refTable: 'R' } }, ephemeral: true },
            i: { type: 'integer', mutable: false },
          },
        },
        N: { columns: { x: { type: 'string' } } },
      },
    });
    const cols = s.tables.get('R')?.columns;
    expect([...(cols?.values() ?? [])].map((c) => [c.name, c.mutable, c.ephemeral])).toEqual([
      ['w', true, false],
      ['v', true, false],
      ['s', true, false],
      ['r', true, true],
      ['i', false, false],
    ]);
  });

  it('treats maxRows of 2^32-1 or more as unlimited; keeps table mutable', () => {
    const s = schemaFromJson(oneTable({ a: { type: 'integer' } }, { maxRows: 99999999999, mutable: false }));
    expect(s.tables.get('T')).toMatchObject({ maxRows: Infinity, mutable: false });
    expect(schemaFromJson(oneTable({ a: { type: 'integer' } }, { maxRows: 4294967294 })).tables.get('T')?.maxRows).toBe(4294967294);
  });

  it('stores default limits as none and sorts enums in OVSDB atom order', () => {
    const t = (type: Json): Json => schemaFromJson(oneTable({ a: { type } })).tables.get('T')?.columns.get('a')?.type as unknown as Json;
    expect(t({ key: { type: 'string', minLength: 0, maxLength: 4294967295 } })).toMatchObject({ key: { minLength: null, maxLength: null } });
    expect(t({ key: { type: 'real', minReal: -Number.MAX_VALUE } })).toMatchObject({ key: { minReal: null } });
    expect(t({ key: { type: 'string', enum: ['set', ['\u{1F600}', '\uE000', 'b', 'B']] } })).toMatchObject({
      key: { enum: ['B', 'b', '\uE000', '\u{1F600}'] },
    });
    expect(t({ key: { type: 'integer', enum: ['set', [10, -3, 2n ** 62n]] } })).toMatchObject({ key: { enum: [-3n, 10n, 2n ** 62n] } });
    expect(t({ key: { type: 'boolean', enum: ['set', [true, false]] } })).toMatchObject({ key: { enum: [false, true] } });
    expect(t({ key: { type: 'uuid', enum: ['uuid', 'ABCDEF01-0000-0000-0000-00000000000A'] } })).toMatchObject({
      key: { enum: ['abcdef01-0000-0000-0000-00000000000a'] },
    });
  });

  it('keeps 64-bit integer limits exact (bigint input) and rejects values beyond them', () => {
    const key = { type: 'integer', minInteger: -(2n ** 63n) + 1n, maxInteger: 2n ** 63n - 2n };
    expect(baseTypeFromJson(key)).toMatchObject({ minInteger: -(2n ** 63n) + 1n, maxInteger: 2n ** 63n - 2n });
    expect(baseTypeFromJson({ type: 'integer', maxInteger: 2n ** 63n - 1n }).maxInteger).toBeNull();
    expect(() => baseTypeFromJson({ type: 'integer', maxInteger: 2n ** 63n }, '$.k')).toThrow(
      'at $.k.maxInteger: 9223372036854775808 is not a 64-bit signed integer',
    );
    expect(() => baseTypeFromJson({ type: 'integer', minInteger: 1.5 })).toThrow('at $.minInteger: expected integer, not 1.5');
  });

  it('accepts any valid id as a name, even Object.prototype ones', () => {
    const s = schemaFromJson({ name: '_D', tables: { constructor: { columns: { toString: { type: 'integer' } } } } });
    expect(s.tables.get('constructor')?.columns.get('toString')?.type.key.type).toBe('integer');
  });
});

describe('type helpers', () => {
  it('parse types on their own, with paths under the given base', () => {
    expect(columnTypeFromJson('uuid')).toEqual({
      key: baseTypeFromJson('uuid'),
      value: null,
      min: 1,
      max: 1,
    });
    expect(columnTypeFromJson({ key: 'string', value: 'integer', min: 0, max: 'unlimited' })).toMatchObject({
      key: { type: 'string' },
      value: { type: 'integer' },
      min: 0,
      max: Infinity,
    });
    expect(() => columnTypeFromJson({ key: 'string', value: { type: 'blob' } }, '$.x')).toThrow(
      'at $.x.value.type: "blob" is not an atomic-type',
    );
    expect(() => columnTypeFromJson(5)).toThrow('at $: expected an atomic-type name or a type object, not 5');
  });

  it('reports with and without a source', () => {
    const e = parseError(oneTable({ a: { type: 'int' } }), 'x.ovsschema');
    expect(e.message).toBe('x.ovsschema: at $.tables.T.columns.a.type: "int" is not an atomic-type (integer, real, boolean, string or uuid)');
    expect(parseError(oneTable({ a: { type: 'int' } })).message).toMatch(/^at \$\.tables\.T\.columns\.a\.type: /);
    expect(e.toJson()).toMatchObject({ error: 'syntax error' });
  });
});
