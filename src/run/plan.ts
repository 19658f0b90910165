import type { CompiledRule, Settings } from '../engine/rule.js';
import type { Lang } from '../lang/detect.js';
import { loadBuiltinRules } from '../rules/builtin.js';
import type { RuleSet } from '../rules/load.js';
import {
  checkRuleNames,
  ConfigFinder,
  configScope,
  resolveConfig,
  ruleSetting,
  type ResolvedConfig,
} from '../config/resolve.js';
import { UsageError } from '../core/errors.js';
import { closestHint } from '../rules/closest.js';

/** What the caller (the command line, an editor) says; it overrides the configuration. */
export interface PlanChoices {
  /** A configuration file to use instead of the one found from each input; `false`: none at all. */
  config?: string | false;
  /** --rules folders, added after the configuration's rulesDirs (so they win on a shared id). */
  rulesDirs: string[];
  only: string[];
  disabled: string[];
  lang?: Lang;
}

/** How one input is linted: its configuration, rules at their configured levels, settings. */
export interface FilePlan {
  config: ResolvedConfig;
  ruleSet: RuleSet;
  rules: CompiledRule[];
  settings: Settings;
  lang?: Lang;
}

/**
 * Resolves the plan for each input. Rule sets are loaded once per distinct list of folders, and
 * a plan is worked out once per configuration scope (the file found, and which of its overrides
 * apply): the files of one folder share it, and only `ignore` is matched for each.
 */
export class Planner {
  private readonly finder: ConfigFinder;
  private readonly ruleSets = new Map<string, RuleSet>();
  private readonly plans = new Map<string, FilePlan>();
  /** Configuration files whose `rules:` names were checked against the rules they load. */
  private readonly checked = new Set<string>();

  constructor(private readonly choices: PlanChoices) {
    this.finder = new ConfigFinder(typeof choices.config === 'string' ? choices.config : undefined);
  }

  /** `path` undefined: stdin (configuration searched from the current folder). */
  forFile(path: string | undefined): FilePlan {
    const file = this.choices.config === false ? undefined : this.finder.configFor(path);
    const scope = configScope(file, path);
    let plan = this.plans.get(scope.key);
    if (!plan) {
      const config = resolveConfig(file, path, scope);
      const ruleSet = this.ruleSetFor([...config.rulesDirs, ...this.choices.rulesDirs]);
      // Once per configuration file: every name in its `rules:` must be a known rule or family.
      if (file && !this.checked.has(file.file)) {
        checkRuleNames(file, ruleSet.rules);
        this.checked.add(file.file);
      }
      plan = {
        config,
        ruleSet,
        rules: this.rulesFor(ruleSet, config),
        settings: config.settings,
        lang: this.choices.lang ?? config.lang,
      };
      this.plans.set(scope.key, plan);
    }
    const { ignored, collection } = scope;
    return plan.config.ignored === ignored && plan.config.collection === collection
      ? plan
      : { ...plan, config: { ...plan.config, ignored, collection } };
  }

  /** Configured levels, then --rule (runs only these, even if the configuration turns them off) and --disable. */
  private rulesFor(ruleSet: RuleSet, config: ResolvedConfig): CompiledRule[] {
    const selected = new Set(selectRules(ruleSet.rules, this.choices.only, this.choices.disabled));
    const named = this.choices.only.length > 0;
    return ruleSet.rules.flatMap((rule) => {
      if (!selected.has(rule)) return [];
      const setting = ruleSetting(rule, config.ruleLayers);
      if (setting === 'off') return named ? [rule] : [];
      return [setting === rule.level ? rule : { ...rule, level: setting }];
    });
  }

  private ruleSetFor(dirs: string[]): RuleSet {
    const key = dirs.join('\n');
    let ruleSet = this.ruleSets.get(key);
    if (!ruleSet) this.ruleSets.set(key, (ruleSet = loadBuiltinRules(dirs)));
    return ruleSet;
  }
}

/** --rule / --disable accept a rule id or a family name; an unknown name is a usage error. */
export function selectRules(rules: CompiledRule[], only: string[], disabled: string[]): CompiledRule[] {
  const known = new Set(rules.flatMap((r) => [r.id, r.family]));
  for (const name of [...only, ...disabled]) {
    if (!known.has(name)) throw new UsageError(`unknown rule '${name}'${closestHint(name, known)}`);
  }
  const named = (r: CompiledRule, names: string[]) => names.includes(r.id) || names.includes(r.family);
  return rules.filter((r) => (only.length === 0 || named(r, only)) && !named(r, disabled));
}

/** Canned replies are expected to hold placeholders; a reply about to be sent is not. */
export function defaultMode(path: string | undefined, isCollection: boolean): Settings['mode'] {
  if (isCollection) return 'template';
  return path !== undefined && /(^|[\\/])(templates|macros)[\\/]/i.test(path) ? 'template' : 'draft';
}
