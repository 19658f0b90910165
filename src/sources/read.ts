import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import type { InputNotice } from '../diagnostics.js';
import type { Format } from '../document/document.js';

/** What a file looked like when read (--fix replaces it only if it still looks so). */
export interface FileStamp {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

export interface TextInput {
  name: string;
  text: string;
  format: Format;
  /** How the file was stored, so that --fix writes it back the same way. */
  encoding?: Encoding;
  /** The file as it was read (absent for stdin). */
  stamp?: FileStamp;
}

export type Encoding = 'utf8' | 'utf8-bom' | 'utf16le' | 'utf16be';

/** The file-system calls readTextFile makes; injectable so that error paths can be tested. */
export interface ReadIo {
  openSync(path: string, flags: 'r'): number;
  fstatSync(fd: number): { size: number; isDirectory(): boolean; dev?: number; ino?: number; mtimeMs?: number };
  readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: null): number;
  closeSync(fd: number): void;
}

const NODE_IO: ReadIo = { openSync, fstatSync, readSync, closeSync };

export type ReadResult = { ok: true; input: TextInput } | { ok: false; notice: InputNotice };

/** Files a folder is searched for; anything else in a folder is left alone. */
const TEXT_EXTENSIONS = new Map<string, Format>([
  ['.txt', 'text'],
  ['.text', 'text'],
  ['.md', 'markdown'],
  ['.markdown', 'markdown'],
  ['.mdx', 'markdown'],
]);

/** Template collections (YAML, JSON): read as text here, split into templates by collection.ts. */
export const COLLECTION_EXTENSIONS: ReadonlySet<string> = new Set(['.yml', '.yaml', '.json']);

export function isCollectionPath(path: string): boolean {
  return COLLECTION_EXTENSIONS.has(extname(path).toLowerCase());
}

export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;

export function formatOf(path: string): Format {
  return TEXT_EXTENSIONS.get(extname(path).toLowerCase()) ?? 'text';
}

/**
 * Turns bytes into text, or says why not. UTF-8 (with or without BOM) and UTF-16 with a BOM
 * are read; a NUL byte means binary; invalid UTF-8 is reported rather than guessed at, since a
 * wrongly decoded reply would be linted as gibberish.
 */
export function decode(bytes: Uint8Array): { text: string; encoding: Encoding } | { reason: string } {
  // UTF-32's BOMs start like UTF-16's: without this check UTF-32LE would decode as UTF-16 gibberish.
  if (startsWith(bytes, [0xff, 0xfe, 0, 0]) || startsWith(bytes, [0, 0, 0xfe, 0xff])) {
    return { reason: 'UTF-32 is not supported (save it as UTF-8, or UTF-16 with a BOM), skipped' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return decodeUtf16(bytes, 'utf16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return decodeUtf16(bytes, 'utf16be');
  // The whole file, not a prefix: a NUL anywhere means binary (a reply never holds one).
  if (bytes.includes(0)) return { reason: 'binary file (contains NUL bytes), skipped' };
  // Validated as a strict (fatal) TextDecoder would, then decoded by Buffer, the leading BOM left
  // out as TextDecoder leaves it out: the same text, without making a TextDecoder (its first one
  // costs a pre-send check 1-2 M instructions, compiling Node's encoding module).
  if (!isUtf8(bytes)) return { reason: 'not valid UTF-8 (save it as UTF-8, or UTF-16 with a BOM), skipped' };
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8', bom ? 3 : 0);
  return { text, encoding: bom ? 'utf8-bom' : 'utf8' };
}

function startsWith(bytes: Uint8Array, prefix: number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

/** UTF-16 is decoded strictly too: a lone surrogate means the file is not what its BOM says. */
function decodeUtf16(
  bytes: Uint8Array,
  encoding: 'utf16le' | 'utf16be',
): { text: string; encoding: Encoding } | { reason: string } {
  if (bytes.length % 2 !== 0)
    return { reason: `not valid ${encoding === 'utf16le' ? 'UTF-16LE' : 'UTF-16BE'} (odd number of bytes), skipped` };
  try {
    const text = new TextDecoder(encoding === 'utf16le' ? 'utf-16le' : 'utf-16be', {
      fatal: true,
      ignoreBOM: true,
    }).decode(bytes.subarray(2));
    if (text.includes('\0')) return { reason: 'binary file (contains NUL characters), skipped' };
    return { text, encoding };
  } catch {
    return { reason: `not valid ${encoding === 'utf16le' ? 'UTF-16LE' : 'UTF-16BE'}, skipped` };
  }
}

function overLimit(size: string, maxBytes: number): string {
  return `file is ${size}, over the ${formatBytes(maxBytes)} limit (--max-size), skipped`;
}

/**
 * Reads at most maxBytes + 1 bytes: a file over the limit is skipped without being loaded, and
 * one that grows while it is read (or a device such as /dev/zero) cannot exhaust memory.
 */
export function readTextFile(path: string, maxBytes = DEFAULT_MAX_BYTES, io: ReadIo = NODE_IO): ReadResult {
  const fail = (kind: InputNotice['kind'], message: string): ReadResult => ({
    ok: false,
    notice: { file: path, kind, message },
  });
  let fd: number | undefined;
  try {
    fd = io.openSync(path, 'r');
    const stat = io.fstatSync(fd);
    if (stat.isDirectory()) return fail('error', 'is a directory');
    if (stat.size > maxBytes) return fail('skipped', overLimit(formatBytes(stat.size), maxBytes));
    const bytes = readAtMost(io, fd, maxBytes + 1);
    if (bytes.length > maxBytes) return fail('skipped', overLimit(`more than ${formatBytes(maxBytes)}`, maxBytes));
    const decoded = decode(bytes);
    if ('reason' in decoded) return fail('skipped', decoded.reason);
    const stamp =
      stat.dev === undefined ? undefined : { dev: stat.dev, ino: stat.ino!, size: stat.size, mtimeMs: stat.mtimeMs! };
    return {
      ok: true,
      input: { name: path, text: decoded.text, format: formatOf(path), encoding: decoded.encoding, stamp },
    };
  } catch (error) {
    return fail('error', describeFsError(error));
  } finally {
    if (fd !== undefined) io.closeSync(fd);
  }
}

/**
 * One read buffer for the whole run, grown to the largest file read so far: a folder of many
 * small replies allocates (and zeroes) no buffer per file, and copies no chunks. Made at the
 * first read, not when the module loads: the browser build loads this module and has no Buffer.
 */
let readBuffer: Buffer | undefined;

/** The bytes read, as a view of the shared buffer: valid until the next read (decode them first). */
function readAtMost(io: ReadIo, fd: number, limit: number): Uint8Array {
  readBuffer ??= Buffer.allocUnsafe(64 * 1024);
  let total = 0;
  while (total < limit) {
    if (total === readBuffer.length) {
      const grown = Buffer.allocUnsafe(Math.min(limit, readBuffer.length * 2));
      readBuffer.copy(grown, 0, 0, total);
      readBuffer = grown;
    }
    const read = io.readSync(fd, readBuffer, total, Math.min(readBuffer.length, limit) - total, null);
    if (read === 0) break;
    total += read;
  }
  return readBuffer.subarray(0, total);
}

/** At most `limit` bytes from the start of a file (to compare it with what was read, without trusting its size). */
export function readFilePrefix(path: string, limit: number): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    return readAtMost(NODE_IO, fd, limit);
  } finally {
    closeSync(fd);
  }
}

/** A file that replylint reads for itself (a configuration, a rule file) and that cannot be used. */
export class UnreadableFile extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    readonly code?: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'UnreadableFile';
  }
}

/** Configuration and rule files are small: a larger one is a mistake (or /dev/zero), not a rule set. */
export const MAX_SETTINGS_FILE_BYTES = 1024 * 1024;

/**
 * Reads a configuration or rule file: a regular file (a named pipe would hang the run, a device
 * would never end) of at most maxBytes, as UTF-8. Opened non-blocking, so that a named pipe is
 * refused instead of waiting for a writer. Throws UnreadableFile with a one-line reason.
 */
export function readSettingsFile(path: string, maxBytes = MAX_SETTINGS_FILE_BYTES): Buffer {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new UnreadableFile(path, 'is a directory', 'EISDIR');
    if (!stat.isFile()) throw new UnreadableFile(path, 'is not a regular file (a named pipe or a device), not read');
    const bytes = readAtMost(NODE_IO, fd, maxBytes + 1);
    if (bytes.length > maxBytes) throw new UnreadableFile(path, `is larger than ${formatBytes(maxBytes)}, not read`);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  } catch (error) {
    if (error instanceof UnreadableFile) throw error;
    throw new UnreadableFile(path, describeFsError(error), (error as NodeJS.ErrnoException).code);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'a part of the path is not a folder';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EDQUOT':
      return 'disk quota exceeded';
    case 'EROFS':
      return 'read-only file system';
    case 'EIO':
      return 'input/output error';
    case 'EFBIG':
      return 'file too large for the file system';
    case 'ENAMETOOLONG':
      return 'file name too long';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many open files';
    default:
      return (error as Error).message;
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** Code-unit order: independent of the locale (localeCompare differs between a laptop and CI). */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Walks a folder tree: files in code-unit order of names, not the locale's (localeCompare made
 * reports differ between a laptop and CI), hidden entries and node_modules left out, links not
 * followed. A stack, not recursion: a tree thousands deep must not overflow the call stack.
 * `cwd`: what relative paths are resolved against (the paths reported stay as given).
 */
export function walkFolder(
  root: string,
  visit: {
    onFile: (path: string) => void;
    onError: (dir: string, error: unknown) => void;
    keepFile?: (name: string) => boolean;
    keepFolder?: (path: string) => boolean;
    cwd?: string;
  },
): void {
  const at = (path: string) => (visit.cwd === undefined ? path : resolve(visit.cwd, path));
  const stack: { path: string; folder: boolean }[] = [{ path: root, folder: true }];
  while (stack.length > 0) {
    const { path: dir, folder } = stack.pop()!;
    if (!folder) {
      visit.onFile(dir);
      continue;
    }
    let entries;
    try {
      entries = readdirSync(at(dir), { withFileTypes: true }).sort((a, b) => compareNames(a.name, b.name));
    } catch (error) {
      visit.onError(dir, error);
      continue;
    }
    const next: { path: string; folder: boolean }[] = [];
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (visit.keepFolder?.(full) !== false) next.push({ path: full, folder: true });
      } else if (entry.isFile() && visit.keepFile?.(entry.name) !== false) next.push({ path: full, folder: false });
    }
    for (let i = next.length - 1; i >= 0; i--) stack.push(next[i]!); // a loop: a spread of 200,000 entries overflows
  }
}

/**
 * Expands the paths given on the command line: files as they are, folders into the text files
 * they hold (recursively, sorted, hidden entries and node_modules left out). Paths that cannot
 * be read become notices and the rest goes on.
 */
export function expandPaths(
  paths: string[],
  extensions: ReadonlySet<string> = new Set([...TEXT_EXTENSIONS.keys(), ...COLLECTION_EXTENSIONS]),
): {
  files: string[];
  notices: InputNotice[];
} {
  const files: string[] = [];
  const notices: InputNotice[] = [];
  const walk = (root: string): void =>
    walkFolder(root, {
      onFile: (path) => files.push(path),
      onError: (dir, error) => notices.push({ file: dir, kind: 'error', message: describeFsError(error) }),
      keepFile: (name) => extensions.has(extname(name).toLowerCase()),
    });
  for (const path of paths) {
    try {
      if (statSync(path).isDirectory()) walk(path);
      else files.push(path);
    } catch (error) {
      notices.push({ file: path, kind: 'error', message: describeFsError(error) });
    }
  }
  return { files, notices };
}

/** Reads stdin up to maxBytes; past that the reply is skipped with a notice, like a large file. */
export async function readStdin(
  maxBytes = Infinity,
): Promise<{ text: string; encoding?: Encoding } | { reason: string }> {
  const chunks: Buffer[] = [];
  let total = 0;
  const tooLarge = () => ({ reason: overLimit(`more than ${formatBytes(maxBytes)}`, maxBytes) });
  const read = readPipedStdin(maxBytes);
  if (read.done) return read.total > maxBytes ? tooLarge() : decode(Buffer.concat(read.chunks));
  // Not a pipe or a file, or a pipe set to non-blocking by whoever started us: the stream.
  chunks.push(...read.chunks);
  total = read.total;
  for await (const chunk of process.stdin) {
    total += (chunk as Buffer).length;
    if (total > maxBytes) {
      process.stdin.destroy();
      return tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return decode(Buffer.concat(chunks));
}

/** A descriptor read or written directly, without Node's stdio streams: a pipe, a socket or a file. */
export function isPipeOrFile(stat: { isFIFO(): boolean; isSocket(): boolean; isFile(): boolean }): boolean {
  return stat.isFIFO() || stat.isSocket() || stat.isFile();
}

/** The calls readPipedStdin makes; injectable to test the non-blocking case. */
export interface StdinIo {
  fstatSync(fd: number): { isFIFO(): boolean; isSocket(): boolean; isFile(): boolean };
  readSync(fd: number, buffer: Uint8Array, offset: number, length: number, position: null): number;
}

/**
 * Stdin read directly when it is a pipe, a socket (a Node parent's 'pipe') or a file, the
 * pre-send case: creating process.stdin loads Node's stream and socket modules (about 5 ms of a
 * 100 ms run). Stops at EOF, past maxBytes, or at EAGAIN (a non-blocking pipe), which leaves the
 * rest to the stream.
 */
export function readPipedStdin(
  maxBytes: number,
  io: StdinIo = { fstatSync, readSync },
): { chunks: Buffer[]; total: number; done: boolean } {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    const stat = io.fstatSync(0);
    if (!isPipeOrFile(stat)) return { chunks, total, done: false };
    for (;;) {
      const buffer = Buffer.allocUnsafe(64 * 1024);
      const n = io.readSync(0, buffer, 0, buffer.length, null);
      if (n === 0) return { chunks, total, done: true };
      chunks.push(buffer.subarray(0, n));
      total += n;
      if (total > maxBytes) return { chunks, total, done: true };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EOF') return { chunks, total, done: true };
    if ((error as NodeJS.ErrnoException).code === 'EAGAIN') return { chunks, total, done: false };
    throw error;
  }
}
