/**
 * RFC 7047 §5.2.5 wait (timeout 0 only: a blocked wait would hold the case), §5.2.7 commit,
 * §5.2.8 abort, §5.2.9 comment, §5.2.10 assert, and malformed operations.
 */
import type { DiffCase, Step } from '../harness.js';
import { abort, assertLock, comment, commit, insert, map, select, set, wait } from './ops.js';

const TWO: Step = [insert('Atoms', { i: 1, s: 'one', si: set(1, 2) }), insert('Atoms', { i: 2, s: 'two', mss: map(['k', 'v']) })];

export const WAIT_CASES: DiffCase[] = [
  { name: '== satisfied', steps: [TWO, [wait('Atoms', [['i', '==', 1]], ['s'], '==', [{ s: 'one' }])]] },
  { name: '== not satisfied', steps: [TWO, [wait('Atoms', [['i', '==', 1]], ['s'], '==', [{ s: 'two' }])]], errors: ['timed out'] },
  { name: '!= satisfied', steps: [TWO, [wait('Atoms', [['i', '==', 1]], ['s'], '!=', [{ s: 'two' }])]] },
  { name: '!= not satisfied', steps: [TWO, [wait('Atoms', [['i', '==', 1]], ['s'], '!=', [{ s: 'one' }])]], errors: ['timed out'] },
  { name: '== several rows any order', steps: [TWO, [wait('Atoms', [], ['s'], '==', [{ s: 'two' }, { s: 'one' }])]] },
  { name: '== fewer rows than match', steps: [TWO, [wait('Atoms', [], ['s'], '==', [{ s: 'two' }])]], errors: ['timed out'] },
  { name: '== more rows than match', steps: [TWO, [wait('Atoms', [['i', '==', 1]], ['s'], '==', [{ s: 'one' }, { s: 'two' }])]], errors: ['timed out'] },
  { name: '== duplicate expected rows', steps: [TWO, [wait('Atoms', [], ['b'], '==', [{ b: false }, { b: false }])]] },
  { name: '== duplicate rows match one expected row', steps: [TWO, [wait('Atoms', [], ['b'], '==', [{ b: false }])]] },
  { name: '!= duplicate rows match one expected row', steps: [TWO, [wait('Atoms', [], ['b'], '!=', [{ b: false }])]], errors: ['timed out'] },
  { name: '== no rows expected, none match', steps: [TWO, [wait('Atoms', [['i', '>', 5]], ['s'], '==', [])]] },
  { name: '== no rows expected, some match', steps: [TWO, [wait('Atoms', [], ['s'], '==', [])]], errors: ['timed out'] },
  { name: '!= no rows expected, none match', steps: [TWO, [wait('Atoms', [['i', '>', 5]], ['s'], '!=', [])]], errors: ['timed out'] },
  { name: 'set and map columns compared', steps: [TWO, [wait('Atoms', [['i', '==', 1]], ['si', 'mss'], '==', [{ si: set(2, 1), mss: map() }])]] },
  { name: 'columns empty', steps: [TWO, [wait('Atoms', [], [], '==', [{}, {}])]] },
  { name: 'columns omitted', steps: [TWO, [{ op: 'wait', table: 'Atoms', where: [['i', '==', 2]], until: '!=', rows: [], timeout: 0 }]] },
  { name: 'row with column not listed is ignored', steps: [TWO, [wait('Atoms', [['i', '==', 1]], ['s'], '==', [{ s: 'one', i: 7 }])]] },
  { name: 'row missing a listed column', steps: [TWO, [wait('Atoms', [['i', '==', 1]], ['s', 'i'], '==', [{ s: 'one' }])]], errors: ['timed out'] },
  { name: 'row with unknown column', steps: [TWO, [wait('Atoms', [['i', '==', 1]], ['s'], '==', [{ nosuch: 1 }])]], errors: ['unknown column'] },
  { name: 'unknown column in columns', steps: [TWO, [wait('Atoms', [], ['nosuch'], '==', [])]], errors: ['syntax error'] },
  { name: 'bad until', steps: [TWO, [{ ...wait('Atoms', [], ['s'], '==', []), until: '<' }]], errors: ['syntax error'] },
  { name: 'until missing', steps: [TWO, [{ op: 'wait', table: 'Atoms', where: [], columns: [], rows: [], timeout: 0 }]], errors: ['syntax error'] },
  { name: 'rows missing', steps: [TWO, [{ op: 'wait', table: 'Atoms', where: [], columns: [], until: '==', timeout: 0 }]], errors: ['syntax error'] },
  { name: 'timeout not a number', steps: [TWO, [{ ...wait('Atoms', [], [], '==', []), timeout: 'soon' }]], errors: ['syntax error'] },
  { name: 'sees earlier ops in same transaction', steps: [[insert('Atoms', { i: 5, s: 'five' }), wait('Atoms', [['i', '==', 5]], ['s'], '==', [{ s: 'five' }])]] },
  { name: 'failure rolls back earlier insert', steps: [[insert('Atoms', { i: 5 }), wait('Atoms', [], ['i'], '==', [])], [select('Atoms', [], ['i'])]], errors: ['timed out'] },
  { name: 'on _uuid column', steps: [TWO, [wait('Atoms', [['i', '==', 1]], ['_uuid'], '==', [{ _uuid: ['uuid', '<0>'] }])]] },
  { name: 'rows value of wrong type', steps: [TWO, [wait('Atoms', [['i', '==', 1]], ['s'], '==', [{ s: 1 }])]], errors: ['syntax error'] },
];

export const MISC_CASES: DiffCase[] = [
  { name: 'empty transaction', steps: [[]] },
  { name: 'comment alone', steps: [[comment('hello')]] },
  { name: 'comment with insert', steps: [[comment('adding'), insert('Atoms', {})]] },
  { name: 'comment not a string', steps: [[comment(5)]], errors: ['syntax error'] },
  { name: 'commit not durable', steps: [[insert('Atoms', {}), commit(false)]] },
  { name: 'commit durable', steps: [[insert('Atoms', {}), commit(true)]] },
  { name: 'commit durable not boolean', steps: [[commit('yes')]], errors: ['syntax error'] },
  { name: 'commit missing durable', steps: [[{ op: 'commit' }]], errors: ['syntax error'] },
  { name: 'abort', steps: [[insert('Atoms', { i: 1 }), abort, insert('Atoms', {})], [select('Atoms')]], errors: ['aborted'] },
  { name: 'abort alone', steps: [[abort]], errors: ['aborted'] },
  { name: 'assert lock not held', steps: [[assertLock('mylock')]], errors: ['not owner'] },
  { name: 'assert lock not a string', steps: [[assertLock(1)]], errors: ['syntax error'] },
  { name: 'assert lock held', steps: [{ method: 'lock', params: ['mylock'] }, [assertLock('mylock'), insert('Atoms', {})]] },
  { name: 'assert lock after unlock', steps: [{ method: 'lock', params: ['L'] }, { method: 'unlock', params: ['L'] }, [assertLock('L')]], errors: ['not owner'] },
  { name: 'unknown operation', steps: [[{ op: 'frobnicate' }]], errors: ['syntax error'] },
  { name: 'op missing', steps: [[{ table: 'Atoms' }]], errors: ['syntax error'] },
  { name: 'op not a string', steps: [[{ op: 1 }]], errors: ['syntax error'] },
  { name: 'operation not an object', steps: [['insert']], errors: ['syntax error'] },
  { name: 'operation null', steps: [[null]], errors: ['syntax error'] },
  { name: 'error in first op nulls the rest', steps: [[{ op: 'frobnicate' }, insert('Atoms', {}), select('Atoms')]], errors: ['syntax error'] },
  { name: 'many operations', steps: [Array.from({ length: 20 }, (_, k) => insert('Atoms', { i: k })), [select('Atoms', [['i', '>=', 18]], ['i'])]] },
];
