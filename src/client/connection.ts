/**
 * One logical connection to an OVSDB server that stays up: dial (remote by remote, as the OVS IDL
 * does with a comma-separated list), run a JSON-RPC 1.0 peer (src/rpc/peer.ts: echo answers,
 * inactivity probes, framing), and after a loss dial again with backoff and jitter (backoff.ts).
 *
 * Contracts:
 * - `start()` makes one attempt per remote and rejects with `ConnectionError` if none answers;
 *   reconnection happens only after a first success.
 * - Requests made while disconnected fail at once with `ConnectionError("not connected")`;
 *   requests in flight when the connection drops fail with `ConnectionError("connection lost")`.
 *   An error reply fails with the server's `OvsdbError`. Nothing is retried: whether to repeat a
 *   transaction is the caller's decision.
 * - Inactivity probe: by default 5 s on tcp/ssl and none on unix sockets, as ovsdb-server does.
 */
import type { Duplex } from 'node:stream';
import type { Json } from '../ovsdb/json.js';
import { ErrorTag } from '../ovsdb/error.js';
import { RpcPeer, RpcError, type PeerHandler } from '../rpc/peer.js';
import type { NotificationMessage, RequestMessage } from '../rpc/message.js';
import type { Logger } from '../log.js';
import { Backoff, type BackoffOptions } from './backoff.js';
import { ConnectionError, ovsdbErrorFromJson } from './errors.js';
import type { ClientRemote } from './remote.js';
import { dial, DEFAULT_CONNECT_TIMEOUT_MS, type ClientTlsOptions } from './transport.js';

import { DEFAULT_INACTIVITY_PROBE_MS } from '../ovsdb/remote.js';

export interface ConnectionOptions {
  /** PKI for `ssl:` remotes. */
  readonly tls?: ClientTlsOptions;
  /** Reconnect after a loss (default true). */
  readonly reconnect?: boolean;
  readonly backoff?: BackoffOptions;
  /** Probe an idle server after this many ms (default 5000 on tcp/ssl, 0 = never on unix). */
  readonly inactivityProbeMs?: number;
  readonly connectTimeoutMs?: number;
  readonly maxMessageBytes?: number;
}

export interface ConnectionEvents {
  connected(remote: ClientRemote): void;
  disconnected(reason: string): void;
  notification(method: string, params: Json[]): void;
}

export class Connection {
  readonly #remotes: readonly ClientRemote[];
  readonly #opts: ConnectionOptions;
  readonly #events: ConnectionEvents;
  readonly #log: Logger;
  readonly #backoff: Backoff;
  #peer: RpcPeer | null = null;
  #remote: ClientRemote | null = null;
  #next = 0;
  #since = 0;
  #timer: NodeJS.Timeout | null = null;
  #closed = false;
  /** close() was called (as opposed to: the connection failed and reconnecting is off). */
  #userClosed = false;

  constructor(remotes: readonly ClientRemote[], opts: ConnectionOptions, events: ConnectionEvents, log: Logger) {
    this.#remotes = remotes;
    this.#opts = opts;
    this.#events = events;
    this.#log = log;
    this.#backoff = new Backoff(opts.backoff);
  }

  get connected(): boolean {
    return this.#peer !== null;
  }
  get remote(): ClientRemote | null {
    return this.#remote;
  }
  get closed(): boolean {
    return this.#closed;
  }

  async start(): Promise<void> {
    const failures: string[] = [];
    for (let i = 0; i < this.#remotes.length; i++) {
      const remote = this.#remotes[i] as ClientRemote;
      try {
        const stream = await this.#dial(remote);
        if (this.#closed) {
          stream.destroy();
          break;
        }
        this.#next = i;
        this.#attach(stream, remote);
        return;
      } catch (e) {
        failures.push(`${remote.spec}: ${(e as Error).message}`);
      }
    }
    this.#closed = true;
    throw new ConnectionError('not connected', failures.join('; ') || 'closed');
  }

  async request(method: string, params: Json[]): Promise<Json> {
    const peer = this.#peer;
    if (peer === null) throw new ConnectionError(this.#userClosed ? 'closed' : 'not connected');
    try {
      return await peer.request(method, params);
    } catch (e) {
      if (e instanceof RpcError) throw ovsdbErrorFromJson(e.error);
      throw new ConnectionError(this.#userClosed ? 'closed' : 'connection lost', (e as Error).message);
    }
  }

  /** Send a notification; false when not connected. */
  notify(method: string, params: Json[]): boolean {
    if (this.#peer === null) return false;
    this.#peer.notify(method, params);
    return true;
  }

  close(): void {
    this.#userClosed = true;
    if (this.#closed && this.#peer === null) return;
    this.#closed = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#peer?.close('closed by client', false);
  }

  /** Drop the current connection as if it had failed (then reconnect as usual). */
  drop(reason: string): void {
    this.#peer?.close(reason, false);
  }

  #dial(remote: ClientRemote): Promise<Duplex> {
    this.#log.dbg(`${remote.spec}: connecting...`);
    return dial(remote, this.#opts.tls, this.#opts.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS);
  }

  #attach(stream: Duplex, remote: ClientRemote): void {
    const probe = this.#opts.inactivityProbeMs ?? (remote.kind === 'unix' ? 0 : DEFAULT_INACTIVITY_PROBE_MS);
    const handler: PeerHandler = {
      onRequest: (peer, req: RequestMessage) => peer.replyError(req.id, ErrorTag.UNKNOWN_METHOD),
      onNotification: (_peer, note: NotificationMessage) => this.#events.notification(note.method, note.params),
      onClose: (peer, reason) => this.#onClose(peer, reason),
    };
    const peer = new RpcPeer(stream, handler, {
      name: remote.spec,
      inactivityProbeMs: probe,
      log: this.#log,
      ...(this.#opts.maxMessageBytes === undefined ? {} : { maxMessageBytes: this.#opts.maxMessageBytes }),
    });
    this.#peer = peer;
    this.#remote = remote;
    this.#since = Date.now();
    this.#log.dbg(`${remote.spec}: connected`);
    this.#events.connected(remote);
  }

  #onClose(peer: RpcPeer, reason: string): void {
    if (peer !== this.#peer) return;
    this.#peer = null;
    this.#remote = null;
    this.#log.dbg(`${peer.name}: ${reason}`);
    this.#events.disconnected(reason);
    if (!this.#closed && this.#opts.reconnect !== false) this.#schedule(Date.now() - this.#since);
    else this.#closed = true;
  }

  #schedule(upForMs: number | null): void {
    const wait = this.#backoff.next(upForMs);
    this.#log.dbg(`waiting ${wait} ms before reconnect`);
    this.#timer = setTimeout(() => void this.#attempt(), wait);
  }

  async #attempt(): Promise<void> {
    this.#timer = null;
    if (this.#closed) return;
    const remote = this.#remotes[this.#next] as ClientRemote;
    try {
      const stream = await this.#dial(remote);
      if (this.#closed) stream.destroy();
      else this.#attach(stream, remote);
    } catch (e) {
      if (this.#closed) return;
      this.#log.dbg(`${remote.spec}: connection attempt failed (${(e as Error).message})`);
      this.#next = (this.#next + 1) % this.#remotes.length;
      this.#schedule(null);
    }
  }
}
