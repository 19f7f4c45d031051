/**
 * The named-UUID table of one transaction (RFC 7047 §5.1 "<named-uuid>", §5.2.1 "uuid-name").
 *
 * A name may be used before the insert that declares it: the first use creates the symbol with
 * a fresh UUID, and the insert then adopts it (as ovsdb-server's `ovsdb_symbol_table_insert`).
 */
import type { UuidGenerator } from './uuid.js';

export interface UuidSymbol {
  uuid: string;
  /** An insert declared this name with "uuid-name". */
  created: boolean;
}

export class SymbolTable {
  readonly #symbols = new Map<string, UuidSymbol>();

  constructor(readonly newUuid: UuidGenerator) {}

  get(name: string): UuidSymbol | undefined {
    return this.#symbols.get(name);
  }

  /** The symbol for `name`, created with a fresh UUID if it does not exist yet. */
  insert(name: string): UuidSymbol {
    let sym = this.#symbols.get(name);
    if (sym === undefined) {
      sym = { uuid: this.newUuid(), created: false };
      this.#symbols.set(name, sym);
    }
    return sym;
  }
}

/** RFC 7047 §3.1 <id>: `[a-zA-Z_][a-zA-Z0-9_]*` (ovsdb-server's `ovsdb_parser_is_id`). */
export function isId(s: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(s);
}
