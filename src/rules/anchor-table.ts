import { readFileSync, writeFileSync } from 'node:fs';
import { requiredAnchors, type RecordedPattern } from '../engine/pattern/index.js';
import type { Lang } from '../lang/detect.js';
import { patternEnvs, type PatternEnvs } from './load.js';

/**
 * Build-time tables of the built-in patterns' literal anchors (see src/engine/pattern/anchors.ts),
 * one file per language (a reply reads only its own), keyed by the pattern and its flags: a
 * pattern edited after the build simply misses and is analysed at run time, so a table can never
 * give a stale answer.
 */
export const anchorTableFile = (lang: string | undefined) => new URL(`../pattern-anchors.${lang ?? 'any'}.json`, import.meta.url);

/** Pattern environments that use the tables, each read on the first pattern of its language that runs. */
export function builtinPatternEnvs(): PatternEnvs {
  return patternEnvs((lang) => {
    let table: Map<string, string[]> | undefined;
    const read = () => {
      try {
        // Pairs, not an object: JSON.parse would intern every key (the patterns, 60 KB); ASCII, so
        // decoded as latin1 without UTF-8 work.
        return new Map(JSON.parse(readFileSync(anchorTableFile(lang)).toString('latin1')) as [string, string[]][]);
      } catch {
        return new Map<string, string[]>(); // no table (a source checkout before its build): analysed as they run
      }
    };
    return { lang, anchorTable: (key) => (table ??= read()).get(key) };
  });
}

/** Writes the tables for every pattern compiled while `load` runs in the environments given; returns how many entries. */
export function writeAnchorTable(load: (envs: PatternEnvs) => void): number {
  const recorded = new Map<Lang, RecordedPattern[]>();
  load(patternEnvs((lang) => ({ lang, recorder: recorded.set(lang, recorded.get(lang) ?? []).get(lang) })));
  const tables = new Map<string, Record<string, string[]>>();
  for (const [lang, patterns] of recorded) {
    const table = tables.get(lang) ?? {};
    tables.set(lang, table);
    for (const pattern of patterns) {
      // A long alternation is also checked branch by branch (BoundedPattern.branches).
      const branches = pattern.alternationParts() ?? [];
      for (const p of [pattern, ...branches]) table[p.anchorKey] ??= requiredAnchors(p.runSource);
    }
  }
  for (const [lang, table] of tables)
    writeFileSync(
      anchorTableFile(lang),
      JSON.stringify(Object.entries(table)).replace(
        /[\u007f-\uffff]/g,
        (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      ),
    );
  return [...tables.values()].reduce((n, t) => n + Object.keys(t).length, 0);
}
