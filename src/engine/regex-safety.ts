import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
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

/**
 * The analysis is bounded by steps, not by the clock, so that its verdict does not depend on how
 * busy the machine is (a wall-clock limit accepted a rule on one run and rejected it on the next):
 * every time limit is off, and the step limits (recheck's attackLimit, incubationLimit,
 * seedingLimit, maxNFASize, maxPatternSize, at their defaults) and a fixed random seed bound the
 * work. recallTimeout keeps its default (recall validation off), since with it on, an
 * exponential pattern would be run for real. A pattern beyond the limits is rejected.
 */
const ANALYSIS_OPTIONS = {
  timeout: null,
  attackTimeout: null,
  incubationTimeout: null,
  seedingTimeout: null,
  randomSeed: 1,
} as const;
const FLAGS = 'iu';

/** A pattern with no repetition at all cannot backtrack more than its own length. */
const REPETITION = /[*+?{]/;

/**
 * Returns why a pattern is unsafe, or undefined when it is safe. Every pattern with a quantifier
 * is analysed (even `\s+` alone: `x\s+\s+y` is polynomial). Verdicts are kept by pattern text,
 * in memory and in a cache file shared by runs and worker threads (see verdictCache).
 */
export function unsafePatternReason(source: string): string | undefined {
  if (!REPETITION.test(source)) return undefined;
  const cache = verdictCache();
  // The weaker check without recheck keeps verdicts of its own: installing recheck later re-analyses.
  const key = `${loadRecheck() ? '' : 'star-height:'}${FLAGS}/${source}`;
  if (key in cache.verdicts) return cache.verdicts[key] ?? undefined;
  const reason = analyse(source);
  cache.verdicts[key] = reason ?? null;
  saveVerdicts(cache);
  return reason;
}

function analyse(source: string): string | undefined {
  const analyser = loadRecheck();
  if (!analyser) return starHeightReason(source);
  const result: Diagnostics = analyser.checkSync(source, FLAGS, ANALYSIS_OPTIONS);
  switch (result.status) {
    case 'safe':
      return undefined;
    case 'vulnerable':
      return `may backtrack catastrophically (${result.complexity.summary} time, ReDoS) on input such as "${preview(result.attack.string)}": avoid nested or overlapping repetition such as (a+)+ or (.*x){n}`;
    default:
      if (result.error.kind === 'invalid') return undefined; // RegExp reports its own syntax error
      if (result.error.kind === 'timeout')
        return 'could not be proven safe from catastrophic backtracking (ReDoS) within the analysis limits: simplify it';
      return `cannot be checked for catastrophic backtracking (ReDoS): ${'message' in result.error ? result.error.message : result.error.kind}`;
  }
}

interface VerdictCache {
  file?: string;
  /** "flags/pattern" → the reason it is unsafe, or null when safe. */
  verdicts: Record<string, string | null>;
}

let loaded: VerdictCache | undefined;

/**
 * Verdicts by pattern text, in REPLYLINT_CACHE_DIR (default: $XDG_CACHE_HOME/replylint or
 * ~/.cache/replylint), one file per analyser version and options: the next run, and the audit's
 * worker threads (whose main thread analysed the rules first), read the verdict instead of
 * redoing an analysis of seconds. An unreadable or unwritable cache only costs the analysis.
 */
function verdictCache(): VerdictCache {
  if (loaded) return loaded;
  const dir =
    process.env.REPLYLINT_CACHE_DIR ??
    join(
      process.env.XDG_CACHE_HOME ?? join((require('node:os') as typeof import('node:os')).homedir(), '.cache'),
      'replylint',
    );
  const version = (require('recheck/package.json') as { version: string }).version;
  const file = join(dir, `regex-verdicts-recheck-${version}-${hashOf(JSON.stringify(ANALYSIS_OPTIONS))}.json`);
  loaded = { file, verdicts: {} };
  try {
    const stat = statSync(file);
    if (stat.isFile() && stat.size <= MAX_CACHE_BYTES) {
      const data = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      if (data !== null && typeof data === 'object' && !Array.isArray(data))
        loaded.verdicts = Object.assign(Object.create(null), data);
    }
  } catch {
    // no cache yet, or a broken one: start afresh
  }
  return loaded;
}

const MAX_CACHE_BYTES = 8 * 1024 * 1024;

/** Written whole to a new file, then renamed: a reader never sees half of it. */
function saveVerdicts(cache: VerdictCache): void {
  if (!cache.file) return;
  const { threadId } = require('node:worker_threads') as typeof import('node:worker_threads');
  const temp = `${cache.file}.${process.pid}.${threadId}.${Date.now()}.tmp`;
  try {
    mkdirSync(dirname(cache.file), { recursive: true });
    writeFileSync(temp, JSON.stringify(cache.verdicts), { flag: 'wx' });
    renameSync(temp, cache.file);
  } catch {
    rmSync(temp, { force: true });
  }
}

function hashOf(text: string): string {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619) >>> 0;
  return hash.toString(16);
}

function preview(attack: string): string {
  const shown = attack.length > 24 ? `${attack.slice(0, 24)}…` : attack;
  return JSON.stringify(shown).slice(1, -1);
}
