/**
 * A small typed event emitter: `on(name, listener)` returns the function that removes the
 * listener. A listener that throws does not stop the others; the error is reported to the
 * `onListenerError` callback given at construction.
 */
export type Listener<A extends unknown[]> = (...args: A) => void;
export type EventMap = { [event: string]: unknown[] };

export class Emitter<E extends EventMap> {
  readonly #listeners = new Map<keyof E, Set<Listener<never[]>>>();
  readonly #onListenerError: (e: unknown) => void;

  constructor(onListenerError: (e: unknown) => void) {
    this.#onListenerError = onListenerError;
  }

  on<K extends keyof E>(event: K, listener: Listener<E[K]>): () => void {
    let set = this.#listeners.get(event);
    if (set === undefined) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    const stored = listener as unknown as Listener<never[]>;
    set.add(stored);
    return () => {
      set.delete(stored);
    };
  }

  /** Resolves with the event's arguments the next time it is emitted. */
  once<K extends keyof E>(event: K): Promise<E[K]> {
    return new Promise((resolve) => {
      const off = this.on(event, (...args) => {
        off();
        resolve(args);
      });
    });
  }

  emit<K extends keyof E>(event: K, ...args: E[K]): void {
    const set = this.#listeners.get(event);
    if (set === undefined) return;
    for (const l of [...set]) {
      try {
        (l as unknown as Listener<E[K]>)(...args);
      } catch (e) {
        this.#onListenerError(e);
      }
    }
  }

  listenerCount(event: keyof E): number {
    return this.#listeners.get(event)?.size ?? 0;
  }
}
