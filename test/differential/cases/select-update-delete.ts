/** RFC 7047 §5.2.2 select, §5.2.3 update, §5.2.6 delete. */
import type { DiffCase, Step } from '../harness.js';
import { byUuid, del, insert, map, select, set, update, uuid } from './ops.js';

const THREE: Step = [insert('Atoms', { i: 1, s: 'one' }), insert('Atoms', { i: 2, s: 'two' }), insert('Atoms', { i: 3, s: 'three' })];

export const SELECT_CASES: DiffCase[] = [
  { name: 'select from empty table', steps: [[select('Atoms')]] },
  { name: 'select all columns', steps: [THREE, [select('Atoms', [['i', '==', 2]])]] },
  { name: 'select some columns', steps: [THREE, [select('Atoms', [], ['s', 'i'])]] },
  { name: 'select no columns', steps: [THREE, [select('Atoms', [], [])]] },
  { name: 'select _uuid and _version only', steps: [THREE, [select('Atoms', [['i', '==', 1]], ['_uuid', '_version'])]] },
  { name: 'select same column twice', steps: [THREE, [select('Atoms', [['i', '==', 1]], ['i', 'i'])]], errors: ['syntax error'] },
  { name: 'select unknown column', steps: [THREE, [select('Atoms', [], ['nosuch'])]], errors: ['syntax error'] },
  { name: 'select columns not array', steps: [THREE, [{ op: 'select', table: 'Atoms', where: [], columns: 'i' }]], errors: ['syntax error'] },
  { name: 'select column name not string', steps: [THREE, [select('Atoms', [], [1 as unknown as string])]], errors: ['syntax error'] },
  { name: 'select unknown table', steps: [[select('Nope')]], errors: ['syntax error'] },
  { name: 'select sees earlier ops in same transaction', steps: [[insert('Atoms', { i: 9 }), select('Atoms', [], ['i'])]] },
  { name: 'select after delete in same transaction', steps: [THREE, [del('Atoms', [['i', '==', 1]]), select('Atoms', [], ['i'])]] },
  { name: 'select ephemeral column', steps: [[insert('Parent', { name: 'p', eph: 1 })], [select('Parent', [], ['eph', 'name'])]] },
  { name: 'select row by uuid across transactions', steps: [THREE, [select('Atoms', [byUuid(2)], ['s'])]] },
  { name: 'select weak refs and maps', steps: [[insert('Target', { name: 't' }, 't'), insert('Parent', { name: 'p', weak: ['named-uuid', 't'], wmap: map(['k', ['named-uuid', 't']]) })], [select('Parent', [], ['weak', 'wmap'])]] },
];

export const UPDATE_CASES: DiffCase[] = [
  { name: 'update one row', steps: [THREE, [update('Atoms', [['i', '==', 2]], { s: 'TWO' }), select('Atoms', [], ['i', 's'])]] },
  { name: 'update all rows', steps: [THREE, [update('Atoms', [], { b: true }), select('Atoms', [['b', '==', true]], ['i'])]] },
  { name: 'update no rows', steps: [THREE, [update('Atoms', [['i', '==', 7]], { s: 'x' })]] },
  { name: 'update with empty row', steps: [THREE, [update('Atoms', [], {})]] },
  { name: 'update to same value', steps: [THREE, [select('Atoms', [byUuid(0)], ['_version'])], [update('Atoms', [byUuid(0)], { i: 1 })], [select('Atoms', [byUuid(0)], ['_version'])]] },
  { name: 'update changes _version', steps: [THREE, [select('Atoms', [byUuid(0)], ['_version'])], [update('Atoms', [byUuid(0)], { i: 10 })], [select('Atoms', [byUuid(0)], ['_version', 'i'])]] },
  { name: 'update several columns of each kind', steps: [THREE, [update('Atoms', [['i', '==', 3]], { oi: 4, si: set(7, 8), mss: map(['z', 'y']), es: 'green' }), select('Atoms', [['i', '==', 3]], ['oi', 'si', 'mss', 'es'])]] },
  { name: 'update clears optional', steps: [[insert('Atoms', { oi: 1, os: 'x' })], [update('Atoms', [], { oi: set(), os: set() }), select('Atoms', [], ['oi', 'os'])]] },
  { name: 'update constraint violation', steps: [THREE, [update('Atoms', [], { ri: 200 })]], errors: ['constraint violation'] },
  { name: 'update enum violation', steps: [THREE, [update('Atoms', [], { es: 'black' })]], errors: ['constraint violation'] },
  { name: 'update wrong type', steps: [THREE, [update('Atoms', [], { i: 'x' })]], errors: ['syntax error'] },
  { name: 'update unknown column', steps: [THREE, [update('Atoms', [], { nosuch: 1 })]], errors: ['unknown column'] },
  { name: 'update _uuid', steps: [THREE, [update('Atoms', [], { _uuid: uuid('<0>') })]], errors: ['constraint violation'] },
  { name: 'update _version', steps: [THREE, [update('Atoms', [], { _version: uuid('<0>') })]], errors: ['constraint violation'] },
  { name: 'update immutable column', steps: [[insert('Parent', { name: 'p', tag: 't' })], [update('Parent', [], { tag: 'u' })]], errors: ['constraint violation'] },
  { name: 'update immutable column to same value', steps: [[insert('Parent', { name: 'p', tag: 't' })], [update('Parent', [], { tag: 't' })]], errors: ['constraint violation'] },
  { name: 'update immutable column of no rows', steps: [[update('Parent', [], { tag: 'u' })]], errors: ['constraint violation'] },
  { name: 'update ephemeral column', steps: [[insert('Parent', { name: 'p' })], [update('Parent', [], { eph: 5 }), select('Parent', [], ['eph'])]] },
  { name: 'update row not an object', steps: [THREE, [{ op: 'update', table: 'Atoms', where: [], row: 1 }]], errors: ['syntax error'] },
  { name: 'update missing row', steps: [THREE, [{ op: 'update', table: 'Atoms', where: [] }]], errors: ['syntax error'] },
  { name: 'update missing where', steps: [THREE, [{ op: 'update', table: 'Atoms', row: {} }]], errors: ['syntax error'] },
  { name: 'update row inserted in same transaction', steps: [[insert('Atoms', { i: 1 }, 'n'), update('Atoms', [['_uuid', '==', ['named-uuid', 'n']]], { i: 5 }), select('Atoms', [], ['i'])]] },
  { name: 'update uses named-uuid value', steps: [[insert('Atoms', { i: 1 }, 'n'), update('Atoms', [], { u: ['named-uuid', 'n'] }), select('Atoms', [], ['u', '_uuid'])]] },
  { name: 'update then failure rolls back', steps: [THREE, [update('Atoms', [], { s: 'gone' }), update('Atoms', [], { ri: -3 })], [select('Atoms', [], ['s'])]], errors: ['constraint violation'] },
];

export const DELETE_CASES: DiffCase[] = [
  { name: 'delete one row', steps: [THREE, [del('Atoms', [['i', '==', 1]]), select('Atoms', [], ['i'])]] },
  { name: 'delete all rows', steps: [THREE, [del('Atoms'), select('Atoms')]] },
  { name: 'delete no rows', steps: [THREE, [del('Atoms', [['i', '>', 5]])]] },
  { name: 'delete twice in one transaction', steps: [THREE, [del('Atoms', [['i', '==', 2]]), del('Atoms', [['i', '==', 2]])]] },
  { name: 'delete row inserted in same transaction', steps: [[insert('Atoms', { i: 4 }), del('Atoms', []), select('Atoms')]] },
  { name: 'delete by uuid', steps: [THREE, [del('Atoms', [byUuid(1)])], [select('Atoms', [], ['i'])]] },
  { name: 'delete unknown table', steps: [[del('Nope')]], errors: ['syntax error'] },
  { name: 'delete missing where', steps: [[{ op: 'delete', table: 'Atoms' }]], errors: ['syntax error'] },
  { name: 'delete with extra member', steps: [[{ op: 'delete', table: 'Atoms', where: [], row: {} }]], errors: ['syntax error'] },
  { name: 'delete then insert same transaction', steps: [THREE, [del('Atoms'), insert('Atoms', { i: 7 }), select('Atoms', [], ['i'])]] },
];
