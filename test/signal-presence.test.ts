import { describe, expect, it } from 'vitest';
import { loadRuleSet } from '../src/rules/load.js';
import { PACKAGE_ROOT } from '../src/core/package.js';
import { ReplyDocument } from '../src/document/document.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const { signals, rules } = loadRuleSet({ builtinRoot: PACKAGE_ROOT });

// A message's signals are asked with `presence` (stop at the first pattern that counts): that
// must say the same as the full check, on every example of every signal and of every rule.
const texts = [...signals.values()]
  .flatMap((byName) => [...byName.values()])
  .flatMap((s) => [...s.examples.flag, ...s.examples.pass].map((e) => ({ lang: s.lang, text: e.reply })));
const messages = rules.flatMap((r) =>
  [...r.examples.flag, ...r.examples.pass]
    .filter((e) => e.in_reply_to)
    .map((e) => ({ lang: r.lang, text: e.in_reply_to! })),
);

describe('signal presence', () => {
  it('agrees with the full check on every example', () => {
    let compared = 0;
    for (const { lang, text } of [...texts, ...messages]) {
      const doc = ReplyDocument.fromText({ name: 'm', source: text, lang });
      for (const signal of signals.get(lang)!.values()) {
        const full = signal.check({ doc }).length > 0;
        expect(signal.check({ doc, presence: true }).length > 0, `${signal.name} on ${JSON.stringify(text)}`).toBe(
          full,
        );
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(500);
  });

  it('includes a signal named alone (@investigation) pattern by pattern, with the same verdicts', () => {
    const rule = rules.find((r) => r.id === 'missing-investigation' && r.lang === 'en')!;
    const investigation = signals.get('en')!.get('investigation')!;
    expect(readFileSync(join(PACKAGE_ROOT, 'rules', 'en', 'missing-investigation.yml'), 'utf8')).toContain(
      '"@investigation"',
    );
    for (const { text } of texts.filter((t) => t.lang === 'en')) {
      const doc = ReplyDocument.fromText({ name: 'r', source: text, lang: 'en' });
      expect(rule.check({ doc }).length === 0, text).toBe(
        investigation.check({ doc, presence: true }).length > 0 || doc.isBlank(),
      );
    }
  });
});
