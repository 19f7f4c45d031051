import { describe, it, expect } from 'vitest';
import { parseRemote, RemoteSyntaxError } from '../../src/ovsdb/remote.js';

describe('parseRemote', () => {
  it.each([
    ['ptcp:6641', { kind: 'tcp', passive: true, host: '0.0.0.0', port: 6641 }],
    ['ptcp:0:127.0.0.1', { kind: 'tcp', passive: true, host: '127.0.0.1', port: 0 }],
    ['ptcp:6641:[::1]', { kind: 'tcp', passive: true, host: '::1', port: 6641 }],
    ['pssl:6641:10.0.0.1', { kind: 'ssl', passive: true, host: '10.0.0.1', port: 6641 }],
    ['tcp:127.0.0.1:6641', { kind: 'tcp', passive: false, host: '127.0.0.1', port: 6641 }],
    ['tcp:[::1]:6641', { kind: 'tcp', passive: false, host: '::1', port: 6641 }],
    ['ssl:192.168.0.1:6641', { kind: 'ssl', passive: false, host: '192.168.0.1', port: 6641 }],
    ['punix:/run/db.sock', { kind: 'unix', passive: true, path: '/run/db.sock' }],
    ['unix:/run/db.sock', { kind: 'unix', passive: false, path: '/run/db.sock' }],
  ])('%s', (spec, expected) => {
    expect(parseRemote(spec)).toMatchObject(expected);
  });

  it.each(['ptcp', 'udp:1:2', 'ptcp:99999', 'ptcp:abc', 'tcp:127.0.0.1', 'tcp:127.0.0.1:x', 'punix:'])(
    'rejects %s',
    (spec) => {
      expect(() => parseRemote(spec)).toThrow(RemoteSyntaxError);
    },
  );
});
