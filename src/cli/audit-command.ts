import { createReadStream, statSync, type ReadStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { createAuditor, type AuditSetup, type LineOutcome } from '../audit/auditor.js';
import { BatchedOutput } from '../audit/output.js';
import { Progress } from '../audit/progress.js';
import { AuditSummary } from '../audit/summary.js';
import { isLevel, levelRank, LEVELS, type Level } from '../diagnostics.js';
import type { CompiledRule } from '../engine/rule.js';
import { LANGS, type Lang } from '../lang/detect.js';
import { UsageError } from '../core/errors.js';
import { DEFAULT_FIELDS } from '../sources/jsonl.js';
import { DEFAULT_MAX_BYTES, describeFsError } from '../sources/read.js';
import { archiveLineBatches } from '../audit/lines.js';
import { PACKAGE_ROOT } from '../core/package.js';
import { Planner } from '../run/plan.js';
import { StdoutSink } from './stdio.js';
import { terminalSafeLine } from '../report/terminal-safe.js';
import { collect, withRuleSelection } from '../core/command-options.js';

export interface AuditOptions {
  replyField: string[];
  idField: string;
  inReplyToField: string;
  receivedField: string;
  sentField: string;
  workers: string;
  batch: string;
  summary: boolean;
  progress: boolean;
  config?: string;
  rules: string[];
  rule: string[];
  disable: string[];
  lang?: string;
  minLevel: string;
  maxSize: string;
}

/**
 * Inputs at least this large use worker threads when --workers is auto. Each worker pays its own
 * start-up and warm-up (rules loaded, regexes compiled, code optimised: about 0.6 s of CPU each,
 * measured on the bench corpus), which a smaller input does not win back.
 */
export const WORKER_THRESHOLD_BYTES = 1024 * 1024;

export function registerAuditCommand(program: Command): void {
  withRuleSelection(
    program
      .command('audit')
      .description(
        'audit an archive of replies (JSONL, one object a line): findings as JSONL, a summary per tip and rule',
      )
      .argument('<file>', "a JSONL file ('-' for stdin)")
      .option(
        '--reply-field <name>',
        'field holding the reply (repeatable, first string wins; default: reply, text)',
        collect,
        [],
      )
      .option('--id-field <name>', 'field copied into each output record as "id"', DEFAULT_FIELDS.id)
      .option('--in-reply-to-field <name>', 'field holding the message answered', DEFAULT_FIELDS.inReplyTo)
      .option('--received-field <name>', 'ISO 8601 time the message was received', DEFAULT_FIELDS.receivedAt)
      .option('--sent-field <name>', 'ISO 8601 time the reply was sent', DEFAULT_FIELDS.sentAt)
      .option(
        '--workers <n>',
        `worker threads: a number (0 or 1: none), or auto (one per free core, for files of ${WORKER_THRESHOLD_BYTES / 1024 / 1024} MB or more)`,
        'auto',
      )
      .option('--batch <n>', 'lines sent to a worker at a time', '256')
      .option('--no-summary', 'no summary table on stderr at the end')
      .option('--no-progress', 'no progress bar (it is shown only when stderr is a terminal)')
      .option(
        '-c, --config <file>',
        "use this configuration file instead of looking for one from the archive's folder",
      ),
  )
    .addOption(new Option('--lang <lang>', 'language of the replies (default: detected per reply)').choices(LANGS))
    .addOption(new Option('--min-level <level>', 'lowest level that fails the run').choices(LEVELS).default('warning'))
    .option('--max-size <chars>', 'skip lines (replies) longer than this', String(DEFAULT_MAX_BYTES))
    .action(async (file: string, options: AuditOptions) => {
      process.exitCode = await auditCommand(file, options);
    });
}

function wholeNumber(value: string, option: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${option} takes a whole number`);
  return n;
}

// os, readline and worker_threads (the pool) are imported when an audit runs: a draft never needs them.
async function workerCount(option: string, size: number | undefined): Promise<number> {
  if (option !== 'auto') return wholeNumber(option, '--workers');
  const { availableParallelism, loadavg } = await import('node:os');
  return autoWorkers(size, availableParallelism(), loadavg()[0]!);
}

/**
 * `--workers auto`: one worker per core that is free (the cores less the 1-minute load average),
 * for a large input; none when fewer than two cores are free. On a busy machine, threads only
 * share the cores the other processes use, and each adds its own warm-up. At most two: each
 * worker holds its own rules and compiled patterns (45-95 MB measured: 2 workers peak at 290 MB
 * RSS on a million replies, 3 at 335 MB, 4 at 431 MB), and an audit stays under 300 MB unless
 * --workers asks for more.
 */
export const MAX_AUTO_WORKERS = 2;

export function autoWorkers(size: number | undefined, cores: number, load: number): number {
  const free = Math.min(MAX_AUTO_WORKERS, Math.round(cores - load));
  return size !== undefined && size >= WORKER_THRESHOLD_BYTES && free >= 2 ? free : 0;
}

function openInput(file: string): { input: NodeJS.ReadableStream; size?: number; bytesRead: () => number } {
  if (file === '-') return { input: process.stdin, bytesRead: () => 0 };
  let size: number;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) throw new UsageError(`${file}: is a directory (audit reads one JSONL file)`);
    // A device (/dev/zero) never ends; a named pipe (a process substitution) is a stream of lines.
    if (!stat.isFile() && !stat.isFIFO())
      throw new UsageError(`${file}: is not a file or a pipe (audit reads one JSONL file)`);
    size = stat.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${file}: ${describeFsError(error)}`);
  }
  const stream: ReadStream = createReadStream(file);
  return { input: stream, size, bytesRead: () => stream.bytesRead };
}

export async function auditCommand(file: string, options: AuditOptions): Promise<number> {
  if (!isLevel(options.minLevel)) throw new UsageError(`--min-level must be one of ${LEVELS.join(', ')}`);
  const batchSize = Math.max(1, wholeNumber(options.batch, '--batch'));
  // Configuration as for a reply file in the archive's folder (stdin: the current folder).
  const planner = new Planner({
    config: options.config,
    rulesDirs: options.rules,
    only: options.rule,
    disabled: options.disable,
    lang: options.lang as Lang | undefined,
  });
  const plan = planner.forFile(file === '-' ? undefined : file);
  const setup: AuditSetup = {
    fields: {
      id: options.idField,
      reply: options.replyField.length ? options.replyField : DEFAULT_FIELDS.reply,
      inReplyTo: options.inReplyToField,
      receivedAt: options.receivedField,
      sentAt: options.sentField,
    },
    ruleDirs: [...plan.config.rulesDirs, ...options.rules],
    levels: Object.fromEntries(plan.rules.map((r) => [`${r.lang}/${r.id}`, r.level])),
    settings: plan.settings,
    lang: plan.lang,
  };
  const maxChars = Number(options.maxSize);
  if (!(maxChars > 0)) throw new UsageError('--max-size takes a number of characters');
  const { input, size, bytesRead } = openInput(file);
  corpusRulesNotice(plan.rules, options.rule, plan.settings.mode);
  const workers = await workerCount(options.workers, size);
  const summary = new AuditSummary();
  const progress = options.progress ? Progress.forTerminal(size, bytesRead) : undefined;
  let worst: Level | undefined;
  const stdout = new StdoutSink();
  const output = new BatchedOutput(stdout);

  const tooLong = (line: number): LineOutcome => ({
    line,
    findings: [],
    linted: false,
    notices: [`longer than ${maxChars} characters (--max-size), skipped`],
  });
  const overlong = new Set<number>();
  const emit = (received: LineOutcome) => {
    const outcome = overlong.delete(received.line) ? tooLong(received.line) : received;
    summary.add(outcome);
    if (outcome.notices.length > 0) output.flush();
    for (const notice of outcome.notices)
      process.stderr.write(
        `${progress ? '\r\x1b[K' : ''}replylint: ${terminalSafeLine(file)}:${outcome.line}: ${terminalSafeLine(notice)}\n`,
      );
    if (outcome.output) output.write(`${outcome.output}\n`);
    for (const { level } of outcome.findings) if (!worst || levelRank(level) > levelRank(worst)) worst = level;
    progress?.update(summary.replies);
  };
  // Output waits for a slow reader (a pipe to less): memory stays bounded.
  // Stops the run when stdout failed (a full disk: exit 2) or its reader left (`| head`: the
  // exit code of what was found so far, since what was written was findings).
  const drained = async (): Promise<boolean> => {
    if (stdout.failure) throw stdout.failure;
    const stream = stdout.needsDrain;
    if (stream) await once(stream, 'drain');
    return !stdout.closed;
  };

  const WorkerPool = workers > 1 ? (await import('../audit/pool.js')).WorkerPool : undefined;
  // The lines of each chunk read come at once, and are linted without an await between them.
  const chunks = archiveLineBatches(input as AsyncIterable<Uint8Array>, maxChars);
  if (!WorkerPool) {
    const audit = createAuditor(setup, plan.ruleSet);
    reading: for await (const chunk of chunks) {
      for (const read of chunk) {
        emit('tooLong' in read ? tooLong(read.line) : audit(read.text, read.line));
        // As drained() says, after every line; waiting for a slow reader, after the chunk.
        if (stdout.failure) throw stdout.failure;
        if (stdout.closed) break reading;
      }
      if (!(await drained())) break;
    }
  } else {
    const pool = new WorkerPool(workers, setup, emit);
    let batch: [number, string][] = [];
    reading: for await (const chunk of chunks) {
      for (const read of chunk) {
        if ('tooLong' in read) overlong.add(read.line); // sent as a blank line, reported by emit
        batch.push([read.line, 'tooLong' in read ? '' : read.text]);
        if (batch.length < batchSize) continue;
        await pool.submit(batch);
        batch = [];
        if (!(await drained())) break reading;
      }
    }
    if (batch.length && !stdout.closed) await pool.submit(batch);
    await pool.finish();
  }
  output.flush();
  if (stdout.failure) throw stdout.failure;
  if (stdout.closed && 'destroy' in input) (input as ReadStream).destroy();
  progress?.clear();
  if (options.summary) process.stderr.write(summary.format());
  return worst !== undefined && levelRank(worst) >= levelRank(options.minLevel) ? 1 : 0;
}

/**
 * Corpus rules (canned-duplicate) compare the replies of a run with one another; an audit judges
 * each reply on its own, so they do not run. Said once when the user asked for one (by name, in
 * their own rules, or in template mode), so that "0 flagged" is not read as "no duplicates".
 */
function corpusRulesNotice(rules: readonly CompiledRule[], named: readonly string[], mode: string | undefined): void {
  const builtin = join(PACKAGE_ROOT, 'rules');
  const asked = rules.filter(
    (r) =>
      r.kind === 'corpus' &&
      (named.includes(r.id) || named.includes(r.family) || !r.file.startsWith(builtin) || mode === 'template'),
  );
  if (asked.length === 0) return;
  const ids = [...new Set(asked.map((r) => r.id))].join(', ');
  process.stderr.write(
    `replylint: audit does not run corpus rules (${terminalSafeLine(ids)}), which compare replies with one another: lint the replies as files (a folder or a collection) to run them\n`,
  );
}
