/**
 * RFC 7047 §5.1 conditions: every function on every kind of column of the Atoms table
 * (scalars, optional scalars, sets, maps, enums), on a fixed three-row data set, plus malformed
 * conditions. `includes`/`excludes` on sets and maps test subset semantics; on scalars they are
 * `==`/`!=`. Ordering functions apply only to integer and real columns (optional ones too).
 */
import type { Json, JsonObject } from '../../../src/ovsdb/json.js';
import type { DiffCase, Step } from '../harness.js';
import { insert, map, select, set, uuid, type Cond } from './ops.js';

const U1 = uuid('11111111-1111-4111-8111-111111111111');
const U2 = uuid('22222222-2222-4222-8222-222222222222');
const U3 = uuid('33333333-3333-4333-8333-333333333333');

/** Three rows, told apart by `i`; each column holds an empty/small/larger value. */
const ROWS: JsonObject[] = [
  { i: 1, r: -1.5, b: false, s: '', u: U1, es: set(), ses: set() },
  {
    i: 2, r: 0, b: true, s: 'abc', u: U2, oi: 5, or: 2.5, ob: true, os: 'x', ou: U1,
    si: set(1), sr: set(0.5), sb: set(true), ss: set('a'), su: set(U1),
    mss: map(['a', '1']), mis: map([1, 'x']), msi: map(['k', 1]), mir: map([1, 0.5]), mbu: map([true, U1]),
    es: 'red', ses: set('red'),
  },
  {
    i: 3, r: 2.5, b: false, s: 'b', u: U3, oi: -5, or: -1, ob: false, os: 'y', ou: U2,
    si: set(1, 2, 3), sr: set(0.5, 1), sb: set(true, false), ss: set('a', 'b'), su: set(U1, U2),
    mss: map(['a', '1'], ['b', '2']), mis: map([1, 'x'], [2, 'y']), msi: map(['k', 1], ['l', 2]),
    mir: map([1, 0.5], [2, 1.5]), mbu: map([true, U1], [false, U2]),
    es: 'blue', ses: set('blue', 'red'),
  },
];

const SETUP: Step = ROWS.map((row) => insert('Atoms', row));

const ORDERED = ['<', '<=', '>', '>='];
const EQUALITY = ['==', '!=', 'includes', 'excludes'];

interface ColumnCase {
  readonly column: string;
  /** Operand values tried with every function. */
  readonly operands: readonly Json[];
  /** Integer or real scalar (possibly optional): ordering functions allowed. */
  readonly ordered: boolean;
}

const COLUMNS: ColumnCase[] = [
  { column: 'i', operands: [2, 0], ordered: true },
  { column: 'r', operands: [0, 2.5, -1.5], ordered: true },
  { column: 'b', operands: [true, false], ordered: false },
  { column: 's', operands: ['abc', '', 'zzz'], ordered: false },
  { column: 'u', operands: [U1, U3], ordered: false },
  { column: 'oi', operands: [5, set(), set(-5)], ordered: true },
  { column: 'or', operands: [2.5, set()], ordered: true },
  { column: 'ob', operands: [true, set()], ordered: false },
  { column: 'os', operands: ['x', set()], ordered: false },
  { column: 'ou', operands: [U1, set()], ordered: false },
  { column: 'si', operands: [set(1), set(1, 2), set(), 3], ordered: false },
  { column: 'sr', operands: [set(0.5), set(0.5, 1)], ordered: false },
  { column: 'sb', operands: [set(true), set(true, false)], ordered: false },
  { column: 'ss', operands: [set('a'), set('b', 'a'), set()], ordered: false },
  { column: 'su', operands: [set(U1), set(U2)], ordered: false },
  { column: 'mss', operands: [map(['a', '1']), map(['a', '2']), map()], ordered: false },
  { column: 'mis', operands: [map([1, 'x']), map([2, 'y'], [1, 'x'])], ordered: false },
  { column: 'msi', operands: [map(['k', 1]), map(['l', 2])], ordered: false },
  { column: 'mir', operands: [map([1, 0.5]), map([2, 1.5])], ordered: false },
  { column: 'mbu', operands: [map([true, U1]), map([false, U2])], ordered: false },
  { column: 'es', operands: ['red', set()], ordered: false },
  { column: 'ses', operands: [set('red'), set('blue')], ordered: false },
];

function isEmptySet(v: Json): boolean {
  return Array.isArray(v) && v[0] === 'set' && Array.isArray(v[1]) && v[1].length === 0;
}

function functionCase(c: ColumnCase, fn: string, operands = c.operands): DiffCase {
  const selects = operands.map((v) => select('Atoms', [[c.column, fn, v]], ['i']));
  return { name: `${c.column} ${fn}`, steps: [SETUP, selects] };
}

function generated(): DiffCase[] {
  const out: DiffCase[] = [];
  for (const c of COLUMNS) {
    for (const fn of EQUALITY) out.push(functionCase(c, fn));
    for (const fn of ORDERED) {
      if (!c.ordered) {
        out.push({ ...functionCase(c, fn), errors: ['syntax error'] });
        continue;
      }
      // An ordering function needs exactly one operand atom, even on an optional column.
      out.push(functionCase(c, fn, c.operands.filter((v) => !isEmptySet(v))));
      if (c.operands.some(isEmptySet)) {
        out.push({ ...functionCase(c, fn, [set()]), name: `${c.column} ${fn} empty set`, errors: ['syntax error'] });
      }
    }
  }
  return out;
}

function conditionError(name: string, cond: Json, errors: string[] = ['syntax error']): DiffCase {
  return { name, steps: [SETUP, [{ op: 'select', table: 'Atoms', where: [cond], columns: ['i'] }]], errors };
}

const where = (conds: readonly Cond[]): Step => [select('Atoms', conds, ['i'])];

export const CONDITION_CASES: DiffCase[] = [
  ...generated(),
  { name: 'empty where matches all', steps: [SETUP, where([])] },
  { name: 'conjunction of conditions', steps: [SETUP, where([['i', '>', 1], ['b', '==', false]])] },
  { name: 'contradictory conditions', steps: [SETUP, where([['i', '<', 2], ['i', '>', 2]])] },
  { name: '_uuid equality', steps: [SETUP, where([['_uuid', '==', ['uuid', '<1>']]])] },
  { name: '_uuid inequality', steps: [SETUP, where([['_uuid', '!=', ['uuid', '<1>']]])] },
  { name: '_uuid includes', steps: [SETUP, where([['_uuid', 'includes', ['uuid', '<2>']]])] },
  { name: '_uuid of no row', steps: [SETUP, where([['_uuid', '==', U1]])] },
  { name: '_version condition', steps: [SETUP, [select('Atoms', [['i', '==', 1]], ['_version'])], where([['_version', '==', ['uuid', '<3>']]])] },
  { name: 'condition on real with integer operand', steps: [SETUP, where([['r', '<', 1]])] },
  { name: 'condition on integer with real operand', errors: ['syntax error'], steps: [SETUP, where([['i', '<', 1.5]])] },
  conditionError('unknown column in condition', ['nosuch', '==', 1], ['unknown column']),
  conditionError('unknown function', ['i', '=~', 1], ['unknown function']),
  conditionError('function not a string', ['i', 1, 1]),
  conditionError('condition too short', ['i', '==']),
  conditionError('condition too long', ['i', '==', 1, 2]),
  conditionError('condition not an array', { i: 1 }),
  conditionError('operand of wrong type', ['s', '==', 1]),
  conditionError('operand set too large for scalar', ['i', '==', set(1, 2)]),
  conditionError('operand set too large for optional', ['oi', 'includes', set(1, 2)]),
  conditionError('operand violates set max', ['s02', 'includes', set('a', 'b', 'c')]),
  conditionError('== operand violates set max', ['s02', '==', set('a', 'b', 'c')]),
  conditionError('== operand below set min', ['s13', '==', set()]),
  // "excludes" lifts the operand's size limits, except on a scalar column.
  { name: 'excludes operand above set max', steps: [SETUP, where([['s02', 'excludes', set('a', 'b', 'c')]])] },
  { name: 'excludes operand above map max', steps: [SETUP, where([['m12', 'excludes', map(['a', 1], ['b', 2], ['c', 3])]])] },
  { name: 'excludes operand above optional max', steps: [SETUP, where([['oi', 'excludes', set(5, -5)]])] },
  { name: 'excludes operand below set min', steps: [SETUP, where([['s13', 'excludes', set()]])] },
  conditionError('excludes operand of two on scalar', ['i', 'excludes', set(1, 2)]),
  conditionError('includes operand above map max', ['m12', 'includes', map(['a', 1], ['b', 2], ['c', 3])]),
  conditionError('operand map for set column', ['si', 'includes', map([1, 2])]),
  conditionError('operand outside enum', ['es', '==', 'pink'], ['constraint violation']),
  conditionError('operand outside range', ['ri', '==', 1000], ['constraint violation']),
  conditionError('operand too long', ['ls', '!=', 'abcdef'], ['constraint violation']),
  { name: 'operand below set min is allowed', steps: [SETUP, where([['s13', 'includes', set()]])] },
  {
    name: 'where not an array',
    steps: [SETUP, [{ op: 'select', table: 'Atoms', where: { i: 1 } }]],
    errors: ['syntax error'],
  },
  { name: 'where missing', steps: [SETUP, [{ op: 'select', table: 'Atoms' }]], errors: ['syntax error'] },
];
