// Summaries (medians over rounds, the ratio ovsdb-ts / ovsdb-server, targets) and their
// Markdown and JSON forms.
import fs from 'node:fs';
import path from 'node:path';
import { TS, OVS } from './servers.js';
import { fmt } from './harness.js';

/** A load generator busier than this share of the wall time may be what limits the figure. */
const LOADGEN_BUSY = 0.8;

export function median(xs) {
  const v = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const m = v.length >> 1;
  return v.length % 2 === 1 ? v[m] : (v[m - 1] + v[m]) / 2;
}

function summarizeKind(samples) {
  return {
    value: median(samples.map((s) => s.value)),
    wallMs: median(samples.map((s) => s.wallMs)),
    serverCpuMs: median(samples.map((s) => s.serverCpuMs)),
    loadgenCpuMs: median(samples.map((s) => s.loadgenCpuMs)),
    rounds: samples.length,
  };
}

/** Adds medians, ratio and verdict to a case result. */
export function summarize(r) {
  const ts = r.errors[TS] === null ? summarizeKind(r.samples[TS]) : null;
  const ovs = r.errors[OVS] === null ? summarizeKind(r.samples[OVS]) : null;
  const ratio = ts?.value != null && ovs?.value != null && ovs.value !== 0 ? ts.value / ovs.value : null;
  let met = null;
  if (ratio !== null) met = r.target.min !== undefined ? ratio >= r.target.min : ratio <= r.target.max;
  const busy = [ts, ovs].some((s) => s !== null && s.wallMs > 0 && s.loadgenCpuMs / s.wallMs > LOADGEN_BUSY);
  return { ...r, median: { [TS]: ts, [OVS]: ovs }, ratio, met, loadgenBusy: busy };
}

function targetText(r) {
  return r.target.min !== undefined ? `≥ ${r.target.min}` : `≤ ${r.target.max}`;
}

function cell(r, kind) {
  if (r.errors[kind] !== null) return 'FAILED';
  return fmt(r.median[kind]?.value);
}

function cpuCell(r, kind) {
  const m = r.median[kind];
  if (m === null) return '–';
  const server = m.serverCpuMs === null ? '?' : fmt(m.serverCpuMs);
  return `${server} / ${fmt(m.loadgenCpuMs)}`;
}

const HEADER = [
  '| # | workload | unit | better | ovsdb-ts | ovsdb-server | ratio ts/server | target | met | CPU ms ovsdb-ts run (server / load gen) | CPU ms ovsdb-server run (server / load gen) |',
  '|---|---|---|---|---:|---:|---:|---|---|---:|---:|',
];

export function markdownTable(summaries) {
  const rows = summaries.map((r) => {
    const met = r.met === null ? '–' : r.met ? 'yes' : '**no**';
    const busy = r.loadgenBusy ? ' (load gen busy)' : '';
    return `| ${r.id} | ${r.title} | ${r.unit} | ${r.better} | ${cell(r, TS)} | ${cell(r, OVS)} | ${r.ratio === null ? '–' : r.ratio.toFixed(2)} | ${targetText(r)} | ${met}${busy} | ${cpuCell(r, TS)} | ${cpuCell(r, OVS)} |`;
  });
  const failures = summaries.flatMap((r) =>
    Object.entries(r.errors)
      .filter(([, e]) => e !== null)
      .map(([k, e]) => `- ${r.id} ${k}: ${e}`),
  );
  return [...HEADER, ...rows, ...(failures.length > 0 ? ['', 'Failures:', ...failures] : [])].join('\n');
}

export function conditionsText(c) {
  return [
    `- date: ${c.date}; mode: ${c.mode}; rounds: ${c.rounds} (A B A B, medians); commit: ${c.commit}`,
    `- machine: ${c.cpus} × ${c.cpuModel}; load average at start ${c.loadStart.join(' ')}, at end ${c.loadEnd.join(' ')}`,
    `- servers: ${c.versions[TS]} (${c.ovsdbTs}); ${c.versions[OVS]}; both on a database file, default fsync policy (none), unix socket`,
    `- wall time of the run: ${(c.durationMs / 1000).toFixed(1)} s`,
  ].join('\n');
}

export function markdown(summaries, conditions) {
  return [
    `# ovsdb-ts vs ovsdb-server (${conditions.mode})`,
    '',
    'Ratio = ovsdb-ts / ovsdb-server on the medians. "better" states the direction: higher is better',
    'for throughput, lower for time and memory. CPU columns: the server\'s CPU time and the load',
    'generator\'s (this process and its children) over the timed section, medians.',
    '',
    conditionsText(conditions),
    '',
    markdownTable(summaries),
    '',
  ].join('\n');
}

export function writeResults(dir, name, summaries, conditions) {
  fs.mkdirSync(dir, { recursive: true });
  const json = path.join(dir, `${name}.json`);
  const md = path.join(dir, `${name}.md`);
  fs.writeFileSync(json, JSON.stringify({ conditions, cases: summaries }, null, 2) + '\n');
  fs.writeFileSync(md, markdown(summaries, conditions));
  return { json, md };
}
