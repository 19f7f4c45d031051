/**
 * Reconnection delays: exponential backoff with jitter.
 *
 * The nominal delay follows OVS's lib/reconnect.c (rpc/backoff.ts, shared with the server's
 * active remotes). The actual wait is drawn uniformly from
 * [nominal × (1 − jitter), nominal], so that many clients cut off by the same server restart do
 * not come back in lockstep.
 */
import { reconnectBackoff } from '../rpc/backoff.js';

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
    this.#nominal = reconnectBackoff(this.#nominal, upForMs, this.#min, this.#max);
    return Math.round(this.#nominal * (1 - this.#jitter * this.#random()));
  }
}
