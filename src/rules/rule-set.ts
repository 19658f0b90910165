import type { Check, CompiledRule, Example } from '../engine/rule.js';
import type { Lang } from '../lang/detect.js';

/**
 * What loading rules gives (src/rules/load.ts), in a module of its own: the modules the loader
 * uses (a user rule's example check, the message answered) read these types without importing
 * the loader back.
 */

/** A named condition (complaint, question...) evaluated on the message answered. */
export interface CompiledSignal {
  name: string;
  lang: Lang;
  file: string;
  /** Pattern sources, so that rules can include them with @name. */
  sources: string[];
  examples: { flag: Example[]; pass: Example[] };
  check: Check;
}

export interface RuleSet {
  rules: CompiledRule[];
  signals: Map<Lang, Map<string, CompiledSignal>>;
}
