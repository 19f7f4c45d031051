/**
 * showLog() against what `ovsdb-tool [-m|-mm] show-log` 3.1 printed for the same file
 * (test/fixtures/storage/types-server.show-log*.txt, captured from the tool; TZ=UTC).
 */
import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, mkdtempSync, rmSync, copyFileSync, truncateSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { showLog } from '../../src/storage/show-log.js';
import { OvsdbError } from '../../src/ovsdb/error.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/storage/${name}`, import.meta.url));
const DB = fixture('types-server.db');

describe('showLog', () => {
  it.each([
    [0, 'types-server.show-log.txt'],
    [1, 'types-server.show-log-m.txt'],
    [2, 'types-server.show-log-mm.txt'],
  ])('verbosity %i prints what ovsdb-tool prints', (verbosity, expected) => {
    expect(showLog(DB, verbosity)).toBe(readFileSync(fixture(expected), 'utf8'));
  });

  it('reports where a torn file stops, after the records before it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'showlog-'));
    try {
      const torn = join(dir, 'torn.db');
      copyFileSync(DB, torn);
      truncateSync(torn, statSync(DB).size - 10);
      const text = showLog(torn);
      expect(text).toContain('record 7:');
      expect(text).not.toContain('record 8:');
      expect(text).toMatch(/stopped at offset \d+: truncated record/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('throws a clear error for a file that is not a database', () => {
    const dir = mkdtempSync(join(tmpdir(), 'showlog-'));
    try {
      const junk = join(dir, 'junk.db');
      writeFileSync(junk, 'hello\n');
      expect(() => showLog(junk)).toThrow(OvsdbError);
      expect(() => showLog(join(dir, 'missing.db'))).toThrow(/open failed/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
