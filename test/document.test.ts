import { describe, expect, it } from 'vitest';
import { ReplyDocument } from '../src/document/document.js';
import { LineIndex } from '../src/document/lines.js';
import { sentenceSpans } from '../src/document/segment.js';
import { scoreLanguage, detectLanguage } from '../src/lang/detect.js';

/** The document model: masking, quotations, positions, sentences, and the reply's language. */
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
    expect(sentenceSpans(text).map((s) => text.slice(s.start, s.end))).toEqual([
      'Sorry!',
      'Could you DM us?',
      'Thanks...',
      'Bye',
    ]);
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
