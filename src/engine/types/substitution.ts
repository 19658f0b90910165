import { literalToPattern, matchAll, PatternError, patternGroup } from '../pattern/index.js';
import type { Check, RawMatch, RuleType } from '../rule.js';
import { insideQuotation } from './existence.js';

/**
 * substitution: "this" → suggest "that". The table maps a phrase (literal, or a regex when
 * `regex: true`) to its plainer replacement; the message and suggestion may use {match} and
 * {replacement}. A replacement that is one plain phrase is also offered as an automatic fix
 * (--fix); one that lists choices ("a | b"), quotes or holds a <placeholder>, or a match that
 * runs over a line break, is not. `fixes: {phrase: text}` gives a phrase of the table a plain
 * drop-in text for --fix when its replacement is advice ("\"use\"", "<what you will do>"): the
 * advice stays in the message, the fix is what --fix writes. Like existence, phrases inside a
 * quotation of the customer are skipped unless `in_quotes: true`.
 */
export const substitution: RuleType = {
  kind: 'reply',
  name: 'substitution',
  doc: 'each phrase, suggesting its replacement (`{replacement}`); a replacement that is plain words, or the `fixes` text of its phrase, is the `--fix` fix',
  fields: [
    { name: 'swap', type: 'map', required: true, doc: 'Phrase to find: its plainer replacement.' },
    { name: 'regex', type: 'boolean', default: false, doc: 'The phrases are patterns, not literal text.' },
    {
      name: 'in_quotes',
      type: 'boolean',
      default: false,
      doc: 'Also flag phrases inside a quotation of three words or more.',
    },
    {
      name: 'fixes',
      type: 'map',
      doc: 'Phrase of swap: the plain drop-in text --fix writes, when its replacement is advice rather than words.',
    },
  ],
  compile(reader, env): Check {
    const table = reader.stringMap('swap');
    const regex = reader.boolean('regex');
    const inQuotes = reader.boolean('in_quotes');
    const fixes = reader.has('fixes') ? reader.stringMap('fixes') : (reader.raw('fixes'), new Map<string, string>());
    for (const [phrase, text] of fixes) {
      if (!table.has(phrase))
        reader.fail(['fixes', phrase], 'must be a phrase of swap (fixes gives a swap entry its drop-in text)');
      if (!isSafeFix(text, ''))
        reader.fail(['fixes', phrase], 'must be plain text on one line: no quotes, <placeholder> or choices (a | b)');
    }
    const entries: { pattern: RegExp; replacement: string; fix?: string }[] = [];
    for (const [phrase, replacement] of table) {
      try {
        entries.push({
          pattern: env.pattern(regex ? phrase : literalToPattern(phrase)),
          replacement,
          fix: fixes.get(phrase),
        });
      } catch (error) {
        if (error instanceof PatternError) reader.fail(['swap', phrase], error.message);
        throw error;
      }
    }
    const group = patternGroup(
      entries.map((e) => e.pattern),
      env.candidateAnchors,
    );
    const entryOf = new Map(entries.map((e) => [e.pattern, e]));
    const check: Check = ({ doc }) => {
      const found: RawMatch[] = [];
      // The entries whose pattern may match, read off the candidate index at once when grouped.
      const candidates = group ? group.candidates(doc.text).map((p) => entryOf.get(p)!) : entries;
      for (const { pattern, replacement, fix } of candidates) {
        for (const span of matchAll(pattern, doc.text, group !== undefined)) {
          if (inQuotes || !insideQuotation(doc, span))
            found.push(withFix({ span, vars: { replacement } }, doc.source, fix ?? replacement));
        }
      }
      return found.sort((a, b) => a.span.start - b.span.start);
    };
    if (group) check.candidateAnchors = () => group.anchors;
    return check;
  },
  withoutCandidates: () => [],
};

/** Offers the replacement as a fix, in the match's case, when it is safe to apply blindly. */
function withFix(match: RawMatch, source: string, replacement: string): RawMatch {
  const matched = source.slice(match.span.start, match.span.end);
  return isSafeFix(replacement, matched) ? { ...match, fix: matchCase(replacement, matched) } : match;
}

/** One replacement, on one line: a fix that cannot change the file's layout or pick for the writer. */
function isSafeFix(replacement: string, matched: string): boolean {
  // A replacement that quotes or has a <placeholder> is advice for the writer, not text to insert.
  return replacement.trim() !== '' && !/[|\r\n<>"«»…]|\.\.\./.test(replacement) && !/[\r\n]/.test(matched);
}

/**
 * Carries the match's case over to the replacement: "As per" → "Following", "AS PER" →
 * "FOLLOWING", "as per" → "following". A replacement with capitals of its own (a product name)
 * is kept as written unless the match is all capitals.
 */
export function matchCase(replacement: string, matched: string): string {
  const letters = matched.replace(/[^\p{L}]/gu, '');
  if (letters.length > 1 && letters === letters.toUpperCase() && letters !== letters.toLowerCase())
    return replacement.toUpperCase();
  const first = matched.match(/\p{L}/u)?.[0];
  if (first && first !== first.toLowerCase()) return replacement.replace(/\p{L}/u, (c) => c.toUpperCase());
  return replacement;
}
