/**
 * The dispatch tables: one handler per RPC method (RFC 7047 §4.1, ovsdb-server(7) §4.1) and per
 * notification the server accepts. Feature modules register their handlers here.
 */
import type { Json } from '../ovsdb/json.js';
import type { Outcome } from './method-types.js';
import type { Session } from './session.js';

/** Returns the outcome now, later (Promise), or null when the handler replies by itself. */
export type MethodHandler = (session: Session, params: Json[], id: Json) => Outcome | Promise<Outcome> | null;
export type NotificationHandler = (session: Session, params: Json[]) => void;

export type MethodTable = Map<string, MethodHandler>;
export type NotificationTable = Map<string, NotificationHandler>;
