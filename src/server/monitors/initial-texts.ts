/**
 * The row texts initial dumps share across connections (engine/monitor/table-updates.ts
 * `InitialTextCache`): a client that connects, dumps and goes away again and again (each
 * `ovn-nbctl` command) has its dump written from the texts of the rows that did not change since
 * the last one instead of from the datums.
 *
 * Memory: a text lives only as long as its Row (WeakMap), and the texts of one kind of dump
 * (one `initialTextKey`) are dropped when no dump has used them for between INITIAL_TEXTS_IDLE_MS
 * and twice that, so a database that nobody dumps holds no texts at all.
 */
import type { Row } from '../../ovsdb/row.js';
import type { InitialTextCache } from '../../engine/monitor/index.js';

/** How long the texts of a kind of dump are kept at least after the last dump that used them. */
export const INITIAL_TEXTS_IDLE_MS = 10_000;

interface Entry {
  readonly texts: WeakMap<Row, string>;
  used: boolean;
}

export class InitialTexts implements InitialTextCache {
  readonly #entries = new Map<string, Entry>();
  #timer: ReturnType<typeof setInterval> | null = null;

  constructor(readonly idleMs: number = INITIAL_TEXTS_IDLE_MS) {}

  texts(key: string): WeakMap<Row, string> {
    let e = this.#entries.get(key);
    if (e === undefined) {
      e = { texts: new WeakMap(), used: true };
      this.#entries.set(key, e);
    }
    e.used = true;
    this.#timer ??= setInterval(() => this.#sweep(), this.idleMs).unref();
    return e.texts;
  }

  /** Number of kinds of dump whose texts are kept. */
  get size(): number {
    return this.#entries.size;
  }

  /** Drop the texts no dump used since the last sweep; stop sweeping when none are left. */
  #sweep(): void {
    for (const [key, e] of this.#entries) {
      if (e.used) e.used = false;
      else this.#entries.delete(key);
    }
    if (this.#entries.size === 0) this.clear();
  }

  clear(): void {
    this.#entries.clear();
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }
}
