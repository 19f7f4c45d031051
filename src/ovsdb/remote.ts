/**
 * Connection methods, `ovsdb(7)` "Connection Methods" / ovsdb-server(1) `--remote`:
 *   passive: ptcp:PORT[:IP]   pssl:PORT[:IP]   punix:PATH
 *   active:  tcp:IP:PORT      ssl:IP:PORT      unix:PATH
 * IPv6 addresses are written in brackets: ptcp:6641:[::1], tcp:[::1]:6641.
 * Passive TCP/SSL without an IP listen on 0.0.0.0 as ovsdb-server does.
 */
export type RemoteKind = 'tcp' | 'ssl' | 'unix';

/** Inactivity probe of tcp/ssl connections, both ends (ovsdb-server(1), `--inactivity-probe`). */
export const DEFAULT_INACTIVITY_PROBE_MS = 5000;
/** `--ca-cert=none`: accept any peer certificate (ovsdb-server(1) "PKI Options"). */
export const CA_CERT_NONE = 'none';
/** The oldest TLS version either end accepts. */
export const TLS_MIN_VERSION = 'TLSv1.2';

export interface Remote {
  readonly kind: RemoteKind;
  readonly passive: boolean;
  /** For tcp/ssl: host (without brackets) and port; for unix: path. */
  readonly host: string;
  readonly port: number;
  readonly path: string;
  /** The text the user gave, for log lines. */
  readonly spec: string;
}

export class RemoteSyntaxError extends Error {
  constructor(spec: string, why: string) {
    super(`${spec}: ${why}`);
    this.name = 'RemoteSyntaxError';
  }
}

const MAX_PORT = 65535;
const DEFAULT_PASSIVE_HOST = '0.0.0.0';

function parsePort(spec: string, s: string | undefined): number {
  if (s === undefined || !/^\d+$/.test(s) || Number(s) > MAX_PORT) {
    throw new RemoteSyntaxError(spec, `bad port number "${s ?? ''}"`);
  }
  return Number(s);
}

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

/** Split "HOST:PORT" where HOST may be a bracketed IPv6 address. */
function splitHostPort(spec: string, s: string): [string, string] {
  const m = /^(\[[^\]]+\]|[^:]+):(.*)$/.exec(s);
  if (!m) throw new RemoteSyntaxError(spec, 'expected IP:PORT');
  return [stripBrackets(m[1] as string), m[2] as string];
}

/** "PORT[:IP]" for passive remotes. */
function splitPortHost(spec: string, s: string): [string, string | undefined] {
  const i = s.indexOf(':');
  return i < 0 ? [s, undefined] : [s.slice(0, i), stripBrackets(s.slice(i + 1))];
}

export function parseRemote(spec: string): Remote {
  const i = spec.indexOf(':');
  if (i < 0) throw new RemoteSyntaxError(spec, 'unknown connection method');
  const method = spec.slice(0, i);
  const rest = spec.slice(i + 1);
  const passive = method.startsWith('p');
  const kindName = passive ? method.slice(1) : method;
  if (kindName !== 'tcp' && kindName !== 'ssl' && kindName !== 'unix') {
    throw new RemoteSyntaxError(spec, `unknown connection method "${method}"`);
  }
  const kind: RemoteKind = kindName;
  if (kind === 'unix') {
    if (rest === '') throw new RemoteSyntaxError(spec, 'missing socket path');
    return { kind, passive, host: '', port: 0, path: rest, spec };
  }
  if (passive) {
    const [port, host] = splitPortHost(spec, rest);
    return { kind, passive, host: host ?? DEFAULT_PASSIVE_HOST, port: parsePort(spec, port), path: '', spec };
  }
  const [host, port] = splitHostPort(spec, rest);
  return { kind, passive, host, port: parsePort(spec, port), path: '', spec };
}

/** How a bound remote is shown to users and tests: "tcp:127.0.0.1:6641", "unix:/path". */
export function boundName(kind: RemoteKind, host: string, port: number, path: string): string {
  if (kind === 'unix') return `unix:${path}`;
  const h = host.includes(':') ? `[${host}]` : host;
  return `${kind}:${h}:${port}`;
}
