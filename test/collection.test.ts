import { describe, expect, it } from 'vitest';
import { readCollection, readMetadata } from '../src/sources/collection.js';

const entries = (text: string, fields = {}) => {
  const result = readCollection(text, fields);
  if (!result.ok) throw new Error(result.message);
  return result.entries.map((e) => ({ id: e.id, text: e.text, when: e.when, inReplyTo: e.inReplyTo }));
};

describe('readCollection', () => {
  it('reads a list of templates with the default fields, in order of preference', () => {
    const text =
      '- id: a\n  when: [complaint, question]\n  in_reply_to: Where is it?\n  body: A\n- name: b\n  text: B\n  reply: not this\n- title: c\n  content: C\n- reply: D\n';
    expect(entries(text)).toEqual([
      { id: 'a', text: 'A', when: ['complaint', 'question'], inReplyTo: 'Where is it?' },
      { id: 'b', text: 'B', when: [], inReplyTo: undefined },
      { id: 'c', text: 'C', when: [], inReplyTo: undefined },
      { id: '#4', text: 'D', when: [], inReplyTo: undefined },
    ]);
  });

  it('uses map keys as ids, and finds templates under a container key', () => {
    expect(entries('templates:\n  refund:\n    body: R\n  delay:\n    body: D\n').map((e) => e.id)).toEqual([
      'refund',
      'delay',
    ]);
    expect(entries('{"macros": [{"title": "T", "content": "X"}]}').map((e) => [e.id, e.text])).toEqual([['T', 'X']]);
  });

  it('reads a flat map or list of strings as templates', () => {
    expect(entries('greeting: Hello there\nbye: Goodbye\n').map((e) => [e.id, e.text])).toEqual([
      ['greeting', 'Hello there'],
      ['bye', 'Goodbye'],
    ]);
    expect(entries('- First reply\n- Second reply\n').map((e) => e.id)).toEqual(['#1', '#2']);
  });

  it('does not read records without a body field as templates', () => {
    expect(entries('[{"key": "x", "html": "Hello"}]')).toEqual([]);
    expect(
      entries('[{"key": "x", "html": "Hello"}]', { body: ['html'], id: ['key'] }).map((e) => [e.id, e.text]),
    ).toEqual([['x', 'Hello']]);
  });

  it('says where a file is not valid YAML', () => {
    expect(readCollection('- body: [unclosed\n')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/^\d+:\d+: not valid YAML\/JSON/),
    });
  });

  it("maps a template's text back into the file", () => {
    const text = '- id: a\n  body: "Hi \\"Sam\\", ban"\n';
    const result = readCollection(text);
    if (!result.ok) throw new Error(result.message);
    const entry = result.entries[0];
    const at = entry!.text.indexOf('ban');
    const span = entry!.origin.fileSpan({ start: at, end: at + 3 });
    expect(text.slice(span.start, span.end)).toBe('ban');
    const quoted = entry!.origin.fileSpan({ start: 3, end: 8 });
    expect(text.slice(quoted.start, quoted.end)).toBe('\\"Sam\\"');
  });
});

describe('readMetadata (Markdown front matter)', () => {
  it('reads when and in_reply_to, and ignores what it cannot read', () => {
    expect(readMetadata('when: complaint\nin_reply_to: My order is late')).toEqual({
      when: ['complaint'],
      inReplyTo: 'My order is late',
    });
    expect(readMetadata('just a string')).toEqual({ when: [] });
    expect(readMetadata('when: [unclosed')).toEqual({ when: [] });
  });
});
