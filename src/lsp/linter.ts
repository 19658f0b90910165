import { extname } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { CompiledRule, Settings } from '../engine/rule.js';
import { lintCollection, lintText } from '../lint.js';
import { Planner, type CliChoices, type FilePlan } from '../cli/file-plan.js';
import { defaultMode } from '../cli/lint-command.js';
import { isMessageFile, readSiblingMessage, siblingPath } from '../context/sibling.js';
import { readCollection } from '../sources/collection.js';
import { lineStart, type DisableStyle } from './convert.js';

/**
 * What the language server lints, and how: the same plan as the lint command (the nearest
 * configuration file, its rules and settings), applied to the editor's text instead of the file
 * on disk. Knows nothing of LSP.
 */
export type DocKind = 'text' | 'markdown' | 'collection';

const BY_EXTENSION: Record<string, DocKind> = {
  '.txt': 'text',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.mdx': 'markdown',
  '.yml': 'collection',
  '.yaml': 'collection',
  '.json': 'collection',
};
const BY_LANGUAGE: Record<string, DocKind> = { plaintext: 'text', markdown: 'markdown', yaml: 'collection', json: 'collection' };

/** A file's kind by its extension; an unsaved buffer's by the editor's language id. */
export function kindOf(path: string | undefined, languageId: string): DocKind | undefined {
  if (path !== undefined && extname(path) !== '') return BY_EXTENSION[extname(path).toLowerCase()];
  return BY_LANGUAGE[languageId];
}

export type LintOutcome = { diagnostics: Diagnostic[]; rules: readonly CompiledRule[] } | { skipped: string } | { error: string };

export class EditorLinter {
  private planner: Planner;

  constructor(
    private readonly choices: CliChoices,
    /** The editor's text of an open file, which wins over the copy on disk (a sibling message being written). */
    private readonly openText: (path: string) => string | undefined,
  ) {
    this.planner = new Planner(choices);
  }

  /** A configuration file changed: read everything again at the next lint. */
  reset(): void {
    this.planner = new Planner(this.choices);
  }

  /** The file holding the message a reply answers, when the configuration names one. */
  messagePathFor(path: string | undefined): string | undefined {
    if (path === undefined) return undefined;
    const plan = this.plan(path);
    return 'error' in plan || plan.config.inReplyToFile === undefined ? undefined : siblingPath(path, plan.config.inReplyToFile);
  }

  /** `path`: the file (or, for an unsaved buffer, a path in the workspace: where its configuration is looked for). */
  async lint(path: string, text: string, kind: DocKind): Promise<LintOutcome> {
    const plan = this.plan(path);
    if ('error' in plan) return plan;
    if (plan.config.ignored) return { skipped: 'ignored by the configuration' };
    const pattern = plan.config.inReplyToFile;
    if (pattern !== undefined && isMessageFile(path, pattern)) return { skipped: 'a message answered by a reply (inReplyToFile)' };
    const settings: Settings = { ...plan.settings, mode: plan.settings.mode ?? defaultMode(path, kind === 'collection') };
    const request = { name: path, text, lang: plan.lang, inReplyTo: this.siblingText(path, pattern), settings };
    if (kind !== 'collection') {
      return { diagnostics: await lintText({ ...request, format: kind }, plan.ruleSet, plan.rules), rules: plan.rules };
    }
    const linted = await lintCollection(request, plan.ruleSet, plan.rules);
    return linted.ok ? { diagnostics: linted.diagnostics, rules: plan.rules } : { error: linted.message };
  }

  private plan(path: string): FilePlan | { error: string } {
    try {
      return this.planner.forFile(path);
    } catch (error) {
      // An invalid configuration or rule file: shown in the editor, and the server carries on.
      return { error: (error as Error).message };
    }
  }

  private siblingText(path: string, pattern: string | undefined): string | undefined {
    if (pattern === undefined) return undefined;
    const sibling = siblingPath(path, pattern);
    const open = sibling === undefined ? undefined : this.openText(sibling);
    if (open !== undefined) return open;
    const read = readSiblingMessage(path, pattern);
    return read && 'text' in read ? read.text : undefined;
  }
}

/**
 * Where a comment that turns a rule off goes: above the finding's line in a reply (an HTML
 * comment, in plain text as in Markdown), above the template in a YAML collection (a `#`
 * comment covers the template that follows); JSON has no comments.
 */
export function disablePlace(text: string, kind: DocKind, path: string | undefined, offset: number): { offset: number; style: DisableStyle } {
  if (kind !== 'collection') return { offset: lineStart(text, offset), style: 'html' };
  if (path !== undefined && extname(path).toLowerCase() === '.json') return { offset, style: 'none' };
  const collection = readCollection(text);
  const entry = collection.ok ? collection.entries.find((e) => e.range.start <= offset && offset < e.range.end) : undefined;
  if (!entry) return { offset, style: 'none' };
  return { offset: lineStart(text, entry.range.start), style: 'yaml' };
}
