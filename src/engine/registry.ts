import type { CorpusRuleType, RuleType } from './rule.js';
import { cannedDuplicate } from './types/canned-duplicate.js';
import { capitalization } from './types/capitalization.js';
import { existence } from './types/existence.js';
import { occurrence } from './types/occurrence.js';
import { placeholder } from './types/placeholder.js';
import { requires } from './types/requires.js';
import { sentiment } from './types/sentiment.js';
import { substitution } from './types/substitution.js';

/** The one list of rule types. A new type is a new module plus one line here. */
export const RULE_TYPES: ReadonlyMap<string, RuleType | CorpusRuleType> = new Map<string, RuleType | CorpusRuleType>(
  [existence, substitution, occurrence, capitalization, sentiment, requires, placeholder].map((t) => [t.name, t]),
);
/** Corpus rule types judge the whole run; they are registered here too. */
for (const type of [cannedDuplicate]) (RULE_TYPES as Map<string, RuleType | CorpusRuleType>).set(type.name, type);
