/** RFC 7047 §5.2.7 commit, §5.2.8 abort, §5.2.9 comment, §5.2.10 assert. */
import type { JsonObject } from '../../ovsdb/json.js';
import { ErrorTag, OvsdbError } from '../../ovsdb/error.js';
import { OP, type OpParser } from '../parser.js';
import type { OpContext } from './context.js';

export function executeCommit(x: OpContext, p: OpParser): JsonObject {
  const durable = p.member('durable', OP.BOOLEAN);
  if (durable === true) x.txn.durable = true;
  return {};
}

export function executeAbort(): JsonObject {
  throw new OvsdbError(ErrorTag.ABORTED, 'aborted by request');
}

export function executeComment(x: OpContext, p: OpParser): JsonObject {
  const comment = p.string('comment', OP.STRING);
  if (comment !== undefined) x.txn.comments.push(comment);
  return {};
}

export function executeAssert(x: OpContext, p: OpParser): JsonObject {
  const lock = p.string('lock', OP.ID);
  if (lock === undefined) return {};
  if (x.ctx.isLockOwner?.(lock) === true) return {};
  throw new OvsdbError(ErrorTag.NOT_OWNER, `Asserted lock ${lock} not held.`);
}
