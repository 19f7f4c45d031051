/**
 * Subcommands that do their work and exit without starting a server (the ovsdb-tool side of
 * ovsdb-ts): create, show-log, schema-cksum, codegen. One handler per subcommand; each returns
 * the exit status (0 success, 1 failure, 2 usage error) and writes its output to stdout.
 */
import { existsSync } from 'node:fs';
import { createDatabaseFile, showLog } from './storage/index.js';
import { loadSchemaFile } from './ovsdb/schema-load.js';
import { parseJson } from './wire/index.js';
import { runCodegen } from './client/codegen-cli.js';
import { DEFAULT_SCHEMA } from './cli-options.js';

const EXIT_OK = 0;
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

type Subcommand = (args: readonly string[]) => number;

function usage(text: string): number {
  process.stderr.write(`usage: ${text}\n`);
  return EXIT_USAGE;
}

function create(args: readonly string[]): number {
  const [db, schema = DEFAULT_SCHEMA, extra] = args;
  if (db === undefined || extra !== undefined) return usage('ovsdb-ts create DBFILE [SCHEMA]');
  // ovsdb-tool create refuses to overwrite an existing database, and so do we.
  if (existsSync(db)) throw new Error(`${db}: file already exists`);
  createDatabaseFile(db, schema);
  return EXIT_OK;
}

function showLogCommand(args: readonly string[]): number {
  let verbosity = 0;
  const files: string[] = [];
  for (const a of args) {
    if (/^-m+$/.test(a)) verbosity += a.length - 1;
    else if (a === '--more') verbosity++;
    else files.push(a);
  }
  if (files.length !== 1) return usage('ovsdb-ts show-log [-m|-mm] DBFILE');
  process.stdout.write(showLog(files[0] as string, verbosity));
  return EXIT_OK;
}

function schemaCksum(args: readonly string[]): number {
  if (args.length !== 1) return usage('ovsdb-ts schema-cksum SCHEMA');
  process.stdout.write(loadSchemaFile(args[0] as string, parseJson).cksum + '\n');
  return EXIT_OK;
}

export const SUBCOMMANDS: ReadonlyMap<string, Subcommand> = new Map<string, Subcommand>([
  ['create', create],
  ['show-log', showLogCommand],
  ['schema-cksum', schemaCksum],
  ['codegen', (args) => runCodegen([...args])],
]);

/** Run a subcommand; errors become one line on stderr and exit status 1. */
export function runSubcommand(command: Subcommand, args: readonly string[]): number {
  try {
    return command(args);
  } catch (e) {
    process.stderr.write(`ovsdb-ts: ${e instanceof Error ? e.message : String(e)}\n`);
    return EXIT_FAILURE;
  }
}
