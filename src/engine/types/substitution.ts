import { compilePattern, literalToPattern, matchAll, PatternError } from '../patterns.js';
import type { Check, RawMatch, RuleType } from '../rule.js';
import { insideQuotation } from './existence.js';

/**
 * substitution: "this" → suggest "that". The table maps a phrase (literal, or a regex when
 * `regex: true`) to its plainer replacement; the message and suggestion may use {match} and
 * {replacement}. Like existence, phrases inside a quotation of the customer are skipped unless
 * `in_quotes: true`.
 */
export const substitution: RuleType = {
  name: 'substitution',
  compile(reader, env): Check {
    const table = reader.stringMap('swap');
    const regex = reader.boolean('regex', false);
    const inQuotes = reader.boolean('in_quotes', false);
    const entries: { pattern: RegExp; replacement: string }[] = [];
    for (const [phrase, replacement] of table) {
      try {
        entries.push({ pattern: compilePattern(regex ? phrase : literalToPattern(phrase), env.lookup), replacement });
      } catch (error) {
        if (error instanceof PatternError) reader.fail(['swap', phrase], error.message);
        throw error;
      }
    }
    return ({ doc }) => {
      const found: RawMatch[] = [];
      for (const { pattern, replacement } of entries) {
        for (const span of matchAll(pattern, doc.text)) {
          if (inQuotes || !insideQuotation(doc, span)) found.push({ span, vars: { replacement } });
        }
      }
      return found.sort((a, b) => a.span.start - b.span.start);
    };
  },
};
