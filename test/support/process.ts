/**
 * Child-process helpers shared by the test servers: bounded waits on output, bounded stops,
 * and a last-resort kill of every child still alive when the test worker exits.
 */
import type { ChildProcess } from 'node:child_process';

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Remember a child so that it is killed if the worker exits without stopping it. */
export function track(child: ChildProcess): void {
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const c of live) c.kill('SIGKILL');
    });
  }
}

/**
 * Resolve with the first match of `pattern` in the child's stream (accumulated text), or reject
 * after `timeoutMs`, or when the child exits first. The rejection message carries the output.
 */
export function waitForOutput(
  child: ChildProcess,
  stream: 'stdout' | 'stderr',
  pattern: RegExp,
  timeoutMs: number,
): Promise<RegExpMatchArray> {
  const source = child[stream];
  if (source === null) return Promise.reject(new Error(`child has no ${stream} pipe`));
  return new Promise((resolve, reject) => {
    let text = '';
    const cleanup = (): void => {
      clearTimeout(timer);
      source.off('data', onData);
      child.off('exit', onExit);
    };
    const onData = (chunk: Buffer): void => {
      text += chunk.toString('utf8');
      const m = text.match(pattern);
      if (m) {
        cleanup();
        resolve(m);
      }
    };
    const onExit = (code: number | null, signal: string | null): void => {
      cleanup();
      reject(new Error(`process exited (code ${code}, signal ${signal}) before ${pattern}; ${stream}:\n${text}`));
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${pattern}; ${stream}:\n${text}`));
    }, timeoutMs);
    source.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Keep a rolling tail of a child's stream, for error messages. */
export function captureTail(child: ChildProcess, stream: 'stdout' | 'stderr', maxChars = 8192): () => string {
  let text = '';
  child[stream]?.on('data', (chunk: Buffer) => {
    text = (text + chunk.toString('utf8')).slice(-maxChars);
  });
  return () => text;
}

/**
 * Stop a child: `signal` first, SIGKILL if it is still alive after `graceMs`.
 * Resolves once the child has exited (bounded by graceMs + 2 s).
 */
export async function stopChild(child: ChildProcess, graceMs = 2000, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const graceful = await Promise.race([exited.then(() => true), delay(graceMs).then(() => false)]);
  if (graceful) return;
  child.kill('SIGKILL');
  await Promise.race([exited, delay(2000)]);
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Poll `probe` every `intervalMs` until it returns true; reject after `timeoutMs`. */
export async function pollUntil(probe: () => boolean, timeoutMs: number, what: string, intervalMs = 10): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(intervalMs);
  }
}
