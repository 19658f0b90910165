import { foldAccents } from '../src/lang/fold.js';
import { describe, expect, it } from 'vitest';
import {
  alternationBranches,
  BoundedPattern,
  COMMON_RANGE,
  COMMON_WORD,
  compilePattern,
  expandPattern,
  firstMatch,
  FULL_WORD,
  matchAll,
} from '../src/engine/pattern/index.js';
import { scoutSource } from '../src/engine/pattern/bounded.js';

/** Every code point, as a one-character string (lone surrogates left out). */
function* codePoints(): Generator<string> {
  for (let c = 0; c <= 0x10ffff; c++) if (c < 0xd800 || c > 0xdfff) yield String.fromCodePoint(c);
}

describe('word boundaries of rule patterns', () => {
  it('the small class agrees with the full one on COMMON and never claims a non-word character', () => {
    const small = new RegExp(`^${COMMON_WORD}$`, 'iu');
    const full = new RegExp(`^${FULL_WORD}$`, 'u');
    const common = new RegExp(`^${COMMON_RANGE}$`, 'u');
    const disagreements: string[] = [];
    for (const ch of codePoints()) {
      const inSmall = small.test(ch);
      const inFull = full.test(ch);
      if ((common.test(ch) && inSmall !== inFull) || (inSmall && !inFull))
        disagreements.push(ch.codePointAt(0)!.toString(16));
    }
    expect(disagreements).toEqual([]);
  });

  it('gives the same matches as the full class, including on text outside COMMON', () => {
    const texts = [
      'your fault',
      'yourfault',
      'déçu fault',
      'Жfault',
      'faultЖ',
      'αfault β fault',
      'ノfault',
      '❤️fault',
      'fault_x',
    ];
    for (const text of texts) {
      const fast = [...matchAll(compilePattern('fault'), text)];
      const full = [
        ...matchAll(
          new RegExp(`(?:(?<!${FULL_WORD})|(?!${FULL_WORD}))(?:fault)(?:(?!${FULL_WORD})|(?<!${FULL_WORD}))`, 'giu'),
          text,
        ),
      ];
      expect(fast, text).toEqual(full);
    }
    expect([...matchAll(compilePattern('fault'), 'Жfault')]).toEqual([]);
    expect([...matchAll(compilePattern('fault'), 'ж fault')]).toEqual([{ start: 2, end: 7 }]);
  });

  it('finds exactly what the bounded regex finds, directly and via the scout, on random texts', () => {
    const sources = [
      '{sentence-start}(ban|no)',
      'a?\\.',
      'ban|banned',
      'a+b?',
      "(we|i)('ll| will)? ban",
      '(?<=^|[.!] )no',
      'é+',
      'b(?=a)',
      '[^ ]+ a',
      // Lookbehinds in front, which the scout leaves out (scoutSource): one, two, a wide one, one branch's.
      '(?<!\\p{L})b\\p{L}*',
      '(?<=a )(?<!ba )no',
      '(?<!(?<!\\p{L})(ba|n)[^.!]{0,6})(d|e)+',
      '(?<!e)d|n',
      '(?<![\\]a])[ab]',
      'ba|(?<=(n|d)[^.]{0,4} )(a|b)e|(?<!e)d',
    ];
    // Astral letters (𝐀, 𐐨) are word characters made of two code units: the boundary checks must read them whole.
    const alphabet = [
      'a',
      'b',
      'n',
      'e',
      'd',
      ' ',
      '.',
      '!',
      'é',
      'Ж',
      'w',
      'i',
      "'",
      'l',
      'o',
      '\u0301',
      '😀',
      '𝐀',
      '𐐨',
    ];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    for (const source of sources) {
      const pattern = compilePattern(source); // reused: past its first uses it runs scout + sticky
      // Patterns are folded like the reply's text (src/lang/fold.ts): the reference is too.
      const reference = new RegExp(
        `(?:(?<!${FULL_WORD})|(?!${FULL_WORD}))(?:${foldAccents(expandPattern(source))})(?:(?!${FULL_WORD})|(?<!${FULL_WORD}))`,
        'giu',
      );
      for (let i = 0; i < 600; i++) {
        const text = Array.from(
          { length: 1 + Math.floor(random() * 14) },
          () => alphabet[Math.floor(random() * alphabet.length)],
        ).join('');
        expect([...matchAll(pattern, text)], `${source} on ${JSON.stringify(text)}`).toEqual([
          ...matchAll(reference, text),
        ]);
      }
    }
  });

  it('leaves the lookbehinds in front of a pattern that read back over a run out of its scout, and only those', () => {
    expect(scoutSource('(?<!\\p{L})(?<=a(b|c)[^)]{0,9})ban')).toBe('(?<!\\p{L})ban');
    expect(scoutSource('(?<!\\p{L})ban')).toBe('(?<!\\p{L})ban');
    expect(scoutSource('(?<![\\])(]+)x|y')).toBe('x|y');
    expect(scoutSource('a(?<!b+)c')).toBe('a(?<!b+)c');
    expect(scoutSource('(?<name>a)b')).toBe('(?<name>a)b');
    expect(scoutSource('(?<!a*)')).toBe('(?<!a*)'); // nothing would be left to scout for
    expect(scoutSource('(?<=b (c|d)+)e|(?<!f{1,2})g(h|i)')).toBe('e|(?<!f{1,2})g(h|i)'); // the front only
    expect(scoutSource('(a|(?<=b*)c)d')).toBe('(a|(?<=b*)c)d'); // inside a group: left as it is
  });

  it('behaves as a RegExp for string methods', () => {
    const pattern = compilePattern('ban(ned)?');
    expect(pattern).toBeInstanceOf(BoundedPattern);
    expect('You are banned, banana.'.replace(pattern, 'X')).toBe('You are X, banana.');
    expect([...'ban Жban ban'.matchAll(pattern)].map((m) => m.index)).toEqual([0, 9]);
  });
});

describe('long alternations checked branch by branch', () => {
  const words = [
    'could you dm us',
    'send us your order',
    'we are looking into',
    'send us( a)?',
    'bann+ed',
    'check(ing)? (this|that)',
    'déçu',
    'your (account|order) number',
    'please reply here',
    'share a (photo|screenshot)',
    "we're (checking|investigating)",
  ];
  const long = `(?:${words.map((w) => `(?:${w}(?: [a-zé]+){0,2})`).join('|')})`;

  it('splits only long top-level alternations without backreferences', () => {
    expect(alternationBranches(long)).toHaveLength(words.length);
    expect(alternationBranches(long)![4]).toBe('(?:bann+ed(?: [a-zé]+){0,2})');
    expect(alternationBranches('(?:a|b)')).toBeNull();
    expect(alternationBranches(`(?:${long})+`)).toBeNull(); // the group is quantified
    expect(alternationBranches(`${long}\\1`)).toBeNull();
    expect(alternationBranches(`x[|]${long}`)).toBeNull(); // its | are inside a group
  });

  it('finds what the whole alternation finds, on random texts and ranges', () => {
    const pattern = compilePattern(long) as BoundedPattern;
    expect(pattern.branches()).toHaveLength(words.length); // the split path is the one tested
    const reference = new RegExp(
      `(?:(?<!${FULL_WORD})|(?!${FULL_WORD}))(?:${foldAccents(long)})(?:(?!${FULL_WORD})|(?<!${FULL_WORD}))`,
      'giu',
    );
    const pieces = [
      'could you',
      ' dm us',
      ' send us',
      ' your order',
      ' number',
      ' ban',
      'ned',
      ' we are',
      ' looking into',
      ' checking this',
      ' déçu',
      '.',
      ' Please reply here',
      ' share a photo',
      " we're checking",
      ' x',
      'Ж',
    ];
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    let found = 0;
    for (let i = 0; i < 400; i++) {
      const text = Array.from(
        { length: 1 + Math.floor(random() * 8) },
        () => pieces[Math.floor(random() * pieces.length)],
      ).join('');
      const from = Math.floor((random() * text.length) / 3);
      const to = random() < 0.5 ? text.length : from + Math.floor(random() * (text.length - from + 1));
      const expected = firstMatch(reference, text, from, to);
      if (expected) found++;
      expect(firstMatch(pattern, text, from, to), `${JSON.stringify(text)} ${from}-${to}`).toEqual(expected);
    }
    expect(found).toBeGreaterThan(100);
  });
});
