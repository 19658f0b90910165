import { hasMatch, patternGroup } from '../pattern/index.js';
import type { Check, CheckInput, RawMatch, RuleType } from '../rule.js';

/**
 * requires: the reply must contain at least one of the `any` patterns. Combined with `when`
 * (a condition on the message answered) this says "a reply to a complaint must ask for the
 * facts or say the team is looking into it". The finding spans the whole reply.
 */
export const requires: RuleType = {
  kind: 'reply',
  name: 'requires',
  doc: 'a reply that matches none of the patterns',
  fields: [{ name: 'any', type: 'patterns', required: true, doc: 'The reply must match at least one of these.' }],
  compile(reader, env): Check {
    const any = env.patterns(reader, 'any', { required: true });
    // No pattern a candidate (one question to the candidate index): the finding, without running any.
    const group = patternGroup(any, env.candidateAnchors);
    const check: Check = (input) => {
      if (input.doc.isBlank()) return [];
      if ((!group || group.mayMatch(input.doc.text)) && any.some((p) => hasMatch(p, input.doc.text))) return [];
      return missing(input);
    };
    if (group) check.candidateAnchors = () => group.anchors;
    return check;
  },
  withoutCandidates: missing,
};

/** The finding of a reply that matches none of the patterns (none when the reply is blank). */
function missing({ doc }: CheckInput): RawMatch[] {
  if (doc.isBlank()) return [];
  // Starts at the first visible word (not in front matter); ends in the source, after a final URL.
  const start = doc.text.search(/\S/u);
  const end = doc.source.trimEnd().length;
  return [{ span: { start, end } }];
}
