/**
 * TLS for `pssl:` and `ssl:` remotes (`ovsdb(7)` "Connection Methods"; ovsdb-server(1) "Public Key
 * Infrastructure Options": --private-key, --certificate, --ca-cert).
 *
 * Contracts:
 * - Both sides present `--certificate`/`--private-key`. The peer's certificate must chain to
 *   `--ca-cert`; a passive listener requires client certificates, as ovsdb-server does. With
 *   `--ca-cert=none` peer certificates are neither requested nor checked (ovsdb-server's
 *   "Peer certificate validation disabled").
 * - Like OVS, only the chain is verified, not host names: OVS PKI certificates name no host.
 * - TLS 1.2 or newer.
 * - Files are read when a remote starts; a missing or unreadable file is a start-up error.
 * A listener knows nothing of OVSDB: it hands each established stream to `onConnection`.
 */
import tls from 'node:tls';
import net from 'node:net';
import fs from 'node:fs';
import type { Duplex } from 'node:stream';
import { logger } from '../log.js';
import { boundName, CA_CERT_NONE, TLS_MIN_VERSION, type Remote } from '../ovsdb/remote.js';
import type { ConnectionCallback, Listener } from './listen.js';

const log = logger('stream_ssl');

/** `--ca-cert=none`: do not request or verify peer certificates. */
export { CA_CERT_NONE } from '../ovsdb/remote.js';

/** The PKI files as given on the command line. */
export interface TlsFiles {
  readonly privateKey?: string;
  readonly certificate?: string;
  /** A PEM file of trusted CA certificates, or `CA_CERT_NONE`. */
  readonly caCert?: string;
}

/** The PKI loaded: `ca` null means peer certificates are not verified. */
export interface TlsConfig {
  readonly key: Buffer;
  readonly cert: Buffer;
  readonly ca: Buffer | null;
}

export class TlsConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TlsConfigError';
  }
}

function readPem(what: string, flag: string, file: string | undefined, spec: string): Buffer {
  if (file === undefined || file === '') {
    throw new TlsConfigError(`${spec}: ${what} must be configured to use SSL (${flag}=FILE)`);
  }
  try {
    return fs.readFileSync(file);
  } catch (e) {
    throw new TlsConfigError(`${spec}: cannot read ${what} ${file}: ${(e as Error).message}`);
  }
}

/** Read the PKI files for remote `spec`; throws TlsConfigError naming what is missing. */
export function loadTlsConfig(files: TlsFiles, spec: string): TlsConfig {
  const key = readPem('private key', '--private-key', files.privateKey, spec);
  const cert = readPem('certificate', '--certificate', files.certificate, spec);
  const ca =
    files.caCert === CA_CERT_NONE ? null : readPem('CA certificate', '--ca-cert', files.caCert, spec);
  return { key, cert, ca };
}

function commonOptions(config: TlsConfig): tls.SecureContextOptions & { minVersion: tls.SecureVersion } {
  return {
    key: config.key,
    cert: config.cert,
    ...(config.ca === null ? {} : { ca: config.ca }),
    minVersion: TLS_MIN_VERSION,
  };
}

function peerName(socket: { remoteAddress?: string | undefined; remotePort?: number | undefined }): string {
  return boundName('ssl', socket.remoteAddress ?? '?', socket.remotePort ?? 0, '');
}

/**
 * The TCP socket under a TLS socket. Node keeps it as `_parent` and offers no public accessor;
 * it is needed only to name the peer of a failed handshake, whose TLS socket no longer knows it.
 */
function underlying(socket: tls.TLSSocket): net.Socket | undefined {
  const parent: unknown = Reflect.get(socket, '_parent');
  return parent instanceof net.Socket ? parent : undefined;
}

/** Why a handshake failed, in the words of the TLS library (first line only). */
function handshakeError(err: Error, socket: tls.TLSSocket): string {
  const verify = socket.authorizationError;
  if (verify !== null && verify !== undefined) return `certificate verify failed (${String(verify)})`;
  return err.message.split('\n')[0] ?? err.message;
}

/** Bind a `pssl:` remote. */
export function listenTls(remote: Remote, config: TlsConfig, onConnection: ConnectionCallback): Promise<Listener> {
  const verify = config.ca !== null;
  if (!verify) log.warn(`${remote.spec}: Peer certificate validation disabled (this is a security risk)`);
  const server = tls.createServer({ ...commonOptions(config), requestCert: verify, rejectUnauthorized: verify });
  const names = new WeakMap<net.Socket, string>();
  server.on('connection', (raw: net.Socket) => names.set(raw, peerName(raw)));
  server.on('secureConnection', (socket) => {
    socket.setNoDelay(true);
    onConnection(socket, peerName(socket));
  });
  server.on('tlsClientError', (err, socket) => {
    const raw = underlying(socket);
    const name = (raw === undefined ? undefined : names.get(raw)) ?? peerName(socket);
    log.warn(`${name}: SSL_accept: ${handshakeError(err, socket)}`);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: remote.port, host: remote.host }, () => {
      server.off('error', reject);
      server.on('error', (err) => log.err(`${remote.spec}: ${err.message}`));
      const addr = server.address();
      const name =
        addr === null || typeof addr === 'string'
          ? remote.spec
          : boundName('ssl', addr.address, addr.port, '');
      resolve({ name, remote, close: () => new Promise<void>((done) => server.close(() => done())) });
    });
  });
}

/**
 * Dial an `ssl:` remote. Resolves with the established stream once the handshake (and, unless
 * --ca-cert=none, the verification of the server's certificate chain) succeeded.
 */
export function connectTls(remote: Remote, config: TlsConfig): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      ...commonOptions(config),
      host: remote.host,
      port: remote.port,
      rejectUnauthorized: config.ca !== null,
      checkServerIdentity: () => undefined,
    });
    const onError = (err: Error): void => {
      socket.destroy();
      reject(err);
    };
    socket.once('error', onError);
    socket.once('secureConnect', () => {
      socket.off('error', onError);
      socket.setNoDelay(true);
      resolve(socket);
    });
  });
}
