/**
 * Transaction records (src/storage/txn-record.ts, datum-diff.ts): what we write for a set of
 * changes, and reading back the records ovsdb-server 3.1 wrote (fixture types-server.db).
 */
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { loadSchemaFile } from '../../src/ovsdb/schema-load.js';
import { parseJson } from '../../src/wire/json-parse.js';
import { Row, tableLayout } from '../../src/ovsdb/row.js';
import { datumFromJson, datumToJson, type Datum } from '../../src/ovsdb/datum.js';
import { sequentialUuids } from '../../src/ovsdb/uuid.js';
import type { ColumnType } from '../../src/ovsdb/types.js';
import { OvsdbError } from '../../src/ovsdb/error.js';
import { datumApplyDiff, datumDiff } from '../../src/storage/datum-diff.js';
import {
  parseTxnRecord,
  recordChanges,
  txnRecordText,
  type RowChange,
  type TxnChanges,
} from '../../src/storage/txn-record.js';
import { logRecords, readLogFile } from '../../src/storage/log-file.js';

const schemaPath = fileURLToPath(new URL('../fixtures/schemas/types.ovsschema', import.meta.url));
const dbPath = fileURLToPath(new URL('../fixtures/storage/types-server.db', import.meta.url));
const { schema } = loadSchemaFile(schemaPath, parseJson);
const T = tableLayout(schema.tables.get('T')!);
const col = (name: string): ColumnType => T.columns[T.ordinal(name)!]!.type;
const d = (name: string, json: unknown): Datum => datumFromJson(json as never, col(name));

function row(uuid: string, values: Record<string, unknown>): Row {
  const data = [...T.defaults];
  for (const [k, v] of Object.entries(values)) data[T.ordinal(k)!] = d(k, v);
  return new Row(T, uuid, '00000000-0000-0000-0000-00000000ffff', data);
}
const U1 = '11111111-1111-1111-1111-111111111111';
const U2 = '22222222-2222-2222-2222-222222222222';
const changes = (...entries: [string, RowChange][]): TxnChanges => new Map([['T', new Map(entries)]]);

describe('datum diffs (ovsdb_datum_diff as ovsdb-server writes them)', () => {
  const cases: [string, unknown, unknown, unknown][] = [
    ['ss', ['set', ['x', 'y', 'z']], ['set', ['w', 'x', 'z']], ['set', ['w', 'y']]],
    ['si', ['set', [1, 2, 3]], ['set', [1, 2, 3, 4]], 4],
    ['mss', ['map', [['k1', 'v1'], ['k2', 'v2']]], ['map', [['k2', 'v2'], ['k3', 'v3']]], ['map', [['k1', 'v1'], ['k3', 'v3']]]],
    ['mss', ['map', [['k2', 'v2'], ['k3', 'v3']]], ['map', [['k2', 'changed'], ['k3', 'v3']]], ['map', [['k2', 'changed']]]],
    ['s13', 7, ['set', [1, 2, 3]], ['set', [1, 2, 3, 7]]],
    ['oi', 5, ['set', []], ['set', []]],
    ['i', 1, 2, 2],
  ];
  it.each(cases)('%s: %j → %j', (name, a, b, diff) => {
    const type = col(name);
    const big = { ...type, min: 0, max: Infinity };
    const got = datumDiff(d(name, a), d(name, b), type);
    expect(datumToJson(got, big)).toEqual(datumToJson(datumFromJson(diff as never, type.max > 1 ? big : type), big));
    expect(datumToJson(datumApplyDiff(d(name, a), got, type), type)).toEqual(datumToJson(d(name, b), type));
  });
});

describe('writing records', () => {
  it('writes inserts with non-default columns, modifications as diffs, deletions as null', () => {
    const a0 = row(U1, { s: 'a', ss: ['set', ['x', 'y']], mss: ['map', [['k', 'v']]] });
    const a1 = row(U1, { s: 'a', ss: ['set', ['x', 'z']], mss: ['map', [['k', 'v']]], i: 5 });
    const b = row(U2, { i: 9223372036854775807n });
    const rec = txnRecordText(changes([U1, { old: a0, new: a1 }], [U2, { old: null, new: b }]), 1234, 'hi\nthere');
    expect(rec).toBe(
      `{"_date":1234,"T":{"${U1}":{"i":5,"ss":["set",["y","z"]]},"${U2}":{"i":9223372036854775807}},"_is_diff":true,"_comment":"hi\\nthere"}`,
    );
    const del = txnRecordText(changes([U2, { old: b, new: null }]), 1, null);
    expect(del).toBe(`{"_date":1,"T":{"${U2}":null},"_is_diff":true}`);
  });

  it('writes nothing for a transaction without persistent changes', () => {
    const a = row(U1, { s: 'a' });
    expect(txnRecordText(changes([U1, { old: a, new: row(U1, { s: 'a' }) }]), 1, 'just a comment')).toBeNull();
    expect(txnRecordText(new Map(), 1, 'x')).toBeNull();
  });

  it('falls back to full values when a diff would not fit its column (ovsdb-server 3.1 cannot read it)', () => {
    const a0 = row(U1, { s13: 7, s: 'a' });
    const a1 = row(U1, { s13: ['set', [1, 2, 3]], s: 'b' });
    const rec = txnRecordText(changes([U1, { old: a0, new: a1 }]), 5, null);
    expect(rec).toBe(`{"_date":5,"T":{"${U1}":{"s":"b","s13":["set",[1,2,3]]}}}`);
  });
});

describe('reading records', () => {
  it('replays the ovsdb-server fixture to the state ovsdb-client dump showed', () => {
    const log = readLogFile(dbPath);
    if (log instanceof OvsdbError) throw log;
    const state = new Map<string, Row>();
    const version = sequentialUuids();
    for (const r of logRecords(log)) {
      const rec = parseTxnRecord(r.json, schema);
      if (rec instanceof OvsdbError) throw rec;
      const ch = recordChanges(rec, (_t, u) => state.get(u), version);
      if (ch instanceof OvsdbError) throw ch;
      for (const [uuid, c] of ch.get('T') ?? []) {
        if (c.new === null) state.delete(uuid);
        else state.set(uuid, c.new);
      }
    }
    const show = (r: Row, c: string): unknown => datumToJson(r.get(c), col(c));
    expect(state.size).toBe(3);
    const first = state.get('e84de33f-9a25-4822-9e9f-6580a3800619')!;
    expect(show(first, 'i')).toBe(9223372036854775807n);
    expect(show(first, 'mss')).toEqual(['map', [['k2', 'changed'], ['k3', 'v3']]]);
    expect(show(first, 'ss')).toEqual(['set', ['w', 'x', 'z']]);
    expect(show(first, 'si')).toEqual(['set', [1, 2, 3, 4]]);
    expect(show(first, 's13')).toEqual(['set', [1, 2, 3]]);
    expect(show(first, 'oi')).toEqual(['set', []]);
    const fourth = state.get('ac6ed55b-70f1-4eae-902f-b28126e6417b')!;
    expect(show(fourth, 'r')).toBe(-0.0001);
    expect(show(fourth, 'b')).toBe(true);
    expect(show(state.get('07c41650-5239-4062-ab4a-aa55b4d3f2a5')!, 's')).toBe('third ünïcödé ☃');
  });

  it('round-trips what it writes', () => {
    const a0 = row(U1, { s: 'a', mss: ['map', [['k', 'v'], ['j', 'w']]], s13: 1 });
    const a1 = row(U1, { s: 'a', mss: ['map', [['k', 'v2'], ['l', 'w']]], s13: ['set', [1, 2]] });
    const rec = txnRecordText(changes([U1, { old: a0, new: a1 }]), 1, null);
    const parsed = parseTxnRecord(parseJson(rec!), schema);
    if (parsed instanceof OvsdbError) throw parsed;
    const ch = recordChanges(parsed, () => a0, sequentialUuids());
    if (ch instanceof OvsdbError) throw ch;
    const got = ch.get('T')!.get(U1)!.new!;
    expect(got.data.map((x, i) => datumToJson(x, T.columns[i]!.type))).toEqual(a1.data.map((x, i) => datumToJson(x, T.columns[i]!.type)));
  });

  it.each([
    [{ _date: 1, Nope: {} }, /No table named Nope/],
    [{ T: { 'not-a-uuid': {} } }, /not a valid UUID/],
    [{ T: { [U1]: { nope: 1 } } }, /No column nope in table T/],
    [{ T: { [U1]: { _uuid: ['uuid', U1] } } }, /No column _uuid/],
    [{ T: { [U1]: null } }, /deletes row .* that does not exist/],
    [{ T: { [U1]: { i: 'x' } } }, /bad value for column i/],
    [{ _comment: 5 }, /_comment is not a string/],
    [[1], /not a JSON object/],
  ])('refuses %j', (json, re) => {
    const parsed = parseTxnRecord(json as never, schema);
    const result = parsed instanceof OvsdbError ? parsed : recordChanges(parsed, () => undefined, sequentialUuids());
    expect(result).toBeInstanceOf(OvsdbError);
    expect((result as OvsdbError).message).toMatch(re);
  });
});
