/**
 * The member reader for one operation object, with ovsdb-server's `ovsdb_parser` semantics:
 * the first problem is remembered (later ones are ignored) and reported as
 * `Parsing ovsdb operation <i> of <n> failed: <message>` with the operation as "syntax";
 * members that no handler asked for are reported by `finish()`.
 */
import type { Json, JsonObject } from '../ovsdb/json.js';
import { isJsonObject, member } from '../ovsdb/json.js';
import { OvsdbError } from '../ovsdb/error.js';
import { syntaxError } from '../ovsdb/atom.js';
import { isJsonInteger } from '../ovsdb/json-text.js';
import { isId } from '../ovsdb/symtab.js';
import { ovsKeyOrder } from '../ovsdb/ovs-order.js';

/** JSON kinds a member may have (OVS `enum ovsdb_parser_types`). */
export const OP = {
  NULL: 1,
  BOOLEAN: 2,
  OBJECT: 4,
  ARRAY: 8,
  INTEGER: 16,
  REAL: 32,
  STRING: 64,
  /** A string that is an <id>. */
  ID: 128,
  OPTIONAL: 256,
} as const;

function kindOf(v: Json): number {
  if (v === null) return OP.NULL;
  if (typeof v === 'boolean') return OP.BOOLEAN;
  if (typeof v === 'string') return OP.STRING;
  if (Array.isArray(v)) return OP.ARRAY;
  if (typeof v === 'object') return OP.OBJECT;
  return isJsonInteger(v) ? OP.INTEGER : OP.REAL;
}

export class OpParser {
  readonly json: JsonObject | null;
  #error: OvsdbError | null = null;
  readonly #used = new Set<string>();

  constructor(
    json: Json,
    readonly name: string,
  ) {
    this.json = isJsonObject(json) ? json : null;
    if (this.json === null) this.raise('Object expected.');
  }

  /** Records a problem unless one is recorded already (OVS `ovsdb_parser_raise_error`). */
  raise(message: string): void {
    if (this.#error === null) {
      this.#error = syntaxError(this.json ?? undefined, `Parsing ${this.name} failed: ${message}`);
    }
  }

  get error(): OvsdbError | null {
    return this.#error;
  }

  /** Throws the recorded problem, if any (OVS `ovsdb_parser_get_error`). */
  check(): void {
    if (this.#error !== null) throw this.#error;
  }

  /** A member of one of the kinds in `types`; undefined (and a recorded problem) otherwise. */
  member(name: string, types: number): Json | undefined {
    if (this.json === null) return undefined;
    const value = member(this.json, name);
    if (value === undefined) {
      if (!(types & OP.OPTIONAL)) this.raise(`Required '${name}' member is missing.`);
      return undefined;
    }
    const kind = kindOf(value);
    if ((types & kind) !== 0 || (types & OP.ID && typeof value === 'string' && isId(value))) {
      this.#used.add(name);
      return value;
    }
    this.raise(`Type mismatch for member '${name}'.`);
    return undefined;
  }

  string(name: string, types: number): string | undefined {
    return this.member(name, types) as string | undefined;
  }

  array(name: string, types: number): Json[] | undefined {
    return this.member(name, types) as Json[] | undefined;
  }

  /** The recorded problem, or one about members nobody asked for (OVS `ovsdb_parser_finish`). */
  finish(): OvsdbError | null {
    if (this.#error === null && this.json !== null) {
      const keys = Object.keys(this.json);
      const unused = keys.length - this.#used.size;
      if (unused > 0) {
        const first = ovsKeyOrder(keys).find((k) => !this.#used.has(k))!;
        if (unused > 1) {
          const s = unused > 2 ? 's' : '';
          this.raise(`Member '${first}' and ${unused - 1} other member${s} are present but not allowed here.`);
        } else {
          this.raise(`Member '${first}' is present but not allowed here.`);
        }
      }
    }
    return this.#error;
  }
}
