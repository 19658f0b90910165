import { isLevel, levelRank, LEVELS, type Diagnostic, type InputNotice, type Level } from '../diagnostics.js';
import type { CompiledRule } from '../engine/rule.js';
import { isLang, LANGS, type Lang } from '../lang/detect.js';
import { Corpus, lintCollection, lintText } from '../lint.js';
import type { Settings } from '../engine/rule.js';
import { DEFAULT_FIELDS, type CollectionFields } from '../sources/collection.js';
import { FORMATS } from '../report/report.js';
import type { RuleInfo, RunResult } from '../report/result.js';
import { UsageError } from '../core/errors.js';
import { DEFAULT_MAX_BYTES, expandPaths, isCollectionPath, readStdin, readTextFile, type Encoding } from '../sources/read.js';
import { writeReport } from '../report/write.js';
import { Planner } from './file-plan.js';
import { FixSession } from '../fix/session.js';
import { isTerminal, writeStdout } from './stdio.js';
import { isMessageFile, readSiblingMessage } from '../context/sibling.js';

export interface LintOptions {
  format: string;
  inReplyTo?: string;
  rules: string[];
  rule: string[];
  disable: string[];
  minLevel: string;
  maxWarnings?: string;
  lang?: string;
  color: boolean;
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
  /** Collection field names (from the configuration file); --body-field / --id-field take precedence. */
  collection?: Partial<CollectionFields>;
}

const MODES = ['draft', 'template'] as const;

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

  const planner = new Planner({ config: options.config, rulesDirs: options.rules, only: options.rule, disabled: options.disable, lang });
  const ran = new Map<string, CompiledRule>();
  if (options.inReplyTo === '-' && files.length === 0) {
    throw new UsageError("--in-reply-to - reads stdin, so the reply must come from a file");
  }
  const inReplyTo = await readContext(options.inReplyTo);
  const result: RunResult = { files: [], diagnostics: [], notices: [] };
  // Corpus rules (canned-duplicate) judge all replies at the end; replies are kept only for them.
  const corpus = new Corpus();
  if (options.fix && files.length === 0) throw new UsageError('--fix writes files: give files, or use --fix-dry-run for stdin');
  const fixer = options.fixDryRun ? new FixSession('dry-run') : options.fix ? new FixSession('write') : undefined;

  // Without --in-reply-to, a reply may answer the file its configuration names beside it (inReplyToFile).
  const messageFor = (name: string, plan: ReturnType<Planner['forFile']>, path?: string) => {
    if (inReplyTo !== undefined || path === undefined || plan.config.inReplyToFile === undefined) return inReplyTo;
    const sibling = readSiblingMessage(path, plan.config.inReplyToFile);
    if (sibling && 'problem' in sibling) result.notices.push({ file: name, kind: 'skipped', message: `in-reply-to file ${sibling.path}: ${sibling.problem}; linted without it` });
    return sibling && 'text' in sibling ? sibling.text : undefined;
  };
  // Each input gets the configuration found from its own folder (stdin: the current folder).
  const lintOne = async (name: string, text: string, format?: 'text' | 'markdown', path?: string, encoding?: Encoding) => {
    const plan = planner.forFile(path);
    for (const rule of plan.rules) if (!ran.has(rule.id)) ran.set(rule.id, rule);
    result.files.push(name);
    const settings: Settings = { ...plan.settings, mode: mode ?? plan.settings.mode ?? defaultMode(path, false) };
    const request = { name, text, format, lang: plan.lang, inReplyTo: messageFor(name, plan, path), settings, fields: collectionFields(options) };
    // With --fix the text is linted again after fixing; only that final text joins the corpus.
    const diagnostics = await lintText(request, plan.ruleSet, plan.rules, fixer ? undefined : corpus);
    const fixed = fixer ? await fixer.apply(name, text, encoding, diagnostics) : undefined;
    result.diagnostics.push(...(fixer ? await lintText({ ...request, text: fixed ?? text }, plan.ruleSet, plan.rules, corpus) : diagnostics));
  };
  const lintTemplates = async (name: string, text: string, path: string) => {
    const plan = planner.forFile(path);
    for (const rule of plan.rules) if (!ran.has(rule.id)) ran.set(rule.id, rule);
    const settings: Settings = { ...plan.settings, mode: mode ?? plan.settings.mode ?? defaultMode(path, true) };
    const request = { name, text, lang: plan.lang, inReplyTo: messageFor(name, plan, path), settings, fields: collectionFields(options) };
    const linted = await lintCollection(request, plan.ruleSet, plan.rules, corpus);
    if (!linted.ok) return result.notices.push({ file: name, kind: 'error', message: linted.message });
    if (linted.templates === 0) return result.notices.push({ file: name, kind: 'skipped', message: `no templates found (body field: ${(collectionFields(options).body ?? DEFAULT_FIELDS.body).join(', ')}), skipped` });
    result.files.push(name);
    result.diagnostics.push(...linted.diagnostics);
  };

  if (files.length === 0) {
    if (isTerminal('stdin')) throw new UsageError('no input: give files or folders, or pipe a reply on stdin');
    planner.forFile(undefined); // configuration and rule errors first, before waiting for stdin
    const decoded = await readStdin(maxBytes);
    if ('reason' in decoded) result.notices.push({ file: '<stdin>', kind: 'skipped', message: decoded.reason });
    else await lintOne('<stdin>', decoded.text);
  } else {
    const { files: paths, notices } = expandPaths(files);
    result.notices.push(...notices);
    for (const path of paths) {
      const { config } = planner.forFile(path);
      if (config.ignored || (config.inReplyToFile !== undefined && isMessageFile(path, config.inReplyToFile))) continue;
      const read = readTextFile(path, maxBytes);
      if (read.ok && isCollectionPath(path)) await lintTemplates(read.input.name, read.input.text, path);
      else if (read.ok) await lintOne(read.input.name, read.input.text, read.input.format, path, read.input.encoding);
      else result.notices.push(read.notice);
    }
  }

  result.diagnostics.push(...corpus.findings());
  result.rules = [...ran.values()].map(ruleInfo);
  const formatter = await FORMATS[options.format]!();
  const color = !options.output && options.color && !process.env.NO_COLOR && Boolean(process.env.FORCE_COLOR || isTerminal('stdout'));
  const failLevel = failingLevel(result.diagnostics, options.minLevel, maxWarnings);
  result.notices.push(...(fixer?.notices ?? []));
  // --fix-dry-run prints the unified diff instead of the report; the exit code is the fixed run's.
  const report = fixer?.mode === 'dry-run' ? fixer.patches.join('') : await formatter(result, { color, failLevel });
  if (options.output) writeReport(options.output, report);
  else writeStdout(report);
  for (const line of fixer?.messages ?? []) process.stderr.write(`replylint: ${line}\n`);
  reportNotices(result.notices);
  if (result.notices.some((n) => n.kind === 'error')) return 2;
  return exitCodeFor(result.diagnostics, options.minLevel, maxWarnings);
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
  return { id, family, tip, level, description, why, suggest };
}
