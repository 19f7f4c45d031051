/**
 * Opening one connection to a remote (`ovsdb(7)` "Connection Methods").
 *
 * TLS uses the same PKI as ovsdb-server's options (ovsdb-server(1) "Public Key Infrastructure
 * Options"): the client presents `certificate`/`privateKey`, and checks that the server's
 * certificate chains to `caCert`; `caCert: 'none'` disables that check. As in OVS, host names are
 * not checked (OVS PKI certificates name no host). TLS 1.2 or newer.
 */
import net from 'node:net';
import tls from 'node:tls';
import fs from 'node:fs';
import type { Duplex } from 'node:stream';
import type { ClientRemote } from './remote.js';

export { CA_CERT_NONE } from '../ovsdb/remote.js';
import { CA_CERT_NONE, TLS_MIN_VERSION } from '../ovsdb/remote.js';
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** A PEM file name, or the PEM text itself as a Buffer. */
export type PemSource = string | Buffer;

export interface ClientTlsOptions {
  readonly privateKey: PemSource;
  readonly certificate: PemSource;
  /** Trusted CA certificate(s), or 'none' to accept any server certificate. */
  readonly caCert: PemSource | typeof CA_CERT_NONE;
}

function pem(what: string, source: PemSource): Buffer {
  if (Buffer.isBuffer(source)) return source;
  try {
    return fs.readFileSync(source);
  } catch (e) {
    throw new Error(`cannot read ${what} ${source}: ${(e as Error).message}`);
  }
}

function tlsOptions(remote: ClientRemote, opts: ClientTlsOptions): tls.ConnectionOptions {
  const verify = opts.caCert !== CA_CERT_NONE;
  return {
    host: remote.host,
    port: remote.port,
    key: pem('private key', opts.privateKey),
    cert: pem('certificate', opts.certificate),
    ...(verify ? { ca: pem('CA certificate', opts.caCert) } : {}),
    rejectUnauthorized: verify,
    checkServerIdentity: () => undefined,
    minVersion: TLS_MIN_VERSION,
  };
}

/**
 * Connect to `remote`; resolves once the stream is usable (for ssl: after the handshake and the
 * check of the server's certificate), rejects on failure or after `timeoutMs`.
 */
export function dial(remote: ClientRemote, tlsOpts: ClientTlsOptions | undefined, timeoutMs: number): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    let socket: net.Socket;
    let ready = 'connect';
    if (remote.kind === 'ssl') {
      if (tlsOpts === undefined) {
        reject(new Error(`${remote.spec}: ssl remotes need the tls option (privateKey, certificate, caCert)`));
        return;
      }
      let options: tls.ConnectionOptions;
      try {
        options = tlsOptions(remote, tlsOpts);
      } catch (e) {
        reject(e);
        return;
      }
      socket = tls.connect(options);
      ready = 'secureConnect';
    } else {
      socket = remote.kind === 'unix' ? net.connect({ path: remote.path }) : net.connect({ host: remote.host, port: remote.port });
    }
    const timer = setTimeout(() => fail(new Error(`${remote.spec}: connection timed out after ${timeoutMs} ms`)), timeoutMs);
    const fail = (err: Error): void => {
      clearTimeout(timer);
      socket.destroy();
      reject(err);
    };
    socket.once('error', fail);
    socket.once(ready, () => {
      clearTimeout(timer);
      socket.off('error', fail);
      if (remote.kind !== 'unix') socket.setNoDelay(true);
      resolve(socket);
    });
  });
}
