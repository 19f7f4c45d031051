/**
 * Transaction ids derived from what is persisted, so that they survive a restart without any new
 * member in the file (monitor_cond_since, ovsdb-server(7) §4.1.15, wants a stable id per
 * committed transaction; clustered ovsdb-server uses the Raft entry id, a standalone file has
 * none).
 *
 * The id of record n is a hash chain over the file:
 *
 *   id(schema record) = uuid(SHA-1("ovsdb-ts txn " + ZERO_UUID + " " + sha1(schema body)))
 *   id(record n)      = uuid(SHA-1("ovsdb-ts txn " + id(record n-1) + " " + sha1(record n body)))
 *
 * where sha1(body) is the hash already in the record header. Chaining makes two records with
 * identical text (same changes in the same millisecond) get different ids.
 *
 * Compaction writes a snapshot that replaces the chain's history; to keep the *current* id stable
 * across compaction and restart, the snapshot's `_comment` names the id of the last transaction
 * it contains (`SNAPSHOT_COMMENT_PREFIX … txn <uuid>`), and that id becomes the snapshot record's
 * id on replay. Records appended after the snapshot chain on from it as before.
 *
 * `uuid(h)` is the first 128 bits of h with the version nibble set to 5 and the RFC 4122 variant,
 * like a name-based (SHA-1) UUID.
 */
import { createHash } from 'node:crypto';
import { ZERO_UUID } from '../ovsdb/uuid.js';

const CHAIN_TAG = 'ovsdb-ts txn ';
/** ovsdb-server's comment on the snapshot it writes when compacting online. */
export const SNAPSHOT_COMMENT_PREFIX = 'compacting database online';
/** `ovsdb-tool compact` writes "compacted by ovsdb-tool <version>". */
const TOOL_SNAPSHOT_COMMENT_PREFIX = 'compacted by ';
const SNAPSHOT_TXN_RE = /\btxn ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export function nextTxnId(prevId: string, recordSha1: string): string {
  const h = createHash('sha1').update(CHAIN_TAG + prevId + ' ' + recordSha1).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The id of the schema record, the first link of the chain. */
export function schemaTxnId(schemaSha1: string): string {
  return nextTxnId(ZERO_UUID, schemaSha1);
}

/** The `_comment` of a snapshot whose last transaction had id `txnId`. */
export function snapshotComment(txnId: string): string {
  return `${SNAPSHOT_COMMENT_PREFIX} (ovsdb-ts) txn ${txnId}`;
}

/** Whether a record with this comment is a snapshot (ours, ovsdb-server's or ovsdb-tool's). */
export function isSnapshotComment(comment: string | null): boolean {
  return comment !== null && (comment.startsWith(SNAPSHOT_COMMENT_PREFIX) || comment.startsWith(TOOL_SNAPSHOT_COMMENT_PREFIX));
}

/** The txn id a snapshot comment carries, or null (ovsdb-server's own snapshots carry none). */
export function snapshotTxnId(comment: string | null): string | null {
  if (comment === null || !comment.startsWith(SNAPSHOT_COMMENT_PREFIX)) return null;
  return SNAPSHOT_TXN_RE.exec(comment)?.[1] ?? null;
}
