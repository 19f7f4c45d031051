#!/usr/bin/env node
/**
 * ovsdb-ts command line: flags → storage → server.listen (ovsdb-server(1) style).
 * Exit codes: 0 on a clean shutdown (SIGINT/SIGTERM), 1 on a start-up error, 2 on a usage error.
 */
import { readFileSync } from 'node:fs';
import { parseCli, UsageError, USAGE, type CliOptions } from './cli-options.js';
import { setLogLevel, logger } from './log.js';
import { OvsdbServer } from './server/server.js';
import { openDatabases, type OpenedDatabases } from './open-databases.js';
import { SUBCOMMANDS, runSubcommand } from './cli-commands.js';

const log = logger('ovsdb_ts');
const EXIT_STARTUP = 1;
const EXIT_USAGE = 2;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return `ovsdb-ts ${pkg.version}`;
}

async function serve(opts: CliOptions): Promise<void> {
  setLogLevel(opts.logLevel);
  const opened: OpenedDatabases = await openDatabases(opts, opts.fsync === undefined ? {} : { fsync: opts.fsync });
  // Options left undefined take the server's defaults. (monitor_cond_since history is seeded from
  // each file's replay by the monitor registry.)
  const server = new OvsdbServer(opened.databases, {
    inactivityProbeMs: opts.inactivityProbeMs,
    maxMessageBytes: opts.maxMessageBytes,
    tls: opts.tls,
    maxSessions: opts.maxSessions,
    maxPendingRequests: opts.maxPendingRequests,
    monitors: { softBacklogBytes: opts.coalesceBacklogBytes, hardBacklogBytes: opts.maxBacklogBytes },
  });
  // On-demand compaction (the file grows until then; automatic compaction also runs).
  process.on('SIGUSR2', () => {
    for (const st of opened.storages) {
      st.compact().then(
        (r) => log.info(`${st.path}: compacted ${r.beforeBytes} → ${r.afterBytes} bytes in ${r.ms} ms`),
        (e: unknown) => log.err(`${st.path}: compaction failed: ${e instanceof Error ? e.message : String(e)}`),
      );
    }
  });
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal} received, exiting`);
    void server
      .close()
      .then(() => opened.close())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  for (const remote of opts.remotes) await server.listen(remote);
}

async function main(argv: string[]): Promise<void> {
  // `ovsdb-ts create|show-log|schema-cksum|codegen …` (cli-commands.ts): no server started.
  const sub = argv[0] === undefined ? undefined : SUBCOMMANDS.get(argv[0]);
  if (sub !== undefined) {
    process.exitCode = runSubcommand(sub, argv.slice(1));
    return;
  }
  let opts: CliOptions;
  try {
    opts = parseCli(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`ovsdb-ts: ${e.message}\n(use --help for help)\n`);
    process.exit(EXIT_USAGE);
  }
  if (opts.help) {
    process.stdout.write(USAGE);
    return;
  }
  if (opts.version) {
    process.stdout.write(version() + '\n');
    return;
  }
  try {
    await serve(opts);
  } catch (e) {
    process.stderr.write(`ovsdb-ts: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(EXIT_STARTUP);
  }
}

void main(process.argv.slice(2));
