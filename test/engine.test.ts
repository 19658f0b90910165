import { describe, expect, it } from 'vitest';
import { ReplyDocument } from '../src/document/document.js';
import { LineIndex } from '../src/document/lines.js';
import { compilePattern, matchAll } from '../src/engine/pattern/index.js';
import { sentenceSpans } from '../src/document/segment.js';
import { scoreLanguage, detectLanguage } from '../src/lang/detect.js';
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

describe('document', () => {
  it('keeps the text length and masks URLs', () => {
    const source = 'Go to https://stupid.example.com/your-fault please';
    const doc = ReplyDocument.fromText({ name: 't', source });
    expect(doc.text).toHaveLength(source.length);
    expect(doc.text).not.toContain('stupid');
    expect(doc.links).toHaveLength(1);
  });

  it('masks Markdown code and link destinations but keeps link labels', async () => {
    const source = 'Hi `YOUR FAULT` [read this](https://x.example/calm-down)\n\n```\nban\n```\n';
    const doc = await ReplyDocument.create({ name: 't.md', source, format: 'markdown' });
    expect(doc.text).toHaveLength(source.length);
    expect(doc.text).toContain('read this');
    expect(doc.text).not.toMatch(/FAULT|calm|ban/);
  });

  it('finds quotations of three words or more', () => {
    const doc = ReplyDocument.fromText({ name: 't', source: 'You wrote "this is a scam" and a "joke".' });
    expect(doc.quotations.map((q) => doc.source.slice(q.start, q.end))).toEqual(['"this is a scam"']);
  });

  it('folds typographic apostrophes', () => {
    expect(ReplyDocument.fromText({ name: 't', source: 'don’t' }).text).toBe("don't");
  });
});

describe('LineIndex', () => {
  it('maps offsets for LF, CRLF and lone CR', () => {
    const lines = new LineIndex('a\nb\r\nc\rd');
    expect(lines.position(0)).toEqual({ line: 1, column: 1 });
    expect(lines.position(2)).toEqual({ line: 2, column: 1 });
    expect(lines.position(5)).toEqual({ line: 3, column: 1 });
    expect(lines.position(7)).toEqual({ line: 4, column: 1 });
    expect(lines.offset(4, 1)).toBe(7);
  });
});

describe('sentences', () => {
  it('split on terminal punctuation and line breaks', () => {
    const text = 'Sorry! Could you DM us?\nThanks... Bye';
    expect(sentenceSpans(text).map((s) => text.slice(s.start, s.end))).toEqual(['Sorry!', 'Could you DM us?', 'Thanks...', 'Bye']);
  });
});

describe('language detection', () => {
  it.each([
    ['Sorry about the wait, could you DM us your order number?', 'en'],
    ["Désolés pour l'attente, pouvez-vous nous envoyer votre numéro de commande ?", 'fr'],
    ["C'est de votre faute.", 'fr'],
    ['Thanks!', 'en'],
    ['Merci !', 'fr'],
  ])('detects %s as %s', (text, lang) => {
    expect(detectLanguage(text)).toBe(lang);
  });

  it('falls back to English when unsure', () => {
    expect(scoreLanguage('12345').lang).toBeUndefined();
    expect(detectLanguage('12345')).toBe('en');
  });
});

describe('case-insensitive matching without the i flag', () => {
  it('lower-cases literal letters but not escapes or group names', async () => {
    const { lowerLiterals } = await import('../src/engine/pattern/index.js');
    expect(lowerLiterals('Your FAULT\\S\\W\\p{Lu}\\u00C9(?<Account>X)[A-Z]')).toBe('your fault\\S\\W\\p{Lu}\\u00C9(?<Account>x)[a-z]');
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
