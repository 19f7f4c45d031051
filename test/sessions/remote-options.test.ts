import { describe, it, expect } from 'vitest';
import { nextBackoff, DEFAULT_MIN_BACKOFF_MS, DEFAULT_MAX_BACKOFF_MS } from '../../src/server/active-remote.js';
import { parseRemoteSpec } from '../../src/server/remote-spec.js';
import { RemoteSyntaxError } from '../../src/ovsdb/remote.js';
import { parseCli, UsageError } from '../../src/cli-options.js';

describe('nextBackoff (OVS lib/reconnect.c timing)', () => {
  it('waits 1 s after the first failure, doubling to 8 s', () => {
    const waits: number[] = [];
    let b = 0;
    for (let i = 0; i < 6; i++) {
      b = nextBackoff(b, null);
      waits.push(b);
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 8000, 8000]);
    expect([DEFAULT_MIN_BACKOFF_MS, DEFAULT_MAX_BACKOFF_MS]).toEqual([1000, 8000]);
  });

  it('resets to the minimum after a connection that stayed up for the backoff, else keeps growing', () => {
    expect(nextBackoff(8000, 8000)).toBe(1000);
    expect(nextBackoff(4000, 100)).toBe(8000);
    expect(nextBackoff(0, 0)).toBe(1000);
  });

  it('honours shorter bounds', () => {
    expect(nextBackoff(0, null, { minBackoffMs: 10, maxBackoffMs: 40 })).toBe(10);
    expect(nextBackoff(20, null, { minBackoffMs: 10, maxBackoffMs: 40 })).toBe(40);
    expect(nextBackoff(40, null, { minBackoffMs: 10, maxBackoffMs: 40 })).toBe(40);
  });
});

describe('parseRemoteSpec', () => {
  it.each([
    ['ptcp:0:127.0.0.1', false, { kind: 'tcp', passive: true, port: 0 }],
    ['read-only:ptcp:6642:127.0.0.1', true, { kind: 'tcp', passive: true, port: 6642 }],
    ['read-only:punix:/tmp/x.sock', true, { kind: 'unix', passive: true, path: '/tmp/x.sock' }],
    ['read-only:ssl:127.0.0.1:6640', true, { kind: 'ssl', passive: false, port: 6640 }],
  ])('%s', (spec, readOnly, remote) => {
    const r = parseRemoteSpec(spec);
    expect(r.readOnly).toBe(readOnly);
    expect(r.remote).toMatchObject(remote);
  });

  it.each(['read-only:', 'read-only:nope:1', 'readonly:ptcp:1'])('rejects %s', (spec) => {
    expect(() => parseRemoteSpec(spec)).toThrow(RemoteSyntaxError);
  });
});

describe('CLI session and TLS options', () => {
  it('takes the PKI files, limits and read-only remotes', () => {
    const o = parseCli([
      '--remote=read-only:pssl:0:127.0.0.1',
      '--private-key=k.pem',
      '--certificate=c.pem',
      '--ca-cert=none',
      '--max-sessions=10',
      '--max-pending-requests=3',
    ]);
    expect(o.remotes).toEqual(['read-only:pssl:0:127.0.0.1']);
    expect(o.tls).toEqual({ privateKey: 'k.pem', certificate: 'c.pem', caCert: 'none' });
    expect(o.maxSessions).toBe(10);
    expect(o.maxPendingRequests).toBe(3);
  });

  it('leaves limits to the server defaults when not given', () => {
    const o = parseCli([]);
    expect(o.maxSessions).toBeUndefined();
    expect(o.maxPendingRequests).toBeUndefined();
    expect(o.tls).toEqual({});
  });

  it.each([[['--remote=bogus:1']], [['--max-sessions=0']], [['--max-pending-requests=x']], [['--remote=read-only:']]])(
    'rejects %j',
    (args) => {
      expect(() => parseCli(args)).toThrow(UsageError);
    },
  );
});
