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
  ('the a an and or but is are was were be been to of in on for with at by from this that these those ' +
    'it its you your yours we our us i my me he she they them their have has had do does did not no ' +
    "can could would should will shall may might please thanks thank sorry hi hello dear what why how " +
    'when where which who there here about just so if then than as any some all get got ' +
    'now still again only out up down off more very too because since while into over after before ' +
    'being done ours').split(' '),
);
const FR = new Set(
  ('le la les un une des du de et ou mais est sont était être été à au aux en dans pour avec par sur ' +
    'ce cet cette ces il elle ils elles vous votre vos nous notre nos je mon ma mes me moi on ne pas ' +
    'plus que qui quoi pourquoi comment quand où y a ai avez avons ont fait faire merci désolé désolée ' +
    'bonjour bonsoir salut cher chère très bien si alors comme tout tous toute toutes chez sans ' +
    "leur leurs lui son sa ses se sommes êtes été c j l d n s t qu " +
    'tu te toi ton ta tes oui non rien jamais toujours déjà aussi encore ici là ça cela ceci avoir ' +
    'peut faut sera suis es va vais vont sous entre après avant depuis pendant donc car puis quel ' +
    'quelle quels quelles voici voilà').split(' '),
);
// Further frequent words, for detection only (not function words): they decide one-line replies
// such as "Tant pis." or "Calm down." that have no function word at all.
const EN_HINTS = new Set(
  'yes stop one like know see let look well good great luck deal calm okay need want sure really team check send order help back soon'.split(' '),
);
const FR_HINTS = new Set('voir allez tant pis font bonne bon journée soirée svp stp mp envoyez vérifions regardons dites'.split(' '));
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
const FRENCH_ENDING = /\p{L}{2}(ez|oir|eux|euse|aient|eaux|ième)$/u;

// Which language's word lists hold a word (one lookup per word: detection runs on every reply).
const IS_EN = 1;
const IS_FR = 2;
const VOTES = new Map<string, number>();
for (const word of [...EN, ...EN_HINTS]) VOTES.set(word, IS_EN);
// Each French word also without its accents ("desole", "deja"): the reply's text is folded
// (src/lang/fold.ts), and people type French without accents anyway.
for (const word of [...FR, ...FR_HINTS]) for (const form of new Set([word, foldAccents(word)])) VOTES.set(form, (VOTES.get(form) ?? 0) | IS_FR);
/** A word, and the word after an apostrophe joined to it ("l'avion", "don't"). */
const WORD = /(\p{L}+)(?:'(\p{L}+))?/gu;

export function scoreLanguage(text: string): Detection {
  let en = 0;
  let fr = 0;
  const count = (word: string) => {
    const votes = VOTES.get(word) ?? 0;
    if (votes & IS_EN) en++;
    if (votes & IS_FR) fr++;
    // Two letters and an ending: four code units at least.
    else if (word.length >= 4 && FRENCH_ENDING.test(word)) fr += 0.5;
  };
  const folded = text.toLowerCase().replace(/[\u2019\u2018\u02BC]/gu, "'");
  WORD.lastIndex = 0;
  for (let m = WORD.exec(folded); m !== null; m = WORD.exec(folded)) {
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
  const { lang, en, fr } = scoreLanguage(text);
  const total = en + fr;
  return { lang, evidence: Math.max(en, fr), margin: total === 0 ? 0 : Math.abs(en - fr) / total };
}

/** Confident: enough evidence, and clearly more for one language than for the other. */
export function isConfident(guess: LanguageGuess, minEvidence = 3, minMargin = 0.5): guess is LanguageGuess & { lang: Lang } {
  return guess.lang !== undefined && guess.evidence >= minEvidence && guess.margin >= minMargin;
}

/** Very frequent words of a language (articles, pronouns, auxiliaries...), lower-case. */
export function isFunctionWord(word: string, lang: Lang): boolean {
  return (lang === 'fr' ? FR : EN).has(word.toLowerCase());
}
