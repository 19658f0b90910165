import { hasMatch, literalToPattern, matchAll, patternGroup } from '../pattern/index.js';
import { NEARBY } from '../pattern/language.js';
import type { Check, CompileEnv, RawMatch, RuleType } from '../rule.js';
import type { FieldReader } from '../../core/fields.js';
import type { Span } from '../../diagnostics.js';
import type { ReplyDocument } from '../../document/document.js';
import { wordTokens, type Token } from '../../document/segment.js';
import type { Lang } from '../../lang/detect.js';
import { stem } from '../../lang/stem.js';
import { foldAccents } from '../../lang/fold.js';

/**
 * existence: flags each occurrence of a word, phrase or pattern. `unless` patterns found in the
 * same sentence (or reply, with unless_scope: reply) cancel a match: that is how negation
 * ("we will not delete") and reassurance are told apart from the thing itself. Matches inside a
 * quotation of three words or more are skipped by default: quoting the customer is not saying it.
 * An `unless` pattern that begins with {nearby} also cancels from the sentence before or after
 * (a reassurance next to the rule it explains: "Posts with insults are hidden. Yours stays up.").
 * With `stem: true`, `words` match by stem in the rule's language ("supprimer" also finds
 * "supprimerons", "supprimé"), so one entry covers a word family; `patterns` stay exact.
 */
export const existence: RuleType = {
  kind: 'reply',
  name: 'existence',
  doc: 'each occurrence, unless an `unless` pattern is in the same sentence (or reply); with `stem: true`, `words` match by stem (see *French* in the README)',
  fields: [
    {
      name: 'words',
      type: 'strings',
      doc: 'Literal phrases to find (no pattern syntax), or words matched by stem with `stem: true`.',
    },
    { name: 'patterns', type: 'patterns', doc: 'Patterns to find.' },
    { name: 'unless', type: 'patterns', doc: 'Patterns that cancel a match found in the same sentence (or reply).' },
    {
      name: 'unless_scope',
      type: 'enum',
      default: 'sentence',
      values: ['sentence', 'reply'],
      doc: 'Where an `unless` pattern cancels a match.',
    },
    {
      name: 'in_quotes',
      type: 'boolean',
      default: false,
      doc: 'Also flag matches inside a quotation of three words or more (quoting the customer is not saying it).',
    },
    {
      name: 'stem',
      type: 'boolean',
      default: false,
      doc: "Match `words` by stem in the rule's language, so that one entry covers a word family.",
    },
  ],
  compile(reader, env): Check {
    const byStem = reader.boolean('stem');
    const stemWords = byStem ? reader.stringList('words') : [];
    // Stemmed on first use: loading the stemmer is only worth it once a reply reaches the rule.
    let stemmed: string[][] | undefined;
    const words = byStem ? [] : env.patterns(reader, 'words', { transform: literalToPattern });
    const all = [...words, ...env.patterns(reader, 'patterns')];
    if (all.length === 0 && stemWords.length === 0)
      reader.fail('patterns', "an existence rule needs 'words' or 'patterns'");
    const { unless, nearby } = unlessLists(reader, env);
    const unlessScope = reader.oneOf<'sentence' | 'reply'>('unless_scope');
    const inQuotes = reader.boolean('in_quotes');

    // Candidate-driven: when no pattern of the rule may match the reply (the candidate index
    // says so in one question), the rule finds nothing and nothing else is run.
    const group = stemWords.length === 0 ? patternGroup(all, env.candidateAnchors) : undefined;
    const stemSpans = (doc: ReplyDocument) =>
      stemMatches(doc, env.lang, (stemmed ??= stemWords.map((w) => stemPhrase(w, env.lang))));
    // Whether a sentence (by its start) is cancelled, per reply: the matches of one long sentence
    // ask once (a sentence of thousands of matches asked its unless patterns thousands of times).
    const cancels = unlessCancels(unless, nearby);
    const cancelledMemo = new WeakMap<ReplyDocument, Map<number, boolean>>();
    const cancelled = (doc: ReplyDocument, scope: Span): boolean => {
      let memo = cancelledMemo.get(doc);
      if (!memo) cancelledMemo.set(doc, (memo = new Map()));
      let answer = memo.get(scope.start);
      if (answer === undefined) memo.set(scope.start, (answer = cancels(doc, scope)));
      return answer;
    };
    /** A match that is the rule's: not in a quotation, not cancelled by an `unless` around it. */
    const counts = (doc: ReplyDocument, span: Span): boolean => {
      if (!inQuotes && insideQuotation(doc, span)) return false;
      if (unless.length === 0 && nearby.length === 0) return true;
      const scope = unlessScope === 'reply' ? { start: 0, end: doc.text.length } : doc.sentenceAt(span.start);
      return !cancelled(doc, scope);
    };

    /** The first match that counts: what a caller asking for presence with `presence: true` gets. */
    // The patterns that may match the reply: read off the candidate index at once when grouped.
    const candidates = (doc: ReplyDocument) => (group ? group.candidates(doc.text) : all);
    const first = (doc: ReplyDocument): RawMatch[] => {
      for (const regex of candidates(doc))
        for (const span of matchAll(regex, doc.text, group !== undefined)) if (counts(doc, span)) return [{ span }];
      if (stemWords.length === 0) return [];
      return stemSpans(doc)
        .filter((span) => counts(doc, span))
        .slice(0, 1)
        .map((span) => ({ span }));
    };

    const check: Check = ({ doc, presence }) => {
      if (presence) return first(doc);
      const found: RawMatch[] = [];
      const patterns = candidates(doc);
      if (patterns.length === 0 && stemWords.length === 0) return found;
      // Plain loops: this runs for every rule on every reply of an audit.
      const spans: Span[] = [];
      for (const regex of patterns)
        for (const match of matchAll(regex, doc.text, group !== undefined)) spans.push(match);
      if (stemWords.length > 0) spans.push(...stemSpans(doc));
      // In order of start, so that a span can only overlap the last finding: linear in the
      // number of findings (a search of all findings made a reply with thousands quadratic).
      spans.sort((a, b) => a.start - b.start || a.end - b.end);
      for (const span of spans) {
        if (!counts(doc, span)) continue;
        const last = found[found.length - 1];
        // Two patterns that see the same words make one finding, covering both.
        if (last && span.start < last.span.end)
          last.span = { start: last.span.start, end: Math.max(last.span.end, span.end) };
        else found.push({ span });
      }
      return found;
    };
    // Presence (a signal): the first match that counts is enough; overlaps need not be merged.
    check.test = ({ doc }) => {
      for (const regex of candidates(doc))
        for (const match of matchAll(regex, doc.text, group !== undefined)) if (counts(doc, match)) return true;
      return stemWords.length > 0 && stemSpans(doc).some((span) => counts(doc, span));
    };
    // Without stemmed words, no candidate pattern is no finding (see withoutCandidates).
    if (group) check.candidateAnchors = () => group.anchors;
    return check;
  },
  withoutCandidates: () => [],
};

/**
 * A rule's `unless` patterns, split: `nearby` are those written with {nearby}, which also cancel
 * from the sentence before or after (see aroundSentence). Shared with the classifier type.
 */
export function unlessLists(reader: FieldReader, env: CompileEnv): { unless: RegExp[]; nearby: RegExp[] } {
  const sources = reader.has('unless') ? reader.stringList('unless') : [];
  if (!sources.some((s: string) => s.startsWith(NEARBY))) return { unless: env.patterns(reader, 'unless'), nearby: [] };
  // One regex per entry (a transform keeps "@signal" entries whole), so that they line up with the sources.
  const all = env.patterns(reader, 'unless', { transform: (s) => s });
  return {
    unless: all.filter((_, i) => !sources[i]!.startsWith(NEARBY)),
    nearby: all.filter((_, i) => sources[i]!.startsWith(NEARBY)),
  };
}

/**
 * Whether a rule's `unless` patterns cancel what it found in a scope (a sentence, or the reply):
 * `unless` inside the scope, `nearby` inside it or the sentence before or after. Shared by the
 * word rule types, so that existence and classifier read {nearby} alike.
 */
export function unlessCancels(unless: RegExp[], nearby: RegExp[]): (doc: ReplyDocument, scope: Span) => boolean {
  return (doc, scope) => {
    if (unless.some((u) => hasMatch(u, doc.text, scope.start, scope.end))) return true;
    if (nearby.length === 0) return false;
    const around = scope.start === 0 && scope.end === doc.text.length ? scope : doc.sentenceAround(scope.start);
    return nearby.some((u) => hasMatch(u, doc.text, around.start, around.end));
  };
}

/** Quoting the customer is not saying it: shared by the word rule types. */
export function insideQuotation(doc: ReplyDocument, span: Span): boolean {
  return doc.insideQuotation(span);
}

/** A phrase's stems, one per word token ("supprimer vos commentaires" → supprim, vos, comment). */
function stemPhrase(phrase: string, lang: Lang): string[] {
  return wordTokens(foldAccents(phrase)).map((t) => stem(t.text, lang));
}

/** Runs of consecutive tokens (apart only by spaces, apostrophes or hyphens) whose stems equal a phrase's. */
function stemMatches(doc: ReplyDocument, lang: Lang, phrases: string[][]): Span[] {
  if (phrases.length === 0) return [];
  const tokens = doc.tokens;
  const stems = stemsOf(doc, lang);
  const spans: Span[] = [];
  for (const phrase of phrases) {
    for (let i = 0; i + phrase.length <= tokens.length; i++) {
      if (
        phrase.every(
          (s, k) => stems[i + k] === s && (k === 0 || adjacent(doc.text, tokens[i + k - 1]!, tokens[i + k]!)),
        )
      ) {
        spans.push({ start: tokens[i]!.start, end: tokens[i + phrase.length - 1]!.end });
      }
    }
  }
  return spans;
}

// Stems of a document's tokens, computed once for all the stemmed rules that read it.
const stemCache = new WeakMap<ReplyDocument, Map<Lang, string[]>>();

function stemsOf(doc: ReplyDocument, lang: Lang): string[] {
  let byLang = stemCache.get(doc);
  if (!byLang) stemCache.set(doc, (byLang = new Map()));
  let stems = byLang.get(lang);
  if (!stems) byLang.set(lang, (stems = doc.tokens.map((t) => stem(t.text, lang))));
  return stems;
}

function adjacent(text: string, before: Token, after: Token): boolean {
  return /^[\s'\-]+$/u.test(text.slice(before.end, after.start));
}
