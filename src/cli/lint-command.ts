import { isLevel, levelRank, LEVELS, type Diagnostic, type InputNotice, type Level } from '../diagnostics.js';
import type { CompiledRule } from '../engine/rule.js';
import { isLang, LANGS, type Lang } from '../lang/detect.js';
import { Corpus, lintCollection, lintText, unknownDirectiveRules } from '../lint.js';
import type { Settings, Timing } from '../engine/rule.js';
import { parseTimestamp } from '../sources/jsonl.js';
import { DEFAULT_FIELDS, type CollectionFields } from '../sources/collection.js';
import { FORMATS } from '../report/report.js';
import type { RuleInfo, RunResult } from '../report/result.js';
import { UsageError } from '../core/errors.js';
import { isBuiltinRule, ruleDocUrl } from '../core/rule-docs-url.js';
import { DEFAULT_MAX_BYTES, formatOf, isCollectionPath, readStdin, readTextFile, type Encoding } from '../sources/read.js';
import { expandInputs, isIgnored } from '../sources/expand.js';
import { writeReport } from '../report/write.js';
import { Planner } from './file-plan.js';
import { FixSession } from '../fix/session.js';
import { isTerminal, writeStdout } from './stdio.js';

export interface LintOptions {
  format: string;
  inReplyTo?: string;
  rules: string[];
  rule: string[];
  disable: string[];
  minLevel: string;
  maxWarnings?: string;
  lang?: string;
  /** true: --color, false: --no-color, undefined: colour on a terminal only. */
  color?: boolean;
  /** Errors only: warnings and suggestions are neither reported nor counted. */
  quiet?: boolean;
  maxSize: string;
  /** A configuration file to use instead of discovery. */
  config?: string;
  /** Write the report to this file instead of stdout. */
  output?: string;
  fix?: boolean;
  fixDryRun?: boolean;
  /** draft | template; default: template for collections and files under a templates/ folder. */
  mode?: string;
  bodyField?: string[];
  idField?: string[];
  /** --now: the time replies are sent (ISO 8601); default: the current time. */
  now?: string;
  /** --stdin-filename: stdin's name, format and configuration. */
  stdinFilename?: string;
  /** --ignore-path FILE: instead of .replylintignore. */
  ignorePath?: string;
  /** --ignore-pattern (repeatable). */
  ignorePattern?: string[];
  /** false with --no-ignore. */
  ignore?: boolean;
  /** Collection field names (from the configuration file); --body-field / --id-field take precedence. */
  collection?: Partial<CollectionFields>;
}

const MODES = ['draft', 'template'] as const;

/** `--format fixed`: not a report but the reply with its safe fixes applied (stdin only). */
export const FIXED_FORMAT = 'fixed';

/** Canned replies are expected to hold placeholders; a reply about to be sent is not. */
export function defaultMode(path: string | undefined, isCollection: boolean): Settings['mode'] {
  if (isCollection) return 'template';
  return path !== undefined && /(^|[\\/])(templates|macros)[\\/]/i.test(path) ? 'template' : 'draft';
}

function collectionFields(options: LintOptions): Partial<CollectionFields> {
  const fields = { ...options.collection };
  if (options.bodyField?.length) fields.body = options.bodyField;
  if (options.idField?.length) fields.id = options.idField;
  return fields;
}

async function readContext(path: string | undefined): Promise<string | undefined> {
  if (path === undefined) return undefined;
  const decoded = path === '-' ? await readStdin() : readContextFile(path);
  if ('reason' in decoded) throw new UsageError(`--in-reply-to ${path}: ${decoded.reason}`);
  return decoded.text;
}

function readContextFile(path: string): { text: string } | { reason: string } {
  const result = readTextFile(path);
  return result.ok ? { text: result.input.text } : { reason: result.notice.message };
}

export function exitCodeFor(diagnostics: Diagnostic[], minLevel: Level, maxWarnings?: number): 0 | 1 {
  if (maxWarnings !== undefined) {
    const errors = diagnostics.filter((d) => d.level === 'error').length;
    const warnings = diagnostics.filter((d) => d.level === 'warning').length;
    return errors > 0 || warnings > maxWarnings ? 1 : 0;
  }
  return diagnostics.some((d) => levelRank(d.level) >= levelRank(minLevel)) ? 1 : 0;
}

export async function lintCommand(files: string[], options: LintOptions): Promise<number> {
  const maxWarnings = options.maxWarnings === undefined ? undefined : Number(options.maxWarnings);
  if (maxWarnings !== undefined && !(Number.isInteger(maxWarnings) && maxWarnings >= 0)) {
    throw new UsageError('--max-warnings takes a whole number (0 or more)');
  }
  const maxBytes = Number(options.maxSize);
  if (!(maxBytes > 0)) throw new UsageError('--max-size takes a number of bytes');
  const lang = options.lang as Lang | undefined;
  if (lang !== undefined && !isLang(lang)) throw new UsageError(`--lang must be one of ${LANGS.join(', ')}`);
  if (!isLevel(options.minLevel)) throw new UsageError(`--min-level must be one of ${LEVELS.join(', ')}`);
  const mode = options.mode as Settings['mode'];
  if (mode !== undefined && !MODES.includes(mode)) throw new UsageError(`--mode must be one of ${MODES.join(', ')}`);

  // Replies are linted as if sent now: stale-template compares dates with it, slow-response
  // with a received_at. --now makes a CI run reproducible.
  const now = options.now === undefined ? new Date() : parseTimestamp(options.now);
  if (!now) throw new UsageError(`--now ${options.now}: not an ISO 8601 date-time (e.g. 2025-05-01T09:30:00Z, or 2025-05-01)`);
  const timing: Timing = { sentAt: now };

  const planner = new Planner({ config: options.config, rulesDirs: options.rules, only: options.rule, disabled: options.disable, lang });
  const ran = new Map<string, CompiledRule>();
  if (options.inReplyTo === '-' && files.length === 0) {
    throw new UsageError("--in-reply-to - reads stdin, so the reply must come from a file");
  }
  const inReplyTo = await readContext(options.inReplyTo);
  const result: RunResult = { files: [], diagnostics: [], notices: [] };
  let stdinText: string | undefined;
  // Corpus rules (canned-duplicate) judge all replies at the end; replies are kept only for them.
  const corpus = new Corpus();
  if (options.stdinFilename !== undefined && files.length > 0) throw new UsageError('--stdin-filename names stdin: give no files with it');
  if (options.fix && files.length === 0) throw new UsageError('--fix writes files: give files, or use --fix-dry-run for stdin');
  const printFixed = options.format === FIXED_FORMAT;
  if (printFixed && files.length > 0) throw new UsageError('--format fixed prints the fixed text of stdin: give no files (use --fix for files)');
  if (printFixed && (options.fix || options.fixDryRun)) throw new UsageError('--format fixed applies the fixes itself: leave out --fix and --fix-dry-run');
  const fixer = printFixed ? new FixSession('print') : options.fixDryRun ? new FixSession('dry-run') : options.fix ? new FixSession('write') : undefined;

  // Each input gets the configuration found from its own folder (stdin: the current folder).
  const lintOne = async (name: string, text: string, format?: 'text' | 'markdown', path?: string, encoding?: Encoding) => {
    const plan = planner.forFile(path);
    for (const rule of plan.rules) if (!ran.has(rule.id)) ran.set(rule.id, rule);
    result.files.push(name);
    for (const unknown of unknownDirectiveRules(text, plan.ruleSet)) result.notices.push({ file: name, kind: 'warning', message: unknown.message });
    const settings: Settings = { ...plan.settings, mode: mode ?? plan.settings.mode ?? defaultMode(path, false) };
    const onWarning = (message: string) => result.notices.push({ file: name, kind: 'warning', message });
    const request = { name, text, format, lang: plan.lang, inReplyTo, settings, timing, onWarning, fields: collectionFields(options) };
    // With --fix the text is linted again after fixing; only that final text joins the corpus.
    const diagnostics = await lintText(request, plan.ruleSet, plan.rules, fixer ? undefined : corpus);
    const fixed = fixer ? await fixer.apply(name, text, encoding, diagnostics) : undefined;
    result.diagnostics.push(...(fixer ? await lintText({ ...request, text: fixed ?? text }, plan.ruleSet, plan.rules, corpus) : diagnostics));
  };
  const lintTemplates = async (name: string, text: string, path: string) => {
    const plan = planner.forFile(path);
    for (const rule of plan.rules) if (!ran.has(rule.id)) ran.set(rule.id, rule);
    const settings: Settings = { ...plan.settings, mode: mode ?? plan.settings.mode ?? defaultMode(path, true) };
    const onWarning = (message: string) => result.notices.push({ file: name, kind: 'warning', message });
    const request = { name, text, lang: plan.lang, inReplyTo, settings, timing, onWarning, fields: collectionFields(options) };
    for (const unknown of unknownDirectiveRules(text, plan.ruleSet, true)) result.notices.push({ file: name, kind: 'warning', message: unknown.message });
    const linted = await lintCollection(request, plan.ruleSet, plan.rules, corpus);
    if (!linted.ok) return result.notices.push({ file: name, kind: 'error', message: linted.message });
    if (linted.templates === 0) return result.notices.push({ file: name, kind: 'skipped', message: `no templates found (body field: ${(collectionFields(options).body ?? DEFAULT_FIELDS.body).join(', ')}), skipped` });
    result.files.push(name);
    result.diagnostics.push(...linted.diagnostics);
  };

  if (files.length === 0) {
    if (isTerminal('stdin')) throw new UsageError('no input: give files or folders, or pipe a reply on stdin');
    // --stdin-filename: the name, format and configuration (overrides, ignore) of that path.
    const path = options.stdinFilename;
    const plan = planner.forFile(path); // configuration and rule errors first, before waiting for stdin
    const name = path ?? '<stdin>';
    const decoded = await readStdin(maxBytes);
    if (!('reason' in decoded)) stdinText = decoded.text;
    if ('reason' in decoded) result.notices.push({ file: name, kind: 'skipped', message: decoded.reason });
    else if (path !== undefined && options.ignore !== false && (plan.config.ignored || isIgnoredPath(path, options))) {
      result.notices.push({ file: name, kind: 'warning', message: 'ignored, not linted (--no-ignore lints it)' });
    } else if (path !== undefined && isCollectionPath(path)) await lintTemplates(name, decoded.text, path);
    else await lintOne(name, decoded.text, path === undefined ? undefined : formatOf(path), path);
  } else {
    const { inputs, notices } = expandInputs(files, {
      ignorePath: options.ignorePath,
      ignorePatterns: options.ignorePattern,
      noIgnore: options.ignore === false,
      configOf: (path) => planner.forFile(path).config,
      bodyFields: collectionFields(options).body,
    });
    result.notices.push(...notices);
    for (const { path, collection } of inputs) {
      const read = readTextFile(path, maxBytes);
      if (read.ok && collection) await lintTemplates(read.input.name, read.input.text, path);
      else if (read.ok) await lintOne(read.input.name, read.input.text, read.input.format, path, read.input.encoding);
      else result.notices.push(read.notice);
    }
  }

  result.diagnostics.push(...corpus.findings());
  if (options.quiet) result.diagnostics = result.diagnostics.filter((d) => d.level === 'error');
  result.rules = [...ran.values()].map(ruleInfo);
  const formatter = await FORMATS[printFixed ? 'stylish' : options.format]!();
  const color = options.color ?? (!options.output && !process.env.NO_COLOR && Boolean(process.env.FORCE_COLOR || isTerminal('stdout')));
  const failLevel = failingLevel(result.diagnostics, options.minLevel, maxWarnings);
  result.notices.push(...(fixer?.notices ?? []));
  // --fix-dry-run prints the unified diff instead of the report; the exit code is the fixed run's.
  // --fix-dry-run prints the diff, or the report when there is nothing to fix (what is left).
  const diff = fixer?.mode === 'dry-run' && fixer.patches.length > 0 ? fixer.patches.join('') : undefined;
  if (printFixed) {
    // The fixed text is the output (a pre-send integration replaces the draft with it); what
    // is left to rewrite goes to stderr, and the exit code says whether anything is.
    const text = [...fixer!.texts.values()][0] ?? stdinText ?? '';
    if (options.output) writeReport(options.output, text);
    else writeStdout(text);
    process.stderr.write(await formatter(result, { color: false, failLevel }));
  } else {
    const report = diff ?? (await formatter(result, { color, failLevel }));
    if (options.output) writeReport(options.output, report);
    else writeStdout(report);
  }
  for (const line of fixer?.messages ?? []) process.stderr.write(`replylint: ${line}\n`);
  reportNotices(result.notices);
  if (result.notices.some((n) => n.kind === 'error')) return 2;
  return exitCodeFor(result.diagnostics, options.minLevel, maxWarnings);
}

function isIgnoredPath(path: string, options: LintOptions): boolean {
  return isIgnored(path, { ignorePath: options.ignorePath, ignorePatterns: options.ignorePattern });
}

function reportNotices(notices: InputNotice[]): void {
  for (const notice of notices) process.stderr.write(`replylint: ${notice.file}: ${notice.message}\n`);
}


/**
 * The lowest level that fails this run, so that reports (JUnit failures) agree with the exit
 * code: with --max-warnings, warnings fail only when there are more than allowed.
 */
export function failingLevel(diagnostics: Diagnostic[], minLevel: Level, maxWarnings?: number): Level {
  if (maxWarnings === undefined) return minLevel;
  return diagnostics.filter((d) => d.level === 'warning').length > maxWarnings ? 'warning' : 'error';
}

function ruleInfo(rule: CompiledRule): RuleInfo {
  const { id, family, tip, level, description, why, suggest } = rule;
  return { id, family, tip, level, description, why, suggest, ...(isBuiltinRule(rule) ? { docsUrl: ruleDocUrl(id) } : {}) };
}
