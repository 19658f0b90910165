import { LANGS } from '../lang/detect.js';
import { loadRuleFile, loadSignalFile, type CompiledSignal, type RuleSet } from '../rules/load.js';
import { answerLintRequest, BadRequest, readLintBody, type LintAnswer, type LintBody } from '../serve/request.js';
import { PACK, type BuiltPack } from './pack-data.js';

/**
 * replylint in a web page (a help desk's compose box), with no server: the built-in rules,
 * precompiled into the bundle, and the same core as the CLI. No Node built-in is used on this
 * path: the build (src/tools/bundle-browser.ts) replaces them with stubs that throw, and
 * test/browser.test.ts runs the bundle where neither require nor process exist.
 *
 *   import { lint } from 'replylint/browser';
 *   const { findings, signals } = await lint({ reply: draft, in_reply_to: customerMessage });
 */
export { BadRequest, type LintAnswer, type LintBody };

let ruleSet: RuleSet | undefined;

/** The rule set of a pack: as loadRuleSet builds it from files, here from their data (compiled at first use). */
export function ruleSetFromPack(pack: BuiltPack): RuleSet {
  const signals: RuleSet['signals'] = new Map(LANGS.map((l) => [l, new Map<string, CompiledSignal>()]));
  for (const { file, lang, data } of pack.signals) {
    const known = signals.get(lang)!;
    const signal = loadSignalFile(file, lang, known, { lazy: true, data });
    known.set(signal.name, signal);
  }
  const byKey = new Map<string, RuleSet['rules'][number]>();
  for (const { file, lang, data } of pack.rules) {
    for (const rule of loadRuleFile(file, lang, signals, { lazy: true, data }))
      byKey.set(`${rule.lang}/${rule.id}`, rule);
  }
  return { rules: [...byKey.values()], signals };
}

function builtinRules(): RuleSet {
  return (ruleSet ??= ruleSetFromPack(PACK));
}

/**
 * Lints one draft: `{reply, in_reply_to?, lang?, settings?, received_at?, sent_at?}` as the HTTP
 * service takes it; the answer is the service's too (findings with the JSON output's fields, the
 * message's signals). A malformed request throws BadRequest, naming the field.
 */
export async function lint(request: LintBody): Promise<LintAnswer> {
  const rules = builtinRules();
  return answerLintRequest(readLintBody(request), { ruleSet: rules, rules: rules.rules, settings: {} });
}

/** The built-in rules: id, tip, level and one-line description (for a settings page). */
export function rules(): { id: string; tip: number; level: string; lang: string; description: string }[] {
  return builtinRules().rules.map(({ id, tip, level, lang, description }) => ({ id, tip, level, lang, description }));
}
