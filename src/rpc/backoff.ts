/**
 * The reconnection backoff of OVS lib/reconnect.c, for both ends' active connections: the
 * delay starts at `minMs`, doubles after each failed attempt up to `maxMs`, and returns to
 * `minMs` once a connection stayed up at least as long as the delay in force.
 */

/**
 * The delay before the next attempt. `current` is the delay in force (0 before any failure);
 * `upForMs` is how long the connection that just ended was up, or null if the attempt failed.
 */
export function reconnectBackoff(current: number, upForMs: number | null, minMs: number, maxMs: number): number {
  if (upForMs !== null && upForMs >= current) return minMs;
  if (current < minMs) return minMs;
  return Math.min(maxMs, current * 2);
}
