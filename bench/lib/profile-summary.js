// Summarise V8 .cpuprofile files (from `node --cpu-prof`, e.g. `npm run bench -- --profile`):
// self time per function and per file, and inclusive time per function, in % of sampled time
// (idle and GC shown as V8 names them: "(idle)", "(garbage collector)").
//   node bench/lib/profile-summary.js FILE.cpuprofile... [--top=25] [--busy]
// --busy leaves "(idle)" out of the total, so percentages are of the time the server worked;
// --under=TEXT counts only samples with a frame whose "file:function:line" contains TEXT.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function where(frame) {
  const url = frame.url.replace(/^file:\/\//, '');
  const file = url === '' ? `(${frame.functionName || 'native'})` : path.relative(REPO, url);
  return { file, fn: url === '' ? file : `${file}:${frame.functionName || '(anonymous)'}:${frame.lineNumber + 1}` };
}

const add = (m, k, v) => m.set(k, (m.get(k) ?? 0) + v);

/** Adds one profile's samples into the maps of `acc` ({ self, files, total, all }, in µs). */
export function accumulate(profile, acc, { busy = false, under } = {}) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const hits = new Map();
  profile.samples.forEach((id, i) => add(hits, id, profile.timeDeltas[i] ?? 0));
  const stack = (id) => {
    const fns = [];
    for (let n = id; n !== undefined; n = parent.get(n)) fns.push(where(nodes.get(n).callFrame).fn);
    return fns;
  };
  for (const [id, us] of hits) {
    const w = where(nodes.get(id).callFrame);
    if (busy && nodes.get(id).callFrame.functionName === '(idle)') continue;
    if (under !== undefined && !stack(id).some((f) => f.includes(under))) continue;
    acc.all += us;
    add(acc.self, w.fn, us);
    add(acc.files, w.file, us);
    const seen = new Set();
    for (let n = id; n !== undefined; n = parent.get(n)) {
      const f = where(nodes.get(n).callFrame).fn;
      if (!seen.has(f)) add(acc.total, f, us);
      seen.add(f);
    }
  }
  return acc;
}

export function newAccumulator() {
  return { self: new Map(), files: new Map(), total: new Map(), all: 0 };
}

function table(title, m, all, k) {
  const rows = [...m].sort((a, b) => b[1] - a[1]).slice(0, k);
  return [`${title}`, ...rows.map(([name, us]) => `  ${((100 * us) / all).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(7)} ms  ${name}`)].join('\n');
}

function main() {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string' }, busy: { type: 'boolean' }, under: { type: 'string' } } });
  const k = Number(values.top ?? 25);
  const acc = newAccumulator();
  for (const f of positionals) accumulate(JSON.parse(fs.readFileSync(f, 'utf8')), acc, { busy: values.busy === true, under: values.under });
  console.log(`${positionals.length} profile(s), ${(acc.all / 1000).toFixed(0)} ms sampled${values.busy ? ' (busy)' : ''}`);
  console.log(table('self time by file', acc.files, acc.all, k));
  console.log(table('self time by function', acc.self, acc.all, k));
  console.log(table('inclusive time by function', acc.total, acc.all, k));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
