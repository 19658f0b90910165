import type { Span } from '../../diagnostics.js';
import type { Token } from '../../document/segment.js';
import { isFunctionWord } from '../../lang/detect.js';
import type { Check, RawMatch, RuleType } from '../rule.js';

/**
 * capitalization: shouting. A word is shouted when it has `min_length` letters or more, all
 * upper-case, has no digit, and is not a known acronym (`ignore`). A sentence is flagged when it
 * holds a run of `min_run` shouted words, or when shouted words are `ratio` or more of its words
 * (sentences of four words or more). Runs of acronyms ("HTML, CSS, PHP", "HTC EVO") are not
 * shouting: a run of two must hold a function word ("DO NOT", "THE END"), a longer one need not.
 */
export const capitalization: RuleType = {
  kind: 'reply',
  name: 'capitalization',
  doc: 'runs of words in capitals',
  fields: [
    {
      name: 'min_length',
      type: 'integer',
      default: 2,
      min: 2,
      doc: 'Shortest word, in letters, that counts as capitals.',
    },
    { name: 'min_run', type: 'integer', default: 2, min: 1, doc: 'How many words in capitals in a row are flagged.' },
    {
      name: 'ratio',
      type: 'number',
      default: 0.5,
      min: 0,
      max: 1,
      doc: "Or: the share of the reply's words in capitals past which it is flagged.",
    },
    { name: 'ignore', type: 'strings', doc: 'Words in capitals that are fine (acronyms).' },
  ],
  compile(reader): Check {
    const minLength = reader.number('min_length');
    const minRun = reader.number('min_run');
    const ratio = reader.number('ratio');
    const ignore = new Set(reader.stringList('ignore').map((w) => w.toUpperCase()));

    const isShouted = (word: string): boolean =>
      word.length >= minLength &&
      !hasAsciiLowerCase(word) &&
      word === word.toUpperCase() &&
      word !== word.toLowerCase() &&
      !/\p{N}/u.test(word) &&
      !ignore.has(word);

    return ({ doc }) => {
      const found: RawMatch[] = [];
      // Most replies shout nothing: then no sentence can be flagged, and none need be cut.
      if (!doc.tokens.some((t) => isShouted(t.text))) return found;
      for (const sentence of doc.sentences) {
        const words = tokensWithin(doc.tokens, sentence).filter((t) => /\p{L}/u.test(t.text));
        const shouted = words.map((w) => isShouted(w.text));
        const count = shouted.filter(Boolean).length;
        if (count === 0) continue;
        const run = longestRun(shouted);
        const runWords = words.slice(run.start, run.start + run.length);
        const isSpeech = run.length > 2 || runWords.some((w) => isFunctionWord(w.text, doc.lang));
        if (
          (run.length >= minRun && isSpeech) ||
          (words.length >= 4 && count >= 2 && count / words.length >= ratio && isSpeech)
        ) {
          const first = words[shouted.indexOf(true)]!;
          const last = words[shouted.lastIndexOf(true)]!;
          const span: Span =
            run.length >= minRun
              ? { start: words[run.start]!.start, end: words[run.start + run.length - 1]!.end }
              : { start: first.start, end: last.end };
          found.push({ span });
        }
      }
      return found;
    };
  },
};

/**
 * A word with a letter a-z is not in capitals (upper-casing would change it): this answers for
 * nearly every word without building its upper-case copy, and every reply's words are checked.
 */
function hasAsciiLowerCase(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code >= 97 && code <= 122) return true;
  }
  return false;
}

function longestRun(flags: boolean[]): { start: number; length: number } {
  let best = { start: 0, length: 0 };
  let start = -1;
  flags.forEach((flag, i) => {
    if (!flag) return void (start = -1);
    if (start < 0) start = i;
    if (i - start + 1 > best.length) best = { start, length: i - start + 1 };
  });
  return best;
}

/**
 * The tokens inside a span, found by binary search in the sorted token list: filtering the whole
 * list for every sentence was quadratic (a 400 KB reply of short sentences took 13 s).
 */
function tokensWithin(tokens: readonly Token[], span: Span): Token[] {
  let low = 0;
  let high = tokens.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (tokens[mid]!.start < span.start) low = mid + 1;
    else high = mid;
  }
  const within: Token[] = [];
  for (let i = low; i < tokens.length && tokens[i]!.start < span.end; i++)
    if (tokens[i]!.end <= span.end) within.push(tokens[i]!);
  return within;
}
