import { createRequire } from 'node:module';
import type { Diagnostics } from 'recheck';

/**
 * Catastrophic backtracking (ReDoS) check for patterns written by users. JavaScript's RegExp
 * backtracks, so "(a+)+$" or "(.*a){20}" can take minutes on a few thousand characters; a linter
 * inside a pre-send button must never hang. User rules are therefore analysed when they are
 * loaded, with recheck (an automaton-based analyser with a fuzzing fallback), and a pattern
 * that is not proven safe is rejected with its file and line. Built-in rules are reviewed and
 * tested instead, which keeps start-up free of the analyser.
 *
 * The user's pattern is analysed without the implied word boundaries (lookarounds send recheck
 * to its slower fuzzer), which is stricter: a pattern safe on its own is safe inside them.
 */
const require = createRequire(import.meta.url);
let recheck: typeof import('recheck') | undefined;

/** Generous, since it runs once per user pattern at load time; a timeout means "rejected". */
const ANALYSIS_TIMEOUT_MS = 3000;

/** A pattern with no repetition at all cannot backtrack more than its own length. */
const REPETITION = /[*+?{]/;

/** Returns why a pattern is unsafe, or undefined when it is safe. */
export function unsafePatternReason(source: string): string | undefined {
  if (!REPETITION.test(source.replace(/\\s\+/g, ' '))) return undefined;
  recheck ??= require('recheck') as typeof import('recheck');
  const result: Diagnostics = recheck.checkSync(source, 'iu', { timeout: ANALYSIS_TIMEOUT_MS, randomSeed: 1 });
  switch (result.status) {
    case 'safe':
      return undefined;
    case 'vulnerable':
      return `may backtrack catastrophically (${result.complexity.summary} time, ReDoS) on input such as "${preview(result.attack.string)}": avoid nested or overlapping repetition such as (a+)+ or (.*x){n}`;
    default:
      if (result.error.kind === 'invalid') return undefined; // RegExp reports its own syntax error
      if (result.error.kind === 'timeout') return 'could not be proven safe from catastrophic backtracking (ReDoS) in time: simplify it';
      return `cannot be checked for catastrophic backtracking (ReDoS): ${'message' in result.error ? result.error.message : result.error.kind}`;
  }
}

function preview(attack: string): string {
  const shown = attack.length > 24 ? `${attack.slice(0, 24)}…` : attack;
  return JSON.stringify(shown).slice(1, -1);
}
