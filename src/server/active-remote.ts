/**
 * Active remotes `tcp:IP:PORT`, `ssl:IP:PORT`, `unix:PATH` (`ovsdb(7)` "Connection Methods";
 * ovsdb-server(1) --remote): the server dials out, serves the connection like an accepted one,
 * and dials again whenever the connection fails or closes.
 *
 * Reconnection follows OVS's reconnect state machine (lib/reconnect.c) in its observable timing:
 * the first attempt is immediate; after a failed attempt, or a connection that did not stay up
 * for the current backoff, the backoff becomes 1 s, then doubles up to 8 s; a connection that
 * stayed up at least the current backoff resets it to 1 s. Every step is logged as ovsdb-server
 * logs it ("connecting...", "connected", "waiting N seconds before reconnect").
 */
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { logger } from '../log.js';
import { boundName, type Remote } from '../ovsdb/remote.js';
import { reconnectBackoff } from '../rpc/backoff.js';
import type { ConnectionCallback, Listener } from './listen.js';
import { connectTls, type TlsConfig } from './tls.js';

const log = logger('reconnect');

/** lib/reconnect.h RECONNECT_DEFAULT_MIN_BACKOFF / RECONNECT_DEFAULT_MAX_BACKOFF. */
export const DEFAULT_MIN_BACKOFF_MS = 1000;
export const DEFAULT_MAX_BACKOFF_MS = 8000;

/** Opens one connection; resolves once it is established (for ssl: after the handshake). */
export type Dialer = () => Promise<Duplex>;

export interface BackoffOptions {
  readonly minBackoffMs?: number;
  readonly maxBackoffMs?: number;
}

/** rpc/backoff.ts's rule with the server's defaults (ovsdb-server's active remotes). */
export function nextBackoff(current: number, upForMs: number | null, opts: BackoffOptions = {}): number {
  return reconnectBackoff(current, upForMs, opts.minBackoffMs ?? DEFAULT_MIN_BACKOFF_MS, opts.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS);
}

function dialNet(opts: net.NetConnectOpts): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(opts);
    const onError = (err: Error): void => {
      socket.destroy();
      reject(err);
    };
    socket.once('error', onError);
    socket.once('connect', () => {
      socket.off('error', onError);
      socket.setNoDelay(true);
      resolve(socket);
    });
  });
}

/** How to dial `remote`; `tlsConfig` is required for ssl remotes. */
export function dialerFor(remote: Remote, tlsConfig: TlsConfig | null): Dialer {
  switch (remote.kind) {
    case 'unix':
      return () => dialNet({ path: remote.path });
    case 'tcp':
      return () => dialNet({ host: remote.host, port: remote.port });
    case 'ssl':
      if (tlsConfig === null) throw new Error(`${remote.spec}: SSL remotes need --private-key, --certificate and --ca-cert`);
      return () => connectTls(remote, tlsConfig);
  }
}

/** Keeps one outgoing connection up; `close()` stops it. */
export class ActiveRemote implements Listener {
  readonly name: string;
  readonly remote: Remote;
  readonly #dial: Dialer;
  readonly #onConnection: ConnectionCallback;
  readonly #opts: BackoffOptions;
  #backoff = 0;
  #timer: NodeJS.Timeout | null = null;
  #stream: Duplex | null = null;
  #closed = false;

  constructor(remote: Remote, dial: Dialer, onConnection: ConnectionCallback, opts: BackoffOptions = {}) {
    this.remote = remote;
    this.name = boundName(remote.kind, remote.host, remote.port, remote.path);
    this.#dial = dial;
    this.#onConnection = onConnection;
    this.#opts = opts;
  }

  /** Make the first attempt now. */
  start(): void {
    this.#attempt();
  }

  close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    this.#stream?.destroy();
    this.#stream = null;
    return Promise.resolve();
  }

  #attempt(): void {
    this.#timer = null;
    if (this.#closed) return;
    log.info(`${this.name}: connecting...`);
    this.#dial().then(
      (stream) => this.#onConnected(stream),
      (err: Error) => {
        if (this.#closed) return;
        log.info(`${this.name}: connection attempt failed (${err.message})`);
        this.#retry(null);
      },
    );
  }

  #onConnected(stream: Duplex): void {
    if (this.#closed) {
      stream.destroy();
      return;
    }
    log.info(`${this.name}: connected`);
    const since = Date.now();
    this.#stream = stream;
    stream.once('close', () => {
      if (this.#stream !== stream) return;
      this.#stream = null;
      if (this.#closed) return;
      log.info(`${this.name}: connection closed`);
      this.#retry(Date.now() - since);
    });
    this.#onConnection(stream, this.name);
  }

  #retry(upForMs: number | null): void {
    this.#backoff = nextBackoff(this.#backoff, upForMs, this.#opts);
    log.info(`${this.name}: waiting ${this.#backoff / 1000} seconds before reconnect`);
    this.#timer = setTimeout(() => this.#attempt(), this.#backoff);
  }
}
