import { fileURLToPath } from 'node:url';
import { builtinPatternEnvs } from './anchor-table.js';
import { loadRuleSet, type RuleSet } from './load.js';

/** The package root: the built-in rules/ and signals/ folders live beside dist/. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The checks of the built-in files as built are compiled at first use (see loadRuleSet). */
export function loadBuiltinRules(extraDirs: string[] = []): RuleSet {
  return loadRuleSet({ builtinRoot: PACKAGE_ROOT, extraDirs, lazy: true, envs: builtinPatternEnvs() });
}
