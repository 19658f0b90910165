import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type {
  CodeAction,
  Diagnostic as LspDiagnostic,
  DiagnosticSeverity,
  Position,
  TextEdit,
} from 'vscode-languageserver/node';
import type { Diagnostic, Fix, Level } from '../diagnostics.js';
import { PACKAGE_ROOT } from '../core/package.js';
import { isBuiltinRule, ruleDocUrl } from '../core/rule-docs-url.js';

/**
 * Between replylint's findings and the Language Server Protocol: pure functions, no
 * connection. LSP positions are 0-based and count UTF-16 code units, as replylint's columns do
 * (1-based), so a finding maps to a range without re-measuring the text.
 */

/** What a published diagnostic carries back to the server when the editor asks for code actions. */
export interface FindingData {
  rule: string;
  family: string;
  tip: number;
  level: Level;
  suggestion: string | null;
  offset: number;
  fix?: Fix;
  entry?: string;
}

// DiagnosticSeverity: Error 1, Warning 2, Information 3 (a suggestion never fails a run).
const SEVERITY: Record<Level, DiagnosticSeverity> = { error: 1, warning: 2, suggestion: 3 };

export function toLspDiagnostic(d: Diagnostic, docsUrl: (rule: string) => string | undefined): LspDiagnostic {
  const data: FindingData = {
    rule: d.rule,
    family: d.family,
    tip: d.tip,
    level: d.level,
    suggestion: d.suggestion,
    offset: d.offset,
  };
  if (d.fix) data.fix = d.fix;
  if (d.entry !== undefined) data.entry = d.entry;
  const href = docsUrl(d.rule);
  return {
    range: {
      start: { line: d.line - 1, character: d.column - 1 },
      end: { line: d.endLine - 1, character: d.endColumn - 1 },
    },
    severity: SEVERITY[d.level],
    source: 'replylint',
    code: d.rule,
    ...(href ? { codeDescription: { href } } : {}),
    message: `${d.message} (tip ${d.tip})${d.suggestion ? `\n→ ${d.suggestion}` : ''}`,
    ...(d.related?.length
      ? {
          relatedInformation: d.related.map((r) => ({
            location: {
              uri: pathToFileURL(r.file).href,
              range: {
                start: { line: r.line - 1, character: r.column - 1 },
                end: { line: r.line - 1, character: r.column - 1 },
              },
            },
            message: r.message,
          })),
        }
      : {}),
    data,
  };
}

/** How a document's text turns offsets into positions (vscode-languageserver-textdocument's TextDocument). */
export interface PositionedText {
  uri: string;
  getText(): string;
  positionAt(offset: number): Position;
}

export type DisableStyle = 'html' | 'yaml' | 'none';

/** Quick fixes for one diagnostic: its safe fix if it has one, and a comment that turns the rule off here. */
export function codeActionsFor(
  doc: PositionedText,
  diagnostic: LspDiagnostic,
  disableAt: (offset: number) => { offset: number; style: DisableStyle },
): CodeAction[] {
  const data = diagnostic.data as FindingData | undefined;
  if (diagnostic.source !== 'replylint' || !data?.rule) return [];
  const actions: CodeAction[] = [];
  if (data.fix) {
    const edit: TextEdit = {
      range: { start: doc.positionAt(data.fix.offset), end: doc.positionAt(data.fix.offset + data.fix.length) },
      newText: data.fix.text,
    };
    actions.push({
      title: `Replace with '${data.fix.text}' (${data.rule})`,
      kind: 'quickfix',
      diagnostics: [diagnostic],
      isPreferred: true,
      edit: { changes: { [doc.uri]: [edit] } },
    });
  }
  const { offset, style } = disableAt(data.offset);
  if (style !== 'none') {
    const text = doc.getText();
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    const indent = /^[ \t]*/.exec(text.slice(offset))![0];
    const comment =
      style === 'html'
        ? `<!-- replylint-disable-next-line ${data.rule} -->`
        : `# replylint-disable-next-line ${data.rule}`;
    const at = doc.positionAt(offset);
    const what = style === 'yaml' ? 'this template' : 'this line';
    actions.push({
      title: `Disable ${data.rule} for ${what}`,
      kind: 'quickfix',
      diagnostics: [diagnostic],
      edit: { changes: { [doc.uri]: [{ range: { start: at, end: at }, newText: `${indent}${comment}${eol}` }] } },
    });
  }
  return actions;
}

/** The start of the line holding an offset. */
export function lineStart(text: string, offset: number): number {
  let i = Math.min(offset, text.length);
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

/**
 * Where a rule is documented: its page docs/rules/<id>.md in the repository (the address the
 * SARIF report and `explain` give), else that page on disk when package.json names no web
 * repository, else the rule's own YAML file (always there; the only documentation a team's own
 * rule has).
 */
export function ruleDocsUrl(rule: { id: string; file: string }): string {
  if (isBuiltinRule(rule)) {
    const web = ruleDocUrl(rule.id);
    if (/^https?:\/\//.test(web)) return web;
    const page = join(PACKAGE_ROOT, 'docs', 'rules', `${rule.id}.md`);
    if (existsSync(page)) return pathToFileURL(page).href;
  }
  return pathToFileURL(rule.file).href;
}
