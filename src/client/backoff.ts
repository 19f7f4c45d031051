/**
 * Reconnection delays: exponential backoff with jitter.
 *
 * The nominal delay starts at `minMs`, doubles after each failed attempt up to `maxMs`, and
 * returns to `minMs` once a connection has stayed up for at least the nominal delay (as OVS's
 * lib/reconnect.c does). The actual wait is drawn uniformly from
 * [nominal × (1 − jitter), nominal], so that many clients cut off by the same server restart do
 * not come back in lockstep.
 */
export const DEFAULT_MIN_BACKOFF_MS = 500;
export const DEFAULT_MAX_BACKOFF_MS = 8000;
export const DEFAULT_JITTER = 0.5;

export interface BackoffOptions {
  readonly minMs?: number;
  readonly maxMs?: number;
  /** Fraction of the nominal delay that is randomised, 0 to 1. */
  readonly jitter?: number;
  /** A source of numbers in [0, 1) (tests make it deterministic). */
  readonly random?: () => number;
}

export class Backoff {
  readonly #min: number;
  readonly #max: number;
  readonly #jitter: number;
  readonly #random: () => number;
  #nominal = 0;

  constructor(opts: BackoffOptions = {}) {
    this.#min = opts.minMs ?? DEFAULT_MIN_BACKOFF_MS;
    this.#max = Math.max(this.#min, opts.maxMs ?? DEFAULT_MAX_BACKOFF_MS);
    this.#jitter = Math.min(1, Math.max(0, opts.jitter ?? DEFAULT_JITTER));
    this.#random = opts.random ?? Math.random;
  }

  /**
   * The wait before the next attempt. `upForMs` is how long the connection that just ended was
   * up, or null when the attempt failed.
   */
  next(upForMs: number | null): number {
    if (upForMs !== null && upForMs >= this.#nominal) this.#nominal = this.#min;
    else this.#nominal = this.#nominal < this.#min ? this.#min : Math.min(this.#max, this.#nominal * 2);
    return Math.round(this.#nominal * (1 - this.#jitter * this.#random()));
  }
}
