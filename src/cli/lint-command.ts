import { isLevel, levelRank, LEVELS, type Diagnostic, type InputNotice, type Level } from '../diagnostics.js';
import { isLang, LANGS, type Lang } from '../lang/detect.js';
import type { Settings, Timing } from '../engine/rule.js';
import { parseTimestamp } from '../sources/jsonl.js';
import type { CollectionFields } from '../sources/collection.js';
import { FORMATS } from '../report/report.js';
import { UsageError } from '../core/errors.js';
import { readStdin, readTextFile, type FileStamp } from '../sources/read.js';
import { terminalSafeLine } from '../report/terminal-safe.js';
import { expandInputs, isIgnored } from '../sources/expand.js';
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
  /**
   * Collection field names (from the configuration file); --body-field / --id-field take
   * precedence. `context` is the old name of `inReplyTo` and still works.
   */
  collection?: Partial<CollectionFields> & { context?: string[] };
}

const MODES = ['draft', 'template'] as const;

/** `--format fixed`: not a report but the reply with its safe fixes applied (stdin only). */
export const FIXED_FORMAT = 'fixed';

function collectionFields(options: LintOptions): Partial<CollectionFields> {
  const { context, ...named } = options.collection ?? {};
  const fields: Partial<CollectionFields> = { ...named };
  if (context && !fields.inReplyTo) fields.inReplyTo = context;
  if (options.bodyField?.length) fields.body = options.bodyField;
  if (options.idField?.length) fields.id = options.idField;
  return fields;
}

/** The text of the message answered (--in-reply-to FILE, or - for stdin), under the same size limit as a reply. */
async function readAnsweredMessage(
  path: string | undefined,
  maxBytes: number,
  read: FileStamp[],
): Promise<string | undefined> {
  if (path === undefined) return undefined;
  const decoded = path === '-' ? await readStdin(maxBytes) : readAnsweredMessageFile(path, maxBytes, read);
  if ('reason' in decoded) throw new UsageError(`--in-reply-to ${path}: ${decoded.reason}`);
  return decoded.text;
}

function readAnsweredMessageFile(
  path: string,
  maxBytes: number,
  read: FileStamp[],
): { text: string } | { reason: string } {
  const result = readTextFile(path, maxBytes);
  if (result.ok && result.input.stamp) read.push(result.input.stamp);
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
    throw new UsageError('--in-reply-to - reads stdin, so the reply must come from a file');
  }
  if (options.stdinFilename !== undefined && files.length > 0)
    throw new UsageError('--stdin-filename names stdin: give no files with it');
  if (options.fix && files.length === 0)
    throw new UsageError('--fix writes files: give files, or use --fix-dry-run for stdin');
  const printFixed = options.format === FIXED_FORMAT;
  if (printFixed && files.length > 0)
    throw new UsageError('--format fixed prints the fixed text of stdin: give no files (use --fix for files)');
  if (printFixed && (options.fix || options.fixDryRun))
    throw new UsageError('--format fixed applies the fixes itself: leave out --fix and --fix-dry-run');
  // Replies are linted as if sent now: stale-template compares dates with it, slow-response
  // with a received_at. --now makes a CI run reproducible.
  const now = options.now === undefined ? new Date() : parseTimestamp(options.now);
  if (!now)
    throw new UsageError(`--now ${options.now}: not an ISO 8601 date-time (e.g. 2025-05-01T09:30:00Z, or 2025-05-01)`);
  const timing: Timing = { sentAt: now };

  // Each input gets the configuration found from its own folder (stdin: the current folder).
  const planner = new Planner({
    config: options.config,
    rulesDirs: options.rules,
    only: options.rule,
    disabled: options.disable,
    lang,
  });
  // Every file read, so that --output never replaces one of them.
  const inputsRead: FileStamp[] = [];
  const inReplyTo = await readAnsweredMessage(options.inReplyTo, maxBytes, inputsRead);
  const fixer = printFixed
    ? new FixSession('print')
    : options.fixDryRun
      ? new FixSession('dry-run')
      : options.fix
        ? new FixSession('write')
        : undefined;
  const { inputs, notices } =
    files.length === 0 ? await stdinInput(planner, options) : fileInputs(files, planner, options);
  const noIgnore = options.ignore === false;
  const result = await runLint(inputs, {
    planner,
    mode,
    inReplyTo,
    fields: collectionFields(options),
    maxBytes,
    fixer,
    timing,
    noIgnore,
    inputsRead,
  });
  result.notices.unshift(...notices);
  if (options.quiet) result.diagnostics = result.diagnostics.filter((d) => d.level === 'error');
  const stdinText = inputs.length === 1 && 'text' in inputs[0]! ? inputs[0].text : undefined;

  const formatter = await FORMATS[printFixed ? 'stylish' : options.format]!();
  const color =
    options.color ??
    (!options.output && !process.env.NO_COLOR && Boolean(process.env.FORCE_COLOR || isTerminal('stdout')));
  const failLevel = failingLevel(result.diagnostics, options.minLevel, maxWarnings);
  // --fix-dry-run prints the diff, or the report when there is nothing to fix (what is left).
  const diff = fixer?.mode === 'dry-run' && fixer.patches.length > 0 ? fixer.patches.join('') : undefined;
  if (printFixed) {
    // The fixed text is the output (a pre-send integration replaces the draft with it); what
    // is left to rewrite goes to stderr, and the exit code says whether anything is.
    const text = [...fixer!.texts.values()][0] ?? stdinText ?? '';
    if (options.output) writeReport(options.output, text, inputsRead);
    else writeStdout(text);
    process.stderr.write(await formatter(result, { color: false, failLevel }));
  } else {
    const report = diff ?? (await formatter(result, { color, failLevel }));
    if (options.output) writeReport(options.output, report, inputsRead);
    else writeStdout(report);
  }
  for (const line of fixer?.messages ?? []) process.stderr.write(`replylint: ${terminalSafeLine(line)}\n`);
  reportNotices(result.notices);
  if (result.notices.some((n) => n.kind === 'error')) return 2;
  return exitCodeFor(result.diagnostics, options.minLevel, maxWarnings);
}

function fileInputs(
  paths: string[],
  planner: Planner,
  options: LintOptions,
): { inputs: RunInput[]; notices: InputNotice[] } {
  const { inputs, notices } = expandInputs(paths, {
    ignorePath: options.ignorePath,
    ignorePatterns: options.ignorePattern,
    noIgnore: options.ignore === false,
    configOf: (path) => planner.forFile(path).config,
    bodyFields: collectionFields(options).body,
  });
  return { inputs: inputs.map(({ path, collection }) => ({ path, collection })), notices };
}

/**
 * The reply piped on stdin; configuration and rule errors are reported first, before waiting
 * for it. --stdin-filename gives it the name, format and configuration (overrides, ignore) of
 * that path.
 */
async function stdinInput(
  planner: Planner,
  options: LintOptions,
): Promise<{ inputs: RunInput[]; notices: InputNotice[] }> {
  if (isTerminal('stdin')) throw new UsageError('no input: give files or folders, or pipe a reply on stdin');
  const path = options.stdinFilename;
  const name = path ?? '<stdin>';
  const plan = planner.forFile(path);
  const decoded = await readStdin(Number(options.maxSize));
  if ('reason' in decoded) return { inputs: [], notices: [{ file: name, kind: 'skipped', message: decoded.reason }] };
  const ignored =
    path !== undefined &&
    options.ignore !== false &&
    (plan.config.ignored || isIgnored(path, { ignorePath: options.ignorePath, ignorePatterns: options.ignorePattern }));
  if (ignored)
    return {
      inputs: [],
      notices: [{ file: name, kind: 'warning', message: 'ignored, not linted (--no-ignore lints it)' }],
    };
  return { inputs: [{ name, text: decoded.text, ...(path === undefined ? {} : { path }) }], notices: [] };
}

function reportNotices(notices: InputNotice[]): void {
  for (const notice of notices)
    process.stderr.write(`replylint: ${terminalSafeLine(notice.file)}: ${terminalSafeLine(notice.message)}\n`);
}

/**
 * The lowest level that fails this run, so that reports (JUnit failures) agree with the exit
 * code: with --max-warnings, warnings fail only when there are more than allowed.
 */
export function failingLevel(diagnostics: Diagnostic[], minLevel: Level, maxWarnings?: number): Level {
  if (maxWarnings === undefined) return minLevel;
  return diagnostics.filter((d) => d.level === 'warning').length > maxWarnings ? 'warning' : 'error';
}
