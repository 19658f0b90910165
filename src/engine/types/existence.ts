import { firstMatch, literalToPattern, matchAll } from '../patterns.js';
import type { Check, RawMatch, RuleType } from '../rule.js';
import type { Span } from '../../diagnostics.js';
import type { ReplyDocument } from '../../document/document.js';

/**
 * existence: flags each occurrence of a word, phrase or pattern. `unless` patterns found in the
 * same sentence (or reply, with unless_scope: reply) cancel a match: that is how negation
 * ("we will not delete") and reassurance are told apart from the thing itself. Matches inside a
 * quotation of three words or more are skipped by default: quoting the customer is not saying it.
 */
export const existence: RuleType = {
  name: 'existence',
  compile(reader, env): Check {
    const all = [...env.patterns(reader, 'words', { transform: literalToPattern }), ...env.patterns(reader, 'patterns')];
    if (all.length === 0) reader.fail('patterns', "an existence rule needs 'words' or 'patterns'");
    const unless = env.patterns(reader, 'unless');
    const unlessScope = reader.oneOf('unless_scope', ['sentence', 'reply'] as const, 'sentence');
    const inQuotes = reader.boolean('in_quotes', false);

    return ({ doc }) => {
      const found: RawMatch[] = [];
      for (const regex of all) {
        for (const span of matchAll(regex, doc.text)) {
          if (!inQuotes && insideQuotation(doc, span)) continue;
          const scope = unlessScope === 'reply' ? { start: 0, end: doc.text.length } : doc.sentenceAt(span.start);
          if (unless.some((u) => firstMatch(u, doc.text, scope.start, scope.end))) continue;
          const overlapping = found.find((f) => f.span.start < span.end && span.start < f.span.end);
          // Two patterns that see the same words make one finding, covering both.
          if (overlapping) overlapping.span = { start: Math.min(overlapping.span.start, span.start), end: Math.max(overlapping.span.end, span.end) };
          else found.push({ span });
        }
      }
      return found.sort((a, b) => a.span.start - b.span.start);
    };
  },
};

/** Quoting the customer is not saying it: shared by the word rule types. */
export function insideQuotation(doc: ReplyDocument, span: Span): boolean {
  return doc.quotations.some((q) => q.start <= span.start && span.end <= q.end);
}
