/**
 * The client's side of OVSDB locks (RFC 7047 §4.1.8–4.1.10): which locks it wants and which it
 * holds. A wanted lock is asked for again after every reconnection, since a lock dies with the
 * connection that held it (ovsdb-server(7) §4.1.8).
 */
export class LockState {
  readonly #wanted = new Set<string>();
  readonly #held = new Set<string>();

  want(name: string): void {
    this.#wanted.add(name);
  }
  /** Stop wanting (unlock); also no longer held. */
  drop(name: string): void {
    this.#wanted.delete(name);
    this.#held.delete(name);
  }
  /** Returns true when the lock was not held before. */
  acquired(name: string): boolean {
    if (this.#held.has(name)) return false;
    this.#held.add(name);
    return true;
  }
  lost(name: string): void {
    this.#held.delete(name);
  }
  /** The connection is gone: nothing is held any more; the wanted locks remain wanted. */
  disconnected(): void {
    this.#held.clear();
  }
  holds(name: string): boolean {
    return this.#held.has(name);
  }
  wants(name: string): boolean {
    return this.#wanted.has(name);
  }
  get wanted(): readonly string[] {
    return [...this.#wanted];
  }
}
