import type { Lang } from './detect.js';
import { requireVendored } from '../core/vendor.js';

interface Stemmer {
  stem(word: string): string;
}

/**
 * natural's Porter stemmers (Snowball's French one for fr), bundled at build time into
 * dist/vendor/ (src/tools/vendor.ts) and loaded on first use: only rules with `stem: true` need
 * a stemmer. Both lower-case their input, so stems compare case-insensitively.
 */
let stemmers: Record<Lang, Stemmer> | undefined;

export function stemmerFor(lang: Lang): Stemmer {
  stemmers ??= requireVendored<Record<Lang, Stemmer>>('stemmers');
  return stemmers[lang];
}

export function stem(word: string, lang: Lang): string {
  return stemmerFor(lang).stem(word.toLowerCase());
}
