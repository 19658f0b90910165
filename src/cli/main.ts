import { Command, CommanderError, Option } from 'commander';
import { LEVELS } from '../diagnostics.js';
import { LANGS } from '../lang/detect.js';
import { FORMATS } from '../report/report.js';
import { RuleFileError, UsageError } from '../core/errors.js';
import { DEFAULT_MAX_BYTES, describeFsError } from '../sources/read.js';
import { FIXED_FORMAT, lintCommand, type LintOptions } from './lint-command.js';
import { explainCommand, rulesCommand } from './rules-command.js';
import { signalsCommand, type SignalsOptions } from './signals-command.js';
import { registerAuditCommand } from './audit-command.js';
import { printConfigCommand, type PrintConfigOptions } from './print-config-command.js';
import { onStdoutCreated } from './stdio.js';
import { terminalSafeLine } from '../report/terminal-safe.js';
import { registerServeCommand } from '../serve/command.js';
import { registerLspCommand } from '../lsp/command.js';
import { initCommand } from './init-command.js';
import { packageVersion } from '../core/package.js';
import { ConfigErrors } from '../config/errors.js';
import { collect, withRuleSelection } from '../core/command-options.js';

/**
 * The command line: options in, exit code out. The default command lints; each other command
 * (rules, explain, ...) lives in its own module and is registered here.
 */

/** The subcommands' names (and help's): an argument list with none of them runs the default command. */
const SUBCOMMANDS = new Set(['rules', 'explain', 'signals', 'audit', 'serve', 'lsp', 'init', 'print-config', 'help']);

/**
 * Whether the run may need the subcommands: building them all (a few dozen options) is a
 * millisecond or two of every pre-send check, which uses none. Any argument that names one,
 * or asks for help, builds the full program, as before; without one, commander would run the
 * default command with the same options and operands either way.
 */
export function needsSubcommands(args: readonly string[]): boolean {
  return args.some((arg) => SUBCOMMANDS.has(arg) || arg === '-h' || arg === '--help');
}

export function buildProgram(withSubcommands = true): Command {
  const program = withRuleSelection(
    new Command('replylint')
      .description('Lint the replies you send in public, before you send them.')
      .argument(
        '[files...]',
        'reply files or folders (.txt, .md, and .yml/.yaml/.json template collections); stdin when none',
      )
      .addOption(
        new Option('-f, --format <name>', "output format ('fixed': stdin's text with the safe fixes applied)")
          .choices([...Object.keys(FORMATS), FIXED_FORMAT])
          .default('stylish'),
      )
      .option('--in-reply-to <file>', "the message being answered ('-' for stdin)")
      .addOption(new Option('--context <file>', 'same as --in-reply-to').hideHelp()),
  )
    .addOption(new Option('--min-level <level>', 'lowest level that fails the run').choices(LEVELS).default('warning'))
    .option('--max-warnings <n>', 'fail only when there are more than n warnings (errors always fail)')
    .addOption(new Option('--lang <lang>', 'language of the replies (default: detected)').choices(LANGS))
    .option('--color', 'colour the report even when stdout is not a terminal')
    .option('--no-color', 'plain output (NO_COLOR is honoured too)')
    .option('-q, --quiet', 'report errors only (warnings and suggestions neither print nor fail the run)')
    .option('--now <time>', 'the time the replies are sent, ISO 8601 (default: the current time)')
    .option(
      '--stdin-filename <path>',
      "stdin's file name: its format (by extension) and the configuration of that path apply",
    )
    .option(
      '--ignore-path <file>',
      'read ignore patterns (gitignore syntax) from this file instead of .replylintignore',
    )
    .option(
      '--ignore-pattern <pattern>',
      'do not lint files matching this pattern (gitignore syntax; repeatable)',
      collect,
      [],
    )
    .option('--no-ignore', 'lint ignored files too (no .replylintignore, --ignore-pattern or configuration ignore:)')
    .option('--max-size <bytes>', 'skip input files larger than this', String(DEFAULT_MAX_BYTES))
    .option('--fix', 'apply safe fixes (one-replacement substitutions) to the files, atomically')
    .option('--fix-dry-run', 'print the fixes as a unified diff; write nothing')
    .option('-c, --config <file>', 'use this configuration file instead of looking for one')
    .option('-o, --output <file>', 'write the report to this file instead of stdout')
    .addOption(
      new Option('--mode <mode>', 'draft: placeholders are errors; template: expected (default: by input)').choices([
        'draft',
        'template',
      ]),
    )
    .option('--body-field <name>', 'field holding the reply in YAML/JSON collections (repeatable)', collect, [])
    .option('--id-field <name>', 'field naming a template in YAML/JSON collections (repeatable)', collect, [])
    .option('-V, --version', 'print the version')
    .enablePositionalOptions()
    // Like ESLint: a short error (with commander's "did you mean"), not the whole help.
    .showHelpAfterError('(replylint --help lists the options)')
    .exitOverride()
    .action(async (files: string[], options: LintOptions & { context?: string; version?: boolean }) => {
      if (options.version) return void process.stdout.write(`${packageVersion()}\n`);
      process.exitCode = await lintCommand(files, { ...options, inReplyTo: options.inReplyTo ?? options.context });
    });
  if (!withSubcommands) return program;
  program
    .command('rules')
    .description('list every rule, grouped by tip')
    .addOption(new Option('-f, --format <name>', 'output format').choices(['text', 'json']).default('text'))
    .option('--rules <dir>', 'also list the rules in this folder (repeatable)', collect, [])
    .action((options: { rules: string[]; format: string }) => {
      process.exitCode = rulesCommand(options);
    });
  program
    .command('explain')
    .description('explain a rule: its tip, why it matters, a flagged and a clean example')
    .argument('<rule>', 'rule id, e.g. deletion-threat')
    .addOption(new Option('--lang <lang>', 'language of the examples').choices(LANGS))
    .option('--rules <dir>', 'a folder of your own rules (repeatable)', collect, [])
    .action((rule: string, options: { rules: string[]; lang?: string }) => {
      process.exitCode = explainCommand(rule, options);
    });
  program
    .command('signals')
    .description(
      "show how a customer's message is read: which signals hold, on which words, and the rules they turn on",
    )
    .argument('[file]', 'the message (stdin when none)')
    .addOption(new Option('--lang <lang>', 'language of the message (default: detected)').choices(LANGS))
    .addOption(new Option('-f, --format <name>', 'output format').choices(['text', 'json']).default('text'))
    .option('--rules <dir>', 'a folder of your own rules and signals (repeatable)', collect, [])
    .action((file: string | undefined, options: SignalsOptions) => {
      process.exitCode = signalsCommand(file, options);
    });
  registerAuditCommand(program);
  registerServeCommand(program);
  registerLspCommand(program);
  program
    .command('init')
    .description('write a commented .replylintrc.yml for the team (brand, voice, response target, vocabulary)')
    .option('--force', 'overwrite an existing .replylintrc.yml')
    .action((options: { force?: boolean }) => {
      process.exitCode = initCommand(options);
    });
  program
    .command('print-config')
    .description('print the resolved configuration for a file, as JSON')
    .argument('<file>', 'the reply file (need not exist)')
    .option('-c, --config <file>', 'use this configuration file instead of looking for one')
    .option('--rules <dir>', 'a folder of your own rules (repeatable)', collect, [])
    .action((file: string, options: PrintConfigOptions) => {
      process.exitCode = printConfigCommand(file, options);
    });
  return program;
}

/** Runs the CLI; returns the exit code instead of exiting, so that output is flushed. */
export async function main(argv: string[]): Promise<number> {
  // A closed pipe (`replylint ... | head`) ends the output, not the process with a stack trace.
  // Any other write error (a full disk, /dev/full) is said, and fails the run: never exit 0 silently.
  onStdoutCreated((stdout) =>
    stdout.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      process.stderr.write(`replylint: could not write to stdout: ${describeFsError(error)}\n`);
      process.exit(2);
    }),
  );
  const program = buildProgram(needsSubcommands(argv.slice(2)));
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof ConfigErrors) {
      for (const each of error.errors) process.stderr.write(`replylint: ${terminalSafeLine(each.message)}\n`);
      return 2;
    }
    if (error instanceof UsageError || error instanceof RuleFileError) {
      process.stderr.write(`replylint: ${terminalSafeLine(error.message)}\n`);
      return 2;
    }
    // A user sees one line; the stack is for bug reports (REPLYLINT_DEBUG=1).
    const detail = process.env.REPLYLINT_DEBUG
      ? ((error as Error).stack ?? String(error))
      : ((error as Error).message ?? String(error));
    process.stderr.write(
      `replylint: internal error: ${detail} (please report it; REPLYLINT_DEBUG=1 shows the stack)\n`,
    );
    return 2;
  }
}
