/**
 * A TCP proxy between a client and a server, for what a test cannot ask a real server to do:
 * - `sever()` cuts every connection at once (a network failure; the client must reconnect);
 * - `refuse` names methods answered with ovsdb-server's `{"error":"unknown method"}` instead of
 *   being forwarded (an older server without monitor_cond_since or monitor_cond);
 * - `methods` records every request method the clients sent, in order.
 * Client-to-server messages are framed and re-encoded with the project's wire layer; the other
 * direction is passed through as bytes.
 */
import net from 'node:net';
import { JsonFramer, encodeJson } from '../../../src/wire/index.js';
import { isJsonObject, member } from '../../../src/ovsdb/json.js';

export interface Proxy {
  /** "tcp:127.0.0.1:PORT" */
  readonly remote: string;
  readonly refuse: Set<string>;
  readonly methods: string[];
  /** Connections accepted so far. */
  readonly accepted: () => number;
  sever(): void;
  close(): Promise<void>;
}

export async function startProxy(targetPort: number): Promise<Proxy> {
  const refuse = new Set<string>();
  const methods: string[] = [];
  const sockets = new Set<net.Socket>();
  let accepted = 0;
  const track = (s: net.Socket): void => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => s.destroy());
  };
  const server = net.createServer((client) => {
    accepted++;
    const upstream = net.connect({ host: '127.0.0.1', port: targetPort });
    track(client);
    track(upstream);
    const framer = new JsonFramer();
    client.on('data', (chunk: Buffer) => {
      for (const msg of framer.push(chunk)) {
        const method = isJsonObject(msg) ? member(msg, 'method') : undefined;
        if (typeof method === 'string') methods.push(method);
        if (typeof method === 'string' && refuse.has(method) && isJsonObject(msg)) {
          client.write(encodeJson({ id: member(msg, 'id') ?? null, error: 'unknown method' }));
        } else upstream.write(encodeJson(msg));
      }
    });
    upstream.pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    remote: `tcp:127.0.0.1:${port}`,
    refuse,
    methods,
    accepted: () => accepted,
    sever: () => {
      for (const s of sockets) s.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
