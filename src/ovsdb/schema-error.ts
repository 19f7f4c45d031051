/**
 * Errors found while reading an OVSDB schema (ovsdb(7) "Schemas", RFC 7047 §3.2).
 *
 * A `SchemaError` names where the problem is as a JSON path into the schema document
 * (`$.tables.Logical_Switch.columns.ports.type.key.refTable`) and says what is wrong. Its message
 * is "FILE: at PATH: PROBLEM" (without "FILE: " when the schema came from no file), the one line
 * the CLI prints before exiting 1.
 *
 * It is an `OvsdbError` tagged "syntax error", as ovsdb-server tags schema parse failures, so a
 * schema sent by a client (the `convert` method) fails with the same value.
 */
import { ErrorTag, OvsdbError } from './error.js';

export class SchemaError extends OvsdbError {
  constructor(
    /** JSON path of the offending member, `$` for the whole document. */
    readonly path: string,
    /** What is wrong, in one sentence without a trailing period. */
    readonly problem: string,
    /** The file (or other origin) the schema was read from, when known. */
    readonly source?: string,
  ) {
    super(ErrorTag.SYNTAX_ERROR, `at ${path}: ${problem}`);
    this.name = 'SchemaError';
    this.message = source === undefined ? `at ${path}: ${problem}` : `${source}: at ${path}: ${problem}`;
  }

  /** The same error, attributed to `source`. */
  withSource(source: string): SchemaError {
    return new SchemaError(this.path, this.problem, source);
  }
}

export function isSchemaError(e: unknown): e is SchemaError {
  return e instanceof SchemaError;
}

/** The JSON path root, the document itself. */
export const ROOT_PATH = '$';

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `path` extended by one member name (`.name`) or array index (`[3]`); odd names are quoted. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return PLAIN_KEY.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

/** A short JSON rendering of a value for a problem text (long text cut). */
export function describeJson(value: unknown): string {
  const MAX_CHARS = 60;
  let text: string;
  if (typeof value === 'bigint') {
    text = String(value);
  } else {
    // Nested bigints are shown as numbers: approximate, but this is only a message.
    text = JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)) ?? String(value);
  }
  return text.length > MAX_CHARS ? `${text.slice(0, MAX_CHARS - 3)}...` : text;
}
