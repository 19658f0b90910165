/**
 * Literal anchors of a regular expression: a short list of strings such that every match of the
 * pattern contains at least one of them. A text that contains none cannot match, so the
 * pattern's regex is neither compiled nor run on it (ripgrep and Hyperscan call this literal
 * extraction). On a draft, most of a language's ~400 patterns have no anchor in the text, and
 * compiling their regexes was most of a pre-send run.
 *
 * The analysis is a small recursive descent over the regex syntax of the `u` flag. It is sound
 * by construction: whenever it is unsure (classes, backreferences, optional parts), it claims
 * nothing, and the pattern simply runs. test/anchors.test.ts checks soundness on random
 * patterns and texts.
 */

import { LINK_MARK } from '../../document/document.js';

/**
 * A set of strings with how selective it is: the weakest member's length (a rare marker counts
 * as long). Computed once, because the best set is compared at every piece of a pattern.
 */
interface Choice {
  items: readonly string[];
  score: number;
  /** Some item is a very common word (worked out when first compared). */
  common?: boolean;
}

/** What a piece of a pattern is known to match. */
interface Facts {
  /** Every string the piece can match, when that set is small and known; else null. */
  exact: Choice | null;
  /** Strings one of which every match contains (the best known), or null. */
  required: Choice | null;
  /**
   * A repeated piece (`x+`, `x{2,}`) whose copy is known exactly: its fewest copies. They follow
   * what comes before the piece and precede what comes after it, so they extend the literal on
   * both sides ("err+" holds "err", "f\*+k" holds "f*" and "*k"), where the piece alone would end it.
   */
  repeated?: Choice;
}

/** Exact sets multiply in a concatenation: kept small. Required sets only add up: checking a few
 * dozen substrings is still far cheaper than compiling a regex. */
const MAX_EXACT = 24;
const MAX_REQUIRED = 64;
const MIN_SCORE = 3;
/** The weakest anchor set still returned: one character (the choice between sets still prefers MIN_SCORE). */
const MIN_WEAK_SCORE = 1;
/**
 * A text that holds an anchor holds its beginning: anchors are cut to this length, which is
 * selective enough and keeps the index small (multiplied-out phrases made it ten times bigger).
 */
const MAX_LENGTH = 8;
/**
 * Characters rare enough in a reply to be an anchor on their own: the marker the document puts
 * where a link was, and the signs of hashtags, handles, placeholders and markup.
 */
const RARE = new Set([LINK_MARK, '#', '@', '[', '{', '<', '%', '^', '~']);

/** The anchors of a pattern source (as the regex will run it), or [] when it has none worth using. */
export function requiredAnchors(source: string): string[] {
  try {
    const parser = new Parser(source);
    const facts = parser.alternation();
    if (parser.pos !== source.length) return [];
    const best = bestOf(facts.required, facts.exact);
    // A weak set (a "?" or a two-letter word) is still sound, and with the candidate index a
    // subscriber costs next to nothing: every pattern with any anchor gets one.
    return best && best.score >= MIN_WEAK_SCORE
      ? // Superstrings go before the cut: "already answered" is not looked for as "already " when
        // "answered" is an anchor too (a text holding the one holds the other).
        withoutSuperstrings(withoutSuperstrings(best.items).map((item) => item.slice(0, MAX_LENGTH)))
      : [];
  } catch {
    return []; // not understood: no prefilter (the regex itself reports real syntax errors)
  }
}

/** "ban" is in every text that holds "banned": the longer one need not be looked for. */
function withoutSuperstrings(items: readonly string[]): string[] {
  const kept: string[] = [];
  for (const item of [...items].sort((a, b) => a.length - b.length))
    if (!kept.some((k) => item.includes(k))) kept.push(item);
  return kept;
}

function weight(s: string): number {
  let w = 0;
  for (const ch of s) w += RARE.has(ch) ? MIN_SCORE : ch.length;
  return w;
}

function choice(items: readonly string[]): Choice {
  let score = items.length === 0 ? 0 : Infinity;
  for (const item of items) score = Math.min(score, weight(item));
  return { items, score };
}

/**
 * Words in nearly every reply (function words, greetings): an anchor that is one of them rules
 * out almost no text, so a sequence's rarer piece is preferred ("(your|this) (stupid|silly)"
 * is anchored on the adjectives). Only a preference between sound choices: never a reason to
 * claim more than the pattern needs.
 */
const COMMON_WORDS = new Set(
  (
    'the a an and or but if so of to in on at by for from with as is are was were be been am do does did have has had will would can could ' +
    'not no yes you your yours we our ours us i me my it its this that these those they them their there here what how when all just ' +
    'please thanks thank hi hello sorry ' +
    "le la les l' de des du d' un une et ou mais si à au aux en dans par pour sur avec sans est sont été être a ai as avons avez ont " +
    "ne pas plus vous votre vos nous notre nos je j' tu te ton ta tes il elle on ce cet cette ces ça que qui quoi se sa son ses merci bonjour"
  ).split(' '),
);

function isCommon(choice: Choice): boolean {
  return (choice.common ??= choice.items.some((item) => COMMON_WORDS.has(item.trim())));
}

function bestOf(a: Choice | null, b: Choice | null): Choice | null {
  if (!a || a.items.length === 0) return b && b.items.length > 0 ? b : null;
  if (!b || b.items.length === 0) return a;
  const usable = (c: Choice) => c.score >= MIN_SCORE;
  if (usable(a) && usable(b) && isCommon(a) !== isCommon(b)) return isCommon(a) ? b : a;
  return b.score > a.score || (b.score === a.score && b.items.length < a.items.length) ? b : a;
}

function union(sets: readonly Choice[], max: number): Choice | null {
  const all = new Set<string>();
  for (const set of sets) for (const item of set.items) all.add(item);
  return all.size <= max ? choice([...all]) : null;
}

function product(a: Choice, b: Choice): Choice | null {
  if (b.items.length === 1) {
    // The common case: a run of literal characters grows.
    const tail = b.items[0]!;
    return { items: a.items.map((x) => x + tail), score: a.score + b.score };
  }
  if (a.items.length * b.items.length > MAX_EXACT) return null;
  return choice([...new Set(a.items.flatMap((x) => b.items.map((y) => x + y)))]);
}

/** `n` copies of a piece in a row (null when the set would grow too big). */
function power(copy: Choice, n: number): Choice | null {
  if (n > MAX_LENGTH) return null;
  let all: Choice | null = copy;
  for (let i = 1; i < n && all; i++) all = product(all, copy);
  return all;
}

const EMPTY_STRING = choice(['']);
const NOTHING: Facts = { exact: null, required: null };
const EMPTY: Facts = { exact: EMPTY_STRING, required: null };
const literal = (text: string): Facts => ({ exact: choice([text]), required: null });

const CONTROL: Record<string, string> = { n: '\n', r: '\r', t: '\t', f: '\f', v: '\v', '0': '\0' };

// Sticky: read at the parser's position without slicing the source (slicing at every piece made
// the long patterns that include a signal quadratic).
const PLAIN_RUN = /[^\\()[\]{}|.^$?*+]+/y;
const QUANTIFIER_START = '?*+{';
const QUANTIFIER = /(?:[?*+]|\{(\d+)(,\d*)?\})\??/y;
const GROUP_HEAD = /\((?:\?(?:[:=!]|<[=!]|<[A-Za-z_$][\w$]*>))?/y;
const CLASS = /\[((?:\\[\s\S]|[^\]\\])*)\]/y;
const CODE_ESCAPE = /\\(?:u\{([0-9a-fA-F]+)\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2}))/y;
const PROPERTY_OR_NAME = /\\[pPk](?:\{[^}]*\}|<[^>]*>)?/y;

class Parser {
  pos = 0;
  constructor(private readonly src: string) {}

  /** Reads a token at the current position, or returns null and stays. */
  read(token: RegExp): RegExpExecArray | null {
    token.lastIndex = this.pos;
    const match = token.exec(this.src);
    if (match) this.pos += match[0].length;
    return match;
  }

  alternation(): Facts {
    const branches = [this.sequence()];
    while (this.src[this.pos] === '|') {
      this.pos++;
      branches.push(this.sequence());
    }
    if (branches.length === 1) return branches[0]!;
    const exact = branches.every((b) => b.exact)
      ? union(
          branches.map((b) => b.exact!),
          MAX_EXACT,
        )
      : null;
    const perBranch = branches.map((b) => bestOf(b.required, b.exact));
    const required = perBranch.every((r) => r && r.score > 0) ? union(perBranch as Choice[], MAX_REQUIRED) : null;
    return { exact, required };
  }

  /** A concatenation: runs of exactly known pieces are multiplied out into longer literals. */
  sequence(): Facts {
    let run: Choice = EMPTY_STRING;
    let exact: Choice | null = EMPTY_STRING;
    let best: Choice | null = null;
    const endRun = () => {
      best = bestOf(best, run);
      run = EMPTY_STRING;
    };
    while (this.pos < this.src.length && this.src[this.pos] !== '|' && this.src[this.pos] !== ')') {
      const piece = this.literalRun() ?? this.quantified();
      exact = exact && piece.exact ? product(exact, piece.exact) : null;
      if (piece.repeated) {
        // The run ends with the fewest copies; the next run starts with them.
        const longer = product(run, piece.repeated);
        if (longer) run = longer;
        endRun();
        run = piece.repeated;
      } else if (piece.exact) {
        const longer = product(run, piece.exact);
        if (longer) run = longer;
        else {
          endRun();
          run = piece.exact;
        }
      } else {
        endRun();
        best = bestOf(best, piece.required);
      }
    }
    endRun();
    return { exact, required: best };
  }

  /** Plain characters read at once (most of a pattern is words); the last one if it is quantified. */
  literalRun(): Facts | null {
    const start = this.pos;
    const run = this.read(PLAIN_RUN);
    if (!run) return null;
    if (QUANTIFIER_START.includes(this.src[this.pos] ?? '')) {
      // The quantified character is read again on its own (two code units if it is a pair).
      this.pos -= /[\uDC00-\uDFFF]/.test(this.src[this.pos - 1]!) ? 2 : 1;
      if (this.pos === start) return null;
    }
    return literal(this.src.slice(start, this.pos));
  }

  quantified(): Facts {
    const atom = this.atom();
    const q = this.read(QUANTIFIER);
    if (!q) return atom;
    const min = q[0][0] === '+' ? 1 : q[0][0] === '{' ? Number(q[1]) : 0;
    if (q[0][0] === '?')
      return { exact: atom.exact ? union([atom.exact, EMPTY_STRING], MAX_EXACT) : null, required: null };
    if (min === 0) return NOTHING;
    // At least one copy: whatever one copy requires is required.
    const required = bestOf(atom.required, atom.exact);
    const copies = atom.exact ? power(atom.exact, min) : null;
    // Exactly n copies ({n}) is known exactly; more (+, {n,}, {n,m}) is n copies and then some.
    if (copies && q[0][0] === '{' && q[2] === undefined) return { exact: copies, required: null };
    return copies ? { exact: null, required: bestOf(required, copies), repeated: copies } : { exact: null, required };
  }

  atom(): Facts {
    const ch = this.src[this.pos]!;
    if (ch === '(') return this.group();
    if (ch === '[') return this.characterClass();
    if (ch === '\\') return this.escape();
    if (ch === '.') return (this.pos++, NOTHING);
    if (ch === '^' || ch === '$') return (this.pos++, EMPTY);
    if ('*+?{}]'.includes(ch)) throw new SyntaxError(`unexpected ${ch}`);
    const cp = String.fromCodePoint(this.src.codePointAt(this.pos)!);
    this.pos += cp.length;
    return literal(cp);
  }

  group(): Facts {
    const head = this.read(GROUP_HEAD)![0];
    const inner = this.alternation();
    if (this.src[this.pos] !== ')') throw new SyntaxError('unclosed group');
    this.pos++;
    // A lookaround matches no text of its own.
    return head === '(?=' || head === '(?!' || head === '(?<=' || head === '(?<!' ? EMPTY : inner;
  }

  /** Small classes of plain characters ([’'], [ée]) are known exactly; others claim nothing. */
  characterClass(): Facts {
    const close = this.read(CLASS);
    if (!close) throw new SyntaxError('unclosed class');
    const body = close[1]!;
    if (body.startsWith('^') || body.includes('-') || body.includes('\\')) return NOTHING;
    const members = [...new Set(body)];
    return members.length > 0 && members.length <= 4 ? { exact: choice(members), required: null } : NOTHING;
  }

  escape(): Facts {
    const unicode = this.read(CODE_ESCAPE);
    if (unicode) {
      return literal(String.fromCodePoint(parseInt(unicode[1] ?? unicode[2] ?? unicode[3]!, 16)));
    }
    const next = this.src[this.pos + 1];
    if (next === undefined) throw new SyntaxError('trailing backslash');
    if (this.read(PROPERTY_OR_NAME)) return NOTHING;
    this.pos += 2;
    if (next === 'b' || next === 'B') return EMPTY;
    if (next in CONTROL) return literal(CONTROL[next]!);
    const control = this.src[this.pos];
    if (next === 'c' && control !== undefined && /[A-Za-z]/.test(control))
      return (this.pos++, literal(String.fromCharCode(control.charCodeAt(0) % 32)));
    // Classes (\d \s \w...) and backreferences (\1) claim nothing; any other escape is the character.
    return /[dDsSwW1-9]/.test(next) ? NOTHING : literal(next);
  }
}
