// ovsdb-ts against ovsdb-server on the OVN Northbound schema: every workload against both,
// A B A B for `rounds` rounds, then a table of medians and ratios (printed, and written to
// bench/results/NAME.{json,md}). See bench/README.md.
//   npm run bench [-- --quick] [-- --rounds=N --only=1,5 --out=NAME --profile --ts-cli=PATH]
// Exit status: 0 when the harness worked (whatever the ratios, and even if workloads failed
// against ovsdb-ts); 1 when the harness itself broke (self-test, a failure against the
// reference ovsdb-server, an exception); 2 on a usage error or missing tools.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { execFileSync } from 'node:child_process';
import { Harness, message } from './lib/harness.js';
import { CLI, OVS, REPO, findTool, killAll, versions } from './lib/servers.js';
import { loadAverage, machine } from './lib/proc.js';
import { markdownTable, summarize, writeResults } from './lib/report.js';
import { selfTest } from './lib/self-test.js';
import { GROUPS } from './workloads/index.js';

const RESULTS = path.join(REPO, 'bench', 'results');
const PROFILES = path.join(RESULTS, 'tmp', 'profiles');
const MIN_ROUNDS = 3;
const QUICK_ROUNDS = 1;

function options() {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean' },
      rounds: { type: 'string' },
      only: { type: 'string' },
      out: { type: 'string' },
      profile: { type: 'boolean' },
      timeout: { type: 'string' },
      'ts-cli': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  // `npm run bench --quick` (without `--`) reaches us as npm_config_quick.
  const quick = values.quick === true || process.env.npm_config_quick === 'true';
  const only = values.only?.split(',');
  return {
    help: values.help === true,
    quick,
    rounds: Number(values.rounds ?? (quick ? QUICK_ROUNDS : MIN_ROUNDS)),
    groups: only === undefined ? GROUPS : selectGroups(only),
    out: values.out ?? (quick ? 'quick' : 'full'),
    profile: values.profile === true,
    cli: values['ts-cli'] === undefined ? CLI : path.resolve(values['ts-cli']),
    timeoutMs: Number(values.timeout ?? (quick ? 30_000 : 300_000)),
  };
}

/**
 * `--only=1,5a,5b`: a number selects a whole group, a case id (e.g. 5a) that case alone; a group
 * keeps its setup and warm-up either way.
 */
function selectGroups(only) {
  const out = [];
  for (const g of GROUPS) {
    if (only.includes(String(g.group))) out.push(g);
    else {
      const cases = g.cases.filter((c) => only.includes(c.id));
      if (cases.length > 0) out.push({ ...g, cases });
    }
  }
  return out;
}

function conditions(opts, started) {
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO, encoding: 'utf8' }).trim();
  } catch {
    // not a git checkout
  }
  return {
    date: new Date(started).toISOString(),
    mode: opts.quick ? 'quick' : 'full',
    rounds: opts.rounds,
    commit,
    ovsdbTs: path.relative(REPO, opts.cli),
    cpus: os.cpus().length,
    cpuModel: machine(),
    loadStart: loadAverage(),
    versions: versions(),
  };
}

async function main() {
  const opts = options();
  if (opts.help) {
    console.log(fs.readFileSync(new URL('./README.md', import.meta.url), 'utf8'));
    return 0;
  }
  const missing = ['ovsdb-server', 'ovsdb-tool'].filter((t) => findTool(t) === null);
  if (missing.length > 0 || !fs.existsSync(opts.cli)) {
    console.error(`bench: missing ${[...missing, ...(fs.existsSync(opts.cli) ? [] : [opts.cli])].join(', ')} (npm run build; apt install openvswitch-switch ovn-central)`);
    return 2;
  }
  selfTest();
  const started = Date.now();
  const cond = conditions(opts, started);
  const nodeArgs = opts.profile ? ['--cpu-prof', `--cpu-prof-dir=${PROFILES}`] : [];
  const harness = new Harness({ quick: opts.quick, rounds: opts.rounds, timeoutMs: opts.timeoutMs, nodeArgs, cli: opts.cli }, (l) => console.log(l));
  const cases = [];
  for (const g of opts.groups) {
    console.log(`(${g.group}) ${g.title}`);
    const t0 = performance.now();
    cases.push(...(await harness.runGroup(g)));
    console.log(`  (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
  const summaries = cases.map(summarize);
  const full = { ...cond, loadEnd: loadAverage(), durationMs: Date.now() - started };
  const files = writeResults(RESULTS, opts.out, summaries, full);
  console.log(`\n${markdownTable(summaries)}\n\nwritten: ${files.md}, ${files.json} (${(full.durationMs / 1000).toFixed(1)} s)`);
  const referenceFailed = summaries.filter((s) => s.errors[OVS] !== null);
  if (referenceFailed.length > 0) {
    console.error(`bench: the harness failed against ovsdb-server in ${referenceFailed.map((s) => s.id).join(', ')}`);
    return 1;
  }
  return 0;
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    killAll();
    process.exit(130);
  });
}
main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    killAll();
    console.error(`bench: ${e instanceof Error ? e.stack : message(e)}`);
    process.exitCode = 1;
  },
);
