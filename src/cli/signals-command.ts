import { readFileSync } from 'node:fs';
import { AnsweredMessageText } from '../answered/message.js';
import { appliesTo } from '../engine/run.js';
import type { Lang } from '../lang/detect.js';
import { loadBuiltinRules } from '../rules/builtin.js';
import { UsageError } from '../core/errors.js';

export interface SignalsOptions {
  rules: string[];
  lang?: Lang;
  format: string;
}

/**
 * `replylint signals [file]`: how replylint reads a customer's message (stdin when no file):
 * each signal of the message's language, whether it holds, and the words that made it hold;
 * then the rules that will judge a reply to it. It knows no signal or rule by name: both come
 * from the signal and rule files.
 */
export function signalsCommand(file: string | undefined, options: SignalsOptions): number {
  let text: string;
  try {
    text = readFileSync(file ?? 0, 'utf8');
  } catch (error) {
    throw new UsageError(
      `cannot read ${file ?? 'stdin'}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  const ruleSet = loadBuiltinRules(options.rules);
  const message = AnsweredMessageText.fromText(text, ruleSet.signals, options.lang);
  const lang = message.doc.lang;
  // The signals rules ask of the message (their `when`); the others describe replies (@investigation).
  const asked = new Set(ruleSet.rules.flatMap((r) => r.when.map((c) => c.replace(/^!/, ''))));
  const signals = [...(ruleSet.signals.get(lang)?.values() ?? [])]
    .filter((s) => asked.size === 0 || asked.has(s.name))
    .map((signal) => {
      const words = signal
        .check({ doc: message.doc })
        .map((m) => message.doc.source.slice(m.span.start, m.span.end).replace(/\s+/gu, ' ').trim());
      return { signal: signal.name, holds: words.length > 0, words: [...new Set(words)] };
    });
  const rules = [
    ...new Set(
      ruleSet.rules.filter((r) => r.lang === lang && r.when.length > 0 && appliesTo(r, message)).map((r) => r.id),
    ),
  ].sort();
  if (options.format === 'json') {
    process.stdout.write(`${JSON.stringify({ lang, signals, rules }, null, 2)}\n`);
    return 0;
  }
  const width = Math.max(0, ...signals.map((s) => s.signal.length));
  const lines = [`Message read as ${lang}${options.lang ? '' : ' (detected)'}:`];
  for (const s of signals) {
    lines.push(
      `  ${s.signal.padEnd(width)}  ${s.holds ? `holds, on: ${s.words.map((w) => `"${w}"`).join(', ')}` : '-'}`,
    );
  }
  lines.push(
    '',
    rules.length ? `Rules that judge a reply to it: ${rules.join(', ')}` : 'No rule depends on this message.',
    '',
  );
  process.stdout.write(lines.join('\n'));
  return 0;
}
