import type { CorpusRuleType, RuleType } from './rule.js';
import { cannedDuplicate } from './types/canned-duplicate.js';
import { capitalization } from './types/capitalization.js';
import { classifier } from './types/classifier.js';
import { existence } from './types/existence.js';
import { languageMismatch } from './types/language-mismatch.js';
import { occurrence } from './types/occurrence.js';
import { placeholder } from './types/placeholder.js';
import { requires } from './types/requires.js';
import { sentiment } from './types/sentiment.js';
import { substitution } from './types/substitution.js';
import { slowResponse } from './types/slow-response.js';
import { staleDate } from './types/stale-date.js';
import { voiceMix } from './types/voice-mix.js';
import { wrongAccount } from './types/wrong-account.js';

/** The one list of rule types. A new type is a new module plus one line here. */
export const RULE_TYPES: ReadonlyMap<string, RuleType> = new Map(
  [
    existence,
    substitution,
    occurrence,
    capitalization,
    sentiment,
    requires,
    voiceMix,
    wrongAccount,
    slowResponse,
    staleDate,
    placeholder,
    languageMismatch,
    classifier,
  ].map((t) => [t.name, t]),
);

/** Rule types that judge the whole run at once (after every reply), e.g. near-duplicate templates. */
export const CORPUS_RULE_TYPES: ReadonlyMap<string, CorpusRuleType> = new Map([cannedDuplicate].map((t) => [t.name, t]));
