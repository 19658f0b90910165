import type { Diagnostic, Finding, Span } from './diagnostics.js';
import { ReplyDocument, type Format } from './document/document.js';
import { AnsweredMessageText } from './answered/message.js';
import { lintCorpus, lintReply } from './engine/run.js';
import type { CompiledRule, CorpusRule, Settings, Timing } from './engine/rule.js';
import type { Lang } from './lang/detect.js';
import type { RuleSet } from './rules/load.js';
import type { SourceOrigin } from './document/origin.js';
import { htmlDirectives, parseDirective, Suppressions, type Directive } from './document/directives.js';
import { closestHint } from './rules/closest.js';
import { readCollection, type CollectionFields } from './sources/collection.js';
import { parseTimestamp } from './sources/jsonl.js';

export interface LintRequest {
  name: string;
  text: string;
  format?: Format;
  /** Force the reply's language instead of detecting it. */
  lang?: Lang;
  /** The text of the message answered, if known. */
  inReplyTo?: string;
  settings?: Settings;
  timing?: Timing;
  /** Signals the answered message is declared to have (a template's `when:`). */
  when?: string[];
  /** Where the text sits in a bigger file (a template in a collection). */
  origin?: SourceOrigin;
  /** Rules turned off for this reply from outside it (a `# replylint-disable` comment of a collection). */
  disabled?: (rule: string, family: string) => boolean;
  /** Field names of a collection's entries (body, id, when, in_reply_to). */
  fields?: Partial<CollectionFields>;
  /** The reply's own received_at / sent_at as its file writes them (front matter); they win over `timing`. */
  times?: { receivedAt?: string; sentAt?: string };
  /** Told about input that is used but partly wrong (a received_at that is not a time...). */
  onWarning?: (message: string) => void;
}

/**
 * The reply's times: its own received_at / sent_at (front matter, collection entry) win over
 * the run's (--now, the current time); a value that is not ISO 8601 is reported and left out.
 */
function timingOf(
  run: Timing | undefined,
  own: { receivedAt?: string; sentAt?: string } | undefined,
  where: string,
  warn?: (message: string) => void,
): Timing | undefined {
  if (!own || (own.receivedAt === undefined && own.sentAt === undefined)) return run;
  const read = (value: string | undefined, field: string) => {
    if (value === undefined) return undefined;
    const date = parseTimestamp(value);
    if (!date)
      warn?.(
        `${where}${field} ${JSON.stringify(value)} is not an ISO 8601 date-time (e.g. 2025-05-01T09:30:00Z), ignored`,
      );
    return date;
  };
  const timing: Timing = { ...run };
  const receivedAt = read(own.receivedAt, 'received_at');
  const sentAt = read(own.sentAt, 'sent_at');
  if (receivedAt) timing.receivedAt = receivedAt;
  if (sentAt) timing.sentAt = sentAt;
  return timing;
}

/**
 * Core API: one reply in, diagnostics with file positions out. No I/O. What the reply's file
 * says about the message it answers (front matter) comes in the request, read with the input
 * (sources/front-matter.ts).
 */
export async function lintText(
  request: LintRequest,
  ruleSet: RuleSet,
  rules: readonly CompiledRule[] = ruleSet.rules,
  corpus?: Corpus,
): Promise<Diagnostic[]> {
  const doc = await ReplyDocument.create({
    name: request.name,
    source: request.text,
    format: request.format,
    lang: request.lang,
    origin: request.origin,
    lintQuotedText: request.settings?.lintQuotedText,
  });
  return lintDocument(doc, request, ruleSet, rules, corpus);
}

/**
 * lintText for a plain-text reply, without a promise: the audit lints one reply per line, and
 * an await per reply is a turn of the event loop per reply.
 */
export function lintPlainText(
  request: Omit<LintRequest, 'format'>,
  ruleSet: RuleSet,
  rules: readonly CompiledRule[] = ruleSet.rules,
  corpus?: Corpus,
): Diagnostic[] {
  const doc = ReplyDocument.fromText({
    name: request.name,
    source: request.text,
    lang: request.lang,
    origin: request.origin,
    lintQuotedText: request.settings?.lintQuotedText,
  });
  return lintDocument(doc, request, ruleSet, rules, corpus);
}

function lintDocument(
  doc: ReplyDocument,
  request: LintRequest,
  ruleSet: RuleSet,
  rules: readonly CompiledRule[],
  corpus: Corpus | undefined,
): Diagnostic[] {
  const when = request.when ?? [];
  const { inReplyTo } = request;
  const message =
    inReplyTo?.trim() || when.length
      ? AnsweredMessageText.fromText(inReplyTo ?? '', ruleSet.signals, undefined, when)
      : undefined;
  const timing = timingOf(request.timing, request.times, 'front matter: ', request.onWarning);
  const inline = Suppressions.ofText(doc.source);
  const isOffAt = (start: number, rule: string, family: string) =>
    inline.covers(start, rule, family) || Boolean(request.disabled?.(rule, family));
  // Findings turned off are dropped before their messages are formatted.
  const findings = lintReply(doc, message, rules, { settings: request.settings, timing, isOff: isOffAt });
  corpus?.add(doc, rules, (f: Finding) => isOffAt(f.span.start, f.rule, f.family), request.settings);
  return findings.map((f) => toDiagnostic(doc, f));
}

/**
 * The replies of a run that the corpus rules (canned-duplicate) will compare, kept for them: they
 * judge them all at once after the last one. A reply no corpus rule compares (a draft, for a rule
 * that compares templates) is not kept. `findings()` places their findings like any other, with
 * `related`.
 */
export class Corpus {
  /** Per corpus rule ("lang/id"; the first file's configuration of it wins): the replies it compares. */
  private readonly compared = new Map<
    string,
    { rule: CorpusRule; docs: ReplyDocument[]; settings: (Settings | undefined)[] }
  >();
  private readonly isOff = new Map<ReplyDocument, (f: Finding) => boolean>();

  /** Keeps the reply for each corpus rule it was linted with that compares it. */
  add(
    doc: ReplyDocument,
    rules: readonly CompiledRule[],
    isOff: (f: Finding) => boolean = () => false,
    settings?: Settings,
  ): void {
    if (doc.isBlank()) return;
    for (const rule of this.corpusRulesOf(rules)) {
      if (rule.lang !== doc.lang) continue;
      const key = `${rule.lang}/${rule.id}`;
      let entry = this.compared.get(key);
      if (!entry) this.compared.set(key, (entry = { rule, docs: [], settings: [] }));
      if (!entry.rule.corpus.compares(settings)) continue;
      entry.docs.push(doc);
      entry.settings.push(settings);
      this.isOff.set(doc, isOff);
    }
  }

  /** The corpus rules of a list of rules (the replies of a folder share one list: worked out once). */
  private readonly corpusRules = new WeakMap<readonly CompiledRule[], CorpusRule[]>();

  private corpusRulesOf(rules: readonly CompiledRule[]): CorpusRule[] {
    let found = this.corpusRules.get(rules);
    if (!found)
      this.corpusRules.set(rules, (found = rules.filter((rule): rule is CorpusRule => rule.kind === 'corpus')));
    return found;
  }

  /** How many replies are kept (each once, however many rules compare it). */
  get size(): number {
    return this.isOff.size;
  }

  /** `notify`: a corpus rule stopped at a bound, at that reply (see CorpusCheck.judge). */
  findings(notify?: (doc: ReplyDocument, message: string) => void): Diagnostic[] {
    return [...this.compared.values()]
      .flatMap(({ rule, docs, settings }) => lintCorpus(rule, docs, settings, notify))
      .filter(({ doc, finding }) => !this.isOff.get(doc)!(finding))
      .map(({ doc, finding, other, otherSpan }) => {
        const diagnostic = toDiagnostic(doc, finding);
        const place = placeOf(other, otherSpan);
        diagnostic.related = [
          { file: other.name, line: place.start.line, column: place.start.column, message: 'the other reply' },
        ];
        return diagnostic;
      });
  }
}

export type CollectionLint =
  { ok: true; diagnostics: Diagnostic[]; templates: number } | { ok: false; message: string };

/**
 * Lints every template of a YAML/JSON collection as one reply, in template mode unless told
 * otherwise; each template's `when:` / `in_reply_to:` says what message it answers.
 */
export async function lintCollection(
  request: Omit<LintRequest, 'format' | 'origin' | 'when'>,
  ruleSet: RuleSet,
  rules: readonly CompiledRule[] = ruleSet.rules,
  corpus?: Corpus,
): Promise<CollectionLint> {
  const collection = readCollection(request.text, request.fields);
  if (!collection.ok) return collection;
  const diagnostics: Diagnostic[] = [];
  for (const entry of collection.entries) {
    const inReplyTo = entry.inReplyTo ?? request.inReplyTo;
    const settings: Settings = { mode: 'template', ...request.settings };
    const timing = timingOf(request.timing, entry, `template '${entry.id}': `, request.onWarning);
    const entryRequest = {
      ...request,
      text: entry.text,
      inReplyTo,
      settings,
      timing,
      when: entry.when,
      origin: entry.origin,
      disabled: entry.disabled,
    };
    diagnostics.push(...(await lintText(entryRequest, ruleSet, rules, corpus)));
  }
  return { ok: true, diagnostics, templates: collection.entries.length };
}

/** The one place where a reply's offsets become file positions (through doc.origin for a template). */
function placeOf(doc: ReplyDocument, replySpan: Span) {
  const span = doc.origin ? doc.origin.fileSpan(replySpan) : replySpan;
  const lines = doc.origin ? doc.origin.lines : doc.lines;
  return { span, start: lines.position(span.start), end: lines.position(span.end) };
}

export function toDiagnostic(doc: ReplyDocument, finding: Finding): Diagnostic {
  const { span, start, end } = placeOf(doc, finding.span);
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
  if (finding.score !== undefined) diagnostic.score = finding.score;
  // A template's text is decoded from YAML/JSON: a replacement in it is not a safe edit of the file.
  if (finding.fix && !doc.origin)
    diagnostic.fix = {
      offset: finding.fix.span.start,
      length: finding.fix.span.end - finding.fix.span.start,
      text: finding.fix.text,
    };
  return diagnostic;
}

/** A rule name in a `replylint-disable` comment that no loaded rule or family has. */
export interface UnknownDirectiveRule {
  name: string;
  line: number;
  column: number;
  message: string;
}

/**
 * Names in disable/enable comments that are not rules (like ESLint's unused-directive report):
 * a misspelt name disables nothing, and the finding it was meant to hide comes back unexplained.
 * HTML comments anywhere in the file; for a collection, its `#` comments too.
 */
export function unknownDirectiveRules(text: string, ruleSet: RuleSet, collection = false): UnknownDirectiveRule[] {
  if (!text.includes('replylint-')) return [];
  const directives: Directive[] = htmlDirectives(text);
  if (collection) {
    for (const m of text.matchAll(/^[ \t]*#([^\r\n]*)/gm)) {
      const directive = parseDirective(m[1]!, { start: m.index, end: m.index + m[0].length });
      if (directive) directives.push(directive);
    }
  }
  const known = new Set(ruleSet.rules.flatMap((r) => [r.id, r.family]));
  return directives
    .sort((a, b) => a.span.start - b.span.start)
    .flatMap((d) =>
      d.rules
        .filter((name) => !known.has(name))
        .map((name) => {
          const before = text.slice(0, d.span.start);
          const line = before.split(/\r\n|\r|\n/).length;
          const column = d.span.start - Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
          return {
            name,
            line,
            column,
            message: `${line}:${column}: unknown rule '${name}' in a replylint-${d.kind} comment${closestHint(name, known)}`,
          };
        }),
    );
}
