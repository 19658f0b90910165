import type { AnyRuleType } from './rule.js';
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

/**
 * The one list of rule types, both kinds: those that check one reply (`kind: 'reply'`) and those
 * that judge a whole run (`kind: 'corpus'`). A new type is a new module plus one line here.
 */
export const RULE_TYPES: ReadonlyMap<string, AnyRuleType> = new Map(
  (
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
      cannedDuplicate,
      classifier,
    ] as AnyRuleType[]
  ).map((t) => [t.name, t]),
);
