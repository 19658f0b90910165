import type { CompiledRule } from '../engine/rule.js';

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
