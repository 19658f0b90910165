import { readFileSync, writeFileSync } from 'node:fs';
import { requiredAnchors, type RecordedPattern } from '../engine/pattern/index.js';
import type { Lang } from '../lang/detect.js';
import { patternEnvs, type PatternEnvs } from './load.js';

/**
 * Build-time tables of the built-in patterns' literal anchors (see src/engine/pattern/anchors.ts),
 * one file per language (a reply reads only its own), keyed by the pattern and its flags: a
 * pattern edited after the build simply misses and is analysed at run time, so a table can never
 * give a stale answer.
 *
 * Layout (UTF-8 text): per pattern, its key, ENTRY_FIELD, its anchors joined by ANCHOR, then
 * ENTRY_END. A run asks for nearly every key of its language (some 500 of 560), yet parsing the
 * whole table as JSON (an array per pattern, a string per anchor: 5,000 objects) cost more than
 * a millisecond of each pre-send check: here the run only cuts the text at the separators, and
 * splits a pattern's anchors when that pattern asks. The separators are control characters no
 * built-in pattern holds (the build checks): a key that holds one is in no table, so it misses.
 */
export const anchorTableFile = (lang: string | undefined) => new URL(`../pattern-anchors.${lang ?? 'any'}.txt`, import.meta.url);
const ENTRY_END = '\u0000';
const ENTRY_FIELD = '\u0001';
const ANCHOR = '\u0002';
const SEPARATORS = /[\u0000-\u0002]/;

/** A table's text as key -> its anchors, still joined (split on first use). */
function tableEntries(text: string): Map<string, string> {
  const entries = new Map<string, string>();
  for (let start = 0; start < text.length; ) {
    const field = text.indexOf(ENTRY_FIELD, start);
    const end = text.indexOf(ENTRY_END, field);
    if (field < 0 || end < 0) break; // a truncated file: what was read whole still serves
    entries.set(text.slice(start, field), text.slice(field + 1, end));
    start = end + 1;
  }
  return entries;
}

/** A language's table: pattern key -> anchors (absent: not a built-in pattern as built). */
export function readAnchorTable(lang: string | undefined): Map<string, string> {
  try {
    return tableEntries(readFileSync(anchorTableFile(lang), 'utf8'));
  } catch {
    return new Map(); // no table (a source checkout before its build): analysed as they run
  }
}

/** The anchors of one entry of a table read by readAnchorTable. */
export const entryAnchors = (joined: string): string[] => (joined === '' ? [] : joined.split(ANCHOR));

/** Pattern environments that use the tables, each read on the first pattern of its language that runs. */
export function builtinPatternEnvs(): PatternEnvs {
  return patternEnvs((lang) => {
    let table: Map<string, string> | undefined;
    return {
      lang,
      anchorTable: (key) => {
        const joined = (table ??= readAnchorTable(lang)).get(key);
        return joined === undefined ? undefined : entryAnchors(joined);
      },
    };
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
  for (const [lang, table] of tables) {
    const entries = Object.entries(table);
    for (const [key, anchors] of entries)
      if ([key, ...anchors].some((text) => SEPARATORS.test(text)) || anchors.includes(''))
        throw new Error(`anchor table: the pattern ${JSON.stringify(key)} holds a separator (U+0000-U+0002) or an empty anchor`);
    writeFileSync(
      anchorTableFile(lang),
      entries.map(([key, anchors]) => `${key}${ENTRY_FIELD}${anchors.join(ANCHOR)}${ENTRY_END}`).join(''),
    );
  }
  return [...tables.values()].reduce((n, t) => n + Object.keys(t).length, 0);
}
