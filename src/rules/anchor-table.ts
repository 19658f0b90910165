import { readFileSync, writeFileSync } from 'node:fs';
import { requiredAnchors } from '../engine/anchors.js';
import { recordPatterns, useAnchorTable } from '../engine/patterns.js';

/**
 * Build-time tables of the built-in patterns' literal anchors (see src/engine/anchors.ts), one
 * file per language (a reply reads only its own), keyed by the pattern and its flags: a pattern
 * edited after the build simply misses and is analysed at run time, so a table can never give
 * a stale answer.
 */
export const anchorTableFile = (lang: string | undefined) => new URL(`../pattern-anchors.${lang ?? 'any'}.json`, import.meta.url);

let installed = false;

/** Lets the engine use the tables, each read on the first pattern of its language that runs. */
export function installAnchorTable(): void {
  if (installed) return;
  installed = true;
  const tables = new Map<string | undefined, Map<string, string[]>>();
  useAnchorTable((key, lang) => {
    let table = tables.get(lang);
    if (table === undefined) {
      try {
        table = new Map(Object.entries(JSON.parse(readFileSync(anchorTableFile(lang), 'utf8')) as Record<string, string[]>));
      } catch {
        table = new Map(); // no table (a source checkout before its build): analysed as they run
      }
      tables.set(lang, table);
    }
    return table.get(key);
  });
}

/** Writes the tables for every pattern compiled while `load` runs; returns how many entries. */
export function writeAnchorTable(load: () => void): number {
  const tables = new Map<string, Record<string, string[]>>();
  for (const pattern of recordPatterns(load)) {
    const table = tables.get(pattern.lang ?? 'any') ?? {};
    tables.set(pattern.lang ?? 'any', table);
    // A long alternation is also checked branch by branch (BoundedPattern.branches).
    const branches = pattern.alternationParts() ?? [];
    for (const p of [pattern, ...branches]) table[p.anchorKey] ??= requiredAnchors(p.runSource);
  }
  for (const [lang, table] of tables) writeFileSync(anchorTableFile(lang === 'any' ? undefined : lang), JSON.stringify(table));
  return [...tables.values()].reduce((n, t) => n + Object.keys(t).length, 0);
}
