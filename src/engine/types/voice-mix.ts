import type { Span } from '../../diagnostics.js';
import type { ReplyDocument } from '../../document/document.js';
import { matchAll, patternGroup } from '../pattern/index.js';
import type { Check, RawMatch, RuleType } from '../rule.js';

/**
 * voice-mix: "I" and "we" in the same reply when the brand speaks as "we" (settings.brand.voice).
 * A brand account that says "we" and then "my" reads as a person who forgot which account they
 * are on. Without that setting the type is silent: many teams sign their replies and speak as
 * "I" on purpose. Each sentence holding a `singular` form is flagged once, when the reply also
 * holds a `plural` form; words inside a quotation of the customer do not count.
 */
export const voiceMix: RuleType = {
  kind: 'reply',
  name: 'voice-mix',
  needs: ['brand'],
  doc: 'with `brand.voice: we`, the first singular form of each sentence, when the reply also has a plural one (`{we}`)',
  fields: [
    { name: 'singular', type: 'patterns', required: true, doc: 'First-person singular forms (I, my...).' },
    { name: 'plural', type: 'patterns', required: true, doc: 'First-person plural forms (we, our...).' },
  ],
  compile(reader, env): Check {
    const singular = env.patterns(reader, 'singular', { required: true });
    const plural = env.patterns(reader, 'plural', { required: true });
    // No plural form a candidate: no "we" to mix with, no finding (see withoutCandidates).
    const group = patternGroup(plural, env.candidateAnchors);

    const check: Check = ({ doc, settings }) => {
      if (settings?.brand?.voice !== 'we') return [];
      if (group && !group.mayMatch(doc.text)) return [];
      const pluralSpans = spansOutsideQuotes(doc, plural);
      if (pluralSpans.length === 0) return [];
      const found: RawMatch[] = [];
      const seenSentences = new Set<number>();
      for (const span of spansOutsideQuotes(doc, singular).sort((a, b) => a.start - b.start)) {
        const sentence = doc.sentenceAt(span.start).start;
        if (seenSentences.has(sentence)) continue;
        seenSentences.add(sentence);
        found.push({ span, vars: { we: doc.text.slice(pluralSpans[0]!.start, pluralSpans[0]!.end) } });
      }
      return found;
    };
    if (group) check.candidateAnchors = () => group.anchors;
    return check;
  },
  withoutCandidates: () => [],
  silent: ({ settings }) => settings?.brand?.voice !== 'we',
};

function spansOutsideQuotes(doc: ReplyDocument, patterns: RegExp[]): Span[] {
  const spans: Span[] = [];
  for (const regex of patterns) {
    for (const span of matchAll(regex, doc.text)) {
      if (!doc.insideQuotation(span)) spans.push(span);
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}
