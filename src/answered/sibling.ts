import { existsSync, readdirSync } from 'node:fs';
import { basename, dirname, extname, join, resolve, sep } from 'node:path';
import { readTextFile } from '../sources/read.js';

/**
 * The configuration's `inReplyToFile`: the message a reply answers, kept in a file beside it
 * (`refund.md` answers `refund.message.txt` with `inReplyToFile: "{name}.message.txt"`). The
 * pattern is relative to the reply's folder; `{name}` is the reply's file name without its
 * extension, `{file}` with it.
 */
export function siblingPath(replyPath: string, pattern: string): string | undefined {
  const file = basename(replyPath);
  const name = file.slice(0, file.length - extname(file).length);
  const path = resolve(dirname(replyPath), pattern.replaceAll('{name}', name).replaceAll('{file}', file));
  return path === resolve(replyPath) ? undefined : path;
}

export type SiblingMessage = { text: string; path: string } | { problem: string; path: string } | undefined;

/** The sibling message's text; undefined when there is none (a reply need not have one). */
export function readSiblingMessage(replyPath: string, pattern: string): SiblingMessage {
  const path = siblingPath(replyPath, pattern);
  if (path === undefined || !existsSync(path)) return undefined;
  const read = readTextFile(path);
  return read.ok ? { text: read.input.text, path } : { problem: read.notice.message, path };
}

/**
 * Whether a file is itself the message of a reply beside it (so it is not linted as a reply):
 * with `{name}.message.txt`, `refund.message.txt` is one when a `refund.*` reply is there.
 */
export function isMessageFile(path: string, pattern: string): boolean {
  const relative = pattern.replace(/^\.\//, '');
  const segments = relative.split('/').length;
  const parts = resolve(path).split(sep);
  const tail = parts.slice(-segments).join('/');
  const replyDir = parts.slice(0, -segments).join(sep) || sep;
  const placeholder = /\{(name|file)\}/.exec(relative)?.[1];
  const source = relative
    .split(/\{(?:name|file)\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('([^/]+)');
  const match = new RegExp(`^${source}$`).exec(tail);
  if (!match) return false;
  if (placeholder === undefined) return true; // one fixed file, e.g. message.txt
  const captured = match[1]!;
  const others = (() => {
    try {
      return readdirSync(replyDir).filter((f) => join(replyDir, f) !== resolve(path));
    } catch {
      return [];
    }
  })();
  return placeholder === 'file'
    ? others.includes(captured)
    : others.some((f) => f.slice(0, f.length - extname(f).length) === captured);
}
