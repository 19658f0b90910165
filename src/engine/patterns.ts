import { foldAccents } from '../lang/fold.js';
import { LINK_MARK } from '../document/document.js';
import { AnchorIndex } from './anchor-index.js';
import { requiredAnchors } from './anchors.js';

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
/**
 * Speed: V8 builds a Unicode property class anew in every regex that uses it (about 2 ms per
 * pattern, most of the start-up time of a run with a hundred patterns). Nearly every reply is
 * written within COMMON (Latin letters and accents, punctuation, currency, arrows, dingbats,
 * variation selectors, emoji); on such a text WORD and COMMON_WORD (= WORD ∩ COMMON, checked by
 * test/patterns.test.ts) agree on every character, so the boundaries built from the small
 * class give exactly the same matches. A text with a word character outside COMMON (Greek,
 * Cyrillic, CJK...) is matched with the full class, compiled on first need.
 */
const COMMON = '\\u0000-\\u036f\\u2000-\\u206f\\u20a0-\\u20cf\\u2190-\\u23ff\\u2500-\\u27bf\\ufe00-\\ufe0f\\u{1f300}-\\u{1faff}';
export const COMMON_WORD =
  '[\\u0030-\\u0039\\u0041-\\u005a\\u005f\\u0061-\\u007a\\u00aa\\u00b2-\\u00b3\\u00b5\\u00b9-\\u00ba\\u00bc-\\u00be' +
  '\\u00c0-\\u00d6\\u00d8-\\u00f6\\u00f8-\\u02c1\\u02c6-\\u02d1\\u02e0-\\u02e4\\u02ec\\u02ee\\u0300-\\u036f\\u2776-\\u2793\\ufe00-\\ufe0f]';
export const COMMON_RANGE = `[${COMMON}]`;
export const FULL_WORD = WORD;
const OUTSIDE_COMMON = new RegExp(`[^${COMMON}]`, 'u');
let rareWord: RegExp | undefined;
let lastText: string | undefined;
let lastNeedsFull = false;

/** Whether the text has a word character outside COMMON (then only the full class is exact). */
export function needsFullWordClass(text: string): boolean {
  if (text === lastText) return lastNeedsFull;
  rareWord ??= new RegExp(`(?!${COMMON_RANGE})${WORD}`, 'u');
  lastText = text;
  lastNeedsFull = OUTSIDE_COMMON.test(text) && rareWord.test(text);
  return lastNeedsFull;
}

// "If the match starts with a word character, the previous one is not a word character", i.e.
// the match does not start strictly inside a word; the same for its end.
const bounded = (expanded: string, word: string) => `(?:(?<!${word})|(?!${word}))(?:${expanded})(?:(?!${word})|(?<!${word}))`;

/**
 * A rule pattern with implied word boundaries. It is a RegExp (exec, test, matchAll, replace
 * all work, through find()); `expanded` is the pattern without the boundaries.
 */
export class BoundedPattern extends RegExp {
  readonly expanded: string;
  // Compiled on first need: the sticky form with the common class [0] or the full one [1].
  readonly #sticky: (RegExp | undefined)[] = [];
  #scout: RegExp | undefined;
  #caseForm: { source: string; flags: string; caseless: boolean } | undefined;
  #anchors: string[] | undefined;
  #branches: BoundedPattern[] | null | undefined;
  #anchorIds: Int32Array | undefined;
  #firstText: string | undefined;
  #firstAnswer = false;

  readonly #flags: string;
  /** Matching ignores case: runs on the lower-cased text (see #form). */
  readonly #caseless: boolean;

  /** The language of the rule it belongs to, when known: it picks the built-in anchor table. */
  readonly lang: string | undefined;

  constructor(pattern: string | BoundedPattern, flags = 'giu', validated = false, lang?: string) {
    const expanded = typeof pattern === 'string' ? pattern : pattern.expanded;
    // The RegExp itself only validates the pattern (its source is the pattern without the
    // boundaries): parsing the boundary classes for every pattern at load would cost start-up.
    // It validates the form that will run (see #form). A pattern already validated (a built-in
    // rule file identical to the one checked at build time) skips even that: parsing the ~1,000
    // patterns of both languages was a quarter of a pre-send run.
    const caseless = flags.includes('i');
    super(validated ? '(?:)' : `(?:${caseless ? lowerLiterals(expanded) : expanded})`, caseless ? flags.replace('i', '') : flags);
    this.expanded = expanded;
    this.#flags = flags;
    this.#caseless = caseless;
    this.lang = lang ?? (typeof pattern === 'string' ? undefined : pattern.lang);
    recorder?.push(this);
  }

  /** The source of the regex that runs (literal letters lower-cased when matching ignores case). */
  get runSource(): string {
    return this.#form().source;
  }

  /** What the anchor table is keyed by: known without lower-casing the pattern (which costs). */
  get anchorKey(): string {
    return `${this.#flags}/${this.expanded}`;
  }

  /** The flags asked for (with `i`), so that copies (String.prototype.matchAll) behave the same. */
  override get flags(): string {
    return this.#flags;
  }

  /** The pattern as written, without the boundaries, for code that builds its own RegExp from it. */
  override get source(): string {
    return `(?:${this.expanded})`;
  }

  /**
   * The first match at or after `from`, exactly as the bounded regex finds it, but cheaper: a
   * "scout" without boundaries finds the candidate starts (every bounded match starts where the
   * scout matches) and the bounded regex is tried, sticky, only there. Compiling the boundary
   * classes is most of a pattern's cost and most patterns never match a given draft, so a
   * draft compiles the small scout of every pattern and the bounded form of the few that hit
   * (measured: a third less start-up); in an audit, a boundary lookbehind at the front stops V8
   * from skipping ahead to a pattern's first letters, and the scout lets it (a third less CPU).
   * Plain RegExps do the work: V8 runs a RegExp subclass on a slow path.
   */
  find(text: string, from: number, anchorsChecked = false, to = text.length): RegExpExecArray | null {
    if (!anchorsChecked && !this.mayMatch(text)) return null;
    // A prefix (firstMatch's scope) is cut from the lower-cased whole, which lowerText keeps:
    // lower-casing each cut afresh made a reply with thousands of findings quadratic.
    const whole = this.#caseless ? lowerText(text) : text;
    const subject = to < whole.length ? whole.slice(0, to) : whole;
    const form = this.#form();
    const scout = (this.#scout ??= new RegExp(`(?:${scoutSource(form.source)})`, withFlag(form.flags, 'g')));
    scout.lastIndex = from;
    const lookbehind = form.source.startsWith(SENTENCE_START);
    for (let candidate = scout.exec(subject); candidate !== null; candidate = scout.exec(subject)) {
      // The boundaries hold at both ends of the scout's own match: it is the bounded match (the
      // scout tries the pattern's paths in the same order), and no bounded regex is compiled.
      // Most hits are such; a word inside a longer word ("ban" in "banana") goes on below.
      const start = candidate.index;
      if (!lookbehind) {
        if (!boundaryAt(subject, start)) {
          scout.lastIndex = nextCodePoint(subject, start);
          continue;
        }
        if (boundaryAt(subject, start + candidate[0].length)) return candidate;
      }
      const full = needsFullWordClass(whole) ? 1 : 0;
      const sticky = (this.#sticky[full] ??= new RegExp(bounded(form.source, full ? WORD : COMMON_WORD), withFlag(form.flags, 'y')));
      sticky.lastIndex = candidate.index;
      const match = sticky.exec(subject);
      if (match) return match;
      scout.lastIndex = nextCodePoint(subject, candidate.index);
    }
    return null;
  }

  /**
   * False when the text lacks every anchor of the pattern (a literal one of which every match
   * needs): then no regex is compiled or run, which is the fate of most patterns on a draft.
   * True says nothing: the regex decides.
   */
  mayMatch(text: string): boolean {
    const anchors = this.anchors;
    if (anchors.length === 0) return true;
    const subject = this.#caseless ? lowerText(text) : text;
    if (this.#anchorIds) return anchorIndex.holdsAny(subject, this.#anchorIds, anchors);
    // The index pays off over many texts: a pattern joins it on its second text, so a pre-send
    // run (one draft) looks for its few anchors directly, once, and builds no index.
    if (this.#firstText === subject) return this.#firstAnswer;
    if (this.#firstText !== undefined) {
      this.#anchorIds = anchorIndex.register(anchors);
      return anchorIndex.holdsAny(subject, this.#anchorIds, anchors);
    }
    this.#firstText = subject;
    return (this.#firstAnswer = anchors.some((anchor) => subject.includes(anchor)));
  }

  /** The literals one of which every match contains ([] when unknown). */
  get anchors(): readonly string[] {
    if (this.#anchors === undefined) {
      this.#anchors = anchorTable?.(this.anchorKey, this.lang) ?? requiredAnchors(this.runSource);
    }
    return this.#anchors;
  }

  /**
   * A long top-level alternation (a signal included with @name: some 50 patterns, 4,000
   * characters, 5 ms to compile) as one pattern per branch, or null. Whether any branch matches
   * is whether the whole matches, so a presence check compiles only the branches whose anchors
   * the text holds. Only when every branch has anchors (none matches the empty string) and no
   * backreference ties branches together.
   */
  branches(): BoundedPattern[] | null {
    if (this.#branches !== undefined) return this.#branches;
    const parts = this.alternationParts();
    return (this.#branches = parts?.every((b) => b.anchors.length > 0) ? parts : null);
  }

  /** The branches of a long top-level alternation as patterns of their own (see branches), or null. */
  alternationParts(): BoundedPattern[] | null {
    return alternationBranches(this.expanded)?.map((part) => new BoundedPattern(part, this.#flags, true, this.lang)) ?? null;
  }

  /**
   * Speed: V8 compiles a case-insensitive Unicode regex about three times slower than a
   * case-sensitive one (measured: 110 patterns, 32 ms against 11 ms), and compiling is most of a
   * pre-send run. So a case-insensitive pattern is run case-sensitively, with its literal letters
   * lower-cased, over the lower-cased text (same length, so offsets are unchanged).
   */
  #form(): { source: string; flags: string; caseless: boolean } {
    if (this.#caseForm) return this.#caseForm;
    const flags = this.#flags;
    // `d` (match indices) lets exec() hand back groups as written in the original text.
    const form = flags.includes('i')
      ? { source: lowerLiterals(this.expanded), flags: `${flags.replace('i', '')}${flags.includes('d') ? '' : 'd'}`, caseless: true }
      : { source: this.expanded, flags, caseless: false };
    return (this.#caseForm = form);
  }

  override exec(text: string): RegExpExecArray | null {
    const sticky = this.sticky || this.global;
    const match = restoreCase(this.find(text, sticky ? this.lastIndex : 0), text);
    if (match && this.sticky && match.index !== this.lastIndex) return (this.lastIndex = 0), null;
    if (sticky) this.lastIndex = match ? match.index + match[0].length : 0;
    return match;
  }

}

/** A match found in the lower-cased text, with its strings taken from the original text. */
function restoreCase(match: RegExpExecArray | null, text: string): RegExpExecArray | null {
  if (!match) return match;
  for (let i = 0; i < match.length; i++) {
    const span = match.indices?.[i];
    if (i === 0) match[0] = text.slice(match.index, match.index + match[0].length);
    else if (span) match[i] = text.slice(span[0], span[1]);
  }
  for (const name of Object.keys(match.groups ?? {})) {
    const span = match.indices?.groups?.[name];
    if (span) match.groups![name] = text.slice(span[0], span[1]);
  }
  return match;
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
 * Lower-cases the literal letters of a pattern, never its escapes (\S, \W, \p{Lu}, \u00C9...)
 * nor its group names, whose case is meaningful.
 */
export function lowerLiterals(source: string): string {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    const kept = ch === '\\' ? tokenAt(ESCAPE, source, i) : ch === '(' ? tokenAt(GROUP_NAME, source, i) : undefined;
    if (kept !== undefined) {
      out += kept;
      i += kept.length - 1;
    } else {
      const lower = ch.toLowerCase();
      out += lower.length === 1 ? lower : ch;
    }
  }
  return out;
}

/**
 * The anchors of the built-in patterns, worked out at build time (dist/pattern-anchors.<lang>.json):
 * analysing the ~400 patterns of a language costs about 20 ms, a fifth of a pre-send run. A
 * source the table does not know (a user's rule) is analysed when it first runs.
 */
export type AnchorTable = (key: string, lang: string | undefined) => string[] | undefined;
let anchorTable: AnchorTable | undefined;

export function useAnchorTable(table: AnchorTable): void {
  anchorTable = table;
}

const anchorIndex = new AnchorIndex();

let recorder: BoundedPattern[] | undefined;

/** The patterns compiled while fn runs (the build lists the built-in ones to fill the table). */
export function recordPatterns(fn: () => void): BoundedPattern[] {
  const previous = recorder;
  const recorded: BoundedPattern[] = (recorder = []);
  try {
    fn();
  } finally {
    recorder = previous;
  }
  return recorded;
}

// The last two texts lower-cased: a reply and the message it answers are matched in turns.
let lastSource: string | undefined;
let lastLower = '';
let otherSource: string | undefined;
let otherLower = '';

/** The text lower-cased code unit for code unit (a character whose lower case is longer stays). */
export function lowerText(text: string): string {
  if (text === lastSource) return lastLower;
  if (text === otherSource) {
    [otherSource, otherLower, lastSource, lastLower] = [lastSource, lastLower, otherSource, otherLower];
    return lastLower;
  }
  let lower = text.toLowerCase();
  if (lower.length !== text.length) {
    lower = '';
    for (const ch of text) {
      const l = ch.toLowerCase();
      lower += l.length === ch.length ? l : ch;
    }
  }
  [otherSource, otherLower, lastSource, lastLower] = [lastSource, lastLower, text, lower];
  return lower;
}

/**
 * The scout may match more than the pattern, never less: a leading {sentence-start} lookbehind is
 * left out of it (dropping an assertion at the front only adds matches), so V8 can skip ahead to
 * the pattern's first letters; the sticky bounded regex still checks it.
 */
function scoutSource(expanded: string): string {
  return expanded.startsWith(SENTENCE_START) ? expanded.slice(SENTENCE_START.length) : expanded;
}
// COMMON_WORD is WORD on COMMON, and cheap to build (see COMMON); the full class only for the rest.
const COMMON_WORD_CHAR = new RegExp(`^${COMMON_WORD}$`, 'u');
let wordChar: RegExp | undefined;
/** Whether each BMP code point is a word character (0: not yet known, 1: no, 2: yes). */
const wordCodes = new Uint8Array(0x10000);

function isWordCodePoint(code: number): boolean {
  if (code <= 0xffff && wordCodes[code] !== 0) return wordCodes[code] === 2;
  const ch = String.fromCodePoint(code);
  const word = OUTSIDE_COMMON.test(ch) ? (wordChar ??= new RegExp(`^${WORD}$`, 'u')).test(ch) : COMMON_WORD_CHAR.test(ch);
  if (code <= 0xffff) wordCodes[code] = word ? 2 : 1;
  return word;
}

/** The implied boundary, in code: no word character on one side of the position (as `bounded`). */
function boundaryAt(text: string, index: number): boolean {
  if (index <= 0 || index >= text.length) return true;
  // The code point that ends at index: a surrogate pair counts as one.
  const last = text.charCodeAt(index - 1);
  const high = index >= 2 ? text.charCodeAt(index - 2) : 0;
  const pair = last >= 0xdc00 && last <= 0xdfff && high >= 0xd800 && high <= 0xdbff;
  const before = pair ? text.codePointAt(index - 2)! : last;
  return !isWordCodePoint(before) || !isWordCodePoint(text.codePointAt(index)!);
}

const withFlag = (flags: string, flag: 'g' | 'y') => `${flags.replace(/[gy]/g, '')}${flag}`;
const nextCodePoint = (text: string, index: number) => index + ((text.codePointAt(index) ?? 0) > 0xffff ? 2 : 1);

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
export function compilePattern(source: string, lookup?: PatternLookup, options: { validated?: boolean; lang?: string } = {}): RegExp {
  // Folded like the reply's text (src/lang/fold.ts): "désolé" in a rule also finds "desole".
  const expanded = foldAccents(expandPattern(source, lookup));
  guardPattern(expanded);
  try {
    return new BoundedPattern(expanded, 'giu', options.validated === true && !activeGuard, options.lang);
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

const MIN_BRANCHES = 8;
const MIN_SPLIT_LENGTH = 400;

/**
 * The top-level branches of a long alternation (inside one group that spans the whole source,
 * if any), or null: short patterns, few branches, or backreferences (a branch alone could not
 * compile).
 */
export function alternationBranches(source: string): string[] | null {
  if (source.length < MIN_SPLIT_LENGTH || /\\(?:[1-9]|k<)/.test(source)) return null;
  const cuts: number[] = [];
  let depth = 0;
  let outer = -1; // where the group opened at 0 closes
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === '\\') i++;
    else if (ch === '[') {
      for (i++; i < source.length && source[i] !== ']'; i++) if (source[i] === '\\') i++;
    } else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0 && outer === -1) outer = i;
    else if (ch === '|' && depth === 0) cuts.push(i);
  }
  if (cuts.length === 0 && source.startsWith('(?:') && outer === source.length - 1) return alternationBranches(source.slice(3, -1));
  if (cuts.length + 1 < MIN_BRANCHES) return null;
  return [...cuts, source.length].map((end, k) => source.slice(k === 0 ? 0 : cuts[k - 1]! + 1, end));
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

const NO_MATCHES: readonly PatternMatch[] = Object.freeze([]);

/** Every match, in order. An array, not a generator: called for every pattern on every reply. */
export function matchAll(regex: RegExp, text: string): readonly PatternMatch[] {
  const anchorsChecked = regex instanceof BoundedPattern;
  if (anchorsChecked && !regex.mayMatch(text)) return NO_MATCHES;
  const matches: PatternMatch[] = [];
  let from = 0;
  for (let m = execFrom(regex, text, from, anchorsChecked); m !== null; m = execFrom(regex, text, from, anchorsChecked)) {
    if (m[0].length === 0) {
      from = m.index + 1;
      continue;
    }
    from = m.index + m[0].length;
    matches.push({ start: m.index, end: from });
  }
  return matches;
}

export function firstMatch(regex: RegExp, text: string, from = 0, to = text.length): PatternMatch | undefined {
  // A part holds no anchor the whole text lacks: asked of the whole text, whose marks are kept,
  // rather than of a new cut string for every candidate finding.
  const anchorsChecked = regex instanceof BoundedPattern;
  if (anchorsChecked && !regex.mayMatch(text)) return undefined;
  const branches = anchorsChecked ? regex.branches() : null;
  if (branches) {
    // The whole's first match is the earliest branch match, the first branch on a tie.
    let first: PatternMatch | undefined;
    for (const branch of branches) {
      const m = firstMatch(branch, text, from, to);
      if (m && (!first || m.start < first.start)) first = m;
    }
    return first;
  }
  // Cut at `to` so that a miss does not scan the rest of a long reply (one scan per candidate
  // finding made long replies quadratic); what comes before `from` stays visible to lookbehinds.
  for (let m = execFrom(regex, text, from, anchorsChecked, to); m !== null && m.index < to; m = execFrom(regex, text, from, anchorsChecked, to)) {
    if (m[0].length === 0) {
      from = m.index + 1;
      continue;
    }
    if (m.index + m[0].length <= to) return { start: m.index, end: m.index + m[0].length };
    from = m.index + m[0].length;
  }
  return undefined;
}

/** The first match at or after `from` (rule patterns through their fast path). */
function execFrom(regex: RegExp, text: string, from: number, anchorsChecked = false, to = text.length): RegExpExecArray | null {
  if (regex instanceof BoundedPattern) return regex.find(text, from, anchorsChecked, to);
  regex.lastIndex = from;
  return regex.exec(to < text.length ? text.slice(0, to) : text);
}
