/**
 * Builders for conditions and mutations (RFC 7047 §5.1 <condition>, <mutation>). Each returns
 * the tuple `[column, function-or-mutator, value]`; where a transaction or a replica expects one,
 * the tuple is checked against the table's row type, so a misspelt column or a value of the wrong
 * type does not compile:
 *   op.update('Logical_Switch_Port', [cond.eq('name', 'vm1')], { tag: 10 })
 *   op.mutate('Logical_Switch', [cond.eq('name', 'sw0')], [mut.insert('ports', [port])])
 * Writing the tuples directly (`['name', '==', 'vm1']`) is equivalent.
 */
export const cond = {
  eq: <const C extends string, const V>(column: C, value: V) => [column, '==', value] as const,
  ne: <const C extends string, const V>(column: C, value: V) => [column, '!=', value] as const,
  lt: <const C extends string, const V>(column: C, value: V) => [column, '<', value] as const,
  le: <const C extends string, const V>(column: C, value: V) => [column, '<=', value] as const,
  gt: <const C extends string, const V>(column: C, value: V) => [column, '>', value] as const,
  ge: <const C extends string, const V>(column: C, value: V) => [column, '>=', value] as const,
  includes: <const C extends string, const V>(column: C, value: V) => [column, 'includes', value] as const,
  excludes: <const C extends string, const V>(column: C, value: V) => [column, 'excludes', value] as const,
};

export const mut = {
  add: <const C extends string, const V>(column: C, value: V) => [column, '+=', value] as const,
  sub: <const C extends string, const V>(column: C, value: V) => [column, '-=', value] as const,
  mul: <const C extends string, const V>(column: C, value: V) => [column, '*=', value] as const,
  div: <const C extends string, const V>(column: C, value: V) => [column, '/=', value] as const,
  mod: <const C extends string, const V>(column: C, value: V) => [column, '%=', value] as const,
  /** Add elements to a set, or key-value pairs (new keys only) to a map. */
  insert: <const C extends string, const V>(column: C, value: V) => [column, 'insert', value] as const,
  /** Remove elements from a set; from a map, pairs (a Map) or keys (an array). */
  delete: <const C extends string, const V>(column: C, value: V) => [column, 'delete', value] as const,
};
