import { describe, expect, it } from 'vitest';
import { ReplyDocument } from '../src/document/document.js';
import { frontMatterOf, withFrontMatter } from '../src/sources/front-matter.js';

describe('front matter, read with the input', () => {
  // The input reader finds it with a regex, the document masks what the Markdown parser finds:
  // both must agree, or a file's metadata and its masked text would describe different lines.
  const cases = [
    '---\nwhen: complaint\n---\nHi',
    '---\n---\nHi',
    '--- \nwhen: x\n---  \nHi',
    '---\r\nwhen: x\r\n---\r\nHi',
    'Hi\n---\nwhen: x\n---\n',
    '----\nwhen: x\n----\nHi',
    '---\nwhen: x\n',
    '---\nwhen: x\n---',
    '\n---\nwhen: x\n---\nHi',
    '---\na\n\nb\n---\nHi',
    '---\nwhen: x\n...\nHi',
    '---\nwhen: x\n --- \nHi',
    '--- x\nwhen: y\n---\nHi',
    '---\n\n---\n',
    '---\nwhen: a\n---\n---\nmore\n---\n',
  ];
  for (const source of cases) {
    it(`agrees with the Markdown parser on ${JSON.stringify(source)}`, async () => {
      const doc = await ReplyDocument.create({ name: 'x.md', source, format: 'markdown' });
      expect(frontMatterOf(source)).toBe(doc.frontMatter);
    });
  }

  it("reads a Markdown file's when and in_reply_to (or the configured field names), and nothing from plain text", () => {
    const text = '---\nwhen: complaint, question\nasked: Where is my parcel?\n---\nHi Sam, sorry about the wait.\n';
    expect(withFrontMatter({ name: 'a.md', text, format: 'markdown' }, { inReplyTo: ['asked'] })).toMatchObject({
      when: ['complaint', 'question'],
      inReplyTo: 'Where is my parcel?',
    });
    expect(withFrontMatter({ name: 'a.txt', text, format: 'text' })).toMatchObject({ when: [] });
    expect(withFrontMatter({ name: 'a.txt', text, format: 'text' }).inReplyTo).toBeUndefined();
  });
});
