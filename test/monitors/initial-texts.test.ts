/**
 * Initial dumps that reuse rows' texts (engine/monitor/table-updates.ts InitialTextCache,
 * server/monitors/initial-texts.ts): the same text as a dump without cache, rows' texts taken
 * from the cache only for the very Row objects they were written from, one cache per kind of
 * dump (format and columns), and texts dropped when no dump has used them for a while; a
 * monitor group kept a while after its last member left.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import type { Row } from '../../src/ovsdb/row.js';
import { composeInitial, initialTextKey, type InitialTextCache, type UpdateFormat } from '../../src/engine/monitor/index.js';
import { InitialTexts } from '../../src/server/monitors/initial-texts.js';
import { MonitoredDatabase } from '../../src/server/monitors/monitored-database.js';
import { INITIAL_CACHE_MS } from '../../src/server/monitors/group.js';
import { Fixture, WRITE, nthUuid } from './helpers.js';

const INSERT2 = '{"op":"insert","table":"T","row":{"i":1,"s":"a"}},{"op":"insert","table":"T","row":{"i":2,"ss":["set",["x","y"]]}}';
const MODIFY_FIRST = `{"op":"update","table":"T","where":[["_uuid","==",["uuid","${nthUuid(0)}"]]],"row":{"s":"b"}}`;

/** A cache that records which keys were asked for. */
function recordingCache(): InitialTextCache & { keys: string[]; maps: Map<string, WeakMap<Row, string>> } {
  const maps = new Map<string, WeakMap<Row, string>>();
  const keys: string[] = [];
  return {
    keys,
    maps,
    texts(key: string) {
      keys.push(key);
      let m = maps.get(key);
      if (m === undefined) maps.set(key, (m = new WeakMap()));
      return m;
    },
  };
}

describe('composeInitial with a text cache', () => {
  test.each([1, 2] as UpdateFormat[])('format %i: same text as without, before and after a change', (format) => {
    const f = new Fixture();
    f.transact(INSERT2);
    const spec = f.spec('{"T":{"columns":["i","s","ss"]}}', format === 2);
    const w = { format, write: WRITE };
    const cache = recordingCache();
    const plain = composeInitial(spec, f.source, w);
    expect(composeInitial(spec, f.source, w, cache)).toBe(plain);
    expect(composeInitial(spec, f.source, w, cache)).toBe(plain);
    f.transact(MODIFY_FIRST);
    const changed = composeInitial(spec, f.source, w);
    expect(changed).not.toBe(plain);
    expect(composeInitial(spec, f.source, w, cache)).toBe(changed);
  });

  test('a cached text is used for its Row object only', () => {
    const f = new Fixture();
    f.transact(INSERT2);
    const spec = f.spec('{"T":{"columns":["i"]}}');
    const w = { format: 2 as const, write: WRITE };
    const cache = recordingCache();
    composeInitial(spec, f.source, w, cache);
    const key = initialTextKey(spec.tables.get('T')!, 2);
    const second = [...f.db.rows('T').values()].find((r) => r.uuid !== nthUuid(0))!;
    cache.maps.get(key)!.set(second, `"${second.uuid}":{"initial":{"i":99}}`);
    expect(composeInitial(spec, f.source, w, cache)).toContain('"i":99');
    f.transact(`{"op":"update","table":"T","where":[["_uuid","==",["uuid","${second.uuid}"]]],"row":{"i":3}}`);
    const after = composeInitial(spec, f.source, w, cache);
    expect(after).not.toContain('"i":99');
    expect(after).toContain('"i":3');
  });

  test('the key tells formats and initially selected columns apart, not conditions', () => {
    const f = new Fixture();
    const key = (req: string, format: UpdateFormat) => initialTextKey(f.spec(req, format === 2).tables.get('T')!, format);
    const base = key('{"T":{"columns":["i","s"]}}', 2);
    expect(key('{"T":{"columns":["i","s"]}}', 1)).not.toBe(base);
    expect(key('{"T":{"columns":["s","i"]}}', 2)).not.toBe(base);
    expect(key('{"T":{"columns":["i"]}}', 2)).not.toBe(base);
    expect(key('{"T":[{"columns":["i"]},{"columns":["s"],"select":{"initial":false}}]}', 2)).not.toBe(base);
    expect(key('{"T":{"columns":["i","s"],"where":[["i","==",1]]}}', 2)).toBe(base);
    expect(key('{"T":{"columns":["i","s"],"select":{"modify":false}}}', 2)).toBe(base);
  });
});

describe('InitialTexts', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  test('keeps texts while dumps use them, drops them after two idle sweeps', () => {
    vi.useFakeTimers();
    const texts = new InitialTexts(1000);
    const a = texts.texts('a');
    texts.texts('b');
    expect(texts.texts('a')).toBe(a);
    vi.advanceTimersByTime(1000);
    texts.texts('a');
    vi.advanceTimersByTime(1000);
    expect(texts.size).toBe(1);
    expect(texts.texts('a')).toBe(a);
    vi.advanceTimersByTime(2000);
    expect(texts.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(texts.texts('a')).not.toBe(a);
    texts.clear();
  });
});

describe('MonitoredDatabase keeps an emptied group a while', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  test('the next monitor of the same kind finds the group and its dump; unused, it goes', () => {
    vi.useFakeTimers();
    const f = new Fixture();
    f.transact(INSERT2);
    const served = { name: 'types', schema: f.schema, schemaJson: {}, db: f.db, storage: null };
    const mdb = new MonitoredDatabase(served, 10);
    const member = { id: null, idText: 'null', deliver: () => {} };
    const spec = f.spec('{"T":{"columns":["i"]}}');
    const g = mdb.group(spec, 'update3');
    mdb.join(g, member);
    const dump = g.initial(mdb.seq, mdb.source, mdb.initialTexts);
    mdb.leave(g, member);
    vi.advanceTimersByTime(INITIAL_CACHE_MS / 2);
    const again = mdb.group(f.spec('{"T":{"columns":["i"]}}'), 'update3');
    expect(again).toBe(g);
    expect(again.initial(mdb.seq, mdb.source, mdb.initialTexts)).toBe(dump);
    mdb.join(again, member);
    vi.advanceTimersByTime(3 * INITIAL_CACHE_MS);
    expect(mdb.groups.get(g.key)).toBe(g);
    mdb.leave(again, member);
    vi.advanceTimersByTime(2 * INITIAL_CACHE_MS);
    expect(mdb.groups.size).toBe(0);
    expect(mdb.group(spec, 'update3')).not.toBe(g);
    mdb.initialTexts.clear();
  });
});
