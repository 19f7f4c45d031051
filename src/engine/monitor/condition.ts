/**
 * Monitor conditions (ovsdb-server(7) §4.1.12 "monitor_cond": the "where" of a
 * <monitor-cond-request>). Unlike a transact "where", the clauses are a DISJUNCTION: a row is
 * selected when any clause holds. An empty array selects every row, `[true]` every row,
 * `[false]` none; a literal `false` among other clauses adds nothing.
 *
 * Conditions are compared by `key`: equal keys select the same rows, which is how monitors that
 * ask for the same thing are grouped and served from one serialization.
 */
import type { Json } from '../../ovsdb/json.js';
import type { Row, TableLayout } from '../../ovsdb/row.js';
import { UUID_ORDINAL } from '../../ovsdb/row.js';
import { datumKey } from '../../ovsdb/datum.js';
import { clauseFromJson, evaluateClause, type Clause } from '../../ovsdb/condition.js';

type CompareClause = Extract<Clause, { kind: 'compare' }>;

export interface MonitorCondition {
  /** The clauses that decide (literal true/false folded away); empty unless `mode` is 'some'. */
  readonly clauses: readonly CompareClause[];
  /** 'all': every row matches; 'none': no row; 'some': rows where some clause holds. */
  readonly mode: 'all' | 'none' | 'some';
  /** Canonical text: equal keys ⇔ the same condition. */
  readonly key: string;
  /** Ordinals of the schema columns the clauses read (never `_uuid`/`_version`). */
  readonly columns: readonly number[];
}

export const MATCH_ALL: MonitorCondition = Object.freeze({ clauses: [], mode: 'all', key: '*', columns: [] });

function clauseKey(c: CompareClause): string {
  return `${c.ordinal}\u0001${c.fn}\u0001${datumKey(c.arg)}`;
}

/** Builds a condition from parsed clauses (the literal clauses folded as a disjunction). */
export function monitorCondition(parsed: readonly Clause[]): MonitorCondition {
  if (parsed.length === 0) return MATCH_ALL;
  const byKey = new Map<string, CompareClause>();
  for (const c of parsed) {
    if (c.kind === 'const') {
      if (c.value) return MATCH_ALL;
      continue;
    }
    byKey.set(clauseKey(c), c);
  }
  if (byKey.size === 0) return { clauses: [], mode: 'none', key: '-', columns: [] };
  const keys = [...byKey.keys()].sort();
  const clauses = keys.map((k) => byKey.get(k)!);
  const columns = [...new Set(clauses.map((c) => c.ordinal).filter((o) => o >= 0))].sort((a, b) => a - b);
  return { clauses, mode: 'some', key: keys.join('\u0002'), columns };
}

/** Parses a "where" array of a monitor request (RFC 7047 §5.1 clauses). Throws OvsdbError. */
export function monitorConditionFromJson(layout: TableLayout, where: readonly Json[]): MonitorCondition {
  return monitorCondition(where.map((c) => clauseFromJson(layout, c)));
}

export function matchesCondition(cond: MonitorCondition, row: Row): boolean {
  if (cond.mode !== 'some') return cond.mode === 'all';
  for (const c of cond.clauses) if (evaluateClause(c, row)) return true;
  return false;
}

/**
 * The equality lookups that together cover every row the condition can match, or null when
 * some clause needs a scan. Each lookup is `[ordinal, value]` meaning "rows whose column equals
 * value" (`_uuid` included); the union of their rows is a superset of the matches.
 */
export function equalityLookups(cond: MonitorCondition): (readonly [number, CompareClause])[] | null {
  if (cond.mode !== 'some') return null;
  const out: (readonly [number, CompareClause])[] = [];
  for (const c of cond.clauses) {
    if (c.fn !== '==') return null;
    if (c.ordinal < 0 && c.ordinal !== UUID_ORDINAL) return null;
    out.push([c.ordinal, c]);
  }
  return out;
}
