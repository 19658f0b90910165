import { createRequire } from 'node:module';
import {
  appendFileSync,
  closeSync,
  fchmodSync,
  fchownSync,
  fstatSync,
  fsyncSync,
  lstatSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { describeFsError, readFilePrefix, type FileStamp } from '../sources/read.js';

export type { FileStamp };

export function stampOf(stat: Pick<Stats, 'dev' | 'ino' | 'size' | 'mtimeMs'>): FileStamp {
  return { dev: stat.dev, ino: stat.ino, size: stat.size, mtimeMs: stat.mtimeMs };
}

/** A write that was not done, and why; `kind: 'changed'` is a skip (the file changed), the rest errors. */
export class WriteRefused extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    readonly kind: 'error' | 'changed' = 'error',
  ) {
    super(`${path}: ${reason}`);
    this.name = 'WriteRefused';
  }
}

export interface AtomicWriteOptions {
  /** The file must still be as it was read (--fix); without it the target may be new (--output). */
  unchangedSince?: { stamp: FileStamp; bytes: Uint8Array };
  /** Files this run read (its inputs): never overwritten by a report. */
  inputs?: readonly FileStamp[];
  /** The temporary file's random part (tests make it known, as an attacker who guessed it). */
  randomName?: () => string;
}

/**
 * Replaces (or creates) a file atomically: the bytes go to a new temporary file in the same
 * folder (same file system, so the rename is atomic), opened exclusively (O_EXCL) under an
 * unpredictable name, so that a link planted in advance cannot redirect the write; they are
 * flushed, the temporary file gets the mode and owner of the file it replaces (the owner only
 * when the system permits), and it is renamed over the target. A crash leaves the old file or
 * the new one, never half of each.
 *
 * Refused, with a WriteRefused naming the reason: a target that is not a regular file (a folder,
 * a FIFO, a device: renaming over it would replace it instead of writing to it), a file with
 * more than one hard link (renaming would split the links), one of the run's inputs, a symbolic
 * link to nothing. A symbolic link is written through: its target is replaced, the link stays.
 * A SIGINT, SIGTERM or SIGHUP during the write is held until the file is whole, then ends the process.
 */
export function writeFileAtomic(path: string, bytes: Uint8Array, options: AtomicWriteOptions = {}): void {
  faultInjection('edit-before-write', path);
  const target = resolveTarget(path);
  const existing = target.stat;
  if (existing && options.inputs?.some((input) => input.dev === existing.dev && input.ino === existing.ino)) {
    throw new WriteRefused(path, 'is one of the inputs of this run: not overwritten (write the report elsewhere)');
  }
  if (options.unchangedSince) assertUnchanged(path, target.path, options.unchangedSince);
  const temp = join(
    dirname(target.path),
    `.${basename(target.path)}.replylint-${(options.randomName ?? randomName)()}.tmp`,
  );
  holdSignals(() => {
    try {
      const fd = openSync(temp, 'wx', existing ? existing.mode & 0o777 : 0o666);
      pending.add(temp);
      try {
        if (existing) keepModeAndOwner(fd, existing);
        for (let offset = 0; offset < bytes.length;) offset += writeSync(fd, bytes, offset);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      faultInjection('signal-before-rename', path);
      if (options.unchangedSince) assertUnchanged(path, target.path, options.unchangedSince);
      renameSync(temp, target.path);
      pending.delete(temp);
    } catch (error) {
      rmSync(temp, { force: true });
      pending.delete(temp);
      if (error instanceof WriteRefused) throw error;
      throw new WriteRefused(path, `could not write: ${describeFsError(error)}`);
    }
  });
}

/** Loaded at the first write: a pre-send run that writes nothing does not load crypto. */
function randomName(): string {
  const { randomBytes } = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return randomBytes(8).toString('hex');
}

/** The file a write lands in (a symbolic link followed) and its current state (undefined: new). */
function resolveTarget(path: string): { path: string; stat?: Stats } {
  let link: Stats;
  try {
    link = lstatSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { path: resolve(path) };
    throw new WriteRefused(path, `could not write: ${describeFsError(error)}`);
  }
  let real = resolve(path);
  let stat = link;
  if (link.isSymbolicLink()) {
    try {
      real = realpathSync(path);
      stat = statSync(real);
    } catch (error) {
      const reason =
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? 'is a symbolic link to a missing file'
          : describeFsError(error);
      throw new WriteRefused(path, `${reason}: not written`);
    }
  }
  if (!stat.isFile()) throw new WriteRefused(path, `is not a regular file (${fileKind(stat)}): not written`);
  if (stat.nlink > 1)
    throw new WriteRefused(path, `has ${stat.nlink} hard links, which replacing it would split: not written`);
  return { path: real, stat };
}

function fileKind(stat: Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  if (stat.isSocket()) return 'a socket';
  return 'not a file';
}

/** The umask narrows the mode given to open(); fchmod sets it exactly. The owner is kept when allowed. */
function keepModeAndOwner(fd: number, original: Stats): void {
  fchmodSync(fd, original.mode & 0o7777);
  const mine = fstatSync(fd);
  if (mine.uid === original.uid && mine.gid === original.gid) return;
  try {
    fchownSync(fd, original.uid, original.gid);
    fchmodSync(fd, original.mode & 0o7777); // chown clears set-user-ID and set-group-ID bits
  } catch {
    // Not permitted (another user's file, not root): the new file is ours, as with any editor.
  }
}

function assertUnchanged(path: string, real: string, read: { stamp: FileStamp; bytes: Uint8Array }): void {
  let now: Stats;
  try {
    now = statSync(real);
  } catch (error) {
    throw new WriteRefused(
      path,
      `${describeFsError(error)} (it was removed or moved while linted): not written`,
      'changed',
    );
  }
  const same = (s: Pick<Stats, 'dev' | 'ino' | 'size' | 'mtimeMs'>) =>
    s.dev === read.stamp.dev &&
    s.ino === read.stamp.ino &&
    s.size === read.stamp.size &&
    s.mtimeMs === read.stamp.mtimeMs;
  // The bytes too: a same-size edit within the file system's time resolution keeps size and mtime.
  if (!same(now) || Buffer.compare(readFilePrefix(real, read.bytes.length + 1), read.bytes) !== 0) {
    throw new WriteRefused(path, 'changed while it was being linted: not fixed (run again)', 'changed');
  }
}

/** Temporary files being written: removed if the process ends before they are renamed. */
const pending = new Set<string>();
const HELD = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Runs a write with SIGINT, SIGTERM and SIGHUP held: Node runs a signal's listeners only between
 * two pieces of JavaScript, so a signal that arrives during the (synchronous) write is delivered
 * once it is done, and the process then ends as the signal asks. Without listeners the default
 * action would kill it mid-write and leave the temporary file behind.
 */
function holdSignals(write: () => void): void {
  let received: NodeJS.Signals | undefined;
  const hold = (signal: NodeJS.Signals) => (received ??= signal);
  for (const signal of HELD) process.on(signal, hold);
  try {
    write();
  } finally {
    setImmediate(() => {
      for (const signal of HELD) process.off(signal, hold);
      if (received) {
        for (const temp of pending) rmSync(temp, { force: true });
        process.kill(process.pid, received);
      }
    });
  }
}

/**
 * Test-only fault injection, for what a test cannot time from outside: REPLYLINT_FAULT=
 * sigint-before-rename, sigterm-before-rename or sighup-before-rename (the process sends itself
 * that signal while the temporary file exists) or edit-before-write (another program appends to
 * the file after it was linted, before it is fixed).
 */
function faultInjection(point: 'signal-before-rename' | 'edit-before-write', path: string): void {
  const fault = process.env.REPLYLINT_FAULT;
  if (fault === undefined) return;
  const signal = /^(sigint|sigterm|sighup)-before-rename$/.exec(fault)?.[1];
  if (point === 'signal-before-rename' && signal) process.kill(process.pid, signal.toUpperCase() as NodeJS.Signals);
  else if (point === 'edit-before-write' && fault === point) appendFileSync(path, 'An edit made meanwhile.\n');
}
