import { requiredAnchors } from './anchors.js';
import { PatternEnv } from './env.js';
import { alternationBranches, COMMON_WORD, lowerLiterals, walkSyntax, WORD } from './language.js';
import { boundaryAt, nextCodePoint } from './text.js';

/**
 * Verification: a pattern that the candidate index lets through is matched here, exactly as the
 * bounded regex would match it, but as cheaply as possible (see BoundedPattern.find).
 */

// "If the match starts with a word character, the previous one is not a word character", i.e.
// the match does not start strictly inside a word; the same for its end.
const bounded = (expanded: string, word: string) =>
  `(?:(?<!${word})|(?!${word}))(?:${expanded})(?:(?!${word})|(?<!${word}))`;

/**
 * What may match a text, asked of the candidate index: a pattern, or a group of patterns (a
 * rule's). The index pays off over many texts: a subscriber joins it on its second text, so a
 * pre-send run (one draft) looks for its few anchors directly, once, and builds no index.
 */
class Prefilter {
  #sub = -1;
  #firstText: string | undefined;
  #firstAnswer = false;

  constructor(
    readonly env: PatternEnv,
    /** What it filters for: its anchors are literals one of which every match contains ([]: none known). */
    private readonly owner: { readonly anchors: readonly string[] },
    /** Matching ignores case: the anchors are looked for in the lower-cased text. */
    private readonly caseless: boolean,
  ) {}

  /**
   * False when the text lacks every anchor (a literal one of which every match needs): then no
   * regex is compiled or run, which is the fate of most patterns on a reply. True says nothing:
   * the regex decides.
   */
  /** Its id in the candidate index, once it has one (-1 before: see mayMatch). */
  get subscriber(): number {
    return this.#sub;
  }

  mayMatch(text: string): boolean {
    if (this.#sub >= 0) return this.env.index.holds(this.caseless ? this.env.texts.lower(text) : text, this.#sub);
    const anchors = this.owner.anchors;
    if (anchors.length === 0) return true;
    const subject = this.caseless ? this.env.texts.lower(text) : text;
    if (this.#firstText === subject) return this.#firstAnswer;
    if (this.#firstText !== undefined) {
      this.#sub = this.env.index.subscribe(anchors);
      return this.env.index.holds(subject, this.#sub);
    }
    this.#firstText = subject;
    return (this.#firstAnswer = anchors.some((anchor) => subject.includes(anchor)));
  }
}

/**
 * A rule pattern with implied word boundaries. It is a RegExp (exec, test, matchAll, replace
 * all work, through find()); `expanded` is the pattern without the boundaries.
 */
export class BoundedPattern extends RegExp {
  readonly expanded: string;
  /** The environment it was compiled in: anchor table, candidate index, text memo. */
  readonly env: PatternEnv;
  // Compiled on first need: [full word class][with match indices].
  readonly #sticky: (RegExp | undefined)[] = [];
  readonly #scout: (RegExp | undefined)[] = [];
  #caseForm: { source: string; flags: string; scout: string } | undefined;
  #anchors: string[] | undefined;
  #branches: BoundedPattern[] | null | undefined;
  readonly #prefilter: Prefilter;

  readonly #flags: string;
  /** Matching ignores case: runs on the lower-cased text (see #form). */
  readonly #caseless: boolean;

  /** (Copies made by String.prototype methods pass only the pattern and flags: they keep its environment.) */
  constructor(pattern: string | BoundedPattern, flags = 'giu', validated = false, env?: PatternEnv) {
    const expanded = typeof pattern === 'string' ? pattern : pattern.expanded;
    // The RegExp itself only validates the pattern (its source is the pattern without the
    // boundaries): parsing the boundary classes for every pattern at load would cost start-up.
    // It validates the form that will run (see #form). A pattern already validated (a built-in
    // rule file identical to the one checked at build time) skips even that: parsing the ~1,000
    // patterns of both languages was a quarter of a pre-send run.
    const caseless = flags.includes('i');
    super(
      validated ? '(?:)' : `(?:${caseless ? lowerLiterals(expanded) : expanded})`,
      caseless ? flags.replace('i', '') : flags,
    );
    this.expanded = expanded;
    this.env = env ?? (typeof pattern === 'string' ? new PatternEnv() : pattern.env);
    this.#flags = flags;
    this.#caseless = caseless;
    this.#prefilter = new Prefilter(this.env, this, caseless);
    this.env.recorder?.push(this);
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

  /** Whether matching ignores case (then it runs over the lower-cased text). */
  get caseless(): boolean {
    return this.#caseless;
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
   * `indices`: the groups' offsets are wanted (exec): otherwise V8 is not asked for them.
   * `to`: only the text before it is searched (firstMatch's scope).
   */
  find(text: string, from: number, anchorsChecked = false, indices = false, to = text.length): RegExpExecArray | null {
    if (!anchorsChecked && !this.mayMatch(text)) return null;
    // A prefix (firstMatch's scope) is cut from the lower-cased whole, which the text memo keeps:
    // lower-casing each cut afresh made a reply with thousands of findings quadratic.
    const whole = this.#caseless ? this.env.texts.lower(text) : text;
    const subject = to < whole.length ? whole.slice(0, to) : whole;
    const form = this.#form();
    const withIndices = indices && this.#caseless ? 1 : 0;
    const scout = (this.#scout[withIndices] ??= new RegExp(
      `(?:${form.scout})`,
      runFlags(form.flags, 'g', withIndices),
    ));
    scout.lastIndex = from;
    // The scout left lookbehinds out: the bounded regex checks every candidate.
    const lookbehind = form.scout !== form.source;
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
      const full = this.env.texts.needsFullWordClass(whole) ? 1 : 0;
      const slot = full * 2 + withIndices;
      const sticky = (this.#sticky[slot] ??= new RegExp(
        bounded(form.source, full ? WORD : COMMON_WORD),
        runFlags(form.flags, 'y', withIndices),
      ));
      sticky.lastIndex = candidate.index;
      const match = sticky.exec(subject);
      if (match) return match;
      scout.lastIndex = nextCodePoint(subject, candidate.index);
    }
    return null;
  }

  /** See Prefilter.mayMatch: false when the text lacks every anchor of the pattern. */
  mayMatch(text: string): boolean {
    return this.#prefilter.mayMatch(text);
  }

  /** Its id in the candidate index, or -1 while it has none (see Prefilter). */
  get subscriber(): number {
    return this.#prefilter.subscriber;
  }

  /** The literals one of which every match contains ([] when unknown). */
  get anchors(): readonly string[] {
    if (this.#anchors === undefined)
      this.#anchors = this.env.anchorTable?.(this.anchorKey) ?? requiredAnchors(this.runSource);
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
    return (
      alternationBranches(this.expanded)?.map((part) => new BoundedPattern(part, this.#flags, true, this.env)) ?? null
    );
  }

  /**
   * Speed: V8 compiles a case-insensitive Unicode regex about three times slower than a
   * case-sensitive one (measured: 110 patterns, 32 ms against 11 ms), and compiling is most of a
   * pre-send run. So a case-insensitive pattern is run case-sensitively, with its literal letters
   * lower-cased, over the lower-cased text (same length, so offsets are unchanged).
   */
  #form(): { source: string; flags: string; scout: string } {
    if (this.#caseForm) return this.#caseForm;
    const flags = this.#flags;
    const source = this.#caseless ? lowerLiterals(this.expanded) : this.expanded;
    const form = { source, flags: this.#caseless ? flags.replace('i', '') : flags, scout: scoutSource(source) };
    return (this.#caseForm = form);
  }

  override exec(text: string): RegExpExecArray | null {
    const sticky = this.sticky || this.global;
    // Groups are read from exec's result: found with their offsets, then given the original case.
    const match = restoreCase(this.find(text, sticky ? this.lastIndex : 0, false, true), text);
    if (match && this.sticky && match.index !== this.lastIndex) return ((this.lastIndex = 0), null);
    if (sticky) this.lastIndex = match ? match.index + match[0].length : 0;
    return match;
  }
}

/**
 * Several patterns asked at once whether any may match (a rule's patterns): one question to the
 * candidate index instead of one per pattern. No anchors (always asked) when one pattern has none.
 */
export class PatternGroup {
  #anchors: readonly string[] | undefined;
  readonly #prefilter: Prefilter;

  constructor(
    private readonly patterns: readonly BoundedPattern[],
    private readonly env: PatternEnv,
    /** The union of the patterns' anchors when known beforehand (the build's, for a built-in rule). */
    anchors?: readonly string[],
  ) {
    this.#anchors = anchors;
    this.#prefilter = new Prefilter(env, this, true);
  }

  /** Whether one of the patterns may match (see Prefilter.mayMatch). */
  mayMatch(text: string): boolean {
    return this.#prefilter.mayMatch(text);
  }

  /**
   * The patterns that may match the text, in their order: what a rule runs. The group's own
   * question first (most rules have no candidate in a reply); then its patterns are read off
   * the text's marks in the index, one array read each, rather than asked one by one (a rule of
   * 120 patterns asked the index 120 times a reply, through the text memo each time).
   */
  candidates(text: string): readonly BoundedPattern[] {
    if (!this.mayMatch(text)) return NONE;
    // The first text is answered without the index (see Prefilter): a pre-send run builds none.
    if (this.#prefilter.subscriber < 0) return this.patterns.filter((pattern) => pattern.mayMatch(text));
    const index = this.env.index;
    const marks = index.marks(this.env.texts.lower(text));
    const found: BoundedPattern[] = [];
    for (const pattern of this.patterns) {
      const sub = pattern.subscriber;
      if (sub >= 0 ? index.candidate(marks, sub) : pattern.mayMatch(text)) found.push(pattern);
    }
    return found;
  }

  /** Every pattern's anchors, or none when one pattern has none. */
  get anchors(): readonly string[] {
    return (this.#anchors ??= unionOfAnchors(this.patterns));
  }
}

/**
 * The patterns' anchors one after the other, or [] when one has none. Repeats are left in: a
 * repeated anchor changes no answer of the candidate index, and building a Set (with the
 * iterators of cold for...of loops) allocated some 650 KB of a pre-send run, half a scavenge.
 */
function unionOfAnchors(patterns: readonly BoundedPattern[]): readonly string[] {
  let total = 0;
  for (let i = 0; i < patterns.length; i++) {
    const count = patterns[i]!.anchors.length;
    if (count === 0) return [];
    total += count;
  }
  const all = new Array<string>(total);
  let k = 0;
  for (let i = 0; i < patterns.length; i++) {
    const anchors = patterns[i]!.anchors;
    for (let j = 0; j < anchors.length; j++) all[k++] = anchors[j]!;
  }
  return all;
}

const NONE: readonly BoundedPattern[] = Object.freeze([]);

/**
 * The candidate question of a group whose anchors are known before its patterns compile (a
 * built-in rule's, from the build's table): whether the lower-cased text holds one of them,
 * answered as the group itself would answer it.
 */
export function anchorFilter(env: PatternEnv, anchors: readonly string[]): { mayMatch(text: string): boolean } {
  return new Prefilter(env, { anchors }, true);
}

/**
 * The group of a rule's patterns, or undefined when some of them cannot be asked together (a
 * plain RegExp, a case-sensitive pattern, another environment): then each is asked on its own.
 * `anchors`: their union as the build worked it out (CompileEnv.candidateAnchors), if known.
 */
export function patternGroup(patterns: readonly RegExp[], anchors?: readonly string[]): PatternGroup | undefined {
  const first = patterns[0];
  if (!(first instanceof BoundedPattern)) return undefined;
  const env = first.env;
  if (!patterns.every((p) => p instanceof BoundedPattern && p.caseless && p.env === env)) return undefined;
  return new PatternGroup(patterns as BoundedPattern[], env, anchors);
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

/**
 * The scout may match more than the pattern, never less: the lookbehinds in front of it that read
 * back over a run of characters (a quantifier in them: {sentence-start}, "not after 'si' and up
 * to 250 characters") are left out of it (dropping an assertion only adds matches), and the
 * sticky bounded regex still checks them, at the scout's candidates only. In front, such a
 * lookbehind is read back at every position of the text, and V8 cannot skip ahead to the
 * pattern's first letters: one of a list of words and a gap of 250 characters cost 500 µs on a
 * 60-character sentence. A short one ("(?<!\\p{L})", "(?<!the )") stays: its check is a few
 * characters, and the scout's own match is then the pattern's (see find), with no bounded regex
 * to compile (a cost of a cold pre-send; so are the lookbehinds in front of a later branch).
 * The source itself when nothing is left out.
 */
export function scoutSource(source: string): string {
  let kept = '';
  let rest = source;
  while (rest.startsWith('(?<=') || rest.startsWith('(?<!')) {
    const end = closingOfFirstGroup(rest) + 1;
    if (end <= 0 || end >= rest.length) break; // nothing would be left to scout for
    const lookbehind = rest.slice(0, end);
    if (!READS_BACK_A_RUN.test(lookbehind)) kept += lookbehind;
    rest = rest.slice(end);
  }
  return kept.length + rest.length === source.length ? source : kept + rest;
}

const READS_BACK_A_RUN = /[*+]|\{\d+,\d*\}/;

/** Where the group that opens the source closes (-1: nowhere), escapes and classes skipped. */
function closingOfFirstGroup(source: string): number {
  let closing = -1;
  walkSyntax(source, (ch, at, depth) => {
    if (ch !== ')' || depth !== 0) return false;
    closing = at;
    return true;
  });
  return closing;
}

/** The flags a regex runs with: g or y, and `d` (match indices) only when the groups are read. */
function runFlags(flags: string, flag: 'g' | 'y', indices: number): string {
  const base = flags.replace(/[gy]/g, '');
  return `${indices && !base.includes('d') ? `${base}d` : base}${flag}`;
}
