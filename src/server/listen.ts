/**
 * Passive listeners for `ptcp:` and `punix:` remotes (`ovsdb(7)` "Connection Methods").
 * A listener knows nothing of OVSDB: it hands each accepted stream to `onConnection`.
 */
import net from 'node:net';
import fs from 'node:fs';
import type { Duplex } from 'node:stream';
import { boundName, type Remote } from '../ovsdb/remote.js';

/** ovsdb-server creates unix sockets readable and writable by owner and group only. */
const UNIX_SOCKET_MODE = 0o770;

export interface Listener {
  /** e.g. "tcp:127.0.0.1:6641" or "unix:/run/ovn/ovnnb_db.sock" */
  readonly name: string;
  readonly remote: Remote;
  close(): Promise<void>;
}

export type ConnectionCallback = (stream: Duplex, peerName: string) => void;

function tcpPeerName(remote: Remote, socket: net.Socket): string {
  return boundName(remote.kind, socket.remoteAddress ?? '?', socket.remotePort ?? 0, '');
}

function listenOn(server: net.Server, remote: Remote): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const done = (): void => {
      server.off('error', reject);
      resolve();
    };
    if (remote.kind === 'unix') server.listen(remote.path, done);
    else server.listen({ port: remote.port, host: remote.host }, done);
  });
}

/** Bind a passive tcp or unix remote. A stale unix socket file is replaced, as ovsdb-server does. */
export async function listenPlain(remote: Remote, onConnection: ConnectionCallback): Promise<Listener> {
  let unixCount = 0;
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    const name = remote.kind === 'unix' ? `unix#${unixCount++}` : tcpPeerName(remote, socket);
    onConnection(socket, name);
  });
  if (remote.kind === 'unix') fs.rmSync(remote.path, { force: true });
  await listenOn(server, remote);
  if (remote.kind === 'unix') fs.chmodSync(remote.path, UNIX_SOCKET_MODE);
  const addr = server.address();
  const name =
    remote.kind === 'unix' || addr === null || typeof addr === 'string'
      ? boundName('unix', '', 0, remote.path)
      : boundName(remote.kind, addr.address, addr.port, '');
  return {
    name,
    remote,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        if (remote.kind === 'unix') fs.rmSync(remote.path, { force: true });
      }),
  };
}
