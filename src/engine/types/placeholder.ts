import { literalToPattern, matchAll } from '../pattern/index.js';
import type { Check, RawMatch, RuleType } from '../rule.js';
import { placeholderName } from '../../document/placeholders.js';

/**
 * placeholder: a draft about to be sent must not contain template placeholders ({{first_name}},
 * [NAME], %name%, <customer>: the document finds them) nor other marks of unfinished text
 * (`markers`, matched case-sensitively: XXX, TODO; `patterns`: "[insert ...]"). In template
 * mode (collections, files under templates/) placeholders are the point, so it stays silent.
 */
export const placeholder: RuleType = {
  kind: 'reply',
  name: 'placeholder',
  doc: 'each placeholder the document found, marker and pattern, in draft mode only',
  fields: [
    { name: 'markers', type: 'strings', doc: 'Words that mark unfinished text, matched case-sensitively (XXX, TODO).' },
    { name: 'patterns', type: 'patterns', doc: 'Patterns of unfinished text ("[insert ...]").' },
    { name: 'ignore', type: 'strings', doc: 'Bracketed labels that are not placeholders.' },
  ],
  compile(reader, env): Check {
    const patterns = env.patterns(reader, 'patterns');
    const markers = reader.stringList('markers').map((word) => new RegExp(`(?:${literalToPattern(word)})`, 'gu')); // escaped: no macro, no parse to check
    const ignore = new Set(reader.stringList('ignore').map((name) => name.toUpperCase()));

    return ({ doc, settings }) => {
      if (settings?.mode === 'template') return [];
      const found: RawMatch[] = doc.placeholders
        .filter((p) => !ignore.has(placeholderName(doc.source.slice(p.start, p.end)).toUpperCase()))
        .map((span) => ({ span }));
      for (const regex of [...markers, ...patterns]) {
        for (const span of matchAll(regex, doc.text)) {
          if (!found.some((f) => f.span.start < span.end && span.start < f.span.end)) found.push({ span });
        }
      }
      return found.sort((a, b) => a.span.start - b.span.start);
    };
  },
};
