// Monitors against ovsdb-server in the same run (the two figures), through the shared
// bench harness (bench/README.md, workload group 5: bench/workloads/monitors.js):
//   - time to deliver one update to 500 monitor_cond subscribers (and to 10 and 100);
//   - the initial dump of 50,000 rows to 100 subscribers asking at once.
// Prints each server's figure and the ratio ovsdb-ts / ovsdb-server (lower is better).
// Run: npx tsc -p tsconfig.json && node bench/monitors.js [--quick] [--rounds=N] [--timeout=MS]
// ovsdb-server 3.1 needs minutes for the 100 dumps of 50,000 rows (214 s on the 2-core dev
// machine under load, against 3.5 s for ovsdb-ts), so the default timeout per measurement here
// is 20 minutes rather than the harness's 5.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const run = fileURLToPath(new URL('./run.js', import.meta.url));
const args = process.argv.slice(2);
const DEFAULT_TIMEOUT_MS = 20 * 60 * 1000;
if (!args.some((a) => a.startsWith('--timeout'))) args.push(`--timeout=${DEFAULT_TIMEOUT_MS}`);
const r = spawnSync(process.execPath, [run, '--only=5', '--out=monitors', ...args], { stdio: 'inherit' });
process.exit(r.status ?? 1);
