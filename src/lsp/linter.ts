import { extname } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { CompiledRule } from '../engine/rule.js';
import { Planner, type PlanChoices, type FilePlan } from '../run/plan.js';
import { runLint } from '../run/run.js';
import { unknownDirectiveRules } from '../lint.js';
import { isCollectionPath } from '../sources/read.js';
import { siblingPath } from '../answered/sibling.js';
import { readCollection } from '../sources/collection.js';
import { lineStart, type DisableStyle } from './convert.js';

/**
 * What the language server lints, and how: the run of the lint command (the nearest
 * configuration file, its rules and settings, the message answered) on the editor's text
 * instead of the file on disk. Knows nothing of LSP.
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
const BY_LANGUAGE: Record<string, DocKind> = {
  plaintext: 'text',
  markdown: 'markdown',
  yaml: 'collection',
  json: 'collection',
};

/** A file's kind by its extension; an unsaved buffer's by the editor's language id. */
export function kindOf(path: string | undefined, languageId: string): DocKind | undefined {
  if (path !== undefined && extname(path) !== '') return BY_EXTENSION[extname(path).toLowerCase()];
  return BY_LANGUAGE[languageId];
}

/** A disable comment naming no rule (a typo disables nothing): shown where the comment is. */
export interface DirectiveWarning {
  line: number;
  column: number;
  message: string;
}

export type LintOutcome =
  { diagnostics: Diagnostic[]; rules: readonly CompiledRule[]; warnings: DirectiveWarning[] } | { error: string };

export class EditorLinter {
  private planner: Planner;

  constructor(
    private readonly choices: PlanChoices,
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
    return 'error' in plan || plan.config.inReplyToFile === undefined
      ? undefined
      : siblingPath(path, plan.config.inReplyToFile);
  }

  /**
   * The run of the command line on the editor's text of `path` (for an unsaved buffer, a path in
   * the workspace: where its configuration is looked for, with the extension of its kind).
   */
  async lint(path: string, text: string): Promise<LintOutcome> {
    const plan = this.plan(path);
    if ('error' in plan) return plan;
    const sibling = this.messagePathFor(path);
    const inReplyTo = sibling === undefined ? undefined : this.openText(sibling);
    const result = await runLint([{ name: path, text, path }], { planner: this.planner, inReplyTo });
    const error = result.notices.find((n) => n.kind === 'error');
    if (error) return { error: error.message };
    const warnings = unknownDirectiveRules(text, plan.ruleSet, isCollectionPath(path)).map((u) => ({
      line: u.line,
      column: u.column,
      message: u.message.replace(/^\d+:\d+: /, ''),
    }));
    return { diagnostics: result.diagnostics, rules: plan.rules, warnings };
  }

  private plan(path: string): FilePlan | { error: string } {
    try {
      return this.planner.forFile(path);
    } catch (error) {
      // An invalid configuration or rule file: shown in the editor, and the server carries on.
      return { error: (error as Error).message };
    }
  }
}

/**
 * Where a comment that turns a rule off goes: above the finding's line in a reply (an HTML
 * comment, in plain text as in Markdown), above the template in a YAML collection (a `#`
 * comment covers the template that follows); JSON has no comments.
 */
export function disablePlace(
  text: string,
  kind: DocKind,
  path: string | undefined,
  offset: number,
): { offset: number; style: DisableStyle } {
  if (kind !== 'collection') return { offset: lineStart(text, offset), style: 'html' };
  if (path !== undefined && extname(path).toLowerCase() === '.json') return { offset, style: 'none' };
  const collection = readCollection(text);
  const entry = collection.ok
    ? collection.entries.find((e) => e.range.start <= offset && offset < e.range.end)
    : undefined;
  if (!entry) return { offset, style: 'none' };
  return { offset: lineStart(text, entry.range.start), style: 'yaml' };
}
