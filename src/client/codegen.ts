/**
 * `ovsdb-ts codegen SCHEMA`: TypeScript types for the rows of a schema's tables (model.ts).
 *
 * For each table an interface named in PascalCase (`Logical_Switch_Port` → `LogicalSwitchPort`,
 * acronyms as words: `ACL` → `Acl`, `NB_Global` → `NbGlobal`) with `_uuid` and one readonly
 * property per column, typed as the client decodes it (values.ts): enums as unions of literals,
 * optional columns as `T | null`, sets as `readonly T[]`, maps as `ReadonlyMap<K, V>`, references
 * as `U` (a `Uuid` when read, a `Uuid` or `NamedUuid` when written; the referenced table is named
 * in the doc comment). Then the tables' map, the model, and a `DatabaseRef` constant:
 *   client.database(OVN_NORTHBOUND)  →  Database<OvnNorthbound>
 * The output depends only on the schema and the options, so that it can be checked in and
 * compared.
 */
import type { Atom, BaseType, ColumnSchema, ColumnType, DatabaseSchema, TableSchema } from '../ovsdb/types.js';
import { typeToEnglish } from '../ovsdb/datum.js';
import { integerIsNumber, shapeOf } from './values.js';

export const DEFAULT_IMPORT_FROM = 'ovsdb-ts';

export interface CodegenOptions {
  /** The module the generated file imports the client's types from (default "ovsdb-ts"). */
  readonly importFrom?: string;
  /** Shown in the header, e.g. the schema file's name. */
  readonly source?: string;
}

/** Names the generated file uses for itself; a table whose type name would clash gets "Row". */
const RESERVED = new Set(['U', 'Uuid', 'UuidInput', 'DatabaseRef', 'databaseRef', 'ReadonlyMap']);
const INDENT = '  ';
const NUMBER_RE = /^-?\d/;

/** `Logical_Switch_Port` → `LogicalSwitchPort`; all-capital words become capitalised: `OVN` → `Ovn`. */
export function pascalCase(name: string): string {
  return name
    .split('_')
    .filter((w) => w !== '')
    .map((w) => (w.length > 1 && w === w.toUpperCase() ? w[0] + w.slice(1).toLowerCase() : (w[0] as string).toUpperCase() + w.slice(1)))
    .join('');
}

/** `OVN_Northbound` → `OVN_NORTHBOUND`. */
export function constantCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/** A single-quoted TypeScript string literal. */
export function quote(s: string): string {
  return `'${JSON.stringify(s).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

function literal(atom: Atom, base: BaseType): string {
  switch (base.type) {
    case 'integer':
      return integerIsNumber(base) ? String(atom) : `${String(atom)}n`;
    case 'string':
      return quote(atom as string);
    default:
      return String(atom);
  }
}

function atomType(base: BaseType, hasUuid: { value: boolean }): string {
  if (base.enum !== null && base.type !== 'uuid') return base.enum.map((a) => literal(a, base)).join(' | ');
  switch (base.type) {
    case 'integer':
      return integerIsNumber(base) ? 'number' : 'bigint';
    case 'real':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'string';
    case 'uuid':
      hasUuid.value = true;
      return 'U';
  }
}

function columnTsType(type: ColumnType, hasUuid: { value: boolean }): string {
  const key = atomType(type.key, hasUuid);
  switch (shapeOf(type)) {
    case 'scalar':
      return key;
    case 'optional':
      return `${key} | null`;
    case 'set':
      return key.includes(' | ') ? `readonly (${key})[]` : `readonly ${key}[]`;
    case 'map':
      return `ReadonlyMap<${key}, ${atomType(type.value as BaseType, hasUuid)}>`;
  }
}

function bounds(base: BaseType): string[] {
  const notes: string[] = [];
  if (base.minInteger !== null || base.maxInteger !== null) notes.push(`${base.minInteger ?? 'min'} to ${base.maxInteger ?? 'max'}`);
  if (base.minReal !== null || base.maxReal !== null) notes.push(`${base.minReal ?? 'min'} to ${base.maxReal ?? 'max'}`);
  if (base.minLength !== null || base.maxLength !== null) notes.push(`length ${base.minLength ?? 0} to ${base.maxLength ?? 'max'}`);
  if (base.refTable !== null) notes.push(`${base.refType} reference to ${base.refTable}`);
  return notes;
}

function columnDoc(col: ColumnSchema): string {
  const english = shapeOf(col.type) === 'optional' ? `optional ${col.type.key.type}` : typeToEnglish(col.type);
  const notes = [english, ...bounds(col.type.key)];
  if (col.type.value !== null) notes.push(...bounds(col.type.value).map((n) => `value ${n}`));
  if (col.ephemeral) notes.push('ephemeral');
  if (!col.mutable) notes.push('immutable');
  return notes.join('; ').replace(/\*\//g, '*\\/');
}

function propertyName(name: string): string {
  return name === '__proto__' ? quote(name) : name;
}

interface TableOut {
  readonly table: TableSchema;
  readonly typeName: string;
  readonly generic: boolean;
  readonly text: string;
}

function tableInterface(table: TableSchema, typeName: string): TableOut {
  const hasUuid = { value: false };
  const lines = [`${INDENT}readonly _uuid: Uuid;`];
  for (const col of table.columns.values()) {
    const ts = columnTsType(col.type, hasUuid);
    lines.push(`${INDENT}/** ${columnDoc(col)} */`, `${INDENT}readonly ${propertyName(col.name)}: ${ts};`);
  }
  const params = hasUuid.value ? '<U = Uuid>' : '';
  const text = [`/** Table ${table.name}. */`, `export interface ${typeName}${params} {`, ...lines, '}'].join('\n');
  return { table, typeName, generic: hasUuid.value, text };
}

/** Unique PascalCase type names: "Row" after a name the file uses itself, a number after a repeat. */
function typeNames(schema: DatabaseSchema, reserved: ReadonlySet<string>): Map<string, string> {
  const taken = new Set(reserved);
  const names = new Map<string, string>();
  for (const name of schema.tables.keys()) {
    let base = pascalCase(name);
    if (base === '' || NUMBER_RE.test(base) || reserved.has(base)) base = `${base}Row`;
    let candidate = base;
    for (let i = 2; taken.has(candidate); i++) candidate = `${base}${i}`;
    taken.add(candidate);
    names.set(name, candidate);
  }
  return names;
}

/** The whole generated module. */
export function generateTypes(schema: DatabaseSchema, opts: CodegenOptions = {}): string {
  const model = pascalCase(schema.name);
  const tablesName = `${model}Tables`;
  const constName = constantCase(schema.name);
  const names = typeNames(schema, new Set([...RESERVED, model, tablesName]));
  const tables = [...schema.tables.values()].map((t) => tableInterface(t, names.get(t.name) as string));
  const anyGeneric = tables.some((t) => t.generic);
  const from = opts.importFrom ?? DEFAULT_IMPORT_FROM;
  const what = `${schema.name}${schema.version === '' ? '' : ` ${schema.version}`}${schema.cksum === null ? '' : `, cksum ${schema.cksum}`}`;
  const header = [
    `// Generated by \`ovsdb-ts codegen${opts.source === undefined ? '' : ` ${opts.source}`}\` from ${what}. Do not edit.`,
    `import { databaseRef, type DatabaseRef, type Uuid${anyGeneric ? ', type UuidInput' : ''} } from ${quote(from)};`,
  ];
  const tableMap = tables.map((t) => `${INDENT}readonly ${propertyName(t.table.name)}: ${t.typeName}${t.generic ? '<U>' : ''};`);
  const footer = [
    `/** Every table of ${schema.name}, by name. */`,
    `export interface ${tablesName}${anyGeneric ? '<U = Uuid>' : ''} {`,
    ...tableMap,
    '}',
    '',
    `/** The ${schema.name} database model: rows as read, and as written (uuids may be named). */`,
    `export interface ${model} {`,
    `${INDENT}readonly rows: ${tablesName};`,
    `${INDENT}readonly writes: ${tablesName}${anyGeneric ? '<UuidInput>' : ''};`,
    '}',
    '',
    `export const ${constName}: DatabaseRef<${model}> = databaseRef(${quote(schema.name)});`,
    `export const ${constName}_VERSION = ${quote(schema.version)};`,
  ];
  return [...header, '', ...tables.flatMap((t) => [t.text, '']), ...footer, ''].join('\n');
}
