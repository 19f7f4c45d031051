// Process accounting from /proc (Linux): CPU time and resident memory of a server process,
// and the CPU time of the load generator (this process plus the children it has waited for,
// e.g. ovn-nbctl).
import fs from 'node:fs';
import { spawnSync } from 'node:child_process';

let ticksPerSecond = null;

function clockTicks() {
  if (ticksPerSecond === null) {
    const r = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
    ticksPerSecond = Number(r.stdout.trim()) || 100;
  }
  return ticksPerSecond;
}

/** Fields of /proc/PID/stat after the command name (field 3 = index 0). */
function statFields(pid) {
  const s = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  return s.slice(s.lastIndexOf(')') + 2).split(' ');
}

/** User and system CPU time of a process, in ms; null when it is gone. */
export function processCpuTimes(pid) {
  try {
    const f = statFields(pid);
    // proc(5): utime is field 14, stime field 15.
    return { userMs: (Number(f[11]) * 1000) / clockTicks(), systemMs: (Number(f[12]) * 1000) / clockTicks() };
  } catch {
    return null;
  }
}

/** CPU time (user + system) of a process, in ms; null when it is gone. */
export function processCpuMs(pid) {
  const t = processCpuTimes(pid);
  return t === null ? null : t.userMs + t.systemMs;
}

/** CPU time of this process and of its waited-for children, in ms. */
export function loadGeneratorCpuMs() {
  const u = process.cpuUsage();
  const f = statFields('self');
  // proc(5): cutime is field 16, cstime field 17.
  const children = ((Number(f[13]) + Number(f[14])) * 1000) / clockTicks();
  return (u.user + u.system) / 1000 + children;
}

/** VmRSS and VmHWM of a process in bytes (proc(5) /proc/PID/status); null when it is gone. */
export function memory(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(s)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return null;
  }
}

/** One-line description of the machine, for the results' conditions. */
export function machine() {
  let model = 'unknown CPU';
  try {
    model = /model name\s*:\s*(.*)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? model;
  } catch {
    // not Linux: leave unknown
  }
  return model;
}

export function loadAverage() {
  try {
    return fs.readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).map(Number);
  } catch {
    return [];
  }
}
