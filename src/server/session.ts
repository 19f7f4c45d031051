/**
 * One client connection: an RpcPeer plus the per-session state methods keep (monitors, locks,
 * pending transactions). Requests are dispatched through the method table; each outcome is turned
 * into its wire reply here, the one place that does so for RPC methods.
 */
import type { Duplex } from 'node:stream';
import type { Json } from '../ovsdb/json.js';
import { ErrorTag } from '../ovsdb/error.js';
import { RpcPeer, type PeerHandler } from '../rpc/peer.js';
import type { RequestMessage, NotificationMessage } from '../rpc/message.js';
import { logger } from '../log.js';
import { fail, type Outcome } from './method-types.js';
import type { OvsdbServer } from './server.js';

const log = logger('ovsdb_jsonrpc_server');

export interface SessionOptions {
  readonly name: string;
  readonly inactivityProbeMs: number;
  readonly readOnly: boolean;
  readonly maxMessageBytes?: number;
  readonly maxBacklogBytes?: number;
}

export type SessionCloseHook = (session: Session) => void;

export class Session implements PeerHandler {
  readonly server: OvsdbServer;
  readonly peer: RpcPeer;
  readonly readOnly: boolean;
  /** set_db_change_aware (ovsdb-server(7) §4.1.18): see methods/session.ts for what it changes. */
  dbChangeAware = false;
  /**
   * Run before every reply this session sends: monitors send the updates they hold back for a
   * slow reader first, so that a client sees its own changes before the reply (ovsdb-server
   * flushes monitors before each reply).
   */
  readonly beforeReplyHooks: (() => void)[] = [];
  /** Run when the output backlog has drained to zero (monitors resume a slow reader). */
  readonly drainHooks: (() => void)[] = [];
  #closeHooks: SessionCloseHook[] = [];

  constructor(server: OvsdbServer, stream: Duplex, opts: SessionOptions) {
    this.server = server;
    this.readOnly = opts.readOnly;
    this.peer = new RpcPeer(stream, this, {
      name: opts.name,
      inactivityProbeMs: opts.inactivityProbeMs,
      ...(opts.maxMessageBytes === undefined ? {} : { maxMessageBytes: opts.maxMessageBytes }),
      ...(opts.maxBacklogBytes === undefined ? {} : { maxBacklogBytes: opts.maxBacklogBytes }),
    });
  }

  get name(): string {
    return this.peer.name;
  }

  /** Register cleanup to run when the connection closes (monitors, locks, triggers). */
  addCloseHook(hook: SessionCloseHook): void {
    this.#closeHooks.push(hook);
  }

  close(reason: string): void {
    this.peer.close(reason);
  }

  onRequest(_peer: RpcPeer, req: RequestMessage): void {
    const handler = this.server.methods.get(req.method);
    if (handler === undefined) {
      this.sendOutcome(req.id, fail(ErrorTag.UNKNOWN_METHOD));
      return;
    }
    let outcome: Outcome | Promise<Outcome> | null;
    try {
      outcome = handler(this, req.params, req.id);
    } catch (e) {
      this.#internalError(req, e);
      return;
    }
    if (outcome === null) return;
    if (outcome instanceof Promise) {
      outcome.then(
        (o) => this.sendOutcome(req.id, o),
        (e: unknown) => this.#internalError(req, e),
      );
    } else {
      this.sendOutcome(req.id, outcome);
    }
  }

  onNotification(_peer: RpcPeer, note: NotificationMessage): void {
    // ovsdb-server ignores notifications it does not know (an "echo" notification included).
    const handler = this.server.notifications.get(note.method);
    if (handler !== undefined) handler(this, note.params);
  }

  onClose(_peer: RpcPeer, reason: string): void {
    log.dbg(`${this.name}: session closed (${reason})`);
    for (const hook of this.#closeHooks.splice(0)) {
      try {
        hook(this);
      } catch (e) {
        log.err(`${this.name}: error while closing session: ${String(e)}`);
      }
    }
    this.server.sessionClosed(this);
  }

  onDrain(_peer: RpcPeer): void {
    for (const hook of this.drainHooks) hook();
  }

  /** Turn a method's outcome into its reply. */
  sendOutcome(id: Json, outcome: Outcome): void {
    for (const hook of this.beforeReplyHooks) hook();
    if ('error' in outcome) this.peer.replyError(id, outcome.error);
    else this.peer.reply(id, outcome.result);
  }

  /**
   * Send a notification of the session's own (e.g. "locked", "stolen"): like a reply, it goes
   * after whatever the before-reply hooks hold back (a slow reader's pending monitor updates).
   */
  notify(method: string, params: Json[]): void {
    for (const hook of this.beforeReplyHooks) hook();
    this.peer.notify(method, params);
  }

  #internalError(req: RequestMessage, e: unknown): void {
    const detail = e instanceof Error ? (e.stack ?? e.message) : String(e);
    log.err(`${this.name}: internal error handling "${req.method}": ${detail}`);
    this.close('internal error');
  }
}
