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
 * Layout: UTF-8 text; per pattern, its key, ENTRY_FIELD, its anchors joined by ANCHOR, then
 * ENTRY_END; the entries that are all ASCII first, then SECTION, then the others. A run asks for
 * nearly every key of its language (some 500 of 590), yet parsing the whole table as JSON (an
 * array per pattern, a string per anchor: 5,000 objects) cost more than a millisecond of each
 * pre-send check: here the run only cuts the text at the separators, and splits a pattern's
 * anchors when that pattern asks. The ASCII section (all but some 30 entries) is read one
 * character per byte (latin1: no decoding, a one-byte string); the rest is decoded as UTF-8, so
 * that every key and anchor is the pattern's own string (converting each non-ASCII key and
 * anchor through a Buffer as it was asked cost about a millisecond of a pre-send check, and
 * decoding the whole table made it a two-byte string of twice the memory). The separators are
 * control characters no built-in pattern holds, and every built-in key is well-formed text
 * without U+FFFD (the build checks): a key holding a separator, a lone surrogate or U+FFFD is in
 * no table, so it misses.
 */
export const anchorTableFile = (lang: string | undefined) => new URL(`../pattern-anchors.${lang ?? 'any'}.txt`, import.meta.url);
const ENTRY_END = '\u0000';
const ENTRY_FIELD = '\u0001';
const ANCHOR = '\u0002';
const SECTION = '\u0003';
const SEPARATORS = /[\u0000-\u0003]/;
const ASCII = /^[\u0000-\u007f]*$/;

/** A language's table as the build wrote it: pattern key -> its anchors. */
export class BuiltAnchorTable {
  /** Key -> its anchors, still joined. */
  readonly #entries = new Map<string, string>();

  /** `texts`: the sections of the file, decoded (see the layout above). */
  constructor(...texts: string[]) {
    for (const text of texts)
      for (let start = 0; start < text.length; ) {
        const field = text.indexOf(ENTRY_FIELD, start);
        const end = text.indexOf(ENTRY_END, field);
        if (field < 0 || end < 0) break; // a truncated file: what was read whole still serves
        this.#entries.set(text.slice(start, field), text.slice(field + 1, end));
        start = end + 1;
      }
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The anchors of a built-in pattern (by its key); undefined for any other. */
  anchors(key: string): string[] | undefined {
    const joined = this.#entries.get(key);
    if (joined === undefined) return undefined;
    return joined === '' ? [] : joined.split(ANCHOR);
  }

  /** Every key. */
  keys(): string[] {
    return [...this.#entries.keys()];
  }
}

/** A language's table (empty when there is none: a source checkout before its build). */
export function readAnchorTable(lang: string | undefined): BuiltAnchorTable {
  try {
    const bytes = readFileSync(anchorTableFile(lang));
    const section = bytes.indexOf(SECTION.charCodeAt(0));
    if (section < 0) return new BuiltAnchorTable(bytes.toString('latin1'));
    return new BuiltAnchorTable(bytes.toString('latin1', 0, section), bytes.toString('utf8', section + 1));
  } catch {
    return new BuiltAnchorTable(''); // patterns are then analysed as they run
  }
}

/** Pattern environments that use the tables, each read on the first pattern of its language that runs. */
export function builtinPatternEnvs(): PatternEnvs {
  return patternEnvs((lang) => {
    let table: BuiltAnchorTable | undefined;
    return { lang, anchorTable: (key) => (table ??= readAnchorTable(lang)).anchors(key) };
  });
}

/** Whether the table can hold this text as it is (see the layout above). */
const storable = (text: string) =>
  !SEPARATORS.test(text) && !text.includes('\ufffd') && Buffer.from(text, 'utf8').toString('utf8') === text;

/** Writes the tables for every pattern compiled while `load` runs in the environments given; returns how many entries. */
export function writeAnchorTable(load: (envs: PatternEnvs) => void): number {
  const recorded = new Map<Lang, RecordedPattern[]>();
  const checks = new Map<Lang, Map<string, () => readonly string[]>>();
  load(
    patternEnvs((lang) => ({
      lang,
      recorder: recorded.set(lang, recorded.get(lang) ?? []).get(lang),
      ruleRecorder: checks.set(lang, checks.get(lang) ?? new Map()).get(lang),
    })),
  );
  const tables = new Map<string, Record<string, string[]>>();
  for (const [lang, patterns] of recorded) {
    const table = tables.get(lang) ?? {};
    tables.set(lang, table);
    for (const pattern of patterns) {
      // A long alternation is also checked branch by branch (BoundedPattern.branches).
      const branches = pattern.alternationParts() ?? [];
      for (const p of [pattern, ...branches]) table[p.anchorKey] ??= requiredAnchors(p.runSource);
    }
    // A rule's (or signal's) candidate anchors, the union of its patterns' (see Check.candidateAnchors):
    // a run decides the rule from them without compiling its patterns. None when a pattern has none.
    for (const [key, anchors] of checks.get(lang) ?? []) {
      const union = [...new Set(anchors())];
      if (union.length > 0) table[key] = union;
    }
  }
  for (const [lang, table] of tables) {
    const entries = Object.entries(table);
    for (const [key, anchors] of entries)
      if (![key, ...anchors].every(storable) || anchors.includes(''))
        throw new Error(`anchor table: the pattern ${JSON.stringify(key)} holds a separator (U+0000-U+0003), U+FFFD, a lone surrogate or an empty anchor`);
    const lines = entries.map(([key, anchors]) => `${key}${ENTRY_FIELD}${anchors.join(ANCHOR)}${ENTRY_END}`);
    const text = `${lines.filter((line) => ASCII.test(line)).join('')}${SECTION}${lines.filter((line) => !ASCII.test(line)).join('')}`;
    writeFileSync(anchorTableFile(lang), Buffer.from(text, 'utf8'));
  }
  return [...tables.values()].reduce((n, t) => n + Object.keys(t).length, 0);
}
