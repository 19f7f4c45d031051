/**
 * A JSON-RPC 1.0 peer over any Duplex stream (RFC 7047 §4, ovsdb-server(7) "JSON-RPC").
 *
 * Contracts:
 * - Bytes in are framed by `JsonFramer`; each value is classified by `parseMessage`. A framing
 *   error or an invalid message is a protocol violation: logged with the reason, connection dropped
 *   (as ovsdb-server does).
 * - Requests and notifications go to the handler; the handler answers with `reply`/`replyError`,
 *   possibly later. `echo` requests are answered here with the same params; an `echo`
 *   notification gets no answer.
 * - Replies match our outstanding `request()` calls; the reply to our own inactivity probe
 *   (id "echo") is swallowed; any other reply or error reply is unexpected and drops the
 *   connection (ovsdb-server: "received unexpected reply message").
 * - Inactivity probe: after `inactivityProbeMs` without receiving a byte, send
 *   `{"id":"echo","method":"echo","params":[]}`; if another interval passes in silence, close.
 *   0 disables the probe.
 * - Back-pressure: while more than `maxBacklogBytes` of output are unsent, reading stops (the
 *   peer's requests wait in the kernel), and resumes on 'drain'.
 */
import type { Duplex } from 'node:stream';
import type { Json } from '../ovsdb/json.js';
import { JsonFramer, FramingError, encodeJson } from '../wire/index.js';
import { logger, type Logger } from '../log.js';
import {
  parseMessage,
  replyJson,
  errorJson,
  requestJson,
  notificationJson,
  type RequestMessage,
  type NotificationMessage,
} from './message.js';

export const ECHO_METHOD = 'echo';
export const PROBE_ID = 'echo';
export const DEFAULT_MAX_BACKLOG_BYTES = 16 * 1024 * 1024;

export interface PeerHandler {
  onRequest(peer: RpcPeer, req: RequestMessage): void;
  onNotification?(peer: RpcPeer, note: NotificationMessage): void;
  onClose?(peer: RpcPeer, reason: string): void;
  /** Output backlog fell to zero (after it had been non-zero). */
  onDrain?(peer: RpcPeer): void;
}

export interface PeerOptions {
  /** Used in log lines, e.g. "tcp:127.0.0.1:51234". */
  readonly name: string;
  readonly inactivityProbeMs?: number;
  readonly maxMessageBytes?: number;
  readonly maxBacklogBytes?: number;
  readonly log?: Logger;
}

/** An error reply to one of our requests. */
export class RpcError extends Error {
  constructor(readonly error: Json) {
    super(`JSON-RPC error: ${encodeJson(error)}`);
    this.name = 'RpcError';
  }
}

interface Pending {
  resolve(result: Json): void;
  reject(err: Error): void;
}

export class RpcPeer {
  readonly name: string;
  #stream: Duplex;
  #handler: PeerHandler;
  #framer: JsonFramer;
  #log: Logger;
  #probeMs: number;
  #maxBacklog: number;
  #pending = new Map<string, Pending>();
  #nextId = 0;
  #closed = false;
  #lastRx = Date.now();
  #probing = false;
  #timer: NodeJS.Timeout | null = null;
  #readPausedForBacklog = false;
  #readPausedByUser = false;
  #corked = false;
  readonly #uncork = (): void => {
    this.#corked = false;
    this.#stream.uncork();
  };

  constructor(stream: Duplex, handler: PeerHandler, opts: PeerOptions) {
    this.name = opts.name;
    this.#stream = stream;
    this.#handler = handler;
    this.#log = opts.log ?? logger('jsonrpc');
    this.#probeMs = opts.inactivityProbeMs ?? 0;
    this.#maxBacklog = opts.maxBacklogBytes ?? DEFAULT_MAX_BACKLOG_BYTES;
    this.#framer = new JsonFramer(opts.maxMessageBytes === undefined ? {} : { maxMessageBytes: opts.maxMessageBytes });
    stream.on('data', (chunk: Buffer) => this.#onData(chunk));
    stream.on('end', () => this.close('connection closed by peer', false));
    stream.on('close', () => this.close('connection closed', false));
    stream.on('error', (err: Error) => this.close(`connection error: ${err.message}`, false));
    stream.on('drain', () => this.#onDrain());
    this.#armProbe();
  }

  get closed(): boolean {
    return this.#closed;
  }
  /** Bytes written but not yet accepted by the kernel. */
  get backlog(): number {
    return this.#stream.writableLength;
  }

  reply(id: Json, result: Json): void {
    this.send(replyJson(id, result));
  }
  replyError(id: Json, error: Json): void {
    this.send(errorJson(id, error));
  }
  notify(method: string, params: Json[]): void {
    this.send(notificationJson(method, params));
  }
  /** Send a request and wait for its reply; rejects with RpcError on an error reply. */
  request(method: string, params: Json[]): Promise<Json> {
    const id = this.#nextId++;
    return new Promise<Json>((resolve, reject) => {
      if (this.#closed) {
        reject(new Error('connection closed'));
        return;
      }
      this.#pending.set(String(id), { resolve, reject });
      this.send(requestJson(id, method, params));
    });
  }
  send(msg: Json): void {
    this.sendEncoded(encodeJson(msg));
  }
  /** Send an already encoded message (serialize once, share with many subscribers). */
  sendEncoded(text: string | Buffer): void {
    if (this.#closed) return;
    // Everything sent in one turn of the event loop (replies to pipelined requests, a monitor
    // update and its transact reply) goes out in one write: cork now, uncork after this turn.
    if (!this.#corked) {
      this.#corked = true;
      this.#stream.cork();
      process.nextTick(this.#uncork);
    }
    this.#stream.write(text);
    if (!this.#readPausedForBacklog && this.backlog > this.#maxBacklog) {
      this.#readPausedForBacklog = true;
      this.#updateReading();
    }
  }

  /** Stop or resume handing this peer's requests to the handler (the server's flow control). */
  setReading(on: boolean): void {
    this.#readPausedByUser = !on;
    this.#updateReading();
  }

  close(reason = 'closed', log = true): void {
    if (this.#closed) return;
    this.#closed = true;
    if (log) this.#log.warn(`${this.name}: ${reason}`);
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (this.#corked) this.#uncork(); // what was sent before closing still goes out
    this.#stream.destroy();
    const err = new Error(`connection closed: ${reason}`);
    for (const p of this.#pending.values()) p.reject(err);
    this.#pending.clear();
    this.#handler.onClose?.(this, reason);
  }

  #updateReading(): void {
    if (this.#closed) return;
    if (this.#readPausedByUser || this.#readPausedForBacklog) this.#stream.pause();
    else this.#stream.resume();
  }

  #onDrain(): void {
    if (this.#readPausedForBacklog) {
      this.#readPausedForBacklog = false;
      this.#updateReading();
    }
    this.#handler.onDrain?.(this);
  }

  #onData(chunk: Buffer): void {
    if (this.#closed) return;
    this.#lastRx = Date.now();
    this.#probing = false;
    let values: readonly Json[];
    let framingError: string | null = null;
    try {
      values = this.#framer.push(chunk);
    } catch (e) {
      // Messages completed before the bad bytes are still handled, as ovsdb-server does.
      values = e instanceof FramingError ? e.values : [];
      framingError = e instanceof Error ? e.message : String(e);
    }
    for (const v of values) {
      if (this.#closed) return;
      this.#dispatch(v);
    }
    if (framingError !== null && !this.#closed) {
      this.#log.warn(`${this.name}: error parsing stream: ${framingError}`);
      this.close('connection dropped (Protocol error)');
    }
  }

  #dispatch(value: Json): void {
    const msg = parseMessage(value);
    switch (msg.kind) {
      case 'invalid':
        this.#log.warn(`${this.name}: received bad JSON-RPC message: ${msg.reason}`);
        this.close('connection dropped (Protocol error)');
        return;
      case 'request':
        if (msg.method === ECHO_METHOD) this.reply(msg.id, msg.params);
        else this.#handler.onRequest(this, msg);
        return;
      case 'notification':
        this.#handler.onNotification?.(this, msg);
        return;
      case 'reply':
      case 'error':
        this.#onResponse(msg.kind, msg.id, msg.kind === 'reply' ? msg.result : msg.error);
        return;
    }
  }

  #onResponse(kind: 'reply' | 'error', id: Json, payload: Json): void {
    if (id === PROBE_ID) return;
    const key = typeof id === 'number' ? String(id) : null;
    const pending = key === null ? undefined : this.#pending.get(key);
    if (key === null || pending === undefined) {
      this.#log.warn(`${this.name}: received unexpected ${kind} message`);
      this.close('connection dropped (unexpected reply)');
      return;
    }
    this.#pending.delete(key);
    if (kind === 'reply') pending.resolve(payload);
    else pending.reject(new RpcError(payload));
  }

  #armProbe(): void {
    if (this.#probeMs <= 0 || this.#closed) return;
    const due = this.#lastRx + this.#probeMs;
    this.#timer = setTimeout(() => this.#onProbeTimer(), Math.max(0, due - Date.now()));
    this.#timer.unref();
  }

  #onProbeTimer(): void {
    this.#timer = null;
    if (this.#closed) return;
    const idle = Date.now() - this.#lastRx;
    if (idle < this.#probeMs) {
      this.#armProbe();
    } else if (!this.#probing) {
      this.#probing = true;
      this.#log.dbg(`${this.name}: idle ${idle} ms, sending inactivity probe`);
      this.send(requestJson(PROBE_ID, ECHO_METHOD, []));
      this.#timer = setTimeout(() => this.#onProbeTimer(), this.#probeMs);
      this.#timer.unref();
    } else {
      this.close(`no response to inactivity probe after ${(idle / 1000).toFixed(3)} seconds, disconnecting`);
    }
  }
}
