/**
 * LogWriter (src/storage/writer.ts): synchronous appends at a tracked offset, truncation after a
 * failed write, and the fsync policies (counted by watching fs.fdatasync).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Buffer } from 'node:buffer';
import { LogWriter, parseFsyncPolicy, type FsyncPolicy } from '../../src/storage/writer.js';
import { OvsdbError } from '../../src/ovsdb/error.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(join(tmpdir(), 'writer-'));
  file = join(dir, 'db');
  fs.writeFileSync(file, 'HEAD');
});
afterEach(() => {
  vi.restoreAllMocks();
  fs.rmSync(dir, { recursive: true, force: true });
});

function open(policy: FsyncPolicy): LogWriter {
  return new LogWriter(file, fs.openSync(file, 'r+'), 4, policy);
}

describe('parseFsyncPolicy', () => {
  it.each([
    ['never', { kind: 'never' }],
    ['always', { kind: 'always' }],
    ['group:25', { kind: 'group', windowMs: 25 }],
  ])('%s', (text, want) => expect(parseFsyncPolicy(text)).toEqual(want));
  it.each(['', 'sometimes', 'group:', 'group:-1', 'group:x'])('refuses %j', (text) => {
    expect(parseFsyncPolicy(text)).toBeInstanceOf(Error);
  });
});

describe('LogWriter', () => {
  it('appends at the end and tracks the offset', async () => {
    const w = open({ kind: 'never' });
    expect(w.append(Buffer.from('abc'), false)).toBeNull();
    expect(w.append(Buffer.from('de'), false)).toBeNull();
    expect(w.offset).toBe(9);
    await w.close();
    expect(fs.readFileSync(file, 'latin1')).toBe('HEADabcde');
  });

  it('never: fsyncs only durable commits', async () => {
    const spy = vi.spyOn(fs, 'fdatasync');
    const w = open({ kind: 'never' });
    for (let i = 0; i < 5; i++) expect(w.append(Buffer.from('x'), false)).toBeNull();
    expect(spy).not.toHaveBeenCalled();
    const p = w.append(Buffer.from('y'), true);
    expect(p).toBeInstanceOf(Promise);
    await p;
    expect(spy).toHaveBeenCalledTimes(1);
    await w.close();
  });

  it('always: every commit waits for an fsync, concurrent ones share', async () => {
    const spy = vi.spyOn(fs, 'fdatasync');
    const w = open({ kind: 'always' });
    const ps = Array.from({ length: 10 }, () => w.append(Buffer.from('x'), false));
    expect(ps.every((p) => p instanceof Promise)).toBe(true);
    await Promise.all(ps);
    expect(spy.mock.calls.length).toBeGreaterThanOrEqual(1);
    expect(spy.mock.calls.length).toBeLessThanOrEqual(2);
    await w.close();
  });

  it('group: commits within the window share one fsync', async () => {
    const spy = vi.spyOn(fs, 'fdatasync');
    const w = open({ kind: 'group', windowMs: 30 });
    const ps = Array.from({ length: 10 }, () => w.append(Buffer.from('x'), false));
    await Promise.all(ps);
    expect(spy).toHaveBeenCalledTimes(1);
    await w.close();
  });

  it('a failed write returns an I/O error and leaves the file as it was', async () => {
    const real = fs.writeSync;
    let calls = 0;
    vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, buf: Uint8Array, off: number, len: number, pos: number) => {
      calls++;
      if (calls === 1) return real(fd, buf, off, Math.floor(len / 2), pos);
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    }) as typeof fs.writeSync);
    const w = open({ kind: 'never' });
    const r = w.append(Buffer.from('0123456789'), false);
    expect(r).toBeInstanceOf(OvsdbError);
    expect((r as OvsdbError).message).toMatch(/I\/O error: .*write failed \(ENOSPC/);
    expect(w.offset).toBe(4);
    expect(fs.readFileSync(file, 'latin1')).toBe('HEAD');
    vi.restoreAllMocks();
    expect(w.append(Buffer.from('ok'), false)).toBeNull();
    await w.close();
    expect(fs.readFileSync(file, 'latin1')).toBe('HEADok');
  });

  it('switchTo satisfies waiters once the rename is durable, and writes to the new file', async () => {
    const w = open({ kind: 'group', windowMs: 10_000 });
    const p = w.append(Buffer.from('x'), false);
    let resolved = false;
    void (p as Promise<void>).then(() => (resolved = true));
    const other = join(dir, 'other');
    fs.writeFileSync(other, 'NEWx');
    let renamed!: () => void;
    w.switchTo(fs.openSync(other, 'r+'), 4, new Promise<void>((r) => (renamed = r)));
    await new Promise((r) => setTimeout(r, 20));
    expect(resolved).toBe(false);
    renamed();
    await p;
    expect(w.append(Buffer.from('y'), false)).toBeInstanceOf(Promise);
    await w.close();
    expect(fs.readFileSync(other, 'latin1')).toBe('NEWxy');
  });
});
