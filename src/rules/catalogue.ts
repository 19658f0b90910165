import type { CompiledRule, RuleNeed } from '../engine/rule.js';
import { RULE_TYPES } from '../engine/registry.js';

export interface CatalogueEntry {
  /** The English rule's metadata when there is one (descriptions are read in English). */
  rule: CompiledRule;
  langs: string[];
}

/**
 * One entry per rule id with the languages it exists in, sorted by tip then id: what
 * `replylint rules` prints and what the README's rules table shows.
 */
export function ruleCatalogue(rules: readonly CompiledRule[]): CatalogueEntry[] {
  const byId = new Map<string, CatalogueEntry>();
  for (const rule of rules) {
    const entry = byId.get(rule.id);
    if (!entry) byId.set(rule.id, { rule, langs: [rule.lang] });
    else {
      if (rule.lang === 'en') entry.rule = rule;
      if (!entry.langs.includes(rule.lang)) entry.langs.push(rule.lang);
    }
  }
  for (const entry of byId.values()) entry.langs.sort();
  return [...byId.values()].sort((a, b) => a.rule.tip - b.rule.tip || (a.rule.id < b.rule.id ? -1 : a.rule.id > b.rule.id ? 1 : 0));
}

/** What a rule is silent without: its type's needs, and the message answered when it has `when`. */
export function ruleNeeds(rule: CompiledRule): RuleNeed[] {
  const needs = new Set<RuleNeed>(RULE_TYPES.get(rule.type)?.needs ?? []);
  if (rule.when.length > 0) needs.add('message');
  return [...needs].sort();
}

/** A rule as the library's `loadRules()` and `replylint rules --format json` describe it. */
export interface RuleDescription {
  id: string;
  family: string;
  tip: number;
  level: 'suggestion' | 'warning' | 'error';
  type: string;
  langs: string[];
  description: string;
  why?: string;
  suggest?: string;
  /** Conditions on the message answered; the rule runs when any holds (empty: always). */
  when: string[];
  /** What the rule is silent without besides the reply: the message answered, brand settings, the received time. */
  needs: RuleNeed[];
}

/** The description of one catalogue entry (one shape for the library and the CLI's JSON). */
export function describeRule({ rule, langs }: CatalogueEntry): RuleDescription {
  return {
    id: rule.id,
    family: rule.family,
    tip: rule.tip,
    level: rule.level,
    type: rule.type,
    langs,
    description: rule.description,
    ...(rule.why ? { why: rule.why } : {}),
    ...(rule.suggest ? { suggest: rule.suggest } : {}),
    when: rule.when,
    needs: ruleNeeds(rule),
  };
}
