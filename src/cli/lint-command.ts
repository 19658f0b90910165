import { isLevel, levelRank, LEVELS, type Diagnostic, type InputNotice, type Level } from '../diagnostics.js';
import { isLang, LANGS, type Lang } from '../lang/detect.js';
import type { Settings } from '../engine/rule.js';
import type { CollectionFields } from '../sources/collection.js';
import { FORMATS } from '../report/report.js';
import { UsageError } from '../core/errors.js';
import { expandPaths, readStdin, readTextFile } from '../sources/read.js';
import { writeReport } from '../report/write.js';
import { Planner } from '../run/plan.js';
import { runLint, type RunInput } from '../run/run.js';
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
  if (options.inReplyTo === '-' && files.length === 0) {
    throw new UsageError("--in-reply-to - reads stdin, so the reply must come from a file");
  }
  if (options.fix && files.length === 0) throw new UsageError('--fix writes files: give files, or use --fix-dry-run for stdin');

  // Each input gets the configuration found from its own folder (stdin: the current folder).
  const planner = new Planner({ config: options.config, rulesDirs: options.rules, only: options.rule, disabled: options.disable, lang });
  const inReplyTo = await readContext(options.inReplyTo);
  const fixer = options.fixDryRun ? new FixSession('dry-run') : options.fix ? new FixSession('write') : undefined;
  const { inputs, notices } = files.length === 0 ? await stdinInput(planner, maxBytes) : fileInputs(files);
  const result = await runLint(inputs, { planner, mode, inReplyTo, fields: collectionFields(options), maxBytes, fixer });
  result.notices.unshift(...notices);

  const formatter = await FORMATS[options.format]!();
  const color = !options.output && options.color && !process.env.NO_COLOR && Boolean(process.env.FORCE_COLOR || isTerminal('stdout'));
  const failLevel = failingLevel(result.diagnostics, options.minLevel, maxWarnings);
  // --fix-dry-run prints the unified diff instead of the report; the exit code is the fixed run's.
  const report = fixer?.mode === 'dry-run' ? fixer.patches.join('') : await formatter(result, { color, failLevel });
  if (options.output) writeReport(options.output, report);
  else writeStdout(report);
  for (const line of fixer?.messages ?? []) process.stderr.write(`replylint: ${line}\n`);
  reportNotices(result.notices);
  if (result.notices.some((n) => n.kind === 'error')) return 2;
  return exitCodeFor(result.diagnostics, options.minLevel, maxWarnings);
}

function fileInputs(paths: string[]): { inputs: RunInput[]; notices: InputNotice[] } {
  const { files, notices } = expandPaths(paths);
  return { inputs: files.map((path) => ({ path })), notices };
}

/** The reply piped on stdin; configuration and rule errors are reported first, before waiting for it. */
async function stdinInput(planner: Planner, maxBytes: number): Promise<{ inputs: RunInput[]; notices: InputNotice[] }> {
  if (isTerminal('stdin')) throw new UsageError('no input: give files or folders, or pipe a reply on stdin');
  planner.forFile(undefined);
  const decoded = await readStdin(maxBytes);
  if ('reason' in decoded) return { inputs: [], notices: [{ file: '<stdin>', kind: 'skipped', message: decoded.reason }] };
  return { inputs: [{ name: '<stdin>', text: decoded.text }], notices: [] };
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
