import { LINK_MARK } from '../../document/document.js';
import { foldAccents } from '../../lang/fold.js';

/**
 * The pattern language: what a rule author writes and what it expands to. Rule patterns are
 * regular expressions over the reply's masked text, matched case-insensitively with Unicode word
 * boundaries implied at their ends (JavaScript's \b only knows ASCII letters, which breaks on
 * "supprimé" or "déçu").
 *
 * Macros: {link} stands for a link or URL that was in the reply; {sentence-start} matches only at
 * the start of a sentence (after . ! ? : ; or a line break), for imperatives and retorts ("Read
 * the FAQ.", "That's not true") that mean something else mid-sentence; @name includes the patterns of
 * the signal "name" of the same language (so rules share one definition of, say, "asking for
 * the facts"). A pattern of an `unless` list that begins with {nearby} also cancels a match when it is
 * found in the sentence just before or just after the match's sentence (src/engine/types/existence.ts):
 * a reassurance said next to the rule it follows ("Posts with insults are hidden. Yours stays up.").
 */
export const NEARBY = '{nearby}';
export const WORD = '[\\p{L}\\p{N}\\p{M}_]';
/**
 * Speed: V8 builds a Unicode property class anew in every regex that uses it (about 2 ms per
 * pattern, most of the start-up time of a run with a hundred patterns). Nearly every reply is
 * written within COMMON (Latin letters and accents, punctuation, currency, arrows, dingbats,
 * variation selectors, emoji); on such a text WORD and COMMON_WORD (= WORD ∩ COMMON, checked by
 * test/patterns.test.ts) agree on every character, so the boundaries built from the small
 * class give exactly the same matches. A text with a word character outside COMMON (Greek,
 * Cyrillic, CJK...) is matched with the full class, compiled on first need.
 */
export const COMMON =
  '\\u0000-\\u036f\\u2000-\\u206f\\u20a0-\\u20cf\\u2190-\\u23ff\\u2500-\\u27bf\\ufe00-\\ufe0f\\u{1f300}-\\u{1faff}';
export const COMMON_WORD =
  '[\\u0030-\\u0039\\u0041-\\u005a\\u005f\\u0061-\\u007a\\u00aa\\u00b2-\\u00b3\\u00b5\\u00b9-\\u00ba\\u00bc-\\u00be' +
  '\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u02c1\\u02c6-\\u02d1\\u02e0-\\u02e4\\u02ec\\u02ee\\u0300-\\u036f\\u2776-\\u2793\\ufe00-\\ufe0f]';
export const COMMON_RANGE = `[${COMMON}]`;
export const FULL_WORD = WORD;

// The run of spaces and opening quotes looked back over is bounded: with `*`, every position of
// a long run of white space rescanned the run (quadratic: 100,000 spaces took six minutes).
export const SENTENCE_START = '(?<=^[\\s"\'\u00AB\u201C(]{0,32}|[.!?:;\\n\u2026][\\s"\'\u00AB\u201C(]{0,32})';

/** The patterns of a signal of the rule's language, for @name. */
export type PatternLookup = (signal: string) => string[] | undefined;

export class PatternError extends Error {}

export function expandPattern(source: string, lookup?: PatternLookup): string {
  return (source.startsWith(NEARBY) ? source.slice(NEARBY.length) : source)
    .replace(/\{link\}/g, LINK_MARK)
    .replace(/\{sentence-start\}/g, SENTENCE_START)
    .replace(/@([a-z][a-z0-9-]*)/g, (whole, name: string) => {
      if (!lookup) return whole;
      const included = lookup(name);
      if (!included) throw new PatternError(`unknown signal '@${name}'`);
      return `(?:${included.map((p) => `(?:${p})`).join('|')})`;
    });
}

/** A literal word or phrase: escaped, and any run of spaces matches any run of white space. */
export function literalToPattern(phrase: string): string {
  return phrase
    .trim()
    .split(/\s+/u)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/'/g, "'"))
    .join('\\s+');
}

// Sticky, read at a position: slicing the source at every escape made long patterns quadratic.
const ESCAPE = /\\(?:[pPk]\{[^}]*\}|k<[^>]*>|u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|c[A-Za-z]|[\s\S])/y;
const GROUP_NAME = /\(\?<[A-Za-z_$][^>]*>/y;

/** The token of `token` (sticky) starting at source[i], or undefined. */
function tokenAt(token: RegExp, source: string, i: number): string | undefined {
  token.lastIndex = i;
  return token.exec(source)?.[0];
}

/**
 * Lower-cases the literal letters of a pattern, never its group names nor escapes such as \S, \W,
 * \B, whose case is meaningful. The text is lower-cased too, so an escape that names an upper-case
 * character (\x41, \u0041, \u{C9}) or class (\p{Lu}) is read as the `i` flag reads it: the
 * character's lower case (accent-folded, like the text), any cased letter. Left as written it could never match (issue 12, W2).
 */
export function lowerLiterals(source: string): string {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    const kept = ch === '\\' ? tokenAt(ESCAPE, source, i) : ch === '(' ? tokenAt(GROUP_NAME, source, i) : undefined;
    if (kept !== undefined) {
      out += ch === '\\' ? caselessEscape(kept) : kept;
      i += kept.length - 1;
    } else {
      const lower = ch.toLowerCase();
      out += lower.length === 1 ? lower : ch;
    }
  }
  return out;
}

// Properties that only upper- or title-case letters have: on lower-cased text, any cased letter.
const UPPER_PROPERTY =
  /^\\p\{(?:(?:gc=|General_Category=)?(?:Lu|Lt|Uppercase_Letter|Titlecase_Letter)|Uppercase|Upper|Changes_When_Lowercased|CWL)\}$/;

/** An escape as it must run on lower-cased text (see lowerLiterals). */
function caselessEscape(escape: string): string {
  if (UPPER_PROPERTY.test(escape)) return '\\p{LC}';
  const hex = /^\\(?:x([0-9a-fA-F]{2})|u([0-9a-fA-F]{4})|u\{([0-9a-fA-F]+)\})$/.exec(escape);
  if (!hex) return escape;
  const code = parseInt(hex[1] ?? hex[2] ?? hex[3]!, 16);
  if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return escape;
  const ch = String.fromCodePoint(code);
  // The text is accent-folded as well (src/lang/fold.ts): \u00C9 is read as "e", like a literal É.
  const lower = foldAccents(ch.toLowerCase());
  // A letter's lower case is a letter, never regex syntax: it can stand as a literal (the anchors see it).
  return lower !== ch && [...lower].length === 1 && /^\p{L}$/u.test(lower) ? lower : escape;
}

const MIN_BRANCHES = 8;
const MIN_SPLIT_LENGTH = 400;

/**
 * Walks a regex source's syntax, escapes and character classes skipped: `visit` sees every other
 * character with the group depth after it (a ')' that closes a top-level group sees 0); `true`
 * from it ends the walk. The one scanner of the engine's source analyses.
 */
export function walkSyntax(source: string, visit: (ch: string, at: number, depth: number) => boolean | void): void {
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch === '[') {
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
      continue;
    }
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    if (visit(ch, i, depth) === true) return;
  }
}

/**
 * The top-level branches of a long alternation (inside one group that spans the whole source,
 * if any), or null: short patterns, few branches, or backreferences (a branch alone could not
 * compile).
 */
export function alternationBranches(source: string): string[] | null {
  if (source.length < MIN_SPLIT_LENGTH || /\\(?:[1-9]|k<)/.test(source)) return null;
  const cuts: number[] = [];
  let outer = -1; // where the group opened at 0 closes
  walkSyntax(source, (ch, at, depth) => {
    if (depth !== 0) return;
    if (ch === ')' && outer === -1) outer = at;
    else if (ch === '|') cuts.push(at);
  });
  if (cuts.length === 0 && source.startsWith('(?:') && outer === source.length - 1)
    return alternationBranches(source.slice(3, -1));
  if (cuts.length + 1 < MIN_BRANCHES) return null;
  return [...cuts, source.length].map((end, k) => source.slice(k === 0 ? 0 : cuts[k - 1]! + 1, end));
}
