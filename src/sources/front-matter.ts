import { readMetadata, type CollectionFields } from './collection.js';
import type { TextInput } from './read.js';

/**
 * A reply as read, with what its file says about the message it answers: a Markdown template's
 * front matter (`when: complaint`, `in_reply_to: ...`), read here with the input rather than by
 * the core after the document is built.
 */
export interface ReplyInput extends TextInput {
  /** Signals the answered message is declared to have (front matter `when:`). */
  when: string[];
  /** The text of the message answered (front matter `in_reply_to:`), if the file says. */
  inReplyTo?: string;
  /** Front matter `received_at:` / `sent_at:` as written (ISO 8601, read by the core). */
  receivedAt?: string;
  sentAt?: string;
}

/**
 * YAML front matter as micromark-extension-frontmatter reads it: a `---` line that opens the
 * file and the next `---` line (trailing blanks allowed on both). test/front-matter.test.ts
 * checks that this agrees with the Markdown parser the document masks it with.
 */
const FRONT_MATTER = /^---[ \t]*\r?\n(?:([\s\S]*?)\r?\n)?---[ \t]*(?:\r?\n|$)/;

/** The YAML text of a Markdown file's front matter, or undefined when it has none. */
export function frontMatterOf(markdown: string): string | undefined {
  const match = FRONT_MATTER.exec(markdown);
  return match ? (match[1] ?? '') : undefined;
}

/** The input with its front matter's metadata (a Markdown file only; plain text has none). */
export function withFrontMatter(input: TextInput, fields: Partial<CollectionFields> = {}): ReplyInput {
  const yaml = input.format === 'markdown' ? frontMatterOf(input.text) : undefined;
  return yaml === undefined ? { ...input, when: [] } : { ...input, ...readMetadata(yaml, fields) };
}
