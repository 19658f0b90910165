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
 *
 * recheck (52 MB installed, with its native binary and jar) is an optional peer dependency:
 * only teams that write their own rules need it. Without it, safe-regex2's star-height test
 * (nested repetition such as (a+)+) is the check: it catches the common cases, not all of them
 * (overlapping alternation such as (a|a)* passes), and the README says to install recheck.
 */
const require = createRequire(import.meta.url);
/** null: recheck is not installed. */
let recheck: typeof import('recheck') | null | undefined;

function loadRecheck(): typeof import('recheck') | null {
  if (recheck === undefined) {
    try {
      recheck = require('recheck') as typeof import('recheck');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
      recheck = null;
    }
  }
  return recheck;
}

/** Without recheck: nested repetition is rejected (a lookbehind is read as a plain group, which safe-regex2 can parse). */
function starHeightReason(source: string): string | undefined {
  const safeRegex = require('safe-regex2') as (re: string) => boolean;
  if (safeRegex(source.replace(/\(\?<[!=]/g, '(?:'))) return undefined;
  return 'may backtrack catastrophically (nested repetition, ReDoS): avoid repetition inside repetition such as (a+)+ or (.*x){n} (install recheck for the full analysis)';
}

/** Generous, since it runs once per user pattern at load time; a timeout means "rejected". */
const ANALYSIS_TIMEOUT_MS = 10000;

/** A pattern with no repetition at all cannot backtrack more than its own length. */
const REPETITION = /[*+?{]/;

/** Returns why a pattern is unsafe, or undefined when it is safe. */
export function unsafePatternReason(source: string): string | undefined {
  if (!REPETITION.test(source.replace(/\\s\+/g, ' '))) return undefined;
  const analyser = loadRecheck();
  if (!analyser) return starHeightReason(source);
  const result: Diagnostics = analyser.checkSync(source, 'iu', { timeout: ANALYSIS_TIMEOUT_MS, randomSeed: 1 });
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
