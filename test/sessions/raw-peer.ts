/**
 * A bare JSON-RPC requester over any connected stream (a TLS socket, or a socket the server dialled
 * into a listener of the test), for the transport tests. Replies are matched by id; every wait is
 * bounded; `closed` resolves when the stream closes.
 */
import type { Duplex } from 'node:stream';
import { JsonFramer, encodeJson } from '../../src/wire/index.js';
import { isJsonObject, member, type Json, type JsonObject } from '../../src/ovsdb/json.js';

const TIMEOUT_MS = 5000;

export interface RawPeer {
  request(method: string, params: Json[]): Promise<JsonObject>;
  readonly closed: Promise<void>;
  readonly isClosed: () => boolean;
}

export function rawPeer(stream: Duplex): RawPeer {
  const framer = new JsonFramer();
  const waiting = new Map<string, (m: JsonObject) => void>();
  let nextId = 1;
  let isClosed = false;
  const closed = new Promise<void>((resolve) => stream.once('close', () => resolve()));
  void closed.then(() => {
    isClosed = true;
  });
  stream.on('error', () => undefined);
  stream.on('data', (chunk: Buffer) => {
    for (const v of framer.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))) {
      if (!isJsonObject(v)) continue;
      const id = member(v, 'id') ?? null;
      if (member(v, 'method') === 'echo' && id !== null) {
        stream.write(encodeJson({ id, result: member(v, 'params') ?? [], error: null }));
        continue;
      }
      const w = waiting.get(encodeJson(id));
      if (w) {
        waiting.delete(encodeJson(id));
        w(v);
      }
    }
  });
  return {
    closed,
    isClosed: () => isClosed,
    request: (method, params) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        const timer = setTimeout(() => reject(new Error(`no reply to ${method} within ${TIMEOUT_MS} ms`)), TIMEOUT_MS);
        void closed.then(() => {
          clearTimeout(timer);
          reject(new Error(`connection closed before the reply to ${method}`));
        });
        waiting.set(encodeJson(id), (m) => {
          clearTimeout(timer);
          resolve(m);
        });
        stream.write(encodeJson({ id, method, params }));
      }),
  };
}

/** Resolve with the result of `p`, or with the error it was rejected with. */
export async function settled<T>(p: Promise<T>): Promise<T | Error> {
  try {
    return await p;
  } catch (e) {
    return e instanceof Error ? e : new Error(String(e));
  }
}
