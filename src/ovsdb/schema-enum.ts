/**
 * The "enum" member of a base type (RFC 7047 §3.2 <base-type>): a <set> of atoms of the base
 * type's atomic type, written as one bare atom or as `["set", [atom, ...]]`.
 *
 * ovsdb-server parses it as a value of type "set of 1 or more atoms" without further constraints,
 * so it must be non-empty and free of duplicates; it is kept sorted in OVSDB atom order.
 */
import { isJsonObject, type Json } from './json.js';
import type { Atom, AtomicType } from './types.js';
import { atomComparator } from './atom.js';
import { isJsonInteger } from './json-text.js';
import { parseUuid } from './uuid.js';
import { SchemaError, childPath, describeJson } from './schema-error.js';



/**
 * `v` as a signed 64-bit integer, or null when it is not one (RFC 7047 §3.1: <integer> is
 * 64-bit signed). Integral numbers count, as ovsdb-server reads `1.0` as an integer.
 */
export function int64FromJson(v: Json | undefined): bigint | null {
  return v !== undefined && isJsonInteger(v) ? BigInt(v) : null;
}

/** One atom of `type` in the untagged wire form (uuids as `["uuid", "…"]`). */
export function enumAtomFromJson(type: AtomicType, json: Json, path: string): Atom {
  switch (type) {
    case 'integer': {
      const b = int64FromJson(json);
      if (b === null) throw new SchemaError(path, `expected integer, not ${describeJson(json)}`);
      return b;
    }
    case 'real':
      if (typeof json === 'number') return json;
      if (typeof json === 'bigint') return Number(json);
      throw new SchemaError(path, `expected real, not ${describeJson(json)}`);
    case 'boolean':
      if (typeof json === 'boolean') return json;
      throw new SchemaError(path, `expected boolean, not ${describeJson(json)}`);
    case 'string':
      if (typeof json === 'string') return json;
      throw new SchemaError(path, `expected string, not ${describeJson(json)}`);
    case 'uuid':
      return uuidFromJson(json, path);
  }
}

function uuidFromJson(json: Json, path: string): string {
  if (!Array.isArray(json) || json.length !== 2 || json[0] !== 'uuid' || typeof json[1] !== 'string') {
    throw new SchemaError(path, `expected ["uuid", <string>], not ${describeJson(json)}`);
  }
  const uuid = parseUuid(json[1]);
  if (uuid === null) throw new SchemaError(childPath(path, 1), `${describeJson(json[1])} is not a valid UUID`);
  return uuid;
}

/** Parses an "enum" member at `path`: a non-empty set without duplicates, returned sorted. */
export function enumFromJson(type: AtomicType, json: Json, path: string): Atom[] {
  let atoms: Atom[];
  if (Array.isArray(json) && json[0] === 'set') {
    const elems = json[1];
    if (json.length !== 2 || !Array.isArray(elems)) {
      throw new SchemaError(path, `expected an atom or ["set", [<atom>, ...]], not ${describeJson(json)}`);
    }
    if (elems.length === 0) throw new SchemaError(path, 'enum must have at least one value');
    const elemsPath = childPath(path, 1);
    atoms = elems.map((e, i) => enumAtomFromJson(type, e, childPath(elemsPath, i)));
  } else if (isJsonObject(json) || (Array.isArray(json) && type !== 'uuid')) {
    throw new SchemaError(path, `expected an atom or ["set", [<atom>, ...]], not ${describeJson(json)}`);
  } else {
    atoms = [enumAtomFromJson(type, json, path)];
  }
  const cmp = atomComparator(type);
  atoms.sort(cmp);
  for (let i = 1; i < atoms.length; i++) {
    if (cmp(atoms[i - 1] as Atom, atoms[i] as Atom) === 0) {
      throw new SchemaError(path, `enum contains duplicate value ${describeAtom(atoms[i] as Atom)}`);
    }
  }
  return atoms;
}

function describeAtom(a: Atom): string {
  return typeof a === 'bigint' ? String(a) : describeJson(a);
}
