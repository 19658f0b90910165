import { LINK_MARK } from '../document/document.js';

/**
 * Rule patterns are regular expressions over the reply's masked text, matched case-insensitively
 * with Unicode word boundaries implied at their ends (JavaScript's \b only knows ASCII letters,
 * which breaks on "supprimé" or "déçu").
 *
 * Macros: {link} stands for a link or URL that was in the reply; {sentence-start} matches only at
 * the start of a sentence (after . ! ? : ; or a line break), for imperatives and retorts ("Read
 * the FAQ.", "That's not true") that mean something else mid-sentence; @name includes the patterns of
 * the signal "name" of the same language (so rules share one definition of, say, "asking for
 * the facts").
 */
const WORD = '[\\p{L}\\p{N}\\p{M}_]';
// "If the match starts with a word character, the previous one is not a word character."
const START = `(?:(?<!${WORD})(?=${WORD})|(?!${WORD}))`;
// "If the match ends with a word character, the next one is not a word character."
const END = `(?:(?<=${WORD})(?!${WORD})|(?<!${WORD}))`;

// The run of spaces and opening quotes looked back over is bounded: with `*`, every position of
// a long run of white space rescanned the run (quadratic: 100,000 spaces took six minutes).
const SENTENCE_START = '(?<=^[\\s"\'\u00AB\u201C(]{0,32}|[.!?:;\\n\u2026][\\s"\'\u00AB\u201C(]{0,32})';

export type PatternLookup = (signal: string) => string[] | undefined;

export class PatternError extends Error {}

/** Extra check on every pattern compiled while it is set (e.g. ReDoS analysis of user rules). */
export type PatternGuard = (expandedSource: string) => string | undefined;
let activeGuard: PatternGuard | undefined;

/** Compiles patterns inside fn with a guard; loading is synchronous, so the scope is exact. */
export function withPatternGuard<T>(guard: PatternGuard, fn: () => T): T {
  const previous = activeGuard;
  activeGuard = guard;
  try {
    return fn();
  } finally {
    activeGuard = previous;
  }
}

export function expandPattern(source: string, lookup?: PatternLookup): string {
  return source
    .replace(/\{link\}/g, LINK_MARK)
    .replace(/\{sentence-start\}/g, SENTENCE_START)
    .replace(/@([a-z][a-z0-9-]*)/g, (whole, name: string) => {
      if (!lookup) return whole;
      const included = lookup(name);
      if (!included) throw new PatternError(`unknown signal '@${name}'`);
      return `(?:${included.map((p) => `(?:${p})`).join('|')})`;
    });
}

/** Compiles one rule pattern; throws PatternError with a readable reason. */
export function compilePattern(source: string, lookup?: PatternLookup): RegExp {
  const expanded = expandPattern(source, lookup);
  guardPattern(expanded);
  try {
    return new RegExp(`${START}(?:${expanded})${END}`, 'giu');
  } catch (error) {
    throw new PatternError(`invalid regular expression: ${(error as Error).message}`);
  }
}

/**
 * The guard lets a syntax error through (undefined), so that RegExp reports it in its own words.
 * It sees the pattern without the {sentence-start} lookbehind: that is ours, bounded, and its
 * lookbehind would send the analyser to a fuzzer that misjudges it.
 */
function guardPattern(expanded: string): void {
  const unsafe = activeGuard?.(expanded.split(SENTENCE_START).join(''));
  if (unsafe) throw new PatternError(`unsafe regular expression: ${unsafe}`);
}

/** A literal word or phrase: escaped, and any run of spaces matches any run of white space. */
export function literalToPattern(phrase: string): string {
  return phrase
    .trim()
    .split(/\s+/u)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/'/g, "'"))
    .join('\\s+');
}

export interface PatternMatch {
  start: number;
  end: number;
}

export function* matchAll(regex: RegExp, text: string): Generator<PatternMatch> {
  regex.lastIndex = 0;
  for (let m = regex.exec(text); m !== null; m = regex.exec(text)) {
    if (m[0].length === 0) {
      regex.lastIndex++;
      continue;
    }
    yield { start: m.index, end: m.index + m[0].length };
  }
}

export function firstMatch(regex: RegExp, text: string, from = 0, to = text.length): PatternMatch | undefined {
  // Cut at `to` so that a miss does not scan the rest of a long reply (one scan per candidate
  // finding made long replies quadratic); what comes before `from` stays visible to lookbehinds.
  const scoped = to < text.length ? text.slice(0, to) : text;
  regex.lastIndex = from;
  for (let m = regex.exec(scoped); m !== null && m.index < to; m = regex.exec(scoped)) {
    if (m[0].length === 0) {
      regex.lastIndex++;
      continue;
    }
    if (m.index + m[0].length <= to) return { start: m.index, end: m.index + m[0].length };
  }
  return undefined;
}
