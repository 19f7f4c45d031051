/**
 * Conditions (RFC 7047 §5.1 <condition>, §5.2 "where"): parsing with ovsdb-server's checks and
 * error texts, and evaluation against rows.
 *
 * A clause is `[column, function, value]`, or the literal `true`/`false` (an ovsdb-server
 * extension also used by monitor_cond). Meaning, per RFC 7047 §5.1:
 *   - `<` `<=` `>` `>=` only on integer/real columns that hold one value or at most one value;
 *     an empty optional value satisfies none of them.
 *   - `==` `!=` compare whole values; `includes`/`excludes` ask whether every / no element
 *     (map pair) of the argument is in the column. On a column that holds at most one value they
 *     compare that value with the argument's one element.
 */
import type { Json } from './json.js';
import type { ColumnType } from './types.js';
import { OvsdbError } from './error.js';
import { compareAtoms, syntaxError } from './atom.js';
import {
  datumEquals,
  datumExcludesAll,
  datumFromJson,
  datumIncludesAll,
  isOptionalScalarType,
  isScalarType,
  typeToEnglish,
  type Datum,
} from './datum.js';
import type { Row, TableLayout } from './row.js';
import type { SymbolTable } from './symtab.js';

export const FUNCTIONS = ['<', '<=', '==', '!=', '>=', '>', 'includes', 'excludes'] as const;
export type ConditionFunction = (typeof FUNCTIONS)[number];

export type Clause =
  | { readonly kind: 'const'; readonly value: boolean }
  | {
      readonly kind: 'compare';
      readonly ordinal: number;
      readonly type: ColumnType;
      readonly fn: ConditionFunction;
      readonly arg: Datum;
    };

export interface Condition {
  readonly clauses: readonly Clause[];
}

function isFunction(s: string): s is ConditionFunction {
  return (FUNCTIONS as readonly string[]).includes(s);
}

function isOrdered(fn: ConditionFunction): boolean {
  return fn === '<' || fn === '<=' || fn === '>' || fn === '>=';
}

/**
 * The type the argument of `fn` is parsed with. ovsdb-server (condition.c) relaxes the column's
 * size limits on a non-scalar column: `includes` takes any subset (min 0, max kept) and
 * `excludes` any number of elements (min 0, max unlimited, so an optional column's operand may
 * have several). A scalar column keeps exactly one.
 */
function argType(fn: ConditionFunction, type: ColumnType): ColumnType {
  if (isOrdered(fn)) return { ...type, min: 1 };
  if (isScalarType(type)) return type;
  if (fn === 'includes') return { ...type, min: 0 };
  if (fn === 'excludes') return { ...type, min: 0, max: Infinity };
  return type;
}

export function clauseFromJson(layout: TableLayout, json: Json, symtab?: SymbolTable): Clause {
  if (typeof json === 'boolean') return { kind: 'const', value: json };
  if (!Array.isArray(json) || json.length !== 3 || typeof json[0] !== 'string' || typeof json[1] !== 'string') {
    throw syntaxError(json, 'Parse error in condition.');
  }
  const [name, fnName, argJson] = json as [string, string, Json];
  const ordinal = layout.ordinal(name);
  if (ordinal === undefined) throw syntaxError(json, `No column ${name} in table ${layout.name}.`, 'unknown column');
  if (!isFunction(fnName)) throw new OvsdbError('unknown function', `No function named ${fnName}.`);
  const type = layout.column(ordinal).type;
  if (isOrdered(fnName)) {
    const kt = type.key.type;
    if ((!isScalarType(type) && !isOptionalScalarType(type)) || (kt !== 'integer' && kt !== 'real')) {
      throw syntaxError(
        json,
        `Type mismatch: "${fnName}" operator may not be applied to column ${name} of type ${typeToEnglish(type)}.`,
      );
    }
  }
  const arg = datumFromJson(argJson, argType(fnName, type), symtab);
  return { kind: 'compare', ordinal, type, fn: fnName, arg };
}

/** Parses a "where" array (already known to be an array). Throws OvsdbError. */
export function conditionFromJson(layout: TableLayout, json: readonly Json[], symtab?: SymbolTable): Condition {
  return { clauses: json.map((c) => clauseFromJson(layout, c, symtab)) };
}

function compareOne(fn: ConditionFunction, c: number): boolean {
  switch (fn) {
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '==':
    case 'includes':
      return c === 0;
    case '!=':
    case 'excludes':
      return c !== 0;
    case '>=':
      return c >= 0;
    case '>':
      return c > 0;
  }
}

/** Does one column value satisfy `[column, fn, arg]`? (OVS `ovsdb_clause_evaluate`.) */
export function evaluateFunction(fn: ConditionFunction, field: Datum, arg: Datum, type: ColumnType): boolean {
  const atMostOne = type.value === null && type.max === 1;
  if (atMostOne && field.keys.length === 0 && isOrdered(fn)) return false;
  if (atMostOne && field.keys.length === 1 && arg.keys.length === 1) {
    return compareOne(fn, compareAtoms(field.keys[0]!, arg.keys[0]!, type.key.type));
  }
  switch (fn) {
    case '==':
      return datumEquals(field, arg, type);
    case '!=':
      return !datumEquals(field, arg, type);
    case 'includes':
      return datumIncludesAll(arg, field, type);
    case 'excludes':
      return datumExcludesAll(arg, field, type);
    default:
      return false;
  }
}

export function evaluateClause(clause: Clause, row: Row): boolean {
  if (clause.kind === 'const') return clause.value;
  return evaluateFunction(clause.fn, row.at(clause.ordinal), clause.arg, clause.type);
}

/** All clauses hold (the empty condition matches every row). */
export function evaluateCondition(cond: Condition, row: Row): boolean {
  for (const c of cond.clauses) if (!evaluateClause(c, row)) return false;
  return true;
}

/** The condition can never match (some clause is the literal false). */
export function conditionIsFalse(cond: Condition): boolean {
  return cond.clauses.some((c) => c.kind === 'const' && !c.value);
}
