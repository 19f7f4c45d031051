/**
 * The two servers every interop scenario runs against: the oracle (Open vSwitch's ovsdb-server,
 * `ovsdb-server`) and ours (`ovsdb-ts`), each fresh on 127.0.0.1 with a kernel-chosen port.
 *
 * With `INTEROP_SELF_CHECK=1` in the environment, "ours" is a second ovsdb-server: a scenario
 * that shows differences then has a client output whose order or content is not determined by
 * the database (to be normalised in the scenario, not blamed on a server).
 */
import { afterAll, beforeAll } from 'vitest';
import { startOvsdbServer } from '../../support/ovsdb-server.js';
import { startOvsdbTs } from '../../support/ovsdb-ts.js';
import { toolsSkipReason, type Tool } from './tools.js';

export type ServerKind = 'ovsdb-server' | 'ovsdb-ts';

export interface Target {
  readonly kind: ServerKind;
  /** `ovsdb-server` or `ovsdb-ts`, or `ovsdb-server(self-check)` when standing in for ours. */
  readonly name: string;
  readonly port: number;
  /** `tcp:127.0.0.1:PORT`, the remote clients connect to. */
  readonly remote: string;
  readonly pid: number;
  log(): string;
  stop(): Promise<void>;
}

export const SELF_CHECK = process.env['INTEROP_SELF_CHECK'] === '1';

export async function startTarget(kind: ServerKind, schemas: readonly string[]): Promise<Target> {
  if (kind === 'ovsdb-ts' && !SELF_CHECK) {
    const s = await startOvsdbTs({ schemas });
    return { kind, name: kind, port: s.tcpPort, remote: `tcp:127.0.0.1:${s.tcpPort}`, pid: s.pid, log: s.log, stop: s.stop };
  }
  const s = await startOvsdbServer({ schemas });
  const name = kind === 'ovsdb-ts' ? 'ovsdb-server(self-check)' : kind;
  return { kind, name, port: s.tcpPort, remote: `tcp:127.0.0.1:${s.tcpPort}`, pid: s.pid, log: s.log, stop: s.stop };
}

/** The oracle and ours, serving the same schemas: `[ovsdb-server, ovsdb-ts]`. */
export async function startPair(schemas: readonly string[]): Promise<[Target, Target]> {
  const started = await Promise.allSettled([startTarget('ovsdb-server', schemas), startTarget('ovsdb-ts', schemas)]);
  const ok = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const failed = started.find((s) => s.status === 'rejected');
  if (failed !== undefined) {
    await Promise.all(ok.map((t) => t.stop()));
    throw failed.reason;
  }
  return [ok[0] as Target, ok[1] as Target];
}

/**
 * `startPair` for the enclosing describe: started before its tests (when `tools` are all there;
 * a test then calls `requireTools` first) and stopped after them. Returns the pair's getter.
 */
export function usePair(schemas: readonly string[], tools: readonly Tool[]): () => [Target, Target] {
  let pair: [Target, Target] | undefined;
  beforeAll(async () => {
    if (toolsSkipReason(tools) === null) pair = await startPair(schemas);
  });
  afterAll(async () => {
    await Promise.all((pair ?? []).map((t) => t.stop()));
  });
  return () => {
    if (pair === undefined) throw new Error('the server pair did not start');
    return pair;
  };
}
