// The load generator's JSON-RPC 1.0 client (RFC 7047 §4): requests as JSON.stringify text,
// replies split by MessageSplitter and parsed with JSON.parse (the benchmarks use no integers
// beyond 2^53). Kept minimal so that its CPU cost stays small beside the servers'.
// Two ways to receive a large reply cheaply:
//   - requestSized(method, params, length): the reply's byte length is known (from a probe
//     connection that asked the same thing with the same id); the client only counts bytes.
//   - request(..., { raw: true }): the reply is split but not decoded (resolves with its length);
//     sendText(id, text, 'parse') resolves with { length, message, crc } (a probe for the above).
import net from 'node:net';
import zlib from 'node:zlib';
import { MessageSplitter, text } from './framer.js';

const SMALL_MESSAGE = 4096;
const CONNECT_RETRY_MS = 5;


export class Client {
  #socket;
  #splitter;
  #nextId = 1;
  /** id → { resolve, reject, raw } */
  #pending = new Map();
  /** Requests answered by byte count, in order: { length, resolve, crc }. */
  #sized = [];
  #received = 0;
  #crc = 0;
  #closed = false;
  #closeError = null;
  /** Called with each notification message (parsed). */
  onNotification = null;
  /**
   * When set, sees every incoming message first as (buffers, length), undecoded; returning true
   * consumes it (no JSON.parse), e.g. a subscriber that only looks for a name in its updates.
   */
  onRawMessage = null;

  constructor(socket) {
    this.#socket = socket;
    this.#splitter = new MessageSplitter((parts, length) => this.#onMessage(parts, length));
    socket.on('data', (chunk) => this.#onData(chunk));
    socket.on('error', (e) => this.#fail(e));
    socket.on('close', () => this.#fail(new Error('connection closed by the server')));
  }

  /**
   * Connect to `unix:PATH` or `tcp:HOST:PORT` (or a bare path). A full unix listen backlog
   * (EAGAIN) is retried until the deadline.
   */
  static async connect(remote, timeoutMs = 10_000) {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      try {
        return await connectOnce(remote, deadline - performance.now());
      } catch (e) {
        if (e.code !== 'EAGAIN' || performance.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, CONNECT_RETRY_MS));
      }
    }
  }

  /** Send a request; resolves with the reply message ({id, result, error}) or, raw, its length. */
  request(method, params, { raw = false } = {}) {
    const id = this.#nextId++;
    return this.sendText(id, JSON.stringify({ id, method, params }), raw);
  }

  /** Encode now, send later (so that encoding stays out of a timed section). */
  prepare(method, params) {
    const id = this.#nextId++;
    return { id, bytes: Buffer.from(JSON.stringify({ id, method, params })) };
  }

  sendText(id, bytesOrText, raw = false) {
    if (this.#closed) return Promise.reject(this.#closeError);
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject, raw });
      this.#socket.write(bytesOrText);
    });
  }

  /**
   * Send `{"id":id,...}` whose reply is known to be exactly `length` bytes: the bytes are counted,
   * not split. Resolves with { length, crc } (crc32 of the reply when `crc` is set).
   */
  requestSized(id, method, params, length, { crc = false } = {}) {
    if (this.#closed) return Promise.reject(this.#closeError);
    if (this.#pending.size > 0 || !this.#splitter.idle) throw new Error('requestSized needs an idle connection');
    return new Promise((resolve, reject) => {
      this.#sized.push({ length, resolve, reject, crc });
      this.#socket.write(JSON.stringify({ id, method, params }));
    });
  }

  /** Wait for the reply and fail on an RPC error. */
  async call(method, params) {
    const reply = await this.request(method, params);
    if (reply.error !== null && reply.error !== undefined) {
      throw new Error(`${method}: ${JSON.stringify(reply.error)}`);
    }
    return reply.result;
  }

  /** transact, failing when any operation failed (RFC 7047 §4.1.3). */
  async transact(db, ops) {
    const result = await this.call('transact', [db, ...ops]);
    checkTransact(result);
    return result;
  }

  close() {
    this.#closed = true;
    this.#closeError ??= new Error('client closed');
    this.#socket.destroy();
  }

  #onData(chunk) {
    while (this.#sized.length > 0 && chunk.length > 0) {
      const want = this.#sized[0];
      const take = Math.min(chunk.length, want.length - this.#received);
      if (want.crc) this.#crc = zlib.crc32(chunk.subarray(0, take), this.#crc);
      this.#received += take;
      const last = chunk[take - 1];
      chunk = chunk.subarray(take);
      if (this.#received === want.length) {
        this.#sized.shift();
        const crc = this.#crc;
        this.#received = 0;
        this.#crc = 0;
        if (last !== 0x7d) want.reject(new Error('sized reply does not end with "}": lengths differ'));
        else want.resolve({ length: want.length, crc });
      }
    }
    if (chunk.length > 0) this.#splitter.push(chunk);
  }

  #onMessage(parts, length) {
    if (this.onRawMessage !== null && this.onRawMessage(parts, length)) return;
    if (length > SMALL_MESSAGE && this.#pending.size === 1) {
      const [id, p] = this.#pending.entries().next().value;
      if (p.raw === true) {
        this.#pending.delete(id);
        p.resolve({ length });
        return;
      }
    }
    const msg = JSON.parse(text(parts));
    if (msg.method !== undefined && msg.method !== null) {
      if (msg.method === 'echo' && msg.id !== null) {
        this.#socket.write(JSON.stringify({ id: msg.id, result: msg.params, error: null }));
      } else if (this.onNotification !== null) {
        this.onNotification(msg);
      }
      return;
    }
    const p = this.#pending.get(msg.id);
    if (p === undefined) return;
    this.#pending.delete(msg.id);
    if (p.raw === 'parse') p.resolve({ length, message: msg, crc: parts.reduce((c, b) => zlib.crc32(b, c), 0) });
    else p.resolve(p.raw ? { length, message: msg } : msg);
  }

  #fail(e) {
    if (!this.#closed) {
      this.#closed = true;
      this.#closeError = e;
    }
    for (const p of this.#pending.values()) p.reject(this.#closeError);
    this.#pending.clear();
    for (const s of this.#sized) s.reject(this.#closeError);
    this.#sized = [];
  }
}

function connectOnce(remote, timeoutMs) {
  return new Promise((resolve, reject) => {
    const socket = remote.startsWith('tcp:')
      ? net.connect({ host: remote.split(':')[1], port: Number(remote.split(':')[2]) })
      : net.connect(remote.replace(/^unix:/, ''));
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`connect ${remote}: timed out`));
    }, timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.setNoDelay(true);
      resolve(new Client(socket));
    });
    socket.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** Throw when a transact result holds an operation error (RFC 7047 §4.1.3). */
export function checkTransact(result) {
  if (!Array.isArray(result)) throw new Error(`transact: unexpected result ${JSON.stringify(result).slice(0, 200)}`);
  const bad = result.find((r) => r !== null && typeof r === 'object' && 'error' in r);
  if (bad !== undefined || result.includes(null)) {
    throw new Error(`transact failed: ${JSON.stringify(bad ?? result).slice(0, 300)}`);
  }
}

/** Open `n` connections (in parallel, in batches to avoid a SYN/accept storm). */
export async function connectMany(remote, n, batch = 25) {
  const clients = [];
  try {
    for (let i = 0; i < n; i += batch) {
      const k = Math.min(batch, n - i);
      clients.push(...(await Promise.all(Array.from({ length: k }, () => Client.connect(remote)))));
    }
  } catch (e) {
    for (const c of clients) c.close();
    throw e;
  }
  return clients;
}
