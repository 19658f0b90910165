import { describe, expect, it } from 'vitest';
import { foldedAlready } from '../src/engine/run.js';

// toFinding quotes the matched words with their white space folded: skipped when there is none to fold.
describe('the quote of a match in a message', () => {
  it('is left as it is exactly when folding its white space would change nothing', () => {
    const spaces = [
      ' ',
      '\t',
      '\n',
      '\v',
      '\f',
      '\r',
      '\u0085',
      '\u00a0',
      '\u1680',
      '\u2000',
      '\u200a',
      '\u200b',
      '\u2028',
      '\u2029',
      '\u202f',
      '\u205f',
      '\u3000',
      '\ufeff',
    ];
    const letters = ['a', 'é', '😀', 'x', '.', ...spaces];
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    let same = 0;
    for (let i = 0; i < 20000; i++) {
      const text = Array.from(
        { length: Math.floor(random() * 8) },
        () => letters[Math.floor(random() * letters.length)],
      ).join('');
      const folded = text.replace(/\s+/gu, ' ').trim();
      if (folded === text) same++;
      expect(foldedAlready(text), JSON.stringify(text)).toBe(folded === text);
    }
    expect(same).toBeGreaterThan(1000);
  });
});
