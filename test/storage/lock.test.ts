/**
 * The lock file (src/storage/lock.ts): ovsdb-server's `.<name>.~lock~`, held through the perl
 * helper so that ovsdb-server and ovsdb-tool see it, and ovsdb-server's lock seen by us.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockDatabaseFile, lockFileName, procLocksHolders, type FileLock } from '../../src/storage/lock.js';
import { OvsdbError } from '../../src/ovsdb/error.js';
import { requireOvsTools, runTool, serveFile, tool } from './oracle.js';

const SCHEMA = new URL('../fixtures/schemas/types.ovsschema', import.meta.url).pathname;
let dir: string;
let db: string;
const held: FileLock[] = [];

beforeEach(() => {
  dir = fs.mkdtempSync(join(tmpdir(), 'lock-'));
  db = join(dir, 'x.db');
});
afterEach(async () => {
  for (const l of held.splice(0)) await l.release();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function lock(path: string): Promise<FileLock | OvsdbError> {
  const l = await lockDatabaseFile(path, { orphanWaitMs: 200 });
  if (!(l instanceof OvsdbError)) held.push(l);
  return l;
}

describe('lock file', () => {
  it('is named like ovsdb-server names it, beside the target of a symlink', () => {
    expect(lockFileName('/a/b/c.db')).toBe('/a/b/.c.db.~lock~');
    fs.mkdirSync(join(dir, 'real'));
    fs.writeFileSync(join(dir, 'real', 'f.db'), '');
    fs.symlinkSync(join(dir, 'real', 'f.db'), join(dir, 'link.db'));
    expect(lockFileName(join(dir, 'link.db'))).toBe(join(fs.realpathSync(dir), 'real', '.f.db.~lock~'));
  });

  it('is exclusive within a process and across processes, and released on request', async () => {
    const a = await lock(db);
    expect(a).not.toBeInstanceOf(OvsdbError);
    expect(fs.existsSync(join(dir, '.x.db.~lock~'))).toBe(true);
    const again = await lock(db);
    expect(again).toBeInstanceOf(OvsdbError);
    expect((again as OvsdbError).message).toMatch(/failed to lock lockfile .*already locked by this process/);
    if ((a as FileLock).visibleToOvsdbServer) {
      expect(procLocksHolders(lockFileName(db)).length).toBe(1);
    }
    await (a as FileLock).release();
    expect(procLocksHolders(lockFileName(db))).toEqual([]);
    const b = await lock(db);
    expect(b).not.toBeInstanceOf(OvsdbError);
  });

  it('keeps ovsdb-server and ovsdb-tool out, and is kept out by them', async (ctx) => {
    requireOvsTools(ctx);
    tool('ovsdb-tool', 'create', db, SCHEMA);
    const ours = await lock(db);
    expect(ours).not.toBeInstanceOf(OvsdbError);
    expect((ours as FileLock).visibleToOvsdbServer).toBe(true);
    const compact = runTool('ovsdb-tool', ['compact', db]);
    expect(compact.status).not.toBe(0);
    expect(compact.stderr).toMatch(/failed to lock lockfile/);
    await (ours as FileLock).release();

    const server = await serveFile(db, dir);
    try {
      const theirs = await lock(db);
      expect(theirs).toBeInstanceOf(OvsdbError);
      expect((theirs as OvsdbError).message).toMatch(new RegExp(`locked by pid ${server.pid} \\(ovsdb-server\\)`));
    } finally {
      await server.stop();
    }
    expect(await lock(db)).not.toBeInstanceOf(OvsdbError);
  });
});
