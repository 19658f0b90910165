import type { Diagnostic, Finding } from './diagnostics.js';
import { ReplyDocument, type Format } from './document/document.js';
import { Message } from './context/message.js';
import { lintReply } from './engine/run.js';
import type { CompiledRule, Settings, Timing } from './engine/rule.js';
import type { Lang } from './lang/detect.js';
import type { RuleSet } from './rules/load.js';
import type { SourceOrigin } from './document/origin.js';
import { Suppressions } from './document/directives.js';
import { readCollection, readMetadata, type CollectionFields } from './sources/collection.js';

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
  /** Signals the answered message is declared to have (a template's `when:`). */
  when?: string[];
  /** Where the text sits in a bigger file (a template in a collection). */
  origin?: SourceOrigin;
  /** Rules turned off for this reply from outside it (a `# replylint-disable` comment of a collection). */
  disabled?: (rule: string, family: string) => boolean;
}

/** Core API: one reply in, diagnostics with file positions out. No I/O. */
export async function lintText(request: LintRequest, ruleSet: RuleSet, rules: readonly CompiledRule[] = ruleSet.rules): Promise<Diagnostic[]> {
  const doc = await ReplyDocument.create({ name: request.name, source: request.text, format: request.format, lang: request.lang, origin: request.origin });
  // A Markdown template's front matter says what it answers, like a collection entry's fields.
  const meta = doc.frontMatter === undefined ? undefined : readMetadata(doc.frontMatter);
  const when = [...(request.when ?? []), ...(meta?.when ?? [])];
  const inReplyTo = meta?.inReplyTo ?? request.inReplyTo;
  const message = inReplyTo?.trim() || when.length ? Message.fromText(inReplyTo ?? '', ruleSet.signals, undefined, when) : undefined;
  const findings = lintReply(doc, message, rules, { settings: request.settings, timing: request.timing });
  const inline = Suppressions.ofText(doc.source);
  const kept = findings.filter((f) => !inline.covers(f.span.start, f.rule, f.family) && !request.disabled?.(f.rule, f.family));
  return kept.map((f) => toDiagnostic(doc, f));
}

/** The one place where a reply's offsets become file positions (through doc.origin for a template). */
export type CollectionLint = { ok: true; diagnostics: Diagnostic[]; templates: number } | { ok: false; message: string };

/**
 * Lints every template of a YAML/JSON collection as one reply, in template mode unless told
 * otherwise; each template's `when:` / `in_reply_to:` says what message it answers.
 */
export async function lintCollection(
  request: Omit<LintRequest, 'format' | 'origin' | 'when'> & { fields?: Partial<CollectionFields> },
  ruleSet: RuleSet,
  rules: readonly CompiledRule[] = ruleSet.rules,
): Promise<CollectionLint> {
  const collection = readCollection(request.text, request.fields);
  if (!collection.ok) return collection;
  const diagnostics: Diagnostic[] = [];
  for (const entry of collection.entries) {
    const inReplyTo = entry.inReplyTo ?? request.inReplyTo;
    const settings: Settings = { mode: 'template', ...request.settings };
    diagnostics.push(...(await lintText({ ...request, text: entry.text, inReplyTo, settings, when: entry.when, origin: entry.origin, disabled: entry.disabled }, ruleSet, rules)));
  }
  return { ok: true, diagnostics, templates: collection.entries.length };
}

export function toDiagnostic(doc: ReplyDocument, finding: Finding): Diagnostic {
  const span = doc.origin ? doc.origin.fileSpan(finding.span) : finding.span;
  const lines = doc.origin ? doc.origin.lines : doc.lines;
  const start = lines.position(span.start);
  const end = lines.position(span.end);
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
    offset: span.start,
    length: span.end - span.start,
    match: doc.source.slice(finding.span.start, finding.span.end),
  };
  if (doc.origin?.entry !== undefined) diagnostic.entry = doc.origin.entry;
  if (finding.related) diagnostic.related = finding.related;
  return diagnostic;
}
