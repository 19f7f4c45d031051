/**
 * Commit-time checks (RFC 7047 §4.1.3; ovsdb(7) on root sets and weak references): referential
 * integrity of strong refs, weak reference removal with min enforcement, garbage collection of
 * unreferenced rows in non-root tables, maxRows, index uniqueness, immutable columns.
 */
import type { DiffCase, Step } from '../harness.js';
import { byUuid, del, insert, map, mutate, named, select, set, update, uuid } from './ops.js';

const GHOST = uuid('99999999-9999-4999-8999-999999999999');
const TARGETS: Step = [insert('Target', { name: 't1', a: 1, b: 'x' }), insert('Target', { name: 't2', a: 2, b: 'x' })];

export const REFERENCE_CASES: DiffCase[] = [
  { name: 'strong ref to new row', steps: [[insert('Child', { name: 'c' }, 'c'), insert('Parent', { name: 'p', child: named('c') }), select('Parent', [], ['child'])]] },
  { name: 'strong ref to nonexistent row', steps: [[insert('Parent', { name: 'p', child: GHOST })]], errors: ['referential integrity violation'] },
  { name: 'strong ref set with nonexistent row', steps: [TARGETS, [insert('Parent', { name: 'p', strong: set(uuid('<0>'), GHOST) })]], errors: ['referential integrity violation'] },
  { name: 'strong ref into wrong table', steps: [[insert('Atoms', {})], [insert('Parent', { name: 'p', strong: set(uuid('<0>')) })]], errors: ['referential integrity violation'] },
  { name: 'delete strongly referenced root row', steps: [TARGETS, [insert('Parent', { name: 'p', strong: set(uuid('<0>')) })], [del('Target', [byUuid(0)])]], errors: ['referential integrity violation'] },
  { name: 'delete referrer and referee together', steps: [TARGETS, [insert('Parent', { name: 'p', strong: set(uuid('<0>')) })], [del('Target'), del('Parent'), select('Target')]] },
  { name: 'update removes last strong ref', steps: [TARGETS, [insert('Parent', { name: 'p', strong: set(uuid('<0>')) })], [update('Parent', [], { strong: set() }), del('Target', [byUuid(0)])]] },
  { name: 'ref to row deleted in same transaction', steps: [TARGETS, [del('Target', [byUuid(0)]), insert('Parent', { name: 'p', strong: set(uuid('<0>')) })]], errors: ['referential integrity violation'] },
  { name: 'ref error details name the row', steps: [[insert('Parent', { name: 'p', strong: set(GHOST, uuid('88888888-8888-4888-8888-888888888888')) })]], errors: ['referential integrity violation'] },
  { name: 'two dangling refs report', steps: [TARGETS, [insert('Parent', { name: 'a', strong: set(uuid('<0>')) }), insert('Parent', { name: 'b', strong: set(uuid('<0>')) })], [del('Target', [byUuid(0)])]], errors: ['referential integrity violation'] },
];

export const WEAK_CASES: DiffCase[] = [
  { name: 'weak ref removed when target deleted', steps: [TARGETS, [insert('Parent', { name: 'p', weak: set(uuid('<0>'), uuid('<1>')) })], [del('Target', [byUuid(0)])], [select('Parent', [], ['weak'])]] },
  { name: 'weak ref to nonexistent row dropped', steps: [[insert('Parent', { name: 'p', weak: set(GHOST) })], [select('Parent', [], ['weak'])]] },
  { name: 'weak ref to new row kept', steps: [[insert('Target', { name: 't' }, 't'), insert('Parent', { name: 'p', weak: set(named('t')) })], [select('Parent', [], ['weak'])]] },
  { name: 'weak map value removed', steps: [TARGETS, [insert('Parent', { name: 'p', wmap: map(['x', uuid('<0>')], ['y', uuid('<1>')]) })], [del('Target', [byUuid(1)])], [select('Parent', [], ['wmap'])]] },
  { name: 'weak map key removed', steps: [TARGETS, [insert('Parent', { name: 'p', kmap: map([uuid('<0>'), 1], [uuid('<1>'), 2]) })], [del('Target', [byUuid(0)])], [select('Parent', [], ['kmap'])]] },
  { name: 'weak ref min 1 violated', steps: [TARGETS, [insert('WeakMin', { name: 'w', one: uuid('<0>'), some: set(uuid('<1>')) })], [del('Target', [byUuid(0)])]], errors: ['constraint violation'] },
  { name: 'weak ref set min kept', steps: [TARGETS, [insert('WeakMin', { name: 'w', one: uuid('<0>'), some: set(uuid('<0>'), uuid('<1>')) })], [del('Target', [byUuid(1)])], [select('WeakMin', [], ['one', 'some'])]] },
  { name: 'weak ref min violated on insert to ghost', steps: [[insert('WeakMin', { name: 'w', one: GHOST, some: GHOST })]], errors: ['constraint violation'] },
  { name: 'weak ref removed in same transaction as delete', steps: [TARGETS, [insert('Parent', { name: 'p', weak: set(uuid('<0>')) }), del('Target', [byUuid(0)]), select('Parent', [], ['weak'])], [select('Parent', [], ['weak'])]] },
  { name: 'weak ref to ghost added then dropped still bumps _version', steps: [[insert('Parent', { name: 'p' })], [select('Parent', [], ['_version'])], [mutate('Parent', [], [['weak', 'insert', set(GHOST)]]), select('Parent', [], ['weak'])], [select('Parent', [], ['_version', 'weak'])]] },
  { name: 'weak ref does not keep child alive', steps: [TARGETS, [insert('Parent', { name: 'p', weak: set(uuid('<0>')) }), del('Target')], [select('Target'), select('Parent', [], ['weak'])]] },
];

const CHILD_CHAIN: Step = [
  insert('Child', { name: 'c1', value: 1 }, 'c1'),
  insert('Child', { name: 'c2', value: 2, next: named('c1') }, 'c2'),
  insert('Parent', { name: 'p', child: named('c2') }),
];

export const GC_CASES: DiffCase[] = [
  { name: 'unreferenced non-root row collected', steps: [[insert('Child', { name: 'orphan' })], [select('Child')]] },
  { name: 'insert result still reported for collected row', steps: [[insert('Child', { name: 'orphan' }), select('Child', [], ['name'])], [select('Child')]] },
  { name: 'referenced non-root row kept', steps: [[insert('Child', { name: 'c' }, 'c'), insert('Parent', { name: 'p', children: set(named('c')) })], [select('Child', [], ['name'])]] },
  { name: 'chain kept through non-root rows', steps: [CHILD_CHAIN, [select('Child', [], ['name', 'value'])]] },
  { name: 'deleting root collects chain', steps: [CHILD_CHAIN, [del('Parent')], [select('Child')]] },
  { name: 'dropping ref collects child', steps: [CHILD_CHAIN, [update('Parent', [], { child: set() })], [select('Child', [], ['name'])]] },
  { name: 'child shared by two parents', steps: [[insert('Child', { name: 'c' }, 'c'), insert('Parent', { name: 'a', child: named('c') }), insert('Parent', { name: 'b', child: named('c') })], [del('Parent', [['name', '==', 'a']])], [select('Child', [], ['name'])], [del('Parent')], [select('Child', [], ['name'])]] },
  { name: 'cycle of non-root rows', steps: [[insert('Child', { name: 'x', next: named('y') }, 'x'), insert('Child', { name: 'y', next: named('x') }, 'y')], [select('Child', [], ['name'])]] },
  { name: 'cycle kept by root then released', steps: [[insert('Child', { name: 'x', next: named('y') }, 'x'), insert('Child', { name: 'y', next: named('x') }, 'y'), insert('Parent', { name: 'p', child: named('x') })], [select('Child', [], ['name'])], [del('Parent')], [select('Child', [], ['name'])]] },
  { name: 'explicit delete of referenced child', steps: [CHILD_CHAIN, [del('Child', [['name', '==', 'c2']])]], errors: ['referential integrity violation'] },
  { name: 'delete of gc-able child and its referrer', steps: [CHILD_CHAIN, [del('Parent'), del('Child', [['name', '==', 'c2']]), select('Child', [], ['name'])]] },
  { name: 'mutate removes child ref', steps: [[insert('Child', { name: 'c' }, 'c'), insert('Parent', { name: 'p', children: set(named('c')) })], [mutate('Parent', [], [['children', 'delete', set(uuid('<0>'))]])], [select('Child')]] },
];

export const MAXROWS_CASES: DiffCase[] = [
  { name: 'up to maxRows', steps: [[insert('Limited', { n: 1 }), insert('Limited', { n: 2 })], [select('Limited', [], ['n'])]] },
  { name: 'over maxRows in one transaction', steps: [[insert('Limited', { n: 1 }), insert('Limited', { n: 2 }), insert('Limited', { n: 3 })]], errors: ['constraint violation'] },
  { name: 'over maxRows across transactions', steps: [[insert('Limited', { n: 1 }), insert('Limited', { n: 2 })], [insert('Limited', { n: 3 })]], errors: ['constraint violation'] },
  { name: 'delete and insert at maxRows', steps: [[insert('Limited', { n: 1 }), insert('Limited', { n: 2 })], [del('Limited', [['n', '==', 1]]), insert('Limited', { n: 3 })], [select('Limited', [], ['n'])]] },
  { name: 'transient excess within transaction', steps: [[insert('Limited', { n: 1 }), insert('Limited', { n: 2 }), insert('Limited', { n: 3 }), del('Limited', [['n', '==', 3]])], [select('Limited', [], ['n'])]] },
];

export const INDEX_CASES: DiffCase[] = [
  { name: 'unique single-column index', steps: [[insert('Uniq', { k: 'a', a: 1 }), insert('Uniq', { k: 'b', a: 2 })], [select('Uniq', [], ['k'])]] },
  { name: 'duplicate in one transaction', steps: [[insert('Uniq', { k: 'a', a: 1 }), insert('Uniq', { k: 'a', a: 2 })]], errors: ['constraint violation'] },
  { name: 'duplicate of committed row', steps: [[insert('Uniq', { k: 'a', a: 1 })], [insert('Uniq', { k: 'a', a: 2 })]], errors: ['constraint violation'] },
  { name: 'duplicate through update', steps: [[insert('Uniq', { k: 'a', a: 1 }), insert('Uniq', { k: 'b', a: 2 })], [update('Uniq', [['k', '==', 'b']], { k: 'a' })]], errors: ['constraint violation'] },
  { name: 'swap values in one transaction', steps: [[insert('Uniq', { k: 'a', a: 1 }), insert('Uniq', { k: 'b', a: 2 })], [update('Uniq', [['k', '==', 'a']], { k: 'tmp' }), update('Uniq', [['k', '==', 'b']], { k: 'a' }), update('Uniq', [['k', '==', 'tmp']], { k: 'b' })], [select('Uniq', [], ['k', 'a'])]] },
  { name: 'replace row with same key', steps: [[insert('Uniq', { k: 'a', a: 1 })], [del('Uniq'), insert('Uniq', { k: 'a', a: 5 })], [select('Uniq', [], ['k', 'a'])]] },
  { name: 'multi-column index distinct', steps: [[insert('Uniq', { k: 'a', a: 1, b: 'x' }), insert('Uniq', { k: 'b', a: 1, b: 'y' }), insert('Uniq', { k: 'c', a: 1 })]] },
  { name: 'multi-column index duplicate', steps: [[insert('Uniq', { k: 'a', a: 1, b: 'x' }), insert('Uniq', { k: 'b', a: 1, b: 'x' })]], errors: ['constraint violation'] },
  { name: 'multi-column index duplicate empty optional', steps: [[insert('Uniq', { k: 'a', a: 1 }), insert('Uniq', { k: 'b', a: 1 })]], errors: ['constraint violation'] },
  { name: 'both indexes violated', steps: [[insert('Uniq', { k: 'a', a: 1 }), insert('Uniq', { k: 'a', a: 1 })]], errors: ['constraint violation'] },
  { name: 'index on Parent name', steps: [[insert('Parent', { name: 'p' })], [insert('Parent', { name: 'p' })]], errors: ['constraint violation'] },
  { name: 'index on Target columns a b', steps: [[insert('Target', { a: 1, b: 'x' }), insert('Target', { a: 1, b: 'x' })]], errors: ['constraint violation'] },
  // With three equal keys ovsdb-server names whichever pair its hash order meets first: one pair only.
  { name: 'index duplicate among three rows', steps: [[insert('Uniq', { k: 'a', a: 1 }), insert('Uniq', { k: 'b', a: 2 }), insert('Uniq', { k: 'a', a: 3 })]], errors: ['constraint violation'] },
  { name: 'index check after mutate', steps: [[insert('Uniq', { k: 'a', a: 1 }), insert('Uniq', { k: 'b', a: 2 })], [mutate('Uniq', [['k', '==', 'b']], [['a', '-=', 1]])]], errors: ['constraint violation'] },
];

export const COMMIT_ORDER_CASES: DiffCase[] = [
  { name: 'refint and index both violated', steps: [[insert('Uniq', { k: 'a' }), insert('Uniq', { k: 'a' }), insert('Parent', { name: 'p', child: GHOST })]], errors: ['referential integrity violation'] },
  { name: 'maxRows and index both violated', steps: [[insert('Limited', {}), insert('Limited', {}), insert('Limited', {}), insert('Uniq', { k: 'a' }), insert('Uniq', { k: 'a' })]], errors: ['constraint violation'] },
  { name: 'weak min and refint both violated', steps: [[insert('WeakMin', { one: GHOST, some: GHOST }), insert('Parent', { name: 'p', child: GHOST })]], errors: ['referential integrity violation'] },
];
