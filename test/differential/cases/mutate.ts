/**
 * RFC 7047 §5.2.4 mutate and §5.1 <mutation>: every mutator on every type, arithmetic on sets,
 * insert/delete on sets and maps, overflow (range error), division by zero (domain error), and
 * the constraint re-check after mutation.
 */
import type { Json, JsonObject } from '../../../src/ovsdb/json.js';
import type { DiffCase, Step } from '../harness.js';
import { insert, map, mutate, select, set, uuid } from './ops.js';

const MAX = 9223372036854775807n;
const MIN = -9223372036854775808n;
const U1 = uuid('11111111-1111-4111-8111-111111111111');
const U2 = uuid('22222222-2222-4222-8222-222222222222');

const ROW: JsonObject = {
  i: 10, r: 2.5, b: true, s: 'abc', u: U1, oi: 7, or: 1.5,
  si: set(1, 2, 3), sr: set(0.5, 1.5), ss: set('a', 'b'), su: set(U1),
  s13: set(1, 2), s02: set('x'), sri: set(2, 4),
  mss: map(['a', '1'], ['b', '2']), msi: map(['k', 1]), mis: map([1, 'x']), m12: map(['a', 1]),
  ri: 50, rr: 0.5, mc: map(['a', 1]),
};
const SETUP: Step = [insert('Atoms', ROW)];

/** One mutation on the single row, then a select of the column. */
function mut(name: string, column: string, mutator: string, arg: Json, errors?: string[]): DiffCase {
  const steps: Step[] = [SETUP, [mutate('Atoms', [], [[column, mutator, arg]]), select('Atoms', [], [column])]];
  return errors === undefined ? { name, steps } : { name, steps, errors };
}

/** `i *= y` on a row whose i is x, then the result. */
function mulCase(name: string, x: Json, y: Json, errors?: string[]): DiffCase {
  const steps: Step[] = [[insert('Atoms', { i: x })], [mutate('Atoms', [], [['i', '*=', y]]), select('Atoms', [], ['i'])]];
  return errors === undefined ? { name, steps } : { name, steps, errors };
}

const ARITH = ['+=', '-=', '*=', '/=', '%='];

function arithmetic(): DiffCase[] {
  const out: DiffCase[] = [];
  for (const m of ARITH) {
    out.push(mut(`integer ${m}`, 'i', m, 3));
    out.push(mut(`optional integer ${m}`, 'oi', m, 2));
    out.push(mut(`integer set ${m}`, 'si', m, 2, m === '/=' || m === '%=' ? ['constraint violation'] : undefined));
    out.push(mut(`real ${m}`, 'r', m, 2, m === '%=' ? ['syntax error'] : undefined));
    out.push(mut(`real set ${m}`, 'sr', m, 0.5, m === '%=' ? ['syntax error'] : undefined));
    out.push(mut(`boolean ${m}`, 'b', m, true, ['syntax error']));
    out.push(mut(`string ${m}`, 's', m, 'x', ['syntax error']));
    out.push(mut(`uuid ${m}`, 'u', m, U2, ['syntax error']));
    out.push(mut(`map ${m}`, 'msi', m, 1, ['syntax error']));
  }
  return out;
}

export const MUTATE_CASES: DiffCase[] = [
  ...arithmetic(),
  mut('negative modulo', 'i', '%=', -3),
  mut('negative division truncates', 'i', '/=', -3),
  mut('real times negative', 'r', '*=', -1),
  mut('integer += real operand', 'i', '+=', 1.5, ['syntax error']),
  mut('real += integer operand', 'r', '+=', 1),
  mut('arithmetic operand is a set', 'i', '+=', set(1)),
  mut('arithmetic operand set of two', 'i', '+=', set(1, 2), ['syntax error']),
  { name: 'integer overflow on +=', steps: [[insert('Atoms', { i: MAX })], [mutate('Atoms', [], [['i', '+=', 1]])]], errors: ['range error'] },
  { name: 'integer overflow on -=', steps: [[insert('Atoms', { i: MIN })], [mutate('Atoms', [], [['i', '-=', 1]])]], errors: ['range error'] },
  { name: 'integer overflow on *=', steps: [[insert('Atoms', { i: 4611686018427387904n })], [mutate('Atoms', [], [['i', '*=', 2]])]], errors: ['range error'] },
  { name: 'integer min /= -1', steps: [[insert('Atoms', { i: MIN })], [mutate('Atoms', [], [['i', '/=', -1]])]], errors: ['range error'] },
  { name: 'integer min %= -1', steps: [[insert('Atoms', { i: MIN })], [mutate('Atoms', [], [['i', '%=', -1]]), select('Atoms', [], ['i'])]], errors: ['range error'] },
  { name: 'integer max += 0', steps: [[insert('Atoms', { i: MAX })], [mutate('Atoms', [], [['i', '+=', 0]]), select('Atoms', [], ['i'])]] },
  { name: 'integer set element overflow', steps: [[insert('Atoms', { si: set(1, MAX) })], [mutate('Atoms', [], [['si', '+=', 1]])]], errors: ['range error'] },
  // ovsdb-server's "*=" overflow test (mutation.c mul_int) is not exact: positive × positive
  // fails when x >= INT64_MAX / y (so 1 × INT64_MAX fails), and negative × negative compares y
  // with INT64_MAX / y (so -2^62 × -2 wraps to INT64_MIN instead of failing). (It also dies of
  // SIGFPE on "negative *= 0", which no case sends.)
  mulCase('1 *= INT64_MAX is a range error', 1, MAX, ['range error']),
  mulCase('2 *= 2^62-1 is a range error', 2, 4611686018427387903n, ['range error']),
  mulCase('3 *= 3 with positive operands', 3, 3),
  mulCase('-2^62 *= -2 wraps to INT64_MIN', -4611686018427387904n, -2),
  mulCase('-2^62 *= 2 reaches INT64_MIN exactly', -4611686018427387904n, 2),
  mulCase('-2^62-1 *= 2 is a range error', -4611686018427387905n, 2, ['range error']),
  mulCase('3 *= -(2^63-2)/3 is allowed', 3, -3074457345618258602n),
  mulCase('3 *= a more negative operand is a range error', 3, -3074457345618258603n, ['range error']),
  mulCase('-3 *= -2', -3, -2),
  mulCase('0 *= INT64_MIN', 0, MIN),
  mulCase('5 *= 0', 5, 0),
  mut('integer division by zero', 'i', '/=', 0, ['domain error']),
  mut('integer modulo by zero', 'i', '%=', 0, ['domain error']),
  mut('optional integer division by zero', 'oi', '/=', 0, ['domain error']),
  mut('real division by zero', 'r', '/=', 0, ['domain error']),
  mut('real overflow', 'r', '*=', 1e308, ['range error']),
  { name: 'real overflow on +=', steps: [[insert('Atoms', { r: 1.7e308 })], [mutate('Atoms', [], [['r', '+=', 1.7e308]])]], errors: ['range error'] },
  mut('empty optional arithmetic', 'os', '+=', 1, ['syntax error']),
  { name: 'empty optional integer arithmetic', steps: [[insert('Atoms', {})], [mutate('Atoms', [], [['oi', '+=', 1]]), select('Atoms', [], ['oi'])]] },
  { name: 'range re-checked after +=', steps: [SETUP, [mutate('Atoms', [], [['ri', '+=', 51]])]], errors: ['constraint violation'] },
  { name: 'range ok after +=', steps: [SETUP, [mutate('Atoms', [], [['ri', '+=', 50]]), select('Atoms', [], ['ri'])]] },
  { name: 'real range re-checked after *=', steps: [SETUP, [mutate('Atoms', [], [['rr', '*=', 10]])]], errors: ['constraint violation'] },
  { name: 'set element range re-checked', steps: [SETUP, [mutate('Atoms', [], [['sri', '*=', 3]])]], errors: ['constraint violation'] },
  { name: 'set arithmetic creating duplicates', steps: [SETUP, [mutate('Atoms', [], [['si', '/=', 10]])]], errors: ['constraint violation'] },
  mut('set insert new elements', 'si', 'insert', set(4, 5)),
  mut('set insert existing element', 'si', 'insert', set(1)),
  mut('set insert bare atom', 'ss', 'insert', 'c'),
  mut('set insert empty set', 'ss', 'insert', set()),
  mut('set delete elements', 'si', 'delete', set(1, 3)),
  mut('set delete absent element', 'si', 'delete', set(9)),
  mut('set delete bare atom', 'ss', 'delete', 'a'),
  mut('uuid set insert', 'su', 'insert', set(U2)),
  mut('set insert over max', 's02', 'insert', set('y', 'z'), ['constraint violation']),
  mut('set insert up to max', 's02', 'insert', set('y')),
  mut('set delete below min', 's13', 'delete', set(1, 2), ['constraint violation']),
  mut('set insert over max three', 's13', 'insert', set(3, 4), ['constraint violation']),
  mut('set insert violates element range', 'sri', 'insert', set(11), ['constraint violation']),
  mut('set insert wrong type', 'si', 'insert', set('x'), ['syntax error']),
  mut('set insert on scalar column', 'i', 'insert', 1, ['syntax error']),
  mut('set insert on optional', 'oi', 'insert', 3, ['constraint violation']),
  { name: 'set insert into empty optional', steps: [[insert('Atoms', {})], [mutate('Atoms', [], [['oi', 'insert', 3]]), select('Atoms', [], ['oi'])]] },
  mut('set delete on optional', 'oi', 'delete', 7),
  mut('map insert new key', 'mss', 'insert', map(['c', '3'])),
  mut('map insert existing key keeps old value', 'mss', 'insert', map(['a', 'new'])),
  mut('map delete by key set', 'mss', 'delete', set('a')),
  mut('map delete by bare key', 'mss', 'delete', 'b'),
  mut('map delete by pairs matching', 'mss', 'delete', map(['a', '1'])),
  mut('map delete by pairs with other value', 'mss', 'delete', map(['a', 'zzz'])),
  mut('map delete absent key', 'mss', 'delete', set('q')),
  mut('map insert over max', 'm12', 'insert', map(['b', 2], ['c', 3]), ['constraint violation']),
  mut('map delete below min', 'm12', 'delete', set('a'), ['constraint violation']),
  mut('map insert violates value range', 'mc', 'insert', map(['b', 10]), ['constraint violation']),
  mut('map insert violates key enum', 'mc', 'insert', map(['z', 1]), ['constraint violation']),
  mut('map insert wrong value type', 'msi', 'insert', map(['x', 'y']), ['syntax error']),
  mut('map insert with set', 'mss', 'insert', set('a'), ['syntax error']),
  mut('map delete wrong key type', 'mis', 'delete', set('x'), ['syntax error']),
  mut('unknown mutator', 'i', '^=', 1, ['unknown mutator']),
  mut('unknown column', 'nosuch', '+=', 1, ['unknown column']),
  mut('mutate _uuid', '_uuid', 'insert', U1, ['constraint violation']),
  { name: 'mutate immutable column', steps: [[insert('Parent', { name: 'p', tag: 't' })], [mutate('Parent', [], [['tag', 'insert', 'x']])]], errors: ['constraint violation'] },
  { name: 'mutate no rows', steps: [[mutate('Atoms', [], [['i', '+=', 1]])]] },
  { name: 'mutate several rows counts', steps: [[insert('Atoms', { i: 1 }), insert('Atoms', { i: 2 }), mutate('Atoms', [], [['i', '*=', 10]]), select('Atoms', [], ['i'])]] },
  { name: 'several mutations in order', steps: [SETUP, [mutate('Atoms', [], [['i', '+=', 1], ['i', '*=', 2], ['si', 'insert', set(9)], ['si', 'delete', set(1)]]), select('Atoms', [], ['i', 'si'])]] },
  { name: 'mutations empty list', steps: [SETUP, [mutate('Atoms', [], []), select('Atoms', [], ['i'])]] },
  { name: 'mutation malformed', steps: [SETUP, [{ op: 'mutate', table: 'Atoms', where: [], mutations: [['i', '+=']] }]], errors: ['syntax error'] },
  { name: 'mutations missing', steps: [SETUP, [{ op: 'mutate', table: 'Atoms', where: [] }]], errors: ['syntax error'] },
  { name: 'mutate with where', steps: [[insert('Atoms', { i: 1 }), insert('Atoms', { i: 2 })], [mutate('Atoms', [['i', '==', 2]], [['i', '+=', 10]]), select('Atoms', [], ['i'])]] },
  { name: 'mutate then failure rolls back', steps: [SETUP, [mutate('Atoms', [], [['i', '+=', 5]]), mutate('Atoms', [], [['i', '/=', 0]])], [select('Atoms', [], ['i'])]], errors: ['domain error'] },
];
