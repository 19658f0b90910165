import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { ReplyDocument } from '../src/document/document.js';
import { lintReply } from '../src/engine/run.js';
import { loadRuleFile } from '../src/rules/load.js';
import { tempTree } from './helpers.js';

/** Compiles one rule from YAML fields (examples are added so that it loads) and runs it. */
function ruleFrom(fields: string) {
  const yaml = `id: t\ntip: 1\nmessage: "m {match} {replacement} {count}"\n${fields}\nexamples:\n  flag: [x]\n  pass: [y]\n`;
  const dir = tempTree({ 't.yml': yaml });
  return loadRuleFile(join(dir, 't.yml'), 'en', new Map());
}

function findings(fields: string, text: string) {
  const doc = ReplyDocument.fromText({ name: 't', source: text, lang: 'en' });
  return lintReply(doc, undefined, ruleFrom(fields)).map((f) => ({
    text: text.slice(f.span.start, f.span.end),
    message: f.message,
  }));
}

describe('rule types', () => {
  it('existence: words, unless in the same sentence, quotations skipped', () => {
    const rule = 'type: existence\nwords: ["delete your comment"]\nunless: ["won\'t"]';
    expect(findings(rule, 'We will delete your comment.')).toHaveLength(1);
    expect(findings(rule, "We won't delete your comment.")).toHaveLength(0);
    expect(findings(rule, "We won't. We will delete your comment.")).toHaveLength(1);
    expect(findings(rule, 'You wrote "they will delete your comment" earlier.')).toHaveLength(0);
  });

  it('existence: an unless written with {nearby} also cancels from the sentence before or after, no further', () => {
    const rule = 'type: existence\nwords: ["are removed"]\nunless: ["{nearby}yours stays up", "never"]';
    expect(findings(rule, 'Posts with insults are removed.')).toHaveLength(1);
    expect(findings(rule, 'Posts with insults are removed. Yours stays up.')).toHaveLength(0);
    expect(findings(rule, 'Yours stays up. Posts with insults are removed.')).toHaveLength(0);
    expect(findings(rule, 'Yours stays up. Thanks. Posts with insults are removed.')).toHaveLength(1);
    // A plain unless keeps to its sentence.
    expect(findings(rule, 'Never mind. Posts with insults are removed.')).toHaveLength(1);
    expect(findings(rule, 'Posts are never removed.')).toHaveLength(0);
  });

  it('substitution: suggests the replacement', () => {
    const [f] = findings(
      'type: substitution\nswap: {"as per": "following", "utilize": "use"}',
      'As per our call, please utilize the app.',
    );
    expect(f).toMatchObject({ text: 'As per', message: 'm As per following {count}' });
  });

  it('occurrence: flags the first match past max, and scopes under min', () => {
    expect(findings('type: occurrence\npattern: "!"\nmax: 1', 'Hi! Yes! Sure!').map((f) => f.text)).toEqual(['!']);
    expect(findings('type: occurrence\npattern: "!"\nmax: 1', 'Hi! Yes.')).toHaveLength(0);
    const [under] = findings('type: occurrence\npattern: "\\\\?"\nmin: 1\nscope: reply', 'No question here.');
    expect(under!.message).toContain('0');
  });

  it('capitalization: runs of capitals, not acronyms', () => {
    const rule = 'type: capitalization\nignore: [FAQ]';
    expect(findings(rule, 'We DO NOT refund.').map((f) => f.text)).toEqual(['DO NOT']);
    expect(findings(rule, 'See the FAQ for HTML and CSS tips.')).toHaveLength(0);
  });

  it('sentiment: sentences below the threshold, filtered by require/unless', () => {
    const rule = 'type: sentiment\nthreshold: -0.2\nrequire: ["you"]\nunless: ["sorry"]';
    expect(findings(rule, 'You are a terrible, awful, useless customer.')).toHaveLength(1);
    expect(findings(rule, 'Sorry you had a terrible, awful time.')).toHaveLength(0);
    expect(findings(rule, 'The weather was terrible and awful.')).toHaveLength(0);
    expect(findings(rule, 'You are wonderful.')).toHaveLength(0);
  });

  it('requires: flags a reply with none of the patterns, spanning the reply', () => {
    const rule = 'type: requires\nany: ["order number"]';
    expect(findings(rule, '  Sorry about that.  ').map((f) => f.text)).toEqual(['Sorry about that.']);
    expect(findings(rule, 'Can you send your order number?')).toHaveLength(0);
  });
});
