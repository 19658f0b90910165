import { describe, expect, it } from 'vitest';
import { ReplyDocument } from '../src/document/document.js';
import { compilePattern, matchAll } from '../src/engine/pattern/index.js';
import { foldAccents } from '../src/lang/fold.js';

const spans = (regex: RegExp, text: string) => [...matchAll(regex, text)].map((m) => text.slice(m.start, m.end));

describe('patterns', () => {
  it('imply Unicode word boundaries', () => {
    const ban = compilePattern('ban');
    expect(spans(ban, 'We will ban you')).toEqual(['ban']);
    expect(spans(ban, 'banana bandit')).toEqual([]);
    // Patterns run on the reply's text with accents folded (src/lang/fold.ts), like the pattern.
    const supprime = compilePattern('supprimé');
    expect(spans(supprime, foldAccents('commentaire supprimé.'))).toEqual(['supprime']);
    expect(spans(supprime, foldAccents('supprimées'))).toEqual([]);
  });

  it('do not add boundaries next to punctuation', () => {
    expect(spans(compilePattern('!{2,}'), 'Stop!!! now')).toEqual(['!!!']);
    expect(spans(compilePattern('\\?'), 'Open on Sunday?')).toEqual(['?']);
  });

  it('are case-insensitive', () => {
    expect(spans(compilePattern('your fault'), 'YOUR FAULT')).toEqual(['YOUR FAULT']);
  });

  it('expand @signal and {link}', () => {
    const regex = compilePattern('see @place', (name) => (name === 'place' ? ['here', 'there'] : undefined));
    expect(spans(regex, 'see there')).toEqual(['see there']);
    expect(() => compilePattern('@nope', () => undefined)).toThrow(/unknown signal/);
    const doc = ReplyDocument.fromText({ name: 't', source: 'File it at https://example.com/x now' });
    expect(spans(compilePattern('at {link}'), doc.text)).toHaveLength(1);
  });
});

describe('case-insensitive matching without the i flag', () => {
  it('lower-cases literal letters and escapes naming upper case, not \\S, \\W or group names', async () => {
    const { lowerLiterals } = await import('../src/engine/pattern/index.js');
    // \p{Lu} reads as the i flag reads it (any cased letter); \u00C9 as a folded "e", like the text.
    expect(lowerLiterals('Your FAULT\\S\\W\\p{Lu}\\u00C9\\x41(?<Account>X)[A-Z]')).toBe(
      'your fault\\S\\W\\p{LC}ea(?<Account>x)[a-z]',
    );
  });

  it('lower-cases the text without moving offsets', async () => {
    const { lowerText } = await import('../src/engine/pattern/index.js');
    const text = 'İstanbul ÉTÉ Straße';
    expect(lowerText(text)).toHaveLength(text.length);
    expect(lowerText(text)).toBe('İstanbul été straße');
  });

  it('still matches any case, and reports the original text', () => {
    const regex = compilePattern('your fault');
    expect(spans(regex, 'It is YOUR Fault.')).toEqual(['YOUR Fault']);
    expect([...'It is YOUR Fault.'.matchAll(compilePattern('(?<who>your) fault'))][0]!.groups!.who).toBe('YOUR');
  });
});

describe('literal anchor prefilter', () => {
  it('does not change what a pattern matches', () => {
    const regex = compilePattern('keep (talking|posting) like (this|that)');
    expect(spans(regex, 'Keep talking like that and see.')).toEqual(['Keep talking like that']);
    expect(spans(regex, 'Keep going.')).toEqual([]);
  });
});
