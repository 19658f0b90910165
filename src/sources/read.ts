import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import type { InputNotice } from '../diagnostics.js';
import type { Format } from '../document/document.js';

export interface TextInput {
  name: string;
  text: string;
  format: Format;
}

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
export function decode(bytes: Uint8Array): { text: string } | { reason: string } {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)) };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)) };
  if (bytes.subarray(0, 8192).includes(0)) return { reason: 'binary file (contains NUL bytes), skipped' };
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
  } catch {
    return { reason: 'not valid UTF-8 (save it as UTF-8, or UTF-16 with a BOM), skipped' };
  }
}

export function readTextFile(path: string, maxBytes = DEFAULT_MAX_BYTES): ReadResult {
  const fail = (kind: InputNotice['kind'], message: string): ReadResult => ({ ok: false, notice: { file: path, kind, message } });
  try {
    const size = statSync(path).size;
    if (size > maxBytes) return fail('skipped', `file is ${formatBytes(size)}, over the ${formatBytes(maxBytes)} limit (--max-size), skipped`);
    const decoded = decode(readFileSync(path));
    if ('reason' in decoded) return fail('skipped', decoded.reason);
    return { ok: true, input: { name: path, text: decoded.text, format: formatOf(path) } };
  } catch (error) {
    return fail('error', describeFsError(error));
  }
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT': return 'no such file or directory';
    case 'EACCES':
    case 'EPERM': return 'permission denied';
    case 'ELOOP': return 'too many levels of symbolic links';
    case 'EISDIR': return 'is a directory';
    default: return (error as Error).message;
  }
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/**
 * Expands the paths given on the command line: files as they are, folders into the text files
 * they hold (recursively, sorted, hidden entries and node_modules left out). Paths that cannot
 * be read become notices and the rest goes on.
 */
export function expandPaths(paths: string[], extensions: ReadonlySet<string> = new Set([...TEXT_EXTENSIONS.keys(), ...COLLECTION_EXTENSIONS])): {
  files: string[];
  notices: InputNotice[];
} {
  const files: string[] = [];
  const notices: InputNotice[] = [];
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
    } catch (error) {
      notices.push({ file: dir, kind: 'error', message: describeFsError(error) });
      return;
    }
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && extensions.has(extname(entry.name).toLowerCase())) files.push(full);
    }
  };
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

export async function readStdin(): Promise<{ text: string } | { reason: string }> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return decode(Buffer.concat(chunks));
}
