/**
 * Logging in ovsdb-server's vlog line format: `TIME|SEQ|MODULE|LEVEL|message`, written to stderr.
 * A leaf module: every layer may import it, it imports nothing.
 */
export type LogLevel = 'off' | 'err' | 'warn' | 'info' | 'dbg';
const RANK: Record<LogLevel, number> = { off: 0, err: 1, warn: 2, info: 3, dbg: 4 };
const TAG: Record<Exclude<LogLevel, 'off'>, string> = { err: 'ERR', warn: 'WARN', info: 'INFO', dbg: 'DBG' };

export type LogSink = (line: string) => void;

let threshold: number = RANK.info;
let sink: LogSink = (line) => process.stderr.write(line + '\n');
let seq = 0;

export function setLogLevel(level: LogLevel): void {
  threshold = RANK[level];
}
export function isLogLevel(s: string): s is LogLevel {
  return Object.hasOwn(RANK, s);
}
/** Redirect log lines (tests capture them). Returns the previous sink. */
export function setLogSink(s: LogSink): LogSink {
  const prev = sink;
  sink = s;
  return prev;
}

export interface Logger {
  err(msg: string): void;
  warn(msg: string): void;
  info(msg: string): void;
  dbg(msg: string): void;
}

function emit(module: string, level: Exclude<LogLevel, 'off'>, msg: string): void {
  if (RANK[level] > threshold) return;
  seq = (seq + 1) % 100000;
  sink(`${new Date().toISOString()}|${String(seq).padStart(5, '0')}|${module}|${TAG[level]}|${msg}`);
}

export function logger(module: string): Logger {
  return {
    err: (m) => emit(module, 'err', m),
    warn: (m) => emit(module, 'warn', m),
    info: (m) => emit(module, 'info', m),
    dbg: (m) => emit(module, 'dbg', m),
  };
}
