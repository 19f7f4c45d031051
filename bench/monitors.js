// Monitors against ovsdb-server in the same run (the two figures), through the shared
// bench harness (bench/README.md, workload group 5: bench/workloads/monitors.js):
//   - time to deliver one update to 500 monitor_cond subscribers (and to 10 and 100);
//   - the initial dump of 50,000 rows to 100 subscribers asking at once.
// Prints each server's figure and the ratio ovsdb-ts / ovsdb-server (lower is better).
// Run: npx tsc -p tsconfig.json && node bench/monitors.js [--quick] [--rounds=N]
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const run = fileURLToPath(new URL('./run.js', import.meta.url));
const r = spawnSync(process.execPath, [run, '--only=5', '--out=monitors', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
