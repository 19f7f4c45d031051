/**
 * A `--remote` value with its per-remote options: `[read-only:]METHOD`.
 *
 * ovsdb-server marks a remote read-only through the `read_only` column of its `Connection` row
 * (ovsdb-server(1) `--remote=db:…`; `ovn-sbctl set-connection read-only ptcp:…`). ovsdb-ts has no
 * configuration database, so the option is a prefix on the command line instead:
 *   --remote=read-only:ptcp:6642:127.0.0.1
 * Sessions of a read-only remote may read and monitor but not write: transactions that modify
 * the database fail with "not allowed", and lock/steal/unlock are refused, as ovsdb-server does.
 */
import { parseRemote, type Remote } from '../ovsdb/remote.js';

export const READ_ONLY_PREFIX = 'read-only:';

export interface RemoteSpec {
  readonly remote: Remote;
  readonly readOnly: boolean;
}

/** Parse a --remote value; throws RemoteSyntaxError for a bad connection method. */
export function parseRemoteSpec(spec: string): RemoteSpec {
  const readOnly = spec.startsWith(READ_ONLY_PREFIX);
  return { remote: parseRemote(readOnly ? spec.slice(READ_ONLY_PREFIX.length) : spec), readOnly };
}
