import type { Span } from '../diagnostics.js';
import { scanWords, scoreLanguage, type Detection, type Lang } from '../lang/detect.js';
import { foldAccents } from '../lang/fold.js';
import { quotedHistorySpans } from './quoted.js';
import { LineIndex } from './lines.js';
import { foldTypography, maskSpans, urlSpans } from './mask.js';
import { markdownRegions } from './markdown.js';
import type { SourceOrigin } from './origin.js';
import { htmlCommentSpans, placeholderSpans } from './placeholders.js';
import { sentenceSpans, wordTokens, type Token } from './segment.js';

/** Marks where a link was, so that rules can say "{link}" without seeing the URL's letters. */
export const LINK_MARK = '\uE000';

export type Format = 'text' | 'markdown';

export interface DocumentInput {
  /** Display name: a path, or "<stdin>". */
  name: string;
  /** The reply as read (BOM removed). Offsets in findings are offsets in this text. */
  source: string;
  format?: Format;
  lang?: Lang;
  /** Set when the reply is part of a bigger file (a template in a collection): maps positions back. */
  origin?: SourceOrigin;
  /** Lint quoted e-mail history ("> ..." lines, "On ... wrote:") as the agent's words (off by default). */
  lintQuotedText?: boolean;
}

/**
 * One reply, ready for the rules. Everything is computed once and shared by all rules; what
 * only some rules read (sentences, tokens, quotations, line positions) is computed on first use.
 */
export class ReplyDocument {
  readonly name: string;
  readonly source: string;
  /** Same length as source: code/HTML blanked, links replaced by LINK_MARK, quotes and accents folded. */
  readonly text: string;
  readonly lang: Lang;
  readonly links: Span[];
  /** Template placeholders ({{first_name}}, [NAME], %name%, <name>...), masked in `text`. */
  readonly placeholders: Span[];
  /** Markdown front matter (YAML text): metadata such as `when:`, never linted. */
  readonly frontMatter?: string;
  readonly origin?: SourceOrigin;
  private sentenceCache?: Span[];
  private quotationCache?: Span[];
  private tokenCache?: Token[];
  private detectionCache?: Detection;
  private lineCache?: LineIndex;

  private constructor(input: DocumentInput, text: string, links: Span[], placeholders: Span[], frontMatter?: string) {
    this.name = input.name;
    this.placeholders = placeholders;
    this.frontMatter = frontMatter;
    this.source = input.source;
    this.links = links;
    this.origin = input.origin;
    this.text = foldAccents(text);
    if (input.lang) this.lang = input.lang;
    else {
      // Detected before folding: accents are evidence of French. One pass gives the language
      // and the tokens (folding keeps every letter a letter, in place: the same tokens, read
      // in the folded text); nearly every reply reaches a rule that reads tokens.
      const scanned = text.includes('\u0130') ? undefined : scanWords(text, this.text);
      this.tokenCache = scanned?.tokens;
      const detection = scanned?.detection ?? scoreLanguage(text);
      if (this.text === text) this.detectionCache = detection;
      this.lang = detection.lang ?? 'en';
    }
  }

  /** The English and French scores of the (folded) text, as rules read it, worked out once. */
  get detection(): Detection {
    return (this.detectionCache ??= scoreLanguage(this.text));
  }

  static async create(input: DocumentInput): Promise<ReplyDocument> {
    if (input.format !== 'markdown') return ReplyDocument.build(input, [], [], []);
    const { hidden, links, code, frontMatter } = await markdownRegions(input.source);
    return ReplyDocument.build(input, hidden, links, code, frontMatter);
  }

  /** Synchronous path for plain text (the pre-send hot path and the rule examples). */
  static fromText(input: DocumentInput): ReplyDocument {
    return ReplyDocument.build(input, [], [], []);
  }

  private static build(
    input: DocumentInput,
    hidden: Span[],
    links: Span[],
    code: Span[],
    frontMatter?: string,
  ): ReplyDocument {
    const placeholders = placeholderSpans(input.source).filter(
      (p) => !code.some((c) => c.start <= p.start && p.end <= c.end),
    );
    const quoted = input.lintQuotedText ? [] : quotedHistorySpans(input.source);
    let text = maskSpans(input.source, [...hidden, ...htmlCommentSpans(input.source), ...placeholders, ...quoted]);
    const allLinks = [...links, ...urlSpans(text).filter((u) => !links.some((l) => overlaps(l, u)))];
    text = maskSpans(text, allLinks);
    text = markLinks(text, allLinks);
    return new ReplyDocument(
      input,
      foldTypography(text),
      allLinks.sort((a, b) => a.start - b.start),
      placeholders,
      frontMatter,
    );
  }

  /** Computed on first use: most replies reach no rule that reads sentences. */
  get sentences(): Span[] {
    return (this.sentenceCache ??= sentenceSpans(this.text));
  }

  get tokens(): Token[] {
    return (this.tokenCache ??= wordTokens(this.text));
  }

  /** Quotations of three words or more: the customer's words, not the reply's. */
  get quotations(): Span[] {
    return (this.quotationCache ??= quotationSpans(this.text));
  }

  get lines(): LineIndex {
    return (this.lineCache ??= new LineIndex(this.source));
  }

  /** The sentence that contains an offset (or the whole text when there is none). */
  sentenceAt(offset: number): Span {
    const i = this.sentenceIndexAt(offset);
    return i < 0 ? { start: 0, end: this.text.length } : this.sentences[i]!;
  }

  /**
   * The sentence that contains an offset with the one before and the one after it (what an
   * `unless` written with {nearby} reads); the whole text when there is no sentence there.
   */
  sentenceAround(offset: number): Span {
    const i = this.sentenceIndexAt(offset);
    if (i < 0) return { start: 0, end: this.text.length };
    const sentences = this.sentences;
    return { start: sentences[Math.max(0, i - 1)]!.start, end: sentences[Math.min(sentences.length - 1, i + 1)]!.end };
  }

  /** The index of the sentence that contains an offset, -1 when none does. */
  private sentenceIndexAt(offset: number): number {
    // Binary search: sentences are in text order, and grouping asks once a finding.
    const sentences = this.sentences;
    let low = 0;
    let high = sentences.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const sentence = sentences[mid]!;
      if (offset < sentence.start) high = mid - 1;
      else if (offset >= sentence.end) low = mid + 1;
      else return mid;
    }
    return -1;
  }

  /** Whether a span lies inside one quotation (quotations do not overlap: a binary search). */
  insideQuotation(span: Span): boolean {
    const quotation = this.quotations[lastStartingAtOrBefore(this.quotations, span.start)];
    return quotation !== undefined && span.end <= quotation.end;
  }

  isBlank(): boolean {
    return this.text.trim() === '';
  }
}

const QUOTATION = /"([^"\n]*)"|\u201C([^\u201D\n]*)\u201D|\u00AB([^\u00BB\n]*)\u00BB/gu;

function quotationSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(QUOTATION)) {
    const inner = m[1] ?? m[2] ?? m[3] ?? '';
    if (inner.trim().split(/\s+/u).length >= 3) spans.push({ start: m.index!, end: m.index! + m[0].length });
  }
  return spans;
}

function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}

function markLinks(text: string, links: Span[]): string {
  if (links.length === 0) return text;
  const chars = text.split('');
  for (const link of links) if (link.end > link.start) chars[link.start] = LINK_MARK;
  return chars.join('');
}

/** The index of the last span (sorted by start) that starts at or before `offset`; -1 if none. */
function lastStartingAtOrBefore(spans: readonly Span[], offset: number): number {
  let low = 0;
  let high = spans.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (spans[mid]!.start <= offset) {
      found = mid;
      low = mid + 1;
    } else high = mid - 1;
  }
  return found;
}
