/**
 * What a monitor selects (RFC 7047 §4.1.5 <monitor-select>) and the kind of one row update.
 *
 * Both are bit sets with the same bits, as ovsdb-server's `enum ovsdb_monitor_selection`: a row
 * update of kind K is sent for a table only when the table's selection (the union of its
 * requests' selections) has K, and a column appears in it only when that column's own request
 * selected K.
 */
export const SELECT_INITIAL = 1;
export const SELECT_INSERT = 2;
export const SELECT_DELETE = 4;
export const SELECT_MODIFY = 8;
export const SELECT_ALL = SELECT_INITIAL | SELECT_INSERT | SELECT_DELETE | SELECT_MODIFY;
/** No update for this row. */
export const UPDATE_NONE = 0;

/** The members of <monitor-select>, with their bits. */
export const SELECT_MEMBERS: readonly (readonly [string, number])[] = [
  ['initial', SELECT_INITIAL],
  ['insert', SELECT_INSERT],
  ['delete', SELECT_DELETE],
  ['modify', SELECT_MODIFY],
];

/**
 * The wire formats of table updates:
 *   1: RFC 7047 §4.1.6 <table-updates> (`monitor`, notification "update"): "old"/"new" rows.
 *   2: ovsdb-server(7) §4.1.14 <table-updates2> (`monitor_cond` "update2" and
 *      `monitor_cond_since` "update3"): "initial"/"insert"/"delete"/"modify".
 */
export type UpdateFormat = 1 | 2;
