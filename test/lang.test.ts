import { describe, expect, it } from 'vitest';
import {
  classByRegex,
  detectLanguage,
  LATIN_END,
  latinClassOf,
  scanWords,
  scoreByRegex,
  scoreLanguage,
} from '../src/lang/detect.js';
import { FOLD_FROM, FOLD_TO, foldAccents } from '../src/lang/fold.js';
import { wordTokens } from '../src/document/segment.js';
import fc from 'fast-check';

describe('detectLanguage', () => {
  it.each([
    'Merci !',
    'Tant pis.',
    'Allez voir ailleurs.',
    'Oui',
    'Calmez-vous.',
    'Lisez les CGV.',
    'Suivez votre colis sur https://example.fr/suivi',
  ])('reads the short French reply %j as French', (text) => {
    expect(detectLanguage(text)).toBe('fr');
  });

  it.each([
    'Thanks!',
    'Calm down.',
    'Tough luck.',
    'Stop spamming',
    'Read the FAQ.',
    'Not our problem.',
    "We're on it!",
  ])('reads the short English reply %j as English', (text) => {
    expect(detectLanguage(text)).toBe('en');
  });

  it('counts accented letters as French evidence', () => {
    expect(scoreLanguage('Félicitations').lang).toBe('fr');
    expect(scoreLanguage('Délais').fr).toBeGreaterThan(0);
  });

  it('reads French elisions with either apostrophe', () => {
    for (const text of ["C'est votre faute", 'C\u2019est votre faute', "T'es sérieux ?", "Qu'il attende"]) {
      expect(detectLanguage(text)).toBe('fr');
    }
    expect(scoreLanguage("t'es").fr).toBeGreaterThan(0);
  });

  it('does not take English contractions for French elisions', () => {
    const english = scoreLanguage("It's fine, don't worry, that's ours");
    expect(english.lang).toBe('en');
    expect(english.fr).toBe(0);
  });

  it('falls back to English when it cannot tell', () => {
    expect(detectLanguage('Ok')).toBe('en');
    expect(detectLanguage('Bravo !')).toBe('en');
    expect(detectLanguage('Hello Marie, merci !')).toBe('en');
    expect(detectLanguage('')).toBe('en');
    expect(detectLanguage('Ok', 'fr')).toBe('fr');
  });

  it('lets a longer reply decide by its majority', () => {
    expect(
      detectLanguage('Bonjour Tom, sorry for the delay: your order ships today and we will email you the tracking.'),
    ).toBe('en');
    expect(
      detectLanguage(
        "Hello Léa, désolés pour le retard : votre commande part aujourd'hui et nous vous envoyons le suivi.",
      ),
    ).toBe('fr');
  });
});

describe('the one-pass word scan', () => {
  // Pieces that exercise every class: letters of both languages in both cases, elisions and
  // contractions with every apostrophe, digits, combining marks, emoji, other scripts.
  const pieces = [
    'the',
    'vous',
    "l'",
    'qu’',
    "don't",
    'it‘s',
    'ʼ',
    "'",
    'É',
    'été',
    'e\u0301',
    'Œuvre',
    'ÿ',
    'Ÿ',
    'allez',
    'heureux',
    'ième',
    '42',
    'x2',
    '😀',
    'Ωmega',
    'Σ',
    'ß',
    ' ',
    '  ',
    '\n',
    '.',
    ',',
    '-',
    'A',
    'Z',
    'çà',
    '\u00A0',
    'ﬁ',
    '𝐀',
    '𝐀ez',
  ];
  const textOf = (picks: number[]) => picks.map((k) => pieces[k % pieces.length]).join('');

  it('finds the tokens the regex finds and the scores the regex scoring gives', () => {
    fc.assert(
      fc.property(fc.array(fc.nat(), { maxLength: 24 }), (picks) => {
        const text = textOf(picks);
        const scanned = scanWords(text);
        expect(scanned.tokens).toEqual(wordTokens(text));
        expect(scanned.detection).toEqual(scoreByRegex(text));
      }),
      { numRuns: 3000, seed: 13 },
    );
  });

  it('agrees with the regex scoring on every text, U+0130 included', () => {
    for (const text of ['İstanbul est très belle', "L'İle d'été", 'Thank you İ'])
      expect(scoreLanguage(text)).toEqual(scoreByRegex(text));
  });
});

describe('the tables written out for a quick start', () => {
  it('classifies every Latin code point as the Unicode-property regexes do', () => {
    for (let code = 0; code < LATIN_END; code++) expect([code, latinClassOf(code)]).toEqual([code, classByRegex(code)]);
  });

  it('folds U+00C0-U+017F as NFD without the marks does, where that is one ASCII letter', () => {
    let from = '';
    let to = '';
    for (let code = 0xc0; code <= 0x17f; code++) {
      const ch = String.fromCharCode(code);
      const base = ch.normalize('NFD').replace(/\p{M}+/gu, '');
      if (base.length === 1 && base !== ch && /[A-Za-z]/.test(base)) ((from += ch), (to += base));
    }
    expect([FOLD_FROM, FOLD_TO]).toEqual([from, to]);
    expect(foldAccents('Désolé, numéro')).toBe('Desole, numero');
  });
});
