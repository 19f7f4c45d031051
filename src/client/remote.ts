/**
 * Where a client connects: the active connection methods of `ovsdb(7)` "Connection Methods",
 *   tcp:IP:PORT      ssl:IP:PORT      unix:PATH
 * with IPv6 addresses in brackets (`tcp:[::1]:6641`). As in the OVS IDL, several remotes may be
 * given separated by commas; the client tries them in turn.
 */
import { parseRemote, RemoteSyntaxError, type RemoteKind } from '../ovsdb/remote.js';

export { RemoteSyntaxError };
export type ClientRemoteKind = RemoteKind;

export interface ClientRemote {
  readonly kind: ClientRemoteKind;
  /** tcp/ssl: host without brackets, and port. */
  readonly host: string;
  readonly port: number;
  /** unix: socket path. */
  readonly path: string;
  /** The text given, for messages. */
  readonly spec: string;
}

/** Parse one active remote; throws RemoteSyntaxError. The syntax is shared with the server. */
export function parseClientRemote(spec: string): ClientRemote {
  const r = parseRemote(spec);
  if (r.passive) throw new RemoteSyntaxError(spec, `unknown connection method "${spec.split(':')[0]}" (passive remotes are for servers)`);
  return { kind: r.kind, host: r.host, port: r.port, path: r.path, spec };
}

/** Parse a comma-separated list of remotes (at least one). */
export function parseClientRemotes(specs: string | readonly string[]): ClientRemote[] {
  const list = typeof specs === 'string' ? specs.split(',') : specs;
  const remotes = list.map((s) => s.trim()).filter((s) => s !== '').map(parseClientRemote);
  if (remotes.length === 0) throw new RemoteSyntaxError(String(specs), 'no remote given');
  return remotes;
}
