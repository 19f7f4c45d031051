/**
 * Command-line options, modelled on ovsdb-server(1):
 *   ovsdb-ts [options] [DBFILE...]
 * With no DBFILE and no --in-memory: ./data/ovnnb.db, created from the OVN Northbound schema.
 */
import { parseArgs } from 'node:util';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isLogLevel, type LogLevel } from './log.js';
import { parseFsyncPolicy, type FsyncPolicy } from './storage/index.js';
import { parseRemoteSpec } from './server/remote-spec.js';
import type { TlsFiles } from './server/tls.js';
import { DEFAULT_MAX_SESSIONS, DEFAULT_MAX_PENDING_REQUESTS } from './server/limits.js';

export const DEFAULT_REMOTE = 'ptcp:6641:127.0.0.1';
export const DEFAULT_DB_FILE = path.join('data', 'ovnnb.db');
/** schema/ beside dist/ in the package. */
export const SCHEMA_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'schema');
export const DEFAULT_SCHEMA = path.join(SCHEMA_DIR, 'ovn-nb.ovsschema');

export interface CliOptions {
  /** When a reply waits for fsync (storage/writer.ts); undefined: storage's default (never). */
  readonly fsync: FsyncPolicy | undefined;
  readonly help: boolean;
  readonly version: boolean;
  readonly remotes: readonly string[];
  readonly dbFiles: readonly string[];
  readonly schemas: readonly string[];
  readonly inMemory: boolean;
  readonly inactivityProbeMs: number | undefined;
  readonly maxMessageBytes: number | undefined;
  readonly logLevel: LogLevel;
  /** --private-key, --certificate, --ca-cert (FILE or "none"), for pssl:/ssl: remotes. */
  readonly tls: TlsFiles;
  readonly maxSessions: number | undefined;
  readonly maxPendingRequests: number | undefined;
  /** Unsent output above which a session's monitor updates are coalesced and its requests not read. */
  readonly coalesceBacklogBytes: number | undefined;
  /** Unsent output at which a session is disconnected. */
  readonly maxBacklogBytes: number | undefined;
}

export class UsageError extends Error {}

function fsyncPolicy(v: string | undefined): FsyncPolicy | undefined {
  if (v === undefined) return undefined;
  const p = parseFsyncPolicy(v);
  if (p instanceof Error) throw new UsageError(`--fsync: ${p.message}`);
  return p;
}

function nonNegativeInt(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name}: "${v}" is not a non-negative integer`);
  return Number(v);
}

function positiveInt(name: string, v: string | undefined): number | undefined {
  const n = nonNegativeInt(name, v);
  if (n === 0) throw new UsageError(`--${name}: must be at least 1`);
  return n;
}

/** Each --remote must parse ("[read-only:]METHOD", remote-spec.ts). */
function checkRemotes(remotes: readonly string[]): readonly string[] {
  for (const r of remotes) {
    try {
      parseRemoteSpec(r);
    } catch (e) {
      throw new UsageError(`--remote=${(e as Error).message}`);
    }
  }
  return remotes;
}

function tlsFiles(v: { 'private-key'?: string; certificate?: string; 'ca-cert'?: string }): TlsFiles {
  return {
    ...(v['private-key'] === undefined ? {} : { privateKey: v['private-key'] }),
    ...(v.certificate === undefined ? {} : { certificate: v.certificate }),
    ...(v['ca-cert'] === undefined ? {} : { caCert: v['ca-cert'] }),
  };
}

export function parseCli(argv: readonly string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
        remote: { type: 'string', multiple: true },
        schema: { type: 'string', multiple: true },
        'in-memory': { type: 'boolean' },
        'inactivity-probe': { type: 'string' },
        'max-message-size': { type: 'string' },
        'log-level': { type: 'string' },
        'private-key': { type: 'string' },
        certificate: { type: 'string' },
        'ca-cert': { type: 'string' },
        'max-sessions': { type: 'string' },
        'max-pending-requests': { type: 'string' },
        fsync: { type: 'string' },
        'coalesce-backlog': { type: 'string' },
        'max-backlog': { type: 'string' },
        verbose: { type: 'boolean', short: 'v' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const v = parsed.values;
  const level = v['log-level'] ?? (v.verbose === true ? 'dbg' : 'info');
  if (!isLogLevel(level)) throw new UsageError(`--log-level: unknown level "${level}" (off, err, warn, info, dbg)`);
  const inMemory = v['in-memory'] === true;
  const dbFiles = parsed.positionals.length > 0 || inMemory ? parsed.positionals : [DEFAULT_DB_FILE];
  if (inMemory && parsed.positionals.length > 0) throw new UsageError('--in-memory takes no DBFILE arguments');
  const schemas = v.schema ?? (inMemory || parsed.positionals.length === 0 ? [DEFAULT_SCHEMA] : []);
  return {
    help: v.help === true,
    version: v.version === true,
    remotes: checkRemotes(v.remote ?? [DEFAULT_REMOTE]),
    dbFiles,
    schemas,
    inMemory,
    inactivityProbeMs: nonNegativeInt('inactivity-probe', v['inactivity-probe']),
    maxMessageBytes: nonNegativeInt('max-message-size', v['max-message-size']),
    logLevel: level,
    tls: tlsFiles(v),
    maxSessions: positiveInt('max-sessions', v['max-sessions']),
    maxPendingRequests: positiveInt('max-pending-requests', v['max-pending-requests']),
    fsync: fsyncPolicy(v.fsync),
    coalesceBacklogBytes: positiveInt('coalesce-backlog', v['coalesce-backlog']),
    maxBacklogBytes: positiveInt('max-backlog', v['max-backlog']),
  };
}

export const USAGE = `ovsdb-ts: an OVSDB server (RFC 7047, ovsdb-server(7) extensions)
usage: ovsdb-ts [OPTIONS] [DBFILE...]

With no DBFILE, serves ./data/ovnnb.db, created from the OVN Northbound schema if missing.

Options:
  --remote=REMOTE         listen or connect on REMOTE (repeatable); default ${DEFAULT_REMOTE}
                            ptcp:PORT[:IP]   listen for TCP (IPv6 as [::1])
                            punix:PATH       listen on a unix socket
                            pssl:PORT[:IP]   listen for TLS (needs the three PKI options)
                            tcp:IP:PORT, ssl:IP:PORT, unix:PATH
                                             connect out, reconnecting with backoff
                            read-only:REMOTE the remote's clients may not write or lock
  --schema=FILE           create a missing DBFILE from this schema (with --in-memory: serve
                          a fresh database of this schema; repeatable)
  --in-memory             no database file: serve --schema databases from memory only
  --inactivity-probe=MS   probe idle TCP/TLS clients after MS ms (default 5000, 0 disables)
  --max-message-size=N    largest JSON-RPC message accepted, in bytes (default 64 MiB)
  --private-key=FILE      PEM private key for pssl:/ssl: remotes
  --certificate=FILE      PEM certificate for that key
  --ca-cert=FILE|none     PEM CA certificate(s) that peers' certificates must chain to;
                          "none" neither requests nor checks peer certificates
  --max-sessions=N        refuse connections beyond N sessions (default ${DEFAULT_MAX_SESSIONS})
  --max-pending-requests=N
                          refuse a session's transactions beyond N waiting
                          (default ${DEFAULT_MAX_PENDING_REQUESTS})
  --fsync=POLICY          when a reply waits for fsync: never (default, as ovsdb-server:
                          written before the reply, not fsynced), always, or group:MS
                          (fsync at most every MS ms; replies wait for it); a commit
                          with "durable": true is always fsynced before its reply
  --coalesce-backlog=N    a session with more than N bytes of unsent output (a slow
                          reader) gets its monitor updates merged into one change set and
                          its requests are not read until it catches up (default 256 KiB)
  --max-backlog=N         disconnect a session with more than N bytes unsent (default 512 MiB)
  --log-level=LEVEL       off, err, warn, info (default) or dbg;  -v is --log-level=dbg
  -h, --help              this text
  -V, --version           print the version

Signals: SIGINT/SIGTERM exit cleanly; SIGUSR2 compacts every database file now.

Subcommands (no server is started):
  ovsdb-ts create DBFILE [SCHEMA]       create DBFILE from SCHEMA (default: OVN Northbound)
  ovsdb-ts show-log [-m|-mm] DBFILE     print DBFILE's records, like ovsdb-tool show-log
  ovsdb-ts schema-cksum SCHEMA          print SCHEMA's checksum (computed when it has none)
  ovsdb-ts codegen SCHEMA [-o FILE]     write TypeScript types for SCHEMA's tables
`;
