/**
 * JSON-RPC 1.0 messages as OVSDB uses them (RFC 7047 §4; ../shared/PROTOCOL-NOTES.md).
 *
 * Classification follows ovsdb-server (lib/jsonrpc.c): a member whose value is null counts as
 * absent; then `result` → reply, else `error` → error reply, else `id` → request, else
 * notification. Requests and notifications need a string `method` and an array `params`.
 * Any member other than method/params/result/error/id makes the message invalid, and an invalid
 * message is a protocol violation: the peer logs the reason and drops the connection.
 */
import type { Json, JsonObject } from '../ovsdb/json.js';
import { isJsonObject, member } from '../ovsdb/json.js';

export interface RequestMessage {
  readonly kind: 'request';
  readonly id: Json;
  readonly method: string;
  readonly params: Json[];
}
export interface NotificationMessage {
  readonly kind: 'notification';
  readonly method: string;
  readonly params: Json[];
}
export interface ReplyMessage {
  readonly kind: 'reply';
  readonly id: Json;
  readonly result: Json;
}
export interface ErrorMessage {
  readonly kind: 'error';
  readonly id: Json;
  readonly error: Json;
}
export interface InvalidMessage {
  readonly kind: 'invalid';
  readonly reason: string;
}
export type Message = RequestMessage | NotificationMessage | ReplyMessage | ErrorMessage | InvalidMessage;

const KNOWN_MEMBERS: ReadonlySet<string> = new Set(['method', 'params', 'result', 'error', 'id']);

type Kind = 'request' | 'notification' | 'reply' | 'error';
/** Which members each kind must have and may have (lib/jsonrpc.c's validity table). */
const REQUIRED: Record<Kind, readonly string[]> = {
  request: ['method', 'params', 'id'],
  notification: ['method', 'params'],
  reply: ['result', 'id'],
  error: ['error', 'id'],
};
const ALLOWED: Record<Kind, ReadonlySet<string>> = {
  request: new Set(['method', 'params', 'id']),
  notification: new Set(['method', 'params']),
  reply: new Set(['result', 'id']),
  error: new Set(['error', 'id']),
};

function present(obj: JsonObject, key: string): boolean {
  const v = member(obj, key);
  return v !== undefined && v !== null;
}

function kindOf(obj: JsonObject): Kind {
  if (present(obj, 'result')) return 'reply';
  if (present(obj, 'error')) return 'error';
  if (present(obj, 'id')) return 'request';
  return 'notification';
}

function invalid(reason: string): InvalidMessage {
  return { kind: 'invalid', reason };
}

/** Parse one framed JSON value into a message; never throws. */
export function parseMessage(json: Json): Message {
  if (!isJsonObject(json)) return invalid('message is not a JSON object');
  for (const key of Object.keys(json)) {
    if (!KNOWN_MEMBERS.has(key)) return invalid(`message has unexpected member "${key}"`);
  }
  const kind = kindOf(json);
  for (const key of REQUIRED[kind]) {
    if (!present(json, key)) return invalid(`${kind} must have "${key}"`);
  }
  for (const key of KNOWN_MEMBERS) {
    if (!ALLOWED[kind].has(key) && present(json, key)) return invalid(`${kind} must not have "${key}"`);
  }
  const id = member(json, 'id') ?? null;
  switch (kind) {
    case 'reply':
      return { kind, id, result: member(json, 'result') ?? null };
    case 'error':
      return { kind, id, error: member(json, 'error') ?? null };
    default: {
      const method = member(json, 'method');
      const params = member(json, 'params');
      if (typeof method !== 'string') return invalid('"method" must be JSON string');
      if (!Array.isArray(params)) return invalid('"params" must be JSON array');
      return kind === 'request' ? { kind, id, method, params } : { kind, method, params };
    }
  }
}

/** Wire forms of what a peer sends (PROTOCOL-NOTES "Framing and messages"). */
export function replyJson(id: Json, result: Json): JsonObject {
  return { id, result, error: null };
}
export function errorJson(id: Json, error: Json): JsonObject {
  return { id, error };
}
export function requestJson(id: Json, method: string, params: Json[]): JsonObject {
  return { id, method, params };
}
export function notificationJson(method: string, params: Json[]): JsonObject {
  return { id: null, method, params };
}
