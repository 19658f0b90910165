import { describe, expect, it } from 'vitest';
import { ReplyDocument } from '../src/document/document.js';
import { AnsweredMessageText } from '../src/answered/message.js';
import { lintCorpus, lintReply } from '../src/engine/run.js';
import { loadBuiltinRules } from '../src/rules/builtin.js';
import type { Example } from '../src/engine/rule.js';

/**
 * The one generic test of the rule pack (ESLint's RuleTester, for YAML): every example a rule
 * or signal carries is run, `flag` examples must produce that rule, `pass` examples must not.
 */
const ruleSet = loadBuiltinRules();

function run(ruleId: string, lang: 'en' | 'fr', example: Example): string[] {
  const rules = ruleSet.rules.filter((r) => r.id === ruleId && r.lang === lang);
  // A corpus rule's example is a list of replies judged together.
  if (example.replies) {
    const docs = example.replies.map((reply, i) =>
      ReplyDocument.fromText({ name: `example-${i}`, source: reply, lang }),
    );
    const settings = docs.map(() => ({ mode: 'template' as const }));
    return rules
      .flatMap((rule) => lintCorpus(rule, docs, settings))
      .map(({ doc, finding }) => doc.source.slice(finding.span.start, finding.span.end));
  }
  const doc = ReplyDocument.fromText({ name: 'example', source: example.reply, lang });
  const message = example.in_reply_to ? AnsweredMessageText.fromText(example.in_reply_to, ruleSet.signals) : undefined;
  return lintReply(doc, message, rules, { settings: example.settings, timing: example.timing }).map((f) =>
    doc.source.slice(f.span.start, f.span.end),
  );
}

describe('rule pack', () => {
  it('has rules', () => {
    expect(ruleSet.rules.length).toBeGreaterThan(0);
  });

  for (const rule of ruleSet.rules) {
    describe(`${rule.lang}/${rule.id}`, () => {
      it('carries flag and pass examples', () => {
        expect(rule.examples.flag.length).toBeGreaterThan(0);
        expect(rule.examples.pass.length).toBeGreaterThan(0);
      });
      for (const example of rule.examples.flag) {
        it(`flags: ${example.reply}`, () => {
          expect(run(rule.id, rule.lang, example)).not.toEqual([]);
        });
      }
      for (const example of rule.examples.pass) {
        it(`passes: ${example.reply}`, () => {
          expect(run(rule.id, rule.lang, example)).toEqual([]);
        });
      }
    });
  }
});

describe('signals', () => {
  for (const [lang, signals] of ruleSet.signals) {
    for (const signal of signals.values()) {
      describe(`${lang}/${signal.name}`, () => {
        const holds = (text: string) =>
          signal.check({ doc: ReplyDocument.fromText({ name: 's', source: text, lang }) }).length > 0;
        for (const example of signal.examples.flag)
          it(`holds for: ${example.reply}`, () => expect(holds(example.reply)).toBe(true));
        for (const example of signal.examples.pass)
          it(`does not hold for: ${example.reply}`, () => expect(holds(example.reply)).toBe(false));
      });
    }
  }
});
