/**
 * Differences between ovsdb-ts and ovsdb-server that are known and not yet fixed, so that the
 * suite stays green while they are open and turns red on anything new.
 *
 * - A table case listed here must still differ: once it matches, its test fails and asks for
 *   the entry to be removed (so the list only ever shrinks as fixes land).
 * - A random-mode mismatch recognised by a predicate here is reported, not failed.
 * Each entry names the behaviour, as a note for whoever fixes it.
 */

/** "topic / case name" → what ovsdb-server does that ovsdb-ts does not. */
export const KNOWN_CASE_DIFFERENCES: ReadonlyMap<string, string> = new Map<string, string>([]);

export interface RandomMismatch {
  readonly request: string;
  readonly reference: string;
  readonly ours: string;
}

interface KnownRandom {
  readonly name: string;
  readonly matches: (m: RandomMismatch) => boolean;
}

/** Mismatches of the random mode that a known difference explains. */
export const KNOWN_RANDOM_DIFFERENCES: readonly KnownRandom[] = [];

export function knownRandomDifference(m: RandomMismatch): string | null {
  return KNOWN_RANDOM_DIFFERENCES.find((k) => k.matches(m))?.name ?? null;
}
