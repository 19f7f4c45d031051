import { describe, it, expect, afterEach, vi } from 'vitest';
import { Duplex } from 'node:stream';
import { RpcPeer, RpcError, type PeerHandler } from '../../src/rpc/peer.js';
import { setLogSink } from '../../src/log.js';
import { duplexPair } from './duplex-pair.js';

interface Harness {
  peer: RpcPeer;
  remote: Duplex;
  out: () => string;
  closed: () => string | null;
  logs: string[];
}

/** A peer whose handler answers "list_dbs" and "later" (asynchronously) and records notifications. */
function harness(opts: { probeMs?: number; maxMessageBytes?: number } = {}): Harness {
  const [local, remote] = duplexPair();
  let out = '';
  let closedWhy: string | null = null;
  const logs: string[] = [];
  setLogSink((l) => logs.push(l));
  remote.on('data', (b: Buffer) => (out += b.toString('utf8')));
  const handler: PeerHandler = {
    onRequest(peer, req) {
      if (req.method === 'list_dbs') peer.reply(req.id, ['A']);
      else if (req.method === 'later') setTimeout(() => peer.reply(req.id, 'done'), 5);
      else peer.replyError(req.id, 'unknown method');
    },
    onNotification(peer, n) {
      peer.notify('seen', [n.method]);
    },
    onClose(_p, why) {
      closedWhy = why;
    },
  };
  const peer = new RpcPeer(local, handler, {
    name: 'test',
    inactivityProbeMs: opts.probeMs ?? 0,
    ...(opts.maxMessageBytes === undefined ? {} : { maxMessageBytes: opts.maxMessageBytes }),
  });
  return { peer, remote, out: () => out, closed: () => closedWhy, logs };
}

const tick = (ms = 10): Promise<void> => new Promise((r) => setTimeout(r, ms));

afterEach(() => {
  setLogSink((l) => process.stderr.write(l + '\n'));
  vi.useRealTimers();
});

// input bytes → expected output bytes, and whether the connection is dropped.
const TABLE: [string, string, string, boolean][] = [
  ['request', '{"id":1,"method":"list_dbs","params":[]}', '{"id":1,"result":["A"],"error":null}', false],
  ['echo', '{"id":"e","method":"echo","params":[1,"x"]}', '{"id":"e","result":[1,"x"],"error":null}', false],
  ['echo notification gets no answer', '{"id":null,"method":"echo","params":[]}', '{"id":null,"method":"seen","params":["echo"]}', false],
  ['unknown method', '{"id":2,"method":"nope","params":[]}', '{"id":2,"error":"unknown method"}', false],
  ['two messages in one chunk', '{"id":1,"method":"list_dbs","params":[]} {"id":2,"method":"list_dbs","params":[]}',
    '{"id":1,"result":["A"],"error":null}{"id":2,"result":["A"],"error":null}', false],
  ['object id comes back as is', '{"id":{"a":[1]},"method":"list_dbs","params":[]}', '{"id":{"a":[1]},"result":["A"],"error":null}', false],
  ['jsonrpc member drops', '{"jsonrpc":"2.0","id":1,"method":"list_dbs","params":[]}', '', true],
  ['batch drops', '[{"id":1,"method":"list_dbs","params":[]}]', '', true],
  ['object params drop', '{"id":1,"method":"list_dbs","params":{}}', '', true],
  ['missing params drop', '{"id":1,"method":"list_dbs"}', '', true],
  ['garbage drops', 'garbage', '', true],
  ['unexpected reply drops', '{"id":77,"result":1}', '', true],
  ['unexpected error drops', '{"id":77,"error":"x"}', '', true],
  ['reply to our probe is swallowed', '{"id":"echo","result":[],"error":null}', '', false],
];

describe('RpcPeer reactions', () => {
  it.each(TABLE)('%s', async (_name, input, expected, drops) => {
    const h = harness();
    h.remote.write(input);
    await tick();
    expect(h.out()).toBe(expected);
    expect(h.closed() !== null).toBe(drops);
    if (drops) expect(h.logs.some((l) => l.includes('|WARN|test: '))).toBe(true);
    h.peer.close('test over', false);
  });

  it('answers asynchronous handlers later, in the handler order', async () => {
    const h = harness();
    h.remote.write('{"id":1,"method":"later","params":[]}{"id":2,"method":"list_dbs","params":[]}');
    await tick(30);
    expect(h.out()).toBe('{"id":2,"result":["A"],"error":null}{"id":1,"result":"done","error":null}');
    h.peer.close('over', false);
  });

  it('request() resolves with the result and rejects with the error', async () => {
    const h = harness();
    const p1 = h.peer.request('m', [1]);
    const p2 = h.peer.request('m', [2]);
    await tick();
    expect(h.out()).toBe('{"id":0,"method":"m","params":[1]}{"id":1,"method":"m","params":[2]}');
    h.remote.write('{"id":0,"result":"r","error":null}{"id":1,"error":{"error":"e"}}');
    await expect(p1).resolves.toBe('r');
    await expect(p2).rejects.toBeInstanceOf(RpcError);
    h.peer.close('over', false);
  });

  it('rejects outstanding requests when the connection closes', async () => {
    const h = harness();
    const p = h.peer.request('m', []);
    h.remote.destroy();
    await expect(p).rejects.toThrow(/closed/);
  });

  it('drops a message over the size limit', async () => {
    const h = harness({ maxMessageBytes: 100 });
    h.remote.write(`{"id":1,"method":"list_dbs","params":["${'x'.repeat(200)}"]}`);
    await tick();
    expect(h.closed()).not.toBeNull();
    expect(h.logs.join('\n')).toMatch(/size|large/i);
  });

  it('probes an idle peer, then closes it when it stays silent', async () => {
    const h = harness({ probeMs: 40 });
    await tick(60);
    expect(h.out()).toBe('{"id":"echo","method":"echo","params":[]}');
    expect(h.closed()).toBeNull();
    await tick(60);
    expect(h.closed()).toMatch(/inactivity probe/);
  });

  it('keeps a peer that answers the probe', async () => {
    const h = harness({ probeMs: 40 });
    for (let i = 0; i < 5; i++) {
      await tick(30);
      h.remote.write('{"id":"echo","result":[],"error":null}');
    }
    expect(h.closed()).toBeNull();
    h.peer.close('over', false);
  });
});

describe('RpcPeer and framing errors', () => {
  it('handles the messages before bad bytes, then drops the connection', async () => {
    const h = harness();
    h.remote.write('{"id":1,"method":"list_dbs","params":[]} garbage');
    await tick();
    expect(h.out()).toBe('{"id":1,"result":["A"],"error":null}');
    expect(h.closed()).not.toBeNull();
    expect(h.logs.join('\n')).toMatch(/error parsing stream/);
  });
});

describe('RpcPeer output batching', () => {
  it('hands everything sent in one turn of the event loop to the stream as one batch', async () => {
    const batches: number[] = [];
    const stream = new Duplex({
      read() {},
      write(_c, _e, cb) {
        batches.push(1);
        cb();
      },
      writev(chunks, cb) {
        batches.push(chunks.length);
        cb();
      },
    });
    const peer = new RpcPeer(stream, { onRequest() {} }, { name: 'batch' });
    peer.notify('a', []);
    peer.notify('b', []);
    peer.reply(1, 'x');
    await tick();
    peer.notify('c', []);
    await tick();
    expect(batches).toEqual([3, 1]);
    peer.close('over', false);
  });
});
