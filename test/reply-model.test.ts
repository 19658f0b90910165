import { describe, expect, it } from 'vitest';
import { loadRuleFile } from '../src/rules/load.js';
import { loadRuleSet } from '../src/rules/load.js';
import { PACKAGE_ROOT } from '../src/core/package.js';
import { ReplyDocument } from '../src/document/document.js';
import { RuleFileError } from '../src/core/errors.js';
import { tempTree } from './helpers.js';
import { join } from 'node:path';
import { tokenize } from '../src/model/index.js';
import { readPairs, replyModelText } from '../src/tools/training-data.js';

const { signals } = loadRuleSet({ builtinRoot: PACKAGE_ROOT });

/** A user rule that flags every link, judged by the reply model (training/reply/). */
function linkRule(fields: string) {
  const dir = tempTree({
    'only-a-link.yml': `id: only-a-link\ntip: 1\nmessage: "m '{match}'"\ntype: existence\npatterns: ["{link}"]\n${fields}\nexamples:\n  flag: ["See https://t.co/abc"]\n  pass: ["ok"]\n`,
  });
  return loadRuleFile(join(dir, 'only-a-link.yml'), 'en', signals)[0]!;
}
const check = (rule: ReturnType<typeof linkRule>, text: string) =>
  rule.check({ doc: ReplyDocument.fromText({ name: 'r', source: text, lang: 'en' }) });

describe('reply model next to a rule’s patterns', () => {
  const bare = 'You can find more info here: https://t.co/a1b2c3';
  const helped =
    'So sorry! Can you DM us your order number? We will check it. Here is the tracking page https://t.co/a1b2c3';

  it('keeps a pattern finding only where the model reads the reply as the label', () => {
    const plain = linkRule('');
    const gated = linkRule('reply_model: reply\nreply_label: deflects\nreply_gate: 0.5');
    expect(check(plain, bare)).toHaveLength(1);
    expect(check(plain, helped)).toHaveLength(1);
    expect(check(gated, bare)).toHaveLength(1);
    expect(check(gated, helped)).toHaveLength(0);
  });

  it('flags by itself, on the words that carried the score, from reply_alone', () => {
    const alone = linkRule('reply_model: reply\nreply_label: deflects\nreply_alone: 0.6');
    const text = 'Please contact the billing team on 0800 123 4567, they handle this.';
    const found = check(alone, text);
    expect(found).toHaveLength(1);
    expect(found[0]!.span.end).toBeGreaterThan(found[0]!.span.start);
    expect(check(alone, 'Glad it is sorted, enjoy the new phone!')).toHaveLength(0);
  });

  it("keeps the model's own findings to replies that no `unless` pattern of the rule excuses", () => {
    const fields = 'reply_model: reply\nreply_label: deflects\nreply_alone: 0.6';
    const text = 'Please contact the billing team on 0800 123 4567, they handle this.';
    expect(check(linkRule(fields), text)).toHaveLength(1);
    expect(check(linkRule(`${fields}\nunless: ["billing team"]\nunless_scope: reply`), text)).toHaveLength(0);
  });

  it('reports an unknown field value at load', () => {
    expect(() => linkRule('reply_model: reply\nreply_label: deflects\nreply_gate: 2')).toThrow(/reply_gate/);
    expect(() => linkRule('reply_model: reply\nreply_label: deflects\nreply_gate: 2')).toThrow(RuleFileError);
  });
});

describe('a model that reads the message beside the reply (training pairs)', () => {
  it("reads the reply as it is, then each token of the message marked as the message's", () => {
    const reply = '@123 Sorry, the 14:00 sailing was cancelled. ^BK';
    expect(replyModelText(reply, undefined)).toBe(reply);
    expect(replyModelText(reply, '  ')).toBe(reply);
    const text = replyModelText(reply, '@Ferry cancelled AGAIN?? stuck here https://t.co/x1');
    const forms = tokenize(text).map((t) => t.form);
    const own = tokenize(reply).map((t) => t.form);
    expect(forms.slice(0, own.length)).toEqual(own);
    // One token per message token, in buckets apart from the reply's words ("cancelled").
    expect(forms.slice(own.length)).toEqual([
      '#m_user',
      '#m_cancelled',
      '#m_again',
      '#m_qq',
      '#m_stuck',
      '#m_here',
      '#m_url',
    ]);
  });

  it('reads training pairs under the guideline labels of the reply, or a label of their own', () => {
    const lines = [
      { message: 'Parcel lost', reply: 'Sorry to hear that.', dead_end: true, investigates: false },
      { message: 'Parcel lost', reply: 'Which order is it?', dead_end: false, investigates: true },
      { message: 'Parcel lost', reply: 'See https://t.co/a', dead_end: false, link_deflection: true },
      { message: 'Do you ship to Canada?', reply: 'Yes, we do.', dead_end: false },
      { message: 'Hi', reply: 'Hello!', label: 'none' },
    ];
    const pairs = readPairs(lines.map((l) => JSON.stringify(l)).join('\n'), 'p.jsonl');
    expect(pairs.map((p) => p.label)).toEqual(['dead-end', 'investigates', 'deflects', 'none', 'none']);
    expect(pairs[0]!.text).toBe(replyModelText('Sorry to hear that.', 'Parcel lost'));
    expect(() => readPairs('{"reply": "x"}\n', 'p.jsonl')).toThrow(/p\.jsonl:1: a pair needs a "message"/);
    expect(() => readPairs('{"reply": \n', 'p.jsonl')).toThrow(/p\.jsonl:1: not valid JSON/);
  });
});
