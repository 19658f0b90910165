import { PACKAGE_ROOT } from '../core/package.js';
import { builtinPatternEnvs } from './anchor-table.js';
import { loadRuleSet, type RuleSet } from './load.js';

/** The checks of the built-in files as built are compiled at first use (see loadRuleSet). */
export function loadBuiltinRules(extraDirs: string[] = []): RuleSet {
  return loadRuleSet({ builtinRoot: PACKAGE_ROOT, extraDirs, lazy: true, envs: builtinPatternEnvs() });
}
