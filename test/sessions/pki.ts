/**
 * Test certificates made at test time with the openssl command line tool (a dependency of the
 * Open vSwitch packages), so that no private key is ever committed:
 *   ca        a test CA; `server` and `client` certificates signed by it
 *   other-ca  an unrelated CA; `rogue` is a certificate signed by it
 * EC P-256 keys keep generation fast. Everything lives in a temp dir the caller removes.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { findTool } from '../support/ovsdb-server.js';

export interface Pki {
  readonly dir: string;
  readonly caCert: string;
  readonly otherCaCert: string;
  readonly serverKey: string;
  readonly serverCert: string;
  readonly clientKey: string;
  readonly clientCert: string;
  readonly rogueKey: string;
  readonly rogueCert: string;
}

const DAYS = '2';
const KEY_ARGS = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export function hasOpenssl(): boolean {
  return findTool('openssl') !== null;
}

/** Fail under CI, skip elsewhere, when openssl is missing (as requireOvsTools does). */
export function requireOpenssl(ctx: { skip: (note?: string) => void }): void {
  if (hasOpenssl()) return;
  const reason = 'openssl not installed (it comes with the openvswitch-common package)';
  if (process.env['CI'] === 'true') throw new Error(`${reason} (required when CI=true)`);
  ctx.skip(reason);
}

function openssl(dir: string, args: readonly string[]): void {
  const r = spawnSync('openssl', args, { cwd: dir, encoding: 'utf8', timeout: 20_000 });
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${r.stderr || r.error?.message}`);
}

function selfSigned(dir: string, name: string, cn: string): void {
  openssl(dir, ['req', '-x509', ...KEY_ARGS, '-keyout', `${name}-key.pem`, '-out', `${name}-cert.pem`, '-days', DAYS, '-subj', `/CN=${cn}`]);
}

function signed(dir: string, name: string, ca: string): void {
  openssl(dir, ['req', ...KEY_ARGS, '-keyout', `${name}-key.pem`, '-out', `${name}-req.pem`, '-subj', `/CN=${name}`]);
  openssl(dir, [
    'x509', '-req', '-in', `${name}-req.pem`, '-CA', `${ca}-cert.pem`, '-CAkey', `${ca}-key.pem`,
    '-CAcreateserial', '-out', `${name}-cert.pem`, '-days', DAYS,
  ]);
}

/** Make the test PKI in `dir` (which must exist). */
export function makePki(dir: string): Pki {
  selfSigned(dir, 'ca', 'ovsdb-ts test CA');
  selfSigned(dir, 'other-ca', 'unrelated CA');
  signed(dir, 'server', 'ca');
  signed(dir, 'client', 'ca');
  signed(dir, 'rogue', 'other-ca');
  const p = (f: string): string => join(dir, f);
  return {
    dir,
    caCert: p('ca-cert.pem'),
    otherCaCert: p('other-ca-cert.pem'),
    serverKey: p('server-key.pem'),
    serverCert: p('server-cert.pem'),
    clientKey: p('client-key.pem'),
    clientCert: p('client-cert.pem'),
    rogueKey: p('rogue-key.pem'),
    rogueCert: p('rogue-cert.pem'),
  };
}
