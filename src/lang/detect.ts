import { foldAccents } from './fold.js';

/**
 * English/French detection for short replies. General-purpose detectors (trigram models such
 * as franc) need ~50+ characters to be reliable and load large tables; a reply is often one
 * line, and we only need to choose between two languages. Function words decide it well:
 * each language has a short list of very frequent words the other does not use, plus French
 * elisions (l', d', qu'...) and accented letters.
 */
export type Lang = 'en' | 'fr';
export const LANGS: readonly Lang[] = ['en', 'fr'];

const EN = new Set(
  (
    'the a an and or but is are was were be been to of in on for with at by from this that these those ' +
    'it its you your yours we our us i my me he she they them their have has had do does did not no ' +
    'can could would should will shall may might please thanks thank sorry hi hello dear what why how ' +
    'when where which who there here about just so if then than as any some all get got ' +
    'now still again only out up down off more very too because since while into over after before ' +
    'being done ours'
  ).split(' '),
);
const FR = new Set(
  (
    'le la les un une des du de et ou mais est sont était être été à au aux en dans pour avec par sur ' +
    'ce cet cette ces il elle ils elles vous votre vos nous notre nos je mon ma mes me moi on ne pas ' +
    'plus que qui quoi pourquoi comment quand où y a ai avez avons ont fait faire merci désolé désolée ' +
    'bonjour bonsoir salut cher chère très bien si alors comme tout tous toute toutes chez sans ' +
    'leur leurs lui son sa ses se sommes êtes été c j l d n s t qu ' +
    'tu te toi ton ta tes oui non rien jamais toujours déjà aussi encore ici là ça cela ceci avoir ' +
    'peut faut sera suis es va vais vont sous entre après avant depuis pendant donc car puis quel ' +
    'quelle quels quelles voici voilà'
  ).split(' '),
);
// Further frequent words, for detection only (not function words): they decide one-line replies
// such as "Tant pis." or "Calm down." that have no function word at all.
const EN_HINTS = new Set(
  'yes stop one like know see let look well good great luck deal calm okay need want sure really team check send order help back soon'.split(
    ' ',
  ),
);
const FR_HINTS = new Set(
  'voir allez tant pis font bonne bon journée soirée svp stp mp envoyez vérifions regardons dites'.split(' '),
);
const FRENCH_LETTERS = /[àâçéèêëîïôûùüÿœæ]/giu;

export interface Detection {
  lang: Lang | undefined;
  en: number;
  fr: number;
}

/** French elisions come first (l'avion, qu'il, t'es); English contractions come last (it's, don't). */
const ELISIONS = new Set(['c', 'd', 'j', 'l', 'm', 'n', 's', 't', 'qu', 'jusqu', 'lorsqu', 'puisqu', 'quoiqu']);
const CONTRACTIONS = new Set(['s', 't', 're', 'll', 've', 'm', 'd']);
// Endings only French words have (allez, voir, heureux); shared ones such as -tion/-ment/-ons are left out.
// The regexes with Unicode properties are literals inside the functions that use them: made at
// first use, not at every start (parsing \p{L} costs a fraction of a millisecond each).
const frenchEnding = () => /\p{L}{2}(ez|oir|eux|euse|aient|eaux|ième)$/u;
const ENDINGS = ['ez', 'oir', 'eux', 'euse', 'aient', 'eaux', 'ième'];

/**
 * FRENCH_ENDING.test(word) for a word of letters, without a regex per word: an ending, after two
 * letters at least (code points: a word with a surrogate pair is left to the regex).
 */
function hasFrenchEnding(word: string, bmp = false): boolean {
  if (!bmp && /[\uD800-\uDFFF]/.test(word)) return frenchEnding().test(word);
  // Most words end in a letter no ending ends in: one read rules them out.
  if (!ENDING_LAST.has(word.charCodeAt(word.length - 1))) return false;
  for (const ending of ENDINGS) if (word.length - ending.length >= 2 && word.endsWith(ending)) return true;
  return false;
}
const ENDING_LAST = new Set(ENDINGS.map((ending) => ending.charCodeAt(ending.length - 1)));

// Which language's word lists hold a word (one lookup per word: detection runs on every reply).
const IS_EN = 1;
const IS_FR = 2;
const VOTES = new Map<string, number>();
for (const word of [...EN, ...EN_HINTS]) VOTES.set(word, IS_EN);
// Each French word also without its accents ("desole", "deja"): the reply's text is folded
// (src/lang/fold.ts), and people type French without accents anyway.
for (const word of [...FR, ...FR_HINTS])
  for (const form of new Set([word, foldAccents(word)])) VOTES.set(form, (VOTES.get(form) ?? 0) | IS_FR);
export function scoreLanguage(text: string): Detection {
  return text.includes('\u0130') ? scoreByRegex(text) : scanWords(text).detection;
}

/**
 * The votes of a word: the scores move by what it adds (a function word of a language, or a
 * French ending). One function for both paths, so that they cannot drift apart.
 */
function votesOf(word: string, bmp = false): { en: number; fr: number } {
  const votes = VOTES.get(word) ?? 0;
  // Two letters and an ending: four code units at least.
  const fr = votes & IS_FR ? 1 : word.length >= 4 && hasFrenchEnding(word, bmp) ? 0.5 : 0;
  return votes & IS_EN
    ? fr === 1
      ? BOTH
      : fr === 0.5
        ? EN_HALF
        : EN_ONLY
    : fr === 1
      ? FR_ONLY
      : fr === 0.5
        ? FR_HALF
        : NONE;
}
const BOTH = { en: 1, fr: 1 };
const EN_HALF = { en: 1, fr: 0.5 };
const EN_ONLY = { en: 1, fr: 0 };
const FR_ONLY = { en: 0, fr: 1 };
const FR_HALF = { en: 0, fr: 0.5 };
const NONE = { en: 0, fr: 0 };

/** The first definition, kept for the one character whose lower case is longer (U+0130, İ). */
export function scoreByRegex(text: string): Detection {
  let en = 0;
  let fr = 0;
  const count = (word: string) => {
    const votes = votesOf(word);
    en += votes.en;
    fr += votes.fr;
  };
  const folded = text.toLowerCase().replace(/[\u2019\u2018\u02BC]/gu, "'");
  // A word, and the word after an apostrophe joined to it ("l'avion", "don't").
  const word = /(\p{L}+)(?:'(\p{L}+))?/gu;
  for (let m = word.exec(folded); m !== null; m = word.exec(folded)) {
    const head = m[1]!;
    const tail = m[2];
    if (tail === undefined) count(head);
    else if (ELISIONS.has(head)) (fr++, count(tail));
    else if (CONTRACTIONS.has(tail)) (en++, count(head));
    else (count(head), count(tail));
  }
  fr += 0.5 * (text.match(FRENCH_LETTERS)?.length ?? 0);
  const lang = en === fr ? undefined : en > fr ? 'en' : 'fr';
  return { lang, en, fr };
}

// Character classes for the one-pass scan: what a word token is made of ([\p{L}\p{N}\p{M}]), what
// a detection word is made of (\p{L}), apostrophes, FRENCH_LETTERS (any case). ASCII is known;
// other code points are worked out on first sight (a fixed property of Unicode, memoised).
const LETTER = 1;
const TOKEN = 2;
const APOSTROPHE = 4;
const FRENCH = 8;
const KNOWN = 16;
const classes = new Uint8Array(0x10000);
const astralClasses = new Map<number, number>();

function classOf(code: number): number {
  const known = code <= 0xffff ? classes[code]! : (astralClasses.get(code) ?? 0);
  if (known !== 0) return known;
  const ch = String.fromCodePoint(code);
  let c = KNOWN;
  if (/^[\p{L}\p{N}\p{M}]$/u.test(ch)) c |= TOKEN;
  // Detection folds the apostrophes to ' first: U+02BC, a letter, is then none.
  if (ch === "'" || ch === '\u2019' || ch === '\u2018' || ch === '\u02BC') c |= APOSTROPHE;
  else if (/^\p{L}$/u.test(ch)) c |= LETTER;
  if (/^[àâçéèêëîïôûùüÿœæ]$/iu.test(ch)) c |= FRENCH;
  if (code <= 0xffff) classes[code] = c;
  else astralClasses.set(code, c);
  return c;
}

/** A word token: letters, digits and marks (what `[\p{L}\p{N}\p{M}]+` finds). */
export interface WordToken {
  start: number;
  end: number;
  text: string;
}

/**
 * One pass over a text gives both its word tokens (the document's) and its language scores: the
 * detection words are the runs of letters inside the tokens, joined across an apostrophe as
 * the regex `(\p{L}+)(?:'(\p{L}+))?` joins them on the lower-cased text. Two regex walks and a
 * lower-cased copy per word were a tenth of an audit. `tokenText`: where the tokens' text is read
 * (the same text with its accents folded: same letters in the same places).
 */
export function scanWords(text: string, tokenText = text): { tokens: WordToken[]; detection: Detection } {
  const tokens: WordToken[] = [];
  // Letter runs, as [start, end) pairs, and the French letters met.
  const runs: number[] = [];
  let french = 0;
  let tokenStart = -1;
  let runStart = -1;
  const end = text.length;
  // No surrogate pair in the text: no word needs the ending regex (see hasFrenchEnding).
  let bmp = true;
  for (let i = 0; i < end;) {
    // A code unit is the code point, but for a surrogate pair (rare: read as one).
    let code = text.charCodeAt(i);
    let width = 1;
    if (code >= 0xd800 && code <= 0xdfff) {
      code = text.codePointAt(i)!;
      if (code > 0xffff) width = 2;
      bmp = false;
    }
    const c = code < LATIN_END && classes[code] !== 0 ? classes[code]! : classOf(code);
    if (c & FRENCH) french++;
    if (c & TOKEN) {
      if (tokenStart < 0) tokenStart = i;
    } else if (tokenStart >= 0) {
      tokens.push({ start: tokenStart, end: i, text: tokenText.slice(tokenStart, i) });
      tokenStart = -1;
    }
    if (c & LETTER) {
      if (runStart < 0) runStart = i;
    } else if (runStart >= 0) {
      runs.push(runStart, i);
      runStart = -1;
    }
    i += width;
  }
  if (tokenStart >= 0) tokens.push({ start: tokenStart, end, text: tokenText.slice(tokenStart, end) });
  if (runStart >= 0) runs.push(runStart, end);

  let en = 0;
  let fr = 0;
  const lower = runs.length > 0 ? text.toLowerCase() : text;
  const count = (word: string) => {
    const votes = votesOf(word, bmp);
    en += votes.en;
    fr += votes.fr;
  };
  for (let k = 0; k < runs.length; k += 2) {
    const head = lower.slice(runs[k]!, runs[k + 1]!);
    // An apostrophe right after the run and a letter right after it: "l'avion", "don't".
    const joined =
      k + 2 < runs.length &&
      runs[k + 2] === runs[k + 1]! + 1 &&
      (classOf(text.charCodeAt(runs[k + 1]!)) & APOSTROPHE) !== 0;
    if (!joined) {
      count(head);
      continue;
    }
    const tail = lower.slice(runs[k + 2]!, runs[k + 3]!);
    k += 2;
    if (ELISIONS.has(head)) (fr++, count(tail));
    else if (CONTRACTIONS.has(tail)) (en++, count(head));
    else (count(head), count(tail));
  }
  fr += 0.5 * french;
  const lang = en === fr ? undefined : en > fr ? 'en' : 'fr';
  return { tokens, detection: { lang, en, fr } };
}

/**
 * The classes of the Latin blocks (below U+0250: ASCII, Latin-1, Latin Extended-A and -B), filled
 * in by ranges instead of asking the regexes: compiling three Unicode-property regexes (one of
 * them case-insensitive) was a few milliseconds of every start, and a loop of ~600 calls in the
 * interpreter most of one. test/lang.test.ts compares the table with the regexes on every code.
 */
export const LATIN_END = 0x250;
function fillLatinClasses(): void {
  const word = KNOWN | TOKEN | LETTER;
  classes.fill(KNOWN, 0, LATIN_END);
  classes.fill(word, 0x41, 0x5b);
  classes.fill(word, 0x61, 0x7b);
  classes.fill(word, 0xc0, LATIN_END);
  for (const code of [0xaa, 0xb5, 0xba]) classes[code] = word;
  classes[0xd7] = classes[0xf7] = KNOWN; // × and ÷
  classes.fill(KNOWN | TOKEN, 0x30, 0x3a); // digits, then superscripts and fractions (\p{N})
  for (const code of [0xb2, 0xb3, 0xb9, 0xbc, 0xbd, 0xbe]) classes[code] = KNOWN | TOKEN;
  classes[0x27] = KNOWN | APOSTROPHE;
  // FRENCH_LETTERS in both cases (no toLowerCase here: outside ASCII it loads ICU's case data).
  for (const ch of 'àâçéèêëîïôûùüÿœæÀÂÇÉÈÊËÎÏÔÛÙÜŸŒÆ') classes[ch.charCodeAt(0)]! |= FRENCH;
}
fillLatinClasses();

/** The class of a code point below LATIN_END, from the table (what the test checks). */
export const latinClassOf = (code: number): number => classes[code]!;

/** classOf as the regexes decide it (what latinClassOf must agree with). */
export function classByRegex(code: number): number {
  classes[code] = 0;
  const c = classOf(code);
  fillLatinClasses();
  return c;
}

/** The reply's language; unknown falls back to English, as the issue asks. */
export function detectLanguage(text: string, fallback: Lang = 'en'): Lang {
  return scoreLanguage(text).lang ?? fallback;
}

export function isLang(value: unknown): value is Lang {
  return value === 'en' || value === 'fr';
}

/** A detection with the evidence behind it, for checks that must not act on a guess. */
export interface LanguageGuess {
  lang: Lang | undefined;
  /** Function-word score of the winning language (how much evidence there is). */
  evidence: number;
  /** 0 (a tie) to 1 (no evidence at all for the other language). */
  margin: number;
}

export function guessLanguage(text: string): LanguageGuess {
  return guessFrom(scoreLanguage(text));
}

/** The guess from scores already worked out (a document's). */
export function guessFrom(detection: Detection): LanguageGuess {
  const { lang, en, fr } = detection;
  const total = en + fr;
  return { lang, evidence: Math.max(en, fr), margin: total === 0 ? 0 : Math.abs(en - fr) / total };
}

/** Confident: enough evidence, and clearly more for one language than for the other. */
export function isConfident(
  guess: LanguageGuess,
  minEvidence = 3,
  minMargin = 0.5,
): guess is LanguageGuess & { lang: Lang } {
  return guess.lang !== undefined && guess.evidence >= minEvidence && guess.margin >= minMargin;
}

/** Very frequent words of a language (articles, pronouns, auxiliaries...), lower-case. */
export function isFunctionWord(word: string, lang: Lang): boolean {
  return (lang === 'fr' ? FR : EN).has(word.toLowerCase());
}
