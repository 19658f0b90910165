import { AnsweredMessageText } from './answered-message.js';
import { ReplyDocument } from '../document/document.js';
import { lintCorpus, lintReply } from '../engine/run.js';
import type { CompiledRule, Example } from '../engine/rule.js';
import type { RuleSet } from './rule-set.js';

/**
 * A user rule's own examples, run when it is loaded (issue 12, W2): the built-in pack's examples
 * are run by a test (test/rule-examples.test.ts), but nothing ran a user's, so a rule whose
 * patterns can never match loaded silently and stayed silent. A few examples per user rule cost
 * well under a millisecond each; built-in files are never checked here.
 */
export interface ExampleFailure {
  /** The field path of the example, e.g. ['examples', 'flag', 0]. */
  path: (string | number)[];
  reason: string;
}

/** The first example the rule (compiled for each of its languages) gets wrong, if any. */
export function failingExample(compiled: readonly CompiledRule[], signals: RuleSet['signals']): ExampleFailure | undefined {
  const examples = compiled[0]?.examples;
  if (!examples) return undefined;
  for (const key of ['flag', 'pass'] as const) {
    for (const [i, example] of examples[key].entries()) {
      // A rule in no language folder compiles for every language: an example is in one of them.
      const found = compiled.flatMap((rule) => matchesOf(rule, example, signals));
      if (key === 'flag' && found.length === 0) {
        return { path: ['examples', key, i], reason: `the rule does not flag this example: "${example.reply}" (check its patterns and when)` };
      }
      if (key === 'pass' && found.length > 0) {
        return { path: ['examples', key, i], reason: `the rule flags '${found[0]}' in this example, which should pass: "${example.reply}"` };
      }
    }
  }
  return undefined;
}

/** What the rule finds in one example, in the rule's language, as the rule-pack test runs it. */
function matchesOf(rule: CompiledRule, example: Example, signals: RuleSet['signals']): string[] {
  const lang = rule.lang;
  if (example.replies) {
    const docs = example.replies.map((reply, i) => ReplyDocument.fromText({ name: `example-${i}`, source: reply, lang }));
    return lintCorpus(
      rule,
      docs,
      docs.map(() => ({ mode: 'template' as const })),
    ).map(({ doc, finding }) => doc.source.slice(finding.span.start, finding.span.end));
  }
  const doc = ReplyDocument.fromText({ name: 'example', source: example.reply, lang });
  const message = example.in_reply_to ? AnsweredMessageText.fromText(example.in_reply_to, signals) : undefined;
  return lintReply(doc, message, [rule], { settings: example.settings, timing: example.timing }).map((f) =>
    doc.source.slice(f.span.start, f.span.end),
  );
}
