/**
 * createDatabaseFile (src/storage/create.ts): a file that the reference tools accept, and never
 * an overwrite.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabaseFile } from '../../src/storage/create.js';
import { showLog } from '../../src/storage/show-log.js';
import { OvsdbError } from '../../src/ovsdb/error.js';
import { requireOvsTools, tool } from './oracle.js';

const schemaFile = (name: string): string => fileURLToPath(new URL(`../fixtures/schemas/${name}`, import.meta.url));
const NB = fileURLToPath(new URL('../../schema/ovn-nb.ovsschema', import.meta.url));
let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(join(tmpdir(), 'create-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('createDatabaseFile', () => {
  it('writes one schema record', () => {
    const db = join(dir, 'types.db');
    const schema = createDatabaseFile(db, schemaFile('types.ovsschema'));
    expect(schema.name).toBe('types');
    expect(showLog(db)).toBe('record 0: "types" schema, version="1.0.0", cksum=""\n\n');
  });

  it('refuses to overwrite a file, and reports a bad schema', () => {
    const db = join(dir, 'x.db');
    fs.writeFileSync(db, 'keep me');
    expect(() => createDatabaseFile(db, schemaFile('types.ovsschema'))).toThrow(OvsdbError);
    expect(() => createDatabaseFile(db, schemaFile('types.ovsschema'))).toThrow(/create failed/);
    expect(fs.readFileSync(db, 'utf8')).toBe('keep me');
    expect(() => createDatabaseFile(join(dir, 'y.db'), schemaFile('bad-unknown-reftable.ovsschema'))).toThrow();
    expect(fs.existsSync(join(dir, 'y.db'))).toBe(false);
  });

  it('makes files ovsdb-tool reads as it reads its own', (ctx) => {
    requireOvsTools(ctx);
    for (const schema of [NB, schemaFile('types.ovsschema'), schemaFile('refs.ovsschema')]) {
      const ours = join(dir, 'ours.db');
      const theirs = join(dir, 'theirs.db');
      createDatabaseFile(ours, schema);
      tool('ovsdb-tool', 'create', theirs, schema);
      for (const cmd of ['db-name', 'db-version', 'db-cksum', 'show-log']) {
        expect(tool('ovsdb-tool', cmd, ours)).toBe(tool('ovsdb-tool', cmd, theirs));
      }
      fs.rmSync(ours);
      fs.rmSync(theirs);
    }
  });
});
