/**
 * replylint as a library: `import { lint } from 'replylint'`. These names are the public API,
 * kept stable across minor versions (semver); everything else in dist/ is internal and may move.
 * The CLI is a thin layer over the same functions.
 */
import { resolve } from 'node:path';
import type { Diagnostic, InputNotice } from './diagnostics.js';
import type { Timing } from './engine/rule.js';
import type { Lang } from './lang/detect.js';
import { runLint } from './run/run.js';
import { Planner } from './run/plan.js';
import { applyFixes as applyFixesToText } from './fix/apply.js';
import { loadBuiltinRules } from './rules/builtin.js';
import { describeRule, ruleCatalogue, type RuleDescription } from './rules/catalogue.js';
import { isCollectionPath } from './sources/read.js';
import { FORMATS } from './report/report.js';
import { UsageError } from './core/errors.js';

export type { Diagnostic, Fix, InputNotice, Level } from './diagnostics.js';
export { LEVELS } from './diagnostics.js';
export type { Lang } from './lang/detect.js';
export type { RuleDescription } from './rules/catalogue.js';
export type { RuleNeed } from './engine/rule.js';
export { RuleFileError, UsageError } from './core/errors.js';
export { ConfigErrors } from './config/errors.js';

/** Team settings; in a configuration file they are the keys of the same names. */
export interface TeamSettings {
  brand?: { name?: string; handles?: string[]; voice?: 'we' | 'I' };
  responseTargetMinutes?: number;
  vocabulary?: string[];
}

export interface LintOptions {
  /**
   * The reply's file name (it need not exist). It gives the format (`.md`: Markdown; `.yml`,
   * `.yaml`, `.json`: a template collection), the configuration found from its folder, and the
   * `overrides` that match it. Without `path` and `config`, no configuration file is read.
   */
  path?: string;
  /** A configuration file to use (instead of the one found from `path`); `false`: none at all. */
  config?: string | false;
  /** The message the reply answers: rules with `when:` (e.g. a complaint) run only with it. */
  inReplyTo?: string;
  /** The reply's language; default: detected per reply. */
  lang?: Lang;
  /** draft (placeholders are errors) or template; default: by path, as the CLI does. */
  mode?: 'draft' | 'template';
  /** Settings that win over the configuration's. */
  settings?: TeamSettings;
  /** Folders of your own YAML rules. */
  rulesDirs?: string[];
  /** Run only these rules or families. */
  only?: string[];
  /** Do not run these rules or families. */
  disable?: string[];
  /** When the message answered arrived (ISO 8601 string or Date), for slow-response. */
  receivedAt?: string | Date;
  /** When the reply is sent (default: now), for slow-response and stale-template. */
  sentAt?: string | Date;
}

/** What a rule is, for listing, documentation and reports. */

export type FormatName = 'stylish' | 'json' | 'sarif' | 'github' | 'junit';
export const FORMAT_NAMES = Object.keys(FORMATS) as FormatName[];

/**
 * The run's planner (src/run/plan.ts), one per set of options: configuration files and rule sets
 * are read once and kept. Without `path` and `config`, no configuration file is read.
 */
const planners = new Map<string, Planner>();

function plannerFor(options: LintOptions): Planner {
  const config = options.config ?? (options.path === undefined ? false : undefined);
  const key = JSON.stringify([config, options.rulesDirs, options.only, options.disable, options.lang]);
  let planner = planners.get(key);
  if (!planner) {
    const rulesDirs = (options.rulesDirs ?? []).map((dir) => resolve(dir));
    planners.set(
      key,
      (planner = new Planner({
        config,
        rulesDirs,
        only: options.only ?? [],
        disabled: options.disable ?? [],
        lang: options.lang,
      })),
    );
  }
  return planner;
}

/**
 * Forgets the configuration files and rules read so far: a long-running process (an editor
 * server, a help-desk service) calls it when a configuration or rule file changes.
 */
export function clearCaches(): void {
  planners.clear();
}

function toDate(value: string | Date | undefined, name: string): Date | undefined {
  if (value === undefined) return undefined;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new UsageError(`${name}: not a date and time (ISO 8601, e.g. 2025-05-01T09:30:00Z)`);
  return date;
}

/**
 * Lints one reply (or, with a collection `path`, every template in the text). Resolves with the
 * findings, in the order of the text; rejects with a RuleFileError / ConfigErrors for a bad
 * configuration or rule file, a UsageError for a bad option.
 */
export async function lint(text: string, options: LintOptions = {}): Promise<Diagnostic[]> {
  const timing: Timing = {
    receivedAt: toDate(options.receivedAt, 'receivedAt'),
    sentAt: toDate(options.sentAt, 'sentAt') ?? new Date(),
  };
  const name = options.path ?? '<text>';
  // The same run as the command line's, over one text; a path's `ignore:` does not silence a text given to lint.
  const result = await runLint([{ name, text, path: options.path }], {
    planner: plannerFor(options),
    mode: options.mode,
    inReplyTo: options.inReplyTo,
    settings: options.settings,
    timing,
    noIgnore: true,
  });
  const error = result.notices.find((notice) => notice.kind === 'error');
  if (error) throw new UsageError(`${name}: ${error.message}`);
  return result.diagnostics;
}

/**
 * Lints, applies the safe fixes (plain replacements, never overlapping), and lints the result:
 * `text` is the fixed reply, `diagnostics` what is left to rewrite by hand.
 */
export async function fix(
  text: string,
  options: LintOptions = {},
): Promise<{ text: string; fixed: Diagnostic[]; diagnostics: Diagnostic[] }> {
  if (options.path !== undefined && isCollectionPath(options.path))
    throw new UsageError('fix: a collection is fixed template by template, not as a file');
  const { text: fixedText, fixed } = applyFixesToText(text, await lint(text, options));
  return {
    text: fixedText,
    fixed,
    diagnostics: fixed.length ? await lint(fixedText, options) : await lint(text, options),
  };
}

/** Applies the `fix` of each diagnostic to the text it was found in (overlapping fixes: the first wins). */
export function applyFixes(text: string, diagnostics: readonly Diagnostic[]): { text: string; fixed: Diagnostic[] } {
  return applyFixesToText(text, diagnostics);
}

/** Every rule (built in, plus those of `rulesDirs`), one entry per id, sorted by tip then id. */
export function loadRules(options: { rulesDirs?: string[] } = {}): RuleDescription[] {
  return ruleCatalogue(loadBuiltinRules((options.rulesDirs ?? []).map((dir) => resolve(dir))).rules).map(describeRule);
}

/** What `toneScore` read in a text: the combined score and each of its readings. */
export interface ToneReading {
  /** 0 (polite) to 1 (hostile): the weighted mean of the strategies and the two models' tempered probabilities (src/model/tone-score.ts). */
  score: number;
  /** The tone model's summed probability of the hostile kinds (blame, condescension, sarcasm...). */
  hostility: number;
  /** The politeness strategies' impoliteness (0.5: no marker either way). */
  strategies: number;
  /** The politeness model's probability of an impolite request (English only). */
  request?: number;
  lang: Lang;
}

/**
 * How impolite or hostile a short text reads, to rank texts (drafts, templates, comments) rather
 * than to flag one: the rules flag. Reads the model weights on first use.
 */
export async function toneScore(text: string, options: { lang?: Lang } = {}): Promise<ToneReading> {
  const lang = options.lang ?? (await import('./lang/detect.js')).detectLanguage(text);
  const { toneOf } = await import('./model/tone-score.js');
  return { ...toneOf(text, lang), lang };
}

/**
 * A report in one of the CLI's formats (`replylint --format NAME`): findings, and optionally the
 * files linted (JUnit, SARIF list them) and the input notices.
 */
export async function format(
  report: { diagnostics: Diagnostic[]; files?: string[]; notices?: InputNotice[] },
  name: FormatName = 'stylish',
  options: { color?: boolean } = {},
): Promise<string> {
  const formatter = FORMATS[name];
  if (!formatter) throw new UsageError(`unknown format '${name}' (one of: ${FORMAT_NAMES.join(', ')})`);
  const files = report.files ?? [...new Set(report.diagnostics.map((d) => d.file))];
  return (await formatter())(
    { files, diagnostics: report.diagnostics, notices: report.notices ?? [] },
    { color: options.color ?? false },
  );
}
