import { createRequire } from 'node:module';
import type { Lang } from './detect.js';

interface Stemmer {
  stem(word: string): string;
}

/**
 * natural's Porter stemmers (Snowball's French one for fr), loaded by deep import on first use:
 * requiring all of natural costs more than half a second, and only rules with `stem: true` need
 * a stemmer. Both lower-case their input, so stems compare case-insensitively.
 */
const MODULES: Record<Lang, string> = {
  en: 'natural/lib/natural/stemmers/porter_stemmer.js',
  fr: 'natural/lib/natural/stemmers/porter_stemmer_fr.js',
};
const stemmers = new Map<Lang, Stemmer>();

export function stemmerFor(lang: Lang): Stemmer {
  let stemmer = stemmers.get(lang);
  if (!stemmer) {
    stemmer = createRequire(import.meta.url)(MODULES[lang]) as Stemmer;
    stemmers.set(lang, stemmer);
  }
  return stemmer;
}

export function stem(word: string, lang: Lang): string {
  return stemmerFor(lang).stem(word.toLowerCase());
}
