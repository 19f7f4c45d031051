import { describe, it, expect } from 'vitest';
import { parseCli, UsageError, DEFAULT_REMOTE, DEFAULT_DB_FILE, DEFAULT_SCHEMA } from '../../src/cli-options.js';

describe('parseCli', () => {
  it('defaults to the OVN Northbound database on 127.0.0.1:6641', () => {
    const o = parseCli([]);
    expect(o.remotes).toEqual([DEFAULT_REMOTE]);
    expect(o.dbFiles).toEqual([DEFAULT_DB_FILE]);
    expect(o.schemas).toEqual([DEFAULT_SCHEMA]);
    expect(o.inMemory).toBe(false);
    expect(DEFAULT_REMOTE).toBe('ptcp:6641:127.0.0.1');
  });

  it('takes repeated remotes, db files and options', () => {
    const o = parseCli(['--remote=ptcp:0:127.0.0.1', '--remote', 'punix:/tmp/s', 'a.db', 'b.db', '--inactivity-probe=0', '-v']);
    expect(o.remotes).toEqual(['ptcp:0:127.0.0.1', 'punix:/tmp/s']);
    expect(o.dbFiles).toEqual(['a.db', 'b.db']);
    expect(o.schemas).toEqual([]);
    expect(o.inactivityProbeMs).toBe(0);
    expect(o.logLevel).toBe('dbg');
  });

  it('serves schemas from memory with --in-memory', () => {
    const o = parseCli(['--in-memory', '--schema=x.ovsschema']);
    expect(o).toMatchObject({ inMemory: true, dbFiles: [], schemas: ['x.ovsschema'] });
  });

  it.each([[['--nope']], [['--inactivity-probe=-1']], [['--log-level=loud']], [['--in-memory', 'a.db']]])(
    'rejects %j',
    (args) => {
      expect(() => parseCli(args)).toThrow(UsageError);
    },
  );
});

describe('parseCli: storage and slow-reader options', () => {
  it('reads --fsync, --coalesce-backlog and --max-backlog', () => {
    const o = parseCli(['--fsync=group:5', '--coalesce-backlog=65536', '--max-backlog=1048576']);
    expect(o.fsync).toBeDefined();
    expect(o.coalesceBacklogBytes).toBe(65536);
    expect(o.maxBacklogBytes).toBe(1048576);
  });
  it.each([[['--fsync=sometimes']], [['--max-backlog=0']], [['--coalesce-backlog=x']]])('rejects %j', (args) => {
    expect(() => parseCli(args)).toThrow(UsageError);
  });
});
