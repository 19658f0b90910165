import type { Span } from '../../diagnostics.js';
import { matchAll, patternGroup } from '../pattern/index.js';
import type { Check, RawMatch, RuleType } from '../rule.js';

/**
 * occurrence: counts a pattern in each scope (sentence or reply) against `max` and/or `min`.
 * Above max, the first match past the limit is flagged (that is where the reader tips over);
 * below min, the whole scope is. {count} is available in the message.
 */
export const occurrence: RuleType = {
  kind: 'reply',
  name: 'occurrence',
  doc: 'the first match past `max`, or a scope under `min` (`{count}`)',
  fields: [
    { name: 'pattern', type: 'patterns', required: true, doc: 'The pattern to count.' },
    { name: 'max', type: 'integer', min: 0, doc: 'Flag the first match past this many (no maximum when absent).' },
    { name: 'min', type: 'integer', default: 0, min: 0, doc: 'Flag a scope with fewer matches than this.' },
    { name: 'scope', type: 'enum', default: 'reply', values: ['sentence', 'reply'], doc: 'Where matches are counted.' },
  ],
  compile(reader, env): Check {
    const [pattern] = env.patterns(reader, 'pattern', { required: true });
    const max = reader.number('max', Infinity);
    const min = reader.number('min');
    if (max === Infinity && min === 0) reader.fail('max', "an occurrence rule needs 'max' or 'min'");
    const scope = reader.oneOf<'sentence' | 'reply'>('scope');

    // Only a maximum: no candidate, no finding (see withoutCandidates). A minimum is broken by a
    // reply without matches: that rule has no candidate anchors, so it is always run.
    const group = min === 0 ? patternGroup([pattern!], env.candidateAnchors) : undefined;
    const check: Check = ({ doc }) => {
      if (group && !group.mayMatch(doc.text)) return [];
      const scopes: Span[] = scope === 'sentence' ? doc.sentences : [{ start: 0, end: doc.text.length }];
      const found: RawMatch[] = [];
      for (const range of scopes) {
        const matches = [...matchAll(pattern!, doc.text.slice(range.start, range.end))];
        const count = String(matches.length);
        if (matches.length > max) {
          const past = matches[max]!;
          found.push({ span: { start: range.start + past.start, end: range.start + past.end }, vars: { count } });
        } else if (matches.length < min && doc.text.slice(range.start, range.end).trim() !== '') {
          found.push({ span: range, vars: { count } });
        }
      }
      return found;
    };
    if (group) check.candidateAnchors = () => group.anchors;
    return check;
  },
  withoutCandidates: () => [],
};
