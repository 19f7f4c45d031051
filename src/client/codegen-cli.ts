/**
 * The `codegen` subcommand: `ovsdb-ts codegen SCHEMA [-o FILE] [--import-from MODULE]`.
 * Writes the types of codegen.ts to FILE, or to standard output. Exit status 0 on success,
 * 1 when the schema cannot be read, 2 on a usage error.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadSchemaFile } from '../ovsdb/schema-load.js';
import { parseJson } from '../wire/index.js';
import { generateTypes } from './codegen.js';

export const CODEGEN_USAGE = `usage: ovsdb-ts codegen SCHEMA [-o FILE] [--import-from MODULE]
Write TypeScript types for the tables of the OVSDB schema file SCHEMA.
  -o, --output FILE       write to FILE instead of standard output
  --import-from MODULE    import the client's types from MODULE (default "ovsdb-ts")
`;
const EXIT_OK = 0;
const EXIT_FAILURE = 1;
const EXIT_USAGE = 2;

export interface CodegenIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const defaultIo: CodegenIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

/** Run the subcommand with the arguments after "codegen"; returns the exit status. */
export function runCodegen(argv: readonly string[], io: CodegenIo = defaultIo): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { output: { type: 'string', short: 'o' }, 'import-from': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    io.stderr(`ovsdb-ts codegen: ${(e as Error).message}\n${CODEGEN_USAGE}`);
    return EXIT_USAGE;
  }
  if (parsed.values.help === true) {
    io.stdout(CODEGEN_USAGE);
    return EXIT_OK;
  }
  const [file, ...extra] = parsed.positionals;
  if (file === undefined || extra.length > 0) {
    io.stderr(`ovsdb-ts codegen: expected exactly one SCHEMA file\n${CODEGEN_USAGE}`);
    return EXIT_USAGE;
  }
  try {
    const { schema } = loadSchemaFile(file, parseJson);
    const importFrom = parsed.values['import-from'];
    const text = generateTypes(schema, { source: path.basename(file), ...(importFrom === undefined ? {} : { importFrom }) });
    if (parsed.values.output === undefined) io.stdout(text);
    else writeFileSync(parsed.values.output, text);
    return EXIT_OK;
  } catch (e) {
    io.stderr(`ovsdb-ts codegen: ${(e as Error).message}\n`);
    return EXIT_FAILURE;
  }
}
