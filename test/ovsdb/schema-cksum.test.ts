import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { posixCksum, schemaCksum } from '../../src/ovsdb/schema-cksum.js';
import { parseJson } from '../../src/wire/index.js';
import { findTool } from '../support/ovsdb-server.js';

const SCHEMA_DIR = new URL('../../schema/', import.meta.url).pathname;
const read = (f: string): string => readFileSync(join(SCHEMA_DIR, f), 'utf8');


/** OVS build-aux/calculate-schema-cksum, run for real. */
function shellCksum(text: string): string {
  const script = `sed '/"cksum": *"[0-9][0-9]* [0-9][0-9]*",/d' | cksum`;
  const r = spawnSync('sh', ['-c', script], { input: text, encoding: 'utf8', timeout: 10_000 });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim();
}

describe('POSIX cksum', () => {
  // Values measured with coreutils cksum.
  it.each([
    ['', '4294967295 0'],
    ['a', '1220704766 1'],
    ['hello\n', '3015617425 6'],
    ['x'.repeat(300), '3786917833 300'],
  ])('of %j is %s', (text, expected) => {
    expect(posixCksum(new TextEncoder().encode(text))).toBe(expected);
  });
});

describe('schemaCksum', () => {
  // Measured with `ovsdb-tool schema-cksum` (which prints the file's member) and with OVS's
  // build-aux/calculate-schema-cksum (which computes it); the shipped files agree with both.
  it.each([
    ['ovn-nb.ovsschema', '94023179 33468'],
    ['ovn-sb.ovsschema', '4078371916 30328'],
  ])('of %s is %s', (file, expected) => {
    expect(schemaCksum(read(file))).toBe(expected);
    expect(read(file)).toContain(`"cksum": "${expected}"`);
  });

  it('ignores the cksum line itself, and only it', () => {
    const text = read('ovn-nb.ovsschema');
    expect(schemaCksum(text.replace('"cksum": "94023179 33468"', '"cksum": "1 2"'))).toBe('94023179 33468');
    expect(schemaCksum(text.replace('7.0.0', '7.0.1'))).not.toBe('94023179 33468');
    expect(schemaCksum('{\n  "name": "D",\n  "cksum": "1 2",\n  "tables": {}\n}\n')).toBe('3401490330 34');
  });

  it('of a one-line schema is that of empty input, like the shell pipeline', () => {
    expect(schemaCksum('{"name":"D","cksum":"1 2","tables":{}}')).toBe('4294967295 0');
  });

  it.runIf(findTool('ovsdb-tool') !== null).each(['ovn-nb.ovsschema', 'ovn-sb.ovsschema'])(
    'agrees with ovsdb-tool schema-cksum on %s',
    (file) => {
      const r = spawnSync(findTool('ovsdb-tool') as string, ['schema-cksum', join(SCHEMA_DIR, file)], { encoding: 'utf8', timeout: 10_000 });
      expect(r.status).toBe(0);
      expect(schemaCksum(read(file))).toBe(r.stdout.trim());
    },
  );

  it.each([
    ['ovn-sb with a new column', (t: string) => t.replace('"nb_cfg": {"type": {"key": "integer"}},', '"nb_cfg": {"type": {"key": "integer"}}, "zz": {"type": "string"},')],
    ['non-ASCII text', (t: string) => t.replace('"OVN_Southbound"', '"OVN_Südbound ✓ \u{1F600}"')],
    ['no final newline', (t: string) => t.trimEnd()],
    ['CRLF line ends', (t: string) => t.replaceAll('\n', '\r\n')],
  ])('agrees with the OVS shell pipeline on %s', (_name, edit) => {
    const text = edit(read('ovn-sb.ovsschema'));
    expect(text).not.toBe(read('ovn-sb.ovsschema'));
    expect(schemaCksum(text)).toBe(shellCksum(text));
  });
});

describe('loadSchemaFile and cksum', () => {
  it('serves a file without cksum as ovsdb-server does (no cksum member), and computes one', async () => {
    const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { loadSchemaFile } = await import('../../src/ovsdb/schema-load.js');
    const dir = mkdtempSync(join(tmpdir(), 'cksum-'));
    try {
      const text = '{\n  "name": "D",\n  "tables": {"T": {"columns": {"a": {"type": "integer"}}}}\n}\n';
      writeFileSync(join(dir, 'd.ovsschema'), text);
      const loaded = loadSchemaFile(join(dir, 'd.ovsschema'), parseJson);
      expect(Object.hasOwn(loaded.json, 'cksum')).toBe(false);
      expect(loaded.schema.cksum).toBeNull();
      expect(loaded.cksum).toBe(schemaCksum(text));
      expect(loaded.cksum).toMatch(/^\d+ \d+$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
