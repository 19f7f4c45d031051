// Runs workload groups against both servers, alternating A B A B for `rounds` rounds, and
// collects one sample per (case, server, round): the value, the wall time, the server's CPU time
// and the load generator's CPU time over the timed section.
//
// A group is { group, title, fresh?, params: { full, quick }, prepare?, setup?, warmup?, cases }.
//   - not fresh: each server is launched once for the group, `setup(ctx)` runs on it, then
//     `warmup(ctx)`, then the cases' rounds share it;
//   - fresh: each measurement launches its own servers through ctx.launch (stopped after it).
//   - prepare(p) / cleanup(shared) run once per group, before and after both servers.
// A case is { id, title, unit, better: 'higher'|'lower', target: { min? , max? }, measure(ctx) }.
// measure returns { value, ...extra } and, when it times its own section, `timing` from timed().
// Errors are values: a failure against one server marks that case (and the server's later cases
// in a non-fresh group) failed without stopping the run.
import { KINDS, launch } from './servers.js';
import { loadGeneratorCpuMs, processCpuMs } from './proc.js';

/** Time `fn`, with the CPU time of `pid` (the server) and of the load generator. */
export async function timed(pid, fn) {
  const cpu0 = processCpuMs(pid);
  const gen0 = loadGeneratorCpuMs();
  const t0 = performance.now();
  const result = await fn();
  const wallMs = performance.now() - t0;
  const cpu1 = processCpuMs(pid);
  return {
    result,
    timing: {
      wallMs,
      serverCpuMs: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0,
      loadgenCpuMs: loadGeneratorCpuMs() - gen0,
    },
  };
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function newCaseResult(c, group, p) {
  const byKind = () => Object.fromEntries(KINDS.map((k) => [k, []]));
  return {
    id: c.id,
    group: group.group,
    title: `${group.title}: ${typeof c.title === 'function' ? c.title(p) : c.title}`,
    unit: c.unit,
    better: c.better,
    target: c.target,
    samples: byKind(),
    errors: Object.fromEntries(KINDS.map((k) => [k, null])),
  };
}

export class Harness {
  #opts;
  #log;

  /** opts: { quick, rounds, timeoutMs, nodeArgs, cli }, log: (line) => void */
  constructor(opts, log) {
    this.#opts = opts;
    this.#log = log;
  }

  async runGroup(group) {
    const p = this.#opts.quick ? group.params.quick : group.params.full;
    const results = group.cases.map((c) => newCaseResult(c, group, p));
    const shared = group.prepare === undefined ? undefined : await group.prepare(p, this.#launchOpts());
    try {
      if (group.fresh) await this.#runFresh(group, p, shared, results);
      else await this.#runShared(group, p, shared, results);
    } finally {
      if (group.cleanup !== undefined) group.cleanup(shared);
    }
    return results;
  }

  #launchOpts(kind) {
    if (kind !== KINDS[0] && kind !== undefined) return {};
    return { nodeArgs: this.#opts.nodeArgs ?? [], ...(this.#opts.cli === undefined ? {} : { cli: this.#opts.cli }) };
  }

  async #runShared(group, p, shared, results) {
    const servers = new Map();
    const states = new Map();
    try {
      for (const kind of KINDS) {
        try {
          const server = await launch(kind, this.#launchOpts(kind));
          servers.set(kind, server);
          const ctx = { kind, server, p, shared };
          const state = group.setup === undefined ? {} : await withTimeout(group.setup(ctx), this.#timeout(p), `${kind} setup`);
          if (group.warmup !== undefined) await withTimeout(group.warmup({ ...ctx, state }), this.#timeout(p), `${kind} warmup`);
          states.set(kind, state);
        } catch (e) {
          for (const r of results) r.errors[kind] = `setup: ${message(e)}`;
          this.#log(`  ${kind}: setup failed: ${message(e)}`);
        }
      }
      for (const [i, c] of group.cases.entries()) {
        for (let round = 0; round < this.#opts.rounds; round++) {
          for (const kind of KINDS) {
            if (results[i].errors[kind] !== null) continue;
            const ctx = { kind, server: servers.get(kind), state: states.get(kind), p, shared, round };
            await this.#sample(c, ctx, results[i], round);
            if (results[i].errors[kind] !== null) this.#abandon(kind, servers, results, i);
          }
        }
      }
    } finally {
      await Promise.all([...servers.values()].map((s) => s.stop()));
    }
  }

  /** After a failure the server's state is unknown: its later cases are not run. */
  #abandon(kind, servers, results, failed) {
    for (const r of results.slice(failed + 1)) r.errors[kind] ??= `not run: ${results[failed].id} failed first`;
    void servers.get(kind)?.stop();
  }

  async #runFresh(group, p, shared, results) {
    for (const [i, c] of group.cases.entries()) {
      for (let round = 0; round < this.#opts.rounds; round++) {
        for (const kind of KINDS) {
          if (results[i].errors[kind] !== null) continue;
          const started = [];
          const ctx = {
            kind,
            p,
            shared,
            round,
            launch: async (opts = {}) => {
              const s = await launch(kind, { ...this.#launchOpts(kind), ...opts });
              started.push(s);
              return s;
            },
          };
          try {
            await this.#sample(c, ctx, results[i], round);
          } finally {
            await Promise.all(started.map((s) => s.stop()));
          }
        }
      }
    }
  }

  async #sample(c, ctx, result, round) {
    const pid = ctx.server?.pid;
    try {
      const { result: out, timing } = await timed(pid ?? 0, () => withTimeout(c.measure(ctx), this.#timeout(ctx.p), `${c.id} ${ctx.kind}`));
      const sample = { round, value: out.value, ...timing, ...(out.timing ?? {}), ...(out.extra === undefined ? {} : { extra: out.extra }) };
      if (pid === undefined && out.timing === undefined) sample.serverCpuMs = null;
      result.samples[ctx.kind].push(sample);
      this.#log(`  ${c.id} ${ctx.kind.padEnd(12)} round ${round + 1}: ${fmt(out.value)} ${c.unit}`);
    } catch (e) {
      result.errors[ctx.kind] = message(e);
      this.#log(`  ${c.id} ${ctx.kind.padEnd(12)} round ${round + 1}: FAILED ${message(e)}`);
    }
  }

  #timeout(p) {
    return p.timeoutMs ?? this.#opts.timeoutMs;
  }
}

export function message(e) {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0].slice(0, 300);
}

export function fmt(v) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return String(v);
  if (Math.abs(v) >= 100) return v.toFixed(0);
  if (Math.abs(v) >= 10) return v.toFixed(1);
  return v.toFixed(2);
}
