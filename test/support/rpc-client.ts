/**
 * A minimal JSON-RPC 1.0 client for tests (RFC 7047 §4), over TCP or a unix socket.
 *
 * - `request()` sends `{"method","params","id"}` and resolves with the matching reply (bounded).
 * - Server requests `echo` are answered with the same params (RFC 7047 §4.1.11), so inactivity
 *   probes never drop the test connection; that can be turned off.
 * - Notifications (`id` null/absent, with `method`) are queued: `notifications` holds all of
 *   them, `nextNotification()` and the async iterator consume them in order.
 * - For protocol tests: `sendRaw()` writes bytes as is; `nextMessage()` returns every received
 *   message in arrival order (replies, notifications and server requests alike), independent of
 *   the other queues; `closed` resolves when the server closes the connection.
 * Framing and encoding use the project's wire layer, never a second parser.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { JsonFramer, encodeJson } from '../../src/wire/index.js';
import { isJsonObject, member, type Json, type JsonObject } from '../../src/ovsdb/json.js';

const DEFAULT_TIMEOUT_MS = 5_000;

export type RpcTarget = { readonly port: number; readonly host?: string } | { readonly path: string };

export interface RpcReply {
  readonly id: Json;
  /** Present (non-null) for a successful reply. */
  readonly result?: Json;
  /** Present (non-null) for an error reply. */
  readonly error?: Json;
  /** The reply as received. */
  readonly message: JsonObject;
}

export interface RpcClientOptions {
  /** Answer server `echo` requests (default true). */
  readonly answerEcho?: boolean;
  /** Default bound for request/next* waits. */
  readonly timeoutMs?: number;
}

interface Waiter<T> {
  resolve(v: T): void;
  reject(e: Error): void;
}

/** A FIFO whose consumers wait (bounded) for items. */
class Queue<T> {
  readonly #items: T[] = [];
  readonly #waiters: Waiter<T>[] = [];
  #closedError: Error | null = null;

  push(item: T): void {
    const w = this.#waiters.shift();
    if (w) w.resolve(item);
    else this.#items.push(item);
  }

  close(err: Error): void {
    this.#closedError = err;
    for (const w of this.#waiters.splice(0)) w.reject(err);
  }

  next(timeoutMs: number, what: string): Promise<T> {
    if (this.#items.length > 0) return Promise.resolve(this.#items.shift() as T);
    if (this.#closedError) return Promise.reject(this.#closedError);
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      const timer = setTimeout(() => {
        const i = this.#waiters.indexOf(waiter);
        if (i >= 0) this.#waiters.splice(i, 1);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.#waiters.push(waiter);
    });
  }

  get size(): number {
    return this.#items.length;
  }
}

function has(obj: JsonObject, key: string): boolean {
  const v = member(obj, key);
  return v !== undefined && v !== null;
}

export class RpcClient implements AsyncIterable<JsonObject> {
  readonly #socket: Socket;
  readonly #framer = new JsonFramer();
  readonly #pending = new Map<string, Waiter<RpcReply>>();
  readonly #notifications = new Queue<JsonObject>();
  readonly #messages = new Queue<JsonObject>();
  readonly #timeoutMs: number;
  #nextId = 1;
  #closedFlag = false;
  /** Every notification received, in order (not consumed by nextNotification). */
  readonly notifications: JsonObject[] = [];
  /** Server-to-client requests received (e.g. echo probes), in order. */
  readonly serverRequests: JsonObject[] = [];
  /** Set when the received bytes could not be framed (the connection is then closed). */
  protocolError: Error | null = null;
  answerEcho: boolean;
  /** Resolves when the connection is closed, by either side. */
  readonly closed: Promise<void>;

  private constructor(socket: Socket, opts: RpcClientOptions) {
    this.#socket = socket;
    this.#timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.answerEcho = opts.answerEcho ?? true;
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.on('data', (chunk: Buffer) => this.#onData(chunk));
    socket.on('error', () => undefined);
    socket.once('close', () => this.#onClose());
  }

  static connect(target: RpcTarget, opts: RpcClientOptions = {}): Promise<RpcClient> {
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      const socket =
        'path' in target ? netConnect(target.path) : netConnect(target.port, target.host ?? '127.0.0.1');
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new Error(`connect timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      socket.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.setNoDelay(true);
        resolve(new RpcClient(socket, opts));
      });
    });
  }

  get isClosed(): boolean {
    return this.#closedFlag;
  }

  /** Send a request; resolve with its reply or reject on timeout / close. */
  request(method: string, params: Json, timeoutMs = this.#timeoutMs): Promise<RpcReply> {
    const id = this.#nextId++;
    const key = encodeJson(id);
    return new Promise<RpcReply>((resolve, reject) => {
      if (this.#closedFlag) {
        reject(new Error(`connection closed before ${method} request`));
        return;
      }
      const timer = setTimeout(() => {
        this.#pending.delete(key);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for reply to ${method}`));
      }, timeoutMs);
      this.#pending.set(key, {
        resolve: (r) => {
          clearTimeout(timer);
          resolve(r);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.#write({ method, params, id });
    });
  }

  /** Send a notification (a request with a null id): no reply is expected. */
  notify(method: string, params: Json): void {
    this.#write({ method, params, id: null });
  }

  /** Write bytes exactly as given. */
  sendRaw(bytes: string | Uint8Array): void {
    this.#socket.write(bytes);
  }

  /** The next received message of any kind, in arrival order. */
  nextMessage(timeoutMs = this.#timeoutMs): Promise<JsonObject> {
    return this.#messages.next(timeoutMs, 'a message');
  }

  /** The next notification not yet consumed by this method or the iterator. */
  nextNotification(timeoutMs = this.#timeoutMs): Promise<JsonObject> {
    return this.#notifications.next(timeoutMs, 'a notification');
  }

  async *[Symbol.asyncIterator](): AsyncIterator<JsonObject> {
    for (;;) yield await this.nextNotification();
  }

  /** Close our side and wait (bounded) for the socket to close. */
  async close(): Promise<void> {
    if (!this.#closedFlag) this.#socket.end();
    const t = setTimeout(() => this.#socket.destroy(), 1000);
    await this.closed;
    clearTimeout(t);
  }

  /** Resolves true if the server closes the connection within timeoutMs, else false. */
  async waitClosed(timeoutMs = this.#timeoutMs): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const r = await Promise.race([this.closed.then(() => true), timeout]);
    clearTimeout(timer);
    return r;
  }

  #write(msg: JsonObject): void {
    this.#socket.write(encodeJson(msg));
  }

  #onData(chunk: Buffer): void {
    let values: Json[];
    try {
      values = this.#framer.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    } catch (e) {
      this.protocolError = e instanceof Error ? e : new Error(String(e));
      this.#socket.destroy();
      return;
    }
    for (const v of values) this.#dispatch(v);
  }

  #dispatch(v: Json): void {
    if (!isJsonObject(v)) {
      this.protocolError = new Error(`received a non-object message: ${encodeJson(v)}`);
      this.#socket.destroy();
      return;
    }
    this.#messages.push(v);
    if (has(v, 'result') || has(v, 'error')) this.#onReply(v);
    else if (has(v, 'id')) this.#onServerRequest(v);
    else if (has(v, 'method')) {
      this.notifications.push(v);
      this.#notifications.push(v);
    }
  }

  #onReply(v: JsonObject): void {
    const id = member(v, 'id') ?? null;
    const key = encodeJson(id);
    const waiter = this.#pending.get(key);
    if (!waiter) return;
    this.#pending.delete(key);
    const reply: { id: Json; result?: Json; error?: Json; message: JsonObject } = { id, message: v };
    const result = member(v, 'result');
    const error = member(v, 'error');
    if (result !== undefined && result !== null) reply.result = result;
    if (error !== undefined && error !== null) reply.error = error;
    waiter.resolve(reply);
  }

  #onServerRequest(v: JsonObject): void {
    this.serverRequests.push(v);
    if (this.answerEcho && member(v, 'method') === 'echo') {
      this.#write({ id: member(v, 'id') ?? null, result: member(v, 'params') ?? [], error: null });
    }
  }

  #onClose(): void {
    this.#closedFlag = true;
    const err = new Error('connection closed');
    for (const w of this.#pending.values()) w.reject(err);
    this.#pending.clear();
    this.#notifications.close(err);
    this.#messages.close(err);
  }
}

/** Connect, run `fn`, and always close. */
export async function withClient<T>(target: RpcTarget, fn: (c: RpcClient) => Promise<T>, opts?: RpcClientOptions): Promise<T> {
  const c = await RpcClient.connect(target, opts);
  try {
    return await fn(c);
  } finally {
    await c.close();
  }
}
