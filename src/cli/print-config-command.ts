import { Planner } from '../run/plan.js';
import { ruleSetting } from '../config/resolve.js';

export interface PrintConfigOptions {
  config?: string;
  rules: string[];
}

/**
 * `replylint print-config FILE`: the configuration that applies to FILE, fully resolved (files
 * read, settings merged, every rule's level), as JSON. FILE need not exist: the question is
 * what a reply saved there would get.
 */
export function printConfigCommand(file: string, options: PrintConfigOptions): number {
  const plan = new Planner({ config: options.config, rulesDirs: options.rules, only: [], disabled: [] }).forFile(file);
  const { config } = plan;
  const rules = Object.fromEntries(
    [...new Map(plan.ruleSet.rules.map((r) => [r.id, r])).values()]
      .sort((a, b) => a.id.localeCompare(b.id))
      .map((r) => [r.id, ruleSetting(r, config.ruleLayers)]),
  );
  const resolved = {
    file,
    config: config.file ?? null,
    extends: config.chain.slice(0, -1),
    ignored: config.ignored,
    lang: plan.lang ?? null,
    ...config.settings,
    ...(config.inReplyToFile === undefined ? {} : { inReplyToFile: config.inReplyToFile }),
    rulesDirs: [...config.rulesDirs, ...options.rules],
    rules,
  };
  process.stdout.write(`${JSON.stringify(resolved, null, 2)}\n`);
  return 0;
}
