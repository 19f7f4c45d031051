/**
 * A monitor group: every monitor of one database that asks for the same thing (same
 * notification method, tables, columns, selections and conditions). A committed transaction's
 * update is composed and serialized once per group, and once more per distinct monitor id text
 * (the id is part of the notification): every monitor of the group with that id gets the very
 * same bytes (STYLE.md §9; ovsdb-server's json cache in ovsdb/monitor.c). The initial dump is
 * likewise serialized once per group per database state.
 */
import { Buffer } from 'node:buffer';
import type { Json } from '../../ovsdb/json.js';
import {
  composeChanges,
  composeInitial,
  type ChangeSet,
  type InitialTextCache,
  type MonitorSpec,
  type RowSource,
  type UpdateWriter,
} from '../../engine/monitor/index.js';
import { notificationBytes, updateWriter, type UpdateMethod } from './wire.js';

/** How long an initial dump stays cached for members that ask at about the same time. */
export const INITIAL_CACHE_MS = 5000;

/** What a group knows of its members. */
export interface GroupMember {
  readonly id: Json;
  readonly idText: string;
}

export class MonitorGroup<M extends GroupMember = GroupMember> {
  readonly members = new Set<M>();
  readonly writer: UpdateWriter;
  #seq = -1;
  #body: string | null = null;
  readonly #messages = new Map<string, Buffer>();
  #initialSeq = -1;
  #initial: Buffer | null = null;

  constructor(
    readonly key: string,
    readonly spec: MonitorSpec,
    readonly method: UpdateMethod,
  ) {
    this.writer = updateWriter(method);
  }

  /** Does the change set touch a table this group watches? */
  watches(changes: ChangeSet): boolean {
    for (const table of changes.keys()) if (this.spec.tables.has(table)) return true;
    return false;
  }

  /**
   * The notification for the commit numbered `seq` to a member, or null when the commit gives
   * this group nothing to send. Composed at most once per commit, encoded once per id text.
   */
  message(seq: number, changes: ChangeSet, txnId: string, member: GroupMember): Buffer | null {
    if (this.#seq !== seq) {
      this.#seq = seq;
      this.#messages.clear();
      this.#body = composeChanges(this.spec, changes, this.writer);
    }
    if (this.#body === null) return null;
    let bytes = this.#messages.get(member.idText);
    if (bytes === undefined) {
      bytes = notificationBytes(this.method, member.id, txnId, this.#body);
      this.#messages.set(member.idText, bytes);
    }
    return bytes;
  }

  /**
   * The serialized initial dump for database state `seq`, shared by every member that asks
   * before the state changes. It is kept for INITIAL_CACHE_MS at most, and dropped as soon as a
   * commit touches the group's tables, so a large dump does not stay in memory. Rows' texts
   * come from and go to `texts` (shared with the database's other groups and later ones).
   */
  initial(seq: number, source: RowSource, texts: InitialTextCache | null = null): Buffer {
    if (this.#initial === null || this.#initialSeq !== seq) {
      this.#initial = Buffer.from(composeInitial(this.spec, source, this.writer, texts), 'utf8');
      this.#initialSeq = seq;
      const dump = this.#initial;
      setTimeout(() => {
        if (this.#initial === dump) this.dropInitial();
      }, INITIAL_CACHE_MS).unref();
    }
    return this.#initial;
  }

  dropInitial(): void {
    this.#initial = null;
    this.#initialSeq = -1;
  }

  /** Drop cached bytes (the group has no members left). */
  clear(): void {
    this.#messages.clear();
    this.#body = null;
    this.#initial = null;
    this.#seq = -1;
    this.#initialSeq = -1;
  }
}
