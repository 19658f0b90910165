import type { CompiledRule } from '../engine/rule.js';
import { loadBuiltinRules } from '../rules/builtin.js';
import { ruleCatalogue } from '../rules/catalogue.js';
import { UsageError } from '../core/errors.js';
import { closestHint } from '../rules/closest.js';
import { isBuiltinRule, ruleDocUrl } from '../core/rule-docs-url.js';

/** `replylint rules`: every rule grouped by tip, with level, languages and a one-line description. */
export function rulesCommand(options: { rules: string[]; format: string }): number {
  const entries = ruleCatalogue(loadBuiltinRules(options.rules).rules);
  if (options.format === 'json') {
    const list = entries.map(({ rule, langs }) => ({
      id: rule.id,
      family: rule.family,
      tip: rule.tip,
      level: rule.level,
      type: rule.type,
      langs,
      description: rule.description,
    }));
    process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    return 0;
  }
  const idWidth = Math.max(...entries.map((e) => e.rule.id.length));
  let tip = 0;
  for (const { rule, langs } of entries) {
    if (rule.tip !== tip) process.stdout.write(`${tip ? '\n' : ''}Tip ${(tip = rule.tip)}\n`);
    const family = rule.family !== rule.id ? ` [${rule.family}]` : '';
    process.stdout.write(`  ${rule.id.padEnd(idWidth)}  ${rule.level.padEnd(10)}  ${langs.join(',').padEnd(5)}  ${rule.description}${family}\n`);
  }
  return 0;
}

/** `replylint explain RULE`: the tip, why it matters, one flagged and one clean example. */
export function explainCommand(id: string, options: { rules: string[]; lang?: string }): number {
  const loaded = loadBuiltinRules(options.rules).rules;
  const all = loaded.filter((r) => r.id === id);
  if (all.length === 0) throw new UsageError(`unknown rule '${id}'${closestHint(id, loaded.map((r) => r.id))}`);
  const rule = all.find((r) => r.lang === (options.lang ?? 'en')) ?? all[0]!;
  const example = (e: { reply: string; in_reply_to?: string }) =>
    e.in_reply_to ? `    in reply to: ${e.in_reply_to}\n    reply:       ${e.reply}` : `    ${e.reply}`;
  const lines = [
    `${rule.id} (tip ${rule.tip}, ${rule.level}${rule.family !== rule.id ? `, family ${rule.family}` : ''}; ${all.map((r) => r.lang).sort().join(', ')})`,
    '',
    rule.description,
    '',
    ...(rule.why ? ['Why it matters:', `  ${rule.why}`, ''] : []),
    ...(rule.when.length ? [`Runs when the message answered is: ${rule.when.join(' or ')}`, ''] : []),
    ...(rule.suggest ? ['What to do instead:', `  ${rule.suggest.replace(/\{\w+\}/g, '…')}`, ''] : []),
    'Flagged:',
    example(rule.examples.flag[0]!),
    '',
    'Clean:',
    example(rule.examples.pass[0]!),
    '',
    ...(isBuiltinRule(rule) ? [`Documentation: ${ruleDocUrl(rule.id)}`, ''] : [`Defined in: ${rule.file}`, '']),
  ];
  process.stdout.write(lines.join('\n'));
  return 0;
}
