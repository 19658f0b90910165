import { describe, expect, it } from 'vitest';
import { ReplyDocument } from '../src/document/document.js';
import { placeholderName, placeholderSpans } from '../src/document/placeholders.js';
import { lintText } from '../src/lint.js';
import { withFrontMatter } from '../src/sources/front-matter.js';
import { loadBuiltinRules } from '../src/rules/builtin.js';
import { cli } from './helpers.js';

const ruleSet = loadBuiltinRules();
const found = (text: string) => placeholderSpans(text).map((s) => text.slice(s.start, s.end));

describe('placeholders in a reply', () => {
  it('recognises each template syntax', () => {
    const text = 'Hi {{first_name}} {{{ raw }}} {% if vip %} [FIRST NAME] [PRÉNOM] %name% <customer> {{#if a}}';
    expect(found(text)).toEqual([
      '{{first_name}}',
      '{{{ raw }}}',
      '{% if vip %}',
      '[FIRST NAME]',
      '[PRÉNOM]',
      '%name%',
      '<customer>',
      '{{#if a}}',
    ]);
    expect(found(text).map(placeholderName)).toEqual([
      'first_name',
      'raw',
      'if vip',
      'FIRST NAME',
      'PRÉNOM',
      'name',
      'customer',
      'if a',
    ]);
  });

  it('leaves HTML tags, Markdown link labels, percentages and hearts alone', () => {
    expect(found('<b>bold</b> <br> [FAQ](https://x.y) [FAQ][1] 50% off, 20% more <3 [x] [A]')).toEqual([]);
  });

  it('masks placeholders so word rules do not read them, and exposes them', () => {
    const doc = ReplyDocument.fromText({ name: 't', source: 'Hi [FIRST NAME], thanks!' });
    expect(doc.placeholders).toEqual([{ start: 3, end: 15 }]);
    expect(doc.text).toBe('Hi             , thanks!');
  });

  it('ignores placeholder syntax inside Markdown code', async () => {
    const doc = await ReplyDocument.create({
      name: 't.md',
      source: 'Type `{{name}}` in the field, [NAME].',
      format: 'markdown',
    });
    expect(doc.placeholders.map((s) => doc.source.slice(s.start, s.end))).toEqual(['[NAME]']);
  });

  it('reads Markdown front matter as metadata, not prose', async () => {
    const source = '---\nwhen: complaint\ntitle: YOU ARE WRONG\n---\nSorry about that.\n';
    const doc = await ReplyDocument.create({ name: 't.md', source, format: 'markdown' });
    expect(doc.frontMatter).toBe('when: complaint\ntitle: YOU ARE WRONG');
    expect(doc.text.slice(0, source.indexOf('Sorry')).trim()).toBe('');
    // when: complaint makes the investigation rule run, with no --in-reply-to.
    const input = withFrontMatter({ name: 't.md', text: source, format: 'markdown' });
    expect(input.when).toEqual(['complaint']);
    const rules = (await lintText(input, ruleSet)).map((d) => d.rule);
    expect(rules).toContain('missing-investigation');
    // 'YOU ARE WRONG' is metadata: neither shouting nor hostile.
    expect(rules.filter((r) => r === 'shouting' || r === 'hostile-tone')).toEqual([]);
  });
});

describe('unfilled-placeholder and the mode', () => {
  const draft = 'Hi [FIRST NAME], your order XXX has shipped.';
  const rulesFor = async (mode?: 'draft' | 'template') =>
    (await lintText({ name: 't', text: draft, settings: mode ? { mode } : undefined }, ruleSet)).map(
      (d) => `${d.rule}:${d.match}`,
    );

  it('reports placeholders and markers in a draft (the default), as errors', async () => {
    expect(await rulesFor()).toEqual(['unfilled-placeholder:[FIRST NAME]', 'unfilled-placeholder:XXX']);
    expect(await rulesFor('draft')).toEqual(await rulesFor());
  });

  it('accepts them in template mode, and never reads them as shouting', async () => {
    expect(await rulesFor('template')).toEqual([]);
  });

  it('--mode on the command line; stdin defaults to draft', () => {
    expect(cli([], { input: draft }).code).toBe(1);
    expect(cli(['--mode', 'template'], { input: draft })).toMatchObject({ code: 0, stdout: '' });
    expect(cli(['--mode', 'final'], { input: draft }).code).toBe(2);
  });
});
