import type { RuleNeed } from '../engine/rule.js';
import { loadBuiltinRules } from '../rules/builtin.js';
import { describeRule, ruleCatalogue, ruleNeeds } from '../rules/catalogue.js';
import { UsageError } from '../core/errors.js';
import { closestHint } from '../rules/closest.js';
import { isBuiltinRule, ruleDocUrl } from '../core/rule-docs-url.js';

/** What each need is called in `replylint rules`, and where a user gives it. */
const NEED_LABELS: Record<RuleNeed, string> = {
  message: 'the message answered (--in-reply-to)',
  brand: 'brand settings (brand: in the configuration)',
  'received-time': 'the time the message was received (received_at)',
};

/**
 * `replylint rules`: every rule grouped by tip, with level, languages, a one-line description
 * and what it needs besides the reply (so that a rule silent without the message answered, the
 * brand's settings or the times does not look broken).
 */
export function rulesCommand(options: { rules: string[]; format: string }): number {
  const entries = ruleCatalogue(loadBuiltinRules(options.rules).rules);
  if (options.format === 'json') {
    const list = entries.map(describeRule);
    process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    return 0;
  }
  const idWidth = Math.max(...entries.map((e) => e.rule.id.length));
  let tip = 0;
  for (const { rule, langs } of entries) {
    if (rule.tip !== tip) process.stdout.write(`${tip ? '\n' : ''}Tip ${(tip = rule.tip)}\n`);
    const family = rule.family !== rule.id ? ` [${rule.family}]` : '';
    const needs = ruleNeeds(rule).map((need) => NEED_LABELS[need]);
    const needsLine = needs.length ? `\n  ${''.padEnd(idWidth)}  needs ${needs.join(', ')}` : '';
    process.stdout.write(
      `  ${rule.id.padEnd(idWidth)}  ${rule.level.padEnd(10)}  ${langs.join(',').padEnd(5)}  ${rule.description}${family}${needsLine}\n`,
    );
  }
  return 0;
}

const HEADINGS: Record<
  string,
  Record<
    | 'tip'
    | 'family'
    | 'why'
    | 'when'
    | 'or'
    | 'instead'
    | 'flagged'
    | 'clean'
    | 'inReplyTo'
    | 'reply'
    | 'docs'
    | 'definedIn',
    string
  >
> = {
  en: {
    tip: 'tip',
    family: 'family',
    why: 'Why it matters:',
    when: 'Runs when the message answered is:',
    or: ' or ',
    instead: 'What to do instead:',
    flagged: 'Flagged:',
    clean: 'Clean:',
    inReplyTo: 'in reply to:',
    reply: 'reply:      ',
    docs: 'Documentation:',
    definedIn: 'Defined in:',
  },
  fr: {
    tip: 'conseil',
    family: 'famille',
    why: 'Pourquoi :',
    when: "S'applique quand le message reçu est :",
    or: ' ou ',
    instead: 'Que faire à la place :',
    flagged: 'Signalé :',
    clean: 'Correct :',
    inReplyTo: 'en réponse à :',
    reply: 'réponse :    ',
    docs: 'Documentation :',
    definedIn: 'Défini dans :',
  },
};

/** `replylint explain RULE`: the tip, why it matters, one flagged and one clean example. */
export function explainCommand(id: string, options: { rules: string[]; lang?: string }): number {
  const loaded = loadBuiltinRules(options.rules).rules;
  const all = loaded.filter((r) => r.id === id);
  if (all.length === 0)
    throw new UsageError(
      `unknown rule '${id}'${closestHint(
        id,
        loaded.map((r) => r.id),
      )}`,
    );
  const rule = all.find((r) => r.lang === (options.lang ?? 'en')) ?? all[0]!;
  // The headings in the language of the text under them (the rule file's language).
  const h = HEADINGS[rule.lang] ?? HEADINGS.en!;
  const example = (e: { reply: string; in_reply_to?: string }) =>
    e.in_reply_to ? `    ${h.inReplyTo} ${e.in_reply_to}\n    ${h.reply} ${e.reply}` : `    ${e.reply}`;
  const lines = [
    `${rule.id} (${h.tip} ${rule.tip}, ${rule.level}${rule.family !== rule.id ? `, ${h.family} ${rule.family}` : ''}; ${all
      .map((r) => r.lang)
      .sort()
      .join(', ')})`,
    '',
    rule.description,
    '',
    ...(rule.why ? [h.why, `  ${rule.why}`, ''] : []),
    ...(rule.when.length ? [`${h.when} ${rule.when.join(h.or)}`, ''] : []),
    ...(rule.suggest ? [h.instead, `  ${rule.suggest.replace(/\{\w+\}/g, '…')}`, ''] : []),
    h.flagged,
    example(rule.examples.flag[0]!),
    '',
    h.clean,
    example(rule.examples.pass[0]!),
    '',
    ...(isBuiltinRule(rule) ? [`${h.docs} ${ruleDocUrl(rule.id)}`, ''] : [`${h.definedIn} ${rule.file}`, '']),
  ];
  process.stdout.write(lines.join('\n'));
  return 0;
}
