/** The operation dispatch table (RFC 7047 §5.2), as ovsdb-server's `lookup_executor`. */
import type { OpEntry } from './context.js';
import { executeInsert } from './insert.js';
import { executeSelect } from './select.js';
import { executeDelete, executeMutate, executeUpdate } from './write.js';
import { executeWait } from './wait.js';
import { executeAbort, executeAssert, executeComment, executeCommit } from './misc.js';

export const OPERATIONS: ReadonlyMap<string, OpEntry> = new Map<string, OpEntry>([
  ['insert', { readOnly: false, run: executeInsert }],
  ['select', { readOnly: true, run: executeSelect }],
  ['update', { readOnly: false, run: executeUpdate }],
  ['mutate', { readOnly: false, run: executeMutate }],
  ['delete', { readOnly: false, run: executeDelete }],
  ['wait', { readOnly: true, run: executeWait }],
  ['commit', { readOnly: false, run: executeCommit }],
  ['abort', { readOnly: true, run: executeAbort }],
  ['comment', { readOnly: true, run: executeComment }],
  ['assert', { readOnly: true, run: executeAssert }],
]);

export type { OpContext, OpEntry } from './context.js';
