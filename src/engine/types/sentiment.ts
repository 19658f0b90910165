import { requireVendored } from '../../core/vendor.js';
import type { Span } from '../../diagnostics.js';
import type { Lang } from '../../lang/detect.js';
import { hasMatch, patternGroup } from '../pattern/index.js';
import type { Check, RawMatch, RuleType } from '../rule.js';

interface Analyzer {
  getSentiment(words: string[]): number;
}

/**
 * natural's SentimentAnalyzer with the vocabulary natural ships for each language: AFINN-165 for
 * English (hand-rated, with negation handling) and the Pattern lexicon for French (the only
 * French one natural has), bundled at build time into dist/vendor/ (src/tools/vendor.ts). Loaded
 * on first use: most replies never reach a sentiment rule.
 */
const VOCABULARY: Record<Lang, [language: string, type: string]> = {
  en: ['English', 'afinn'],
  fr: ['French', 'pattern'],
};
const analyzers = new Map<Lang, Analyzer>();

export function analyzerFor(lang: Lang): Analyzer {
  let analyzer = analyzers.get(lang);
  if (!analyzer) {
    const { SentimentAnalyzer } = requireVendored<{
      SentimentAnalyzer: new (language: string, stemmer: null, type: string) => Analyzer;
    }>('sentiment');
    const [language, type] = VOCABULARY[lang];
    analyzer = new SentimentAnalyzer(language, null, type);
    analyzers.set(lang, analyzer);
  }
  return analyzer;
}

/**
 * sentiment: flags a sentence (or the reply) whose average polarity is below `threshold`.
 * Negative words are common in good replies ("sorry about the terrible delay"), so a rule can
 * demand that the sentence also match `require` (e.g. it addresses the reader) and not match
 * `unless` (e.g. an apology).
 */
export const sentiment: RuleType = {
  kind: 'reply',
  name: 'sentiment',
  doc: "sentences whose polarity (natural's SentimentAnalyzer) is below the threshold",
  fields: [
    {
      name: 'threshold',
      type: 'number',
      default: -0.3,
      min: -5,
      max: 5,
      doc: 'Average polarity below which a sentence (or the reply) is flagged.',
    },
    { name: 'scope', type: 'enum', default: 'sentence', values: ['sentence', 'reply'], doc: 'What is scored.' },
    { name: 'min_words', type: 'integer', default: 2, min: 1, doc: 'Shorter sentences are not scored.' },
    {
      name: 'require',
      type: 'patterns',
      doc: 'Only sentences that also match one of these (e.g. aimed at the reader).',
    },
    { name: 'unless', type: 'patterns', doc: 'Sentences that match one of these are not flagged (e.g. an apology).' },
  ],
  compile(reader, env): Check {
    const threshold = reader.number('threshold');
    const scope = reader.oneOf<'sentence' | 'reply'>('scope');
    const minWords = reader.number('min_words');
    const required = env.patterns(reader, 'require');
    const unless = env.patterns(reader, 'unless');

    // With `require`, a reply where no required pattern is a candidate has no sentence to judge.
    const group = required.length > 0 ? patternGroup(required) : undefined;
    return ({ doc }) => {
      const found: RawMatch[] = [];
      if (group && !group.mayMatch(doc.text)) return found;
      const scopes: Span[] = scope === 'sentence' ? doc.sentences : [{ start: 0, end: doc.text.length }];
      for (const range of scopes) {
        const words = doc.tokens.filter((t) => t.start >= range.start && t.end <= range.end).map((t) => t.text);
        if (words.length < minWords) continue;
        if (required.length && !required.some((p) => hasMatch(p, doc.text, range.start, range.end))) continue;
        if (unless.some((p) => hasMatch(p, doc.text, range.start, range.end))) continue;
        const score = analyzerFor(doc.lang).getSentiment(words);
        if (score < threshold) found.push({ span: range, vars: { score: score.toFixed(2) } });
      }
      return found;
    };
  },
};
