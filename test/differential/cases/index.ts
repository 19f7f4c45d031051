/**
 * All differential case groups, the schemas they run on, and the error tags the suite must
 * cover: every tag a transaction can make ovsdb-server produce (RFC 7047 §4.1.3 and §5.2,
 * ovsdb-server(7) §3.1). Not producible by ovsdb-server 3.1 through transactions, hence not
 * required: "resources exhausted", "I/O error" (storage failures), "not supported" (no column
 * lacks trigger support), "permission error" (needs RBAC roles), "internal error" (a bug).
 */
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/ovsdb-ts.js';
import type { CaseGroup } from '../harness.js';
import { CONDITION_CASES } from './conditions.js';
import { INSERT_CASES } from './insert.js';
import { COMMIT_ORDER_CASES, GC_CASES, INDEX_CASES, MAXROWS_CASES, REFERENCE_CASES, WEAK_CASES } from './integrity.js';
import { MUTATE_CASES } from './mutate.js';
import { NB_CASES } from './ovn-nb.js';
import { RPC_CASES } from './rpc.js';
import { DELETE_CASES, SELECT_CASES, UPDATE_CASES } from './select-update-delete.js';
import { MISC_CASES, WAIT_CASES } from './wait-misc.js';

export const DIFF_SCHEMA = join(REPO_ROOT, 'test', 'fixtures', 'differential', 'diff.ovsschema');
export const NB_SCHEMA = join(REPO_ROOT, 'schema', 'ovn-nb.ovsschema');

export const REQUIRED_TAGS: readonly string[] = [
  'referential integrity violation',
  'constraint violation',
  'duplicate uuid-name',
  'duplicate uuid',
  'domain error',
  'range error',
  'timed out',
  'aborted',
  'not owner',
  'syntax error',
  'unknown column',
  'unknown database',
  'ovsdb error',
  'unknown function',
  'unknown mutator',
];

export const ALL_GROUPS: readonly CaseGroup[] = [
  { topic: 'insert', db: 'Diff', cases: INSERT_CASES },
  { topic: 'conditions', db: 'Diff', cases: CONDITION_CASES },
  { topic: 'select', db: 'Diff', cases: SELECT_CASES },
  { topic: 'update', db: 'Diff', cases: UPDATE_CASES },
  { topic: 'delete', db: 'Diff', cases: DELETE_CASES },
  { topic: 'mutate', db: 'Diff', cases: MUTATE_CASES },
  { topic: 'wait', db: 'Diff', cases: WAIT_CASES },
  { topic: 'commit abort comment assert', db: 'Diff', cases: MISC_CASES },
  { topic: 'referential integrity', db: 'Diff', cases: REFERENCE_CASES },
  { topic: 'weak references', db: 'Diff', cases: WEAK_CASES },
  { topic: 'garbage collection', db: 'Diff', cases: GC_CASES },
  { topic: 'maxRows', db: 'Diff', cases: MAXROWS_CASES },
  { topic: 'indexes', db: 'Diff', cases: INDEX_CASES },
  { topic: 'commit check order', db: 'Diff', cases: COMMIT_ORDER_CASES },
  { topic: 'rpc', db: 'Diff', cases: RPC_CASES },
  { topic: 'ovn-nb', db: 'OVN_Northbound', cases: NB_CASES },
];
