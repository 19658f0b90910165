import type { Diagnostic, Finding } from './diagnostics.js';
import { ReplyDocument, type Format } from './document/document.js';
import { Message } from './context/message.js';
import { lintReply } from './engine/run.js';
import type { CompiledRule, Settings, Timing } from './engine/rule.js';
import type { Lang } from './lang/detect.js';
import type { RuleSet } from './rules/load.js';

export interface LintRequest {
  name: string;
  text: string;
  format?: Format;
  /** Force the reply's language instead of detecting it. */
  lang?: Lang;
  /** The message this reply answers, if known. */
  inReplyTo?: string;
  settings?: Settings;
  timing?: Timing;
}

/** Core API: one reply in, diagnostics with file positions out. No I/O. */
export async function lintText(request: LintRequest, ruleSet: RuleSet, rules: readonly CompiledRule[] = ruleSet.rules): Promise<Diagnostic[]> {
  const doc = await ReplyDocument.create({ name: request.name, source: request.text, format: request.format, lang: request.lang });
  const message = request.inReplyTo?.trim() ? Message.fromText(request.inReplyTo, ruleSet.signals) : undefined;
  return lintReply(doc, message, rules, { settings: request.settings, timing: request.timing }).map((f) => toDiagnostic(doc, f));
}

export function toDiagnostic(doc: ReplyDocument, finding: Finding): Diagnostic {
  const start = doc.lines.position(finding.span.start);
  const end = doc.lines.position(finding.span.end);
  const diagnostic: Diagnostic = {
    file: doc.name,
    rule: finding.rule,
    family: finding.family,
    tip: finding.tip,
    level: finding.level,
    message: finding.message,
    suggestion: finding.suggestion ?? null,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
    offset: finding.span.start,
    length: finding.span.end - finding.span.start,
    match: doc.source.slice(finding.span.start, finding.span.end),
  };
  if (finding.related) diagnostic.related = finding.related;
  if (finding.fix) diagnostic.fix = { offset: finding.fix.span.start, length: finding.fix.span.end - finding.fix.span.start, text: finding.fix.text };
  return diagnostic;
}
