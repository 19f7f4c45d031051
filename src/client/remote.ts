/**
 * Where a client connects: the active connection methods of `ovsdb(7)` "Connection Methods",
 *   tcp:IP:PORT      ssl:IP:PORT      unix:PATH
 * with IPv6 addresses in brackets (`tcp:[::1]:6641`). As in the OVS IDL, several remotes may be
 * given separated by commas; the client tries them in turn.
 */
export type ClientRemoteKind = 'tcp' | 'ssl' | 'unix';

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

export class RemoteSyntaxError extends Error {
  constructor(spec: string, why: string) {
    super(`${spec}: ${why}`);
    this.name = 'RemoteSyntaxError';
  }
}

const MAX_PORT = 65535;
const HOST_PORT_RE = /^(\[[^\]]+\]|[^:[\]]+):(\d+)$/;

/** Parse one active remote; throws RemoteSyntaxError. */
export function parseClientRemote(spec: string): ClientRemote {
  const i = spec.indexOf(':');
  const method = i < 0 ? spec : spec.slice(0, i);
  const rest = i < 0 ? '' : spec.slice(i + 1);
  if (method === 'unix') {
    if (rest === '') throw new RemoteSyntaxError(spec, 'missing socket path');
    return { kind: 'unix', host: '', port: 0, path: rest, spec };
  }
  if (method !== 'tcp' && method !== 'ssl') {
    const hint = method.startsWith('p') ? ' (passive remotes are for servers)' : '';
    throw new RemoteSyntaxError(spec, `unknown connection method "${method}"${hint}`);
  }
  const m = HOST_PORT_RE.exec(rest);
  if (m === null) throw new RemoteSyntaxError(spec, 'expected IP:PORT');
  const port = Number(m[2]);
  if (port > MAX_PORT) throw new RemoteSyntaxError(spec, `bad port number "${m[2]}"`);
  const host = (m[1] as string).replace(/^\[(.*)\]$/, '$1');
  return { kind: method, host, port, path: '', spec };
}

/** Parse a comma-separated list of remotes (at least one). */
export function parseClientRemotes(specs: string | readonly string[]): ClientRemote[] {
  const list = typeof specs === 'string' ? specs.split(',') : specs;
  const remotes = list.map((s) => s.trim()).filter((s) => s !== '').map(parseClientRemote);
  if (remotes.length === 0) throw new RemoteSyntaxError(String(specs), 'no remote given');
  return remotes;
}
