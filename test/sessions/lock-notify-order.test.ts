/**
 * "locked" and "stolen" notifications go out after what a session's before-reply hooks hold back
 * (a slow reader's pending monitor updates), like replies do: a client that gets a lock has seen
 * every update sent before it. Checked in process, with the hooks recording when they run.
 */
import { describe, expect, it } from 'vitest';
import { Duplex } from 'node:stream';
import { OvsdbServer } from '../../src/server/server.js';
import type { Session } from '../../src/server/session.js';
import { servedInMemory, NB_SCHEMA } from './harness.js';

interface Fake {
  readonly session: Session;
  /** What happened to this session, in order: 'hook' or the text written. */
  readonly events: string[];
  send(method: string, params: unknown[]): void;
}

function fakeClient(server: OvsdbServer, name: string): Fake {
  const events: string[] = [];
  const stream = new Duplex({
    read() {},
    write(chunk: Buffer, _enc, cb) {
      events.push(String(chunk));
      cb();
    },
  });
  const session = server.attach(stream, { name });
  session.beforeReplyHooks.push(() => events.push('hook'));
  let id = 0;
  return { session, events, send: (method, params) => stream.push(Buffer.from(JSON.stringify({ id: `${name}-${id++}`, method, params }))) };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('lock notifications and held-back output', () => {
  it('"locked" and "stolen" are sent after the before-reply hooks ran', async () => {
    const server = new OvsdbServer([servedInMemory(NB_SCHEMA)], {});
    try {
      const a = fakeClient(server, 'a');
      const b = fakeClient(server, 'b');
      const c = fakeClient(server, 'c');
      a.send('lock', ['x']);
      await tick();
      b.send('lock', ['x']);
      await tick();
      b.events.length = 0;
      a.send('unlock', ['x']);
      await tick();
      expect(b.events[0]).toBe('hook');
      expect(b.events.slice(1).join('')).toContain('"method":"locked","params":["x"]');
      a.events.length = 0;
      c.send('steal', ['x']);
      await tick();
      expect(b.events.at(-2)).toBe('hook');
      expect(b.events.at(-1)).toContain('"method":"stolen","params":["x"]');
    } finally {
      await server.close();
    }
  });
});
