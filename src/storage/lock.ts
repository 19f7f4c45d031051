/**
 * Exclusive use of a database file, compatible with ovsdb-server's lock file.
 *
 * ovsdb-server (lib/lockfile.c) locks `.<name>.~lock~` beside the database `<name>` (after
 * following symlinks) with a POSIX record lock: `fcntl(F_SETLK)`, write lock over the whole file.
 * It refuses to open a file whose lock is held ("failed to lock lockfile (Resource temporarily
 * unavailable)"); so does `ovsdb-tool` for every command that writes.
 *
 * Node has no fcntl, so ovsdb-ts takes the very same lock through a tiny helper process: `perl`
 * (present wherever Debian's `perl-base` is, i.e. on every Debian/Ubuntu host) opens the lock
 * file, takes the F_SETLK write lock and holds it until its standard input closes, which happens
 * when ovsdb-ts releases the lock or dies for any reason (even SIGKILL). Both directions work:
 * ovsdb-server sees the helper's lock and refuses the file; ovsdb-ts sees ovsdb-server's lock
 * (F_GETLK names the holder's pid) and refuses with a clear error.
 *
 * Without perl (or off Linux/64-bit), ovsdb-ts still refuses a file that another process has
 * locked (it reads /proc/locks) but cannot make ovsdb-server see its own use of the file: a
 * warning says so once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Socket } from 'node:net';
import { ErrorTag, OvsdbError } from '../ovsdb/error.js';
import { logger } from '../log.js';

const log = logger('lockfile');

/** argv marker of our helper, so that an orphaned helper (its ovsdb-ts just died) is recognised. */
export const LOCK_HELPER_MARKER = 'ovsdb-ts-lock';
/** How long to wait for the helper's first answer. */
const HELPER_ANSWER_MS = 5000;
/** How long a lock held by an orphaned helper of ours may take to go away (it exits on EOF). */
const DEFAULT_ORPHAN_WAIT_MS = 3000;
const RETRY_MS = 20;
/** struct flock is laid out as `short, short, off_t, off_t, pid_t` with 8-byte off_t here. */
const LP64_ARCHES = new Set(['x64', 'arm64', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el']);

const PERL_HELPER = String.raw`
use strict; use Fcntl qw(F_SETLK F_GETLK F_WRLCK SEEK_SET O_RDWR O_CREAT);
$0 = '${LOCK_HELPER_MARKER}'; $| = 1;
my $p = $ARGV[1];
sysopen(my $fh, $p, O_RDWR | O_CREAT, 0600) or do { print "error cannot open: $!\n"; exit 1 };
my $fmt = 's s x4 q q i x4';
if (fcntl($fh, F_SETLK, pack($fmt, F_WRLCK, SEEK_SET, 0, 0, 0))) {
  print "locked\n";
  my $b; while (sysread(STDIN, $b, 64)) {}
  exit 0;
}
my $err = "$!"; my $q = pack($fmt, F_WRLCK, SEEK_SET, 0, 0, 0);
if (fcntl($fh, F_GETLK, $q)) { my @f = unpack($fmt, $q); print "busy $f[4]\n"; }
else { print "error $err\n"; }
exit 0;
`;

/** ovsdb-server's lock file name for `dbPath`: `.<basename>.~lock~` in the same directory. */
export function lockFileName(dbPath: string): string {
  let target = dbPath;
  try {
    target = fs.realpathSync(dbPath);
  } catch {
    /* not there yet: lock beside the name given */
  }
  return path.join(path.dirname(target), `.${path.basename(target)}.~lock~`);
}

export interface FileLock {
  readonly dbPath: string;
  readonly lockPath: string;
  /** Whether ovsdb-server can see this lock (a real fcntl lock is held). */
  readonly visibleToOvsdbServer: boolean;
  /** Releases the lock; resolves when it is gone. Calling it again is harmless. */
  release(): Promise<void>;
}

/** Locks held by this process, by lock file path (fcntl locks are per process, so track them). */
const heldHere = new Set<string>();
let warnedNoHelper = false;

export interface LockOptions {
  /** Wait this long for a lock held by an orphaned helper of a dead ovsdb-ts. */
  orphanWaitMs?: number;
}

/**
 * Takes the lock for `dbPath`, or returns an I/O error naming the holder. The lock file is
 * created (mode 0600) if needed and never removed, as ovsdb-server does.
 */
export async function lockDatabaseFile(dbPath: string, opts: LockOptions = {}): Promise<FileLock | OvsdbError> {
  const lockPath = lockFileName(dbPath);
  if (heldHere.has(lockPath)) return lockError(dbPath, `${lockPath} is already locked by this process`);
  try {
    fs.closeSync(fs.openSync(lockPath, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o600));
  } catch (e) {
    return lockError(dbPath, `cannot create ${lockPath}: ${(e as Error).message}`);
  }
  heldHere.add(lockPath);
  const deadline = Date.now() + (opts.orphanWaitMs ?? DEFAULT_ORPHAN_WAIT_MS);
  for (;;) {
    const r = await tryLock(dbPath, lockPath);
    if (r instanceof OvsdbError) {
      heldHere.delete(lockPath);
      return r;
    }
    if (typeof r !== 'number') return r;
    if (!isOurOrphanHelper(r) || Date.now() >= deadline) {
      heldHere.delete(lockPath);
      return lockError(dbPath, `${lockPath} is locked by pid ${r}${describePid(r)}`);
    }
    await sleep(RETRY_MS);
  }
}

/** A held lock, an error, or the pid of the process holding the lock. */
async function tryLock(dbPath: string, lockPath: string): Promise<FileLock | OvsdbError | number> {
  if (process.platform === 'linux' && LP64_ARCHES.has(process.arch)) {
    const helper = await startHelper(lockPath);
    if (helper.kind === 'locked') return heldLock(dbPath, lockPath, helper.child);
    if (helper.kind === 'busy') return helper.pid;
    if (helper.kind === 'error') return lockError(dbPath, helper.message);
  }
  const holders = procLocksHolders(lockPath);
  if (holders.length > 0) return holders[0] as number;
  if (!warnedNoHelper) {
    warnedNoHelper = true;
    log.warn(`cannot take an fcntl lock on ${lockPath} (needs perl on 64-bit Linux): ovsdb-server will not see that ovsdb-ts uses ${dbPath}`);
  }
  return heldLock(dbPath, lockPath, null);
}

type HelperAnswer =
  | { kind: 'locked'; child: ChildProcess }
  | { kind: 'busy'; pid: number }
  | { kind: 'error'; message: string }
  | { kind: 'unavailable' };

function startHelper(lockPath: string): Promise<HelperAnswer> {
  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      child = spawn('perl', ['-e', PERL_HELPER, LOCK_HELPER_MARKER, lockPath], {
        stdio: ['pipe', 'pipe', 'ignore'],
        detached: true,
      });
    } catch {
      resolve({ kind: 'unavailable' });
      return;
    }
    let out = '';
    let done = false;
    const finish = (a: HelperAnswer): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      if (a.kind !== 'locked') child.kill('SIGKILL');
      resolve(a);
    };
    const timer = setTimeout(() => finish({ kind: 'error', message: 'lock helper did not answer' }), HELPER_ANSWER_MS);
    child.on('error', () => finish({ kind: 'unavailable' }));
    child.on('exit', () => finish({ kind: 'error', message: `lock helper exited: ${out.trim() || 'no answer'}` }));
    child.stdout?.setEncoding('latin1');
    child.stdout?.on('data', (s: string) => {
      out += s;
      const nl = out.indexOf('\n');
      if (nl < 0) return;
      const line = out.slice(0, nl);
      if (line === 'locked') finish({ kind: 'locked', child });
      else if (line.startsWith('busy ')) finish({ kind: 'busy', pid: Number(line.slice('busy '.length)) });
      else finish({ kind: 'error', message: line.replace(/^error /, '') });
    });
  });
}

function heldLock(dbPath: string, lockPath: string, child: ChildProcess | null): FileLock {
  let released: Promise<void> | null = null;
  if (child !== null) {
    child.removeAllListeners('exit');
    child.stdout?.removeAllListeners('data');
    child.unref();
    (child.stdin as Socket | null)?.unref();
    (child.stdout as Socket | null)?.unref();
  }
  return {
    dbPath,
    lockPath,
    visibleToOvsdbServer: child !== null,
    release(): Promise<void> {
      released ??= new Promise<void>((resolve) => {
        heldHere.delete(lockPath);
        if (child === null || child.exitCode !== null || child.signalCode !== null) {
          resolve();
          return;
        }
        // Held unref'd so that a lock never keeps the process alive; waiting for it to go is.
        child.ref();
        child.once('exit', () => resolve());
        child.stdin?.end();
      });
      return released;
    },
  };
}

/** Pids holding a lock on `lockPath` according to /proc/locks (Linux), other than us. */
export function procLocksHolders(lockPath: string): number[] {
  let text: string;
  let st: fs.Stats;
  try {
    text = fs.readFileSync('/proc/locks', 'latin1');
    st = fs.statSync(lockPath);
  } catch {
    return [];
  }
  const major = Number((BigInt(st.dev) >> 8n) & 0xfffn | ((BigInt(st.dev) >> 32n) & ~0xfffn));
  const minor = Number((BigInt(st.dev) & 0xffn) | ((BigInt(st.dev) >> 12n) & ~0xffn));
  const want = `${major.toString(16).padStart(2, '0')}:${minor.toString(16).padStart(2, '0')}:${st.ino}`;
  const pids: number[] = [];
  for (const line of text.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f[1] === '->') continue;
    if (f[5] === want) {
      const pid = Number(f[4]);
      if (pid !== process.pid) pids.push(pid);
    }
  }
  return pids;
}

function isOurOrphanHelper(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1').includes(LOCK_HELPER_MARKER);
  } catch {
    return false;
  }
}

function describePid(pid: number): string {
  if (isOurOrphanHelper(pid)) return ' (the lock helper of another ovsdb-ts)';
  try {
    return ` (${fs.readFileSync(`/proc/${pid}/comm`, 'latin1').trim()})`;
  } catch {
    return '';
  }
}

function lockError(dbPath: string, why: string): OvsdbError {
  return new OvsdbError(ErrorTag.IO_ERROR, `${dbPath}: failed to lock lockfile (${why})`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
