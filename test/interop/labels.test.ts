/**
 * The interop normalisation itself (no servers): row labels and the orders that follow UUIDs.
 * A normalisation that is too loose would hide real differences, so these also check what
 * must stay different.
 */
import { describe, it, expect } from 'vitest';
import { join } from 'node:path';
import { REPO_ROOT } from '../support/ovsdb-ts.js';
import { canonicalize, RowLabeler } from './support/labels.js';
import { inferOrder, optionValue, scrub } from './support/nbctl.js';
import { BREADTH, commandsAndOptions } from './nbctl-steps.js';

const NB = join(REPO_ROOT, 'schema', 'ovn-nb.ovsschema');
const U1 = '11111111-1111-4111-8111-111111111111';
const U2 = '22222222-2222-4222-8222-222222222222';

describe('interop normalisation', () => {
  it('numbers UUIDs no snapshot showed in order of appearance, consistently', () => {
    const l = new RowLabeler([NB]);
    expect(l.replace(`${U2} then ${U1} then ${U2.toUpperCase()}`)).toBe('<?0> then <?1> then <?0>');
  });

  it('sorts label-only sets but leaves other lists alone', () => {
    const l = new RowLabeler([NB]);
    const a = canonicalize(l, `ports : [${U2}, ${U1}]\nnames : [b, a]\n`);
    const b = canonicalize(new RowLabeler([NB]), `ports : [${U1}, ${U2}]\nnames : [b, a]\n`);
    expect(a).toBe('ports : [<?0>, <?1>]\nnames : [b, a]\n');
    expect(b).toBe(a);
    expect(canonicalize(l, 'names : [b, a]\n')).not.toBe(canonicalize(l, 'names : [a, b]\n'));
  });

  it('orders records, tree levels and dump rows, keeping headings in place', () => {
    const l = new RowLabeler([NB]);
    expect(canonicalize(l, 'name : b\n\nname : a\n', 'blocks')).toBe('name : a\n\nname : b\n');
    const tree = 'switch s\n    port z\n        type: x\n    port a\nrouter r\n';
    expect(canonicalize(l, tree, 'tree')).toBe('router r\nswitch s\n    port a\n    port z\n        type: x\n');
    const dump = 'T table\n_uuid name\n----- ----\nb\na\n\nU table\n_uuid\n-----\n';
    expect(canonicalize(l, dump, 'dump')).toBe('T table\n_uuid name\n----- ----\na\nb\n\nU table\n_uuid\n-----');
    expect(canonicalize(l, 'name,type\nz,1\na,2\n', 'csv')).toBe('name,type\na,2\nz,1\n');
    expect(canonicalize(l, '{"data":[["z"],["a"]],"headings":["n"]}\n', 'json')).toBe('{"data":[["a"],["z"]],"headings":["n"]}\n');
  });

  it('keeps order where the client chose it', () => {
    const l = new RowLabeler([NB]);
    expect(canonicalize(l, 'b\na\n')).toBe('b\na\n');
    expect(canonicalize(l, 'b\na\n', 'keep')).not.toBe(canonicalize(l, 'a\nb\n', 'keep'));
  });

  it('infers the order of list/find/show outputs and their formats', () => {
    expect(inferOrder(['list', 'Logical_Switch'])).toBe('blocks');
    expect(inferOrder(['-f', 'csv', 'list', 'T'])).toBe('csv');
    expect(inferOrder(['--format=csv', '--no-headings', 'find', 'T'])).toBe('lines');
    expect(inferOrder(['-fjson', 'list', 'T'])).toBe('json');
    expect(inferOrder(['show'])).toBe('tree');
    expect(inferOrder(['lsp-list', 'sw0'])).toBe('keep');
    expect(optionValue(['-f', 'table'], '--format', '-f')).toBe('table');
  });

  it('takes ports and log timestamps out of client text', () => {
    expect(scrub('2026-01-02T03:04:05.678Z|00002|ovsdb_idl|WARN|tcp:127.0.0.1:4242: x\n')).toBe('ovsdb_idl|WARN|tcp:127.0.0.1:<port>: x\n');
  });

  it('the breadth sequence covers at least 80 distinct commands and options', () => {
    const covered = commandsAndOptions(BREADTH);
    expect(covered.size).toBeGreaterThanOrEqual(80);
    for (const c of ['ls-add', 'lsp-add', 'lr-add', 'acl-add', 'lb-add', 'lr-nat-add', 'dhcp-options-create', 'pg-add', 'meter-add', 'qos-add', 'create', 'find', '--if-exists', '--may-exist', '--wait', '--bare', '--columns', '-f']) {
      expect(covered, c).toContain(c);
    }
  });
});
