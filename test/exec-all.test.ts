import { describe, expect, it } from 'vitest';
import { execAll } from '../src/engine/exec-all.js';
import { compilePattern } from '../src/engine/pattern/index.js';

/** What a caller reads from a match: where, what, and the named groups. */
const view = (m: RegExpMatchArray) => ({ index: m.index, text: m[0], groups: { ...m.groups } });

describe('execAll', () => {
  const cases: [string, string][] = [
    ['(?<year>20\\d\\d)', 'Valid until 2023, then 2024 and 1999.'],
    ['(?<account>\\w*)', 'a  bc'], // empty matches between words
    ['(?<account>x?)', '😀x😀'], // an empty match before an astral character steps over both halves
    ['the (?<account>\\p{Lu}\\w+) team', 'Best, THE Globex team and the Acme team'],
  ];
  it('finds what String.prototype.matchAll finds, for plain and rule patterns', () => {
    for (const [source, text] of cases) {
      for (const regex of [new RegExp(source, 'giu'), compilePattern(source)]) {
        expect(execAll(regex, text).map(view), `${source} on ${text}`).toEqual([...text.matchAll(regex)].map(view));
      }
    }
  });

  it('starts from the beginning whatever a previous run left in lastIndex', () => {
    const regex = compilePattern('(?<year>20\\d\\d)');
    regex.lastIndex = 12;
    expect(execAll(regex, 'In 2023 and 2024').map((m) => m[0])).toEqual(['2023', '2024']);
    expect(execAll(regex, 'In 2025').map((m) => m[0])).toEqual(['2025']);
  });
});
