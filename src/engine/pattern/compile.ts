import { foldAccents } from '../../lang/fold.js';
import { BoundedPattern } from './bounded.js';
import { PatternEnv } from './env.js';
import { expandPattern, PatternError, SENTENCE_START, type PatternLookup } from './language.js';

/** The environment of patterns compiled without one (tests, a one-off pattern): one per process. */
let standalone: PatternEnv | undefined;

/**
 * Compiles one rule pattern in an environment; throws PatternError with a readable reason.
 * `validated`: the source was checked at build time (a built-in rule file as built): the regex
 * is not parsed again, unless the environment guards what it compiles.
 */
export function compilePattern(
  source: string,
  lookup?: PatternLookup,
  options: { validated?: boolean; env?: PatternEnv } = {},
): RegExp {
  const env = options.env ?? (standalone ??= new PatternEnv());
  // Folded like the reply's text (src/lang/fold.ts): "désolé" in a rule also finds "desole".
  const expanded = foldAccents(expandPattern(source, lookup));
  guardPattern(expanded, env);
  try {
    return new BoundedPattern(expanded, 'giu', options.validated === true && !env.guard, env);
  } catch (error) {
    throw new PatternError(`invalid regular expression: ${(error as Error).message}`);
  }
}

/**
 * The guard lets a syntax error through (undefined), so that RegExp reports it in its own words.
 * It sees the pattern without the {sentence-start} lookbehind: that is ours, bounded, and its
 * lookbehind would send the analyser to a fuzzer that misjudges it.
 */
function guardPattern(expanded: string, env: PatternEnv): void {
  const unsafe = env.guard?.(expanded.split(SENTENCE_START).join(''));
  if (unsafe) throw new PatternError(`unsafe regular expression: ${unsafe}`);
}
